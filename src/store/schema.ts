import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The tables this module owns, in camelCase: the store's Kysely instance carries CamelCasePlugin, so SQL stays snake_case and the
 * conversion happens here once. Times are integer milliseconds since the epoch (the same on SQLite and PostgreSQL); booleans are
 * 0/1 integers for the same reason.
 *
 * @NOTE Other modules that own tables (the console) declare their own interfaces and reach them with `db.withTables<T>()`, so this
 * file does not grow with every feature.
 */
export interface Database {
  tenants: TenantTable;
  apiKeys: ApiKeyTable;
  lexiconTerms: LexiconTermTable;
  lexiconVersions: LexiconVersionTable;
  decisions: DecisionTable;
  setupTokens: SetupTokenTable;
  webhooks: WebhookTable;
  webhookDeliveries: WebhookDeliveryTable;
  youthMinors: YouthMinorTable;
  youthTenantPolicies: YouthTenantPolicyTable;
  youthUsageDays: YouthUsageDayTable;
  youthHeartbeats: YouthHeartbeatTable;
  youthBlocks: YouthBlockTable;
  youthPurchases: YouthPurchaseTable;
  youthRefundRequests: YouthRefundRequestTable;
  youthRequests: YouthRequestTable;
  youthAuditEvents: YouthAuditEventTable;
  guardians: GuardianTable;
  guardianSessions: GuardianSessionTable;
  guardianSignInCodes: GuardianSignInCodeTable;
  guardianBindingCodes: GuardianBindingCodeTable;
  guardianBindings: GuardianBindingTable;
  guardianAlerts: GuardianAlertTable;
  guardianNotifications: GuardianNotificationTable;
  cases: CaseTable;
  reports: ReportTable;
  caseEvents: CaseEventTable;
  evidence: EvidenceTable;
}

export interface TenantTable {
  id: string;
  name: string;
  /** 1 when the tenant opted in to keeping raw text in the decision log. */
  storeText: number;
  /** Days decisions are kept; null means the configured default. */
  retentionDays: number | null;
  /** The newest lexicon version; 0 means the default lexicon alone. */
  lexiconVersion: number;
  createdAt: number;
  /** Flag model scores from this probability on where that is stricter than the age band's default; null: the default. */
  modelThreshold: number | null;
}

export interface ApiKeyTable {
  id: string;
  tenantId: string;
  name: string;
  /** Scopes separated by spaces. */
  scopes: string;
  /** SHA-256 of the secret, hex. */
  secretHash: string;
  /** Requests a second this key may make; null means the configured default. */
  rateLimit: number | null;
  createdAt: number;
  revokedAt: number | null;
}

export interface LexiconTermTable {
  tenantId: string;
  term: string;
  /** `add` a term, `disable` a default term, or `allow` an exception. */
  kind: string;
  category: string | null;
  severity: string | null;
  /** Variant switches as written in a lexicon line (`+pinyin -repeat`), or null. */
  variants: string | null;
  updatedAt: number;
}

export interface LexiconVersionTable {
  tenantId: string;
  version: number;
  /** The tenant's lexicon source exactly as compiled on top of the default sources. */
  source: string;
  /** JSON summary of the change that made this version. */
  change: string;
  createdAt: number;
}

export interface DecisionTable {
  id: Generated<number>;
  tenantId: string;
  keyId: string | null;
  requestId: string;
  /** Position in a batch request; null for a single call. */
  itemIndex: number | null;
  userRef: string | null;
  contentRef: string | null;
  surface: string | null;
  ageBand: string;
  action: string;
  flagged: number;
  /** JSON array of category ids. */
  categories: string;
  /** JSON array of matches, without the matched text unless the tenant keeps text. */
  matches: string;
  text: string | null;
  textLength: number;
  lexiconVersion: number;
  createdAt: number;
  /** The minor (the platform's minorRef) the text was aimed at, when the caller said so. */
  targetRef: string | null;
  /** JSON object of model scores by category (those that matter, see toDecisionRow); null: no model stage. */
  scores: string | null;
  /** JSON array of model signals, without the span's text unless the tenant keeps text; null: no model stage. */
  signals: string | null;
}

