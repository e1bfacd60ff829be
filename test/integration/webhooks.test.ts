import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { loadConfig, startServer, webhookSchemas, type RunningServer } from '../../src/server/index.js';
import { createApiKey, createTenant, enqueueWebhookEvent, listWebhookDeliveries } from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A real HTTP receiver on loopback that answers each request with the next status in `statuses` (then 200). */
async function startReceiver(
  statuses: number[],
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function verify(secret: string, r: Received): boolean {
  const timestamp = String(r.headers['x-qinglang-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex')}`;
  const given = String(r.headers['x-qinglang-signature']);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describeEachDialect('webhooks', (dialect) => {
  let database: FreshDatabase;
  let server: RunningServer;
  let now = Date.parse('2026-03-02T02:00:00Z');
  let admin = '';
  let other = '';

  const call = async (path: string, options: { method?: string; key?: string; body?: unknown } = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key ?? admin}` },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    database = dialect.fresh();
    const config = loadConfig({
      ...database.env,
      PORT: '0',
      LOG_LEVEL: 'silent',
      WEBHOOK_POLL_SECONDS: '3600',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
    });
    server = await startServer(config, { log: pino({ level: 'silent' }), clock: () => now });
    await createTenant(server.deps.store.db, { id: 'acme' }, now);
    await createTenant(server.deps.store.db, { id: 'beta' }, now);
    admin = (await createApiKey(server.deps.store.db, { tenantId: 'acme', scopes: ['admin'] }, now)).token;
    other = (await createApiKey(server.deps.store.db, { tenantId: 'beta', scopes: ['admin'] }, now)).token;
  });
  after(async () => {
    await server.close();
    await database.drop();
  });

  test('an event is signed, retried after a 500 with backoff, and delivered once the receiver answers 2xx', async () => {
    const receiver = await startReceiver([500]);
    try {
      const created = await call('/v1/webhooks', { body: { url: receiver.url, eventTypes: ['test.ping'] } });
      assert.equal(created.status, 201);
      webhookSchemas.webhookCreated.parse(created.body);
      const secret = created.body['secret'] as string;
      assert.match(secret, /^whsec_/);
      const webhookId = (created.body['webhook'] as { id: string }).id;

      await server.deps.store.db.transaction().execute(async (trx) => {
        assert.equal(await enqueueWebhookEvent(trx, 'acme', 'test.ping', { hello: '世界' }, now), 1);
        assert.equal(await enqueueWebhookEvent(trx, 'acme', 'test.other', { ignored: true }, now), 0);
      });
      await server.deps.webhooks.runOnce();
      assert.equal(receiver.received.length, 1, 'the first attempt was made');
      const first = receiver.received[0]!;
      assert.equal(first.headers['x-qinglang-event'], 'test.ping');
      assert.ok(verify(secret, first), 'the signature is HMAC-SHA256(secret, timestamp.body)');
      assert.ok(!verify('whsec_wrong', first));
      const body = JSON.parse(first.body) as { id: string; type: string; tenantId: string; data: unknown };
      assert.deepEqual(
        { type: body.type, tenantId: body.tenantId, data: body.data },
        {
          type: 'test.ping',
          tenantId: 'acme',
          data: { hello: '世界' },
        },
      );
      assert.equal(first.headers['x-qinglang-delivery'], body.id);

      let listed = await call(`/v1/webhooks/deliveries?webhookId=${webhookId}`);
      webhookSchemas.deliveryList.parse(listed.body);
      let [delivery] = listed.body['deliveries'] as { status: string; attempts: number; lastError: string }[];
      assert.equal(delivery?.status, 'pending');
      assert.equal(delivery?.attempts, 1);
      assert.equal(delivery?.lastError, 'HTTP 500');

      await server.deps.webhooks.runOnce();
      assert.equal(receiver.received.length, 1, 'not retried before its backoff');
      now += 10_000;
      await server.deps.webhooks.runOnce();
      assert.equal(receiver.received.length, 2, 'retried after the backoff');
      const second = receiver.received[1]!;
      assert.equal(second.headers['x-qinglang-delivery'], body.id, 'the same delivery id on a retry');
      assert.ok(verify(secret, second));

      listed = await call(`/v1/webhooks/deliveries?webhookId=${webhookId}`);
      [delivery] = listed.body['deliveries'] as { status: string; attempts: number; lastError: string }[];
      assert.equal(delivery?.status, 'delivered');
      assert.equal(delivery?.attempts, 2);
      await server.deps.webhooks.runOnce();
      assert.equal(receiver.received.length, 2, 'never sent again once delivered');
      assert.equal((await call(`/v1/webhooks/${webhookId}`, { method: 'DELETE' })).status, 200);
    } finally {
      await receiver.close();
    }
  });

  test('an event queued in a transaction that rolls back is never sent', async () => {
    const receiver = await startReceiver([]);
    try {
      const created = await call('/v1/webhooks', { body: { url: receiver.url, eventTypes: ['*'] } });
      const webhookId = (created.body['webhook'] as { id: string }).id;
      await assert.rejects(
        server.deps.store.db.transaction().execute(async (trx) => {
          await enqueueWebhookEvent(trx, 'acme', 'test.rolled_back', {}, now);
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      await server.deps.webhooks.runOnce();
      assert.equal(receiver.received.length, 0);
      assert.equal((await listWebhookDeliveries(server.deps.store.db, { tenantId: 'acme', webhookId })).length, 0);
      await call(`/v1/webhooks/${webhookId}`, { method: 'DELETE' });
    } finally {
      await receiver.close();
    }
  });

  test('private addresses are refused at delivery time', async () => {
    const created = await call('/v1/webhooks', { body: { url: 'http://10.1.2.3/hook', eventTypes: ['test.ping'] } });
    assert.equal(created.status, 201);
    const webhookId = (created.body['webhook'] as { id: string }).id;
    await server.deps.store.db.transaction().execute((trx) => enqueueWebhookEvent(trx, 'acme', 'test.ping', {}, now));
    await server.deps.webhooks.runOnce();
    const [delivery] = await listWebhookDeliveries(server.deps.store.db, { tenantId: 'acme', webhookId });
    assert.equal(delivery?.status, 'pending');
    assert.match(delivery?.lastError ?? '', /blocked/);
    const disabled = await call(`/v1/webhooks/${webhookId}`, { method: 'DELETE' });
    assert.equal(disabled.status, 200);
    assert.notEqual(disabled.body['disabledAt'], null);
    const [dropped] = await listWebhookDeliveries(server.deps.store.db, { tenantId: 'acme', webhookId });
    assert.equal(dropped?.status, 'failed', 'disabling drops what was pending');
  });

  test('bad input gets coded errors; tenants see only their own webhooks and never a secret', async () => {
    const bad = await call('/v1/webhooks', { body: { url: 'ftp://example.com/x', eventTypes: ['Not An Event'] } });
    assert.equal(bad.status, 400);
    assert.equal((bad.body['error'] as { code: string }).code, 'validation_failed');
    const creds = await call('/v1/webhooks', { body: { url: 'https://u:p@example.com/', eventTypes: ['*'] } });
    assert.equal(creds.status, 400);
    const listed = await call('/v1/webhooks');
    assert.equal(listed.status, 200);
    webhookSchemas.webhookList.parse(listed.body);
    assert.ok(!JSON.stringify(listed.body).includes('whsec_'), 'no secret in the list');
    const theirs = await call('/v1/webhooks', { key: other });
    assert.deepEqual(theirs.body['webhooks'], []);
    const id = (listed.body['webhooks'] as { id: string }[])[0]!.id;
    const notTheirs = await call(`/v1/webhooks/${id}`, { method: 'DELETE', key: other });
    assert.equal(notTheirs.status, 404);
    const openapi = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    assert.ok(openapi.paths['/v1/webhooks'] !== undefined && openapi.paths['/v1/webhooks/deliveries'] !== undefined);
  });
});
