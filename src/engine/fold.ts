import { T2S_PAIRS } from './t2s.gen.js';
import { CONFUSABLE_PAIRS } from './tables/confusables.gen.js';
import type { VariantKind } from './types.js';

/**
 * Per-code-point folding: every stage of the stage list rewrites one code point into zero or more code points, and the
 * stages are composed once into lookup tables, so normalizing a character in the hot loop is one array read.
 */

/** What a code point is to the matcher once folded. */
export const CHAR_CLASS = { regular: 0, separator: 1, lineBreak: 2, invisible: 3 } as const;
export type CharClass = (typeof CHAR_CLASS)[keyof typeof CHAR_CLASS];

/** Bit of each variant kind in the `via` masks the normalizer and matcher carry. */
export const VIA_BIT: Readonly<Record<VariantKind, number>> = {
  width: 1 << 0,
  case: 1 << 1,
  invisible: 1 << 2,
  traditional: 1 << 3,
  confusable: 1 << 4,
  leet: 1 << 5,
  separator: 1 << 6,
  repeat: 1 << 7,
  pinyin: 1 << 8,
  homophone: 1 << 9,
  split: 1 << 10,
  lookalike: 1 << 11,
  emoji: 1 << 12,
  contact: 1 << 13,
  acrostic: 1 << 14,
  numerals: 1 << 15,
};

/**
 * Not a variant kind of its own: marks a leet character read with no letter beside it (傻8, 8站, 加79). Such a reading is
 * weak evidence (第8站 is a stop, not b站), so the verdict lowers what it finds; `viaKinds` never reports this bit.
 */
export const LONE_LEET_BIT = 1 << 16;

/**
 * Not a variant kind of its own either: marks a match through the pinyin initials of a term (sb for 傻逼, nmsl), which the
 * verdict reports only beside support; `viaKinds` never reports this bit (the match says `pinyin`).
 */
export const INITIALS_BIT = 1 << 17;

/** A CJK unified ideograph (the BMP blocks and extension A, and extensions B onwards). */
export const isHan = (cp: number): boolean => (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0x20000 && cp <= 0x3134f);

/** One folding stage: a variant kind and the rewrite of a single code point (undefined: unchanged). */
export interface CharStage {
  readonly kind: VariantKind;
  /** Code points worth asking about; everything else is left alone by this stage. */
  readonly ranges: readonly (readonly [number, number])[];
  readonly rewrite: (cp: number) => readonly number[] | undefined;
}

const nfkc = (cp: number): number[] =>
  [...String.fromCodePoint(cp).normalize('NFKC')].map((c) => c.codePointAt(0) ?? 0);
const differs = (cp: number, out: readonly number[]): boolean => out.length !== 1 || out[0] !== cp;

/** Full-width forms, circled/parenthesised/enclosed and super-/subscript digits and letters, compatibility ideographs. */
const widthStage: CharStage = {
  kind: 'width',
  ranges: [
    [0x00b2, 0x00b3],
    [0x00b9, 0x00b9],
    [0x2070, 0x209f],
    [0x2150, 0x218f],
    [0x2460, 0x24ff],
    [0x2776, 0x2793],
    [0x3000, 0x3000],
    [0x3200, 0x33ff],
    [0xf900, 0xfaff],
    [0xfe30, 0xfe6f],
    [0xff00, 0xffef],
    [0x1f100, 0x1f1ff],
    [0x2f800, 0x2fa1f],
  ],
  rewrite(cp) {
    // Negative squared (🅰), negative circled (🅐) letters and regional indicators (🇻) have no NFKC form.
    if (cp >= 0x1f150 && cp <= 0x1f169) return [0x61 + cp - 0x1f150];
    if (cp >= 0x1f170 && cp <= 0x1f189) return [0x61 + cp - 0x1f170];
    if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return [0x61 + cp - 0x1f1e6];
    // Dingbat negative circled digits (❶) have no NFKC form.
    if (cp >= 0x2776 && cp <= 0x2793)
      return [...String((cp - 0x2776) % 10 === 9 ? 10 : ((cp - 0x2776) % 10) + 1)].map((c) => c.charCodeAt(0));
    const out = nfkc(cp);
    return differs(cp, out) ? out : undefined;
  },
};

