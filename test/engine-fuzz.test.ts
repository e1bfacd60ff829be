import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileEngine, loadLexicon, loadModel, parseLexicon, type Engine, type Lexicon } from 'qinglang';

// Adversarial input for moderate(): it must never throw on user text (CONVENTIONS, Errors) and its work must grow in
// proportion to the text. Work is counted, never timed: every read the verdict makes of a lexicon entry goes through a
// counting proxy, and the matches reported are bounded by the text's length.

const lexicon = await loadLexicon();
const words = compileEngine(lexicon);
const withModel = compileEngine(lexicon, { model: await loadModel() });

/** Runs of one character class each: the shapes that once sent a stage into deep recursion or long back-tracking. */
const CLASS_SAMPLES = [
  'a',
  'e',
  'o',
  'n',
  'x',
  'q',
  'shi',
  'zhuang',
  'A',
  '1',
  '0',
  '8',
  '@',
  '$',
  '|',
  '赌',
  '嘻',
  '三',
  '*',
  ' ',
  '。',
  '-',
  '\n',
  '\r\n',
  '\u200b',
  '\u0301',
  '\ud800',
  '\udc00',
  '\udc00\ud800',
  '🎲',
  '😀',
  '𠀀',
  'ａ',
  '①',
  'Ⅻ',
  'α',
  'ѕ',
  '薇',
  'V信',
  'qq',
  'http://',
  '.com',
  '@a.cn',
];

const runArb = fc
  .tuple(fc.constantFrom(...CLASS_SAMPLES), fc.integer({ min: 1, max: 12_000 }))
  .map(([piece, count]) => piece.repeat(Math.max(1, Math.floor(count / piece.length))));

/** Mixed scripts, lone surrogates and every plane, in short pieces. */
const pieceArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(fc.constantFrom(...CLASS_SAMPLES, '赌博', '约炮', '加我微信', '打击赌博', '幺三八', 'dubo', 'sb'), {
      maxLength: 30,
    })
    .map((a) => a.join('')),
);

const textArb = fc.array(fc.oneof({ weight: 1, arbitrary: runArb }, { weight: 4, arbitrary: pieceArb }), {
  minLength: 1,
  maxLength: 6,
});

for (const [name, engine] of [
  ['words alone', words],
  ['with the model', withModel],
] as const) {
  test(`moderate never throws on adversarial text (${name})`, () => {
    fc.assert(
      fc.property(textArb, (pieces) => {
        const text = pieces.join('');
        const verdict = engine.moderate(text);
        assert.ok(verdict.matches.length <= text.length, 'at most one match per code unit');
        for (const m of verdict.matches) assert.ok(m.start >= 0 && m.start < m.end && m.end <= text.length);
      }),
      { numRuns: 60 },
    );
  });
}

test('a long run of one Latin letter is moderated, and padding does not hide a term', () => {
  for (const letter of ['a', 'e', 'o', 'n', 'i']) {
    const padding = letter.repeat(20_000);
    const verdict = withModel.moderate(`${padding}，想赌博的私聊`);
    assert.ok(verdict.flagged && verdict.matches.some((m) => m.term === '赌博'), `padded with ${letter}`);
  }
});

test('a 1 MB text of each adversarial kind is moderated', () => {
  const megabyte = (piece: string): string => piece.repeat(Math.ceil(1_048_576 / piece.length));
  for (const piece of ['a', 'ae', 'zhuangshi', 'a1b2c3', '赌*', '嘻', '\ud800', '\u200b', '①Ⅻα', '赌 博 ']) {
    const text = megabyte(piece);
    const verdict = words.moderate(text);
    assert.ok(verdict.matches.length <= text.length, piece);
  }
});

/** The lexicon behind a proxy that counts every read of an entry the engine makes once compiled. */
function countingLexicon(source: Lexicon): { lexicon: Lexicon; reads: () => number; reset: () => void } {
  let reads = 0;
  const watch = <T extends object>(list: readonly T[]): readonly T[] =>
    new Proxy(list, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/u.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  return {
    lexicon: {
      terms: watch(source.terms),
      allows: watch(source.allows),
      contexts: watch(source.contexts),
      cues: watch(source.cues),
    },
    reads: () => reads,
    reset: () => {
      reads = 0;
    },
  };
}

test('the verdict reads the lexicon in proportion to the text, not to its square', () => {
  const counted = countingLexicon(
    parseLexicon([
      {
        name: 'fuzz.txt',
        text: '@category gambling\n赌博\n博彩 topic\n~博物馆\n~~打击赌博 gambling\n^^私聊 gambling\n',
      },
    ]),
  );
  const engine: Engine = compileEngine(counted.lexicon);
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('赌博', '博彩', '博物馆', '打击赌博', '私聊', '，', '。', 'a', '赌 博'), {
        minLength: 1,
        maxLength: 20,
      }),
      (pieces) => {
        const unit = pieces.join('');
        const work = (copies: number): number => {
          counted.reset();
          engine.moderate(unit.repeat(copies));
          return counted.reads();
        };
        const one = Math.max(1, work(4));
        // Sixteen times the text: a linear verdict does about sixteen times the work, a quadratic one 256 times.
        assert.ok(work(64) <= one * 16 * 2, `${work(64)} reads for 64 copies, ${one} for 4`);
      },
    ),
    { numRuns: 40 },
  );
});
