import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** The minor the tenant registered under `minorRef`, or undefined: whether content aimed at someone is aimed at a known child. */
export async function findMinorByRef(
  db: Kysely<Database>,
  tenantId: string,
  minorRef: string,
): Promise<{ readonly id: string } | undefined> {
  return db
    .selectFrom('youthMinors')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('minorRef', '=', minorRef)
    .executeTakeFirst();
}
