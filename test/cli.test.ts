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
  // The contract's fields first, as they were; the model stage only adds.
  assert.deepEqual(Object.keys(line ?? {}), ['id', 'flagged', 'action', 'categories', 'matches', 'scores', 'signals']);
  assert.deepEqual(Object.keys(gambling), ['start', 'end', 'category', 'severity', 'term', 'via']);
});

test('scan: every line carries the model scores and its signals as offsets; --no-model leaves them out', () => {
  const texts = ['宝妈在家就能做，手机点赞一单3元，日结不压款', '警方提醒：刷单返利都是诈骗'];
  const input = texts.map((text, i) => JSON.stringify({ id: i, text })).join('\n');
  const { code, stdout } = run(['scan'], input);
  assert.equal(code, 0);
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { scores: Record<string, number>; signals: Record<string, unknown>[] });
  assert.equal(lines.length, 2);
  for (const line of lines) {
    assert.ok(Object.keys(line.scores).length > 1, 'a score for each category the model knows');
    assert.ok(Object.values(line.scores).every((p) => p >= 0 && p <= 1));
  }
  const [fraud, news] = lines;
  assert.ok(fraud!.scores['fraud']! >= 0.5);
  const signal = fraud!.signals.find((s) => s['category'] === 'fraud');
  assert.ok(signal);
  assert.deepEqual(Object.keys(signal), ['category', 'start', 'end', 'weight'], 'offsets, not text, as matches');
  assert.ok(texts[0]!.slice(signal['start'] as number, signal['end'] as number).length > 0);
  assert.deepEqual(news!.signals, []);
  const plain = run(['scan', '--no-model'], input);
  assert.deepEqual(Object.keys(JSON.parse(plain.stdout.split('\n')[0]!) as object), [
    'id',
    'flagged',
    'action',
    'categories',
    'matches',
  ]);
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

test('check: the model flags what no lexicon word names, with its signals, and leaves a scam warning alone', () => {
  const cases = [
    { text: '这种人就该滚回他们老家，别在这丢人现眼', category: 'abuse', label: '辱骂欺凌' },
    { text: '宝妈在家就能做，手机点赞一单3元，日结不压款', category: 'fraud', label: '诈骗' },
  ];
  for (const c of cases) {
    const { code, stdout } = run(['check', c.text]);
    assert.equal(code, 0);
    assert.match(stdout, /处理 action: 拦截 block/u, c.text);
    assert.match(stdout, /词库未命中 no lexicon matches/u);
    assert.match(stdout, /模型判断 model signals:/u);
    assert.match(stdout, new RegExp(`- ${c.label} ${c.category} \\d+(\\.\\d)?%`, 'u'), 'the category and its score');
    const spans = [...stdout.matchAll(/^ {4}(\S+) \[(\d+), (\d+)\)/gmu)];
    assert.ok(spans.length > 0, 'each signal with its text and offsets');
    for (const [, text, start, end] of spans) assert.equal(c.text.slice(Number(start), Number(end)), text);
    assert.match(stdout, /模型 model: .*〔/u, 'the signals marked in the text');
    assert.match(stdout, new RegExp(`模型评分 model scores: ${c.label} ${c.category} \\d+`, 'u'), 'top score first');
    const json = JSON.parse(run(['check', '--json', c.text]).stdout) as { flagged: boolean; signals: unknown[] };
    assert.equal(json.flagged, true);
    assert.ok(json.signals.length > 0);
  }
  const warning = run(['check', '警方提醒：刷单返利都是诈骗']);
  assert.equal(warning.code, 0);
  assert.doesNotMatch(warning.stdout, /处理 action: (拦截 block|人工审核 review)/u, 'not flagged');
  assert.match(warning.stdout, /模型未发现问题 no model signals/u);
  const json = JSON.parse(run(['check', '--json', '警方提醒：刷单返利都是诈骗']).stdout) as { flagged: boolean };
  assert.equal(json.flagged, false);
});

test('check: --no-model judges by words alone; a model file that cannot be read stops it, saying how to do without', () => {
  const words = run(['check', '--no-model', '这种人就该滚回他们老家，别在这丢人现眼']);
  assert.equal(words.code, 0);
  assert.match(words.stdout, /未发现匹配 no matches/u);
  assert.doesNotMatch(words.stdout, /模型/u);
  const dir = mkdtempSync(join(tmpdir(), 'qinglang-model-'));
  const damaged = join(dir, 'bad.model');
  writeFileSync(damaged, 'not a model');
  const missing = run(['check', '--model', join(dir, 'none.model'), 'x']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /none\.model: no such file/u);
  assert.match(missing.stderr, /--no-model/u);
  const bad = run(['check', '--model', damaged, 'x']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /QLM2/u);
  assert.equal(run(['check', '--model', damaged, '--no-model', 'x']).code, 2, 'the two exclude each other');
  assert.equal(run(['scan', '--model', join(dir, 'none.model')], 'x\n').code, 1, 'scan reads --model too');
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
