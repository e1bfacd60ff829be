import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as core from './0001-core.js';

/**
 * Every migration, in order, by name. The same modules run on SQLite and PostgreSQL; a module branches on `dialectOf(db)` for
 * the rare statement that differs. Add a module here and nowhere else.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-core': core,
};

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<readonly string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed} failed: ${cause}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations not yet applied, by name. */
export async function pendingMigrations(db: Kysely<unknown>): Promise<readonly string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
