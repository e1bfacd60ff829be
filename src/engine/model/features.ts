import { CHAR_CLASS, isHan } from '../fold.js';
import type { View } from '../normalize.js';
import { SYLLABLES, firstReadingOf, segmentPinyin } from '../tables/pinyin.js';

/**
 * The feature families of the model, each hashed into the same table under its own namespace. Characters are read from
 * the folded view (traditional, width, case, look-alike letters and separators already undone, repeats collapsed);
 * sounds put a homophone (堵搏), spelled pinyin (dubo) and the characters (赌博) on the same features; initials put
 * pinyin initials (nmsl, sb) on the features of the words they abbreviate.
 */
export const FEATURE_FAMILIES = {
  char1: 1,
  char2: 2,
  char3: 3,
  sound1: 4,
  sound2: 5,
  sound3: 6,
  initial2: 7,
  initial3: 8,
} as const;

/** Every feature occurrence of one text: a hashed bucket and the UTF-16 span of the original text it was read from. */
export class FeatureBuffer {
  count = 0;
  bucket = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  // The symbol sequences the n-grams are read from, reused from text to text; only extractFeatures reads them.
  symbols = new Int32Array(256);
  symStart = new Int32Array(256);
  symEnd = new Int32Array(256);
  sounds = new Int32Array(256);
  soundStart = new Int32Array(256);
  soundEnd = new Int32Array(256);
  initials = new Int32Array(256);
  initialStart = new Int32Array(256);
  initialEnd = new Int32Array(256);

  /** Makes room for a text of `units` view units. */
  reserve(units: number): void {
    const need = units * 9 + 16;
    if (need > this.bucket.length) {
      this.bucket = new Int32Array(need);
      this.start = new Int32Array(need);
      this.end = new Int32Array(need);
    }
    const seq = units + 16;
    if (seq * 2 > this.symbols.length) {
      // A Latin run may spell more syllables than it has letters' worth of units only in theory; twice is ample.
      const size = seq * 2;
      this.symbols = new Int32Array(size);
      this.symStart = new Int32Array(size);
      this.symEnd = new Int32Array(size);
      this.sounds = new Int32Array(size);
      this.soundStart = new Int32Array(size);
      this.soundEnd = new Int32Array(size);
      this.initials = new Int32Array(size);
      this.initialStart = new Int32Array(size);
      this.initialEnd = new Int32Array(size);
    }
  }
}

/** A break in a sound or initial sequence: n-grams never run across it. */
const BREAK = -1;
/** Every digit reads as one symbol: 一单3元 and 一单5元 are the same offer. */
const DIGIT = 0x30;

const isLetter = (cp: number): boolean => cp >= 0x61 && cp <= 0x7a;
const isDigit = (cp: number): boolean => cp >= 0x30 && cp <= 0x39;

/** The written initial of a syllable as people abbreviate it: zh, ch, sh are z, c, s (szp, zz). */
const INITIAL_OF: Int32Array = Int32Array.from(SYLLABLES, (s) => s.charCodeAt(0));

/**
 * One step of the feature hash (FNV-1a over 32-bit symbols, then a final avalanche): deterministic across platforms and
 * the same in training and inference.
 */
const mix = (h: number, symbol: number): number => Math.imul(h ^ symbol, 0x01000193);
const finish = (h: number, mask: number): number => {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x & mask;
};
const SEED = 0x811c9dc5;

/**
 * Reads the features of a text from its folded view into `out` and returns how many occurrences it wrote. `buckets` is a
 * power of two. Pure and deterministic: the same view always gives the same features in the same order.
 *
 * @example
 * const out = new FeatureBuffer();
 * extractFeatures(normalize(createNormalizer(VARIANT_KINDS), '赌博'), out, 1 << 18); // 7 (2 + 1 chars, 2 + 1 sounds, 1 initial pair)
 */
