import { Hono } from 'hono';
import type { ConversationRisk, RiskKind, TrackRisk } from '../../engine/index.js';
import { AppError } from '../../lib/index.js';
import {
  ALERT_CATEGORIES,
  CONVERSATION_LIMITS,
  getConversation,
  listConversationMessages,
  raiseGuardianAlerts,
  recordConversationMessage,
  setConversationCase,
  toDecisionRow,
  type RecordedMessage,
} from '../../store/index.js';
import type { AppEnv } from '../app-env.js';
import { textKeptFor } from '../privacy/index.js';
import { fileReportWithEngine } from '../reports/intake.js';
import { readJson, validate } from '../request-body.js';
import type { ServiceDeps } from '../service-deps.js';
import { conversationSchemas as schemas } from './schemas.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The taxonomy category a kind of conversation risk is filed and alerted under. */
export const KIND_CATEGORY = { grooming: 'grooming', fraud: 'fraud', bullying: 'abuse' } as const satisfies Record<
  RiskKind,
  string
>;

/** A risk as the API shows it: tracks without their evidence (the evidence list has it all, once). */
export function riskJson(risk: ConversationRisk) {
  return {
    level: risk.level,
    peakLevel: risk.peakLevel,
    flagged: risk.flagged,
    flaggedAt: risk.flaggedAt,
    kinds: risk.kinds,
    target: risk.target,
    offenders: risk.offenders,
    tracks: risk.tracks.map((t: TrackRisk) => ({
      kind: t.kind,
      senders: t.senders,
      target: t.target,
      level: t.level,
      peakLevel: t.peakLevel,
      peakAt: t.peakAt,
      stages: t.stages.map((s) => ({ stage: s.stage, weight: s.weight, firstMessage: s.firstMessage })),
    })),
    evidence: risk.evidence.map((e) => ({
      message: e.message,
      start: e.start,
      end: e.end,
      signal: e.signal,
      weight: e.weight,
      from: e.from,
    })),
  };
}

function conversationRefOf(raw: string): string {
  if (raw.length === 0 || raw.length > CONVERSATION_LIMITS.ref)
    throw new AppError('validation_failed', 'The conversation ref is not valid.', [
      { path: 'conversationRef', message: `1 to ${CONVERSATION_LIMITS.ref} characters` },
    ]);
  return raw;
}

/** POST /v1/conversations/{ref}/messages and GET /v1/conversations/{ref} (scope `moderate`). */
export function createConversationRoutes(deps: ServiceDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const auth = deps.auth;

  api.post('/conversations/:conversationRef/messages', auth.require('moderate'), async (c) => {
    const conversationRef = conversationRefOf(c.req.param('conversationRef'));
    const input = validate(schemas.messageRequest, await readJson(c));
    const { key, tenant } = c.var.caller;
    const requestId = c.var.requestId;
    const now = deps.clock();
    const sentAt = input.sentAt === undefined ? now : Date.parse(input.sentAt);
    const snapshot = deps.engines.forTenant(tenant.id);
    const ageBand = input.ageBand ?? 'age_12_16';
    const surface = input.surface ?? 'chat';
    const verdict = snapshot.engine.moderate(input.text, {
      ageBand,
      surface,
      ...(tenant.modelThreshold === null ? {} : { modelThreshold: tenant.modelThreshold }),
    });
    deps.metrics.observeVerdict(verdict.action, verdict.categories);
    const receivers = input.receivers ?? [];
    const keepText = (await textKeptFor(deps, tenant, [input.sender.ref]))(input.sender.ref);
    const recorded = await recordConversationMessage(
      deps.store.db,
      {
        tenantId: tenant.id,
        conversationRef,
        messageRef: input.messageRef,
        requestId,
        sender: input.sender,
        receivers,
        text: input.text,
        sentAt,
        verdict,
        storeText: keepText,
      },
      now,
    );
    await deps.store.decisions.append([
      toDecisionRow({
        tenantId: tenant.id,
        keyId: key.id,
        requestId,
        itemIndex: null,
        text: input.text,
        userRef: input.sender.ref,
        contentRef: input.messageRef,
        targetRef: recorded.risk.target ?? (receivers.length === 1 ? receivers[0]!.ref : undefined),
        surface,
        ageBand,
        verdict,
        lexiconVersion: snapshot.version,
        storeText: keepText,
        now,
      }),
    ]);
    const { alerted, caseId } = await escalate(deps, tenant.id, key.id, conversationRef, requestId, recorded);
    return c.json({
      requestId,
      conversationRef,
      index: recorded.index,
      verdict: {
        action: verdict.action,
        flagged: verdict.flagged,
        categories: verdict.categories,
        matches: verdict.matches,
      },
      signals: recorded.signals.map((s) => ({ signal: s.signal, start: s.start, end: s.end, weight: s.strength })),
      risk: riskJson(recorded.risk),
      alerted,
      caseId,
    });
  });

  api.get('/conversations/:conversationRef', auth.require('moderate'), async (c) => {
    const conversationRef = conversationRefOf(c.req.param('conversationRef'));
    const record = await getConversation(deps.store.db, c.var.caller.tenant.id, conversationRef, deps.clock());
    if (record === undefined) throw new AppError('not_found', `No conversation ${conversationRef}.`);
    return c.json({
      conversationRef,
      messageCount: record.messageCount,
      risk: riskJson(record.risk),
      caseId: record.caseId,
      createdAt: iso(record.createdAt),
      updatedAt: iso(record.updatedAt),
    });
  });

  return api;
}

