import {
  PINYIN_FIRST_CODE_POINT,
  PINYIN_ID_BASE,
  PINYIN_READING_ROWS,
  PINYIN_ROW_SIZE,
  PINYIN_SYLLABLES_TEXT,
} from './pinyin.gen.js';

/**
 * Every toneless pinyin syllable that a Han character can be read as, sorted; ü is written `v` (`lv`, `nve`). A syllable's
 * index here is its id.
 *
 * @example
 * SYLLABLES[syllableId('du')]; // 'du'
 */
export const SYLLABLES: readonly string[] = Object.freeze(PINYIN_SYLLABLES_TEXT.split(' '));

const SYLLABLE_IDS: ReadonlyMap<string, number> = new Map(SYLLABLES.map((syllable, id) => [syllable, id]));

/**
 * The id of a toneless syllable, or -1 when `s` is not one.
 *
 * @example
 * syllableId('bo'); // an index into SYLLABLES
 * syllableId('bx'); // -1
 */
export function syllableId(s: string): number {
  return SYLLABLE_IDS.get(s) ?? -1;
}

const EMPTY: readonly number[] = Object.freeze([]);
const LAST_CODE_POINT = PINYIN_FIRST_CODE_POINT + PINYIN_READING_ROWS.length * PINYIN_ROW_SIZE - 1;

interface ReadingIndex {
  /** For code point `PINYIN_FIRST_CODE_POINT + i`, its ids are `ids[starts[i]] … ids[starts[i + 1] - 1]`. */
  readonly starts: Uint32Array;
  readonly ids: Uint16Array;
  /** Frozen arrays handed out by readingsOf, made on first request so that repeated look-ups allocate nothing. */
  readonly cache: (readonly number[] | undefined)[];
}

let index: ReadingIndex | undefined;

function readingIndex(): ReadingIndex {
  if (index !== undefined) return index;
  const count = LAST_CODE_POINT - PINYIN_FIRST_CODE_POINT + 1;
  let total = 0;
  for (const row of PINYIN_READING_ROWS) total += row.length;
  const starts = new Uint32Array(count + 1);
  const ids = new Uint16Array(total - count);
  let slot = 0;
  let n = 0;
  for (const row of PINYIN_READING_ROWS) {
    for (let i = 0; i < row.length; i++) {
      const unit = row.charCodeAt(i);
      if (unit === 0x2c) starts[++slot] = n;
      else ids[n++] = unit - PINYIN_ID_BASE;
    }
  }
  if (slot !== count) throw new Error(`pinyin table is corrupt: ${slot} code points instead of ${count}`);
  index = { starts, ids, cache: new Array<readonly number[] | undefined>(count) };
  return index;
}

/**
 * The syllable ids of every toneless reading of a Han character (CJK Unified Ideographs and Extension A), the most common
 * first; empty for anything else. The table is decoded once, on first use.
 *
 * @example
 * readingsOf('行'.codePointAt(0)!).map((id) => SYLLABLES[id]); // ['xing', 'hang', 'heng']
 * readingsOf(0x41); // []
 */
export function readingsOf(codePoint: number): readonly number[] {
  if (codePoint < PINYIN_FIRST_CODE_POINT || codePoint > LAST_CODE_POINT) return EMPTY;
  const { starts, ids, cache } = readingIndex();
  const slot = codePoint - PINYIN_FIRST_CODE_POINT;
  const cached = cache[slot];
  if (cached !== undefined) return cached;
  const start = starts[slot] ?? 0;
  const end = starts[slot + 1] ?? start;
  const readings = start === end ? EMPTY : Object.freeze(Array.from(ids.subarray(start, end)));
  cache[slot] = readings;
  return readings;
}

/**
 * The syllable id of a character's most common reading, or -1 when it has none; allocates nothing.
 *
 * @example
 * SYLLABLES[firstReadingOf('博'.codePointAt(0)!)]; // 'bo'
 */
export function firstReadingOf(codePoint: number): number {
  if (codePoint < PINYIN_FIRST_CODE_POINT || codePoint > LAST_CODE_POINT) return -1;
  const { starts, ids } = readingIndex();
  const slot = codePoint - PINYIN_FIRST_CODE_POINT;
  const start = starts[slot] ?? 0;
  return start === starts[slot + 1] ? -1 : (ids[start] ?? -1);
}

/**
 * Syllables that are interjections written with a bare nasal (呣 m, 嗯 n/ng, 哼 hng, 噷 hm). They are real readings but
 * are left out of segmentation: allowing them would let almost any run of letters end in `n` or `m` and be "pinyin".
 */
const NOT_SEGMENTED: ReadonlySet<string> = new Set(['m', 'n', 'ng', 'hm', 'hng']);
/** Spellings that input methods accept for ü after l and n besides v: nue for 虐 (nve), lue for 略 (lve). */
const SEGMENT_ALIASES: readonly (readonly [string, string])[] = [
  ['lue', 'lve'],
  ['nue', 'nve'],
];
const SEGMENT_IDS: ReadonlyMap<string, number> = new Map([
  ...[...SYLLABLE_IDS].filter(([syllable]) => !NOT_SEGMENTED.has(syllable)),
  ...SEGMENT_ALIASES.map(([alias, syllable]): [string, number] => [alias, syllableId(syllable)]),
]);
const MAX_SYLLABLE_LENGTH = Math.max(...SYLLABLES.map((s) => s.length));

