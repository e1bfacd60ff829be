import { z } from 'zod';
import { AGE_BANDS, CATEGORIES, CATEGORY_TIERS } from '../../engine/index.js';
import {
  APP_KINDS,
  AUDIENCES,
  FEATURES,
  FEATURE_SETTINGS,
  INTERACTIONS,
  OUTCOMES,
  PURCHASE_KINDS,
  RELATIONS,
  RULE_IDS,
  WEEKDAYS,
} from '../../policy/index.js';
import {
  ALERT_CATEGORIES,
  EXTRA_TIME_MINUTES,
  GUARDIAN_ROLES,
  NOTIFY_CHANNELS,
  OUTBOX_STATUSES,
  PURCHASE_STATUSES,
  REQUEST_KINDS,
  REQUEST_STATUSES,
} from '../../store/index.js';

const MINOR_BANDS = AGE_BANDS.filter((b) => b !== 'adult') as [string, ...string[]];
const TIERS = [...new Set(Object.values(CATEGORY_TIERS))] as [string, ...string[]];

const id = z.string().min(1).max(128);
const appId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/)
  .meta({ description: "The platform's id for an app: 1–128 letters, digits or ._:-" });
const clockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/)
  .meta({ description: 'HH:MM, Asia/Shanghai.' });
const window = z.strictObject({ start: clockTime, end: clockTime });
const minutes = z.number().int().min(0).max(1440);
const fen = z.number().int().min(0).max(100_000_000).meta({ description: 'An amount in fen (0.01 CNY).' });
const minorBand = z.enum(MINOR_BANDS);
const features = z.partialRecord(z.enum(FEATURES), z.enum(FEATURE_SETTINGS));
const audience = z.enum(AUDIENCES).meta({ description: 'everyone, followers (friends too), friends or nobody.' });
/** Who may see a minor's posts, comment on them and repost them (条例 Art 26). */
const interactionSettings = z.strictObject({
  posts: audience.optional(),
  comments: audience.optional(),
  reposts: audience.optional(),
  messages: audience.optional(),
});
const iso = z.string().meta({ description: 'ISO 8601 time.' });
const label = z.object({ zh: z.string(), en: z.string() });

/** A tenant's youth policy: every value may only be stricter than the law and the guides' defaults. */
const tenantPolicy = z.strictObject({
  dailyLimitMinutes: z.partialRecord(minorBand, minutes).optional(),
  restReminderMinutes: minutes.optional(),
  curfew: window.optional(),
  topupPerPaymentFen: z.partialRecord(minorBand, fen).optional(),
  topupPerMonthFen: z.partialRecord(minorBand, fen).optional(),
  features: features.optional(),
  educationApps: z.array(appId).max(500).optional(),
});

/** A guardian's settings: what the guides leave to parents, within legal bounds. */
const guardianSettings = z.strictObject({
  dailyLimitMinutes: minutes.optional(),
  schedule: z
    .partialRecord(
      z.enum(WEEKDAYS),
      z.strictObject({ dailyLimitMinutes: minutes.optional(), windows: z.array(window).max(8).optional() }),
    )
    .optional(),
  restReminderMinutes: minutes.optional(),
  curfew: window.optional().meta({ description: 'May only be longer than 22:00–06:00.' }),
  features: features.optional(),
  contentBand: z.enum(AGE_BANDS).optional(),
  topupPerPaymentFen: fen.optional(),
  topupPerMonthFen: fen.optional(),
  purchaseApprovalOverFen: fen.nullable().optional(),
  exemptApps: z.array(appId).max(200).optional(),
  interactions: interactionSettings
    .optional()
    .meta({ description: "Who may see, comment on and repost the minor's posts; the minor may close more." }),
});

const decision = z.object({
  outcome: z.enum(OUTCOMES),
  rule: z.enum(RULE_IDS),
  source: z.string().meta({ description: 'The law or guide the rule comes from.' }),
  layer: z.enum(['law', 'default', 'tenant', 'guardian', 'minor']),
  reason: label.meta({ description: 'Why, in Chinese and English, for the minor to read.' }),
  remainingSeconds: z.number().int().optional(),
  nextReminderAt: iso.optional(),
  restReminderDue: z.boolean().optional(),
  retryAt: iso.optional(),
});

const effectivePolicy = z.record(z.string(), z.unknown()).meta({
  description: 'The policy in force: each value with its rule and the layer (law, default, tenant, guardian).',
});

