import { sql, type Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import { randomId } from '../random-token.js';
import type { Database, NewDecision } from '../schema.js';
import { sweepTables, type SweepDb } from './tables.js';

export const SWEEP_STATUSES = ['submitting', 'running', 'done'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

/** A sweep and its progress. */
export interface Sweep {
  readonly id: string;
  readonly tenantId: string;
  readonly status: SweepStatus;
  readonly source: string;
  readonly ageBand: string;
  readonly surface: string | null;
  readonly keyId: string | null;
  readonly chunkSize: number;
  readonly total: number;
  readonly done: number;
  readonly flagged: number;
  readonly invalid: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly finishedAt: number | null;
}

/** One input line that was read: its position, the platform's ref and the text. */
export interface SweepItemInput {
  readonly index: number;
  readonly ref: string | null;
  readonly text: string;
  /** The item's own age band and surface, when it set them. */
  readonly options?: { readonly ageBand?: string; readonly surface?: string } | undefined;
}

/** One input line that could not be read, with its 1-based line number and why. */
export interface SweepInvalidLine {
  readonly index: number;
  readonly line: number;
  readonly ref: string | null;
  readonly error: string;
}

/** An item waiting for its result. */
export interface PendingSweepItem {
  readonly index: number;
  readonly ref: string | null;
  readonly text: string;
  readonly options: { readonly ageBand?: string; readonly surface?: string } | null;
}

/** What moderating one item produced: its decision row, its result line, and whether it was flagged. */
export interface SweepItemResult {
  readonly index: number;
  readonly decision: NewDecision;
  readonly result: string;
  readonly flagged: boolean;
}

/** A row of the results, in index order: a moderated item's result line, or an invalid line's error line. */
export interface SweepResultLine {
  readonly index: number;
  readonly status: 'done' | 'invalid';
  readonly line: string;
}

/** The decision log's request id of a sweep's items (each item's `itemIndex` is its index). */
export const sweepRequestId = (sweepId: string): string => `sweep:${sweepId}`;

/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound parameters. */
const INSERT_ROWS = 500;

type SweepRow = {
  id: string;
  tenantId: string;
  status: string;
  source: string;
  ageBand: string;
  surface: string | null;
  keyId: string | null;
  chunkSize: number;
  total: number;
  done: number;
  flagged: number;
  invalid: number;
  createdAt: number | string;
  updatedAt: number | string;
  finishedAt: number | string | null;
};

function toSweep(row: SweepRow): Sweep {
  return {
    ...row,
    status: row.status as SweepStatus,
    // PostgreSQL hands bigints back as strings.
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
    finishedAt: row.finishedAt === null ? null : Number(row.finishedAt),
  };
}

/** Opens a sweep in `submitting`: add its items, then `sealSweep`. */
export async function createSweep(
  db: Kysely<Database>,
  input: {
    readonly tenantId: string;
    readonly source: string;
    readonly ageBand: string;
    readonly surface?: string | undefined;
    readonly keyId?: string | undefined;
    readonly chunkSize: number;
  },
  now: number,
): Promise<Sweep> {
  const row = {
    id: randomId(12),
    tenantId: input.tenantId,
    status: 'submitting',
    source: input.source.slice(0, 200),
    ageBand: input.ageBand,
    surface: input.surface ?? null,
    keyId: input.keyId ?? null,
    chunkSize: input.chunkSize,
    total: 0,
    done: 0,
    flagged: 0,
    invalid: 0,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  await sweepTables(db).insertInto('sweeps').values(row).execute();
  return toSweep(row);
}

/** Adds read items and refused lines to a sweep that is still `submitting`, in one transaction. */
export async function addSweepItems(
  db: Kysely<Database>,
  sweepId: string,
  items: readonly SweepItemInput[],
  invalid: readonly SweepInvalidLine[],
  now: number,
): Promise<void> {
  await sweepTables(db)
    .transaction()
    .execute(async (trx) => {
      const updated = await trx
        .updateTable('sweeps')
        .set((eb) => ({
          total: eb('total', '+', items.length),
          invalid: eb('invalid', '+', invalid.length),
          updatedAt: now,
        }))
        .where('id', '=', sweepId)
        .where('status', '=', 'submitting')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('conflict', `Sweep ${sweepId} takes no more items.`);
      const rows = [
        ...items.map((item) => ({
          sweepId,
          itemIndex: item.index,
          ref: item.ref,
          status: 'pending',
          text: item.text,
          options: item.options === undefined ? null : JSON.stringify(item.options),
          result: null,
          doneAt: null,
        })),
        ...invalid.map((line) => ({
          sweepId,
          itemIndex: line.index,
          ref: line.ref,
          status: 'invalid',
          text: null,
          options: null,
          result: JSON.stringify({
            index: line.index,
            line: line.line,
            ...(line.ref === null ? {} : { ref: line.ref }),
            error: line.error,
          }),
          doneAt: now,
        })),
      ];
      for (let i = 0; i < rows.length; i += INSERT_ROWS) {
        await trx
          .insertInto('sweepItems')
          .values(rows.slice(i, i + INSERT_ROWS))
          .execute();
      }
    });
}

// A sweep whose every accepted item is done, and whose input is all in, is done.
async function finishIfDone(db: SweepDb, sweepId: string, now: number): Promise<void> {
  await db
    .updateTable('sweeps')
    .set({ status: 'done', finishedAt: now, updatedAt: now })
    .where('id', '=', sweepId)
    .where('status', '=', 'running')
    .where((eb) => eb('done', '>=', eb.ref('total')))
    .execute();
}

/** Ends submission: the sweep is `running` (or `done` at once, when its items are already moderated or there are none). */
export async function sealSweep(db: Kysely<Database>, sweepId: string, now: number): Promise<Sweep> {
  const tables = sweepTables(db);
  await tables
    .updateTable('sweeps')
    .set({ status: 'running', updatedAt: now })
    .where('id', '=', sweepId)
    .where('status', '=', 'submitting')
    .execute();
  await finishIfDone(tables, sweepId, now);
  const sweep = await getSweep(db, sweepId);
  if (sweep === undefined) throw new AppError('not_found', `No sweep ${sweepId}.`);
  return sweep;
}

/** A sweep by id; with `tenantId`, only that tenant's. */
export async function getSweep(db: Kysely<Database>, sweepId: string, tenantId?: string): Promise<Sweep | undefined> {
  let query = sweepTables(db).selectFrom('sweeps').selectAll().where('id', '=', sweepId);
  if (tenantId !== undefined) query = query.where('tenantId', '=', tenantId);
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toSweep(row);
}

/** Sweeps, newest first; with `tenantId`, one tenant's. */
export async function listSweeps(
  db: Kysely<Database>,
  options: { readonly tenantId?: string | undefined; readonly limit: number },
): Promise<readonly Sweep[]> {
  let query = sweepTables(db)
    .selectFrom('sweeps')
    .selectAll()
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(options.limit);
  if (options.tenantId !== undefined) query = query.where('tenantId', '=', options.tenantId);
  return (await query.execute()).map(toSweep);
}

/** The items of [from, to) still waiting for their result, in index order. */
export async function pendingSweepItems(
  db: Kysely<Database>,
  sweepId: string,
  range: { readonly from: number; readonly to: number },
): Promise<readonly PendingSweepItem[]> {
  const rows = await sweepTables(db)
    .selectFrom('sweepItems')
    .select(['itemIndex', 'ref', 'text', 'options'])
    .where('sweepId', '=', sweepId)
    .where('itemIndex', '>=', range.from)
    .where('itemIndex', '<', range.to)
    .where('status', '=', 'pending')
    .orderBy('itemIndex')
    .execute();
  return rows.map((r) => ({
    index: r.itemIndex,
    ref: r.ref,
    text: r.text ?? '',
    options: r.options === null ? null : (JSON.parse(r.options) as PendingSweepItem['options']),
  }));
}

/**
 * Records moderated items: each item still `pending` becomes `done` with its result, its decision is logged and the
 * sweep's counters grow, all in one transaction. One UPDATE … RETURNING moves the items and names those it moved: an item
 * another handler already recorded is not pending any more and is skipped (on PostgreSQL a second handler of the same
 * chunk waits for the first one's row locks, then finds the rows done), which makes a chunk handled twice count once.
 * Returns how many were recorded now.
 */
export async function recordSweepResults(
  db: Kysely<Database>,
  sweepId: string,
  results: readonly SweepItemResult[],
  now: number,
): Promise<number> {
  if (results.length === 0) return 0;
  const byIndex = new Map(results.map((r) => [r.index, r]));
  return sweepTables(db)
    .transaction()
    .execute(async (trx) => {
      const moved = await trx
        .updateTable('sweepItems')
        .set({
          status: 'done',
          text: null,
          doneAt: now,
          // Each item's own result line, in one statement.
          result: sql<string>`case item_index ${sql.join(
            results.map((r) => sql`when ${r.index} then ${r.result}`),
            sql` `,
          )} else result end`,
        })
        .where('sweepId', '=', sweepId)
        .where('itemIndex', 'in', [...byIndex.keys()])
        .where('status', '=', 'pending')
        .returning('itemIndex')
        .execute();
      const fresh = moved.map((m) => byIndex.get(m.itemIndex)!);
      if (fresh.length === 0) return 0;
      for (let i = 0; i < fresh.length; i += INSERT_ROWS) {
        await trx
          .insertInto('decisions')
          .values(fresh.slice(i, i + INSERT_ROWS).map((r) => r.decision))
          .execute();
      }
      await trx
        .updateTable('sweeps')
        .set((eb) => ({
          done: eb('done', '+', fresh.length),
          flagged: eb('flagged', '+', fresh.filter((r) => r.flagged).length),
          updatedAt: now,
        }))
        .where('id', '=', sweepId)
        .execute();
      await finishIfDone(trx, sweepId, now);
      return fresh.length;
    });
}

/** Result lines in index order after `afterIndex` (moderated items and invalid lines), `limit` at a time. */
export async function listSweepResults(
  db: Kysely<Database>,
  sweepId: string,
  options: { readonly afterIndex: number; readonly limit: number },
): Promise<readonly SweepResultLine[]> {
  const rows = await sweepTables(db)
    .selectFrom('sweepItems')
    .select(['itemIndex', 'status', 'result'])
    .where('sweepId', '=', sweepId)
    .where('itemIndex', '>', options.afterIndex)
    .where('status', 'in', ['done', 'invalid'])
    .orderBy('itemIndex')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({ index: r.itemIndex, status: r.status as 'done' | 'invalid', line: r.result ?? '{}' }));
}

/**
 * The chunks of a sweep that still hold pending items, as [from, to) ranges of its chunk size: what to queue again when
 * a sweep stopped moving (its jobs lost with a broker, or never published).
 */
export async function pendingSweepChunks(
  db: Kysely<Database>,
  sweep: Pick<Sweep, 'id' | 'chunkSize'>,
): Promise<readonly { readonly from: number; readonly to: number }[]> {
  const rows = await sweepTables(db)
    .selectFrom('sweepItems')
    .select(sql<number>`item_index / ${sweep.chunkSize}`.as('chunk'))
    .distinct()
    .where('sweepId', '=', sweep.id)
    .where('status', '=', 'pending')
    .execute();
  return rows
    .map((r) => Number(r.chunk))
    .sort((a, b) => a - b)
    .map((c) => ({ from: c * sweep.chunkSize, to: (c + 1) * sweep.chunkSize }));
}

/**
 * Sweeps not done that nothing touched since `before` (no item recorded, no line stored): candidates for queueing their
 * chunks again. A sweep still `submitting` is among them when its submitter stopped (its stored items are moderated; it
 * stays `submitting`, since only the submitter knows whether its input ended).
 */
export async function listStalledSweeps(db: Kysely<Database>, before: number): Promise<readonly Sweep[]> {
  const rows = await sweepTables(db)
    .selectFrom('sweeps')
    .selectAll()
    .where('status', 'in', ['running', 'submitting'])
    .where('updatedAt', '<', before)
    .execute();
  return rows.map(toSweep);
}

/**
 * Takes a stalled sweep for re-queueing: marks it moving now, if it was still stalled (`updatedAt` before `before`).
 * True for the one process of several watching that took it.
 */
export async function claimStalledSweep(
  db: Kysely<Database>,
  sweepId: string,
  before: number,
  now: number,
): Promise<boolean> {
  const updated = await sweepTables(db)
    .updateTable('sweeps')
    .set({ updatedAt: now })
    .where('id', '=', sweepId)
    .where('status', 'in', ['running', 'submitting'])
    .where('updatedAt', '<', before)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
