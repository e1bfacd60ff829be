import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { dialectOf } from '../dialect.js';
import * as core from './0001-core.js';
import * as consoleUsers from './0002-console.js';
import * as webhooks from './0003-webhooks.js';
import * as youth from './0004-youth.js';
import * as reports from './0005-reports.js';
import * as model from './0006-model.js';
import * as signInLimits from './0007-sign-in-limits.js';
import * as interactions from './0008-interactions.js';
import * as conversations from './0009-conversations.js';
import * as guardianNotifications from './0010-guardian-notifications.js';
import * as pool from './0011-pool.js';
import * as privacy from './0012-privacy.js';
import * as incidents from './0013-incidents.js';
import * as sweeps from './0014-sweeps.js';

/**
 * Every migration, in order, by name. The same modules run on SQLite and PostgreSQL; a module branches on `dialectOf(db)` for
 * the rare statement that differs. Add a module here and nowhere else.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-core': core,
  '0002-console': consoleUsers,
  '0003-webhooks': webhooks,
  '0004-youth': youth,
  '0005-reports': reports,
  '0006-model': model,
  '0007-sign-in-limits': signInLimits,
  '0008-interactions': interactions,
  '0009-conversations': conversations,
  '0010-guardian-notifications': guardianNotifications,
  '0011-pool': pool,
  '0012-privacy': privacy,
  '0013-incidents': incidents,
  '0014-sweeps': sweeps,
};

/**
 * A migrator whose bookkeeping tables live in the connection's own schema: without it, Kysely looks for its lock table in
 * every PostgreSQL schema and takes another instance's (DATABASE_SCHEMA) for its own.
 */
async function migratorFor<DB>(db: Kysely<DB>): Promise<Migrator> {
  const any = db as Kysely<unknown>;
  const schema =
    dialectOf(any) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(any)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db: any,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    // @NOTE Migrations written side by side land in either order (0010 may be applied before 0009 arrives); each touches
    // only its own tables, so a later-numbered one already applied must not stop an earlier one from running.
    allowUnorderedMigrations: true,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<readonly string[]> {
  const migrator = await migratorFor(db);
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new Error(`migration ${failed} failed: ${cause}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations not yet applied, by name. */
export async function pendingMigrations<DB>(db: Kysely<DB>): Promise<readonly string[]> {
  const migrator = await migratorFor(db);
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
