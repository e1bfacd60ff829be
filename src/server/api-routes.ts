import { Hono } from 'hono';
import type { AgeBand, ModerateOptions, Surface, Verdict } from '../engine/index.js';
import { AppError } from '../lib/index.js';
import {
  ALERT_CATEGORIES,
  createApiKey,
  raiseGuardianAlerts,
  getTenantLexicon,
  listApiKeys,
  listDecisions,
  listTenantLexiconVersions,
  revokeApiKey,
  toDecisionRow,
  updateTenantSettings,
  type ApiKey,
  type Decision,
  type NewDecision,
  type Tenant,
} from '../store/index.js';
import type { AppEnv } from './app-env.js';
import { protectPersonalInfo } from './compliance/index.js';
import { createConversationRoutes } from './conversations/routes.js';
import { createPoolRoutes } from './pool/routes.js';
import { createPrivacyRoutes, textKeptFor } from './privacy/index.js';
import { updateTenantLexicon } from './lexicon-service.js';
import { announceAccessChange } from './peers.js';
import { registerReportRoutes } from './reports/routes.js';
import type { ServiceDeps } from './service-deps.js';
import { readJson, validate } from './request-body.js';
import { createSweepRoutes } from './sweeps/routes.js';
import type { Schemas } from './schemas.js';
import { createWebhookRoutes } from './webhooks-api.js';
import { createGuardianRoutes } from './youth/guardian-routes.js';
import { createYouthRoutes } from './youth/youth-routes.js';

const DEFAULT_AGE_BAND: AgeBand = 'age_12_16';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The verdict fields the API documents, named one by one so a field the engine adds is not published by accident. */
function verdictJson(v: Verdict) {
  return {
    action: v.action,
    flagged: v.flagged,
    categories: v.categories,
    matches: v.matches,
    ...(v.scores === undefined ? {} : { scores: v.scores }),
    ...(v.signals === undefined ? {} : { signals: v.signals }),
    ...(v.masked === undefined ? {} : { masked: v.masked }),
  };
}

/** The options a tenant's call is moderated with: its age band and surface, and the tenant's stricter model threshold. */
function moderateOptions(tenant: Tenant, ageBand: AgeBand, surface: Surface | undefined): ModerateOptions {
  return {
    ageBand,
    ...(surface === undefined ? {} : { surface }),
    ...(tenant.modelThreshold === null ? {} : { modelThreshold: tenant.modelThreshold }),
  };
}

function tenantJson(t: Tenant) {
  return {
    id: t.id,
    name: t.name,
    storeText: t.storeText,
    retentionDays: t.retentionDays,
    lexiconVersion: t.lexiconVersion,
    createdAt: iso(t.createdAt),
    modelThreshold: t.modelThreshold,
  };
}

function keyJson(k: ApiKey) {
  return {
    id: k.id,
    name: k.name,
    scopes: k.scopes,
    rateLimit: k.rateLimit,
    createdAt: iso(k.createdAt),
    revokedAt: k.revokedAt === null ? null : iso(k.revokedAt),
  };
}

function decisionJson(d: Decision) {
  return {
    id: d.id,
    requestId: d.requestId,
    itemIndex: d.itemIndex,
    keyId: d.keyId,
    userRef: d.userRef,
    contentRef: d.contentRef,
    targetRef: d.targetRef,
    surface: d.surface,
    ageBand: d.ageBand,
    action: d.action,
    flagged: d.flagged,
    categories: d.categories,
    matches: d.matches,
    text: d.text,
    textLength: d.textLength,
    lexiconVersion: d.lexiconVersion,
    createdAt: iso(d.createdAt),
    scores: d.scores,
    signals: d.signals,
  };
}

/**
 * Raises guardian alerts for flagged decisions aimed at minors, after the decisions are logged. The answer has been
 * decided already, so a failure here is logged rather than failing a moderation call the platform needs.
 */