/**
 * When a message took the conversation to `high` (or from high to `critical`): alerts the bound guardians of the minor at
 * risk, and files a report for the review queue with the evidence lines (the first one opens the case, a later one joins
 * it and raises it to critical). The message was recorded already; a failure here is logged, not answered.
 */
async function escalate(
  deps: ServiceDeps,
  tenantId: string,
  keyId: string,
  conversationRef: string,
  requestId: string,
  recorded: RecordedMessage,
): Promise<{ alerted: number; caseId: string | null }> {
  const risk = recorded.risk;
  if (recorded.escalation === null || risk.target === null) return { alerted: 0, caseId: recorded.caseId };
  const categories = [...new Set(risk.kinds.map((k) => KIND_CATEGORY[k]))];
  let alerted = 0;
  try {
    // Guardians hear once, when the conversation first turns high; critical raises the case, not a second alert.
    const first =
      recorded.escalation.previous === 'none' ||
      recorded.escalation.previous === 'low' ||
      recorded.escalation.previous === 'medium';
    if (first && categories.some((c) => (ALERT_CATEGORIES as readonly string[]).includes(c))) {
      alerted = await raiseGuardianAlerts(
        deps.store.db,
        { tenantId, targetRef: risk.target, requestId, flagged: true, action: 'block', categories },
        deps.clock(),
      );
      if (alerted > 0) {
        deps.webhooks.wake();
        deps.notifications.wake();
      }
    }
  } catch (error) {
    deps.log.error({ err: error, requestId, conversationRef }, 'conversation guardian alert failed');
  }
  let caseId = recorded.caseId;
  try {
    const messages = await listConversationMessages(deps.store.db, tenantId, conversationRef);
    const lines = new Set(risk.evidence.map((e) => e.message));
    const excerpt = messages
      .filter((m) => lines.has(m.index) && m.text !== null)
      .slice(-50)
      .map((m) => ({ from: m.senderRef, text: m.text!, sentAt: iso(m.sentAt) }));
    const signals = risk.evidence.map((e) => `#${e.message + 1} ${e.signal}`).join('；');
    const filed = await fileReportWithEngine(deps, {
      tenantId,
      channel: 'api',
      keyId,
      subject: {
        kind: 'conversation',
        conversationRef,
        ...(risk.offenders[0] === undefined ? {} : { offenderRef: risk.offenders[0] }),
        messages: excerpt.length > 0 ? excerpt : [{ text: `（未保存原文 text not kept）${signals}`.slice(0, 2000) }],
      },
      category: KIND_CATEGORY[risk.kinds[0] ?? 'grooming'],
      reporterRole: 'other',
      minorInvolved: true,
      description: (
        `会话风险 conversation risk: ${recorded.escalation.level}；${risk.kinds.join('+')}；` +
        `对象 target ${risk.target}；证据 evidence ${signals}`
      ).slice(0, 1900),
      priorityAtLeast: recorded.escalation.level === 'critical' ? 'critical' : 'urgent',
    });
    caseId = filed.caseId;
    await setConversationCase(deps.store.db, tenantId, conversationRef, filed.caseId);
  } catch (error) {
    deps.log.error({ err: error, requestId, conversationRef }, 'conversation case failed');
  }
  return { alerted, caseId };
}
