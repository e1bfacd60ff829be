import type { Logger } from 'pino';
import type { OutboxDispatcher } from '../outbox-dispatcher.js';
import type { JobQueue } from './job-queue.js';

/**
 * An outbox dispatcher whose wake-ups travel through the job queue: `wake()` publishes a job and whichever process takes it
 * (with NATS, any process of the deployment) sends what is due. The rows stay in the database, so a wake-up lost with
 * the broker costs at most a poll interval; when the broker refuses it, this process wakes its own dispatcher instead.
 */
export function queueOutboxWakeups(options: {
  readonly kind: 'webhooks' | 'notifications';
  readonly queue: JobQueue;
  readonly dispatcher: OutboxDispatcher;
  readonly log: Logger;
}): OutboxDispatcher {
  const { kind, queue, dispatcher, log } = options;
  queue.consume(kind, async () => {
    await dispatcher.runOnce();
  });
  return {
    wake() {
      queue.publish(kind, {}).catch((error: unknown) => {
        log.warn({ err: error, kind }, 'job queue refused a wake-up; this process sends what is due');
        dispatcher.wake();
      });
    },
    runOnce: () => dispatcher.runOnce(),
    stop: () => dispatcher.stop(),
  };
}
