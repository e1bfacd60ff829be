import type { Generated, Insertable, Selectable } from 'kysely';

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
}

export interface SetupTokenTable {
  tokenHash: string;
  purpose: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
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

export type TenantRow = Selectable<TenantTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type LexiconTermRow = Selectable<LexiconTermTable>;
export type LexiconVersionRow = Selectable<LexiconVersionTable>;
export type DecisionRow = Selectable<DecisionTable>;
export type NewDecision = Insertable<DecisionTable>;
export type WebhookRow = Selectable<WebhookTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
