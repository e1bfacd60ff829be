import type { Hono } from 'hono';
import { AppError } from '../../lib/index.js';
import {
  OPEN_STATUSES,
  exportCaseBundle,
  getCase,
  getReportStatus,
  listCaseQueue,
  logCaseView,
  recordCaseEvent,
  reportStats,
  type CaseDetail,
  type CaseEvent,
  type CaseStatus,
  type CaseSummary,
  type EvidenceRecord,
  type Report,
  type ReportInput,
  type ReportStatus,
} from '../../store/index.js';
import type { AppEnv } from '../app-env.js';
import { readJson, validate } from '../request-body.js';
import type { Schemas } from '../schemas.js';
import type { ServiceDeps } from '../service-deps.js';
import { limitPublic } from '../public-limits.js';
import { fileReportWithEngine } from './intake.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
const DAY_MS = 86_400_000;

/** A case as the API shows it. */
export function caseJson(c: CaseSummary) {
  return {
    id: c.id,
    subjectKind: c.subjectKind,
    subjectKey: c.subjectKey,
    status: c.status,
    priority: c.priority,
    category: c.category,
    minorInvolved: c.minorInvolved,
    assignee: c.assignee,
    reportCount: c.reportCount,
    openedAt: iso(c.openedAt),
    dueAt: isoOrNull(c.dueAt),
    firstActionAt: isoOrNull(c.firstActionAt),
    slaBreached: c.slaBreached,
    closedAt: isoOrNull(c.closedAt),
    updatedAt: iso(c.updatedAt),
  };
}

function eventJson(e: CaseEvent) {
  const { createdAt, ...rest } = e;
  return { ...rest, at: iso(createdAt) };
}

function reportJson(r: Report) {
  return {
    id: r.id,
    caseId: r.caseId,
    channel: r.channel,
    subject: r.subject,
    subjectKey: r.subjectKey,
    category: r.category,
    reporterRole: r.reporterRole,
    reporterRef: r.reporterRef,
    minorInvolved: r.minorInvolved,
    description: r.description,
    contact: r.contact,
    anonymous: r.anonymous,
    priority: r.priority,
    severity: r.severity,
    screening: r.screening,
    evidenceSeq: r.evidenceSeq,
    createdAt: iso(r.createdAt),
  };
}

function evidenceJson(e: EvidenceRecord) {
  return {
    seq: e.seq,
    kind: e.kind,
    content: e.content,
    contentHash: e.contentHash,
    prevHash: e.prevHash,
    hash: e.hash,
    createdAt: iso(e.createdAt),
  };
}

function caseDetailJson(d: CaseDetail) {
  return {
    case: caseJson(d.case),
    reports: d.reports.map(reportJson),
    events: d.events.map(eventJson),
    evidence: d.evidence.map(evidenceJson),
    activeActions: d.activeActions,
  };
}

/** A reporter's status as the API shows it. */
export function reportStatusJson(s: ReportStatus) {
  return {
    reportId: s.reportId,
    category: s.category,
    createdAt: iso(s.createdAt),
    status: s.status,
    outcome: s.outcome,
    updatedAt: iso(s.updatedAt),
    messages: s.messages.map((m) => ({ text: m.text, at: iso(m.at) })),
  };
}

/**
 * The reports API on the /v1 router: intake (`report` or `review` scope), the reporter's status by tracking code (public,
 * limited per client address), and the moderation of cases (`review`). Every read of a case is written to the access log.
 */
