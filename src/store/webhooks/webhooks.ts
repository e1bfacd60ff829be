import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import {
  OUTBOX_CLAIM_LEASE_MS,
  OUTBOX_RETRY,
  OUTBOX_STATUSES,
  claimDueIds,
  markOutboxDelivered,
  markOutboxFailed,
  outboxBackoffMs,
  type OutboxStatus,
} from '../outbox.js';
import { randomId, randomSecret } from '../random-token.js';
import type { Database, WebhookDeliveryRow, WebhookRow } from '../schema.js';

type Db = Kysely<Database>;

/** A webhook as its owner sees it: never the secret, which is shown once at creation. */
export interface Webhook {
  readonly id: string;
  readonly tenantId: string;
  readonly url: string;
  /** The event types delivered; `*` means every type. */
  readonly eventTypes: readonly string[];
  readonly createdAt: number;
  readonly disabledAt: number | null;
}

/** One event on its way to one webhook. */
export interface WebhookDelivery {
  readonly id: string;
  readonly tenantId: string;
  readonly webhookId: string;
  readonly eventType: string;
  /** The exact JSON body that is (or was) sent. */
  readonly payload: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly deliveredAt: number | null;
}

export const WEBHOOK_DELIVERY_STATUSES = OUTBOX_STATUSES;
export type WebhookDeliveryStatus = OutboxStatus;

/** A due delivery with what the dispatcher needs to send it. */
export interface ClaimedDelivery extends WebhookDelivery {
  readonly url: string;
  readonly secret: string;
}

/** Retry schedule of deliveries: the outbox's (see `OUTBOX_RETRY`). */
export const WEBHOOK_RETRY = OUTBOX_RETRY;

/** How long a claimed delivery is reserved for the dispatcher that claimed it before another may take it. */
export const WEBHOOK_CLAIM_LEASE_MS = OUTBOX_CLAIM_LEASE_MS;

const EVENT_TYPE = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+)$/;
const MAX_WEBHOOKS_PER_TENANT = 20;

/** The backoff after the given number of failed attempts (1 for the first failure). */
export const webhookBackoffMs = outboxBackoffMs;

function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    tenantId: row.tenantId,
    url: row.url,
    eventTypes: row.eventTypes.split(' ').filter((t) => t !== ''),
    createdAt: Number(row.createdAt),
    disabledAt: row.disabledAt === null ? null : Number(row.disabledAt),
  };
}

function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    tenantId: row.tenantId,
    webhookId: row.webhookId,
    eventType: row.eventType,
    payload: row.payload,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: Number(row.nextAttemptAt),
    lastError: row.lastError,
    createdAt: Number(row.createdAt),
    deliveredAt: row.deliveredAt === null ? null : Number(row.deliveredAt),
  };
}

/**
 * Checks a webhook URL's form: http or https, a host, no credentials, no fragment. Where it may point (private addresses) is
 * checked by the dispatcher at delivery time, against the address it actually connects to.
 */
export function checkWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('validation_failed', 'The webhook URL is not a valid URL.', [
      { path: 'url', message: 'url_invalid' },
    ]);
  }
  const problems: string[] = [];
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push('url_scheme');
  if (url.username !== '' || url.password !== '') problems.push('url_credentials');
  if (url.hash !== '') problems.push('url_fragment');
  if (text.length > 2000) problems.push('url_long');
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      'A webhook URL is http(s), without credentials or fragment, at most 2,000 characters.',
      problems.map((message) => ({ path: 'url', message })),
    );
  }
  return url;
}

/**
 * Registers a webhook for the tenant and returns it with its signing secret, which is shown this once.
 * `eventTypes` are dotted names (`youth.request.answered`) or `*`.
 */
export async function createWebhook(
  db: Db,
  input: { readonly tenantId: string; readonly url: string; readonly eventTypes: readonly string[] },
  now: number,
): Promise<{ readonly webhook: Webhook; readonly secret: string }> {
  checkWebhookUrl(input.url);
  const bad = input.eventTypes.filter((t) => !EVENT_TYPE.test(t));
  if (input.eventTypes.length === 0 || bad.length > 0) {
    throw new AppError(
      'validation_failed',
      'Event types are dotted names such as youth.request.answered, or * for all.',
      input.eventTypes.length === 0
        ? [{ path: 'eventTypes', message: 'empty' }]
        : bad.map((t) => ({ path: 'eventTypes', message: `not an event type: ${t}` })),
    );
  }
  const active = await db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenantId', '=', input.tenantId)
    .where('disabledAt', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(active.n) >= MAX_WEBHOOKS_PER_TENANT) {
    throw new AppError('conflict', `A tenant may have at most ${MAX_WEBHOOKS_PER_TENANT} active webhooks.`);
  }
  const secret = `whsec_${randomSecret(32)}`;
  const row: WebhookRow = {
    id: `wh_${randomId(16)}`,
    tenantId: input.tenantId,
    url: input.url,
    secret,
    eventTypes: [...new Set(input.eventTypes)].join(' '),
    createdAt: now,
    disabledAt: null,
  };
  await db.insertInto('webhooks').values(row).execute();
  return { webhook: toWebhook(row), secret };
}

