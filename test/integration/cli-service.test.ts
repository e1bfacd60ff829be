import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { main } from '../../src/cli/index.js';
import {
  LOCKOUT,
  checkApiKey,
  createConsoleUser,
  getTenant,
  openStore,
  pendingMigrations,
  signIn,
} from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

/** Runs the CLI in-process against the test database and returns what it wrote. */
async function run(argv: readonly string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdin = new PassThrough();
  stdin.end(input);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await main(argv, {
    stdin,
    stdout,
    stderr,
    stdoutIsTty: false,
    stderrIsTty: false,
  });
  return { code, stdout: out, stderr: err };
}

describeEachDialect('CLI service commands', (dialect) => {
  let database: FreshDatabase;
  const saved: Record<string, string | undefined> = {};

  before(() => {
    database = dialect.fresh();
    for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA']) saved[name] = process.env[name];
    process.env['DATABASE_URL'] = database.databaseUrl;
    if (database.databaseSchema === undefined) delete process.env['DATABASE_SCHEMA'];
    else process.env['DATABASE_SCHEMA'] = database.databaseSchema;
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await database.drop();
  });

  test('migrate applies the migrations once', async () => {
    const first = await run(['migrate']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /applied 0001-core/);
    const second = await run(['migrate']);
    assert.match(second.stdout, /already up to date/);
    assert.match((await run(['migrate', '--status'])).stdout, /up to date/);
  });

  test('tenants create, keys create prints a working key once, list and revoke', async () => {
    assert.equal((await run(['tenants', 'create', 'acme', '--store-text', '--retention-days', '7'])).code, 0);
    const created = await run(['keys', 'create', '--tenant', 'acme', '--scope', 'moderate', '--scope', 'review']);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^qlk_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$/, 'stdout holds the key alone, for $(…)');
    const listed = await run(['keys', 'list', '--tenant', 'acme']);
    const keyId = token.slice(4, 16);
    assert.match(listed.stdout, new RegExp(`^${keyId}\\tmoderate,review\\tdefault\\tactive`));
    assert.ok(!listed.stdout.includes(token.slice(17)), 'list never shows the secret');

    const store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    try {
      assert.deepEqual(await pendingMigrations(store.db), []);
      assert.equal((await checkApiKey(store.db, token)).status, 'valid');
      const tenant = await getTenant(store.db, 'acme');
      assert.equal(tenant?.storeText, true);
      assert.equal(tenant?.retentionDays, 7);
      assert.equal((await run(['keys', 'revoke', '--tenant', 'acme', keyId])).code, 0);
      assert.equal((await checkApiKey(store.db, token)).status, 'revoked');
    } finally {
      await store.close();
    }
  });

  test('tenants create and set take a model threshold; list shows it; a bad one is a usage error', async () => {
    assert.equal((await run(['tenants', 'create', 'kids', '--model-threshold', '0.35'])).code, 0);
    assert.match((await run(['tenants', 'list'])).stdout, /^kids\t.*\tmodel threshold 0\.35$/m);
    const set = await run(['tenants', 'set', 'kids', '--model-threshold', '0.2']);
    assert.equal(set.code, 0, set.stderr);
    const store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    try {
      assert.equal((await getTenant(store.db, 'kids'))?.modelThreshold, 0.2);
      assert.equal((await run(['tenants', 'set', 'kids', '--model-threshold', 'default'])).code, 0);
      assert.equal((await getTenant(store.db, 'kids'))?.modelThreshold, null);
    } finally {
      await store.close();
    }
    assert.match((await run(['tenants', 'list'])).stdout, /^kids\t.*\tmodel threshold default$/m);
    for (const bad of ['0', '1.5', 'high', '-0.1', '1e-3']) {
      const result = await run(['tenants', 'set', 'kids', `--model-threshold=${bad}`]);
      assert.equal(result.code, 2, `${bad}: ${result.stderr}`);
      assert.match(result.stderr, /--model-threshold must be a probability/);
    }
    assert.equal((await run(['tenants', 'create', 'kids2', '--model-threshold', 'default'])).code, 2);
    assert.equal((await run(['tenants', 'set', 'kids'])).code, 2, 'set needs a setting');
    assert.equal((await run(['tenants', 'set', 'kids', '--store-text', '--model-threshold', '0.3'])).code, 2);
    const nobody = await run(['tenants', 'set', 'nobody', '--model-threshold', '0.3']);
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /No tenant nobody/);
  });

  test('console-users passwd sets a password from standard input or a generated one, and clears the lock', async () => {
    const store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    try {
      const now = Date.now();
      await createConsoleUser(store.db, { username: 'Root', password: 'the first password', role: 'admin' }, now);
      for (let i = 0; i < LOCKOUT.maxFailures; i++) await signIn(store.db, 'root', `wrong ${i}`, now);
      assert.equal((await signIn(store.db, 'root', 'the first password', now)).ok, false, 'locked');
      assert.match((await run(['console-users', 'list'])).stdout, /^root\tadmin\tlocked$/m);

      const typed = await run(['console-users', 'passwd', 'ROOT'], 'a password from stdin\nignored line\n');
      assert.equal(typed.code, 0, typed.stderr);
      assert.match(typed.stdout, /password set for root/);
      assert.doesNotMatch(typed.stdout, /a password from stdin/, 'a typed password is never echoed');
      assert.equal((await signIn(store.db, 'root', 'a password from stdin', now)).ok, true, 'the lock is cleared');

      const generated = await run(['console-users', 'passwd', 'root', '--generate']);
      const password = /new password for root: (\S+)/.exec(generated.stdout)?.[1];
      assert.ok(password !== undefined && password.length >= 20);
      assert.equal((await signIn(store.db, 'root', 'a password from stdin', now)).ok, false);
      assert.equal((await signIn(store.db, 'root', password, now)).ok, true);

      const short = await run(['console-users', 'passwd', 'root'], 'short\n');
      assert.equal(short.code, 1);
      assert.match(short.stderr, /password/);
      const nobody = await run(['console-users', 'passwd', 'nobody'], 'long enough password\n');
      assert.equal(nobody.code, 1);
      assert.match(nobody.stderr, /No console user/);
      assert.equal((await run(['console-users', 'passwd'])).code, 2);
    } finally {
      await store.close();
    }
  });

  test('mistakes are usage errors (exit 2) or coded failures (exit 1), never a stack trace', async () => {
    const cases: { argv: string[]; code: number; says: RegExp }[] = [
      { argv: ['keys', 'create', '--tenant', 'acme'], code: 2, says: /--scope/ },
      { argv: ['keys', 'create', '--tenant', 'acme', '--scope', 'root'], code: 2, says: /not root/ },
      { argv: ['keys', 'create', '--scope', 'moderate'], code: 2, says: /--tenant is required/ },
      { argv: ['keys', 'create', '--tenant', 'nobody', '--scope', 'moderate'], code: 1, says: /No tenant nobody/ },
      { argv: ['keys', 'revoke', '--tenant', 'acme', 'nokey'], code: 1, says: /No key nokey/ },
      { argv: ['tenants', 'create', 'acme'], code: 1, says: /already exists/ },
      { argv: ['tenants', 'create', 'Bad Id'], code: 1, says: /tenant id/ },
      { argv: ['tenants', 'frobnicate'], code: 2, says: /tenants create/ },
    ];
    for (const c of cases) {
      const result = await run(c.argv);
      assert.equal(result.code, c.code, `${c.argv.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, c.says, c.argv.join(' '));
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});
