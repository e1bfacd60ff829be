import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import { hashSecret, randomId, randomSecret } from '../random-token.js';
import type { ApiKeyRow, Database } from '../schema.js';

/** What a key may do; `report` files reports and appeals on behalf of users, `review` works the cases. */
export const SCOPES = ['moderate', 'report', 'youth', 'guardian', 'review', 'admin', 'pool'] as const;
export type Scope = (typeof SCOPES)[number];

/** True when the string is a scope. */
export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** An API key as stored: never the secret, only its hash. */
export interface ApiKey {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** Requests a second; null means the configured default. */
  readonly rateLimit: number | null;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** The result of checking a presented key. */
export type KeyCheck =
  { readonly status: 'valid'; readonly key: ApiKey } | { readonly status: 'malformed' | 'unknown' | 'revoked' };

const KEY_PREFIX = 'qlk_';
const KEY_ID_LENGTH = 12;
const TOKEN = /^qlk_([a-z2-9]{12})_([A-Za-z0-9_-]{43})$/;

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    scopes: row.scopes.split(' ').filter(isScope),
    rateLimit: row.rateLimit,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}

/**
 * Creates a key and returns it with its token, which is shown this once: only a hash is stored. The token is
 * `qlk_<id>_<secret>`; the id finds the row, the secret is compared by hash.
 */
export async function createApiKey(
  db: Kysely<Database>,
  input: {
    readonly tenantId: string;
    readonly scopes: readonly Scope[];
    readonly name?: string | undefined;
    readonly rateLimit?: number | null | undefined;
  },
  now: number,
): Promise<{ readonly key: ApiKey; readonly token: string }> {
  if (input.scopes.length === 0) {
    throw new AppError('validation_failed', 'A key needs at least one scope.', [{ message: 'empty', path: 'scopes' }]);
  }
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', input.tenantId).executeTakeFirst();
  if (tenant === undefined) throw new AppError('not_found', `No tenant ${input.tenantId}.`);
  const id = randomId(KEY_ID_LENGTH);
  const secret = randomSecret(32);
  const row: ApiKeyRow = {
    id,
    tenantId: input.tenantId,
    name: input.name ?? '',
    scopes: [...new Set(input.scopes)].join(' '),
    secretHash: hashSecret(secret),
    rateLimit: input.rateLimit ?? null,
    createdAt: now,
    revokedAt: null,
  };
  await db.insertInto('apiKeys').values(row).execute();
  return { key: toApiKey(row), token: `${KEY_PREFIX}${id}_${secret}` };
}

/** Checks a presented token against the stored hash. */
export async function checkApiKey(db: Kysely<Database>, token: string): Promise<KeyCheck> {
  const parts = TOKEN.exec(token);
  if (parts === null) return { status: 'malformed' };
  const row = await db.selectFrom('apiKeys').selectAll().where('id', '=', parts[1]!).executeTakeFirst();
  if (row === undefined) return { status: 'unknown' };
  const expected = Buffer.from(row.secretHash, 'hex');
  const actual = Buffer.from(hashSecret(parts[2]!), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { status: 'unknown' };
  if (row.revokedAt !== null) return { status: 'revoked' };
  return { status: 'valid', key: toApiKey(row) };
}

/** The tenant's keys, newest first, revoked ones included. */
export async function listApiKeys(db: Kysely<Database>, tenantId: string): Promise<readonly ApiKey[]> {
  const rows = await db
    .selectFrom('apiKeys')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toApiKey);
}

/** Revokes a key of the tenant; revoking twice keeps the first time. Unknown key is not_found. */
export async function revokeApiKey(db: Kysely<Database>, tenantId: string, id: string, now: number): Promise<ApiKey> {
  await db
    .updateTable('apiKeys')
    .set({ revokedAt: now })
    .where('id', '=', id)
    .where('tenantId', '=', tenantId)
    .where('revokedAt', 'is', null)
    .execute();
  const row = await db
    .selectFrom('apiKeys')
    .selectAll()
    .where('id', '=', id)
    .where('tenantId', '=', tenantId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No key ${id}.`);
  return toApiKey(row);
}
