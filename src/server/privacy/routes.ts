import { Hono } from 'hono';
import { AppError } from '../../lib/index.js';
import {
  CONSENT_PURPOSE_IDS,
  consentStatus,
  eraseMinor,
  exportMinor,
  isConsentPurpose,
  listRightsRequests,
  minorIdOf,
  requireConsent,
  withdrawConsent,
  type ConsentPurpose,
  type ConsentStatus,
  type ErasureReceipt,
} from '../../store/index.js';
import type { AppEnv } from '../app-env.js';
import type { ServiceDeps } from '../service-deps.js';

const iso = (ms: number): string => new Date(ms).toISOString();

function purposeOf(value: string): ConsentPurpose {
  if (!isConsentPurpose(value)) {
    throw new AppError('not_found', `No consent purpose ${value}.`, [
      { path: 'purpose', message: `one of ${CONSENT_PURPOSE_IDS.join(', ')}` },
    ]);
  }
  return value;
}

function consentJson(s: ConsentStatus) {
  return {
    purpose: s.purpose,
    required: s.required,
    granted: !s.required || s.current !== undefined,
    givenAt: s.current === undefined ? null : iso(s.current.grantedAt),
    givenBy: s.current?.guardianId ?? null,
    noticeVersion: s.current?.noticeVersion ?? null,
  };
}

/** A receipt as the API and the pages show it: times as ISO strings. */
export function receiptJson(r: ErasureReceipt) {
  return { ...r, receivedAt: iso(r.receivedAt), completedAt: iso(r.completedAt) };
}

/** Consents, export and erasure of a minor's data under /v1 (API keys with the `youth` scope: the platform for a guardian). */
export function createPrivacyRoutes(deps: ServiceDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const youth = deps.auth.require('youth');
  const db = deps.store.db;
  const by = (c: { var: AppEnv['Variables'] }) => ({ actor: `key:${c.var.caller.key.id}`, channel: 'api' as const });

  api.get('/youth/minors/:ref/consents', youth, async (c) => {
    const minorId = await minorIdOf(db, c.var.caller.tenant.id, c.req.param('ref'));
    const status = await consentStatus(db, minorId, deps.clock());
    return c.json({ consents: status.map(consentJson) });
  });

  api.get('/youth/minors/:ref/consents/:purpose', youth, async (c) => {
    const purpose = purposeOf(c.req.param('purpose'));
    const minorRef = c.req.param('ref');
    const now = deps.clock();
    await requireConsent(db, { tenantId: c.var.caller.tenant.id, minorRef }, purpose, now);
    const minorId = await minorIdOf(db, c.var.caller.tenant.id, minorRef);
    const status = (await consentStatus(db, minorId, now)).find((s) => s.purpose === purpose)!;
    return c.json(consentJson(status));
  });

  api.delete('/youth/minors/:ref/consents/:purpose', youth, async (c) => {
    const purpose = purposeOf(c.req.param('purpose'));
    const minorId = await minorIdOf(db, c.var.caller.tenant.id, c.req.param('ref'));
    const withdrawn = await withdrawConsent(db, { minorId, purpose, by: by(c).actor }, deps.clock());
    return c.json({ purpose, withdrawn });
  });

  api.post('/youth/minors/:ref/export', youth, async (c) => {
    const minorId = await minorIdOf(db, c.var.caller.tenant.id, c.req.param('ref'));
    const { requestId, data } = await exportMinor(db, minorId, by(c), deps.clock);
    return c.json({ requestId, data: data as unknown as Record<string, unknown> });
  });

  api.post('/youth/minors/:ref/erasure', youth, async (c) => {
    const minorId = await minorIdOf(db, c.var.caller.tenant.id, c.req.param('ref'));
    const receipt = await eraseMinor(db, minorId, by(c), deps.clock);
    return c.json({ receipt: receiptJson(receipt) });
  });

  api.get('/privacy/rights-requests', youth, async (c) => {
    const requests = await listRightsRequests(db, { tenantId: c.var.caller.tenant.id });
    return c.json({
      requests: requests.map((r) => ({
        id: r.id,
        minorId: r.minorId,
        kind: r.kind,
        channel: r.channel,
        requestedBy: r.requestedBy,
        status: r.status,
        receivedAt: iso(r.receivedAt),
        completedAt: r.completedAt === null ? null : iso(r.completedAt),
      })),
    });
  });

  return api;
}
