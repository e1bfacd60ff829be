import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileEngine, parseLexicon, type Engine, type VariantKind } from './index.js';

// The variant views of issue #3, each with positive and near-miss cases, on a small lexicon written for the tests.
const LEXICON = `
@category gambling
赌博 +homophone
网络赌博
博彩 +homophone
@category sexual
强奸
裸聊
婊子
@category drugs
冰毒
@category grooming
未成年人
@category self_harm
想自杀
@category violence
扒车 -pinyin
@category fandom
加入粉丝团
@category vulgar
低俗恶搞
@category doxxing
人肉姓名
@category bad_values
pua女生 word
~博物馆
~~打击赌博 gambling
~~心理援助热线 self_harm
`;

const engine: Engine = compileEngine(parseLexicon([{ name: 'views.txt', text: LEXICON }]));

type Row = readonly [name: string, text: string, expected: readonly (readonly [string, string, string])[]];

/** Each expected match: [matched text, term, via kinds joined by +]. */
const cases: readonly Row[] = [
  ['pinyin spelled out', '来dubo吧', [['dubo', '赌博', 'pinyin']]],
  ['pinyin with a space', 'du bo', [['du bo', '赌博', 'separator+pinyin']]],
  ['pinyin in capitals', 'DUBO', [['DUBO', '赌博', 'case+pinyin']]],
  ['pinyin in full-width letters', 'ｄｕｂｏ', [['ｄｕｂｏ', '赌博', 'width+pinyin']]],
  ['pinyin with a hyphen', 'du-bo', [['du-bo', '赌博', 'separator+pinyin']]],
  ['mixed Han and pinyin', '一起赌bo', [['赌bo', '赌博', 'pinyin']]],
  ['mixed pinyin and Han', '一起du博', [['du博', '赌博', 'pinyin']]],
  ['pinyin inside an English word is not pinyin', 'Apache dubois', []],
  [
    'a lone vowel between spelled syllables is a syllable',
    'di su e gao',
    [['di su e gao', '低俗恶搞', 'separator+pinyin']],
  ],
  ['a lone vowel elsewhere stays a letter', 'di su a dog e gao', []],
  ['homophones of a flagged term', '堵搏', [['堵搏', '赌博', 'homophone']]],
  [
    'homophones of a long term',
    '网落堵搏',
    [
      ['网落堵搏', '网络赌博', 'homophone'],
      ['堵搏', '赌博', 'homophone'],
    ],
  ],
  ['homophones never across a separator', '堵，搏', []],
  ['homophones respect allow terms', '去博物馆', []],
  ['split characters recomposed', '弓虽女干', [['弓虽女干', '强奸', 'split']]],
  ['split characters next to whole ones', '衤果聊', [['衤果聊', '裸聊', 'split']]],
  ['a split pair alone is not rewritten into a term', '女干部', []],
  [
    'components also stay as written beside another rewrite (女生 is not 姓 here)',
    'pu@女生',
    [['pu@女生', 'pua女生', 'leet']],
  ],
  ['look-alike glyphs', '末成年人', [['末成年人', '未成年人', 'lookalike']]],
  ['a common character standing for its look-alike', '快加人粉丝团', [['加人粉丝团', '加入粉丝团', 'lookalike']]],
  ['a common character alone opens no view', '大家加人气', []],
  ['an emoji standing for a character', '🎲博', [['🎲博', '赌博', 'emoji']]],
  ['an emoji between characters is a separator', '冰🎲毒', [['冰🎲毒', '冰毒', 'separator']]],
  [
    'an acrostic down the line heads',
    '网上冲浪\n络绎不绝\n赌书泼茶\n博学多才',
    [['网上冲浪\n络绎不绝\n赌书泼茶\n博', '网络赌博', 'acrostic']],
  ],
  ['an acrostic needs consecutive lines', '网上冲浪\n今天不错\n络绎不绝\n赌书泼茶', []],
  ['ordinary text', '周末我们全家去博物馆看恐龙化石', []],
];

for (const [name, text, expected] of cases) {
  test(`views: ${name}`, () => {
    const got = engine.moderate(text).matches.map((m) => [m.text, m.term, m.via.join('+')]);
    assert.deepEqual(got, expected);
  });
}

