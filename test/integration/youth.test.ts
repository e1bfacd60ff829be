import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { loadConfig, startServer, type RunningServer } from '../../src/server/index.js';
import { youthSchemas } from '../../src/server/youth/schemas.js';
import type { Notifier, SignInCodeMessage } from '../../src/server/youth/notifier.js';
import { createApiKey, createTenant } from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const MINUTE = 60_000;
// Monday 2 March 2026, 10:00 in Shanghai: no curfew, not a game day.
const MONDAY_10AM = Date.parse('2026-03-02T02:00:00Z');

function code(answer: Answer): unknown {
  return (answer.body['error'] as { code?: unknown } | undefined)?.code;
}

function decisionOf(answer: Answer): { outcome: string; rule: string; remainingSeconds?: number; layer: string } {
  return answer.body['decision'] as { outcome: string; rule: string; remainingSeconds?: number; layer: string };
}

/** A real receiver for webhook events on loopback. */
async function startReceiver(): Promise<{
  url: string;
  events: { type: string; data: Record<string, unknown> }[];
  close(): Promise<void>;
}> {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      events.push(JSON.parse(body) as { type: string; data: Record<string, unknown> });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    events,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describeEachDialect('youth mode and guardians over HTTP', (dialect) => {
  let database: FreshDatabase;
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let now = MONDAY_10AM;
  let youthKey = '';
  let adminKey = '';
  let otherKey = '';
  const codes: SignInCodeMessage[] = [];
  const notifier: Notifier = {
    kind: 'log',
    sendSignInCode(message) {
      codes.push(message);
      return Promise.resolve();
    },
    sendAlert: () => Promise.resolve(),
  };

  const call = async (
    path: string,
    options: { method?: string; key?: string; token?: string; body?: unknown } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const bearer = options.token ?? options.key;
    if (bearer !== undefined) headers['authorization'] = `Bearer ${bearer}`;
    const response = await fetch(`${server.url}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const youth = (path: string, body?: unknown, method?: string) =>
    call(`/v1/youth${path}`, { key: youthKey, body, ...(method === undefined ? {} : { method }) });
  const heartbeat = (ref: string, eventId: string, extra: Record<string, unknown> = {}) =>
    youth(`/minors/${ref}/heartbeats`, {
      eventId,
      deviceId: 'phone',
      occurredAt: new Date(now).toISOString(),
      seconds: 60,
      ...extra,
    });
  const newMinor = async (ref: string, birthDate = '2013-05-01'): Promise<string> => {
    const created = await youth(`/minors/${ref}`, { birthDate }, 'PUT');
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return (created.body['minor'] as { id: string }).id;
  };
  const signUp = async (identifier: string): Promise<string> => {
    const account = await call('/v1/guardian/accounts', {
      body: { identifier, password: 'correct horse battery', displayName: '妈妈' },
    });
    assert.equal(account.status, 201, JSON.stringify(account.body));
    const session = await call('/v1/guardian/sessions', { body: { identifier, password: 'correct horse battery' } });
    assert.equal(session.status, 201);
    youthSchemas.session.parse(session.body);
    return session.body['token'] as string;
  };
  const bind = async (ref: string, token: string): Promise<Answer> => {
    const issued = await youth(`/minors/${ref}/binding-codes`, {});
    assert.equal(issued.status, 201);
    return call('/v1/guardian/bindings', { token, body: { code: issued.body['code'] } });
  };
  const useUp = async (ref: string, minutes: number): Promise<void> => {
    for (let i = 0; i < minutes; i++) await heartbeat(ref, `${ref}-use-${now}-${i}`);
  };

  before(async () => {
    database = dialect.fresh();
    const config = loadConfig({
      ...database.env,
      PORT: '0',
      LOG_LEVEL: 'silent',
      WEBHOOK_POLL_SECONDS: '3600',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      RATE_LIMIT_PER_SECOND: '1000000',
      // The clock stands still here, so the per-address sign-in limit would never refill (its own test is below).
      GUARDIAN_AUTH_PER_HOUR: '1000000',
    });
    server = await startServer(config, { log: pino({ level: 'silent' }), clock: () => now, notifier });
    await createTenant(server.deps.store.db, { id: 'acme' }, now);
    await createTenant(server.deps.store.db, { id: 'beta' }, now);
    youthKey = (await createApiKey(server.deps.store.db, { tenantId: 'acme', scopes: ['youth'] }, now)).token;
    adminKey = (await createApiKey(server.deps.store.db, { tenantId: 'acme', scopes: ['admin', 'moderate'] }, now))
      .token;
    otherKey = (await createApiKey(server.deps.store.db, { tenantId: 'beta', scopes: ['youth'] }, now)).token;
    receiver = await startReceiver();
    const hook = await call('/v1/webhooks', { key: adminKey, body: { url: receiver.url, eventTypes: ['*'] } });
    assert.equal(hook.status, 201);
  });
  after(async () => {
    await server.close();
    await receiver.close();
    await database.drop();
  });

  test('a minor is registered with a band from the birth date, and only its own tenant sees it', async () => {
    const created = await youth('/minors/kid-a', { birthDate: '2013-05-01', birthDateVerified: true }, 'PUT');
    assert.equal(created.status, 201);
    youthSchemas.minorOverview.parse(created.body);
    const minor = created.body['minor'] as { band: string; youthMode: boolean };
    assert.equal(minor.band, 'age_12_16');
    assert.equal(minor.youthMode, true);
    const again = await youth('/minors/kid-a', { birthDate: '2013-05-01' }, 'PUT');
    assert.equal(again.status, 200);
    assert.equal((await call('/v1/youth/minors/kid-a', { key: otherKey })).status, 404);
    const bad = await youth('/minors/kid-b', { birthDate: '2013-02-30' }, 'PUT');
    assert.equal(bad.status, 400);
    assert.equal(code(bad), 'validation_failed');
    const off = await youth('/minors/kid-a', { youthMode: false }, 'PUT');
    assert.equal(off.status, 400, 'leaving youth mode needs a guardian');
  });

  test('a birthday that crosses a band moves the minor at midnight in Shanghai, recorded in the audit trail', async () => {
    await newMinor('kid-birthday', '2010-03-03');
    assert.equal(((await youth('/minors/kid-birthday')).body['minor'] as { band: string }).band, 'age_12_16');
    now = Date.parse('2026-03-02T16:00:00Z'); // 3 March 00:00 in Shanghai: sixteen today
    try {
      assert.equal(((await youth('/minors/kid-birthday')).body['minor'] as { band: string }).band, 'age_16_18');
      const audit = await youth('/minors/kid-birthday/audit');
      youthSchemas.auditList.parse(audit.body);
      const events = audit.body['events'] as {
        action: string;
        actorType: string;
        oldValue: unknown;
        newValue: unknown;
      }[];
      assert.deepEqual(
        events.find((e) => e.action === 'band.change'),
        {
          ...events.find((e) => e.action === 'band.change')!,
          actorType: 'system',
          oldValue: 'age_12_16',
          newValue: 'age_16_18',
        },
      );
    } finally {
      now = MONDAY_10AM;
    }
  });

  test('heartbeats are idempotent by event id, tolerate out-of-order delivery and clamp untrusted times', async () => {
    await newMinor('kid-hb');
    const first = await heartbeat('kid-hb', 'e1');
    assert.equal(first.status, 200);
    youthSchemas.heartbeatResult.parse(first.body);
    assert.equal(decisionOf(first).outcome, 'allow');
    assert.equal((first.body['today'] as { usedSeconds: number }).usedSeconds, 60);
    const retry = await heartbeat('kid-hb', 'e1');
    assert.equal(retry.body['duplicate'], true);
    assert.equal((retry.body['today'] as { usedSeconds: number }).usedSeconds, 60, 'a retry counts nothing');

    const late = await heartbeat('kid-hb', 'e0', { occurredAt: new Date(now - 3 * MINUTE).toISOString() });
    assert.equal((late.body['counted'] as { creditedSeconds: number }).creditedSeconds, 60);
    assert.equal(
      (late.body['today'] as { usedSeconds: number }).usedSeconds,
      120,
      'an earlier heartbeat arriving late counts',
    );

    const future = await heartbeat('kid-hb', 'e2', { occurredAt: new Date(now + 86_400_000).toISOString() });
    const futureClamps = (future.body['counted'] as { clamps: { field: string; reason: string }[]; countedAt: string })
      .clamps;
    assert.deepEqual(
      futureClamps.map((c) => [c.field, c.reason]),
      [['at', 'future']],
    );
    assert.equal((future.body['counted'] as { countedAt: string }).countedAt, new Date(now).toISOString());
    const past = await heartbeat('kid-hb', 'e3', { occurredAt: '2020-01-01T00:00:00Z', seconds: 5000 });
    const pastCounted = past.body['counted'] as { clamps: { reason: string }[]; creditedSeconds: number };
    assert.deepEqual(
      pastCounted.clamps.map((c) => c.reason),
      ['far_past', 'too_long'],
    );
    assert.equal(pastCounted.creditedSeconds, 60);
    assert.equal((past.body['today'] as { usedSeconds: number }).usedSeconds, 240);
    const phoneCall = await heartbeat('kid-hb', 'e-call', { appKind: 'call' });
    assert.deepEqual(phoneCall.body['counted'], {
      ...(phoneCall.body['counted'] as object),
      creditedSeconds: 0,
      exempt: true,
    });
    assert.equal(
      (phoneCall.body['today'] as { usedSeconds: number }).usedSeconds,
      240,
      'a call is exempt from the total',
    );
    const malformed = await heartbeat('kid-hb', 'e4', { seconds: -5 });
    assert.equal(malformed.status, 400);
    assert.equal((await heartbeat('nobody', 'e5')).status, 404);
  });

  test('two devices sending at once never pass the 60-minute cap by more than one heartbeat', async () => {
    await newMinor('kid-race');
    const results: { device: string; outcome: string; used: number }[] = [];
    // Each device sends a minute's heartbeat, in parallel with the other, until it is told to stop.
    const device = async (name: string): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        const answer = await heartbeat('kid-race', `${name}-${i}`, { deviceId: name });
        assert.equal(answer.status, 200);
        const outcome = decisionOf(answer).outcome;
        results.push({ device: name, outcome, used: (answer.body['today'] as { usedSeconds: number }).usedSeconds });
        if (outcome === 'deny') return;
      }
    };
    await Promise.all([device('phone'), device('tablet'), device('phone-2'), device('tv')]);
    const total = ((await youth('/minors/kid-race')).body['today'] as { usedSeconds: number }).usedSeconds;
    assert.equal(total, results.length * 60, 'every heartbeat was counted exactly once: no lost update');
    const allowed = results.filter((r) => r.outcome === 'allow').length;
    assert.ok(allowed * 60 <= 3600, `allowed ${allowed} minutes`);
    assert.ok(allowed >= 59, `the cap was not cut short: ${allowed} minutes allowed`);
    assert.ok(total <= 3600 + 4 * 60, `used ${total} s: at most one heartbeat past the cap per device`);
    const denied = results.filter((r) => r.outcome === 'deny');
    assert.equal(denied.length, 4);
    assert.ok(denied.every((r) => r.used >= 3600));
    // The uses seen in the answers are all different: each heartbeat saw the one before it.
    assert.equal(new Set(results.map((r) => r.used)).size, results.length);
  });

  test('midnight in Shanghai starts a new day; a late heartbeat from before midnight counts to its own day', async () => {
    await newMinor('kid-night');
    now = Date.parse('2026-03-02T15:59:00Z'); // 23:59 in Shanghai
    try {
      const late = await heartbeat('kid-night', 'n1');
      assert.equal(decisionOf(late).rule, 'curfew');
      assert.equal((late.body['today'] as { dayKey: string }).dayKey, '2026-03-02');
      now = Date.parse('2026-03-02T16:00:30Z'); // 00:00:30 on 3 March
      const straggler = await heartbeat('kid-night', 'n2', { occurredAt: '2026-03-02T15:59:50Z' });
      assert.equal((straggler.body['counted'] as { dayKey: string }).dayKey, '2026-03-02');
      assert.deepEqual(straggler.body['today'], {
        dayKey: '2026-03-03',
        usedSeconds: 0,
        extraSeconds: 0,
        continuousSeconds: 0,
      });
      const fresh = await heartbeat('kid-night', 'n3');
      assert.equal((fresh.body['today'] as { usedSeconds: number }).usedSeconds, 60);
      assert.equal(decisionOf(fresh).rule, 'curfew', 'still curfew until 06:00');
    } finally {
      now = MONDAY_10AM;
    }
  });

  test('purchases: per-payment and monthly caps, idempotency keys, a new month, refund requests', async () => {
    await newMinor('kid-pay');
    const buy = (key: string, amountFen: number) =>
      youth('/minors/kid-pay/purchases', { idempotencyKey: key, amountFen, kind: 'game_topup' });
    const tooBig = await buy('p0', 5001);
    assert.equal(tooBig.status, 201);
    youthSchemas.purchaseResult.parse(tooBig.body);
    assert.equal((tooBig.body['purchase'] as { status: string }).status, 'denied');
    assert.equal((tooBig.body['purchase'] as { decision: { rule: string } }).decision.rule, 'game_topup');
    for (const key of ['p1', 'p2', 'p3', 'p4']) {
      assert.equal(((await buy(key, 5000)).body['purchase'] as { status: string }).status, 'completed');
    }
    const overMonth = await buy('p5', 100);
    assert.equal((overMonth.body['purchase'] as { status: string }).status, 'denied', '200 CNY a month reached');
    const retried = await buy('p1', 5000);
    assert.equal(retried.status, 200);
    assert.equal(retried.body['duplicate'], true);
    const reused = await buy('p1', 4000);
    assert.equal(reused.status, 409);
    assert.equal(code(reused), 'conflict');
    const ledger = await youth('/minors/kid-pay/purchases');
    assert.equal((ledger.body['purchases'] as unknown[]).length, 6);
    now = Date.parse('2026-03-31T16:00:00Z'); // 1 April in Shanghai
    try {
      assert.equal(((await buy('p6', 5000)).body['purchase'] as { status: string }).status, 'completed');
    } finally {
      now = MONDAY_10AM;
    }
    const p1 = (retried.body['purchase'] as { id: string }).id;
    const refund = await youth(`/minors/kid-pay/purchases/${p1}/refund-requests`, { reason: '孩子未经同意充值' });
    assert.equal(refund.status, 201);
    youthSchemas.refundRequest.parse(refund.body);
    assert.equal((await youth(`/minors/kid-pay/purchases/${p1}/refund-requests`, { reason: 'again' })).status, 409);
    const refunds = await youth('/minors/kid-pay/refund-requests');
    youthSchemas.refundRequestList.parse(refunds.body);
    assert.deepEqual(
      (refunds.body['refundRequests'] as { purchaseId: string; reason: string }[]).map((r) => [r.purchaseId, r.reason]),
      [[p1, '孩子未经同意充值']],
    );
    const deniedId = (tooBig.body['purchase'] as { id: string }).id;
    assert.equal((await youth(`/minors/kid-pay/purchases/${deniedId}/refund-requests`, { reason: 'x' })).status, 409);
  });

  test('binding codes expire and work once; primary and secondary guardians; only the primary unbinds others', async () => {
    await newMinor('kid-bind');
    const mom = await signUp('13800000001');
    const dad = await signUp('dad@example.com');
    const issued = await youth('/minors/kid-bind/binding-codes', {});
    youthSchemas.bindingCode.parse(issued.body);
    assert.match(issued.body['url'] as string, /\/guardian\/bind\?code=/);
    const first = await call('/v1/guardian/bindings', { token: mom, body: { code: issued.body['code'] } });
    assert.equal(first.status, 201);
    assert.equal(first.body['role'], 'primary');
    const minorId = (first.body['minor'] as { id: string }).id;
    const reused = await call('/v1/guardian/bindings', { token: dad, body: { code: issued.body['code'] } });
    assert.equal(reused.status, 409);
    assert.equal((reused.body['error'] as { details: { message: string }[] }).details[0]?.message, 'code_used');

    const short = await youth('/minors/kid-bind/binding-codes', { ttlSeconds: 60 });
    now += 61_000;
    try {
      const expired = await call('/v1/guardian/bindings', { token: dad, body: { code: short.body['code'] } });
      assert.equal(expired.status, 409);
      assert.equal((expired.body['error'] as { details: { message: string }[] }).details[0]?.message, 'code_expired');
    } finally {
      now = MONDAY_10AM;
    }
    assert.equal((await call('/v1/guardian/bindings', { token: dad, body: { code: 'nosuchcode' } })).status, 404);
    const second = await bind('kid-bind', dad);
    assert.equal(second.body['role'], 'secondary');
    const guardians = await call(`/v1/guardian/minors/${minorId}/guardians`, { token: dad });
    const list = guardians.body['guardians'] as { guardianId: string; role: string }[];
    assert.deepEqual(
      list.map((g) => g.role),
      ['primary', 'secondary'],
    );
    const forbidden = await call(`/v1/guardian/minors/${minorId}/guardians/${list[0]!.guardianId}`, {
      token: dad,
      method: 'DELETE',
    });
    assert.equal(forbidden.status, 403);
    const removed = await call(`/v1/guardian/minors/${minorId}/guardians/${list[1]!.guardianId}`, {
      token: mom,
      method: 'DELETE',
    });
    assert.equal(removed.status, 200);
    assert.equal((await call(`/v1/guardian/minors/${minorId}/settings`, { token: dad })).status, 404);
    assert.equal(((await call('/v1/guardian/minors', { token: mom })).body['minors'] as unknown[]).length, 1);
  });

  test('guardian settings stay within legal bounds, take effect, and every change is audited old → new', async () => {
    await newMinor('kid-set');
    const mom = await signUp('13800000002');
    const minorId = ((await bind('kid-set', mom)).body['minor'] as { id: string }).id;
    const looser = await call(`/v1/guardian/minors/${minorId}/settings`, {
      token: mom,
      method: 'PUT',
      body: { features: { tipping: 'allow' } },
    });
    assert.equal(looser.status, 422);
    assert.equal(code(looser), 'guardian_setting_out_of_bounds');
    assert.equal((looser.body['error'] as { details: { rule?: string }[] }).details[0]?.rule, 'live_tipping');
    const shorterCurfew = await call(`/v1/guardian/minors/${minorId}/settings`, {
      token: mom,
      method: 'PUT',
      body: { curfew: { start: '23:00', end: '06:00' } },
    });
    assert.equal(shorterCurfew.status, 422);
    const ok = await call(`/v1/guardian/minors/${minorId}/settings`, {
      token: mom,
      method: 'PUT',
      body: { dailyLimitMinutes: 30 },
    });
    assert.equal(ok.status, 200);
    youthSchemas.settingsView.parse(ok.body);
    assert.deepEqual(ok.body['settings'], { dailyLimitMinutes: 30 });
    const effective = ok.body['effective'] as { dailyLimitSeconds: { value: number; layer: string } };
    assert.deepEqual([effective.dailyLimitSeconds.value, effective.dailyLimitSeconds.layer], [1800, 'guardian']);
    const defaults = ok.body['defaults'] as { dailyLimitSeconds: { value: number; layer: string } };
    assert.equal(defaults.dailyLimitSeconds.value, 3600);
    await useUp('kid-set', 30);
    const capped = await heartbeat('kid-set', 'after-30');
    assert.deepEqual([decisionOf(capped).outcome, decisionOf(capped).layer], ['deny', 'guardian']);
    const audit = await call(`/v1/guardian/minors/${minorId}/audit`, { token: mom });
    const change = (
      audit.body['events'] as { action: string; actorType: string; oldValue: unknown; newValue: unknown }[]
    ).find((e) => e.action === 'settings.change');
    assert.deepEqual(change && { actorType: change.actorType, oldValue: change.oldValue, newValue: change.newValue }, {
      actorType: 'guardian',
      oldValue: {},
      newValue: { dailyLimitMinutes: 30 },
    });
  });

  test('a tenant may make the policy stricter, never looser than the law', async () => {
    const looser = await youth('/policy', { dailyLimitMinutes: { age_12_16: 90 } }, 'PUT');
    assert.equal(looser.status, 422);
    assert.equal(code(looser), 'policy_looser_than_law');
    assert.equal((looser.body['error'] as { details: { rule?: string }[] }).details[0]?.rule, 'daily_total');
    const stricter = await call('/v1/youth/policy', {
      key: otherKey,
      method: 'PUT',
      body: { dailyLimitMinutes: { age_12_16: 45 } },
    });
    assert.equal(stricter.status, 200);
    assert.deepEqual((await call('/v1/youth/policy', { key: otherKey })).body, {
      dailyLimitMinutes: { age_12_16: 45 },
    });
    assert.deepEqual((await youth('/policy')).body, {}, 'another tenant is untouched');
  });

  test('a minor asks for more time, a guardian approves, the platform hears it and the next heartbeat is allowed', async () => {
    await newMinor('kid-ask');
    const mom = await signUp('13800000003');
    await bind('kid-ask', mom);
    await useUp('kid-ask', 60);
    assert.equal(decisionOf(await heartbeat('kid-ask', 'over')).rule, 'daily_total');
    const asked = await youth('/minors/kid-ask/requests', { kind: 'extra_time', minutes: 15 });
    assert.equal(asked.status, 201);
    youthSchemas.requestWithRef.parse(asked.body);
    const requestId = asked.body['id'] as string;
    const pending = await call('/v1/guardian/requests?status=pending', { token: mom });
    assert.deepEqual(
      (pending.body['requests'] as { id: string }[]).map((r) => r.id),
      [requestId],
    );
    const answered = await call(`/v1/guardian/requests/${requestId}`, {
      token: mom,
      body: { approve: true, note: '写完作业了' },
    });
    assert.equal(answered.status, 200);
    youthSchemas.requestOutcome.parse(answered.body);
    assert.equal(answered.body['grantedSeconds'], 900);
    const polled = await youth(`/requests/${requestId}`);
    assert.equal(polled.body['status'], 'approved');
    assert.equal(polled.body['minorRef'], 'kid-ask');
    const next = await heartbeat('kid-ask', 'after-approval');
    assert.equal(decisionOf(next).outcome, 'allow');
    assert.equal(decisionOf(next).remainingSeconds, 900 - 120);
    const twice = await call(`/v1/guardian/requests/${requestId}`, { token: mom, body: { approve: false } });
    assert.equal(twice.status, 409);
    await server.deps.webhooks.runOnce();
    const heard = receiver.events.find((e) => e.type === 'youth.request.answered' && e.data['requestId'] === requestId);
    assert.equal(heard?.data['status'], 'approved');
    assert.equal(heard?.data['minorRef'], 'kid-ask');
    const report = await call(
      `/v1/guardian/minors/${(pending.body['requests'] as { minorId: string }[])[0]!.minorId}/report`,
      {
        token: mom,
      },
    );
    youthSchemas.report.parse(report.body);
    const monday = (report.body['days'] as { dayKey: string; usedSeconds: number; extraSeconds: number }[])[0];
    assert.deepEqual(monday, { dayKey: '2026-03-02', usedSeconds: 62 * 60, extraSeconds: 900 });
    assert.deepEqual(
      (report.body['requests'] as { id: string; status: string }[]).map((r) => [r.id, r.status]),
      [[requestId, 'approved']],
    );
  });

  test('a purchase over the guardian threshold waits for approval and completes when approved', async () => {
    await newMinor('kid-gift');
    const mom = await signUp('13800000004');
    const minorId = ((await bind('kid-gift', mom)).body['minor'] as { id: string }).id;
    await call(`/v1/guardian/minors/${minorId}/settings`, {
      token: mom,
      method: 'PUT',
      body: { purchaseApprovalOverFen: 1000 },
    });
    const asked = await youth('/minors/kid-gift/purchases', {
      idempotencyKey: 'g1',
      amountFen: 3000,
      kind: 'game_topup',
    });
    assert.equal((asked.body['purchase'] as { status: string }).status, 'pending_approval');
    const request = asked.body['request'] as { id: string; kind: string };
    assert.equal(request.kind, 'purchase');
    const approved = await call(`/v1/guardian/requests/${request.id}`, { token: mom, body: { approve: true } });
    assert.equal((approved.body['purchase'] as { status: string }).status, 'completed');
    const ledger = await youth('/minors/kid-gift/purchases');
    assert.equal((ledger.body['purchases'] as { status: string }[])[0]?.status, 'completed');
  });

  test('lock now denies every heartbeat until unlocked; leaving youth mode needs a guardian-approved exit', async () => {
    await newMinor('kid-lock');
    const mom = await signUp('13800000005');
    const minorId = ((await bind('kid-lock', mom)).body['minor'] as { id: string }).id;
    assert.equal((await call(`/v1/guardian/minors/${minorId}/lock`, { token: mom, body: {} })).body['locked'], true);
    assert.equal(decisionOf(await heartbeat('kid-lock', 'l1')).rule, 'guardian_lock');
    await call(`/v1/guardian/minors/${minorId}/unlock`, { token: mom, body: {} });
    assert.equal(decisionOf(await heartbeat('kid-lock', 'l2')).outcome, 'allow');

    const exit = await youth('/minors/kid-lock/decisions', { kind: 'mode.exit' });
    youthSchemas.decisionResult.parse(exit.body);
    assert.equal(decisionOf(exit).outcome, 'needs_guardian');
    const asked = await youth('/minors/kid-lock/requests', { kind: 'mode_exit' });
    const exitPath = `/v1/guardian/requests/${asked.body['id'] as string}`;
    const unchecked = await call(exitPath, { token: mom, body: { approve: true } });
    assert.equal(unchecked.status, 403, 'approving an exit without the password again is refused');
    const wrong = await call(exitPath, { token: mom, body: { approve: true, password: 'not the password' } });
    assert.equal(wrong.status, 403);
    assert.equal((await youth('/minors/kid-lock')).body['minor'] !== undefined, true);
    const approved = await call(exitPath, { token: mom, body: { approve: true, password: 'correct horse battery' } });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const state = await youth('/minors/kid-lock');
    assert.equal((state.body['minor'] as { youthMode: boolean }).youthMode, false);
    const tipping = await youth('/minors/kid-lock/decisions', { kind: 'feature.use', feature: 'tipping' });
    assert.equal(decisionOf(tipping).outcome, 'deny', "the law's floor holds outside youth mode");
  });

  test('risk aimed at a bound minor raises an alert in the inbox and a guardian.alert webhook', async () => {
    await newMinor('kid-alert');
    const mom = await signUp('13800000006');
    await bind('kid-alert', mom);
    const moderated = await call('/v1/moderate', {
      key: adminKey,
      body: {
        text: '加我微信 abc12345678 私聊，别告诉你爸妈',
        targetRef: 'kid-alert',
        ageBand: 'age_12_16',
        surface: 'chat',
      },
    });
    assert.equal(moderated.status, 200);
    assert.equal(moderated.body['flagged'], true, JSON.stringify(moderated.body));
    const alerts = await call('/v1/guardian/alerts?unread=true', { token: mom });
    youthSchemas.alertList.parse(alerts.body);
    const [alert] = alerts.body['alerts'] as { id: string; minorRef: string; categories: string[] }[];
    assert.equal(alert?.minorRef, 'kid-alert');
    assert.ok(alert.categories.length > 0);
    await server.deps.webhooks.runOnce();
    assert.ok(receiver.events.some((e) => e.type === 'guardian.alert' && e.data['minorRef'] === 'kid-alert'));
    assert.equal((await call(`/v1/guardian/alerts/${alert.id}/read`, { token: mom, body: {} })).status, 200);
    assert.deepEqual((await call('/v1/guardian/alerts?unread=true', { token: mom })).body['alerts'], []);
    const benign = await call('/v1/moderate', {
      key: adminKey,
      body: { text: '今天天气很好', targetRef: 'kid-alert' },
    });
    assert.equal(benign.status, 200);
    assert.equal(((await call('/v1/guardian/alerts', { token: mom })).body['alerts'] as unknown[]).length, 1);
  });

  test('guardians sign in with a one-time code from the notifier; wrong codes and tokens are refused', async () => {
    await call('/v1/guardian/accounts', { body: { identifier: 'gran@example.com' } });
    const asked = await call('/v1/guardian/sign-in-codes', { body: { identifier: 'Gran@Example.com' } });
    assert.equal(asked.status, 202);
    const unknown = await call('/v1/guardian/sign-in-codes', { body: { identifier: 'nobody@example.com' } });
    assert.equal(unknown.status, 202, 'the same answer whether or not the account exists');
    const sent = codes.find((m) => m.identifier === 'gran@example.com');
    assert.ok(sent !== undefined && /^\d{6}$/.test(sent.code));
    assert.equal(codes.filter((m) => m.identifier === 'nobody@example.com').length, 0);
    const wrong = await call('/v1/guardian/sessions', {
      body: { identifier: 'gran@example.com', code: sent.code === '000000' ? '000001' : '000000' },
    });
    assert.equal(wrong.status, 401);
    const session = await call('/v1/guardian/sessions', { body: { identifier: 'gran@example.com', code: sent.code } });
    assert.equal(session.status, 201);
    const token = session.body['token'] as string;
    assert.equal((await call('/v1/guardian/me', { token })).status, 200);
    const reuse = await call('/v1/guardian/sessions', { body: { identifier: 'gran@example.com', code: sent.code } });
    assert.equal(reuse.status, 401, 'a code works once');
    assert.equal((await call('/v1/guardian/sessions/current', { token, method: 'DELETE' })).status, 200);
    assert.equal((await call('/v1/guardian/me', { token })).status, 401);
    assert.equal((await call('/v1/guardian/me', { token: youthKey })).status, 401);
    assert.equal((await call('/v1/guardian/minors', {})).status, 401);
  });
  test('a long heartbeat counts the time since the device last reported: 55 minutes and ten more at once is over', async () => {
    await newMinor('kid-long');
    await useUp('kid-long', 55);
    const start = now;
    try {
      now += 5 * 60_000;
      const cut = await heartbeat('kid-long', 'long-1', { seconds: 600, occurredAt: new Date(now).toISOString() });
      const counted = cut.body['counted'] as { creditedSeconds: number; clamps: { reason: string; used: number }[] };
      assert.equal(counted.creditedSeconds, 300, 'five minutes since the last report: five counted');
      assert.deepEqual(counted.clamps, [{ field: 'seconds', reason: 'too_long', received: 600, used: 300 }]);
      now += 10 * 60_000;
      const full = await heartbeat('kid-long', 'long-2', { seconds: 600, occurredAt: new Date(now).toISOString() });
      assert.equal((full.body['counted'] as { creditedSeconds: number }).creditedSeconds, 600);
      assert.equal(decisionOf(full).outcome, 'deny');
      assert.equal(decisionOf(full).rule, 'daily_total');
    } finally {
      now = start;
    }
  });

  test('turning a feature to "ask me first" withdraws the consent given before', async () => {
    const minorId = await newMinor('kid-host', '2009-01-01');
    const mom = await signUp('13800000011');
    await bind('kid-host', mom);
    const hosting = () => youth('/minors/kid-host/decisions', { kind: 'feature.use', feature: 'hosting' });
    assert.equal(decisionOf(await hosting()).outcome, 'needs_guardian');
    const asked = await youth('/minors/kid-host/requests', { kind: 'feature', feature: 'hosting' });
    const approved = await call(`/v1/guardian/requests/${asked.body['id'] as string}`, {
      token: mom,
      body: { approve: true },
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(decisionOf(await hosting()).outcome, 'allow');
    const settings = await call(`/v1/guardian/minors/${minorId}/settings`, {
      token: mom,
      method: 'PUT',
      body: { features: { hosting: 'needs_guardian' } },
    });
    assert.equal(settings.status, 200, JSON.stringify(settings.body));
    assert.equal(decisionOf(await hosting()).outcome, 'needs_guardian', 'asked again');
  });

  test('a consent the law forbids at 15 is refused, so it cannot take effect on the sixteenth birthday', async () => {
    await newMinor('kid-fifteen', '2010-03-03');
    const mom = await signUp('13800000012');
    await bind('kid-fifteen', mom);
    const asked = await youth('/minors/kid-fifteen/requests', { kind: 'feature', feature: 'hosting' });
    const answer = await call(`/v1/guardian/requests/${asked.body['id'] as string}`, {
      token: mom,
      body: { approve: true },
    });
    assert.equal(answer.status, 422);
    assert.equal(code(answer), 'guardian_setting_out_of_bounds');
    const start = now;
    try {
      now = Date.parse('2026-03-02T16:00:00Z'); // sixteen today
      const hosting = await youth('/minors/kid-fifteen/decisions', { kind: 'feature.use', feature: 'hosting' });
      assert.equal(decisionOf(hosting).outcome, 'needs_guardian');
    } finally {
      now = start;
    }
  });

  test('extra time stops where the day reaches 240 minutes, however many approvals', async () => {
    await newMinor('kid-more');
    const mom = await signUp('13800000013');
    await bind('kid-more', mom);
    const ask = async (minutes: 15 | 60): Promise<Answer> => {
      const asked = await youth('/minors/kid-more/requests', { kind: 'extra_time', minutes });
      return call(`/v1/guardian/requests/${asked.body['id'] as string}`, { token: mom, body: { approve: true } });
    };
    for (let i = 0; i < 3; i++) assert.equal((await ask(60)).body['grantedSeconds'], 3600);
    const over = await ask(15);
    assert.equal(over.status, 422);
    assert.equal(code(over), 'guardian_setting_out_of_bounds');
    const overview = await youth('/minors/kid-more');
    assert.equal((overview.body['today'] as { extraSeconds: number }).extraSeconds, 3 * 3600);
  });
  test('interaction controls: who sees, comments and reposts, blocking, and strangers’ messages (条例 Art 26)', async () => {
    const minorId = await newMinor('kid-social');
    const mom = await signUp('13800000014');
    await bind('kid-social', mom);
    const check = async (actorRef: string, relation: string, action: string): Promise<string> => {
      const answer = await youth('/minors/kid-social/interactions/check', { actorRef, relation, action });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      youthSchemas.decisionResult.parse(answer.body);
      return `${decisionOf(answer).outcome}:${decisionOf(answer).rule}`;
    };
    const initial = await youth('/minors/kid-social/interactions');
    youthSchemas.interactionsView.parse(initial.body);
    assert.deepEqual(
      Object.values(initial.body['effective'] as Record<string, { value: string }>).map((v) => v.value),
      ['friends', 'friends', 'nobody', 'everyone'],
    );
    assert.equal(await check('pal', 'friend', 'view_posts'), 'allow:interaction_audience');
    assert.equal(await check('pal', 'friend', 'message'), 'allow:interaction_audience');
    assert.equal(await check('fan', 'follower', 'view_posts'), 'deny:interaction_audience');
    assert.equal(await check('pal', 'friend', 'repost'), 'deny:interaction_audience');
    assert.equal(await check('anon', 'stranger', 'message'), 'deny:stranger_messages');

    // The guardian opens posts and reposts to followers; the minor then turns comments off.
    const opened = await call(`/v1/guardian/minors/${minorId}/settings`, {
      token: mom,
      method: 'PUT',
      body: { interactions: { posts: 'followers', reposts: 'followers' } },
    });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.equal(await check('fan', 'follower', 'view_posts'), 'allow:interaction_audience');
    const own = await youth('/minors/kid-social/interactions', { comments: 'nobody', posts: 'everyone' }, 'PUT');
    assert.equal(own.status, 200, JSON.stringify(own.body));
    const effective = own.body['effective'] as Record<string, { value: string; layer: string }>;
    assert.deepEqual(effective['comments'], { value: 'nobody', rule: 'interaction_audience', layer: 'minor' });
    assert.equal(effective['posts']?.value, 'followers', 'the minor cannot open more than the guardian did');
    assert.equal(await check('pal', 'friend', 'comment'), 'deny:interaction_audience');

    // Blocking: the blocked user can do nothing, not even as a friend; unblocking restores the rest.
    const blocked = await youth('/minors/kid-social/blocks', { userRef: 'pal' });
    assert.equal(blocked.status, 201);
    assert.equal(
      (await youth('/minors/kid-social/blocks', { userRef: 'pal' })).status,
      200,
      'blocking twice is one block',
    );
    assert.equal(await check('pal', 'friend', 'view_posts'), 'deny:interaction_block');
    assert.equal(await check('pal', 'friend', 'message'), 'deny:interaction_block');
    const list = await youth('/minors/kid-social/blocks');
    youthSchemas.blockList.parse(list.body);
    assert.deepEqual(
      (list.body['blocks'] as { userRef: string }[]).map((b) => b.userRef),
      ['pal'],
    );
    assert.equal((await youth('/minors/kid-social/blocks/pal', undefined, 'DELETE')).status, 200);
    assert.equal((await youth('/minors/kid-social/blocks/pal', undefined, 'DELETE')).status, 404);
    assert.equal(await check('pal', 'friend', 'view_posts'), 'allow:interaction_audience');

    const bad = await youth('/minors/kid-social/interactions', { posts: 'public' }, 'PUT');
    assert.equal(bad.status, 400);
    assert.equal((await call('/v1/youth/minors/kid-social/interactions', { key: otherKey })).status, 404);
    const audit = await youth('/minors/kid-social/audit');
    const actions = (audit.body['events'] as { action: string }[]).map((e) => e.action);
    for (const action of ['interactions.change', 'block', 'unblock']) assert.ok(actions.includes(action), action);
  });
});
