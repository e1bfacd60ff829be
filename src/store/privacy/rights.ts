import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { AppError } from '../../lib/index.js';
import type { Database } from '../schema.js';
import { logAccess, type AccessChannel } from './access-log.js';
import { listConsents, type Consent } from './consent.js';
import { openField } from './field-crypto.js';
import { PI_TABLES, type Bilingual, type PiTable } from './register.js';
import { privacyTables, type PiRightsRequestTable } from './tables.js';

/** The kinds of request a guardian (or the platform for them) can make about a child's data. */
export const RIGHTS_KINDS = ['export', 'erasure'] as const;
export type RightsKind = (typeof RIGHTS_KINDS)[number];

/** One child, as the store knows them: by the internal id and the platform's ref within its tenant. */
export interface ChildIds {
  readonly tenantId: string;
  readonly minorId: string;
  readonly minorRef: string;
}

/** Who asked, and through what. */
export interface Requester {
  /** `guardian:<id>`, `user:<console user>` or `key:<API key id>`. */
  readonly actor: string;
  readonly channel: AccessChannel;
}

/** One table's part of an erasure receipt. */
export interface ReceiptLine {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: number;
}

/** What an erasure removed and what it kept, and why: table and column names and counts, never values. */
export interface ErasureReceipt {
  readonly requestId: string;
  readonly tenantId: string;
  readonly minorId: string;
  readonly receivedAt: number;
  readonly completedAt: number;
  readonly deleted: readonly ReceiptLine[];
  readonly anonymised: readonly ReceiptLine[];
  readonly kept: readonly (ReceiptLine & { readonly why: Bilingual })[];
}

/** A rights request as recorded, for the console, the portal and the compliance report (timeliness). */
export interface RightsRequest {
  readonly id: string;
  readonly tenantId: string;
  readonly minorId: string;
  readonly kind: RightsKind;
  readonly channel: AccessChannel;
  readonly requestedBy: string;
  readonly status: 'received' | 'completed';
  readonly receivedAt: number;
  readonly completedAt: number | null;
  readonly receipt: ErasureReceipt | null;
}

/** Everything the store holds about one child, for the child's guardian: one section per table, sealed fields opened. */
export interface MinorExport {
  readonly generatedAt: number;
  readonly tenantId: string;
  readonly minorId: string;
  readonly minorRef: string;
  readonly sections: readonly {
    readonly table: string;
    readonly purpose: Bilingual;
    readonly rows: readonly Record<string, unknown>[];
  }[];
  /** Records that mention the child but belong to a case or the evidence chain: counted, not copied (they hold others' data). */
  readonly heldAsEvidence: readonly { readonly table: string; readonly rows: number; readonly why: Bilingual }[];
  readonly consents: readonly Consent[];
}

type Row = Record<string, unknown>;

