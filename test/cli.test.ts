import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'qinglang.js');

function run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', cwd: root });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('scan: the contract example flags id 1 with a span over 賭＊博 through traditional and separator', () => {
  const { code, stdout } = run(['scan', '--format', 'jsonl'], '{"id":1,"text":"想賭＊博的私聊"}\n');
  assert.equal(code, 0);
  const [line] = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(line?.['id'], 1);
  assert.equal(line?.['flagged'], true);
  const matches = line?.['matches'] as { start: number; end: number; via: string[]; category: string }[];
  const gambling = matches.find((m) => m.category === 'gambling');
  assert.ok(gambling);
  assert.equal('想賭＊博的私聊'.slice(gambling.start, gambling.end), '賭＊博');
  assert.ok(gambling.via.includes('traditional') && gambling.via.includes('separator'));
  assert.deepEqual(Object.keys(line ?? {}), ['id', 'flagged', 'action', 'categories', 'matches']);
  assert.deepEqual(Object.keys(gambling), ['start', 'end', 'category', 'severity', 'term', 'via']);
});

test('scan: plain-text lines take their line number as id, bad lines yield an error line, order is kept, exit 1', () => {
  const input = [
    '今天天气很好',
    '{"id":"a","text":"赌博网站"}',
    '{"id":"b","text":5}',
    '{oops',
    '{"id":"c","text":"周末去博物馆"}',
  ].join('\n');
  const { code, stdout, stderr } = run(['scan', '-'], input);
  assert.equal(code, 1);
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    lines.map((l) => [l['id'], l['flagged'] ?? 'error']),
    [
      [1, false],
      ['a', true],
      ['b', 'error'],
      [4, 'error'],
      ['c', false],
    ],
  );
  assert.equal(stderr, '', 'no progress bar when stderr is not a terminal');
});

test('scan: reads a file, and a missing file or unknown format is a usage error (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qinglang-cli-'));
  const file = join(dir, 'in.jsonl');
  writeFileSync(file, '{"id":1,"text":"赌博"}\n{"id":2,"text":"你好"}\n');
  const ok = run(['scan', file, '--format', 'jsonl']);
  assert.equal(ok.code, 0);
  assert.equal(ok.stdout.trim().split('\n').length, 2);
  assert.equal(run(['scan', join(dir, 'missing.jsonl')]).code, 2);
  assert.equal(run(['scan', file, '--format', 'csv']).code, 2);
  assert.equal(run(['scan', file, '--age-band', 'toddler']).code, 2);
});

test('check: shows the matches with category, severity and the disguises seen through', () => {
  const { code, stdout } = run(['check', '有没有人一起du博，加薇信：幺三八 一二三四 五六七八']);
  assert.equal(code, 0);
  assert.match(stdout, /【du博】/u);
  assert.match(stdout, /gambling/u);
  assert.match(stdout, /拼音 pinyin/u);
  assert.match(stdout, /contact_offplatform/u);
  const benign = run(['check', '周末我们全家去博物馆']);
  assert.match(benign.stdout, /未发现匹配 no matches/u);
  const json = run(['check', '--json', '赌博网站']);
  assert.equal((JSON.parse(json.stdout) as { action: string }).action, 'block');
});

test('lexicon check: reports every error with file, line and column, and exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qinglang-lexicon-'));
  const file = join(dir, 'bad.txt');
  writeFileSync(file, '@category gambling\n赌博 extreme\n@category nope\n!不存在\n');
  const { code, stderr } = run(['lexicon', 'check', file]);
  assert.equal(code, 1);
  assert.match(stderr, /bad\.txt:2:4: unknown field "extreme"/u);
  assert.match(stderr, /bad\.txt:3:11: unknown category "nope"/u);
  assert.match(stderr, /bad\.txt:4:1: "不存在" is not defined earlier/u);
  const good = join(dir, 'good.txt');
  writeFileSync(good, '@category gambling\n赌博\n~博物馆\n');
  assert.equal(run(['lexicon', 'check', good]).code, 0);
});

test('the default lexicon passes its own check with no warnings', () => {
  const all = spawnSync(
    'sh',
    ['-c', `"${process.execPath}" "${bin}" lexicon check "${join(root, 'data/lexicon')}"/*.txt`],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.stdout, /通过 ok/u);
  assert.equal(all.stderr, '');
});

test('an unknown command is a usage error', () => {
  assert.equal(run(['frobnicate']).code, 2);
});
