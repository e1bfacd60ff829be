import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { parseConversationLine, runConversations } from './conversations.js';
import type { Io } from './io.js';

test('a malformed conversation line names every problem and keeps its id', () => {
  const bad = parseConversationLine(
    JSON.stringify({
      id: 'c9',
      participants: { a: { age: 'old' }, b: { age: 12, role: 'boss' } },
      messages: [
        { from: 'x', text: 3, t: 5 },
        { from: 'b', text: 'hi', t: 1 },
      ],
    }),
    4,
  );
  assert.equal(bad.ok, false);
  const error = JSON.parse(bad.ok ? '{}' : bad.json) as { id: string; error: string };
  assert.equal(error.id, 'c9');
  for (const part of [
    'participants.a.age',
    'participants.b.role',
    'messages[0].from "x"',
    'messages[0].text',
    'messages[1].t goes back',
  ])
    assert.ok(error.error.includes(part), `${part} in ${error.error}`);
  const notJson = parseConversationLine('{nope', 7);
  assert.equal(notJson.ok, false);
  assert.match(notJson.ok ? '' : notJson.json, /"id":7,"error":"line 7: not valid JSON/);
});

test('conversations scan writes one judgement a line in input order, an error line for a bad one, and exits 1', async () => {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const io = { stdin, stdout, stderr, stderrIsTty: false } as unknown as Io;
  const lines = [
    {
      id: 'g',
      participants: { a: { age: 30 }, k: { age: 11 } },
      messages: [
        { from: 'a', text: '你几岁了', t: 0 },
        { from: 'a', text: '加我扣扣，别告诉你爸妈', t: 30 },
        { from: 'a', text: '开个摄像头给我看看你', t: 60 },
      ],
    },
    { id: 'b', participants: { a: { age: 30 } }, messages: 'none' },
    { id: 'n', participants: { a: { age: 40 }, k: { age: 9 } }, messages: [{ from: 'a', text: '到家了吗', t: 0 }] },
  ];
  stdin.end(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const code = await runConversations(['scan', '--no-model'], io);
  assert.equal(code, 1);
  const rows = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    rows.map((r) => r['id']),
    ['g', 'b', 'n'],
  );
  assert.equal(rows[0]?.['flagged'], true);
  assert.deepEqual(rows[0]?.['kinds'], ['grooming']);
  assert.equal(rows[0]?.['target'], 'k');
  assert.match(String(rows[1]?.['error']), /"messages" must be an array/);
  assert.equal(rows[2]?.['flagged'], false);
  assert.equal(rows[2]?.['flaggedAt'], null);
  await assert.rejects(runConversations(['scan', '--alert-level', 'huge'], io), /alert-level/);
  await assert.rejects(runConversations(['judge'], io), /unknown subcommand/);
});
