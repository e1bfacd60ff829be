export { openStore, parseDatabaseUrl } from './open-store.js';
export type { DatabaseLocation, Store, StoreOptions } from './open-store.js';
export type { DecisionLog, DecisionLogObserver } from './decision-log.js';
export { dialectOf } from './dialect.js';
export type { Dialect } from './dialect.js';
export { MIGRATIONS, migrateToLatest, pendingMigrations } from './migrations/index.js';
export type * from './schema.js';
export { createTenant, getTenant, isTenantId, listTenants, updateTenantSettings } from './tenants.js';
export type { Tenant, TenantSettings } from './tenants.js';
export { SCOPES, checkApiKey, createApiKey, isScope, listApiKeys, revokeApiKey } from './api-keys.js';
export type { ApiKey, KeyCheck, Scope } from './api-keys.js';
export {
  TERM_KINDS,
  changeTenantLexicon,
  currentLexiconVersions,
  getTenantLexicon,
  getTenantLexiconSource,
  listTenantLexiconVersions,
  renderTenantSource,
} from './tenant-lexicon.js';
export type { LexiconChange, LexiconVersionInfo, TenantTerm, TermKind } from './tenant-lexicon.js';
export { listDecisions, purgeDecisions, toDecisionRow } from './decisions.js';
export type { Decision, DecisionInput, DecisionQuery, LoggedMatch } from './decisions.js';
export { consumeSetupToken, createSetupToken, isSetupTokenValid } from './setup-tokens.js';
export type { SetupPurpose } from './setup-tokens.js';
export { hashSecret, randomId, randomSecret } from './random-token.js';
export { DEFAULT_LEXICON_DIR, loadDefaultLexiconSources, loadLexicon, readLexiconSources } from './lexicon-files.js';
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
  signIn,
  signOut,
  purgeExpiredSessions,
} from './console-users.js';
export type { ConsoleRole, ConsoleSession, ConsoleUser, SignInResult } from './console-users.js';
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
} from './webhooks.js';
export type { ClaimedDelivery, Webhook, WebhookDelivery, WebhookDeliveryStatus } from './webhooks.js';