const minor = z.object({
  id: z.string().meta({ description: "The service's id for the minor (what guardians see)." }),
  minorRef: z.string(),
  youthMode: z.boolean(),
  band: z.enum(AGE_BANDS),
  birthDate: z.string().nullable(),
  birthDateVerified: z.boolean(),
  declaredBand: z.enum(AGE_BANDS).nullable(),
  locked: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
});
const today = z.object({
  dayKey: z.string().meta({ description: 'The Asia/Shanghai day, YYYY-MM-DD.' }),
  usedSeconds: z.number().int(),
  extraSeconds: z.number().int(),
  continuousSeconds: z.number().int(),
});
const minorOverview = z.object({ minor, today, spentThisMonthFen: z.number().int(), policy: effectivePolicy });

const minorPut = z.strictObject({
  birthDate: z.string().nullable().optional().meta({ description: 'YYYY-MM-DD; the band follows it day by day.' }),
  birthDateVerified: z.boolean().optional(),
  band: z.enum(AGE_BANDS).optional().meta({ description: 'A declared band, when no birth date is known.' }),
  youthMode: z
    .literal(true)
    .optional()
    .meta({ description: 'Turn youth mode on. Turning it off needs a guardian-approved mode_exit request.' }),
});

const heartbeat = z.strictObject({
  eventId: id.meta({ description: 'Unique per heartbeat; a retry with the same id is counted once.' }),
  deviceId: id,
  appId: appId.optional(),
  appKind: z.enum(APP_KINDS).optional().meta({ description: 'game puts the online-games window on the use.' }),
  occurredAt: z.iso.datetime({ offset: true }).meta({ description: 'When the covered use ended, device time.' }),
  seconds: z.number().int().min(0).max(86_400).meta({ description: 'Seconds of use covered (about one interval).' }),
});
const clamp = z.object({
  field: z.enum(['at', 'seconds']),
  reason: z.enum(['future', 'far_past', 'too_long', 'negative']),
  received: z.union([z.string(), z.number()]),
  used: z.union([z.string(), z.number()]),
});
const heartbeatResult = z.object({
  eventId: z.string(),
  duplicate: z.boolean().meta({ description: 'This event id was counted before; nothing was counted again.' }),
  decision,
  counted: z.object({
    countedAt: iso,
    dayKey: z.string(),
    creditedSeconds: z.number().int(),
    exempt: z.boolean().meta({
      description: 'Calls, essential functions, education and guardian-chosen apps do not count toward the total.',
    }),
    clamps: z
      .array(clamp)
      .meta({ description: 'Values not trusted (server time is authoritative) and what was used.' }),
  }),
  today,
});

const decisionRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('content.view'),
    rating: z.strictObject({
      categories: z.array(z.enum(CATEGORIES)).max(30).optional(),
      tier: z.enum(TIERS).optional(),
      minBand: z.enum(AGE_BANDS).optional().meta({ description: 'The youngest band the content suits.' }),
    }),
  }),
  z.strictObject({ kind: z.literal('feature.use'), feature: z.enum(FEATURES), appId: appId.optional() }),
  z.strictObject({ kind: z.literal('mode.exit') }),
]);
const decisionResult = z.object({ decision });

const purchaseCreate = z.strictObject({
  idempotencyKey: z.string().min(1).max(200),
  amountFen: z.number().int().min(1).max(100_000_000),
  kind: z.enum(PURCHASE_KINDS),
  appId: appId.optional(),
  description: z.string().max(200).optional(),
});
const purchase = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  amountFen: z.number().int(),
  kind: z.enum(PURCHASE_KINDS),
  appId: z.string().nullable(),
  description: z.string().nullable(),
  monthKey: z.string(),
  status: z.enum(PURCHASE_STATUSES),
  decision,
  requestId: z.string().nullable().meta({ description: 'The guardian request opened for needs_guardian.' }),
  createdAt: iso,
  updatedAt: iso,
});
const request = z.object({
  id: z.string(),
  minorId: z.string(),
  kind: z.enum(REQUEST_KINDS),
  details: z.record(z.string(), z.unknown()),
  status: z.enum(REQUEST_STATUSES),
  answeredBy: z.string().nullable(),
  answeredAt: iso.nullable(),
  note: z.string().nullable(),
  createdAt: iso,
  expiresAt: iso,
});
const purchaseResult = z.object({ purchase, duplicate: z.boolean(), request: request.nullable() });
const purchaseList = z.object({ purchases: z.array(purchase) });
const refundCreate = z.strictObject({ reason: z.string().min(1).max(500) });
const refundRequest = z.object({
  id: z.string(),
  purchaseId: z.string(),
  reason: z.string(),
  status: z.literal('open'),
  createdAt: iso,
});

