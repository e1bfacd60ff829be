import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { openWith, sealWith, sealedKeyId, type FieldKeyring } from './field-crypto.js';

/** How many values `sealPlaintextColumns` sealed (plaintext from before) and re-sealed (an older key), by column. */
export interface SealResult {
  readonly sealed: Readonly<Record<string, number>>;
  readonly resealed: Readonly<Record<string, number>>;
}

const PAGE = 500;

/**
 * Brings every sealed column up to the keyring's current key: plaintext written before encryption (or by a library user
 * without a keyring) is sealed, values sealed with the previous key are re-sealed. Run at start-up; after it, the previous
 * key may be dropped from the configuration. Rows are rewritten a page at a time, so it is safe to interrupt.
 */
export async function sealPlaintextColumns(db: Kysely<Database>, keyring: FieldKeyring): Promise<SealResult> {
  const sealed: Record<string, number> = {};
  const resealed: Record<string, number> = {};
  const count = (column: string, stored: string): void => {
    const target = sealedKeyId(stored) === undefined ? sealed : resealed;
    target[column] = (target[column] ?? 0) + 1;
  };
  const stale = (stored: string): boolean => sealedKeyId(stored) !== keyring.current.id;
  const bring = (column: string, stored: string): string =>
    sealWith(keyring, column, openWith(keyring, column, stored));

  for (const [table, key, column, field] of [
    ['youth_minors', 'id', 'birth_date', 'birth_date'],
    ['reports', 'id', 'contact', 'contact'],
  ] as const) {
    let after = '';
    for (;;) {
      const { rows } = await sql<{
        id: string;
        value: string;
      }>`select ${sql.ref(key)} as id, ${sql.ref(column)} as value
        from ${sql.table(table)} where ${sql.ref(column)} is not null and ${sql.ref(key)} > ${after}
        order by ${sql.ref(key)} limit ${PAGE}`.execute(db);
      for (const row of rows) {
        if (!stale(row.value)) continue;
        count(`${table}.${column}`, row.value);
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${bring(field, row.value)}
          where ${sql.ref(key)} = ${row.id}`.execute(db);
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.id;
    }
  }

  // Birth dates recorded in the minors' audit trail (old → new values of a registration or an update).
  let afterId = 0;
  for (;;) {
    const { rows } = await sql<{ id: number | string; oldValue: string | null; newValue: string | null }>`
      select id, old_value, new_value from youth_audit_events
      where id > ${afterId} and (old_value like '%"birthDate":"%' or new_value like '%"birthDate":"%')
      order by id limit ${PAGE}`.execute(db);
    for (const row of rows) {
      const next: Record<'oldValue' | 'newValue', string | null> = { oldValue: row.oldValue, newValue: row.newValue };
      let changed = false;
      for (const side of ['oldValue', 'newValue'] as const) {
        const text = row[side];
        if (text === null) continue;
        const value = JSON.parse(text) as Record<string, unknown>;
        const birthDate = value['birthDate'];
        if (typeof birthDate !== 'string' || !stale(birthDate)) continue;
        count('youth_audit_events.birthDate', birthDate);
        next[side] = JSON.stringify({ ...value, birthDate: bring('birth_date', birthDate) });
        changed = true;
      }
      if (changed) {
        await sql`update youth_audit_events set old_value = ${next.oldValue}, new_value = ${next.newValue}
          where id = ${row.id}`.execute(db);
      }
    }
    if (rows.length < PAGE) break;
    afterId = Number(rows[rows.length - 1]!.id);
  }
  return { sealed, resealed };
}
