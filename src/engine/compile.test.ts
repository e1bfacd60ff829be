import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../lib/index.js';
import {
  compileEngine,
  compileLexicon,
  CORE_VARIANTS,
  createEngine,
  parseLexicon,
  type Engine,
  type EngineOptions,
  type Match,
} from './index.js';

const LEXICON = `
@category gambling
赌博
博彩 medium
@category vulgar
@severity low
嘻嘻
666
@category sexual
@severity high
sex
sb word
isis word
abcd
bc
𠀀𠀁
@category violence
杀毒
@category drugs
冰毒 -traditional
~博物馆
~杀毒软件
~~打击赌博 gambling
`;

/** The core stages only: the views of look-alikes, emoji, pinyin and contacts have their own tests. */
function engine(options: EngineOptions = {}, extra = ''): Engine {
  return compileEngine(parseLexicon([{ name: 'test.txt', text: LEXICON + extra }]), {
    variants: CORE_VARIANTS,
    ...options,
  });
}

const spans = (matches: readonly Match[]): string[] =>
  matches.map((m) => `${m.text}→${m.term}[${m.start},${m.end})${m.via.length ? ':' + m.via.join('+') : ''}`);

test('maxSkip bounds the separators skipped in a row', () => {
  assert.deepEqual(spans(engine({ maxSkip: 3 }).moderate('赌*-*博').matches), ['赌*-*博→赌博[0,5):separator']);
  assert.deepEqual(engine({ maxSkip: 3 }).moderate('赌*-*-博').matches, []);
});

const cases: readonly [string, string, string[]][] = [
  ['plain text matches as written', '我想赌博', ['赌博→赌博[2,4)']],
  ['an asterisk between characters is skipped', '赌*博', ['赌*博→赌博[0,3):separator']],
  ['a space between characters is skipped', '赌 博', ['赌 博→赌博[0,3):separator']],
  ['Chinese punctuation between characters is skipped', '赌。博', ['赌。博→赌博[0,3):separator']],
  ['an emoji between characters is skipped', '赌🎲博', ['赌🎲博→赌博[0,4):separator']],
  ['an ideographic space between characters is skipped', '赌\u3000博', ['赌\u3000博→赌博[0,3):separator']],
  ['three separators in a row are skipped', '赌*-*博', ['赌*-*博→赌博[0,5):separator']],
  ['any run of separators within a line is skipped', '赌*-*-**--博', ['赌*-*-**--博→赌博[0,10):separator']],
  ['a plain digit between two characters is content', '赌1博', []],
  ['a circled digit between two characters is filler', '赌①博', ['赌①博→赌博[0,3):separator']],
  ['a Greek letter between two characters is filler', '赌α博', ['赌α博→赌博[0,3):separator']],
  ['a Roman numeral between two characters is filler', '赌Ⅻ博', ['赌Ⅻ博→赌博[0,3):separator']],
  ['a plain Latin letter between two characters is content', '赌a博', []],
  ['a digit is filler only between Han characters', 'se1x', []],
  ['a line break breaks the term', '赌\n博', []],
  ['repeated characters stay in the same state', '赌赌赌博博', ['赌赌赌博博→赌博[0,5):repeat']],
  ['a term with a doubled character needs both', '嘻', []],
  ['a term with a doubled character matches them', '嘻嘻', ['嘻嘻→嘻嘻[0,2)']],
  ['extra repeats of a doubled character are a repeat', '嘻嘻嘻', ['嘻嘻嘻→嘻嘻[0,3):repeat']],
  ['666 is not found in 66', '66', []],
  ['a number is no repeat of a shorter one: 666 is not in 6666', '6666', []],
  ['666 is found beside other characters', '牛666！', ['666→666[1,4)']],
  ['traditional and separator together', '想賭＊博的私聊', ['賭＊博→赌博[1,4):traditional+separator']],
  ['full-width letters', 'ｓｅｘ', ['ｓｅｘ→sex[0,3):width']],
  ['capitals and leet', 'S3X', ['S3X→sex[0,3):case+leet']],
  ['Cyrillic look-alikes', 'ѕех', ['ѕех→sex[0,3):confusable']],
  ['zero-width characters inside a term', 's\u200bex', ['s\u200bex→sex[0,4):invisible']],
  ['a nested term is found inside a longer one', 'abcd', ['abcd→abcd[0,4)', 'bc→bc[1,3)']],
  ['adjacent terms are both found', '赌博sex', ['赌博→赌博[0,2)', 'sex→sex[2,5)']],
  [
    'adjacent terms sharing a repeated character both cover it',
    '赌博博彩',
    ['赌博博→赌博[0,3):repeat', '博博彩→博彩[1,4):repeat'],
  ],
  ['a repeat across a separator still collapses', '嘻 嘻', ['嘻 嘻→嘻嘻[0,3):separator']],
  ['a span does not grow across a separator into the next word', '赌博，博', ['赌博→赌博[0,2)']],
  ['overlapping terms are both found', '赌博彩', ['赌博→赌博[0,2)', '博彩→博彩[1,3)']],
  ['a whole-word term is not found inside a word', 'usb', []],
  ['a whole-word term is found as a word', 'you sb!', ['sb→sb[4,6)']],
  ['a whole-word term spelled letter by letter', 'i s i s', ['i s i s→isis[0,7):separator']],
  ['a whole-word term with a dot inside', 'is.is', ['is.is→isis[0,5):separator']],
  ['two English words are not a whole-word term', 'this is is fine', []],
  ['two full-width words are not one either', 'ＩＳ　ＩＳ', []],
  ['astral characters in terms and text', 'x𠀀𠀁y', ['𠀀𠀁→𠀀𠀁[1,5)']],
  ['an allow term suppresses the terms it covers', '周末我们全家去博物馆', []],
  ['an allow term does not cancel a term reaching past its edge', '赌博物馆', ['赌博→赌博[0,2)']],
  ['an allow term does not suppress a term beside it', '赌博，博物馆', ['赌博→赌博[0,2)']],
  ['杀毒软件 is not 杀毒', '装个杀毒软件', []],
  [
    'a term that forbids a variant kind is not matched through it',
    '冰毒 氷毒 冰毒',
    ['冰毒→冰毒[0,2)', '冰毒→冰毒[6,8)'],
  ],
];

