import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { jetStreamNames } from '../../src/server/index.js';

/**
 * The NATS server of the integration suites (TEST_NATS_URL, else NATS_URL), or undefined: the suites are skipped (a failure
 * in CI). CI sets TEST_NATS_URL, so the servers other suites spawn with its environment keep their in-process queue.
 */
export function natsUrlOrSkip(name: string): string | undefined {
  const url = process.env['TEST_NATS_URL'] ?? process.env['NATS_URL'];
  if (url !== undefined && url !== '') return url;
  if (process.env['CI'] === 'true') {
    void test(`${name} [nats]`, () => {
      throw new Error('TEST_NATS_URL must be set in CI: the JetStream suites may not be skipped');
    });
  } else {
    void test(`${name} [nats]`, { skip: 'TEST_NATS_URL is not set' }, () => {});
  }
  return undefined;
}

/** A prefix of its own for one test run's streams and subjects, so runs never take each other's jobs. */
export function uniqueNatsPrefix(): string {
  return `it_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Deletes the streams of a prefix (the jobs and the dead letters), so test runs leave the server as they found it. */
export async function dropNatsStreams(url: string, prefix: string): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const names = jetStreamNames(prefix);
    for (const stream of [names.stream, names.deadStream]) await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** The job consumer of a kind as the server sees it: how many jobs it delivered and how many were acked. */
export async function consumerCounts(
  url: string,
  prefix: string,
  kind: string,
): Promise<{ readonly delivered: number; readonly acked: number; readonly pending: number }> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.consumers.info(jetStreamNames(prefix).stream, kind);
    return { delivered: info.delivered.stream_seq, acked: info.ack_floor.stream_seq, pending: info.num_pending };
  } finally {
    await nc.close();
  }
}
