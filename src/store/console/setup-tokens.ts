import type { Kysely } from 'kysely';
import { hashSecret, randomSecret } from '../random-token.js';
import type { Database } from '../schema.js';

/** What a one-time token is for. */
export type SetupPurpose = 'admin_setup';

/**
 * Creates a one-time token and returns it; only its hash is stored. Used for the first administrator's setup link, printed
 * at start while no administrator exists, so there is never a fixed default password.
 */
export async function createSetupToken(
  db: Kysely<Database>,
  purpose: SetupPurpose,
  options: { readonly now: number; readonly ttlMs: number },
): Promise<string> {
  const token = randomSecret(32);
  await db
    .insertInto('setupTokens')
    .values({
      tokenHash: hashSecret(token),
      purpose,
      createdAt: options.now,
      expiresAt: options.now + options.ttlMs,
      usedAt: null,
    })
    .execute();
  return token;
}

/** True when the token is valid for the purpose, unused and unexpired (without using it up). */
export async function isSetupTokenValid(
  db: Kysely<Database>,
  token: string,
  purpose: SetupPurpose,
  now: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('setupTokens')
    .select('tokenHash')
    .where('tokenHash', '=', hashSecret(token))
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Uses the token up, in one statement so two racing requests cannot both succeed; true when it was valid. Call it inside the
 * transaction that creates what the token allows, so a failure leaves the token usable.
 */
export async function consumeSetupToken(
  db: Kysely<Database>,
  token: string,
  purpose: SetupPurpose,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('setupTokens')
    .set({ usedAt: now })
    .where('tokenHash', '=', hashSecret(token))
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