for (const [name, text, expected] of cases) {
  test(`moderate: ${name}`, () => {
    assert.deepEqual(spans(engine().moderate(text).matches), expected);
  });
}

test('moderate: the traditional form of a -traditional term is not matched', () => {
  assert.deepEqual(spans(engine().moderate('冰毒').matches), ['冰毒→冰毒[0,2)']);
  assert.equal(engine().moderate('氷毒').matches.length, 0);
  const noTraditional = compileEngine(parseLexicon([{ name: 't', text: '賭博 gambling -traditional' }]), {
    variants: CORE_VARIANTS,
  });
  assert.equal(noTraditional.moderate('賭博').matches.length, 1, 'a term written in traditional form matches itself');
});

test('moderate: a context turns matches of its categories in the same clause into labels', () => {
  const e = engine();
  const protective = e.moderate('警方打击赌博行动');
  assert.deepEqual(
    protective.matches.map((m) => [m.term, m.severity]),
    [['赌博', 'low']],
  );
  assert.equal(protective.flagged, false);
  const other = e.moderate('打击赌博。来赌博吗');
  assert.deepEqual(
    other.matches.map((m) => [m.start, m.severity]),
    [
      [2, 'low'],
      [6, 'high'],
    ],
    'the context does not reach into another sentence',
  );
  assert.equal(other.action, 'block');
});

