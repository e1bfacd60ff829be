import { Hono } from 'hono';
import { z } from 'zod';
import {
  WEBHOOK_DELIVERY_STATUSES,
  createWebhook,
  disableWebhook,
  listWebhookDeliveries,
  listWebhooks,
  type Webhook,
  type WebhookDelivery,
} from '../store/index.js';
import type { AppEnv } from './app-env.js';
import type { ApiOperation } from './openapi.js';
import { readJson, validate } from './request-body.js';
import type { ServiceDeps } from './service-deps.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The webhook API's schemas; the handlers validate with them and the OpenAPI document is generated from them. */
export const webhookSchemas = (() => {
  const webhook = z.object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  });
  const webhookCreate = z.strictObject({
    url: z
      .string()
      .min(1)
      .max(2000)
      .meta({
        description:
          'http(s) URL that receives POSTs. Private, link-local, multicast and loopback addresses are refused when ' +
          'delivering (loopback is allowed when the operator sets WEBHOOK_ALLOW_LOOPBACK=true, for local development).',
      }),
    eventTypes: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(50)
      .meta({ description: 'Event types to receive, such as youth.request.answered or guardian.alert; * for all.' }),
  });
  const webhookCreated = z.object({
    webhook,
    secret: z.string().meta({ description: 'The signing secret, shown this once.' }),
  });
  const webhookList = z.object({ webhooks: z.array(webhook) });
  const deliveryQuery = z.strictObject({
    webhookId: z.string().max(100).optional(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
    eventType: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  });
  const delivery = z.object({
    id: z.string().meta({ description: 'Also the `id` of the body and the X-Qinglang-Delivery header.' }),
    webhookId: z.string(),
    eventType: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z
      .string()
      .nullable()
      .meta({ description: 'When it is tried again; null once delivered or failed.' }),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    payload: z.unknown().meta({ description: 'The body sent.' }),
  });
  const deliveryList = z.object({ deliveries: z.array(delivery) });
  return { webhook, webhookCreate, webhookCreated, webhookList, deliveryQuery, delivery, deliveryList };
})();

function webhookJson(w: Webhook): z.infer<typeof webhookSchemas.webhook> {
  return {
    id: w.id,
    url: w.url,
    eventTypes: [...w.eventTypes],
    createdAt: iso(w.createdAt),
    disabledAt: w.disabledAt === null ? null : iso(w.disabledAt),
  };
}

function deliveryJson(d: WebhookDelivery): z.infer<typeof webhookSchemas.delivery> {
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    lastError: d.lastError,
    createdAt: iso(d.createdAt),
    deliveredAt: d.deliveredAt === null ? null : iso(d.deliveredAt),
    payload: JSON.parse(d.payload) as unknown,
  };
}

const SIGNING =
  'Each delivery is a POST of JSON `{"id", "type", "tenantId", "createdAt", "data"}` with headers X-Qinglang-Event, ' +
  'X-Qinglang-Delivery (the id, stable across retries), X-Qinglang-Timestamp (Unix seconds) and X-Qinglang-Signature: ' +
  '`sha256=` + hex HMAC-SHA256(secret, timestamp + "." + body). Any 2xx answer is success; anything else is retried with ' +
  'exponential backoff (10 s, 20 s, 40 s … at most 6 h, 12 attempts).';

/** The webhook operations, for the OpenAPI document. */
export const WEBHOOK_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'post',
    path: '/v1/webhooks',
    summary: 'Register a webhook',
    description: `The signing secret is in this answer only. ${SIGNING}`,
    scopes: ['admin'],
    request: webhookSchemas.webhookCreate,
    response: webhookSchemas.webhookCreated,
    status: 201,
    errors: ['conflict'],
  },
  {
    method: 'get',
    path: '/v1/webhooks',
    summary: 'Webhooks',
    description: "The tenant's webhooks, disabled ones included; never the secrets.",
    scopes: ['admin'],
    response: webhookSchemas.webhookList,
    status: 200,
  },
  {
    method: 'delete',
    path: '/v1/webhooks/{id}',
    summary: 'Disable a webhook',
    description: 'Nothing more is queued for it and its pending deliveries are dropped.',
    scopes: ['admin'],
    response: webhookSchemas.webhook,
    status: 200,
    pathParams: ['id'],
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/v1/webhooks/deliveries',
    summary: 'Webhook deliveries',
    description: 'Recent deliveries, newest first, with attempts and the last error: for debugging a receiver.',
    scopes: ['admin'],
    query: webhookSchemas.deliveryQuery,
    response: webhookSchemas.deliveryList,
    status: 200,
  },
];

/** Routes under /v1 for registering webhooks and reading their deliveries. */
export function createWebhookRoutes(deps: ServiceDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const admin = deps.auth.require('admin');

  api.post('/webhooks', admin, async (c) => {
    const input = validate(webhookSchemas.webhookCreate, await readJson(c));
    const created = await createWebhook(
      deps.store.db,
      { tenantId: c.var.caller.tenant.id, url: input.url, eventTypes: input.eventTypes },
      deps.clock(),
    );
    return c.json({ webhook: webhookJson(created.webhook), secret: created.secret }, 201);
  });

  api.get('/webhooks', admin, async (c) => {
    const hooks = await listWebhooks(deps.store.db, c.var.caller.tenant.id);
    return c.json({ webhooks: hooks.map(webhookJson) });
  });

  api.get('/webhooks/deliveries', admin, async (c) => {
    const query = validate(webhookSchemas.deliveryQuery, c.req.query(), 'query');
    const deliveries = await listWebhookDeliveries(deps.store.db, { tenantId: c.var.caller.tenant.id, ...query });
    return c.json({ deliveries: deliveries.map(deliveryJson) });
  });

  api.delete('/webhooks/:id', admin, async (c) => {
    const hook = await disableWebhook(deps.store.db, c.var.caller.tenant.id, c.req.param('id'), deps.clock());
    return c.json(webhookJson(hook));
  });

  return api;
}
