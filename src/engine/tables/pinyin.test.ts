import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pinyin } from 'pinyin-pro';
import fc from 'fast-check';
import {
  SYLLABLES,
  firstReadingOf,
  maySegment,
  readingsOf,
  segmentPinyin,
  segmentPinyinAll,
  syllableId,
} from './pinyin.js';

const cp = (char: string): number => char.codePointAt(0) ?? -1;
const spell = (ids: readonly number[] | null): string | null =>
  ids === null ? null : ids.map((id) => SYLLABLES[id]).join(' ');
const readings = (char: string): string[] => readingsOf(cp(char)).map((id) => SYLLABLES[id] ?? '?');

describe('readingsOf', () => {
  const cases: [string, string, string[]][] = [
    ['polyphonic 行 has xing and hang', '行', ['xing', 'hang']],
    ['polyphonic 长 has chang and zhang', '长', ['chang', 'zhang']],
    ['polyphonic 重 has zhong and chong', '重', ['zhong', 'chong']],
    ['polyphonic 乐 has le and yue', '乐', ['le', 'yue']],
    ['赌 reads du', '赌', ['du']],
    ['博 reads bo', '博', ['bo']],
    ['ü is written v: 女', '女', ['nv']],
    ['ü is written v: 绿, which also reads lu', '绿', ['lv', 'lu']],
    ['ü is written v: 略', '略', ['lve']],
  ];
  for (const [name, char, expected] of cases) {
    test(name, () => {
      const got = readings(char);
      for (const syllable of expected) assert.ok(got.includes(syllable), `${char}: ${got.join(',')} lacks ${syllable}`);
    });
  }

  test('the most common reading comes first', () => {
    assert.equal(readings('行')[0], 'xing');
    assert.equal(readings('了')[0], 'le');
    assert.equal(readings('的')[0], 'de');
  });

  test('non-Han code points have no readings', () => {
    for (const char of ['a', '1', '，', '😀', 'ア', '\u4dc0']) assert.deepEqual(readingsOf(cp(char)), []);
    assert.deepEqual(readingsOf(-1), []);
    assert.deepEqual(readingsOf(0x10ffff), []);
  });

  test('repeated look-ups return the same frozen array', () => {
    const first = readingsOf(cp('行'));
    assert.equal(readingsOf(cp('行')), first);
    assert.ok(Object.isFrozen(first));
  });

  test('firstReadingOf agrees with readingsOf and is -1 without readings', () => {
    assert.equal(SYLLABLES[firstReadingOf(cp('博'))], 'bo');
    assert.equal(firstReadingOf(cp('a')), -1);
  });

  test('the generated table agrees with pinyin-pro on a sample of characters (regenerate if this fails)', () => {
    for (let codePoint = 0x4e00; codePoint <= 0x9fa5; codePoint += 37) {
      const char = String.fromCodePoint(codePoint);
      const expected = [
        ...new Set(
          pinyin(char, { toneType: 'none', multiple: true, type: 'array' })
            .filter((r) => r !== char)
            .map((r) => r.replaceAll('ü', 'v').replaceAll('ê', 'e')),
        ),
      ];
      assert.deepEqual(readings(char), expected, char);
    }
  });
});

describe('syllables', () => {
  test('are sorted, unique, lower-case ASCII', () => {
    assert.deepEqual([...SYLLABLES].sort(), SYLLABLES);
    assert.equal(new Set(SYLLABLES).size, SYLLABLES.length);
    for (const s of SYLLABLES) assert.match(s, /^[a-z]+$/);
    assert.ok(SYLLABLES.length > 390 && SYLLABLES.length < 440, String(SYLLABLES.length));
  });

  const ids: [string, boolean][] = [
    ['du', true],
    ['zhuang', true],
    ['lv', true],
    ['nve', true],
    ['lü', false],
    ['bx', false],
    ['', false],
    ['Du', false],
  ];
  for (const [s, known] of ids) {
    test(`syllableId(${JSON.stringify(s)}) ${known ? 'finds' : 'rejects'} it`, () => {
      const id = syllableId(s);
      if (known) assert.equal(SYLLABLES[id], s);
      else assert.equal(id, -1);
    });
  }
});

