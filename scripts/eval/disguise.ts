import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { VARIANT_KINDS, type LexiconTerm, type VariantKind } from '../../src/engine/index.js';
import { compositionsOf } from '../../src/engine/tables/decompose.js';
import { EMOJI_READINGS, emojiKey } from '../../src/engine/tables/emoji.js';
import { lookalikesOf } from '../../src/engine/tables/lookalike.js';
import { SYLLABLES, firstReadingOf } from '../../src/engine/tables/pinyin.js';
import { between, pick, shuffled, type Random } from './random.js';

/** One disguised form of a term, and the name of the way it was made (for the per-form breakdown). */
export interface Disguise {
  readonly text: string;
  readonly form: string;
}

/** How to disguise terms by one variant kind: which terms it applies to, and one random disguise of such a term. */
export interface Disguiser {
  applies(term: LexiconTerm): boolean;
  apply(term: LexiconTerm, random: Random): Disguise;
}

/** Kinds whose disguise is built as a whole text elsewhere (contact details, acrostics), not by disguising one term. */
type WholeTextKind = 'contact' | 'numerals' | 'acrostic';
export type TermKind = Exclude<VariantKind, WholeTextKind>;
const WHOLE_TEXT_KINDS: readonly string[] = ['contact', 'numerals', 'acrostic'] satisfies WholeTextKind[];
/** The kinds the suite disguises terms by: the engine's list, less the whole-text ones. */
export const TERM_KINDS: readonly TermKind[] = VARIANT_KINDS.filter(
  (k): k is TermKind => !WHOLE_TEXT_KINDS.includes(k),
);

const chars = (s: string): string[] => [...s];
const isHan = (c: string): boolean => /^\p{Script=Han}$/u.test(c);
const isAllHan = (s: string): boolean => /^\p{Script=Han}+$/u.test(s);
const hasLatin = (s: string): boolean => /[a-z]/iu.test(s);

/** Rewrites each position for which `swap` has something with probability `rate`, and at least one of them. */
function swapSome(
  random: Random,
  units: readonly string[],
  swap: (unit: string) => readonly string[],
  rate = 0.6,
): string[] {
  const positions = units.flatMap((u, i) => (swap(u).length > 0 ? [i] : []));
  if (positions.length === 0) throw new Error(`nothing to swap in ${units.join('')}`);
  const forced = pick(random, positions);
  return units.map((u, i) => {
    const options = swap(u);
    return options.length > 0 && (i === forced || random() < rate) ? pick(random, options) : u;
  });
}

/** Inserts `make()` into each gap between units with probability `rate`, and into at least one gap. */
function fillGaps(random: Random, units: readonly string[], make: () => string, rate: number): string {
  const forced = between(random, 1, units.length - 1);
  let out = units[0] ?? '';
  for (let i = 1; i < units.length; i++) out += (i === forced || random() < rate ? make() : '') + units[i]!;
  return out;
}

const FULL_WIDTH_OFFSET = 0xfee0;
const toFullWidth = (c: string): string => {
  const cp = c.codePointAt(0)!;
  return cp >= 0x21 && cp <= 0x7e ? String.fromCodePoint(cp + FULL_WIDTH_OFFSET) : c;
};

const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];