const lower = (cp: number): number[] => [...String.fromCodePoint(cp).toLowerCase()].map((c) => c.codePointAt(0) ?? 0);

const caseStage: CharStage = {
  kind: 'case',
  ranges: [
    [0x41, 0x5a],
    [0xc0, 0x24f],
    [0x370, 0x3ff],
    [0x400, 0x4ff],
  ],
  rewrite(cp) {
    const out = lower(cp);
    return out.length === 1 && out[0] !== cp ? out : undefined;
  },
};

/** Look-alikes of Latin letters → the letter, from the generated UTS #39 table (confusables.gen.ts). */
const CONFUSABLE_LETTERS: ReadonlyMap<number, number> = (() => {
  const letters = new Map<number, number>();
  const chars = [...CONFUSABLE_PAIRS];
  for (let i = 0; i + 1 < chars.length; i += 2) letters.set(chars[i]!.codePointAt(0)!, chars[i + 1]!.charCodeAt(0));
  return letters;
})();

/** The table's code points as ranges (runs less than 16 apart merged), plus the accented Latin and Greek blocks. */
const CONFUSABLE_RANGES: readonly (readonly [number, number])[] = (() => {
  const ranges: [number, number][] = [
    [0xc0, 0x24f],
    [0x1e00, 0x1fff],
    [0x1d400, 0x1d7ff],
  ];
  const cps = [...CONFUSABLE_LETTERS.keys()].sort((x, y) => x - y);
  for (const cp of cps) {
    const last = ranges.length > 3 ? ranges[ranges.length - 1] : undefined;
    if (last && cp - last[1] < 16) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges;
})();

/**
 * Characters that pass for Latin letters (Unicode's confusables, UTS #39, as generated: Cyrillic а, Greek η as n and Η
 * as h, ʃ as f, ❌ as x), mathematical alphanumerics (𝐚 𝕒 𝓪), and letters with diacritics, Latin or polytonic Greek
 * (ỹ, ὗ), read as their base. Capitals and small letters apart, so this stage runs before case folding.
 */
const confusableStage: CharStage = {
  kind: 'confusable',
  ranges: CONFUSABLE_RANGES,
  rewrite(cp) {
    const latin = CONFUSABLE_LETTERS.get(cp);
    if (latin !== undefined) return [latin];
    if (cp >= 0x1d400 && cp <= 0x1d7ff) {
      const out = nfkc(cp);
      return differs(cp, out) ? out : undefined;
    }
    const char = String.fromCodePoint(cp);
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    if (base === char) return undefined;
    if (/^[a-zA-Z]+$/u.test(base)) return [...base.toLowerCase()].map((c) => c.charCodeAt(0));
    const letter = base.length === 1 ? CONFUSABLE_LETTERS.get(base.charCodeAt(0)) : undefined;
    return letter === undefined ? undefined : [letter];
  },
};

let t2s: Map<number, number> | undefined;
function traditionalTable(): Map<number, number> {
  if (t2s) return t2s;
  t2s = new Map();
  const chars = [...T2S_PAIRS];
  for (let i = 0; i + 1 < chars.length; i += 2) t2s.set(chars[i]!.codePointAt(0)!, chars[i + 1]!.codePointAt(0)!);
  return t2s;
}

const traditionalStage: CharStage = {
  kind: 'traditional',
  ranges: [
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff],
    [0x20000, 0x2a6df],
  ],
  rewrite(cp) {
    const out = traditionalTable().get(cp);
    return out === undefined ? undefined : [out];
  },
};

/**
 * The folding stages in the order they apply: look-alikes before case (Greek Η and η read differently), and case once
 * more at the end for the capitals that width and mathematical letters produce.
 */
export const CHAR_STAGES: readonly CharStage[] = [widthStage, confusableStage, caseStage, traditionalStage];

/** Digits and symbols read as letters inside a Latin word (p0rn, s3x, @ss); applied by the normalizer with context. */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '2': 'z',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '6': 'g',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  // | reads as i here and as l in a further view, as 1 does (b|tch, ho|e); ( reads as c (fu(k).
  '|': 'i',
  '(': 'c',
};

/** A folded code point: what it becomes and which stages were needed. */
export interface Folded {
  readonly cps: readonly number[];
  readonly via: number;
}