/**
 * What a run of letters must look like to split wholly into syllables, letter by letter: its first letter starts some
 * syllable, its last ends one, and every two letters in a row stand so inside some syllable or across two (one ending,
 * the next starting). Bits of BIGRAMS index (a - 97) * 26 + (b - 97); STARTS and ENDS by letter.
 */
const { BIGRAMS, STARTS, ENDS } = (() => {
  const bigrams = new Uint8Array(26 * 26);
  const starts = new Uint8Array(26);
  const ends = new Uint8Array(26);
  for (const syllable of SEGMENT_IDS.keys()) {
    const codes = [...syllable].map((c) => c.charCodeAt(0) - 0x61);
    starts[codes[0]!] = 1;
    ends[codes[codes.length - 1]!] = 1;
    for (let i = 1; i < codes.length; i++) bigrams[codes[i - 1]! * 26 + codes[i]!] = 1;
  }
  for (let a = 0; a < 26; a++) for (let b = 0; b < 26; b++) if (ends[a] && starts[b]) bigrams[a * 26 + b] = 1;
  return { BIGRAMS: bigrams, STARTS: starts, ENDS: ends };
})();

/**
 * Whether the lower-case ASCII letters at codes[from .. to) may split wholly into pinyin syllables: false means
 * segmentPinyin would give null, so a caller can skip building the string (most runs of English letters fail here).
 *
 * @example
 * maySegment([0x71, 0x7a], 0, 2); // false: q and z stand together in no syllable, and q ends none
 */
export function maySegment(codes: ArrayLike<number>, from: number, to: number): boolean {
  if (to <= from) return false;
  if (STARTS[codes[from]! - 0x61] !== 1 || ENDS[codes[to - 1]! - 0x61] !== 1) return false;
  for (let i = from + 1; i < to; i++) if (BIGRAMS[(codes[i - 1]! - 0x61) * 26 + codes[i]! - 0x61] !== 1) return false;
  return true;
}

function isLowerAscii(latin: string): boolean {
  if (latin.length === 0) return false;
  for (let i = 0; i < latin.length; i++) {
    const unit = latin.charCodeAt(i);
    if (unit < 0x61 || unit > 0x7a) return false;
  }
  return true;
}

/** `finishes[i]` is 1 when `latin.slice(i)` splits into syllables; `finishes[latin.length]` is 1. */
function finishingPositions(latin: string): Uint8Array {
  const finishes = new Uint8Array(latin.length + 1);
  finishes[latin.length] = 1;
  for (let i = latin.length - 1; i >= 0; i--) {
    const longest = Math.min(MAX_SYLLABLE_LENGTH, latin.length - i);
    for (let len = 1; len <= longest; len++) {
      if (finishes[i + len] === 1 && SEGMENT_IDS.has(latin.slice(i, i + len))) {
        finishes[i] = 1;
        break;
      }
    }
  }
  return finishes;
}

/**
 * Every way to split a run of lower-case ASCII letters wholly into pinyin syllables (as ids), at most `limit` of them, the
 * greedy longest-first split first: `xian` gives xian, then xi·an. Empty when the run cannot be split wholly, is empty, or
 * holds anything but a–z.
 *
 * @example
 * segmentPinyinAll('xian').map((ids) => ids.map((id) => SYLLABLES[id]).join("'")); // ['xian', "xi'an"]
 */
export function segmentPinyinAll(latin: string, limit = 8): readonly (readonly number[])[] {
  if (limit < 1 || !isLowerAscii(latin)) return [];
  const finishes = finishingPositions(latin);
  if (finishes[0] !== 1) return [];
  const found: (readonly number[])[] = [];
  // A depth-first walk, longest syllable first, kept on explicit stacks: a run of thousands of letters is as many
  // syllables deep, which a recursion would not survive.
  const path: number[] = [];
  const lengths: number[] = [];
  let at = 0;
  let len = Math.min(MAX_SYLLABLE_LENGTH, latin.length);
  for (;;) {
    let id: number | undefined;
    if (at === latin.length) {
      found.push(Object.freeze([...path]));
      if (found.length >= limit) break;
    } else {
      for (; len >= 1; len--) {
        if (finishes[at + len] === 1) id = SEGMENT_IDS.get(latin.slice(at, at + len));
        if (id !== undefined) break;
      }
    }
    if (id !== undefined) {
      path.push(id);
      lengths.push(len);
      at += len;
      len = Math.min(MAX_SYLLABLE_LENGTH, latin.length - at);
      continue;
    }
    const last = lengths.pop();
    if (last === undefined) break;
    path.pop();
    at -= last;
    len = last - 1;
  }
  return found;
}

/**
 * Splits a run of lower-case ASCII letters wholly into pinyin syllables (as ids), taking the longest syllable at each step
 * and backing off only when the rest cannot be split; null when no split consumes the whole run. ü is typed v, and also u
 * in lue and nue as input methods allow. Use segmentPinyinAll for
 * the alternatives of an ambiguous run such as `xian` (先 or 西安).
 *
 * @example
 * segmentPinyin('dubo')?.map((id) => SYLLABLES[id]); // ['du', 'bo']
 * segmentPinyin('zhongguo')?.map((id) => SYLLABLES[id]); // ['zhong', 'guo']
 * segmentPinyin('qwrt'); // null
 */
export function segmentPinyin(latin: string): readonly number[] | null {
  return segmentPinyinAll(latin, 1)[0] ?? null;
}