test('moderate: a topic term is a label until a cue near it in the sentence, or a contact detail, makes it an act', () => {
  const e = compileEngine(
    parseLexicon([
      {
        name: 'topic.txt',
        text: [
          '@category crime_solicitation',
          '高利贷 high topic',
          '@category abuse',
          '智障 medium topic',
          '@category discrimination',
          '黑人都是 medium topic',
          '^^找我 crime_solicitation',
          '^^你 abuse',
          '^^都是 discrimination',
          '^^是个 abuse before',
          '~~严厉打击 crime_solicitation',
        ].join('\n'),
      },
    ]),
  );
  const severities = (text: string): [string, string][] => e.moderate(text).matches.map((m) => [m.term, m.severity]);
  assert.deepEqual(severities('高利贷十年：一夜暴富的亿万富豪'), [['高利贷', 'low']], 'naming the harm is a label');
  assert.deepEqual(
    severities('急用钱？高利贷找我'),
    [['高利贷', 'high']],
    'a cue in the sentence restores the severity',
  );
  assert.deepEqual(severities('农村大爷捡回智障女'), [['智障', 'low']]);
  assert.deepEqual(severities('你个智障'), [['智障', 'medium']], 'aimed at someone');
  assert.deepEqual(
    severities('你今天下午有空吗，我们去看那部讲一个村子里的智障女孩的老电影'),
    [['智障', 'low']],
    'a cue far away in a long sentence speaks of something else',
  );
  assert.deepEqual(severities('高利贷。找我'), [['高利贷', 'low']], 'not across a sentence end');
  assert.deepEqual(
    severities('高利贷 VX：abc12345678'),
    [
      ['高利贷', 'high'],
      ['微信号 WeChat id', 'high'],
    ],
    'a contact detail is an invitation',
  );
  assert.deepEqual(severities('严厉打击高利贷，找我举报'), [['高利贷', 'low']], 'protective wording wins over a cue');
  assert.deepEqual(
    severities('白人和黑人都是智人'),
    [['黑人都是', 'low']],
    "a cue inside the term is the term's own word",
  );
  assert.deepEqual(severities('黑人都是这样，都是一样'), [['黑人都是', 'medium']], 'a cue beside it still counts');
  assert.deepEqual(severities('他就是个智障'), [['智障', 'medium']], 'a cue marked before counts before the term');
  assert.deepEqual(
    severities('说智障的人认为这是个问题'),
    [['智障', 'low']],
    'a cue marked before says nothing of a term before it',
  );
  assert.equal(e.moderate('高利贷找我').action, 'block');
  assert.equal(e.moderate('高利贷十年').action, 'label');
});

test('parseLexicon: topic terms and cues', () => {
  const lexicon = parseLexicon([
    { name: 'cue.txt', text: '赌场 gambling topic\n^^加我 gambling fraud\n^^你\n^^是个 abuse before' },
  ]);
  assert.equal(lexicon.terms[0]?.topic, true);
  assert.deepEqual(
    lexicon.cues.map((c) => [c.term, c.categories, c.before ?? false]),
    [
      ['加我', ['gambling', 'fraud'], false],
      ['你', [], false],
      ['是个', ['abuse'], true],
    ],
  );
  assert.throws(
    () => parseLexicon([{ name: 'bad.txt', text: '^^\n^^加我 nonsense\n~~打击 gambling before' }]),
    (error: unknown) =>
      isAppError(error) &&
      JSON.stringify(error.details).includes('a cue needs text after ^^') &&
      JSON.stringify(error.details).includes('unknown category \\"nonsense\\" (or \\"before\\")') &&
      JSON.stringify(error.details).includes('unknown category \\"before\\""'),
  );
});

test('moderate: maxSkip and crossLines are options', () => {
  assert.equal(engine({ maxSkip: 0 }).moderate('赌*博').matches.length, 0);
  assert.equal(engine({ maxSkip: 5 }).moderate('赌*-*-*博').matches.length, 1);
  assert.deepEqual(spans(engine({ crossLines: true }).moderate('赌\n博').matches), ['赌\n博→赌博[0,3):separator']);
});

test('moderate: longest keeps the longest match at each start', () => {
  const matches = engine().moderate('abcd', { longest: true }).matches;
  assert.deepEqual(spans(matches), ['abcd→abcd[0,4)', 'bc→bc[1,3)']);
  const extra = engine({}, '\n@category gambling\n赌博彩 high\n');
  assert.deepEqual(spans(extra.moderate('赌博彩', { longest: true }).matches), [
    '赌博彩→赌博彩[0,3)',
    '博彩→博彩[1,3)',
  ]);
});

