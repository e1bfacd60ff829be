export { JOB_KINDS, JOB_KIND_NAMES, jobRetryDelayMs } from './job-queue.js';
export type { DependencyHealth, JobContext, JobHandler, JobKind, JobQueue } from './job-queue.js';
export { createInProcessQueue } from './in-process-queue.js';
export { jetStreamNames, openJetStreamQueue } from './jetstream-queue.js';
export { natsHealth, openJobQueue } from './open-job-queue.js';
export { queueOutboxWakeups } from './queued-outbox.js';
export { purgeExpired, queuePoolRerate, startBackgroundJobs } from './background-jobs.js';
export type { BackgroundJobs, RerateJob } from './background-jobs.js';
