import { z } from 'zod';
import { ACTIONS, CATEGORIES, SEVERITIES, VARIANT_KINDS } from '../../engine/index.js';
import {
  CASE_EVENT_TYPES,
  CASE_STATUSES,
  EVIDENCE_KINDS,
  MODERATION_ACTIONS,
  NOTE_VISIBILITIES,
  PRIORITIES,
  REPORT_CATEGORIES,
  REPORT_CHANNELS,
  REPORT_LIMITS,
  REPORTER_ROLES,
  SUBJECT_KINDS,
} from '../../store/index.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The report, case and evidence schemas; merged into the API's schemas so the OpenAPI document covers them. */
export function createReportSchemas() {
  const text = (max: number) =>
    z
      .string()
      .max(max)
      .refine((s) => !LONE_SURROGATE.test(s), { message: 'not well-formed UTF-16: it contains a lone surrogate' });
  const ref = z.string().trim().min(1).max(REPORT_LIMITS.ref);
  const reportCategory = z.enum(REPORT_CATEGORIES).meta({ description: 'A taxonomy category id, or other.' });

  const subject = z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('content'),
      contentRef: ref.meta({ description: 'Your id for the content.' }),
      authorRef: ref.optional().meta({ description: "Your id for the content's author." }),
      snapshot: z
        .strictObject({
          text: text(REPORT_LIMITS.snapshotText).optional(),
          url: z
            .url({ protocol: /^https?$/ })
            .max(REPORT_LIMITS.url)
            .optional(),
          imageSha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex')
            .optional(),
        })
        .refine((s) => s.text !== undefined || s.url !== undefined || s.imageSha256 !== undefined, {
          message: 'a snapshot needs text, url or imageSha256',
        })
        .meta({ description: 'The content as reported: its text, URL or image hash (at least one).' }),
    }),
    z.strictObject({
      kind: z.literal('user'),
      userRef: ref.meta({ description: 'Your id for the reported user.' }),
      snapshot: z
        .strictObject({ text: text(REPORT_LIMITS.snapshotText).optional() })
        .optional()
        .meta({ description: 'What the user showed when reported (name, bio).' }),
    }),
    z.strictObject({
      kind: z.literal('conversation'),
      conversationRef: ref.optional(),
      offenderRef: ref
        .optional()
        .meta({ description: 'The user reported in the conversation: reports on them group into one case.' }),
      messages: z
        .array(
          z.strictObject({
            from: ref.optional(),
            text: text(REPORT_LIMITS.messageText).refine((s) => s.trim() !== '', { message: 'required' }),
            sentAt: z.iso.datetime({ offset: true }).optional(),
          }),
        )
        .min(1)
        .max(REPORT_LIMITS.messages),
    }),
  ]);

  const reportCreate = z.strictObject({
    subject,
    category: reportCategory,
    reporterRole: z.enum(REPORTER_ROLES).meta({ description: 'Who reports: minor, guardian or other.' }),
    minorInvolved: z
      .boolean()
      .optional()
      .meta({ description: 'A minor is involved; default true when a minor or a guardian reports.' }),
    description: text(REPORT_LIMITS.description).optional().meta({ description: "The reporter's own words." }),
    contact: text(REPORT_LIMITS.contact).optional().meta({ description: 'How to reach the reporter; optional.' }),
    reporterRef: ref.optional().meta({ description: 'Your id for the reporter; never with anonymous.' }),
    anonymous: z.boolean().optional(),
  });

  const match = z.object({
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
    term: z.string(),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    via: z.array(z.enum(VARIANT_KINDS)),
  });
  const screening = z
    .object({
      text: z.string().meta({ description: 'The text the engine read; match offsets point into it.' }),
      action: z.enum(ACTIONS),
      flagged: z.boolean(),
      categories: z.array(z.enum(CATEGORIES)),
      matches: z.array(match),
      lexiconVersion: z.number().int(),
    })
    .meta({ description: "The engine's verdict on the reported material at intake." });

  const reportCreated = z.object({
    id: z.string(),
    trackingCode: z
      .string()
      .meta({ description: "Give it to the reporter: it reads the report's status. Shown once." }),
    statusUrl: z.string(),
    caseId: z.string(),
    newCase: z.boolean(),
    caseStatus: z.enum(CASE_STATUSES),
    priority: z.enum(PRIORITIES),
    screening,
    evidence: z.object({ seq: z.number().int(), hash: z.string() }),
    createdAt: z.string(),
  });

  const reportStatus = z.object({
    reportId: z.string(),
    category: reportCategory,
    createdAt: z.string(),
    status: z.enum(['received', 'in_review', 'resolved']),
    outcome: z.enum(['action_taken', 'referred_to_authorities', 'no_violation', 'action_reversed']).nullable(),
    updatedAt: z.string(),
    messages: z.array(z.object({ text: z.string(), at: z.string() })),
  });

  const report = z.object({
    id: z.string(),
    caseId: z.string(),
    channel: z.enum(REPORT_CHANNELS),
    subject: z.unknown(),
    subjectKey: z.string(),
    category: reportCategory,
    reporterRole: z.enum(REPORTER_ROLES),
    reporterRef: z.string().nullable(),
    minorInvolved: z.boolean(),
    description: z.string().nullable(),
    contact: z.string().nullable(),
    anonymous: z.boolean(),
    priority: z.enum(PRIORITIES),
    severity: z.enum(SEVERITIES).nullable(),
    screening,
    evidenceSeq: z.number().int(),
    createdAt: z.string(),
  });

  const caseSummary = z.object({
    id: z.string(),
    subjectKind: z.enum(SUBJECT_KINDS),
    subjectKey: z.string(),
    status: z.enum(CASE_STATUSES),
    priority: z.enum(PRIORITIES),
    category: reportCategory,
    minorInvolved: z.boolean(),
    assignee: z.string().nullable(),
    reportCount: z.number().int(),
    openedAt: z.string(),
    dueAt: z.string().nullable().meta({ description: 'When the pending response is due (SLA).' }),
    firstActionAt: z.string().nullable(),
    slaBreached: z.boolean(),
    closedAt: z.string().nullable(),
    updatedAt: z.string(),
  });
  const caseList = z.object({ cases: z.array(caseSummary) });
  const caseEvent = z
    .object({ id: z.number().int(), type: z.enum(CASE_EVENT_TYPES), actor: z.string(), at: z.string() })
    .catchall(z.unknown())
    .meta({ description: 'One moderation event; the other fields depend on its type.' });
  const evidenceRecord = z.object({
    seq: z.number().int(),
    kind: z.enum(EVIDENCE_KINDS),
    content: z.string().meta({ description: 'Canonical JSON, exactly the bytes hashed.' }),
    contentHash: z.string(),
    prevHash: z.string(),
    hash: z.string(),
    createdAt: z.string(),
  });
  const caseDetail = z.object({
    case: caseSummary,
    reports: z.array(report),
    events: z.array(caseEvent),
    evidence: z.array(evidenceRecord),
    activeActions: z.array(z.object({ eventId: z.number().int(), action: z.enum(MODERATION_ACTIONS) })),
  });

  const bool = z.enum(['true', 'false']);
  const caseQuery = z.strictObject({
    status: z
      .string()
      .regex(new RegExp(`^(${CASE_STATUSES.join('|')})(,(${CASE_STATUSES.join('|')}))*$`), 'comma-separated statuses')
      .optional()
      .meta({ description: 'Comma-separated statuses; default open,in_review,appealed.' }),
    category: reportCategory.optional(),
    priority: z.enum(PRIORITIES).optional(),
    assignee: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'An assignee, or "none" for unassigned cases.' }),
    minAgeMinutes: z.coerce.number().int().min(0).optional().meta({ description: 'Opened at least this long ago.' }),
    maxAgeMinutes: z.coerce.number().int().min(0).optional().meta({ description: 'Opened at most this long ago.' }),
    slaBreached: bool.optional(),
    minorInvolved: bool.optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    offset: z.coerce.number().int().min(0).optional(),
  });

  const reason = text(5000).refine((s) => s.trim() !== '', { message: 'required' });
  const caseEventCreate = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('claim') }),
    z.strictObject({ type: z.literal('assign'), assignee: ref }),
    z.strictObject({ type: z.literal('unassign') }),
    z.strictObject({
      type: z.literal('note'),
      text: reason,
      visibility: z
        .enum(NOTE_VISIBILITIES)
        .meta({ description: 'internal: moderators only; reporter: shown on the status page too.' }),
    }),
    z.strictObject({
      type: z.literal('action'),
      action: z.enum(MODERATION_ACTIONS),
      reason,
      reporterMessage: text(5000).optional().meta({ description: 'Shown to the reporters on the status page.' }),
      durationHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 365 * 10)
        .optional()
        .meta({ description: 'restrict, suspend' }),
      label: text(100).optional().meta({ description: 'For the label action: the label applied.' }),
    }),
    z.strictObject({ type: z.literal('reversal'), actionEventId: z.number().int().min(1), reason }),
    z.strictObject({ type: z.literal('appeal_rejected'), reason }),
  ]);
  const caseEventResult = z.object({ case: caseSummary, event: caseEvent.nullable() });
  const appealCreate = z.strictObject({
    text: text(5000)
      .refine((s) => s.trim() !== '', { message: 'required' })
      .meta({ description: "The subject's grounds for the appeal." }),
  });

  const statsQuery = z.strictObject({
    from: z.iso.datetime({ offset: true }).optional().meta({ description: 'Default: 30 days before `to`.' }),
    to: z.iso.datetime({ offset: true }).optional().meta({ description: 'Default: now.' }),
  });
  const counts = z.record(z.string(), z.number().int());
  const reportStats = z.object({
    from: z.string(),
    to: z.string(),
    reports: z.object({
      total: z.number().int(),
      byCategory: counts,
      byChannel: counts,
      byReporterRole: counts,
      minorInvolved: z.number().int(),
    }),
    cases: z.object({ opened: z.number().int(), byStatus: counts }),
    actions: counts,
    timeToFirstAction: z.object({
      count: z.number().int(),
      p50Ms: z.number().nullable(),
      p90Ms: z.number().nullable(),
    }),
    slaBreaches: z.object({ total: z.number().int(), byPriority: counts }),
    appeals: z.number().int(),
    sla: z.record(z.enum(PRIORITIES), z.number().int()).meta({ description: 'The SLA in force, minutes by priority.' }),
  });
  const caseBundle = z
    .object({
      format: z.literal('qinglang-referral-bundle/1'),
      generatedAt: z.string(),
      tenantId: z.string(),
      case: z.record(z.string(), z.unknown()),
      reports: z.array(z.record(z.string(), z.unknown())),
      events: z.array(z.record(z.string(), z.unknown())),
      evidence: z.array(z.record(z.string(), z.unknown())),
      chain: z.object({
        ok: z.boolean(),
        records: z.number().int(),
        headSeq: z.number().int(),
        headHash: z.string(),
        problems: z.array(z.object({ seq: z.number().int(), problem: z.string(), message: z.string() })),
      }),
      verification: z.string(),
      bundleHash: z.string(),
    })
    .meta({ description: 'A referral bundle for the police or the CAC.' });

  return {
    reportCreate,
    reportCreated,
    reportStatus,
    caseQuery,
    caseList,
    caseDetail,
    caseEventCreate,
    caseEventResult,
    appealCreate,
    statsQuery,
    reportStats,
    caseBundle,
  };
}
