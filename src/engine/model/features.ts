import { CHAR_CLASS, isHan } from '../fold.js';
import type { View } from '../normalize.js';
import { SYLLABLES, firstReadingOf, segmentPinyin } from '../tables/pinyin.js';
import { pairRecomposer, spelledBy } from './recompose.js';

/**
 * The model's features, each family hashed into the same table under its own constant (FAMILY): char 1–3-grams,
 * sound (pinyin syllable) 1–3-grams and initial 2–3-grams. Characters are read from the folded view (traditional, width,
 * case, look-alike letters and separators already undone, repeats collapsed); sounds put a homophone (堵搏), spelled
 * pinyin (dubo) and the characters (赌博) on the same features; initials put pinyin initials (nmsl, sb) on the features
 * of the words they abbreviate.
 */

/** Every feature occurrence of one text: a hashed bucket and the UTF-16 span of the original text it was read from. */
export class FeatureBuffer {
  count = 0;
  /**
   * Where the sound and initial n-grams begin: the char n-grams come first. The model's sound head reads from here on
   * (ModelMeta.sound), so a homophone, pinyin or initials disguise, which breaks char n-grams and keeps sounds, leaves
   * that head's score as it was.
   */
  soundFrom = 0;
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
  // Adjacent characters that spell another (女干 → 奸): the first one's place in symbols, sounds and initials, and the
  // character they spell.
  splitSymbol = new Int32Array(128);
  splitSound = new Int32Array(128);
  splitInitial = new Int32Array(128);
  splitChar = new Int32Array(128);

