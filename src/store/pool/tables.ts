import type { Generated, Kysely } from 'kysely';
import type { Database } from '../schema.js';

interface PoolItemTable {
  tenantId: string;
  itemRef: string;
  version: number;
  title: string;
  body: string;
  kind: string;
  themes: string;
  source: string | null;
  creator: string | null;
  durationSeconds: number | null;
  publishedAt: number | null;
  status: string;
  withdrawnReason: string | null;
  minBand: string | null;
  ratedWith: string;
  createdAt: number;
  updatedAt: number;
}

interface PoolItemThemeTable {
  tenantId: string;
  theme: string;
  itemRef: string;
}

interface PoolRatingTable {
  tenantId: string;
  band: string;
  itemRef: string;
  rating: string;
  autoRating: string;
  reasons: string;
  reviewRating: string | null;
  reviewNote: string | null;
  reviewedVersion: number | null;
  updatedAt: number;
}

interface PoolEventTable {
  id: Generated<number>;
  tenantId: string;
  itemRef: string;
  itemVersion: number;
  type: string;
  actorType: string;
  actorId: string | null;
  note: string | null;
  changes: string;
  createdAt: number;
}

interface PoolStateTable {
  tenantId: string;
  ratedWith: string;
  ratedAt: number;
}

interface PoolThemeBlockTable {
  tenantId: string;
  minorRef: string;
  theme: string;
  guardianId: string | null;
  createdAt: number;
}

/** The pool's tables, beside the shared schema (they are this module's alone). */
export type PoolTables = {
  poolItems: PoolItemTable;
  poolItemThemes: PoolItemThemeTable;
  poolRatings: PoolRatingTable;
  poolEvents: PoolEventTable;
  poolState: PoolStateTable;
  poolThemeBlocks: PoolThemeBlockTable;
};

export type PoolDb = Kysely<Database & PoolTables>;

/** The handle with the pool's tables in view. */
export const poolTables = (db: Kysely<Database>): PoolDb => db.withTables<PoolTables>();
