import { CHAR_CLASS, LEET, MULTI, VIA_BIT, classOf, foldTable, type CharClass, type FoldTable } from './fold.js';
import type { VariantKind } from './types.js';

/** The classes as plain constants: the hot loops compare against numbers, not properties of CHAR_CLASS. */
const { invisible: INVISIBLE, lineBreak: LINE_BREAK, regular: REGULAR } = CHAR_CLASS;

/**
 * A normalized view of a text: one unit per folded code point, each knowing the UTF-16 span of the original text it came
 * from, so one-to-many and many-to-one rewrites map back exactly. Invisible characters produce no unit; they mark the
 * next unit's `gap` instead, so a match that spans one can say so.
 */
export interface View {
  readonly length: number;
  readonly cp: Int32Array;
  readonly cls: Uint8Array;
  readonly via: Int32Array;
  readonly gap: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/** Reusable buffers for views, grown on demand; one per engine since moderation is synchronous. */
export class ViewBuffer {
  cp = new Int32Array(256);
  cls = new Uint8Array(256);
  via = new Int32Array(256);
  gap = new Uint8Array(256);
  start = new Int32Array(256);
  end = new Int32Array(256);

  /** Writes unit `n`; the caller has made room with `ensure`. */
  put(n: number, cp: number, cls: number, via: number, gap: number, start: number, end: number): void {
    this.cp[n] = cp;
    this.cls[n] = cls;
    this.via[n] = via;
    this.gap[n] = gap;
    this.start[n] = start;
    this.end[n] = end;
  }

  /** The first `length` units as a view (valid until the buffer is written again). */
  view(length: number): View {
    return { length, cp: this.cp, cls: this.cls, via: this.via, gap: this.gap, start: this.start, end: this.end };
  }

  ensure(capacity: number): void {
    if (capacity <= this.cp.length) return;
    let size = this.cp.length;
    while (size < capacity) size *= 2;
    const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.cp = grow(this.cp, (n) => new Int32Array(n));
    this.cls = grow(this.cls, (n) => new Uint8Array(n));
    this.via = grow(this.via, (n) => new Int32Array(n));
    this.gap = grow(this.gap, (n) => new Uint8Array(n));
    this.start = grow(this.start, (n) => new Int32Array(n));
    this.end = grow(this.end, (n) => new Int32Array(n));
  }
}

/**
 * The table of a reader that wants some code units of the original text listed as the normalizer passes them (the
 * contact gate): every astral code point, and every BMP one whose entry is not 1 (`Hints.rawAt` lists them). Most
 * entries are 1, so most code points cost the normalizer one table read.
 */
export type RawTable = Uint8Array;

/**
 * What the normalizer notices on its way through a text, so that the side views need no pass of their own over every
 * unit: which units are marked in `marks` (every astral unit too), whether two Latin letters stand in a row (the pinyin
 * view needs that), whether there is a line break (the acrostic view needs two lines), and, through `raw`, which code
 * units of the original text the contact gate must read. Reused from text to text.
 */
export class Hints {
  /** The marked units, in order: the first `count` entries. */
  at = new Int32Array(256);
  count = 0;
  /** The code unit offsets of the original text's code points that `raw` lists, in order: the first `rawCount`. */
  rawAt = new Int32Array(256);
  rawCount = 0;
  letterPair = false;
  lineBreak = false;
  /**
   * Where each run of two Latin letters or more has its second letter, in order (the first `runCount` of `runs`), so
   * the pinyin view reads only those; stale when reading leet rewrote the view after they were noted.
   */
  private runs = new Int32Array(64);
  private runCount = 0;
  private runsStale = false;

  /**
   * @param marks a byte per BMP code point of the folded text, non-zero where a side view wants a second look.
   * @param raw which code units of the original text to list in `rawAt` (see RawTable); none without it.
   */
  constructor(
    readonly marks: Uint8Array,
    readonly raw?: RawTable,
  ) {}

  reset(capacity: number): void {
    this.count = 0;
    this.letterPair = false;
    this.lineBreak = false;
    this.runCount = 0;
    this.runsStale = false;
    this.rawCount = 0;
    // One entry per code point at most: room for the whole text now, so the normalizer never grows it midway.
    if (this.raw !== undefined && capacity > this.rawAt.length) this.rawAt = new Int32Array(capacity);
    this.reserve(capacity);
  }

  /** Notes a letter run's second letter at unit u. */
  addRun(u: number): void {
    if (this.runCount === this.runs.length) {
      const grown = new Int32Array(this.runs.length * 2);
      grown.set(this.runs);
      this.runs = grown;
    }
    this.runs[this.runCount++] = u;
  }

  /** Marks the noted runs stale: reading leet turned digits into letters after they were noted. */
  staleRuns(): void {
    this.runsStale = true;
  }

