import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import {
  SWEEP_STALL_MS,
  loadConfig,
  openWorkerRuntime,
  startServer,
  startSweepWork,
  type RunningServer,
  type WorkerRuntime,
} from '../../src/server/index.js';
import {
  addSweepItems,
  createApiKey,
  createSweep,
  createTenant,
  getSweep,
  listDecisions,
  sealSweep,
} from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

const BIN = fileURLToPath(new URL('../../../bin/qinglang.js', import.meta.url));

/** A backlog with every kind of line: harmful and benign JSON items, a plain-text line, a blank line and bad lines. */
function backlog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 240; i++) {
    const text =
      i % 3 === 0 ? `第${i}条：想賭＊博的私聊我` : i % 3 === 1 ? `第${i}条：今天放学一起去图书馆` : `加我V信${i}领红包`;
    lines.push(JSON.stringify({ ref: `post-${i}`, text, ...(i % 10 === 0 ? { ageBand: 'age_8_12' } : {}) }));
  }
  lines[17] = '{"ref": "broken", "text": '; // not JSON: line 18
  lines[42] = JSON.stringify({ ref: 'no-text' }); // line 43
  lines[100] = ''; // blank, skipped
  lines[150] = '这是一行纯文本，不是 JSON'; // plain text: its ref is its line number
  lines[200] = JSON.stringify({ ref: 'bad-band', text: '你好', ageBand: 'age_99' }); // line 201
  return `${lines.join('\n')}\n`;
}

type Line = { index: number; ref?: string; line?: number; error?: string; flagged?: boolean; action?: string };