describe('segmentPinyin', () => {
  const cases: [string, string, string | null][] = [
    ['splits dubo into du bo', 'dubo', 'du bo'],
    ['prefers the single syllable for xian', 'xian', 'xian'],
    ['splits zhongguo', 'zhongguo', 'zhong guo'],
    ['backs off from a greedy choice that strands letters: fangan', 'fangan', 'fang an'],
    ['takes the longest syllable first: xinge is xing e', 'xinge', 'xing e'],
    ['backs off when the longest syllable strands a letter: fangu', 'fangu', 'fan gu'],
    ['backs off when the longest syllable strands a letter: xinu', 'xinu', 'xi nu'],
    ['splits a long run', 'youmeiyourenyiqidubo', 'you mei you ren yi qi du bo'],
    ['accepts v for ü', 'lvse', 'lv se'],
    ['accepts nue for nüe as input methods do', 'nuedai', 'nve dai'],
    ['accepts lue for lüe', 'lue', 'lve'],
    ['returns null for letters that are not pinyin', 'qwrt', null],
    ['returns null when a tail cannot be split', 'dubox', null],
    ['does not use the bare nasal interjections', 'dubon', null],
    ['returns null for an empty run', '', null],
    ['returns null for upper case (the caller folds case)', 'DUBO', null],
    ['returns null for non-letters', 'du-bo', null],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(spell(segmentPinyin(input)), expected));
  }

  test('does not blow up on a long run that cannot be split', () => {
    assert.equal(segmentPinyin('a'.repeat(4000) + 'q'), null);
  });
});

describe('segmentPinyinAll', () => {
  test("lists xian and xi'an, greedy first", () => {
    const all = segmentPinyinAll('xian').map(spell);
    assert.equal(all[0], 'xian');
    assert.ok(all.includes('xi an'));
  });

  test('lists every alternative of fangan within the limit', () => {
    const all = segmentPinyinAll('fangan').map(spell);
    assert.ok(all.includes('fang an'));
    assert.ok(all.includes('fan gan'));
  });

  test('lists xin ge beside the greedy xing e', () => {
    assert.deepEqual(segmentPinyinAll('xinge').map(spell).slice(0, 2), ['xing e', 'xin ge']);
  });

  test('respects the limit', () => {
    const run = 'xianxianxianxian';
    assert.equal(segmentPinyinAll(run, 3).length, 3);
    assert.ok(segmentPinyinAll(run).length <= 8);
    assert.deepEqual(segmentPinyinAll(run, 0), []);
  });

  test('is empty when the run cannot be split', () => {
    assert.deepEqual(segmentPinyinAll('qwrt'), []);
  });

  test('splits a run of 50,000 letters without running out of stack', () => {
    for (const letter of ['a', 'e', 'o']) {
      assert.equal(segmentPinyin(letter.repeat(50_000))?.length, 50_000, letter);
    }
    assert.equal(segmentPinyinAll('xian'.repeat(12_500), 2).length, 2);
  });

  test('lists the same splits, in the same order, as a recursive walk from the definition', () => {
    /** Every split of `run` into syllables, longest syllable first at each step, the first `limit`. */
    const reference = (run: string, limit: number): string[] => {
      const out: string[] = [];
      if (run === '') return out;
      const walk = (at: number, path: string[]): void => {
        if (out.length >= limit) return;
        if (at === run.length) {
          out.push(path.join(' '));
          return;
        }
        for (let len = Math.min(6, run.length - at); len >= 1; len--) {
          const syllable = run.slice(at, at + len);
          const id = segmentPinyin(syllable);
          if (id?.length === 1 && spell(id) === syllable) walk(at + len, [...path, syllable]);
          else if (syllable === 'lue' || syllable === 'nue') walk(at + len, [...path, syllable.replace('u', 'v')]);
        }
      };
      walk(0, []);
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'e', 'i', 'n', 'g', 'x', 'h', 'u', 'o', 'l', 'z'), { maxLength: 14 }),
        fc.integer({ min: 1, max: 8 }),
        (letters, limit) => {
          const run = letters.join('');
          assert.deepEqual(segmentPinyinAll(run, limit).map(spell), reference(run, limit), run);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('maySegment', () => {
  const codes = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
  test('says yes to every run that segmentPinyin splits, and to every syllable and pair of syllables', () => {
    const segmented = SYLLABLES.filter((syllable) => segmentPinyin(syllable) !== null);
    assert.ok(segmented.length > 390);
    for (const a of segmented) {
      for (const b of ['', 'an', 'e', 'zhuang', 'o', 'ri']) {
        const run = a + b;
        assert.equal(maySegment(codes(run), 0, run.length), true, run);
      }
    }
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 12 }),
        (s) => {
          if (segmentPinyin(s) !== null) assert.equal(maySegment(codes(s), 0, s.length), true, s);
        },
      ),
      { numRuns: 20000 },
    );
  });

  test('says no to runs no split can take, so most English words cost no segmentation', () => {
    for (const word of ['qz', 'hello', 'the', 'world', 'xyz', 'ok', 'is'])
      assert.equal(maySegment(codes(word), 0, word.length), false, word);
    assert.equal(maySegment(codes('dubo'), 0, 4), true);
    assert.equal(maySegment(codes('xdubo'), 1, 5), true, 'reads only its range');
    assert.equal(maySegment([], 0, 0), false);
  });
});