test('views: a homophone match ranks below the term, and an unflagged term only labels', () => {
  const flagged = engine.moderate('堵搏').matches[0];
  assert.equal(flagged?.severity, 'medium', 'a +homophone term drops one level');
  const long = engine.moderate('网落堵搏').matches.find((m) => m.term === '网络赌博');
  assert.equal(long?.severity, 'low', 'an unflagged long term only labels');
  const exactOnly = compileEngine(parseLexicon([{ name: 'x', text: '赌博 gambling +homophone' }]), {
    homophoneExactChars: 1,
  });
  assert.equal(
    exactOnly.moderate('堵搏').matches.length,
    0,
    'homophoneExactChars keeps one of the term’s own characters',
  );
  assert.equal(exactOnly.moderate('赌搏').matches.length, 1);
});

test('views: a short term without +homophone is not matched by sound', () => {
  const e = compileEngine(parseLexicon([{ name: 'x', text: '博彩 gambling' }]));
  assert.equal(e.moderate('菠菜').matches.length, 0);
});

test('views: contexts turn protective wording into labels', () => {
  for (const text of ['警方打击赌博行动', '如果你想自杀，请拨打心理援助热线']) {
    const verdict = engine.moderate(text);
    assert.ok(verdict.matches.length > 0, text);
    assert.ok(
      verdict.matches.every((m) => m.severity === 'low'),
      text,
    );
    assert.equal(verdict.flagged, false, text);
  }
});

test('views: contact details are reported with exact spans in the original text', () => {
  const text = '有没有人一起du博，加薇信：幺三八 一二三四 五六七八';
  const verdict = engine.moderate(text);
  const gambling = verdict.matches.find((m) => m.category === 'gambling');
  const contact = verdict.matches.find((m) => m.category === 'contact_offplatform');
  assert.equal(gambling?.text, 'du博');
  assert.ok(gambling?.via.includes('pinyin'));
  assert.equal(contact?.text, '加薇信：幺三八 一二三四 五六七八');
  assert.equal(text.slice(contact.start, contact.end), contact.text);
  assert.ok(contact.via.includes('contact') && contact.via.includes('numerals'));
  assert.equal(verdict.action, 'block');
});

test('views: each view can be switched off', () => {
  const lexicon = parseLexicon([{ name: 'views.txt', text: LEXICON }]);
  const without = (kind: VariantKind, text: string): number =>
    compileEngine(lexicon, {
      variants: [
        'width',
        'case',
        'separator',
        'repeat',
        'pinyin',
        'homophone',
        'split',
        'lookalike',
        'emoji',
        'acrostic',
        'contact',
      ].filter((k) => k !== kind) as VariantKind[],
    }).moderate(text).matches.length;
  assert.equal(without('pinyin', 'dubo'), 0);
  assert.equal(without('homophone', '堵搏'), 0);
  assert.equal(without('split', '弓虽女干'), 0);
  assert.equal(without('lookalike', '末成年人'), 0);
  assert.equal(without('emoji', '🎲博'), 0);
  assert.equal(without('acrostic', '网上冲浪\n络绎不绝\n赌书泼茶\n博学多才'), 0);
  assert.equal(without('contact', '加薇信：幺三八 一二三四 五六七八'), 0);
});

test('views: a short digit run beside Han is read as letters, weakly (傻8, 加79, @片), and numbers stay numbers', () => {
  const e = compileEngine(
    parseLexicon([
      {
        name: 'leet.txt',
        text: [
          '傻b abuse medium word',
          'b站私信 contact_offplatform medium word',
          '加tg contact_offplatform high +leet',
          'a片 sexual high',
        ].join('\n'),
      },
    ]),
  );
  const found = (text: string): [string, string, string][] =>
    e.moderate(text).matches.map((m) => [m.text, m.term, m.severity]);
  assert.deepEqual(found('你真傻8'), [['傻8', '傻b', 'low']], 'a lone digit is weak evidence: a label');
  assert.deepEqual(found('有事加79'), [['加79', '加tg', 'medium']], 'a term flagged +leet is one level lower');
  assert.deepEqual(found('看@片'), [['@片', 'a片', 'low']], 'signs are read like digits');
  assert.deepEqual(found('去8站私信'), [['8站私信', 'b站私信', 'low']]);
  assert.deepEqual(found('你真傻b'), [['傻b', '傻b', 'medium']], 'as written keeps its severity');
  for (const text of ['第8站到了', '2024年8月', '买了3个', '加799元包邮', '傻888']) {
    assert.deepEqual(found(text), [], text);
  }
});