/** The child's ids from the internal id; `not_found` when unknown. */
export async function childIds(db: Kysely<Database>, minorId: string): Promise<ChildIds> {
  const row = await db
    .selectFrom('youthMinors')
    .select(['id', 'tenantId', 'minorRef'])
    .where('id', '=', minorId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No minor ${minorId}.`);
  return { tenantId: row.tenantId, minorId: row.id, minorRef: row.minorRef };
}

const likeQuoted = (value: string): string => `%${JSON.stringify(value).replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The conversations the child took part in: as target, sender, receiver or named participant. */
async function childConversations(db: Kysely<Database>, child: ChildIds): Promise<readonly string[]> {
  const { rows } = await sql<{ conversationRef: string }>`
    select conversation_ref from conversations where tenant_id = ${child.tenantId}
      and (target_ref = ${child.minorRef} or state like ${likeQuoted(child.minorRef)} escape '\\')
    union select conversation_ref from conversation_messages where tenant_id = ${child.tenantId}
      and (sender_ref = ${child.minorRef} or receivers like ${likeQuoted(child.minorRef)} escape '\\')
    union select conversation_ref from conversation_senders where tenant_id = ${child.tenantId}
      and (target_ref = ${child.minorRef} or sender_ref = ${child.minorRef})`.execute(db);
  return rows.map((r) => r.conversationRef);
}

/** The conversations tied to a case that is still open: they are its evidence. */
async function openCaseConversations(
  db: Kysely<Database>,
  child: ChildIds,
  refs: readonly string[],
): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const { rows } = await sql<{ conversationRef: string }>`
    select c.conversation_ref from conversations c join cases k on k.id = c.case_id
    where c.tenant_id = ${child.tenantId} and k.closed_at is null
      and c.conversation_ref in (${sql.join(refs.map((r) => sql`${r}`))})`.execute(db);
  return new Set(rows.map((r) => r.conversationRef));
}

/** The SQL condition that finds a table's rows about the child. */
function childCondition(entry: PiTable, child: ChildIds, conversations: readonly string[]): RawBuilder<unknown> {
  const link = entry.link;
  switch (link.by) {
    case 'minor_id':
      return sql`${sql.ref(link.column)} = ${child.minorId}`;
    case 'minor_ref':
      return sql`tenant_id = ${child.tenantId} and ${sql.ref(link.column)} = ${child.minorRef}`;
    case 'refs':
      return sql`tenant_id = ${child.tenantId} and (${sql.join(
        link.columns.map((c) => sql`${sql.ref(c)} = ${child.minorRef}`),
        sql` or `,
      )})`;
    case 'alerts':
      return sql`alert_id in (select id from guardian_alerts where minor_id = ${child.minorId})`;
    case 'conversation':
      return conversations.length === 0
        ? sql`1 = 0`
        : sql`tenant_id = ${child.tenantId} and conversation_ref in (${sql.join(conversations.map((r) => sql`${r}`))})`;
    case 'reporter':
      return sql`tenant_id = ${child.tenantId} and (reporter_ref = ${child.minorRef} or subject_key = ${`user:${child.minorRef}`})`;
    case 'case_subject':
      return sql`tenant_id = ${child.tenantId} and subject_key = ${`user:${child.minorRef}`}`;
    case 'sweep_mentions':
      return sql`sweep_id in (select id from sweeps where tenant_id = ${child.tenantId}) and (${sql.join(
        link.columns.flatMap((c) => [
          sql`${sql.ref(c)} like ${likeQuoted(child.minorRef)} escape '\\'`,
          sql`${sql.ref(c)} like ${likeQuoted(child.minorId)} escape '\\'`,
        ]),
        sql` or `,
      )})`;
    case 'mentions':
      return sql`tenant_id = ${child.tenantId} and (${sql.ref(link.column)} like ${likeQuoted(child.minorRef)} escape '\\'
        or ${sql.ref(link.column)} like ${likeQuoted(child.minorId)} escape '\\')`;
  }
}

async function countWhere(db: Kysely<Database>, table: string, where: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

function affected(result: { numAffectedRows?: bigint }): number {
  return Number(result.numAffectedRows ?? 0n);
}

const EXPORT_COUNT_ONLY = new Set([
  'cases',
  'case_events',
  'evidence',
  'webhook_deliveries',
  'pi_access_log',
  'sweep_items',
]);

/** Opens the sealed fields of an exported row, and audit values' birth dates. */
function openRow(table: string, row: Row): Row {
  const out: Row = { ...row };
  if (table === 'youth_minors' && typeof out['birthDate'] === 'string')
    out['birthDate'] = openField('birth_date', out['birthDate']);
  if (table === 'reports' && typeof out['contact'] === 'string') out['contact'] = openField('contact', out['contact']);
  if (table === 'youth_audit_events') {
    for (const key of ['oldValue', 'newValue']) {
      const value = out[key];
      if (typeof value !== 'string') continue;
      const parsed = JSON.parse(value) as unknown;
      if (parsed !== null && typeof parsed === 'object' && typeof (parsed as Row)['birthDate'] === 'string') {
        out[key] = JSON.stringify({
          ...(parsed as Row),
          birthDate: openField('birth_date', (parsed as Row)['birthDate'] as string),
        });
      }
    }
  }
  return out;
}

/**
 * Collects everything the store holds about a child, table by table from the register, for export (JSON here; the server
 * renders it as a readable page too). Other people's data is left out: of conversations only the child's own messages, of
 * reports the child's own (as reporter) without others' contacts; case records and the evidence chain are counted.
 */
export async function collectMinorData(db: Kysely<Database>, minorId: string, now: number): Promise<MinorExport> {
  const child = await childIds(db, minorId);
  const conversations = await childConversations(db, child);
  const sections: { table: string; purpose: Bilingual; rows: Row[] }[] = [];
  const heldAsEvidence: { table: string; rows: number; why: Bilingual }[] = [];
  for (const entry of PI_TABLES) {
    if (entry.table === 'pi_consents') continue;
    const where = childCondition(entry, child, conversations);
    if (EXPORT_COUNT_ONLY.has(entry.table)) {
      const n = await countWhere(db, entry.table, where);
      if (n > 0) heldAsEvidence.push({ table: entry.table, rows: n, why: entry.why });
      continue;
    }
    let query: RawBuilder<Row>;
    if (entry.table === 'conversation_messages') {
      query = sql<Row>`select conversation_ref, idx, sent_at, text, text_length, level from conversation_messages
        where ${where} and sender_ref = ${child.minorRef} order by conversation_ref, idx`;
    } else if (entry.table === 'conversations') {
      query = sql<Row>`select conversation_ref, level, peak_level, kinds, created_at, updated_at from conversations where ${where}`;
    } else if (entry.table === 'conversation_senders') {
      continue;
    } else if (entry.table === 'reports') {
      query = sql<Row>`select id, case_id, category, subject_kind, description, contact, created_at from reports
        where tenant_id = ${child.tenantId} and reporter_ref = ${child.minorRef} order by created_at`;
    } else {
      query = sql<Row>`select * from ${sql.table(entry.table)} where ${where}`;
    }
    const { rows } = await query.execute(db);
    if (rows.length > 0)
      sections.push({ table: entry.table, purpose: entry.purpose, rows: rows.map((r) => openRow(entry.table, r)) });
  }
  return {
    generatedAt: now,
    tenantId: child.tenantId,
    minorId: child.minorId,
    minorRef: child.minorRef,
    sections,
    heldAsEvidence,
    consents: await listConsents(db, minorId),
  };
}

function toRightsRequest(row: PiRightsRequestTable): RightsRequest {
  return {
    id: row.id,
    tenantId: row.tenantId,
    minorId: row.minorId,
    kind: row.kind as RightsKind,
    channel: row.channel as AccessChannel,
    requestedBy: row.requestedBy,
    status: row.status as RightsRequest['status'],
    receivedAt: Number(row.receivedAt),
    completedAt: row.completedAt === null ? null : Number(row.completedAt),
    receipt: row.receipt === null ? null : (JSON.parse(row.receipt) as ErasureReceipt),
  };
}

async function receiveRequest(
  db: Kysely<Database>,
  child: ChildIds,
  kind: RightsKind,
  by: Requester,
  now: number,
): Promise<string> {
  const id = `rr_${randomUUID().replaceAll('-', '')}`;
  await privacyTables(db)
    .insertInto('piRightsRequests')
    .values({
      id,
      tenantId: child.tenantId,
      minorId: child.minorId,
      kind,
      channel: by.channel,
      requestedBy: by.actor,
      status: 'received',
      receivedAt: now,
      completedAt: null,
      receipt: null,
    })
    .execute();
  return id;
}

/**
 * Exports a child's data for a guardian or the platform acting for them: records the request (received and completed),
 * logs the read in the access log, and returns the data.
 */
export async function exportMinor(
  db: Kysely<Database>,
  minorId: string,
  by: Requester,
  clock: () => number,
): Promise<{ readonly requestId: string; readonly data: MinorExport }> {
  const child = await childIds(db, minorId);
  const received = clock();
  const requestId = await receiveRequest(db, child, 'export', by, received);
  const data = await collectMinorData(db, minorId, received);
  const done = clock();
  await logAccess(
    db,
    {
      tenantId: child.tenantId,
      actor: by.actor,
      channel: by.channel,
      action: 'export',
      subjectKind: 'minor',
      subjectId: child.minorId,
      minorId: child.minorId,
      minorInvolved: true,
    },
    done,
  );
  await privacyTables(db)
    .updateTable('piRightsRequests')
    .set({ status: 'completed', completedAt: done })
    .where('id', '=', requestId)
    .execute();
  return { requestId, data };
}

/**
 * Erases a child's data by the register: every table's rows about the child are deleted, anonymised or kept as the
 * register says, in one transaction, and the receipt (what went, what stayed and why) is stored with the request. The
 * evidence chain and the access log are never touched, so both still verify. Returns the receipt.
 */
export async function eraseMinor(
  db: Kysely<Database>,
  minorId: string,
  by: Requester,
  clock: () => number,
): Promise<ErasureReceipt> {
  const child = await childIds(db, minorId);
  const receivedAt = clock();
  const requestId = await receiveRequest(db, child, 'erasure', by, receivedAt);
  const lines = await db.transaction().execute(async (trx) => {
    const conversations = await childConversations(trx, child);
    const openConversations = await openCaseConversations(trx, child, conversations);
    const deleted: ReceiptLine[] = [];
    const anonymised: ReceiptLine[] = [];
    const kept: (ReceiptLine & { why: Bilingual })[] = [];
    const openCase = sql`case_id in (select id from cases where closed_at is null)`;
    for (const entry of PI_TABLES) {
      const where = childCondition(entry, child, conversations);
      const columns = entry.columns.map((c) => c.column);
      if (entry.onErasure === 'erase') {
        const result = await sql`delete from ${sql.table(entry.table)} where ${where}`.execute(trx);
        const n = affected(result);
        if (n > 0) deleted.push({ table: entry.table, columns, rows: n });
      } else if (entry.onErasure === 'anonymise') {
        const set = sql.join(columns.map((c) => sql`${sql.ref(c)} = null`));
        const n = affected(await sql`update ${sql.table(entry.table)} set ${set} where ${where}`.execute(trx));
        if (n > 0) anonymised.push({ table: entry.table, columns, rows: n });
      } else if (entry.onErasure === 'keep_for_open_case') {
        const open = [...openConversations];
        const keepOpen =
          open.length === 0 ? sql`1 = 0` : sql`conversation_ref in (${sql.join(open.map((r) => sql`${r}`))})`;
        const held = await countWhere(trx, entry.table, sql`${where} and ${keepOpen}`);
        if (held > 0) kept.push({ table: entry.table, columns, rows: held, why: entry.why });
        const n = affected(
          await sql`delete from ${sql.table(entry.table)} where ${where} and not (${keepOpen})`.execute(trx),
        );
        if (n > 0) deleted.push({ table: entry.table, columns, rows: n });
      } else {
        const clear = entry.columns.filter((c) => c.onErasure === 'keep_for_open_case' || c.onErasure === 'anonymise');
        if (clear.length > 0 && entry.table === 'reports') {
          const asReporter = sql`tenant_id = ${child.tenantId} and reporter_ref = ${child.minorRef}`;
          const n = affected(
            await sql`update reports set reporter_ref = null, contact = null where ${asReporter} and not (${openCase})`.execute(
              trx,
            ),
          );
          if (n > 0) anonymised.push({ table: entry.table, columns: clear.map((c) => c.column), rows: n });
        }
        const held = await countWhere(trx, entry.table, where);
        if (held > 0) kept.push({ table: entry.table, columns, rows: held, why: entry.why });
      }
    }
    return { deleted, anonymised, kept };
  });
  const completedAt = clock();
  const receipt: ErasureReceipt = {
    requestId,
    tenantId: child.tenantId,
    minorId: child.minorId,
    receivedAt,
    completedAt,
    ...lines,
  };
  await logAccess(
    db,
    {
      tenantId: child.tenantId,
      actor: by.actor,
      channel: by.channel,
      action: 'erase',
      subjectKind: 'minor',
      subjectId: child.minorId,
      minorId: child.minorId,
      minorInvolved: true,
    },
    completedAt,
  );
  await privacyTables(db)
    .updateTable('piRightsRequests')
    .set({ status: 'completed', completedAt, receipt: JSON.stringify(receipt) })
    .where('id', '=', requestId)
    .execute();
  return receipt;
}

/** Rights requests, newest first: of one tenant, one minor, or received in a period. */
export async function listRightsRequests(
  db: Kysely<Database>,
  query: {
    readonly tenantId?: string | undefined;
    readonly minorId?: string | undefined;
    readonly from?: number | undefined;
    readonly to?: number | undefined;
    readonly limit?: number | undefined;
  } = {},
): Promise<readonly RightsRequest[]> {
  let q = privacyTables(db).selectFrom('piRightsRequests').selectAll();
  if (query.tenantId !== undefined) q = q.where('tenantId', '=', query.tenantId);
  if (query.minorId !== undefined) q = q.where('minorId', '=', query.minorId);
  if (query.from !== undefined) q = q.where('receivedAt', '>=', query.from);
  if (query.to !== undefined) q = q.where('receivedAt', '<', query.to);
  const rows = await q
    .orderBy('receivedAt', 'desc')
    .orderBy('id')
    .limit(Math.min(Math.max(query.limit ?? 100, 1), 1000))
    .execute();
  return rows.map(toRightsRequest);
}

/** One rights request; `not_found` when unknown. */
export async function getRightsRequest(db: Kysely<Database>, id: string): Promise<RightsRequest> {
  const row = await privacyTables(db)
    .selectFrom('piRightsRequests')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No rights request ${id}.`);
  return toRightsRequest(row);
}