export interface SetupTokenTable {
  tokenHash: string;
  purpose: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/** A case: reports on one subject. Every column after `subjectKey` is derived from the case's events (a cache for queries). */
export interface CaseTable {
  id: string;
  tenantId: string;
  /** `content`, `user` or `conversation`. */
  subjectKind: string;
  /** What groups reports: `content:<ref>`, `user:<ref>`, `conversation:<ref>`, or `report:<id>` for a report alone. */
  subjectKey: string;
  status: string;
  /** 0 (critical) to 4 (low): the most urgent of its reports. */
  priority: number;
  category: string;
  minorInvolved: number;
  assignee: string | null;
  reportCount: number;
  openedAt: number;
  /** When the pending response is due (SLA); null when nothing is pending. */
  dueAt: number | null;
  firstActionAt: number | null;
  /** 1 once a response came after its due time. */
  slaBreached: number;
  closedAt: number | null;
  updatedAt: number;
  /** JSON of the whole derived state (`CaseState`), advanced one event at a time. */
  state: string;
}

export interface ReportTable {
  id: string;
  tenantId: string;
  caseId: string;
  /** SHA-256 of the tracking code, hex: the code itself is shown to the reporter once. */
  trackingCodeHash: string;
  /** `api` or `public`. */
  channel: string;
  keyId: string | null;
  subjectKind: string;
  subjectKey: string;
  /** JSON of the reported subject with its snapshot. */
  subject: string;
  category: string;
  reporterRole: string;
  reporterRef: string | null;
  minorInvolved: number;
  description: string | null;
  contact: string | null;
  anonymous: number;
  priority: number;
  /** The highest severity the engine found in the snapshot, or null. */
  severity: string | null;
  /** JSON of the engine verdict on the snapshot. */
  verdict: string;
  lexiconVersion: number;
  evidenceSeq: number;
  createdAt: number;
}

export interface CaseEventTable {
  id: Generated<number>;
  caseId: string;
  tenantId: string;
  type: string;
  actor: string;
  /** JSON, by type. */
  payload: string;
  createdAt: number;
}

export interface EvidenceTable {
  /** Position in the chain, from 1, without gaps. */
  seq: number;
  tenantId: string;
  caseId: string | null;
  reportId: string | null;
  kind: string;
  /** Canonical JSON (keys sorted, no spaces): exactly the bytes hashed. */
  content: string;
  /** SHA-256 of `content`, hex. */
  contentHash: string;
  /** `hash` of the previous record; 64 zeros for the first. */
  prevHash: string;
  /** SHA-256 over seq, time, content hash and previous hash: what the next record links to. */
  hash: string;
  createdAt: number;
}

export interface WebhookTable {
  id: string;
  tenantId: string;
  url: string;
  /** The signing secret; kept as written because every delivery is signed with it. */
  secret: string;
  /** Event types separated by spaces; `*` for every type. */
  eventTypes: string;
  createdAt: number;
  disabledAt: number | null;
}

export interface WebhookDeliveryTable {
  id: string;
  tenantId: string;
  webhookId: string;
  eventType: string;
  /** The JSON body sent, exactly. */
  payload: string;
  /** `pending`, `delivered` or `failed` (gave up). */
  status: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** A minor known to a tenant by the platform's pseudonymous ref. */
export interface YouthMinorTable {
  id: string;
  tenantId: string;
  minorRef: string;
  /** 1 while youth mode is on. */
  youthMode: number;
  /** `YYYY-MM-DD`, verified or declared; null when only a band was declared. */
  birthDate: string | null;
  birthDateVerified: number;
  /** A band declared without a birth date. */
  declaredBand: string | null;
  /** The band as last computed; a change is an audit event. */
  band: string;
  lockedAt: number | null;
  /** The guardian id that locked, or `platform`. */
  lockedBy: string | null;
  /** JSON GuardianSettings: the guardians' choices only, kept apart from the defaults. */
  guardianSettings: string;
  /** JSON array of features a guardian consented to. */
  consents: string;
  /** JSON InteractionSettings: the minor's own (only ever stricter) choices of who sees, comments on and reposts posts. */
  interactionChoices: ColumnType<string, string | undefined, string>;
  createdAt: number;
  updatedAt: number;
}

export interface YouthBlockTable {
  minorId: string;
  /** The platform's id for the blocked user. */
  userRef: string;
  createdAt: number;
}

export interface YouthTenantPolicyTable {
  tenantId: string;
  /** JSON TenantPolicy. */
  policy: string;
  updatedAt: number;
}

/** One minor's device-wide usage on one Asia/Shanghai day; the row heartbeats lock. */
export interface YouthUsageDayTable {
  minorId: string;
  dayKey: string;
  usedSeconds: number;
  continuousSeconds: number;
  lastActiveAt: number | null;
  /** Extra seconds granted by guardians that day. */
  extraSeconds: number;
}

export interface YouthHeartbeatTable {
  minorId: string;
  eventId: string;
  deviceId: string;
  appId: string | null;
  /** The time the device reported. */
  occurredAt: number;
  /** The time it was counted at, after clamping. */
  countedAt: number;
  dayKey: string;
  seconds: number;
  creditedSeconds: number;
  /** JSON array of clamps applied. */
  clamps: string;
  /** JSON of the answer given, repeated for a retried event id. */
  answer: string;
  receivedAt: number;
}

export interface YouthPurchaseTable {
  id: string;
  minorId: string;
  idempotencyKey: string;
  amountFen: number;
  kind: string;
  appId: string | null;
  description: string | null;
  monthKey: string;
  /** `completed`, `denied` or `pending_approval` (then `completed` or `denied` when the guardian answers). */
  status: string;
  answer: string;
  createdAt: number;
  updatedAt: number;
}

export interface YouthRefundRequestTable {
  id: string;
  minorId: string;
  purchaseId: string;
  reason: string;
  status: string;
  createdAt: number;
}

export interface YouthRequestTable {
  id: string;
  tenantId: string;
  minorId: string;
  /** `extra_time`, `purchase`, `feature`, `app_exception` or `mode_exit`. */
  kind: string;
  /** JSON of what is asked (minutes, purchase id, feature, app id). */
  details: string;
  /** `pending`, `approved`, `denied` or `expired`. */
  status: string;
  answeredBy: string | null;
  answeredAt: number | null;
  note: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface YouthAuditEventTable {
  id: Generated<number>;
  tenantId: string;
  minorId: string | null;
  /** `guardian`, `platform` or `system`. */
  actorType: string;
  actorId: string | null;
  action: string;
  oldValue: string | null;
  newValue: string | null;
  createdAt: number;
}

export interface GuardianTable {
  id: string;
  /** A phone number or e-mail address, normalized; where one-time codes go. */
  identifier: string;
  displayName: string;
  passwordHash: string | null;
  failedCount: number;
  lockedUntil: number | null;
  createdAt: number;
  /** When the last one-time code went out, and how many went out since `codesWindowAt` (one day's window). */
  codeSentAt: ColumnType<number | null, number | null | undefined, number | null>;
  codesSent: ColumnType<number, number | undefined, number>;
  codesWindowAt: ColumnType<number | null, number | null | undefined, number | null>;
  /** JSON NotifyChoices as the guardian set them; `{}`: the defaults. */
  notifyChoices: ColumnType<string, string | undefined, string>;
}

export interface GuardianSessionTable {
  tokenHash: string;
  guardianId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface GuardianSignInCodeTable {
  guardianId: string;
  codeHash: string;
  attempts: number;
  createdAt: number;
  expiresAt: number;
}

export interface GuardianBindingCodeTable {
  codeHash: string;
  minorId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedBy: string | null;
}

export interface GuardianBindingTable {
  guardianId: string;
  minorId: string;
  /** `primary` or `secondary`. */
  role: string;
  createdAt: number;
}

export interface GuardianAlertTable {
  id: string;
  guardianId: string;
  minorId: string;
  tenantId: string;
  decisionRequestId: string;
  /** JSON array of the risky categories. */
  categories: string;
  action: string;
  createdAt: number;
  readAt: number | null;
}

/** One alert on its way to a guardian through one channel: an outbox row, retried like a webhook delivery. */
export interface GuardianNotificationTable {
  id: string;
  guardianId: string;
  alertId: string;
  /** `message` (the deployment's sender, to the account's phone or e-mail) or `email` (SMTP). */
  channel: string;
  /** Where it goes: the account's identifier or the chosen e-mail address, fixed when the alert was raised. */
  address: string;
  /** `pending`, `delivered` or `failed` (after the last retry). */
  status: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export type TenantRow = Selectable<TenantTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type LexiconTermRow = Selectable<LexiconTermTable>;
export type LexiconVersionRow = Selectable<LexiconVersionTable>;
export type DecisionRow = Selectable<DecisionTable>;
export type NewDecision = Insertable<DecisionTable>;
export type WebhookRow = Selectable<WebhookTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type YouthMinorRow = Selectable<YouthMinorTable>;
export type YouthPurchaseRow = Selectable<YouthPurchaseTable>;
export type YouthRequestRow = Selectable<YouthRequestTable>;
export type GuardianRow = Selectable<GuardianTable>;
export type CaseRow = Selectable<CaseTable>;
export type ReportRow = Selectable<ReportTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
export type EvidenceRow = Selectable<EvidenceTable>;