  /** The noted letter runs (see `runs`), or undefined when they are stale and the view must be read whole. */
  letterRuns(): { readonly at: Int32Array; readonly count: number } | undefined {
    return this.runsStale ? undefined : { at: this.runs, count: this.runCount };
  }

  reserve(capacity: number): void {
    if (capacity <= this.at.length) return;
    const at = new Int32Array(Math.max(capacity, this.at.length * 2));
    at.set(this.at.subarray(0, this.count));
    this.at = at;
  }
}

const astralClasses = new Map<number, CharClass>();
function astralClass(cp: number): CharClass {
  let cls = astralClasses.get(cp);
  if (cls === undefined) {
    cls = classOf(cp);
    if (astralClasses.size < 4096) astralClasses.set(cp, cls);
  }
  return cls;
}

const INVISIBLE_GAP = VIA_BIT.invisible;
/** The lists a normalization without Hints never writes to. */
const NO_UNITS = new Int32Array(0);
/** A RawTable's entry for a code unit not to list. */
const RAW_PLAIN = 1;
const LEET_BIT = VIA_BIT.leet;

/** Normalization settings compiled once: the folding tables and whether leet is read inside Latin words. */
export interface Normalizer {
  readonly table: FoldTable;
  readonly leet: boolean;
}

/** Compiles the normalizer for the variant kinds that are switched on. */
export function createNormalizer(kinds: readonly VariantKind[]): Normalizer {
  return { table: foldTable(kinds), leet: kinds.includes('leet') };
}

/**
 * Normalizes a text into a view. Never throws: lone surrogates become units of their own, and every code point has a
 * class.
 *
 * @example
 * const view = normalize(createNormalizer(['width', 'case']), 'ＡＢ');
 * String.fromCodePoint(...view.cp.subarray(0, view.length)); // 'ab'
 */
export function normalize(
  normalizer: Normalizer,
  text: string,
  buffer: ViewBuffer = new ViewBuffer(),
  hints?: Hints,
): View {
  const { single, via: viaTable, multi, classes } = normalizer.table;
  const n = text.length;
  buffer.ensure(n + 16);
  let { cp: outCp, cls: outCls, via: outVia, gap: outGap, start: outStart, end: outEnd } = buffer;
  let u = 0;
  let gap = 0;
  // Leet is read only in runs where a digit or @/$ touches a letter: most texts have none, and the rest a few.
  touchCount = 0;
  let previous = 0;
  let beforePrevious = 0;
  // One more table read per unit here saves the side views a pass each.
  hints?.reset(n + 16);
  const marks = hints?.marks;
  let marked = hints ? hints.at : NO_UNITS;
  let count = 0;
  let letterPair = false;
  let lineBreak = false;
  // The raw code units a reader wants listed (the contact gate's): most cost one table read.
  const raw = hints?.raw;
  const rawAt = hints?.rawAt ?? NO_UNITS;
  let rawCount = 0;
  for (let i = 0; i < n;) {
    let cp = text.charCodeAt(i);
    let next = i + 1;
    if (cp >= 0xd800 && cp <= 0xdbff && next < n) {
      const low = text.charCodeAt(next);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        next++;
      }
    }
    if (raw !== undefined && (cp >= 0x10000 || raw[cp] !== RAW_PLAIN)) rawAt[rawCount++] = i;
    if (cp < 0x10000) {
      const folded = single[cp]!;
      if (folded !== MULTI) {
        const cls = classes[folded]!;
        if (cls === INVISIBLE) gap |= INVISIBLE_GAP;
        else {
          if (marks !== undefined && marks[folded] !== 0) marked[count++] = u;
          outCp[u] = folded;
          outCls[u] = cls;
          outVia[u] = viaTable[cp]!;
          outGap[u] = gap;
          outStart[u] = i;
          outEnd[u] = next;
          u++;
          gap = 0;
          if (folded < 0x7b) {
            if (touchesLeet(previous, folded)) noteTouch(u - 1);
            if (isLetter(folded) && isLetter(previous) && !isLetter(beforePrevious)) {
              letterPair = true;
              hints?.addRun(u - 1);
            }
          }
          if (cls === LINE_BREAK) lineBreak = true;
          beforePrevious = previous;
          previous = folded;
        }
        i = next;
        continue;
      }
    }
    const entry = multi.get(cp);
    const cps = entry ? entry.cps : [cp];
    if (u + cps.length >= outCp.length) {
      buffer.ensure(u + cps.length + (n - i) + 16);
      ({ cp: outCp, cls: outCls, via: outVia, gap: outGap, start: outStart, end: outEnd } = buffer);
    }
    if (hints && count + cps.length >= marked.length) {
      hints.count = count;
      hints.reserve(count + cps.length + (n - i) + 16);
      marked = hints.at;
    }
    for (const c of cps) {
      const cls = c < 0x10000 ? (classes[c]! as CharClass) : astralClass(c);
      if (cls === INVISIBLE) {
        gap |= INVISIBLE_GAP;
        continue;
      }
      if (marks !== undefined && (c >= 0x10000 || marks[c] !== 0)) marked[count++] = u;
      if (isLetter(c) && isLetter(previous) && !isLetter(beforePrevious)) {
        letterPair = true;
        hints?.addRun(u);
      }
      if (cls === LINE_BREAK) lineBreak = true;
      outCp[u] = c;
      outCls[u] = cls;
      outVia[u] = entry ? entry.via : 0;
      outGap[u] = gap;
      outStart[u] = i;
      outEnd[u] = next;
      u++;
      gap = 0;
      if (touchesLeet(previous, c)) noteTouch(u - 1);
      beforePrevious = previous;
      previous = c;
    }
    i = next;
  }
  if (normalizer.leet && touchCount > 0 && readLeet(buffer, u, touches, touchCount) && hints) {
    // Digits read as letters may join letters into runs (a1b → aib): the runs noted are stale.
    letterPair = true;
    hints.staleRuns();
  }
  if (hints) {
    hints.count = count;
    hints.letterPair = letterPair;
    hints.lineBreak = lineBreak;
    hints.rawCount = rawCount;
  }
  return { length: u, cp: outCp, cls: outCls, via: outVia, gap: outGap, start: outStart, end: outEnd };
}

