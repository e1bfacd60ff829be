import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { createInProcessQueue } from './in-process-queue.js';
import { JOB_KINDS } from './job-queue.js';

const silent = pino({ level: 'silent' });

/** Resolves once `check` holds, looking after each turn of the event loop (bounded, so a bug fails instead of hanging). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(check(), 'the condition never held');
}

test('a job is handled once, after publish returns, with attempt 1', async () => {
  const queue = createInProcessQueue(silent);
  const seen: [unknown, number][] = [];
  queue.consume('webhooks', (data, { attempt }) => {
    seen.push([data, attempt]);
    return Promise.resolve();
  });
  await queue.publish('webhooks', { n: 1 });
  assert.deepEqual(seen, [], 'never inline');
  await until(() => seen.length === 1);
  assert.deepEqual(seen, [[{ n: 1 }, 1]]);
  await queue.close();
});

test('jobs published before a handler exists wait for it', async () => {
  const queue = createInProcessQueue(silent);
  await queue.publish('rerate', { tenantId: 'a', version: 1 });
  const seen: unknown[] = [];
  queue.consume('rerate', (data) => Promise.resolve(void seen.push(data)));
  await until(() => seen.length === 1);
  await queue.close();
});

test('a failing job is retried until the kind’s max deliveries, then dropped as a dead letter', async () => {
  const queue = createInProcessQueue(silent, { retryDelayMs: () => 0 });
  const attempts: number[] = [];
  queue.consume('retention', (_data, { attempt }) => {
    attempts.push(attempt);
    return Promise.reject(new Error('database down'));
  });
  await queue.publish('retention', {});
  await until(() => attempts.length === JOB_KINDS.retention.maxDeliver);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(attempts, [1, 2, 3], 'no attempt after the last');
  await queue.close();
});

test('a job that fails once succeeds on its second attempt', async () => {
  const queue = createInProcessQueue(silent, { retryDelayMs: () => 0 });
  const attempts: number[] = [];
  queue.consume('sweep', (_data, { attempt }) => {
    attempts.push(attempt);
    return attempt === 1 ? Promise.reject(new Error('worker thread died')) : Promise.resolve();
  });
  await queue.publish('sweep', { sweepId: 's', from: 0, to: 100 });
  await until(() => attempts.length === 2);
  assert.deepEqual(attempts, [1, 2]);
  await queue.close();
});

test('a second job with the same id is dropped', async () => {
  const queue = createInProcessQueue(silent);
  let handled = 0;
  queue.consume('retention', () => Promise.resolve(void handled++));
  await queue.publish('retention', {}, { id: 'retention-7' });
  await queue.publish('retention', {}, { id: 'retention-7' });
  await queue.publish('retention', {}, { id: 'retention-8' });
  await until(() => handled === 2);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(handled, 2);
  await queue.close();
});

test('no more than `concurrency` jobs of a kind run at once, and close() waits for them', async () => {
  const queue = createInProcessQueue(silent);
  let running = 0;
  let most = 0;
  let finished = 0;
  const releases: (() => void)[] = [];
  queue.consume(
    'sweep',
    async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      finished++;
    },
    { concurrency: 3 },
  );
  for (let i = 0; i < 10; i++) await queue.publish('sweep', { i });
  await until(() => running === 3);
  assert.equal(most, 3);
  const closed = queue.close();
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(isClosed, false, 'close waits for the jobs in hand');
  for (const release of releases.splice(0)) release();
  await closed;
  assert.equal(finished, 3, 'the jobs in hand finished; the waiting ones were not started');
  await assert.rejects(queue.publish('sweep', {}), /closed/);
});