/** Cyrillic and Greek letters that render like Latin ones (from Unicode's confusables, the unambiguous ones only). */
const CONFUSABLES: Readonly<Record<string, readonly string[]>> = {
  a: ['а'],
  c: ['с', 'ϲ'],
  d: ['ԁ'],
  e: ['е'],
  h: ['һ'],
  i: ['і'],
  j: ['ј'],
  k: ['κ'],
  l: ['ӏ'],
  o: ['о', 'ο'],
  p: ['р', 'ρ'],
  q: ['ԛ'],
  s: ['ѕ'],
  u: ['υ'],
  v: ['ν'],
  w: ['ԝ'],
  x: ['х'],
  y: ['у'],
  A: ['А', 'Α'],
  B: ['В', 'Β'],
  C: ['С', 'Ϲ'],
  E: ['Е', 'Ε'],
  H: ['Н', 'Η'],
  I: ['І', 'Ι'],
  J: ['Ј'],
  K: ['К', 'Κ'],
  M: ['М', 'Μ'],
  N: ['Ν'],
  O: ['О', 'Ο'],
  P: ['Р', 'Ρ'],
  S: ['Ѕ'],
  T: ['Т', 'Τ'],
  X: ['Х', 'Χ'],
  Y: ['Υ'],
  Z: ['Ζ'],
};
const confusablesOf = (c: string): readonly string[] => CONFUSABLES[c] ?? [];

/** The usual leetspeak digits and signs. */
const LEET: Readonly<Record<string, readonly string[]>> = {
  a: ['4', '@'],
  b: ['8'],
  e: ['3'],
  g: ['9', '6'],
  i: ['1', '!'],
  l: ['1', '|'],
  o: ['0'],
  s: ['5', '$'],
  t: ['7'],
  z: ['2'],
};
const leetOf = (c: string): readonly string[] => LEET[c.toLowerCase()] ?? [];

/** Emoji with no reading in the engine's table, used as pure separators. */
const SEPARATOR_EMOJI = ['🌸', '⭐', '😊', '👍', '✨', '🙏', '💗', '🌟'].filter(
  (e) => !EMOJI_READINGS.has(emojiKey(e)),
);
const SEPARATORS = ['*', '·', '。', ' ', '-', '_', '/', '~'];

// @NOTE opencc-js's type declarations import './core' without an extension, which NodeNext cannot resolve.
const createConverter = OpenCC.Converter as unknown as (options: { from: string; to: string }) => (s: string) => string;
const TO_TRADITIONAL = [createConverter({ from: 'cn', to: 't' }), createConverter({ from: 'cn', to: 'tw' })];

/** The term's toneless pinyin as read in context (pinyin-pro), each syllable one the engine's table knows. */
function syllablesOf(term: string): string[] | undefined {
  const units = chars(term);
  const read = pinyin(term, { toneType: 'none', type: 'array', v: true });
  if (read.length !== units.length) return undefined;
  const out: string[] = [];
  for (let i = 0; i < units.length; i++) {
    const syllable = read[i]!;
    if (SYLLABLES.includes(syllable)) out.push(syllable);
    else {
      const id = firstReadingOf(units[i]!.codePointAt(0)!);
      if (id < 0) return undefined;
      out.push(SYLLABLES[id]!);
    }
  }
  return out;
}

const PINYIN_FORMS = ['joined', 'spaced', 'han+pinyin', 'pinyin+han'] as const;

let commonBySyllable: Map<number, string[]> | undefined;

/** The 3,755 level-1 characters of GB 2312 (the most common ones), by their first reading: homophones people type. */
function commonHomophones(syllable: number): readonly string[] {
  if (!commonBySyllable) {
    commonBySyllable = new Map();
    const gbk = new TextDecoder('gbk');
    for (let row = 0xb0; row <= 0xd7; row++) {
      for (let cell = 0xa1; cell <= 0xfe; cell++) {
        const c = gbk.decode(new Uint8Array([row, cell]));
        if (!isHan(c)) continue;
        const id = firstReadingOf(c.codePointAt(0)!);
        if (id < 0) continue;
        const list = commonBySyllable.get(id);
        if (list) list.push(c);
        else commonBySyllable.set(id, [c]);
      }
    }
  }
  return commonBySyllable.get(syllable) ?? [];
}

function homophonesOf(c: string): string[] {
  if (!isHan(c)) return [];
  const id = firstReadingOf(c.codePointAt(0)!);
  if (id < 0) return [];
  const lookalikes = lookalikesOf(c);
  return commonHomophones(id).filter((h) => h !== c && !lookalikes.includes(h));
}