const isLetter = (cp: number): boolean => cp >= 0x61 && cp <= 0x7a;
const isDigit = (cp: number): boolean => cp >= 0x30 && cp <= 0x39;
const isLeetSymbol = (cp: number): boolean => cp === 0x40 || cp === 0x24 || cp === 0x21 || cp === 0x7c || cp === 0x28;
const touchesLeet = (a: number, b: number): boolean =>
  (isLetter(a) && (isDigit(b) || isLeetSymbol(b))) || (isLetter(b) && (isDigit(a) || isLeetSymbol(a)));

/**
 * Where a digit or sign touches a letter, in order (the first `touchCount`): the units readLeet starts from. Shared by
 * every normalizer, since normalizing is synchronous.
 */
let touches = new Int32Array(64);
let touchCount = 0;

function noteTouch(u: number): void {
  if (touchCount === touches.length) {
    const grown = new Int32Array(touches.length * 2);
    grown.set(touches);
    touches = grown;
  }
  touches[touchCount++] = u;
}

const isRunUnit = (cp: number): boolean => isLetter(cp) || isDigit(cp) || isLeetSymbol(cp);

/**
 * Reads digits and @ $ ! | ( as letters inside Latin words (p0rn, s3x, h4x0r, a$$, sh!t, b|tch, fu(k): where letters stand on both
 * sides within the run and the letters are at least as many as the digits, so numbers such as qq12345678 or abc123
 * stay. One digit at the edge of a word of three letters or more is read too (cun7); a symbol there is punctuation.
 * Only the runs (of letters, digits and signs) that hold one of `at` are read: in any other run no digit or sign
 * touches a letter, and neither rule reads anything there. Returns whether it read any.
 */
function readLeet(view: ViewBuffer, length: number, at: Int32Array, count: number): boolean {
  const { cp } = view;
  let rewritten = false;
  const read = (k: number): void => {
    const letter = LEET[String.fromCharCode(cp[k]!)];
    if (letter === undefined) return;
    rewritten = true;
    cp[k] = letter.charCodeAt(0);
    view.cls[k] = REGULAR;
    view.via[k] = view.via[k]! | LEET_BIT;
  };
  // The runs read so far end before `done`; a touch inside one of them was read with it.
  let done = 0;
  for (let t = 0; t < count; t++) {
    let u = at[t]!;
    if (u < done) continue;
    while (u > 0 && isRunUnit(cp[u - 1]!)) u--;
    let end = u;
    let first = -1;
    let last = -1;
    while (end < length) {
      const d = cp[end]!;
      if (isLetter(d)) {
        if (first < 0) first = end;
        last = end;
      } else if (!isDigit(d) && !isLeetSymbol(d)) break;
      end++;
    }
    let letters = 0;
    let inner = 0;
    for (let k = first; k >= 0 && k <= last; k++) {
      if (isLetter(cp[k]!)) letters++;
      else inner++;
    }
    if (inner > 0 && letters >= 2 && letters >= inner) {
      for (let k = first + 1; k < last; k++) if (!isLetter(cp[k]!)) read(k);
    }
    const outer = end - u - letters - inner;
    if (first >= 0 && letters >= 3 && outer === 1) {
      const edge = first > u ? u : end - 1;
      if (isDigit(cp[edge]!)) read(edge);
    }
    done = end;
  }
  return rewritten;
}

/** The folded form of a string as a plain string, separators kept; for lexicon terms, messages and tests. */
export function foldString(normalizer: Normalizer, text: string): string {
  const view = normalize(normalizer, text);
  let out = '';
  for (let u = 0; u < view.length; u++) out += String.fromCodePoint(view.cp[u]!);
  return out;
}
