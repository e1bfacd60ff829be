import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { main } from '../../src/cli/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

/** Runs the CLI in-process against the test database and returns what it wrote. */
async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdin = new PassThrough();
  stdin.end('');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await main(argv, { stdin, stdout, stderr, stdoutIsTty: false, stderrIsTty: false });
  return { code, stdout: out, stderr: err };
}

describeEachDialect('qinglang report compliance', (dialect) => {
  let database: FreshDatabase;
  let dir: string;
  const saved: Record<string, string | undefined> = {};

  before(() => {
    database = dialect.fresh();
    dir = mkdtempSync(join(tmpdir(), 'qinglang-report-cli-'));
    for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'PII_KEY_FILE']) saved[name] = process.env[name];
    process.env['DATABASE_URL'] = database.databaseUrl;
    process.env['PII_KEY_FILE'] = join(dir, 'pii-key');
    if (database.databaseSchema === undefined) delete process.env['DATABASE_SCHEMA'];
    else process.env['DATABASE_SCHEMA'] = database.databaseSchema;
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  test('writes the year of the only tenant as JSON and HTML; a bad command line exits 2', async () => {
    assert.equal((await run(['tenants', 'create', 'acme', '--name', '示例'])).code, 0);
    const json = await run(['report', 'compliance', '--year', '2026', '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { tenantId: string; year: number; period: { from: string; to: string } };
    assert.equal(report.tenantId, 'acme');
    assert.deepEqual(report.period, {
      from: '2025-12-31T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
      timeZone: 'Asia/Shanghai',
    });
    const out = join(dir, 'r.html');
    const html = await run(['report', 'compliance', '--year', '2026', '--out', out]);
    assert.equal(html.code, 0, html.stderr);
    assert.match(readFileSync(out, 'utf8'), /data-figure="intercepted\.moderated">0</);

    for (const argv of [
      ['report', 'compliance'],
      ['report', 'compliance', '--year', '26'],
      ['report', 'compliance', '--year', '2026', '--format', 'docx'],
      ['report', 'compliance', '--year', '2026', '--format', 'pdf'],
      ['report', 'annual', '--year', '2026'],
    ])
      assert.equal((await run(argv)).code, 2, argv.join(' '));
    const unknown = await run(['report', 'compliance', '--year', '2026', '--tenant', 'nobody']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No tenant nobody/);
    const year = await run(['report', 'compliance', '--year', '1999']);
    assert.equal(year.code, 1);
    assert.match(year.stderr, /year_invalid/);
  });

  test('a PDF without a Chromium is a coded error and writes nothing', async () => {
    const out = join(dir, 'r.pdf');
    const answer = await run([
      'report',
      'compliance',
      '--year',
      '2026',
      '--format',
      'pdf',
      '--out',
      out,
      '--chromium',
      join(dir, 'none'),
    ]);
    assert.equal(answer.code, 1);
    assert.match(answer.stderr, /No Chromium at/);
    assert.throws(() => readFileSync(out), /ENOENT/);
  });
});