/** Emoji by the reading they stand for, as people type them (text-default symbols with U+FE0F, keycaps with it too). */
const EMOJI_BY_READING: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [key, readings] of EMOJI_READINGS) {
    const typed = key.endsWith('\u20e3')
      ? `${key.slice(0, -1)}\ufe0f\u20e3`
      : key.codePointAt(0)! < 0x1f000 && [...key].length === 1
        ? `${key}\ufe0f`
        : key;
    for (const reading of readings) map.set(reading, [...(map.get(reading) ?? []), typed]);
  }
  return map;
})();

/** The readings of emoji that occur in a term, longest first. */
const emojiReadingsIn = (term: string): string[] =>
  [...EMOJI_BY_READING.keys()].filter((r) => term.includes(r)).sort((a, b) => b.length - a.length);

/** Replaces one character, at a random position among those `options` has something for, by one of its options. */
function replaceOne(
  random: Random,
  term: string,
  options: (c: string) => readonly string[],
): { text: string; at: number } {
  const units = chars(term);
  const positions = units.flatMap((c, i) => (options(c).length > 0 ? [i] : []));
  const at = pick(random, positions);
  units[at] = pick(random, options(units[at]!));
  return { text: units.join(''), at };
}

export const DISGUISERS: Readonly<Record<TermKind, Disguiser>> = {
  width: {
    applies: (t) => /[\x21-\x7e]/u.test(t.term),
    apply: (t) => ({ text: chars(t.term).map(toFullWidth).join(''), form: 'full-width' }),
  },
  case: {
    applies: (t) => hasLatin(t.term),
    apply: (t, random) => {
      const lower = /[a-z]/u.test(t.term);
      if (random() < 0.5) return { text: lower ? t.term.toUpperCase() : t.term.toLowerCase(), form: 'swapped' };
      const units = swapSome(
        random,
        chars(t.term),
        (c) => (/[a-z]/iu.test(c) ? [c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()] : []),
        0.5,
      );
      return { text: units.join(''), form: 'mixed' };
    },
  },
  invisible: {
    applies: (t) => chars(t.term).length >= 2,
    apply: (t, random) => ({
      text: fillGaps(random, chars(t.term), () => pick(random, INVISIBLES), 0.7),
      form: 'zero-width',
    }),
  },
  traditional: {
    applies: (t) => TO_TRADITIONAL.some((convert) => convert(t.term) !== t.term),
    apply: (t, random) => {
      const changed = TO_TRADITIONAL.map((convert) => convert(t.term)).filter((s) => s !== t.term);
      return { text: pick(random, changed), form: 'opencc' };
    },
  },
  confusable: {
    applies: (t) => chars(t.term).some((c) => confusablesOf(c).length > 0),
    apply: (t, random) => ({ text: swapSome(random, chars(t.term), confusablesOf).join(''), form: 'cyrillic/greek' }),
  },
  leet: {
    applies: (t) => chars(t.term).some((c) => leetOf(c).length > 0),
    apply: (t, random) => ({ text: swapSome(random, chars(t.term), leetOf).join(''), form: 'leet' }),
  },
  separator: {
    applies: (t) => chars(t.term).length >= 2,
    apply: (t, random) => {
      const withEmoji = random() < 0.3;
      const make = (): string => {
        let run = '';
        for (let n = between(random, 1, 3); n > 0; n--) run += pick(random, withEmoji ? SEPARATOR_EMOJI : SEPARATORS);
        return run;
      };
      return { text: fillGaps(random, chars(t.term), make, 0.7), form: withEmoji ? 'emoji' : 'punctuation/space' };
    },
  },
  repeat: {
    applies: (t) => chars(t.term).length >= 1,
    apply: (t, random) => {
      const units = chars(t.term);
      const at = between(random, 0, units.length - 1);
      units[at] = units[at]!.repeat(2);
      return { text: units.join(''), form: 'doubled' };
    },
  },
  pinyin: {
    applies: (t) => isAllHan(t.term) && syllablesOf(t.term) !== undefined,
    apply: (t, random) => {
      const units = chars(t.term);
      const syllables = syllablesOf(t.term)!;
      const form = pick(random, units.length >= 2 ? PINYIN_FORMS : PINYIN_FORMS.slice(0, 1));
      const half = Math.floor(units.length / 2);
      switch (form) {
        case 'joined':
          return { text: syllables.join(''), form };
        case 'spaced':
          return { text: syllables.join(' '), form };
        case 'han+pinyin':
          return { text: units.slice(0, half).join('') + syllables.slice(half).join(''), form };
        case 'pinyin+han':
          return { text: syllables.slice(0, half).join('') + units.slice(half).join(''), form };
      }
    },
  },
  homophone: {
    applies: (t) =>
      isAllHan(t.term) &&
      ((t.flagged ?? []).includes('homophone') || chars(t.term).length >= 3) &&
      chars(t.term).some((c) => homophonesOf(c).length > 0),
    apply: (t, random) => ({
      text: replaceOne(random, t.term, homophonesOf).text,
      form: (t.flagged ?? []).includes('homophone') ? 'flagged term' : '≥3 characters',
    }),
  },
  split: {
    applies: (t) => chars(t.term).some((c) => compositionsOf(c).length > 0),
    apply: (t, random) => ({
      text: replaceOne(random, t.term, (c) => compositionsOf(c).map((parts) => parts.join(''))).text,
      form: 'components',
    }),
  },
  lookalike: {
    applies: (t) => chars(t.term).some((c) => lookalikesOf(c).length > 0),
    apply: (t, random) => ({ text: replaceOne(random, t.term, lookalikesOf).text, form: 'look-alike' }),
  },
  emoji: {
    applies: (t) => emojiReadingsIn(t.term).length > 0,
    apply: (t, random) => {
      const reading = pick(random, emojiReadingsIn(t.term));
      const at = t.term.indexOf(reading);
      const emoji = pick(random, EMOJI_BY_READING.get(reading)!);
      const form = isAllHan(reading) ? (chars(reading).length === 1 ? 'one character' : 'a word') : 'Latin/digit';
      return { text: t.term.slice(0, at) + emoji + t.term.slice(at + reading.length), form };
    },
  },
};

