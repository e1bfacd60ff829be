import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileEngine, parseLexicon } from '../../src/engine/index.js';
import { firstReadingOf } from '../../src/engine/tables/pinyin.js';
import { contactSamples } from './contact.js';
import { parseCsv } from './corpora.js';
import { blockedRows } from './false-alarms.js';
import { DISGUISERS, TERM_KINDS, acrostic } from './disguise.js';
import { createRandom, stratified } from './random.js';
import { createJudge, generate, runKind } from './suite.js';

const LEXICON = parseLexicon([
  {
    name: 'eval.txt',
    text: [
      '@category gambling',
      '赌博 +homophone',
      '网络赌博',
      'dubo平台',
      '@category drugs',
      '吸毒',
      '卖冰毒',
      '@category sexual',
      'porn word',
      '裸聊视频',
      '@category abuse',
      '傻逼',
      '去你妈的',
    ].join('\n'),
  },
]);

test('the same seed gives the same samples, another seed other ones', () => {
  const a = generate(LEXICON, 'separator', 1, { terms: 8, contacts: 0 }).samples.map((s) => s.disguised.text);
  const b = generate(LEXICON, 'separator', 1, { terms: 8, contacts: 0 }).samples.map((s) => s.disguised.text);
  const c = generate(LEXICON, 'separator', 2, { terms: 8, contacts: 0 }).samples.map((s) => s.disguised.text);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('every disguise changes the term it applies to, and only terms whose flags allow the kind are sampled', () => {
  for (const kind of TERM_KINDS) {
    const random = createRandom(5);
    for (const term of LEXICON.terms.filter((t) => DISGUISERS[kind].applies(t))) {
      for (let i = 0; i < 5; i++)
        assert.notEqual(DISGUISERS[kind].apply(term, random).text, term.term, `${kind} ${term.term}`);
    }
  }
  const noPinyin = parseLexicon([{ name: 'x.txt', text: '@category gambling\n赌博 -pinyin\n博彩\n' }]);
  const { samples } = generate(noPinyin, 'pinyin', 1, { terms: 10, contacts: 0 });
  assert.deepEqual(
    samples.map((s) => s.term?.term),
    ['博彩'],
  );
});

test('a homophone keeps the first reading of the character it replaces', () => {
  const term = LEXICON.terms.find((t) => t.term === '赌博')!;
  const random = createRandom(9);
  for (let i = 0; i < 20; i++) {
    const text = DISGUISERS.homophone.apply(term, random).text;
    const reading = [...text].map((c) => firstReadingOf(c.codePointAt(0)!));
    assert.deepEqual(
      reading,
      [...'赌博'].map((c) => firstReadingOf(c.codePointAt(0)!)),
    );
  }
});

test('an acrostic puts the characters at the heads of consecutive lines', () => {
  const random = createRandom(3);
  for (let i = 0; i < 10; i++) {
    const poem = acrostic('卖冰毒', random);
    assert.equal(poem.heads.map((h) => poem.text[h]).join(''), '卖冰毒');
    for (const h of poem.heads) assert.ok(h === 0 || poem.text[h - 1] === '\n');
  }
});

test('contact samples keep the number after the keyword, in the plain text as in the disguised one', () => {
  for (const sample of contactSamples(createRandom(4), 60)) {
    assert.equal(sample.text.slice(0, sample.lead), sample.plain.slice(0, sample.lead));
    assert.match(sample.plain.slice(sample.lead), /^[a-z]*\d{5,}$/u);
  }
});

test('stratified sampling draws from every group before repeating one', () => {
  const picked = stratified(createRandom(1), [['a1', 'a2', 'a3'], ['b1'], ['c1', 'c2']], 3);
  assert.deepEqual(picked.map((p) => p[0]).sort(), ['a', 'b', 'c']);
});

test('the suite counts a term found through its disguise and whether the span covers it', () => {
  const engine = compileEngine(LEXICON);
  const result = runKind(engine, LEXICON, 'separator', 1, { terms: 20, contacts: 0 }, createJudge(LEXICON));
  assert.equal(result.total.samples, LEXICON.terms.length);
  assert.equal(result.total.plainFound, result.total.samples);
  assert.ok(result.total.found >= result.total.covered);
});

test('CSV fields may be quoted, hold commas, doubled quotes and line breaks, after a BOM', () => {
  assert.deepEqual(parseCsv('\ufeffa,b\r\n1,"x, ""y""\nz"\n2,'), [
    ['a', 'b'],
    ['1', 'x, "y"\nz'],
    ['2', ''],
  ]);
});

test('blockedRows lists the blocked rows with the matches that block them and the text around each', () => {
  const engine = compileEngine(LEXICON);
  const rows = [
    { text: '周末我们全家去博物馆', label: '0' },
    { text: '听说他们这周末又在网上一起偷偷赌博，输了很多钱', label: '0' },
  ];
  const blocked = blockedRows(engine, rows);
  assert.equal(blocked.length, 1);
  assert.equal(blocked[0]!.text, rows[1]!.text);
  assert.deepEqual(
    blocked[0]!.blocking.map(({ match, around }) => [match.term, around]),
    [['赌博', '又在网上一起偷偷赌博，输了很多钱']],
  );
});