function parseLines(text: string): Line[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

/** Checks the result lines of `backlog()`: each line's index once, in order, bad lines with their number. */
function checkResults(lines: readonly Line[]): void {
  assert.equal(lines.length, 239, 'one result line for each of the 240 lines but the blank one');
  const indexes = lines.map((l) => l.index);
  assert.deepEqual(
    indexes,
    [...indexes].sort((a, b) => a - b),
    'in input order',
  );
  assert.equal(new Set(indexes).size, indexes.length, 'every index once');
  const errors = lines.filter((l) => l.error !== undefined);
  assert.deepEqual(
    errors.map((e) => e.line),
    [18, 43, 201],
  );
  assert.match(errors[0]!.error!, /^line 18: not valid JSON/);
  assert.match(errors[1]!.error!, /^line 43: "text" must be a string/);
  assert.match(errors[2]!.error!, /^line 201: "ageBand" must be one of/);
  assert.equal(
    lines.find((l) => l.index === 150)?.ref,
    '151',
    'a plain-text line is a text whose ref is its line number',
  );
  assert.equal(lines.find((l) => l.index === 0)?.action, 'block');
  assert.equal(lines.find((l) => l.index === 1)?.flagged, false);
}

describeEachDialect('sweeps in-process', (dialect) => {
  let database: FreshDatabase;
  let server: RunningServer;
  let key = '';
  let otherKey = '';
  const dir = mkdtempSync(join(tmpdir(), 'qinglang-sweep-'));

  before(async () => {
    database = dialect.fresh();
    const config = loadConfig({ ...database.env, PORT: '0', LOG_LEVEL: 'silent', MODERATION_WORKERS: '1' });
    server = await startServer(config, { log: pino({ level: 'silent' }) });
    assert.equal(server.deps.jobs.kind, 'in-process', 'without NATS_URL jobs stay in the process');
    await createTenant(server.deps.store.db, { id: 'acme' }, Date.now());
    await createTenant(server.deps.store.db, { id: 'beta' }, Date.now());
    key = (await createApiKey(server.deps.store.db, { tenantId: 'acme', scopes: ['moderate'] }, Date.now())).token;
    otherKey = (await createApiKey(server.deps.store.db, { tenantId: 'beta', scopes: ['moderate'] }, Date.now())).token;
  });
  after(async () => {
    await server.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (path: string, init: RequestInit & { key?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${init.key ?? key}`, ...init.headers },
    });

  const waitDone = async (id: string): Promise<Record<string, unknown>> => {
    for (let i = 0; i < 600; i++) {
      const sweep = (await (await call(`/v1/sweeps/${id}`)).json()) as Record<string, unknown>;
      if (sweep['status'] === 'done') return sweep;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`sweep ${id} did not finish`);
  };

  test('POST /v1/sweeps: the service moderates a JSONL backlog, logs each item once, and reports bad lines by number', async () => {
    const response = await call('/v1/sweeps?surface=comment', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: backlog(),
    });
    assert.equal(response.status, 202);
    const submitted = (await response.json()) as { id: string; total: number; invalid: number };
    assert.equal(submitted.total, 236);
    assert.equal(submitted.invalid, 3);
    const sweep = await waitDone(submitted.id);
    assert.equal(sweep['done'], 236);
    assert.equal(sweep['progress'], 1);

    const results = await call(`/v1/sweeps/${submitted.id}/results`);
    assert.equal(results.headers.get('content-type'), 'application/x-ndjson; charset=utf-8');
    checkResults(parseLines(await results.text()));

    const logged = await listDecisions(server.deps.store.db, {
      tenantId: 'acme',
      requestId: `sweep:${submitted.id}`,
      limit: 10_000,
    });
    assert.equal(logged.length, 236, 'one decision per item');
    assert.equal(new Set(logged.map((d) => d.itemIndex)).size, 236);
    assert.equal(logged.find((d) => d.itemIndex === 10)?.ageBand, 'age_8_12', 'an item’s own age band');
    assert.equal(logged.find((d) => d.itemIndex === 0)?.contentRef, 'post-0');
    assert.equal(logged.find((d) => d.itemIndex === 0)?.surface, 'comment');
    assert.equal(logged.find((d) => d.itemIndex === 0)?.text, null, 'no text kept for a tenant that did not opt in');

    const hidden = await call(`/v1/sweeps/${submitted.id}`, { key: otherKey });
    assert.equal(hidden.status, 404, 'another tenant’s sweep is not found');
    const listed = (await (await call('/v1/sweeps')).json()) as { sweeps: { id: string }[] };
    assert.deepEqual(
      listed.sweeps.map((s) => s.id),
      [submitted.id],
    );
  });

  test('a JSON object listing is a sweep too; a body of another type is a validation error', async () => {
    const response = await call('/v1/sweeps', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'bucket/2026-12/', items: [{ ref: 'a.txt', text: '想賭＊博的私聊我' }, 'oops'] }),
    });
    assert.equal(response.status, 202);
    const sweep = await waitDone(((await response.json()) as { id: string }).id);
    assert.equal(sweep['source'], 'bucket/2026-12/');
    assert.equal(sweep['done'], 1);
    assert.equal(sweep['invalid'], 1);

    for (const [type, body] of [
      ['application/x-ndjson', '\n  \n'],
      ['application/json', '{"items": []}'],
    ]) {
      const empty = await call('/v1/sweeps', { method: 'POST', headers: { 'content-type': type! }, body: body! });
      assert.equal(empty.status, 400, `an empty ${type} sweep is refused`);
      assert.match(((await empty.json()) as { error: { message: string } }).error.message, /no items/);
    }
    const bad = await call('/v1/sweeps', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'validation_failed');
  });

  test('qinglang sweep without NATS runs in-process and writes the same result lines as the service', async () => {
    const input = join(dir, 'backlog.jsonl');
    const out = join(dir, 'results.jsonl');
    writeFileSync(input, backlog());
    const child = spawn(
      process.execPath,
      [BIN, 'sweep', input, '--tenant', 'beta', '--out', out, '--surface', 'comment'],
      {
        env: { ...process.env, ...database.env, NATS_URL: '', LOG_LEVEL: 'warn', MODERATION_WORKERS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1, `exit 1: some lines could not be read (${stderr})`);
    assert.match(stderr, /236 条 items/);
    const cli = parseLines(readFileSync(out, 'utf8'));
    checkResults(cli);
    const api = await call('/v1/sweeps', { key: otherKey });
    const ids = ((await api.json()) as { sweeps: { id: string }[] }).sweeps.map((s) => s.id);
    assert.equal(ids.length, 1, 'the CLI’s sweep is beta’s');
    const served = parseLines(await (await call(`/v1/sweeps/${ids[0]}/results`, { key: otherKey })).text());
    assert.deepEqual(cli, served);
    const acme = (await (await call('/v1/sweeps')).json()) as { sweeps: { id: string }[] };
    const first = parseLines(await (await call(`/v1/sweeps/${acme.sweeps.at(-1)!.id}/results`)).text());
    assert.deepEqual(cli, first, 'the same lines as the service’s sweep of the same backlog');
  });
});

describeEachDialect('sweeps whose jobs were lost', (dialect) => {
  let database: FreshDatabase;
  let runtime: WorkerRuntime;

  before(async () => {
    database = dialect.fresh();
    const config = loadConfig({ ...database.env, LOG_LEVEL: 'silent', MODERATION_WORKERS: '1' });
    runtime = await openWorkerRuntime(config, { log: pino({ level: 'silent' }), name: 'stall-test', threads: 1 });
    await createTenant(runtime.store.db, { id: 'acme' }, Date.now());
  });
  after(async () => {
    await runtime.close();
    await database.drop();
  });

  test('the stall watch queues again the chunks of a sweep that stopped moving (or whose submitter died), each item recorded once', async () => {
    const { db } = runtime.store;
    const now = Date.now();
    // Stored and sealed, but its jobs never reached a queue (a broker lost them, or the process died with its queue).
    const sweep = await createSweep(
      db,
      { tenantId: 'acme', source: 'lost', ageBand: 'age_12_16', chunkSize: 100 },
      now,
    );
    const items = Array.from({ length: 250 }, (_, i) => ({
      index: i,
      ref: `r${i}`,
      text: `第${i}条 想賭＊博的私聊我`,
    }));
    await addSweepItems(db, sweep.id, items, [], now);
    await sealSweep(db, sweep.id, now);
    // Its submitter died after storing a batch and before queueing it: never sealed.
    const orphan = await createSweep(
      db,
      { tenantId: 'acme', source: 'died', ageBand: 'age_12_16', chunkSize: 100 },
      now,
    );
    await addSweepItems(db, orphan.id, items.slice(0, 30), [], now);

    const later = now + SWEEP_STALL_MS + 60_000;
    const work = startSweepWork({ ...runtime, clock: () => later }, { concurrency: 2 });
    try {
      // The watch runs at start and then every 30 s; asked again at once, it finds nothing stalled (the sweep was taken).
      await work.requeueStalled();
      assert.equal(await work.requeueStalled(), 0, 'a sweep is taken by one watch');
      let done = await getSweep(db, sweep.id);
      for (let i = 0; i < 600 && done?.status !== 'done'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        done = await getSweep(db, sweep.id);
      }
      assert.equal(done?.status, 'done');
      assert.equal(done.done, 250);
      const logged = await listDecisions(db, { tenantId: 'acme', requestId: `sweep:${sweep.id}`, limit: 1000 });
      assert.equal(logged.length, 250);
      assert.equal(new Set(logged.map((d) => d.itemIndex)).size, 250);
      let stored = await getSweep(db, orphan.id);
      for (let i = 0; i < 600 && stored?.done !== 30; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stored = await getSweep(db, orphan.id);
      }
      assert.equal(stored?.done, 30, 'what a dead submitter stored is moderated');
      assert.equal(stored.status, 'submitting', 'and only a submitter says its input ended');
    } finally {
      work.stop();
    }
  });
});