/** Lines that follow the hidden characters of an acrostic: ordinary, with no lexicon term in sight. */
const ACROSTIC_TAILS = [
  '风吹过窗前的树',
  '日的阳光很温暖',
  '看远方的山和云',
  '听雨落在屋檐上',
  '走过长长的小路',
  '想起小时候的事',
  '望着天边的晚霞',
  '在书桌前写作业',
  '把花种在院子里',
  '和朋友一起散步',
  '等春天慢慢到来',
  '读完了一本好书',
  '说声早上好',
  '心里很平静',
  '边喝茶边聊天',
];
const ACROSTIC_OPENERS = ['写给你的小诗', '今天随便写几句', '周末的一点心情'];

/** A short poem whose lines start with the term's characters (藏头), maybe after a title line; the heads' offsets. */
export function acrostic(term: string, random: Random): { text: string; heads: number[]; form: string } {
  const lines: string[] = [];
  const titled = random() < 0.5;
  if (titled) lines.push(pick(random, ACROSTIC_OPENERS));
  const tails = shuffled(random, ACROSTIC_TAILS);
  chars(term).forEach((c, i) => lines.push(c + tails[i % tails.length]!));
  const heads: number[] = [];
  let offset = 0;
  lines.forEach((line, i) => {
    if (!titled || i > 0) heads.push(offset);
    offset += line.length + 1;
  });
  return { text: lines.join('\n'), heads, form: titled ? 'with a title line' : 'heads only' };
}

export const isAcrosticTerm = (t: LexiconTerm): boolean => isAllHan(t.term) && chars(t.term).length >= 3;
