import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

interface SweepTable {
  id: string;
  tenantId: string;
  /** `submitting` while lines are being added, then `running`, then `done` once every item has its result. */
  status: string;
  /** Where the items came from: a file name, `-` (standard input), `api` or a directory. */
  source: string;
  ageBand: string;
  surface: string | null;
  /** The API key that submitted it; null from the CLI. */
  keyId: string | null;
  /** Item indexes per job: a job covers [from, from + chunkSize). */
  chunkSize: number;
  /** Items accepted for moderation (invalid lines not counted). */
  total: number;
  /** Items moderated so far: each counted once, in the transaction that logged it. */
  done: number;
  flagged: number;
  /** Input lines that could not be read. */
  invalid: number;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

interface SweepItemTable {
  sweepId: string;
  /** The input line's number less one: results come out in input order. */
  itemIndex: number;
  ref: string | null;
  /** `pending`, `done` or `invalid`. */
  status: string;
  /** The text, until it is moderated (then null: the decision log keeps it only for tenants that opted in). */
  text: string | null;
  /** JSON of the item's own ageBand and surface, when it set them; null: the sweep's. */
  options: string | null;
  /** The result line (JSON) once done, or the error of an invalid line. */
  result: string | null;
  doneAt: number | null;
}

/** The sweep tables, beside the shared schema (they are this module's alone). */
export type SweepTables = {
  sweeps: SweepTable;
  sweepItems: SweepItemTable;
};

export type SweepDb = Kysely<Database & SweepTables>;

/** The handle with the sweep tables in view. */
export const sweepTables = (db: Kysely<Database>): SweepDb => db.withTables<SweepTables>();