/**
 * The composed folding of a set of stages, as tables. `single[cp]` is the folded code point for BMP code points that
 * fold to exactly one (itself when untouched); `MULTI` there means "see `multi`"; astral code points are looked up in
 * `multi` and otherwise stay as they are.
 */
export interface FoldTable {
  readonly single: Int32Array;
  readonly via: Uint16Array;
  readonly multi: ReadonlyMap<number, Folded>;
  readonly classes: Uint8Array;
}

export const MULTI = -1;

function inRanges(cp: number, ranges: readonly (readonly [number, number])[]): boolean {
  for (const [low, high] of ranges) if (cp >= low && cp <= high) return true;
  return false;
}

function foldOne(cp: number, stages: readonly CharStage[]): Folded {
  let cps: readonly number[] = [cp];
  let via = 0;
  for (const stage of [...stages, ...stages.filter((s) => s.kind === 'case')]) {
    const next: number[] = [];
    let changed = false;
    for (const c of cps) {
      const out = inRanges(c, stage.ranges) ? stage.rewrite(c) : undefined;
      if (out === undefined) next.push(c);
      else {
        next.push(...out);
        changed = true;
      }
    }
    if (changed) {
      via |= VIA_BIT[stage.kind];
      cps = next;
    }
  }
  return { cps, via };
}

const SEPARATOR = /^[\p{P}\p{S}\p{Z}\p{Cc}]$/u;
const LINE_BREAK = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]);
const INVISIBLE = /^[\p{M}\p{Cf}]$/u;
/** Fillers and selectors that render as nothing. */
const INVISIBLE_EXTRA = new Set([
  0x115f,
  0x1160,
  0x3164,
  0xffa0,
  0x034f,
  0x180e,
  ...Array.from({ length: 16 }, (_, k) => 0xfe00 + k),
]);
const EMOJI = /^\p{Extended_Pictographic}$/u;

/** The class of one code point, before folding. */
export function classOf(cp: number): CharClass {
  if (LINE_BREAK.has(cp)) return CHAR_CLASS.lineBreak;
  if (cp >= 0xd800 && cp <= 0xdfff) return CHAR_CLASS.regular;
  const char = String.fromCodePoint(cp);
  if (INVISIBLE.test(char) || INVISIBLE_EXTRA.has(cp) || (cp >= 0xe0000 && cp <= 0xe01ef)) return CHAR_CLASS.invisible;
  if (SEPARATOR.test(char) || EMOJI.test(char) || (cp >= 0x1f3fb && cp <= 0x1f3ff)) return CHAR_CLASS.separator;
  return CHAR_CLASS.regular;
}

const tables = new Map<string, FoldTable>();

/** The composed tables for a set of stage kinds, built once per distinct set. */
export function foldTable(kinds: readonly VariantKind[]): FoldTable {
  const stages = CHAR_STAGES.filter((s) => kinds.includes(s.kind));
  const key = stages.map((s) => s.kind).join(',');
  const cached = tables.get(key);
  if (cached) return cached;
  const single = new Int32Array(0x10000);
  const via = new Uint16Array(0x10000);
  const classes = new Uint8Array(0x10000);
  const multi = new Map<number, Folded>();
  for (let cp = 0; cp < 0x10000; cp++) {
    single[cp] = cp;
    classes[cp] = classOf(cp);
  }
  const candidates = new Set<number>();
  for (const stage of stages) {
    for (const [low, high] of stage.ranges) for (let cp = low; cp <= high; cp++) candidates.add(cp);
  }
  for (const cp of candidates) {
    const folded = foldOne(cp, stages);
    if (folded.via === 0) continue;
    // Separators that a rewrite produces, such as the brackets of ⑴, are dropped: they would only be skipped later.
    const kept = folded.cps.filter((c) => c >= 0x10000 || classes[c] === CHAR_CLASS.regular);
    const entry = { cps: kept.length > 0 ? kept : folded.cps, via: folded.via };
    if (cp < 0x10000 && entry.cps.length === 1 && entry.cps[0]! < 0x10000) {
      single[cp] = entry.cps[0]!;
      via[cp] = entry.via;
    } else {
      if (cp < 0x10000) single[cp] = MULTI;
      multi.set(cp, entry);
    }
  }
  const table = { single, via, multi, classes };
  tables.set(key, table);
  return table;
}