const refundRequestList = z.object({ refundRequests: z.array(refundRequest) });

const bindingCodeCreate = z.strictObject({
  ttlSeconds: z.number().int().min(60).max(604_800).optional().meta({ description: 'Default 1,800 (30 minutes).' }),
});
const bindingCode = z.object({
  code: z.string().meta({ description: 'One-time code for the guardian to type in.' }),
  url: z.string().meta({ description: 'The portal link with the code, for a QR code.' }),
  expiresAt: iso,
});

const requestCreate = z.strictObject({
  kind: z.enum(['extra_time', 'feature', 'app_exception', 'mode_exit']),
  minutes: z
    .union(EXTRA_TIME_MINUTES.map((m) => z.literal(m)) as [z.ZodLiteral<15>, z.ZodLiteral<60>])
    .optional()
    .meta({ description: 'extra_time: 15 or 60.' }),
  feature: z.enum(FEATURES).optional().meta({ description: 'feature: the feature asked for.' }),
  appId: appId.optional().meta({ description: 'app_exception: the app to exempt from time limits.' }),
});
const requestWithRef = request.extend({ minorRef: z.string() });

const auditEvent = z.object({
  id: z.number().int(),
  minorId: z.string().nullable(),
  actorType: z.enum(['guardian', 'platform', 'system']),
  actorId: z.string().nullable(),
  action: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  createdAt: iso,
});
const auditList = z.object({ events: z.array(auditEvent) });
const auditQuery = z.strictObject({
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const guardian = z.object({ id: z.string(), identifier: z.string(), displayName: z.string(), createdAt: iso });
const guardianCreate = z.strictObject({
  identifier: z.string().min(3).max(320).meta({ description: 'A phone number or e-mail address.' }),
  displayName: z.string().max(50).optional(),
  password: z.string().max(1024).optional().meta({ description: 'At least 10 characters; optional (codes only).' }),
});
const sessionCreate = z.union([
  z.strictObject({ identifier: z.string().max(320), password: z.string().max(1024) }),
  z.strictObject({ identifier: z.string().max(320), code: z.string().max(20) }),
]);
const session = z.object({
  token: z.string().meta({ description: 'Bearer token for /v1/guardian/*: qgs_…' }),
  expiresAt: iso,
  guardian,
});
const signInCodeCreate = z.strictObject({ identifier: z.string().max(320) });
const accepted = z.object({ status: z.literal('accepted') });

const boundMinor = z.object({ minor, role: z.enum(GUARDIAN_ROLES), boundAt: iso });
const boundMinorList = z.object({ minors: z.array(boundMinor) });
const bindingRedeem = z.strictObject({ code: z.string().min(1).max(40) });
const minorGuardians = z.object({
  guardians: z.array(
    z.object({ guardianId: z.string(), displayName: z.string(), role: z.enum(GUARDIAN_ROLES), boundAt: iso }),
  ),
});
const settingsView = z.object({
  minor,
  settings: guardianSettings.meta({ description: "The guardians' own choices, kept apart from the defaults." }),
  effective: effectivePolicy,
  defaults: effectivePolicy.meta({ description: 'The policy without any guardian choice.' }),
});
const requestAnswer = z.strictObject({
  approve: z.boolean(),
  note: z.string().max(500).optional(),
  password: z
    .string()
    .max(1024)
    .optional()
    .meta({ description: "Approving a mode_exit needs the guardian's password again (or code)." }),
  code: z.string().max(20).optional().meta({
    description: 'Or a one-time code from POST /v1/guardian/sign-in-codes, for an account without a password.',
  }),
});
const requestOutcome = z.object({
  request,
  grantedSeconds: z.number().int().optional(),
  purchase: purchase.optional(),
});
const requestQuery = z.strictObject({
  status: z.enum(REQUEST_STATUSES).optional(),
  minorId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const requestList = z.object({ requests: z.array(request) });
const reportQuery = z.strictObject({
  week: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .meta({ description: 'Any day of the week wanted, YYYY-MM-DD; default this week.' }),
});
const report = z.object({
  minorId: z.string(),
  weekStart: z.string(),
  days: z.array(z.object({ dayKey: z.string(), usedSeconds: z.number().int(), extraSeconds: z.number().int() })),
  totalSeconds: z.number().int(),
  blockedByCategory: z.record(z.string(), z.number().int()),
  requests: z.array(request),
});
const alert = z.object({
  id: z.string(),
  minorId: z.string(),
  minorRef: z.string(),
  requestId: z.string().meta({ description: 'The moderation request whose decision raised the alert.' }),
  categories: z.array(z.string()),
  action: z.string(),
  createdAt: iso,
  readAt: iso.nullable(),
});
const alertList = z.object({ alerts: z.array(alert) });
const alertQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const clock = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/)
  .meta({ description: 'HH:MM, Asia/Shanghai.' });
const notifyChoices = z.object({
  channels: z.array(z.enum(NOTIFY_CHANNELS)).meta({
    description: "`message`: through the deployment's sender to the account; `email`: over SMTP. Empty: inbox only.",
  }),
  email: z.string().nullable(),
  kinds: z.array(z.enum(ALERT_CATEGORIES)),
  quietHours: z.object({ from: clock, to: clock }).nullable(),
});
const notifyChoicesPut = z.strictObject({
  channels: z.array(z.string().max(20)).max(10),
  email: z.string().max(254).nullable(),
  kinds: z.array(z.string().max(40)).max(20),
  quietHours: z.strictObject({ from: z.string().max(5), to: z.string().max(5) }).nullable(),
});
const notification = z.object({
  id: z.string(),
  alertId: z.string(),
  minorRef: z.string(),
  categories: z.array(z.string()),
  channel: z.enum(NOTIFY_CHANNELS),
  address: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: iso,
  createdAt: iso,
  deliveredAt: iso.nullable(),
});
const notificationsView = z.object({
  choices: notifyChoices,
  channelsOffered: z
    .array(z.enum(NOTIFY_CHANNELS))
    .meta({ description: '`email` only where the service has a mail server.' }),
  recent: z.array(notification),
});
const ok = z.object({ ok: z.literal(true) });

/** Schemas of the youth and guardian APIs: the handlers validate with them and the OpenAPI document is made from them. */
const sourcedAudience = z.object({
  value: z.enum(AUDIENCES),
  rule: z.enum(RULE_IDS),
  layer: z.enum(['default', 'guardian', 'minor']),
});
const interactionsView = z.object({
  choices: interactionSettings.meta({ description: "The minor's own choices (only ever stricter)." }),
  effective: z.object({
    posts: sourcedAudience,
    comments: sourcedAudience,
    reposts: sourcedAudience,
    messages: sourcedAudience,
  }),
  blocked: z.number().int().meta({ description: 'How many users the minor blocked.' }),
});
const blockCreate = z.strictObject({ userRef: z.string().min(1).max(200) });
const block = z.object({ userRef: z.string(), blockedAt: iso });
const blockList = z.object({ blocks: z.array(block) });
const interactionCheck = z.strictObject({
  actorRef: z.string().min(1).max(200).meta({ description: 'Your id for the other user.' }),
  relation: z.enum(RELATIONS).meta({ description: 'How the other user stands to the minor.' }),
  action: z.enum(INTERACTIONS).meta({ description: 'view_posts, comment, repost or message.' }),
});

export const youthSchemas = {
  interactionSettings,
  interactionsView,
  blockCreate,
  block,
  blockList,
  interactionCheck,
  tenantPolicy,
  guardianSettings,
  decision,
  minor,
  minorOverview,
  minorPut,
  heartbeat,
  heartbeatResult,
  decisionRequest,
  decisionResult,
  purchaseCreate,
  purchase,
  purchaseResult,
  purchaseList,
  refundCreate,
  refundRequest,
  refundRequestList,
  bindingCodeCreate,
  bindingCode,
  requestCreate,
  request,
  requestWithRef,
  auditList,
  auditQuery,
  guardian,
  guardianCreate,
  sessionCreate,
  session,
  signInCodeCreate,
  accepted,
  boundMinor,
  boundMinorList,
  bindingRedeem,
  minorGuardians,
  settingsView,
  requestAnswer,
  requestOutcome,
  requestQuery,
  requestList,
  reportQuery,
  report,
  alert,
  alertList,
  alertQuery,
  notifyChoices,
  notifyChoicesPut,
  notificationsView,
  ok,
} as const;
