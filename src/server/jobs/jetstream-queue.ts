import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import {
  JOB_KINDS,
  errorText,
  jobRetryDelayMs,
  type DependencyHealth,
  type JobHandler,
  type JobKind,
  type JobQueue,
} from './job-queue.js';

const MS = 1_000_000; // nanoseconds, which JetStream's durations are in
const DUPLICATE_WINDOW_MS = 120_000;
const DEAD_LETTER_DAYS = 30;
/** How long one pull waits for a job before asking again (and noticing `close()`). */
const PULL_EXPIRES_MS = 2_000;

/** The names one deployment's jobs live under, from NATS_PREFIX: tests and tenants of one server keep apart by prefix. */
export function jetStreamNames(prefix: string) {
  return {
    stream: `${prefix}_jobs`,
    deadStream: `${prefix}_dead`,
    subject: (kind: JobKind) => `${prefix}.jobs.${kind}`,
    deadSubject: (kind: JobKind) => `${prefix}.dead.${kind}`,
    subjects: `${prefix}.jobs.>`,
    deadSubjects: `${prefix}.dead.>`,
  };
}

/**
 * Creates (or brings up to date) the job stream, its dead-letter stream and one durable pull consumer per kind. The job
 * stream is a work queue: a job is kept until one consumer acks it. Idempotent: every process runs it at start.
 */
async function ensureStreams(jsm: JetStreamManager, prefix: string): Promise<void> {
  const names = jetStreamNames(prefix);
  const streams = [
    {
      name: names.stream,
      subjects: [names.subjects],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: DUPLICATE_WINDOW_MS * MS,
    },
    {
      name: names.deadStream,
      subjects: [names.deadSubjects],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: DEAD_LETTER_DAYS * 86_400_000 * MS,
    },
  ];
  for (const config of streams) {
    const exists = await jsm.streams.info(config.name).then(
      () => true,
      () => false,
    );
    if (exists) await jsm.streams.update(config.name, { subjects: config.subjects });
    else await jsm.streams.add(config);
  }
  for (const [kind, policy] of Object.entries(JOB_KINDS) as [JobKind, (typeof JOB_KINDS)[JobKind]][]) {
    const config = {
      durable_name: kind,
      filter_subject: names.subject(kind),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: policy.ackWaitMs * MS,
      max_deliver: policy.maxDeliver,
      max_ack_pending: 10_000,
    };
    try {
      await jsm.consumers.add(names.stream, config);
    } catch {
      // An older start made it with other settings: bring those up to date.
      await jsm.consumers.update(names.stream, kind, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    }
  }
}

/**
 * Connects to NATS and returns the JetStream job queue. Jobs are JSON on `<prefix>.jobs.<kind>`; each kind has one durable
 * pull consumer that every process of the deployment shares, so a job goes to one process. A handler that finishes acks;
 * one that throws naks with a growing delay; a process that dies (or hangs past the ack wait; a live handler keeps its job
 * with `working()`) has its jobs redelivered to another. After a kind's `maxDeliver` attempts the job is copied to
 * `<prefix>.dead.<kind>` (kept 30 days, with the last error) and terminated. The connection reconnects forever.
 */
export async function openJetStreamQueue(options: {
  readonly url: string;
  readonly prefix: string;
  readonly log: Logger;
  /** The connection's name, as `nats-server` lists it. */
  readonly name: string;
}): Promise<JobQueue> {
  const { log, prefix } = options;
  const names = jetStreamNames(prefix);
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: options.url,
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
    });
  } catch (error) {
    throw new Error(`NATS_URL: cannot connect to ${options.url}: ${errorText(error)}`, { cause: error });
  }
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
    js = jetstream(nc);
    await ensureStreams(jsm, prefix);
  } catch (error) {
    await nc.close();
    throw new Error(`NATS_URL: JetStream is not available at ${options.url}: ${errorText(error)}`, { cause: error });
  }

  let closing = false;
  const loops = new Set<Promise<void>>();

  const handle = async (kind: JobKind, handler: JobHandler, message: JsMsg): Promise<void> => {
    const policy = JOB_KINDS[kind];
    const attempt = message.info.deliveryCount;
    // A handler still working tells the server so, well inside the ack wait, so a long sweep chunk is not handed to another.
    const keepAlive = setInterval(() => message.working(), Math.max(1000, policy.ackWaitMs / 3)).unref();
    try {
      let data: unknown;
      try {
        data = message.json();
      } catch (error) {
        throw new Error(`not JSON: ${errorText(error)}`, { cause: error });
      }
      await handler(data, { attempt });
      message.ack();
    } catch (error) {
      if (attempt >= policy.maxDeliver) {
        const h = headers();
        h.set('Qinglang-Error', errorText(error).slice(0, 500));
        h.set('Qinglang-Attempts', String(attempt));
        try {
          await js.publish(names.deadSubject(kind), message.data, { headers: h });
          message.term(errorText(error).slice(0, 200));
          log.error({ err: error, kind, attempts: attempt }, 'job failed for good; moved to the dead letters');
        } catch (deadError) {
          // Not terminated: the server redelivers it no more (max deliveries), and an operator finds it in the stream.
          log.error({ err: deadError, kind }, 'job failed for good and could not be moved to the dead letters');
        }
      } else {
        log.warn({ kind, attempt, error: errorText(error) }, 'job failed; redelivered later');
        message.nak(jobRetryDelayMs(attempt));
      }
    } finally {
      clearInterval(keepAlive);
    }
  };

  const pullLoop = async (kind: JobKind, consumer: Consumer, handler: JobHandler): Promise<void> => {
    while (!closing) {
      let message: JsMsg | null;
      try {
        message = await consumer.next({ expires: PULL_EXPIRES_MS });
      } catch (error) {
        if (closing) return;
        log.warn({ kind, error: errorText(error) }, 'job pull failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (message !== null) await handle(kind, handler, message);
    }
  };

  return {
    kind: 'jetstream',
    async publish(kind, data, publishOptions) {
      const ack = await js.publish(
        names.subject(kind),
        JSON.stringify(data),
        publishOptions?.id === undefined ? {} : { msgID: publishOptions.id },
      );
      if (ack.stream !== names.stream) throw new Error(`job landed in stream ${ack.stream}, not ${names.stream}`);
    },
    consume(kind, handler, consumeOptions) {
      const concurrency = consumeOptions?.concurrency ?? JOB_KINDS[kind].concurrency;
      const started = js.consumers
        .get(names.stream, kind)
        .then((consumer) =>
          Promise.all(Array.from({ length: concurrency }, () => pullLoop(kind, consumer, handler))).then(() => {}),
        );
      const loop = started.catch((error: unknown) => log.error({ err: error, kind }, 'job consumer stopped'));
      loops.add(loop);
    },
    async health(): Promise<DependencyHealth> {
      if (nc.isClosed()) return { name: 'nats', ok: false, detail: 'connection closed' };
      try {
        const info = await Promise.race([
          jsm.streams.info(names.stream),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref()),
        ]);
        return { name: 'nats', ok: true, detail: `stream ${names.stream}: ${info.state.messages} jobs waiting` };
      } catch (error) {
        return { name: 'nats', ok: false, detail: errorText(error) };
      }
    },
    async close() {
      closing = true;
      await Promise.all(loops);
      await nc.drain().catch(() => nc.close());
    },
  };
}