export function registerReportRoutes(api: Hono<AppEnv>, deps: ServiceDeps, schemas: Schemas): void {
  const auth = deps.auth;
  const actorOf = (keyId: string): string => `key:${keyId}`;

  api.post('/reports', auth.require('report', 'review'), async (c) => {
    const body = validate(schemas.reportCreate, await readJson(c));
    const { key, tenant } = c.var.caller;
    const input: ReportInput = { ...body, tenantId: tenant.id, channel: 'api', keyId: key.id };
    const filed = await fileReportWithEngine(deps, input);
    return c.json(
      {
        id: filed.id,
        trackingCode: filed.trackingCode,
        statusUrl: `${deps.config.publicUrl}/report/status/${filed.trackingCode}`,
        caseId: filed.caseId,
        newCase: filed.newCase,
        caseStatus: filed.caseStatus,
        priority: filed.priority,
        screening: filed.screening,
        evidence: filed.evidence,
        createdAt: iso(filed.createdAt),
      },
      201,
    );
  });

  api.get('/reports/status/:code', async (c) => {
    await limitPublic(c, deps, 'status');
    const status = await getReportStatus(deps.store.db, c.req.param('code'));
    c.header('Cache-Control', 'no-store');
    return c.json(reportStatusJson(status));
  });

  api.get('/reports/stats', auth.require('review', 'admin'), async (c) => {
    const query = validate(schemas.statsQuery, c.req.query(), 'query');
    const now = deps.clock();
    const to = query.to === undefined ? now : Date.parse(query.to);
    const from = query.from === undefined ? to - 30 * DAY_MS : Date.parse(query.from);
    if (from >= to) {
      throw new AppError('validation_failed', 'The query is not valid.', [
        { path: 'from', message: 'must be before to' },
      ]);
    }
    const stats = await reportStats(deps.store.db, { tenantId: c.var.caller.tenant.id, from, to, now });
    const sla = Object.fromEntries(Object.entries(deps.config.reportSla).map(([p, ms]) => [p, ms / 60_000]));
    return c.json({ ...stats, from: iso(stats.from), to: iso(stats.to), sla });
  });

  api.get('/cases', auth.require('review'), async (c) => {
    const q = validate(schemas.caseQuery, c.req.query(), 'query');
    const cases = await listCaseQueue(deps.store.db, {
      tenantId: c.var.caller.tenant.id,
      now: deps.clock(),
      status: q.status === undefined ? OPEN_STATUSES : (q.status.split(',') as CaseStatus[]),
      category: q.category,
      priority: q.priority,
      assignee: q.assignee === 'none' ? null : q.assignee,
      minAgeMs: q.minAgeMinutes === undefined ? undefined : q.minAgeMinutes * 60_000,
      maxAgeMs: q.maxAgeMinutes === undefined ? undefined : q.maxAgeMinutes * 60_000,
      slaBreached: q.slaBreached === undefined ? undefined : q.slaBreached === 'true',
      minorInvolved: q.minorInvolved === undefined ? undefined : q.minorInvolved === 'true',
      limit: q.limit,
      offset: q.offset,
    });
    return c.json({ cases: cases.map(caseJson) });
  });

  api.get('/cases/:id', auth.require('review'), async (c) => {
    const { key, tenant } = c.var.caller;
    const now = deps.clock();
    const detail = await getCase(deps.store.db, tenant.id, c.req.param('id'), now);
    if (detail === undefined) throw new AppError('not_found', `No case ${c.req.param('id')}.`);
    await logCaseView(deps.store.db, actorOf(key.id), detail.case.id, now);
    return c.json(caseDetailJson(detail));
  });

  api.post('/cases/:id/events', auth.require('review'), async (c) => {
    const event = validate(schemas.caseEventCreate, await readJson(c));
    const { key, tenant } = c.var.caller;
    const result = await recordCaseEvent(deps.store.db, {
      tenantId: tenant.id,
      caseId: c.req.param('id'),
      actor: actorOf(key.id),
      event,
      now: deps.clock(),
      sla: deps.config.reportSla,
    });
    deps.webhooks.wake();
    return c.json({ case: caseJson(result.case), event: result.event === undefined ? null : eventJson(result.event) });
  });

  api.post('/cases/:id/appeals', auth.require('report', 'review'), async (c) => {
    const body = validate(schemas.appealCreate, await readJson(c));
    const { key, tenant } = c.var.caller;
    const result = await recordCaseEvent(deps.store.db, {
      tenantId: tenant.id,
      caseId: c.req.param('id'),
      actor: actorOf(key.id),
      event: { type: 'appeal', text: body.text },
      now: deps.clock(),
      sla: deps.config.reportSla,
    });
    deps.webhooks.wake();
    return c.json(
      { case: caseJson(result.case), event: result.event === undefined ? null : eventJson(result.event) },
      201,
    );
  });

  api.get('/cases/:id/export', auth.require('review'), async (c) => {
    const { key, tenant } = c.var.caller;
    const now = deps.clock();
    const bundle = await exportCaseBundle(deps.store.db, tenant.id, c.req.param('id'), now);
    await logCaseView(deps.store.db, actorOf(key.id), c.req.param('id'), now);
    c.header('Content-Disposition', `attachment; filename="case-${c.req.param('id')}.json"`);
    return c.json(bundle);
  });
}
