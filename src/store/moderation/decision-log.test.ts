import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDecisionLog, type DecisionWriter } from './decision-log.js';
import type { NewDecision } from '../schema.js';

function row(requestId: string): NewDecision {
  return {
    tenantId: 't',
    keyId: null,
    requestId,
    itemIndex: null,
    userRef: null,
    contentRef: null,
    surface: null,
    ageBand: 'adult',
    action: 'allow',
    flagged: 0,
    categories: '[]',
    matches: '[]',
    text: null,
    textLength: 1,
    lexiconVersion: 0,
    createdAt: 0,
  };
}

/** A writer that records batches and commits when the test says so. */
function manualWriter() {
  const batches: string[][] = [];
  const commits: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const write: DecisionWriter = (rows) => {
    batches.push(rows.map((r) => r.requestId));
    return new Promise<void>((resolve, reject) => commits.push({ resolve, reject }));
  };
  return { write, batches, commits };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('calls in the same tick share one batch, and the next batch gathers while one commits', async () => {
  const w = manualWriter();
  const log = createDecisionLog(w.write);
  const settled: string[] = [];
  const a = log.append([row('a')]).then(() => settled.push('a'));
  const b = log.append([row('b1'), row('b2')]).then(() => settled.push('b'));
  assert.equal(log.pending, 3);
  await tick();
  assert.deepEqual(w.batches, [['a', 'b1', 'b2']]);
  const c = log.append([row('c')]).then(() => settled.push('c'));
  await tick();
  assert.equal(w.batches.length, 1, 'no second batch while the first commits');
  assert.deepEqual(settled, [], 'nobody is answered before the commit');
  w.commits[0]!.resolve();
  await Promise.all([a, b]);
  assert.deepEqual(settled, ['a', 'b']);
  await tick();
  assert.deepEqual(w.batches[1], ['c']);
  w.commits[1]!.resolve();
  await c;
  assert.equal(log.pending, 0);
});

test('with room for two batches in flight, the next one commits while the first is still committing', async () => {
  const w = manualWriter();
  const log = createDecisionLog(w.write, undefined, { maxInFlight: 2 });
  const first = log.append([row('a')]);
  await tick();
  const second = log.append([row('b')]);
  await tick();
  const third = log.append([row('c')]);
  await tick();
  assert.deepEqual(w.batches, [['a'], ['b']], 'two at once, the third waits');
  w.commits[1]!.resolve();
  await second;
  await tick();
  await tick();
  assert.deepEqual(w.batches[2], ['c']);
  w.commits[0]!.resolve();
  w.commits[2]!.resolve();
  await Promise.all([first, third]);
  await log.close();
});

test('a failed commit rejects exactly its callers, and later batches still go through', async () => {
  const w = manualWriter();
  const log = createDecisionLog(w.write);
  const failed = log.append([row('x')]);
  await tick();
  w.commits[0]!.reject(new Error('disk full'));
  await assert.rejects(failed, /disk full/);
  const next = log.append([row('y')]);
  await tick();
  w.commits[1]!.resolve();
  await next;
  assert.deepEqual(w.batches, [['x'], ['y']]);
});

test('close writes what is queued, then refuses more', async () => {
  const written: string[] = [];
  const log = createDecisionLog((rows) => {
    written.push(...rows.map((r) => r.requestId));
    return Promise.resolve();
  });
  const queued = log.append([row('q')]);
  await log.close();
  await queued;
  assert.deepEqual(written, ['q']);
  await assert.rejects(log.append([row('late')]), /closed/);
});
