import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { main } from '../../src/cli/index.js';
import { compileEngine, loadLexicon } from '../../src/index.js';
import {
  DEFAULT_SLA,
  canonicalJson,
  createTenant,
  fileReport,
  getEvidenceRecord,
  migrateToLatest,
  openStore,
  recordCaseEvent,
  verifyEvidenceChain,
  type CaseBundle,
  type EvidenceRecord,
  type Screen,
  type Store,
} from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr, stdoutIsTty: false, stderrIsTty: false });
  return { code, stdout: out, stderr: err };
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describeEachDialect('evidence', (dialect) => {
  let database: FreshDatabase;
  let store: Store;
  let caseId: string;
  let outDir: string;
  const saved: Record<string, string | undefined> = {};
  const now = Date.parse('2026-06-01T08:00:00Z');

  /** Lifts the append-only triggers, as someone with direct access to the database could. */
  const dropTriggers = async (): Promise<void> => {
    if (store.dialect === 'postgres') {
      await sql`drop trigger if exists evidence_append_only on evidence`.execute(store.db);
    } else {
      await sql`drop trigger if exists evidence_no_update`.execute(store.db);
      await sql`drop trigger if exists evidence_no_delete`.execute(store.db);
    }
  };
  const restore = async (record: EvidenceRecord): Promise<void> => {
    await sql`delete from evidence where seq = ${record.seq}`.execute(store.db);
    await store.db
      .insertInto('evidence')
      .values({ ...record })
      .execute();
  };

  before(async () => {
    database = dialect.fresh();
    outDir = mkdtempSync(join(tmpdir(), 'qinglang-evidence-'));
    for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA']) saved[name] = process.env[name];
    process.env['DATABASE_URL'] = database.databaseUrl;
    if (database.databaseSchema === undefined) delete process.env['DATABASE_SCHEMA'];
    else process.env['DATABASE_SCHEMA'] = database.databaseSchema;

    store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    await migrateToLatest(store.db);
    await createTenant(store.db, { id: 'acme' }, now);
    const engine = compileEngine(await loadLexicon());
    const screen: Screen = (text) => ({ verdict: engine.moderate(text, { ageBand: 'age_12_16' }), lexiconVersion: 0 });
    for (let i = 0; i < 6; i++) {
      const filed = await fileReport(
        store.db,
        {
          tenantId: 'acme',
          channel: 'api',
          subject: {
            kind: 'content',
            contentRef: i < 3 ? 'post-a' : `post-${i}`,
            snapshot: { text: `想賭＊博的私聊我 ${i}` },
          },
          category: 'gambling',
          reporterRole: 'minor',
          contact: 'qq 12345',
        },
        { now: now + i * 1000, sla: DEFAULT_SLA, screen },
      );
      if (i === 0) caseId = filed.caseId;
    }
    await recordCaseEvent(store.db, {
      tenantId: 'acme',
      caseId,
      actor: 'user:li',
      event: { type: 'action', action: 'escalate_to_authorities', reason: '涉赌引流，报送网信部门' },
      now: now + 60_000,
      sla: DEFAULT_SLA,
    });
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await store.close();
    rmSync(outDir, { recursive: true, force: true });
    await database.drop();
  });

  test('an intact chain verifies, from the CLI too', async () => {
    const result = await verifyEvidenceChain(store.db);
    assert.equal(result.ok, true, JSON.stringify(result.problems));
    assert.equal(result.records, 7);
    const cli = await run(['evidence', 'verify']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.stdout, `evidence chain intact: 7 records; head 7 ${result.headHash}\n`);
  });

  test('the database refuses to change or delete evidence', async () => {
    await assert.rejects(sql`update evidence set content = '{}' where seq = 2`.execute(store.db), /append-only/);
    await assert.rejects(sql`delete from evidence where seq = 2`.execute(store.db), /append-only/);
    await assert.rejects(sql`update case_events set payload = '{}'`.execute(store.db), /append-only/);
    assert.equal((await verifyEvidenceChain(store.db)).ok, true);
  });

  test('a record edited in the database is named exactly by evidence verify', async () => {
    await dropTriggers();
    const original = await getEvidenceRecord(store.db, 3);
    const forged = original.content.replace('想賭＊博', '今天天气');
    assert.notEqual(forged, original.content);
    await sql`update evidence set content = ${forged} where seq = 3`.execute(store.db);
    try {
      const cli = await run(['evidence', 'verify']);
      assert.equal(cli.code, 1);
      const lines = cli.stdout.trim().split('\n');
      assert.equal(lines[0], 'evidence chain BROKEN: 1 problem(s) in 7 records');
      assert.deepEqual(lines.slice(1), [
        '  content_hash_mismatch\trecord 3: its content does not hash to the stored content hash (the content was changed)',
      ]);
      const json = JSON.parse((await run(['evidence', 'verify', '--json'])).stdout) as { problems: { seq: number }[] };
      assert.deepEqual(
        json.problems.map((p) => p.seq),
        [3],
      );
    } finally {
      await restore(original);
    }
    assert.equal((await verifyEvidenceChain(store.db)).ok, true);
  });

  test('a record re-hashed after editing breaks the next link, which names it', async () => {
    await dropTriggers();
    const original = await getEvidenceRecord(store.db, 4);
    const content = original.content.replace('"minor"', '"other"');
    const contentHash = sha256(content);
    const hash = sha256(`${original.seq}|${original.createdAt}|${contentHash}|${original.prevHash}`);
    await sql`update evidence set content = ${content}, content_hash = ${contentHash}, hash = ${hash} where seq = 4`.execute(
      store.db,
    );
    try {
      const result = await verifyEvidenceChain(store.db);
      assert.deepEqual(
        result.problems.map((p) => [p.seq, p.problem]),
        [[4, 'broken_link']],
      );
      const cli = await run(['evidence', 'verify']);
      assert.equal(cli.code, 1);
      assert.match(cli.stdout, /broken_link\trecord 4: its hash is not the one record 5 links to/);
    } finally {
      await restore(original);
    }
  });

  test('a record moved to another case is named, though its hashes still hold', async () => {
    await dropTriggers();
    const original = await getEvidenceRecord(store.db, 6);
    await sql`update evidence set case_id = ${caseId} where seq = 6`.execute(store.db);
    try {
      const result = await verifyEvidenceChain(store.db);
      assert.deepEqual(
        result.problems.map((p) => [p.seq, p.problem]),
        [[6, 'columns_mismatch']],
      );
    } finally {
      await restore(original);
    }
  });

  test('a deleted record is reported missing', async () => {
    await dropTriggers();
    const original = await getEvidenceRecord(store.db, 5);
    await sql`delete from evidence where seq = 5`.execute(store.db);
    try {
      const result = await verifyEvidenceChain(store.db);
      assert.deepEqual(
        result.problems.map((p) => [p.seq, p.problem]),
        [[5, 'missing_record']],
      );
    } finally {
      await restore(original);
    }
    assert.equal((await verifyEvidenceChain(store.db)).ok, true);
  });

  test('the referral bundle carries every hash, checkable without this software', async () => {
    const written = await run(['evidence', 'export', '--case', caseId, '--out', outDir]);
    assert.equal(written.code, 0, written.stderr);
    const name = `case-${caseId}.json`;
    const text = readFileSync(join(outDir, name), 'utf8');
    assert.equal(readFileSync(join(outDir, `${name}.sha256`), 'utf8'), `${sha256(text)}  ${name}\n`);
    assert.match(readFileSync(join(outDir, 'VERIFY.txt'), 'utf8'), /printf '%s' "\$content" \| sha256sum/);
    const bundle = JSON.parse(text) as CaseBundle;
    assert.equal(bundle.format, 'qinglang-referral-bundle/1');
    assert.equal(bundle.chain.ok, true);
    assert.equal(bundle.reports.length, 3, 'the three reports on post-a');
    assert.deepEqual(
      bundle.evidence.map((e) => e.kind),
      ['report_snapshot', 'report_snapshot', 'report_snapshot', 'moderation_action'],
    );
    for (const e of bundle.evidence) {
      assert.equal(sha256(e.content), e.contentHash);
      assert.equal(sha256(`${e.seq}|${e.createdAt}|${e.contentHash}|${e.prevHash}`), e.hash);
    }
    const { bundleHash, ...rest } = bundle;
    assert.equal(sha256(canonicalJson(rest)), bundleHash);
    assert.ok(!text.includes('qq 12345'), "the reporters' contact is not in the bundle");
    assert.equal(bundle.case['status'], 'escalated');

    const stdout = await run(['evidence', 'export', '--case', caseId]);
    assert.equal((JSON.parse(stdout.stdout) as CaseBundle).evidence.length, 4);
    const unknown = await run(['evidence', 'export', '--case', 'nope']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No case nope/);
    assert.equal((await run(['evidence', 'export'])).code, 2);
    assert.equal((await run(['evidence', 'prove'])).code, 2);
  });

  test('evidence outlives the deletion of the reports it came from', async () => {
    await sql`delete from reports where case_id = ${caseId}`.execute(store.db);
    const result = await verifyEvidenceChain(store.db);
    assert.equal(result.ok, true);
    assert.equal(result.records, 7);
    const bundle = JSON.parse((await run(['evidence', 'export', '--case', caseId])).stdout) as CaseBundle;
    assert.equal(bundle.reports.length, 0);
    assert.equal(bundle.evidence.length, 4, 'the snapshots are still there');
    assert.match(bundle.evidence[0]!.content, /想賭＊博的私聊我 0/);
  });
});