async function alertGuardians(
  deps: ServiceDeps,
  tenantId: string,
  requestId: string,
  aimed: readonly { readonly targetRef: string; readonly verdict: Verdict }[],
): Promise<void> {
  let raised = 0;
  for (const { targetRef, verdict } of aimed) {
    if (!verdict.flagged || !verdict.categories.some((c) => (ALERT_CATEGORIES as readonly string[]).includes(c)))
      continue;
    try {
      raised += await raiseGuardianAlerts(
        deps.store.db,
        {
          tenantId,
          targetRef,
          requestId,
          flagged: verdict.flagged,
          action: verdict.action,
          categories: verdict.categories,
        },
        deps.clock(),
      );
    } catch (error) {
      deps.log.error({ err: error, requestId, targetRef }, 'guardian alert failed');
    }
  }
  if (raised > 0) {
    deps.webhooks.wake();
    deps.notifications.wake();
  }
}

/** The JSON API under /v1 (documentation routes excepted). */
export function createApiRoutes(deps: ServiceDeps, schemas: Schemas): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const auth = deps.auth;

  api.post('/moderate', auth.require('moderate'), async (c) => {
    const input = validate(schemas.moderateRequest, await readJson(c));
    const { key, tenant } = c.var.caller;
    const snapshot = deps.engines.forTenant(tenant.id);
    const ageBand = input.ageBand ?? DEFAULT_AGE_BAND;
    const verdict = snapshot.engine.moderate(input.text, moderateOptions(tenant, ageBand, input.surface));
    deps.metrics.observeVerdict(verdict.action, verdict.categories);
    const requestId = c.var.requestId;
    const keepText = await textKeptFor(deps, tenant, [input.userRef]);
    await deps.store.decisions.append([
      toDecisionRow({
        tenantId: tenant.id,
        keyId: key.id,
        requestId,
        itemIndex: null,
        text: input.text,
        userRef: input.userRef,
        contentRef: input.contentRef,
        targetRef: input.targetRef,
        surface: input.surface,
        ageBand,
        verdict,
        lexiconVersion: snapshot.version,
        storeText: keepText(input.userRef),
        now: deps.clock(),
      }),
    ]);
    if (input.targetRef !== undefined) {
      await alertGuardians(deps, tenant.id, requestId, [{ targetRef: input.targetRef, verdict }]);
    }
    await protectPersonalInfo(deps, { tenantId: tenant.id, keyId: key.id, requestId }, [
      { text: input.text, verdict, userRef: input.userRef, targetRef: input.targetRef, contentRef: input.contentRef },
    ]);
    return c.json({ requestId, lexiconVersion: snapshot.version, ...verdictJson(verdict) });
  });

  api.post('/moderate/batch', auth.require('moderate'), async (c) => {
    const input = validate(schemas.batchRequest, await readJson(c));
    const { key, tenant } = c.var.caller;
    const snapshot = deps.engines.forTenant(tenant.id);
    const requestId = c.var.requestId;
    const now = deps.clock();
    const rows: NewDecision[] = [];
    // A large batch is judged in worker threads, so other callers are not held behind it.
    const verdicts = await deps.engines.moderateMany(
      tenant.id,
      snapshot,
      input.items.map((item) => ({
        text: item.text,
        options: moderateOptions(tenant, item.ageBand ?? DEFAULT_AGE_BAND, item.surface),
      })),
    );
    const keepText = await textKeptFor(
      deps,
      tenant,
      input.items.map((item) => item.userRef),
    );
    const results = input.items.map((item, index) => {
      const ageBand = item.ageBand ?? DEFAULT_AGE_BAND;
      const verdict = verdicts[index]!;
      deps.metrics.observeVerdict(verdict.action, verdict.categories);
      rows.push(
        toDecisionRow({
          tenantId: tenant.id,
          keyId: key.id,
          requestId,
          itemIndex: index,
          text: item.text,
          userRef: item.userRef,
          contentRef: item.contentRef,
          targetRef: item.targetRef,
          surface: item.surface,
          ageBand,
          verdict,
          lexiconVersion: snapshot.version,
          storeText: keepText(item.userRef),
          now,
        }),
      );
      return verdictJson(verdict);
    });
    await deps.store.decisions.append(rows);
    const aimed = input.items.flatMap((item, index) =>
      item.targetRef === undefined ? [] : [{ targetRef: item.targetRef, verdict: verdicts[index]! }],
    );
    if (aimed.length > 0) await alertGuardians(deps, tenant.id, requestId, aimed);
    await protectPersonalInfo(
      deps,
      { tenantId: tenant.id, keyId: key.id, requestId },
      input.items.map((item, index) => ({
        text: item.text,
        verdict: verdicts[index]!,
        userRef: item.userRef,
        targetRef: item.targetRef,
        contentRef: item.contentRef,
      })),
    );
    return c.json({ requestId, lexiconVersion: snapshot.version, results });
  });

  api.get('/lexicon', auth.require('admin'), async (c) => {
    const tenantId = c.var.caller.tenant.id;
    const lexicon = await getTenantLexicon(deps.store.db, tenantId);
    return c.json({
      version: lexicon.version,
      activeVersion: deps.engines.forTenant(tenantId).version,
      terms: lexicon.terms.map((t) => ({ ...t, updatedAt: iso(t.updatedAt) })),
    });
  });

  api.post('/lexicon/changes', auth.require('admin'), async (c) => {
    const change = validate(schemas.lexiconChange, await readJson(c));
    const tenantId = c.var.caller.tenant.id;
    const { version } = await updateTenantLexicon(deps, tenantId, change);
    return c.json({ version, activeVersion: deps.engines.forTenant(tenantId).version }, 201);
  });

  api.get('/lexicon/versions', auth.require('admin'), async (c) => {
    const versions = await listTenantLexiconVersions(deps.store.db, c.var.caller.tenant.id);
    return c.json({ versions: versions.map((v) => ({ ...v, createdAt: iso(v.createdAt) })) });
  });

  api.get('/tenant', auth.require('admin'), (c) => c.json(tenantJson(c.var.caller.tenant)));

  api.patch('/tenant', auth.require('admin'), async (c) => {
    const patch = validate(schemas.tenantPatch, await readJson(c));
    const tenant = await updateTenantSettings(deps.store.db, c.var.caller.tenant.id, patch);
    await announceAccessChange(deps);
    return c.json(tenantJson(tenant));
  });

  api.get('/keys', auth.require('admin'), async (c) => {
    const keys = await listApiKeys(deps.store.db, c.var.caller.tenant.id);
    return c.json({ keys: keys.map(keyJson) });
  });

  api.post('/keys', auth.require('admin'), async (c) => {
    const input = validate(schemas.keyCreate, await readJson(c));
    const created = await createApiKey(
      deps.store.db,
      { tenantId: c.var.caller.tenant.id, scopes: input.scopes, name: input.name, rateLimit: input.rateLimit },
      deps.clock(),
    );
    return c.json({ key: keyJson(created.key), token: created.token }, 201);
  });

  api.delete('/keys/:id', auth.require('admin'), async (c) => {
    const key = await revokeApiKey(deps.store.db, c.var.caller.tenant.id, c.req.param('id'), deps.clock());
    await announceAccessChange(deps);
    return c.json(keyJson(key));
  });

  api.get('/decisions', auth.require('review', 'admin'), async (c) => {
    const query = validate(schemas.decisionQuery, c.req.query(), 'query');
    const decisions = await listDecisions(deps.store.db, {
      tenantId: c.var.caller.tenant.id,
      limit: query.limit,
      beforeId: query.before,
      action: query.action,
      flagged: query.flagged === undefined ? undefined : query.flagged === 'true',
      requestId: query.requestId,
      userRef: query.userRef,
    });
    return c.json({ decisions: decisions.map(decisionJson) });
  });

  registerReportRoutes(api, deps, schemas);
  api.route('/', createWebhookRoutes(deps));
  api.route('/', createYouthRoutes(deps));
  api.route('/', createGuardianRoutes(deps));
  api.route('/', createConversationRoutes(deps));
  api.route('/', createPoolRoutes(deps));
  api.route('/', createPrivacyRoutes(deps));
  api.route('/', createSweepRoutes(deps));

  api.all('*', () => {
    throw new AppError('not_found', 'No such API route.');
  });

  return api;
}