  /** Makes room for a text of `units` view units. */
  reserve(units: number): void {
    // 8 n-grams a unit at most, and 9 more for a pair of units that spells a character.
    const need = units * 13 + 16;
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
      this.splitSymbol = new Int32Array(size);
      this.splitSound = new Int32Array(size);
      this.splitInitial = new Int32Array(size);
      this.splitChar = new Int32Array(size);
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
 * The feature hash. Every symbol is scrambled once (a full 32-bit avalanche, salted by its sequence: characters, sounds
 * or initials), an n-gram is its scrambled symbols rotated by position and xor-ed with its family's constant, and the
 * bucket is the top bits of one multiplication (Fibonacci hashing). Deterministic across platforms and the same in
 * training and inference; about a third of the work of hashing every n-gram from scratch.
 */
const scramble = (x: number): number => {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  // 31 bits: never BREAK (-1), which marks the gaps of the sound and initial sequences.
  return (x ^ (x >>> 16)) & 0x7fffffff;
};
const rotate7 = (x: number): number => (x << 7) | (x >>> 25);
/** The salt of each symbol sequence and the constant of each family: arbitrary 32-bit numbers, fixed forever. */
const SALT = { char: 0x2545f491, sound: 0x4f1bbcdd, initial: 0x6c62272e } as const;
const FAMILY = {
  char1: 0x7feb352d,
  char2: 0x846ca68b,
  char3: 0x9e3779b9,
  sound1: 0x165667b1,
  sound2: 0xd3a2646c,
  sound3: 0xfd7046c5,
  initial2: 0xb55a4f09,
  initial3: 0x27d4eb2f,
} as const;
const GOLDEN = 0x9e3779b1;
/** Every syllable's scrambled sound and initial, computed once. */
const SOUND_KEY: Int32Array = Int32Array.from(SYLLABLES, (_, id) => scramble(id ^ SALT.sound));
const INITIAL_KEY: Int32Array = Int32Array.from(SYLLABLES, (_, id) => scramble(INITIAL_OF[id]! ^ SALT.initial));

/** Pinyin reading ids of the common Han block (U+3400–U+9FFF), one array read per character instead of an index walk. */
const HAN_FIRST = 0x3400;
const HAN_LAST = 0x9fff;
let hanReadings: Int16Array | undefined;
const readingOf = (cp: number): number => {
  if (cp >= HAN_FIRST && cp <= HAN_LAST) {
    hanReadings ??= Int16Array.from({ length: HAN_LAST - HAN_FIRST + 1 }, (_, i) => firstReadingOf(HAN_FIRST + i));
    return hanReadings[cp - HAN_FIRST]!;
  }
  return isHan(cp) ? firstReadingOf(cp) : -1;
};

/**
 * Reads the features of a text from its folded view into `out` and returns how many occurrences it wrote. `buckets` is a
 * power of two. With `spans`, each occurrence's UTF-16 span of the original text goes to `out.start` and `out.end`, for
 * explanations; scoring alone leaves them out. Pure and deterministic: the same view always gives the same features in
 * the same order.
 *
 * @example
 * const out = new FeatureBuffer();
 * extractFeatures(normalize(createNormalizer(VARIANT_KINDS), '赌博'), out, 1 << 18); // 7 (2 + 1 chars, 2 + 1 sounds, 1 initial pair)
 */
export function extractFeatures(view: View, out: FeatureBuffer, buckets: number, spans = true): number {
  out.reserve(view.length);
  const shift = 32 - Math.log2(buckets);
  // Everything the loop reads and writes, in locals: V8 does not keep object fields in registers across typed-array stores.
  const { length, cp: cps, cls: classes, start: starts, end: ends } = view;
  const { symbols, symStart, symEnd, sounds, soundStart, soundEnd, initials, initialStart, initialEnd } = out;
  const { splitSymbol, splitSound, splitInitial, splitChar } = out;
  const recomposer = pairRecomposer();
  let splits = 0;
  /** The Han character read just before, across separators, or -1: a split character's first component. */
  let lastHan = -1;
  let n = 0;
  let s = 0;
  let i = 0;
  let previous = -2;
  let u = 0;
  while (u < length) {
    const cls = classes[u];
    if (cls !== CHAR_CLASS.regular) {
      // A line break ends a phrase for sounds and initials; separators inside a word are what disguise it.
      if (cls === CHAR_CLASS.lineBreak) {
        sounds[s++] = BREAK;
        initials[i++] = BREAK;
        previous = -2;
        lastHan = -1;
      }
      u++;
      continue;
    }
    const cp = cps[u]!;
    if (isLetter(cp)) {
      // A run of Latin letters: characters one by one; sounds when it spells pinyin, else initials when it is short.
      let end = u;
      let text = '';
      while (end < length && classes[end] === CHAR_CLASS.regular && isLetter(cps[end]!)) {
        text += String.fromCharCode(cps[end]!);
        end++;
      }
      const runStart = starts[u]!;
      const runEnd = ends[end - 1]!;
      for (let k = u; k < end; k++) {
        symbols[n] = scramble(cps[k]! ^ SALT.char);
        symStart[n] = starts[k]!;
        symEnd[n++] = ends[k]!;
      }
      const syllables = text.length >= 2 ? segmentPinyin(text) : null;
      if (syllables) {
        for (const id of syllables) {
          soundStart[s] = runStart;
          soundEnd[s] = runEnd;
          sounds[s++] = SOUND_KEY[id]!;
          initialStart[i] = runStart;
          initialEnd[i] = runEnd;
          initials[i++] = INITIAL_KEY[id]!;
        }
      } else {
        sounds[s++] = BREAK;
        if (text.length >= 2 && text.length <= 6) {
          for (let k = u; k < end; k++) {
            initialStart[i] = starts[k]!;
            initialEnd[i] = ends[k]!;
            initials[i++] = scramble(cps[k]! ^ SALT.initial);
          }
        } else initials[i++] = BREAK;
      }
      previous = -2;
      lastHan = -1;
      u = end;
      continue;
    }
    const symbol = isDigit(cp) ? DIGIT : cp;
    u++;
    // Repeats (赌赌赌博, 哈哈哈哈) read as one character.
    if (symbol === previous) continue;
    previous = symbol;
    const start = starts[u - 1]!;
    const end = ends[u - 1]!;
    symbols[n] = scramble(symbol ^ SALT.char);
    symStart[n] = start;
    symEnd[n++] = end;
    const reading = readingOf(cp);
    if (reading >= 0) {
      soundStart[s] = start;
      soundEnd[s] = end;
      sounds[s++] = SOUND_KEY[reading]!;
      initialStart[i] = start;
      initialEnd[i] = end;
      initials[i++] = INITIAL_KEY[reading]!;
    } else {
      sounds[s++] = BREAK;
      initials[i++] = BREAK;
    }
    if (lastHan >= 0) {
      const spelled = spelledBy(recomposer, lastHan, cp);
      if (spelled >= 0) {
        splitSymbol[splits] = n - 2;
        splitSound[splits] = s - 2;
        splitInitial[splits] = i - 2;
        splitChar[splits++] = spelled;
      }
    }
    lastHan = isHan(cp) ? cp : -1;
  }

  // The n-grams of the three sequences. Written out rather than through a helper: this loop is most of the model's time.
  let count = 0;
  const { bucket, start, end } = out;
  const { char1, char2, char3, sound1, sound2, sound3, initial2, initial3 } = FAMILY;
  for (let k = 0; k < n; k++) {
    const a = symbols[k]!;
    bucket[count] = Math.imul(a ^ char1, GOLDEN) >>> shift;
    if (spans) {
      start[count] = symStart[k]!;
      end[count] = symEnd[k]!;
    }
    count++;
    if (k + 1 >= n) continue;
    const ab = rotate7(a) ^ symbols[k + 1]!;
    bucket[count] = Math.imul(ab ^ char2, GOLDEN) >>> shift;
    if (spans) {
      start[count] = symStart[k]!;
      end[count] = symEnd[k + 1]!;
    }
    count++;
    if (k + 2 >= n) continue;
    bucket[count] = Math.imul(rotate7(ab) ^ symbols[k + 2]! ^ char3, GOLDEN) >>> shift;
    if (spans) {
      start[count] = symStart[k]!;
      end[count] = symEnd[k + 2]!;
    }
    count++;
  }
  // A split character's n-grams as the plain text has them: itself, with the character before and the one after.
  for (let r = 0; r < splits; r++) {
    const k = splitSymbol[r]!;
    const c = scramble(splitChar[r]! ^ SALT.char);
    const from = symStart[k]!;
    const to = symEnd[k + 1]!;
    bucket[count] = Math.imul(c ^ char1, GOLDEN) >>> shift;
    if (spans) {
      start[count] = from;
      end[count] = to;
    }
    count++;
    if (k > 0) {
      const ab = rotate7(symbols[k - 1]!) ^ c;
      bucket[count] = Math.imul(ab ^ char2, GOLDEN) >>> shift;
      if (spans) {
        start[count] = symStart[k - 1]!;
        end[count] = to;
      }
      count++;
      if (k + 2 < n) {
        bucket[count] = Math.imul(rotate7(ab) ^ symbols[k + 2]! ^ char3, GOLDEN) >>> shift;
        if (spans) {
          start[count] = symStart[k - 1]!;
          end[count] = symEnd[k + 2]!;
        }
        count++;
      }
    }
    if (k + 2 < n) {
      bucket[count] = Math.imul(rotate7(c) ^ symbols[k + 2]! ^ char2, GOLDEN) >>> shift;
      if (spans) {
        start[count] = from;
        end[count] = symEnd[k + 2]!;
      }
      count++;
    }
  }
  out.soundFrom = count;
  for (let k = 0; k < s; k++) {
    const a = sounds[k]!;
    if (a === BREAK) continue;
    bucket[count] = Math.imul(a ^ sound1, GOLDEN) >>> shift;
    if (spans) {
      start[count] = soundStart[k]!;
      end[count] = soundEnd[k]!;
    }
    count++;
    const b = k + 1 < s ? sounds[k + 1]! : BREAK;
    if (b === BREAK) continue;
    const ab = rotate7(a) ^ b;
    bucket[count] = Math.imul(ab ^ sound2, GOLDEN) >>> shift;
    if (spans) {
      start[count] = soundStart[k]!;
      end[count] = soundEnd[k + 1]!;
    }
    count++;
    const c = k + 2 < s ? sounds[k + 2]! : BREAK;
    if (c === BREAK) continue;
    bucket[count] = Math.imul(rotate7(ab) ^ c ^ sound3, GOLDEN) >>> shift;
    if (spans) {
      start[count] = soundStart[k]!;
      end[count] = soundEnd[k + 2]!;
    }
    count++;
  }
  for (let k = 0; k + 1 < i; k++) {
    const a = initials[k]!;
    const b = initials[k + 1]!;
    if (a === BREAK || b === BREAK) continue;
    const ab = rotate7(a) ^ b;
    bucket[count] = Math.imul(ab ^ initial2, GOLDEN) >>> shift;
    if (spans) {
      start[count] = initialStart[k]!;
      end[count] = initialEnd[k + 1]!;
    }
    count++;
    const c = k + 2 < i ? initials[k + 2]! : BREAK;
    if (c === BREAK) continue;
    bucket[count] = Math.imul(rotate7(ab) ^ c ^ initial3, GOLDEN) >>> shift;
    if (spans) {
      start[count] = initialStart[k]!;
      end[count] = initialEnd[k + 2]!;
    }
    count++;
  }
  // A split character's sound and initial n-grams, likewise.
  for (let r = 0; r < splits; r++) {
    const reading = readingOf(splitChar[r]!);
    if (reading < 0) continue;
    const k = splitSymbol[r]!;
    const from = symStart[k]!;
    const to = symEnd[k + 1]!;
    const key = SOUND_KEY[reading]!;
    bucket[count] = Math.imul(key ^ sound1, GOLDEN) >>> shift;
    if (spans) {
      start[count] = from;
      end[count] = to;
    }
    count++;
    const at = splitSound[r]!;
    const before = at > 0 ? sounds[at - 1]! : BREAK;
    const after = at + 2 < s ? sounds[at + 2]! : BREAK;
    if (before !== BREAK) {
      bucket[count] = Math.imul(rotate7(before) ^ key ^ sound2, GOLDEN) >>> shift;
      if (spans) {
        start[count] = soundStart[at - 1]!;
        end[count] = to;
      }
      count++;
    }
    if (after !== BREAK) {
      bucket[count] = Math.imul(rotate7(key) ^ after ^ sound2, GOLDEN) >>> shift;
      if (spans) {
        start[count] = from;
        end[count] = soundEnd[at + 2]!;
      }
      count++;
    }
    const initial = INITIAL_KEY[reading]!;
    const iat = splitInitial[r]!;
    const initialBefore = iat > 0 ? initials[iat - 1]! : BREAK;
    const initialAfter = iat + 2 < i ? initials[iat + 2]! : BREAK;
    if (initialBefore !== BREAK) {
      bucket[count] = Math.imul(rotate7(initialBefore) ^ initial ^ initial2, GOLDEN) >>> shift;
      if (spans) {
        start[count] = initialStart[iat - 1]!;
        end[count] = to;
      }
      count++;
    }
    if (initialAfter !== BREAK) {
      bucket[count] = Math.imul(rotate7(initial) ^ initialAfter ^ initial2, GOLDEN) >>> shift;
      if (spans) {
        start[count] = from;
        end[count] = initialEnd[iat + 2]!;
      }
      count++;
    }
  }
  out.count = count;
  return count;
}
