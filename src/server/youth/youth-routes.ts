import { Hono } from 'hono';
import type { PolicyRequest, TenantPolicy } from '../../policy/index.js';
import {
  blockUser,
  checkInteraction,
  createRequest,
  decideForMinor,
  getMinorOverview,
  getRequest,
  getInteractions,
  getTenantPolicy,
  issueBindingCode,
  listAuditEvents,
  listBlocks,
  listPurchases,
  listRefundRequests,
  minorIdOf,
  putMinor,
  putTenantPolicy,
  recordHeartbeat,
  recordPurchase,
  requestRefund,
  setInteractionChoices,
  unblockUser,
  type Actor,
} from '../../store/index.js';
import type { AppEnv } from '../app-env.js';
import { readJson, validate } from '../request-body.js';
import type { ServiceDeps } from '../service-deps.js';
import { auditJson, iso, minorJson, purchaseJson, refundJson, requestJson } from './json.js';
import { youthSchemas as s } from './schemas.js';

/** The platform's youth-mode API under /v1/youth (API keys with the `youth` scope, one tenant each). */
export function createYouthRoutes(deps: ServiceDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const youth = deps.auth.require('youth');
  const db = deps.store.db;
  const actorOf = (c: { var: AppEnv['Variables'] }): Actor => ({ type: 'platform', id: c.var.caller.key.id });

  api.put('/youth/minors/:ref', youth, async (c) => {
    const input = validate(s.minorPut, await readJson(c));
    const now = deps.clock();
    const { minor, created } = await putMinor(
      db,
      { tenantId: c.var.caller.tenant.id, minorRef: c.req.param('ref'), ...input },
      actorOf(c),
      now,
    );
    const overview = await getMinorOverview(db, minor.id, now);
    return c.json(
      {
        minor: minorJson(overview.minor),
        today: overview.today,
        spentThisMonthFen: overview.spentThisMonthFen,
        policy: overview.policy as unknown as Record<string, unknown>,
      },
      created ? 201 : 200,
    );
  });

  api.get('/youth/minors/:ref', youth, async (c) => {
    const minorId = await minorIdOf(db, c.var.caller.tenant.id, c.req.param('ref'));
    const overview = await getMinorOverview(db, minorId, deps.clock());
    return c.json({
      minor: minorJson(overview.minor),
      today: overview.today,
      spentThisMonthFen: overview.spentThisMonthFen,
      policy: overview.policy as unknown as Record<string, unknown>,
    });
  });

  api.post('/youth/minors/:ref/heartbeats', youth, async (c) => {
    const input = validate(s.heartbeat, await readJson(c));
    const result = await recordHeartbeat(
      db,
      {
        tenantId: c.var.caller.tenant.id,
        minorRef: c.req.param('ref'),
        eventId: input.eventId,
        deviceId: input.deviceId,
        appId: input.appId,
        appKind: input.appKind,
        occurredAt: Date.parse(input.occurredAt),
        seconds: input.seconds,
      },
      deps.clock(),
    );
    return c.json(result);
  });

  api.post('/youth/minors/:ref/decisions', youth, async (c) => {
    const input = validate(s.decisionRequest, await readJson(c));
    const decision = await decideForMinor(
      db,
      { tenantId: c.var.caller.tenant.id, minorRef: c.req.param('ref'), request: input as PolicyRequest },
      deps.clock(),
    );
    return c.json({ decision });
  });

  api.post('/youth/minors/:ref/purchases', youth, async (c) => {
    const input = validate(s.purchaseCreate, await readJson(c));
    const result = await recordPurchase(
      db,
      { tenantId: c.var.caller.tenant.id, minorRef: c.req.param('ref'), ...input },
      deps.clock(),
    );
    if (result.request !== null) deps.webhooks.wake();
    return c.json(
      {
        purchase: purchaseJson(result.purchase),
        duplicate: result.duplicate,
        request: result.request === null ? null : requestJson(result.request),
      },
      result.duplicate ? 200 : 201,
    );
  });

  api.get('/youth/minors/:ref/purchases', youth, async (c) => {
    const minorId = await minorIdOf(db, c.var.caller.tenant.id, c.req.param('ref'));
    return c.json({ purchases: (await listPurchases(db, minorId)).map(purchaseJson) });
  });

  api.post('/youth/minors/:ref/purchases/:purchaseId/refund-requests', youth, async (c) => {
    const input = validate(s.refundCreate, await readJson(c));
    const refund = await requestRefund(
      db,
      {
        tenantId: c.var.caller.tenant.id,
        minorRef: c.req.param('ref'),
        purchaseId: c.req.param('purchaseId'),
        reason: input.reason,
      },
      deps.clock(),
    );
    return c.json(refundJson(refund), 201);
  });

  api.get('/youth/minors/:ref/refund-requests', youth, async (c) => {
    const minorId = await minorIdOf(db, c.var.caller.tenant.id, c.req.param('ref'));
    return c.json({ refundRequests: (await listRefundRequests(db, minorId)).map(refundJson) });
  });

  api.post('/youth/minors/:ref/binding-codes', youth, async (c) => {
    const input = validate(s.bindingCodeCreate, await readJson(c));
    const issued = await issueBindingCode(
      db,
      {
        tenantId: c.var.caller.tenant.id,
        minorRef: c.req.param('ref'),
        ttlMs: input.ttlSeconds === undefined ? undefined : input.ttlSeconds * 1000,
      },
      deps.clock(),
    );
    const url = `${deps.config.publicUrl}/guardian/bind?code=${encodeURIComponent(issued.code)}`;
    return c.json({ code: issued.code, url, expiresAt: iso(issued.expiresAt) }, 201);
  });

  api.post('/youth/minors/:ref/requests', youth, async (c) => {
    const input = validate(s.requestCreate, await readJson(c));
    const details: Record<string, unknown> = {};
    if (input.minutes !== undefined) details['minutes'] = input.minutes;
    if (input.feature !== undefined) details['feature'] = input.feature;
    if (input.appId !== undefined) details['appId'] = input.appId;
    const request = await createRequest(
      db,
      { tenantId: c.var.caller.tenant.id, minorRef: c.req.param('ref'), kind: input.kind, details },
      deps.clock(),
    );
    deps.webhooks.wake();
    return c.json({ ...requestJson(request), minorRef: c.req.param('ref') }, 201);
  });

  api.get('/youth/requests/:id', youth, async (c) => {
    const request = await getRequest(db, c.var.caller.tenant.id, c.req.param('id'), deps.clock());
    const minor = await getMinorOverview(db, request.minorId, deps.clock());
    return c.json({ ...requestJson(request), minorRef: minor.minor.minorRef });
  });

  api.get('/youth/minors/:ref/audit', youth, async (c) => {
    const query = validate(s.auditQuery, c.req.query(), 'query');
    const minorId = await minorIdOf(db, c.var.caller.tenant.id, c.req.param('ref'));
    const events = await listAuditEvents(db, {
      tenantId: c.var.caller.tenant.id,
      minorId,
      beforeId: query.before,
      limit: query.limit,
    });
    return c.json({ events: events.map(auditJson) });
  });

  api.get('/youth/policy', youth, async (c) => c.json(await getTenantPolicy(db, c.var.caller.tenant.id)));

  api.put('/youth/policy', youth, async (c) => {
    const input = validate(s.tenantPolicy, await readJson(c)) as TenantPolicy;
    const policy = await putTenantPolicy(db, c.var.caller.tenant.id, input, actorOf(c), deps.clock());
    return c.json(policy);
  });

  // Interaction controls (条例 Art 26): the minor's own choices and blocks, set by the platform for the minor.
  api.get('/youth/minors/:ref/interactions', youth, async (c) => {
    const view = await getInteractions(
      db,
      { tenantId: c.var.caller.tenant.id, minorRef: c.req.param('ref') },
      deps.clock(),
    );
    return c.json(view);
  });

  api.put('/youth/minors/:ref/interactions', youth, async (c) => {
    const choices = validate(s.interactionSettings, await readJson(c));
    const view = await setInteractionChoices(
      db,
      { tenantId: c.var.caller.tenant.id, minorRef: c.req.param('ref'), choices, actor: actorOf(c) },
      deps.clock(),
    );
    return c.json(view);
  });

  api.post('/youth/minors/:ref/interactions/check', youth, async (c) => {
    const input = validate(s.interactionCheck, await readJson(c));
    const decision = await checkInteraction(
      db,
      { tenantId: c.var.caller.tenant.id, minorRef: c.req.param('ref'), ...input },
      deps.clock(),
    );
    return c.json({ decision });
  });

  api.get('/youth/minors/:ref/blocks', youth, async (c) => {
    const blocks = await listBlocks(db, { tenantId: c.var.caller.tenant.id, minorRef: c.req.param('ref') });
    return c.json({ blocks: blocks.map((b) => ({ userRef: b.userRef, blockedAt: iso(b.blockedAt) })) });
  });

  api.post('/youth/minors/:ref/blocks', youth, async (c) => {
    const input = validate(s.blockCreate, await readJson(c));
    const blocked = await blockUser(
      db,
      { tenantId: c.var.caller.tenant.id, minorRef: c.req.param('ref'), userRef: input.userRef, actor: actorOf(c) },
      deps.clock(),
    );
    return c.json({ userRef: blocked.userRef, blockedAt: iso(blocked.blockedAt) }, blocked.created ? 201 : 200);
  });

  api.delete('/youth/minors/:ref/blocks/:userRef', youth, async (c) => {
    await unblockUser(
      db,
      {
        tenantId: c.var.caller.tenant.id,
        minorRef: c.req.param('ref'),
        userRef: c.req.param('userRef'),
        actor: actorOf(c),
      },
      deps.clock(),
    );
    return c.json({ ok: true });
  });

  return api;
}
