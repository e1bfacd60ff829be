export { openStore, parseDatabaseUrl } from './open-store.js';
export type { DatabaseLocation, Store, StoreOptions } from './open-store.js';
export type { DecisionLog, DecisionLogObserver } from './moderation/index.js';
export { dialectOf } from './dialect.js';
export type { Dialect } from './dialect.js';
export { MIGRATIONS, migrateToLatest, pendingMigrations } from './migrations/index.js';
export type * from './schema.js';
export {
  createTenant,
  getTenant,
  isModelThreshold,
  isTenantId,
  listTenants,
  updateTenantSettings,
} from './console/index.js';
export type { Tenant, TenantSettings } from './console/index.js';
export { SCOPES, checkApiKey, createApiKey, isScope, listApiKeys, revokeApiKey } from './console/index.js';
export type { ApiKey, KeyCheck, Scope } from './console/index.js';
export {
  TERM_KINDS,
  changeTenantLexicon,
  currentLexiconVersions,
  getTenantLexicon,
  getTenantLexiconSource,
  listTenantLexiconVersions,
  renderTenantSource,
} from './moderation/index.js';
export type { LexiconChange, LexiconVersionInfo, TenantTerm, TermKind } from './moderation/index.js';
export { LOGGED_SCORE_FLOOR, listDecisions, purgeDecisions, toDecisionRow } from './moderation/index.js';
export type { Decision, DecisionInput, DecisionQuery, LoggedMatch, LoggedSignal } from './moderation/index.js';
export { consumeSetupToken, createSetupToken, isSetupTokenValid } from './console/index.js';
export type { SetupPurpose } from './console/index.js';
export { hashSecret, randomId, randomSecret } from './random-token.js';
export { DEFAULT_LEXICON_DIR, loadDefaultLexiconSources, loadLexicon, readLexiconSources } from './moderation/index.js';
export { DEFAULT_MODEL_FILE, loadModel } from './moderation/index.js';
export {
  CONSOLE_ROLES,
  LOCKOUT,
  PASSWORD_MIN_LENGTH,
  SESSION_LIFETIME,
  createConsoleUser,
  findSession,
  hasConsoleAdmin,
  isConsoleRole,
  listConsoleUsers,
  redeemSetupToken,
  setConsoleUserDisabled,
  setConsoleUserPassword,
  signIn,
  signOut,
  purgeExpiredSessions,
} from './console/index.js';
export type { ConsoleRole, ConsoleSession, ConsoleUser, SignInResult } from './console/index.js';
// Reports, cases, evidence (举报机制). Every function takes the Kysely handle first and time as a parameter.
export {
  CASE_EVENT_TYPES,
  CASE_STATUSES,
  CRITICAL_CATEGORIES,
  DEFAULT_SLA,
  MODERATION_ACTIONS,
  NOTE_VISIBILITIES,
  OPEN_STATUSES,
  PRIORITIES,
  REPORT_CATEGORIES,
  REPORT_CHANNELS,
  REPORTER_ROLES,
  SUBJECT_KINDS,
  deriveCaseState,
  foldCaseEvent,
  isEnforcement,
  isOpenStatus,
  isReportCategory,
  isSlaBreached,
  triagePriority,
} from './reports/index.js';
export type {
  CaseEvent,
  CaseEventBody,
  CaseEventType,
  CaseState,
  CaseStatus,
  ModerationAction,
  NoteVisibility,
  Priority,
  ReportCategory,
  ReportChannel,
  ReporterRole,
  SlaPolicy,
  SubjectKind,
} from './reports/index.js';
export {
  REPORT_LIMITS,
  checkReportInput,
  fileReport,
  getReport,
  getReportStatus,
  normalizeTrackingCode,
  reporterStatusOf,
  screenedTextOf,
  subjectKeyOf,
} from './reports/index.js';
export type {
  ContentSnapshot,
  ExcerptMessage,
  FiledReport,
  IntakeContext,
  Report,
  ReportInput,
  ReportScreening,
  ReportStatus,
  ReportSubject,
  Screen,
} from './reports/index.js';
export {
  REPORT_STATUS_CHANGED,
  enqueueReportStatusChanged,
  getCase,
  listCaseQueue,
  listCaseViews,
  listSlaBreaches,
  loadCaseEvents,
  loadCaseState,
  logCaseView,
  recordCaseEvent,
} from './reports/index.js';
export type { CaseDetail, CaseEventInput, CaseQuery, CaseSummary, CaseView } from './reports/index.js';
export { quantile, reportStats } from './reports/index.js';
export type { ReportStats } from './reports/index.js';
export {
  EVIDENCE_KINDS,
  GENESIS_HASH,
  canonicalJson,
  checkEvidenceRecord,
  evidenceRecordHash,
  getEvidenceRecord,
  listCaseEvidence,
  sha256Hex,
  verifyEvidenceChain,
} from './reports/index.js';
export type { EvidenceKind, EvidenceProblem, EvidenceRecord, EvidenceVerification } from './reports/index.js';
export { VERIFICATION_NOTE, exportCaseBundle } from './reports/index.js';
export type { CaseBundle } from './reports/index.js';
export {
  WEBHOOK_CLAIM_LEASE_MS,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_RETRY,
  checkWebhookUrl,
  claimDueDeliveries,
  createWebhook,
  disableWebhook,
  enqueueWebhookEvent,
  listWebhookDeliveries,
  listWebhooks,
  markDeliveryDelivered,
  markDeliveryFailed,
  webhookBackoffMs,
} from './webhooks/index.js';
export type { ClaimedDelivery, Webhook, WebhookDelivery, WebhookDeliveryStatus } from './webhooks/index.js';
// Youth mode: minors, usage, purchases, requests, tenant policies and the audit trail.
export {
  decideForMinor,
  getMinorById,
  getMinorByRef,
  getMinorOverview,
  getTenantPolicy,
  isMinorRef,
  listAuditEvents,
  minorIdOf,
  putMinor,
  putTenantPolicy,
} from './youth/index.js';
export type { Actor, AuditEvent, Minor, MinorInput, MinorOverview, YouthContext } from './youth/index.js';
// Interaction controls (条例 Art 26): who sees a minor's posts, comments and reposts them, and whom the minor blocked.
export {
  blockUser,
  checkInteraction,
  getInteractions,
  listBlocks,
  setInteractionChoices,
  unblockUser,
} from './youth/index.js';
export type { InteractionsView } from './youth/index.js';
export { recordHeartbeat, usageByDay } from './youth/index.js';
export type { HeartbeatInput, HeartbeatResult } from './youth/index.js';
export { PURCHASE_STATUSES, listPurchases, listRefundRequests, recordPurchase, requestRefund } from './youth/index.js';
export type { Purchase, PurchaseInput, PurchaseStatus, RefundRequest } from './youth/index.js';
export {
  EXTRA_TIME_MINUTES,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  REQUEST_TTL_MS,
  answerRequest,
  createRequest,
  getRequest,
  listGuardianRequests,
  listMinorRequests,
} from './youth/index.js';
export type { RequestDetails, RequestKind, RequestOutcome, RequestStatus, YouthRequest } from './youth/index.js';
export { weekStartOf, weeklyReport } from './youth/index.js';
export type { WeeklyReport } from './youth/index.js';
// Guardians: accounts and sessions (bearer token for the API, cookie for the portal), bindings, settings, alerts.
export {
  GUARDIAN_CODE,
  GUARDIAN_LOCKOUT,
  GUARDIAN_PASSWORD_MIN_LENGTH,
  GUARDIAN_SESSION_LIFETIME,
  createGuardian,
  findGuardianSession,
  getGuardian,
  issueGuardianSignInCode,
  normalizeGuardianIdentifier,
  purgeExpiredGuardianSessions,
  reverifyGuardian,
  signInGuardian,
  signInGuardianWithCode,
  signOutGuardian,
} from './youth/index.js';
export type { Guardian, GuardianSession, GuardianSignInResult } from './youth/index.js';
export {
  BINDING_CODE,
  GUARDIAN_ROLES,
  issueBindingCode,
  listGuardianMinors,
  listMinorGuardians,
  redeemBindingCode,
  requireBinding,
  unbindGuardian,
} from './youth/index.js';
export type { Binding, BoundMinor, GuardianRole } from './youth/index.js';
export { getGuardianSettings, setMinorLock, updateGuardianSettings } from './youth/index.js';
export type { GuardianSettingsView } from './youth/index.js';
export { ALERT_CATEGORIES, listGuardianAlerts, markGuardianAlertRead, raiseGuardianAlerts } from './youth/index.js';
export type { GuardianAlert } from './youth/index.js';
export {
  DEFAULT_NOTIFY_CHOICES,
  NOTIFY_CHANNELS,
  URGENT_ALERT_CATEGORIES,
  checkNotifyChoices,
  claimDueNotifications,
  getNotifyChoices,
  listGuardianNotifications,
  markNotificationDelivered,
  markNotificationFailed,
  quietHoursEnd,
  retryGuardianNotification,
  retryFailedNotification,
  listNotificationFailures,
  setNotifyChoices,
} from './youth/index.js';
export type {
  AlertCategory,
  ClaimedNotification,
  GuardianNotification,
  NotifyChannel,
  NotifyChoices,
} from './youth/index.js';
export { OUTBOX_RETRY, OUTBOX_STATUSES, type OutboxStatus } from './outbox.js';
// Conversation risk (issue 16): each conversation's running risk state, its latest messages and each sender's history.
export {
  CONVERSATION_LIMITS,
  checkConversationMessage,
  countConversationMessages,
  getConversation,
  listConversationMessages,
  listRiskyConversations,
  purgeConversations,
  recordConversationMessage,
  setConversationCase,
} from './conversations/index.js';
export type {
  ConversationMessageInput,
  ConversationRecord,
  ConversationTables,
  ParticipantInput,
  RecordedMessage,
  StoredConversationMessage,
} from './conversations/index.js';
// The youth content pool (issue 17): items rated per band, reviews, re-rating and the history.
export * from './pool/index.js';
// Bulk sweeps (issue 19): backlogs of texts moderated by workers, each item recorded once.
export * from './sweeps/index.js';
export { listenForNotices, sendNotice } from './notices.js';
export type { NoticeListener } from './notices.js';
// Minors' personal information (issue 18): register, consents, the access log, rights requests, retention, field encryption.
export * from './privacy/index.js';
// Compliance (issue 18): the incident register and the annual reports' figures.
export * from './compliance/index.js';