export function extractFeatures(view: View, out: FeatureBuffer, buckets: number): number {
  out.reserve(view.length);
  const seq = out;
  const mask = buckets - 1;
  let n = 0;
  let s = 0;
  let i = 0;
  let previous = -2;
  let u = 0;
  while (u < view.length) {
    const cls = view.cls[u];
    if (cls !== CHAR_CLASS.regular) {
      // A line break ends a phrase for sounds and initials; separators inside a word are what disguise it.
      if (cls === CHAR_CLASS.lineBreak) {
        seq.sounds[s++] = BREAK;
        seq.initials[i++] = BREAK;
        previous = -2;
      }
      u++;
      continue;
    }
    const cp = view.cp[u]!;
    if (isLetter(cp)) {
      // A run of Latin letters: characters one by one; sounds when it spells pinyin, else initials when it is short.
      let end = u;
      let text = '';
      while (end < view.length && view.cls[end] === CHAR_CLASS.regular && isLetter(view.cp[end]!)) {
        text += String.fromCharCode(view.cp[end]!);
        end++;
      }
      const runStart = view.start[u]!;
      const runEnd = view.end[end - 1]!;
      for (let k = u; k < end; k++) {
        seq.symbols[n] = view.cp[k]!;
        seq.symStart[n] = view.start[k]!;
        seq.symEnd[n++] = view.end[k]!;
      }
      const syllables = text.length >= 2 ? segmentPinyin(text) : null;
      if (syllables) {
        for (const id of syllables) {
          seq.soundStart[s] = runStart;
          seq.soundEnd[s] = runEnd;
          seq.sounds[s++] = id;
          seq.initialStart[i] = runStart;
          seq.initialEnd[i] = runEnd;
          seq.initials[i++] = INITIAL_OF[id]!;
        }
      } else {
        seq.sounds[s++] = BREAK;
        if (text.length >= 2 && text.length <= 6) {
          for (let k = u; k < end; k++) {
            seq.initialStart[i] = view.start[k]!;
            seq.initialEnd[i] = view.end[k]!;
            seq.initials[i++] = view.cp[k]!;
          }
        } else seq.initials[i++] = BREAK;
      }
      previous = -2;
      u = end;
      continue;
    }
    const symbol = isDigit(cp) ? DIGIT : cp;
    u++;
    // Repeats (赌赌赌博, 哈哈哈哈) read as one character.
    if (symbol === previous) continue;
    previous = symbol;
    const start = view.start[u - 1]!;
    const end = view.end[u - 1]!;
    seq.symbols[n] = symbol;
    seq.symStart[n] = start;
    seq.symEnd[n++] = end;
    const reading = isHan(cp) ? firstReadingOf(cp) : -1;
    if (reading >= 0) {
      seq.soundStart[s] = start;
      seq.soundEnd[s] = end;
      seq.sounds[s++] = reading;
      seq.initialStart[i] = start;
      seq.initialEnd[i] = end;
      seq.initials[i++] = INITIAL_OF[reading]!;
    } else {
      seq.sounds[s++] = BREAK;
      seq.initials[i++] = BREAK;
    }
  }

  let count = 0;
  const emit = (bucket: number, start: number, end: number): void => {
    out.bucket[count] = bucket;
    out.start[count] = start;
    out.end[count++] = end;
  };
  const { symbols, symStart, symEnd, sounds, soundStart, soundEnd, initials, initialStart, initialEnd } = seq;
  for (let k = 0; k < n; k++) {
    const a = symbols[k]!;
    emit(finish(mix(mix(SEED, FEATURE_FAMILIES.char1), a), mask), symStart[k]!, symEnd[k]!);
    if (k + 1 < n) {
      const h2 = mix(mix(mix(SEED, FEATURE_FAMILIES.char2), a), symbols[k + 1]!);
      emit(finish(h2, mask), symStart[k]!, symEnd[k + 1]!);
      if (k + 2 < n) {
        const h3 = mix(mix(mix(mix(SEED, FEATURE_FAMILIES.char3), a), symbols[k + 1]!), symbols[k + 2]!);
        emit(finish(h3, mask), symStart[k]!, symEnd[k + 2]!);
      }
    }
  }
  for (let k = 0; k < s; k++) {
    const a = sounds[k]!;
    if (a === BREAK) continue;
    emit(finish(mix(mix(SEED, FEATURE_FAMILIES.sound1), a), mask), soundStart[k]!, soundEnd[k]!);
    const b = k + 1 < s ? sounds[k + 1]! : BREAK;
    if (b === BREAK) continue;
    emit(finish(mix(mix(mix(SEED, FEATURE_FAMILIES.sound2), a), b), mask), soundStart[k]!, soundEnd[k + 1]!);
    const c = k + 2 < s ? sounds[k + 2]! : BREAK;
    if (c === BREAK) continue;
    const h3 = mix(mix(mix(mix(SEED, FEATURE_FAMILIES.sound3), a), b), c);
    emit(finish(h3, mask), soundStart[k]!, soundEnd[k + 2]!);
  }
  for (let k = 0; k + 1 < i; k++) {
    const a = initials[k]!;
    const b = initials[k + 1]!;
    if (a === BREAK || b === BREAK) continue;
    emit(finish(mix(mix(mix(SEED, FEATURE_FAMILIES.initial2), a), b), mask), initialStart[k]!, initialEnd[k + 1]!);
    const c = k + 2 < i ? initials[k + 2]! : BREAK;
    if (c === BREAK) continue;
    const h3 = mix(mix(mix(mix(SEED, FEATURE_FAMILIES.initial3), a), b), c);
    emit(finish(h3, mask), initialStart[k]!, initialEnd[k + 2]!);
  }
  out.count = count;
  return count;
}
