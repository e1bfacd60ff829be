import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';

/** A fresh, empty database: the environment that points the service at it, and how to throw it away. */
export interface FreshDatabase {
  /** DATABASE_URL and, on PostgreSQL, DATABASE_SCHEMA. */
  readonly env: Readonly<Record<string, string>>;
  readonly databaseUrl: string;
  readonly databaseSchema: string | undefined;
  drop(): Promise<void>;
}

/** One database implementation the suites run against. */
export interface TestDialect {
  readonly name: 'sqlite' | 'postgres';
  fresh(): FreshDatabase;
}

const sqlite: TestDialect = {
  name: 'sqlite',
  fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'qinglang-it-'));
    const databaseUrl = `sqlite:${join(dir, 'test.db')}`;
    return {
      env: { DATABASE_URL: databaseUrl },
      databaseUrl,
      databaseSchema: undefined,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  },
};

function postgres(url: string): TestDialect {
  return {
    name: 'postgres',
    fresh() {
      // A schema of its own per database, so suites, parallel files and reruns never see each other's rows.
      const schema = `it_${process.pid}_${randomBytes(4).toString('hex')}`;
      return {
        env: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
        databaseUrl: url,
        databaseSchema: schema,
        async drop() {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            await client.query(`drop schema if exists "${schema}" cascade`);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

/**
 * Runs one shared suite on every database: SQLite always, PostgreSQL when TEST_PG_URL is set. In CI (CI=true) a missing
 * TEST_PG_URL is a failing test, never a silent skip.
 */
export function describeEachDialect(name: string, suite: (dialect: TestDialect) => void): void {
  const url = process.env['TEST_PG_URL'];
  const dialects: TestDialect[] = [sqlite];
  if (url !== undefined && url !== '') dialects.push(postgres(url));
  for (const dialect of dialects) {
    void describe(`${name} [${dialect.name}]`, () => suite(dialect));
  }
  if (dialects.length === 1) {
    if (process.env['CI'] === 'true') {
      void test(`${name} [postgres]`, () => {
        throw new Error('TEST_PG_URL must be set in CI: the PostgreSQL suites may not be skipped');
      });
    } else {
      void test(`${name} [postgres]`, { skip: 'TEST_PG_URL is not set' }, () => {});
    }
  }
}
