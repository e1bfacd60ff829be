import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import type { Authenticator } from './authenticate.js';
import type { Config } from './config.js';
import type { EngineRegistry } from './engine-registry.js';
import type { Limits } from './limits.js';
import type { Metrics } from './metrics.js';
import type { Peers } from './peers.js';
import type { HealthCheck } from './readiness.js';
import type { WebhookDispatcher } from './webhooks-dispatcher.js';
import type { OutboxDispatcher } from './outbox-dispatcher.js';
import type { JobQueue } from './jobs/index.js';
import type { Notifier } from './youth/notifier.js';

/** Everything the API and the console need, as one plain object. */
export interface ServiceDeps {
  readonly config: Config;
  readonly store: Store;
  readonly engines: EngineRegistry;
  readonly metrics: Metrics;
  readonly auth: Authenticator;
  /** Rate limits and sign-in throttles, shared by every process of the deployment when Redis is configured. */
  readonly limits: Limits;
  /** The other processes of the deployment: tell them of lexicon versions and revoked keys. */
  readonly peers: Peers;
  /** What /readyz asks: the database, Redis, the job queue — each dependency that is configured. */
  readonly health: HealthCheck[];
  readonly log: Logger;
  /** Sends queued webhook deliveries; wake it after committing a transaction that queued an event. */
  readonly webhooks: WebhookDispatcher;
  /** Sends guardians their one-time sign-in codes and (the `message` channel) their alerts. */
  readonly notifier: Notifier;
  /** Sends guardians' alert notifications; wake it after committing a transaction that raised alerts. */
  readonly notifications: OutboxDispatcher;
  /** Background jobs: NATS JetStream when NATS_URL is set, else in this process (see jobs/job-queue.ts). */
  readonly jobs: JobQueue;
  /** Milliseconds since the epoch; a fake in tests. */
  readonly clock: () => number;
  /** False while starting and once shutting down: /readyz answers 503 and new API calls are refused. */
  readonly state: { ready: boolean };
}
