import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Migrator, sql, type Kysely } from 'kysely';
import { MIGRATIONS, migrateToLatest, openStore, pendingMigrations, type Store } from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

describeEachDialect('migrations written side by side', (dialect) => {
  let database: FreshDatabase;
  let store: Store;

  before(async () => {
    database = dialect.fresh();
    store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
  });
  after(async () => {
    await store?.close();
    await database?.drop();
  });

  test('a migration that lands after a later-numbered one was applied still runs', async () => {
    const names = Object.keys(MIGRATIONS);
    const late = names[names.length - 2]!;
    assert.ok(names.length >= 3, 'at least three migrations');
    const db = store.db as unknown as Kysely<unknown>;
    const schema =
      dialect.name === 'postgres'
        ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
        : undefined;
    // A database migrated before `late` existed, with the newest one already applied.
    const without = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name !== late));
    const early = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(without) },
      ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    });
    const first = await early.migrateToLatest();
    assert.equal(first.error, undefined);
    assert.deepEqual(await pendingMigrations(db), [late]);
    assert.deepEqual(await migrateToLatest(db), [late]);
    assert.deepEqual(await pendingMigrations(db), []);
  });
});