test('moderate: exact mode matches only the text as written', () => {
  const exact = engine({ variants: [] });
  assert.deepEqual(spans(exact.moderate('赌博 賭博 赌*博 abcd').matches), [
    '赌博→赌博[0,2)',
    'abcd→abcd[10,14)',
    'bc→bc[11,13)',
  ]);
  assert.equal(exact.moderate('去博物馆').matches.length, 0);
});

test('moderate: the verdict decides the action by severity, age band and surface', () => {
  const e = engine();
  assert.deepEqual(e.moderate('今天天气很好'), { action: 'allow', flagged: false, categories: [], matches: [] });
  const medium = e.moderate('博彩');
  assert.equal(medium.action, 'block', 'medium blocks for minors');
  assert.equal(e.moderate('博彩', { ageBand: 'adult' }).action, 'review');
  assert.equal(e.moderate('博彩', { ageBand: 'adult', surface: 'username' }).action, 'block');
  const low = e.moderate('嘻嘻');
  assert.equal(low.action, 'label');
  assert.equal(low.flagged, false, 'label-only matches do not flag');
  assert.deepEqual(e.moderate('赌博 sex').categories, ['gambling', 'sexual']);
  assert.deepEqual(JSON.parse(JSON.stringify(medium)), medium, 'a verdict is plain JSON data');
});

test('moderate: never throws on hostile strings', () => {
  const e = engine();
  const big = '赌'.repeat(300_000) + '\ud800' + '博'.repeat(300_000) + '𠀀'.repeat(100_000);
  for (const text of [
    '',
    '\ud800',
    '\udfff\ud800',
    '\u0000\u0001\u001b[31m',
    '🎲'.repeat(1000),
    big,
    '\n'.repeat(10000),
  ]) {
    const verdict = e.moderate(text);
    for (const m of verdict.matches) assert.ok(m.start >= 0 && m.end <= text.length && m.start < m.end);
  }
  assert.equal(e.moderate('赌'.repeat(500_000) + '博').matches[0]?.start, 0);
});

test('compileEngine: a term with nothing to match is a coded error naming its line', () => {
  assert.throws(
    () => compileEngine(parseLexicon([{ name: 'bad.txt', text: '@category gambling\n赌博\n***\n' }])),
    (error: unknown) => isAppError(error) && error.code === 'lexicon_invalid' && error.details[0]?.line === 3,
  );
});

test('compileEngine: two terms that normalize alike keep the stricter severity', () => {
  const e = compileEngine(parseLexicon([{ name: 'x', text: '赌博 gambling low\n賭博 gambling high\n' }]), {
    variants: CORE_VARIANTS,
  });
  assert.equal(e.moderate('赌博').matches[0]?.severity, 'high');
  assert.equal(e.moderate('赌博').matches.length, 1);
});

test('createEngine: a compiled lexicon copied by structured clone (as a worker thread hands it over) judges alike', () => {
  const lexicon = parseLexicon([
    { name: 'test.txt', text: LEXICON + '@category gambling\n网络赌博\n@category sexual\n约炮 +homophone\n' },
  ]);
  const compiled = compileLexicon(lexicon);
  assert.ok(compiled.substitution && compiled.pinyin, 'the lexicon has every view');
  const original = createEngine(compiled);
  const copy = createEngine(structuredClone(compiled));
  const texts = [
    '想賭＊博的私聊',
    '网上du博稳赚',
    '网络堵搏',
    '🎲博',
    '约泡吗',
    'yue pao',
    'ｓｅｘ and sb',
    '网上\n络绎\n赌钱\n博士',
    '博物馆里不赌博',
    '嘻嘻嘻 666 6666',
  ];
  for (const text of texts) assert.deepEqual(copy.moderate(text), original.moderate(text), text);
  assert.ok(
    texts.every((text) => original.moderate(text).matches.length > 0 || text === '博物馆里不赌博'),
    'every text but the allowed one matches, so the comparison covers the views',
  );
});