/** The tenant's webhooks, newest first, disabled ones included. */
export async function listWebhooks(db: Db, tenantId: string): Promise<readonly Webhook[]> {
  const rows = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toWebhook);
}

/**
 * Disables a webhook of the tenant: nothing new is queued for it and its pending deliveries are dropped (marked failed).
 * Disabling twice keeps the first time; an unknown id is `not_found`.
 */
export async function disableWebhook(db: Db, tenantId: string, id: string, now: number): Promise<Webhook> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhooks')
      .set({ disabledAt: now })
      .where('id', '=', id)
      .where('tenantId', '=', tenantId)
      .where('disabledAt', 'is', null)
      .execute();
    const row = await trx
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', id)
      .where('tenantId', '=', tenantId)
      .executeTakeFirst();
    if (row === undefined) throw new AppError('not_found', `No webhook ${id}.`);
    await trx
      .updateTable('webhookDeliveries')
      .set({ status: 'failed', lastError: 'webhook disabled' })
      .where('webhookId', '=', id)
      .where('status', '=', 'pending')
      .execute();
    return toWebhook(row);
  });
}

/**
 * Queues an event for every active webhook of the tenant that subscribed to its type, and returns how many deliveries were
 * queued. Pass the transaction that makes the change the event reports: the event is then committed with the change, or not
 * at all. The body sent is `{"id", "type", "tenantId", "createdAt", "data"}`, with `id` the delivery id (stable across retries,
 * so a receiver can drop duplicates).
 */
export async function enqueueWebhookEvent(
  db: Db,
  tenantId: string,
  type: string,
  data: unknown,
  now: number,
): Promise<number> {
  if (!EVENT_TYPE.test(type) || type === '*') throw new Error(`not an event type: ${type}`);
  const hooks = await db
    .selectFrom('webhooks')
    .select(['id', 'eventTypes'])
    .where('tenantId', '=', tenantId)
    .where('disabledAt', 'is', null)
    .execute();
  const targets = hooks.filter((h) => h.eventTypes.split(' ').some((t) => t === '*' || t === type));
  if (targets.length === 0) return 0;
  const createdAt = new Date(now).toISOString();
  await db
    .insertInto('webhookDeliveries')
    .values(
      targets.map((hook) => {
        const id = randomUUID();
        return {
          id,
          tenantId,
          webhookId: hook.id,
          eventType: type,
          payload: JSON.stringify({ id, type, tenantId, createdAt, data }),
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          lastError: null,
          createdAt: now,
          deliveredAt: null,
        };
      }),
    )
    .execute();
  return targets.length;
}

/**
 * Takes up to `limit` due deliveries (oldest due first) and reserves them for `WEBHOOK_CLAIM_LEASE_MS`, counting the attempt,
 * so that two dispatchers (replicas) never send the same delivery at once (see `claimDueIds`).
 */
export async function claimDueDeliveries(
  db: Db,
  options: { readonly now: number; readonly limit: number },
): Promise<readonly ClaimedDelivery[]> {
  return db.transaction().execute(async (trx) => {
    const ids = await claimDueIds(trx, 'webhookDeliveries', options);
    if (ids.length === 0) return [];
    const rows = await trx
      .selectFrom('webhookDeliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhookId')
      .selectAll('d')
      .select(['w.url', 'w.secret'])
      .where('d.id', 'in', ids)
      .orderBy('d.nextAttemptAt')
      .orderBy('d.createdAt')
      .execute();
    return rows.map((row) => ({ ...toDelivery(row), url: row.url, secret: row.secret }));
  });
}

/** Records a successful delivery. */
export async function markDeliveryDelivered(db: Db, id: string, now: number): Promise<void> {
  await markOutboxDelivered(db, 'webhookDeliveries', id, now);
}

/**
 * Records a failed attempt: the delivery is retried after `webhookBackoffMs(attempts)`, or marked `failed` once it has had
 * `WEBHOOK_RETRY.maxAttempts` attempts. Returns the new state.
 */
export async function markDeliveryFailed(
  db: Db,
  id: string,
  error: string,
  now: number,
): Promise<{ readonly status: WebhookDeliveryStatus; readonly nextAttemptAt: number }> {
  return markOutboxFailed(db, 'webhookDeliveries', id, error, now);
}

/** The tenant's deliveries, newest first, for debugging a receiver. */
export async function listWebhookDeliveries(
  db: Db,
  query: {
    readonly tenantId: string;
    readonly webhookId?: string | undefined;
    readonly status?: WebhookDeliveryStatus | undefined;
    readonly eventType?: string | undefined;
    readonly limit?: number | undefined;
  },
): Promise<readonly WebhookDelivery[]> {
  let q = db.selectFrom('webhookDeliveries').selectAll().where('tenantId', '=', query.tenantId);
  if (query.webhookId !== undefined) q = q.where('webhookId', '=', query.webhookId);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.eventType !== undefined) q = q.where('eventType', '=', query.eventType);
  const rows = await q
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(query.limit ?? 100)
    .execute();
  return rows.map(toDelivery);
}
