import type { AhoCorasick } from './aho-corasick.js';
import { CHAR_CLASS, VIA_BIT, isHan } from './fold.js';
import type { View } from './normalize.js';
import { addPair, createPairBits, hasPair, type PairBits } from './pair-bits.js';

/** The classes as plain constants: the hot loops compare against numbers, not properties of CHAR_CLASS. */
const { regular: REGULAR, separator: SEPARATOR, lineBreak: LINE_BREAK } = CHAR_CLASS;

/** Everything the scanners need about one automaton pattern, in parallel arrays. */
export interface Patterns {
  /** 0 term, 1 allow term, 2 context. */
  readonly kind: Uint8Array;
  /** Index into the lexicon's terms, allows, contexts or cues, by kind. */
  readonly entry: Int32Array;
  /** Length in runs (variant mode) or UTF-16 units (exact mode). */
  readonly length: Int32Array;
  /** Offset into `counts` of this pattern's required repeat count per run. */
  readonly countStart: Int32Array;
  readonly counts: Int32Array;
  /** Variant bits this pattern may be matched through (terms only). */
  readonly allowedVia: Int32Array;
  /** Bit 1 / 2 when a whole-word pattern starts / ends with a Latin letter and so needs a word boundary there. */
  readonly latinEdges: Uint8Array;
  /** Bit 1 / 2 when a pattern starts / ends with an ASCII digit: no digit may stand right before / after a match. */
  readonly digitEdges: Uint8Array;
  /** Parallel to `counts`: 1 where the run is of a digit, whose count must be met exactly (a number is no repeat). */
  readonly exactRuns: Uint8Array;
  /** Variant bits every match of the pattern carries. */
  readonly addedVia: Int32Array;
}

/** Symbol ids of the automaton's alphabet: dense for the BMP, a map for the rest. */
export interface Alphabet {
  readonly bmp: Int32Array;
  readonly astral: Map<number, number>;
  size: number;
}

/** A pattern found, in view units (variant mode) or UTF-16 units (exact mode), both ends inclusive. */
export interface RawMatch {
  pattern: number;
  startUnit: number;
  endUnit: number;
  via: number;
}

export interface ScanSettings {
  readonly automaton: AhoCorasick;
  readonly accepting: Uint8Array;
  readonly alphabet: Alphabet;
  readonly patterns: Patterns;
  readonly maxSkip: number;
  readonly crossLines: boolean;
  readonly repeat: boolean;
  readonly separators: boolean;
  /** The longest pattern, in runs. */
  readonly maxLength: number;
  /** Where patterns may start, for skipping the rest of a text at the automaton's root; without it every unit is read. */
  readonly starts?: StartFilter | undefined;
  /** The full transition table, row stride `alphabet.size + 1`, when the automaton is small enough to have one. */
  readonly dense?: Int32Array | undefined;
}

/**
 * Where a pattern can start: its first two runs in a row (a bit per pair of symbols, hashed into 128 KB, so a false hit
 * costs a look and nothing more), or its only run. Every match begins with one of these, so at the automaton's root the
 * scan reads symbols and bits only, and most units of most texts never reach the automaton.
 */
export interface StartFilter {
  readonly pairs: PairBits;
  /** 1 for a symbol that is a whole pattern's only run. */
  readonly single: Uint8Array;
}

/** The start filter of patterns given by their lengths in runs and the symbols of their first two runs. */
export function createStartFilter(
  lengths: ArrayLike<number>,
  firsts: ArrayLike<number>,
  seconds: ArrayLike<number>,
  alphabetSize: number,
): StartFilter {
  const pairs = createPairBits(20);
  const single = new Uint8Array(alphabetSize + 1);
  for (let p = 0; p < lengths.length; p++) {
    if (lengths[p] === 1) single[firsts[p]!] = 1;
    else if (lengths[p]! > 1) addPair(pairs, firsts[p]!, seconds[p]!);
  }
  return { pairs, single };
}

/** Exact matching over UTF-16 code units: no folding, no skips, no repeats. */
export function scanExact(settings: ScanSettings, text: string): RawMatch[] {
  const { automaton, accepting, alphabet, patterns } = settings;
  const { rootNext, outStart, outPattern, dict } = automaton;
  const symbols = alphabet.bmp;
  const found: RawMatch[] = [];
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    const sym = symbols[text.charCodeAt(i)]!;
    if (sym === 0) {
      state = 0;
      continue;
    }
    state = state === 0 ? rootNext[sym]! : automaton.next(state, sym);
    if (accepting[state] === 1) {
      for (let s = automaton.hasOwn(state) ? state : dict[state]!; s > 0; s = dict[s]!) {
        for (let o = outStart[s]!; o < outStart[s + 1]!; o++) {
          const pattern = outPattern[o]!;
          const startUnit = i - patterns.length[pattern]! + 1;
          const edges = patterns.digitEdges[pattern]!;
          if (edges !== 0 && ((edges & 1 && isDigitAt(text, startUnit - 1)) || (edges & 2 && isDigitAt(text, i + 1))))
            continue;
          found.push({ pattern, startUnit, endUnit: i, via: patterns.addedVia[pattern]! });
        }
      }
    }
  }
  return found;
}

const isDigitAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
};

/** The most units one piece of filler holds: Ⅻ folds to xii. */
const MAX_FILLER = 3;

const SEPARATOR_BIT = VIA_BIT.separator;
const REPEAT_BIT = VIA_BIT.repeat;
const STYLED_BITS = VIA_BIT.width | VIA_BIT.confusable;

/**
 * A unit that may be filler between two Han characters of a term: a digit or letter written in another style or script
 * (操①你②妈, 中⒈国, 中Ⅻ国, 中α国). Plain digits are content (出1号 in a date is not 出号). Whether a styled unit is
 * filler is decided where it stands (see `scan`).
 */
const mayBeFiller = (cp: number, via: number): boolean =>
  (via & STYLED_BITS) !== 0 && ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a));

/**
 * Matching over a normalized view. The automaton reads runs of equal characters (a repeated character stays in the same
 * state), so 赌赌赌博博 reaches 赌博 while terms with doubled characters (嘻嘻, 666) still need their repeats: each
 * pattern records the count each of its runs needs. Separators are skipped, up to `maxSkip` in a row. One scanner per
 * engine: its ring buffers are reused from call to call, since moderation is synchronous.
 */
export class ViewScanner {
  private readonly mask: number;
  private readonly runCount: Int32Array;
  private readonly runStart: Int32Array;
  private readonly runEnd: Int32Array;
  private readonly runVia: Int32Array;
  private readonly runGap: Int32Array;
  private readonly blockStart: Int32Array;
  private readonly blockCount: Int32Array;
  private readonly blockVia: Int32Array;
  private found: RawMatch[] = [];
  /** The view being scanned, for the digit edges of a match. */
  private view: View | undefined;
  /** Matches whose last run is the current run: they grow when the run grows. */
  private open: RawMatch[] = [];
  private runs = 0;

  constructor(private readonly settings: ScanSettings) {
    let ring = 8;
    while (ring <= settings.maxLength) ring *= 2;
    this.mask = ring - 1;
    this.runCount = new Int32Array(ring);
    this.runStart = new Int32Array(ring);
    this.runEnd = new Int32Array(ring);
    this.runVia = new Int32Array(ring);
    this.runGap = new Int32Array(ring);
    this.blockStart = new Int32Array(ring);
    this.blockCount = new Int32Array(ring);
    this.blockVia = new Int32Array(ring);
  }

  /** Scans a view; `symbols` maps its units to the automaton's symbols (another table reads Han as syllables). */
  scan(view: View, symbols: Int32Array = this.settings.alphabet.bmp): RawMatch[] {
    const { automaton, accepting, alphabet, maxSkip, crossLines, repeat, separators, patterns } = this.settings;
    const { cp: cps, cls: classes, via: vias, gap: gaps } = view;
    const { mask, runCount, runStart, runEnd, runVia, runGap, blockStart, blockCount, blockVia } = this;
    const astral = alphabet.astral;
    const rootNext = automaton.rootNext;
    const dense = this.settings.dense;
    const stride = alphabet.size + 1;
    this.found = [];
    this.open = [];
    this.view = view;
    let state = 0;
    let lastSym = -1;
    let skipped = 0;
    let pendingGap = 0;
    // Units before this one are filler already decided on (see below).
    let fillerEnd = -1;

    const length = view.length;
    // At the root, go straight to where a pattern may start (minus one: the loop steps on); the start is a run's first
    // unit, so the run bookkeeping there is what a scan of every unit would have.
    const starts = this.settings.starts;
    const skip = (from: number): number =>
      starts ? nextStart(this.settings, starts, view, symbols, from) - 1 : from - 1;
    for (let u = skip(0); ++u < length;) {
      const cls = classes[u]!;
      if (cls !== REGULAR) {
        if ((cls === SEPARATOR || crossLines) && separators && ++skipped <= maxSkip) {
          pendingGap |= SEPARATOR_BIT | gaps[u]!;
          continue;
        }
        state = 0;
        lastSym = -1;
        skipped = 0;
        pendingGap = 0;
        u = skip(u + 1);
        continue;
      }
      const cp = cps[u]!;
      const sym = cp < 0x10000 ? symbols[cp]! : (astral.get(cp) ?? 0);
      // Filler by its place: a digit or styled letter that the term in progress does not go on with (at most another
      // term starts with it), after a Han character and before one that the term goes on with, is skipped like a
      // separator: 操①你②妈 is 操你妈 even beside a term 1024社区, while in 下3滥 the 3 is the term's own.
      if (
        state !== 0 &&
        separators &&
        mayBeFiller(cp, vias[u]!) &&
        (sym === 0 ||
          ((dense ? dense[state * stride + sym]! : automaton.next(state, sym)) === rootNext[sym] &&
            accepting[rootNext[sym]] !== 1)) &&
        isHan(cps[runEnd[this.runs & mask]!]!) &&
        (u < fillerEnd || (fillerEnd = this.fillerUntil(view, u, state, sym === 0 ? 0 : rootNext[sym]!, symbols)) > u)
      ) {
        pendingGap |= SEPARATOR_BIT | gaps[u]!;
        continue;
      }
      const gap = pendingGap | gaps[u]!;
      skipped = 0;
      pendingGap = 0;
      if (sym === 0) {
        state = 0;
        lastSym = -1;
        u = skip(u + 1);
        continue;
      }
      if (repeat && sym === lastSym) {
        // A run no pattern can hold was never recorded (below): its repeats are not either.
        if (state === 0) continue;
        const r = this.runs & mask;
        runCount[r]!++;
        runEnd[r] = u;
        runVia[r] = runVia[r]! | vias[u]! | gap;
        if ((gap & SEPARATOR_BIT) === 0) {
          blockCount[r]!++;
          blockVia[r] = blockVia[r]! | vias[u]! | gap;
          // Matches ending in this run grow over unbroken repeats only, so a span never reaches across a separator.
          this.extendOpen(u, vias[u]! | gap);
        } else {
          blockStart[r] = u;
          blockCount[r] = 1;
          blockVia[r] = vias[u]!;
          // A one-run term (嘻嘻, 666) is the whole run, separators and all; a longer term stops before the separator.
          if (this.open.length > 0) {
            this.open = this.open.filter((match) => patterns.length[match.pattern] === 1);
            this.extendOpen(u, vias[u]! | gap);
          }
        }
        if (accepting[state] === 1) this.emit(state);
        continue;
      }
      state = dense ? dense[state * stride + sym]! : state === 0 ? rootNext[sym]! : automaton.next(state, sym);
      lastSym = sym;
      if (this.open.length > 0) this.open = [];
      // Back at the root, no pattern holds this run, nor any before it: a later match looks back only over runs read
      // since, so this one needs no record, and the scan may skip to the next place a pattern can start.
      if (state === 0) {
        lastSym = -1;
        u = skip(u + 1);
        continue;
      }
      const r = ++this.runs & mask;
      runCount[r] = 1;
      runStart[r] = u;
      runEnd[r] = u;
      runVia[r] = vias[u]!;
      runGap[r] = gap;
      blockStart[r] = u;
      blockCount[r] = 1;
      blockVia[r] = vias[u]!;
      if (accepting[state] === 1) this.emit(state);
    }
    return this.found;
  }

  /**
   * Where the filler starting at `u` ends: the next unit that is neither a separator nor filler, when it is a Han
   * character the automaton continues with from `state`; -1 otherwise. Filler is short (Ⅻ is three letters): a longer
   * run of styled letters is a word (ｓｌｕｔ), and so is a unit that a term starting with it (`fresh`, the state it
   * starts) goes on from.
   */
  private fillerUntil(view: View, u: number, state: number, fresh: number, symbols: Int32Array): number {
    const { automaton, alphabet, crossLines } = this.settings;
    const { cp: cps, cls: classes, via: vias, length } = view;
    const symbolAt = (k: number): number => {
      const cp = cps[k]!;
      return cp < 0x10000 ? symbols[cp]! : (alphabet.astral.get(cp) ?? 0);
    };
    let fillers = 1;
    let first = true;
    for (let k = u + 1; k < length; k++) {
      const cls = classes[k]!;
      if (cls === SEPARATOR || (crossLines && cls === LINE_BREAK)) continue;
      if (cls !== REGULAR) return -1;
      const cp = cps[k]!;
      // A repeat of the unit (ｍｍｐ) stays where the term starting with it is.
      if (first && fresh !== 0 && symbolAt(k) === symbolAt(u)) {
        if (++fillers > MAX_FILLER) return -1;
        continue;
      }
      if (first && fresh !== 0 && automaton.goto(fresh, symbolAt(k)) >= 0) return -1;
      first = false;
      if (mayBeFiller(cp, vias[k]!)) {
        if (++fillers > MAX_FILLER) return -1;
        continue;
      }
      if (!isHan(cp)) return -1;
      const sym = symbolAt(k);
      return sym !== 0 && automaton.goto(state, sym) >= 0 ? k : -1;
    }
    return -1;
  }

  private extendOpen(u: number, bits: number): void {
    for (const match of this.open) {
      match.endUnit = u;
      match.via |= REPEAT_BIT | bits;
    }
  }

  /** Reports every pattern ending in `state` whose repeat counts the current runs satisfy. */
  private emit(state: number): void {
    const { automaton, patterns } = this.settings;
    const { outStart, outPattern, dict } = automaton;
    for (let s = automaton.hasOwn(state) ? state : dict[state]!; s > 0; s = dict[s]!) {
      for (let o = outStart[s]!; o < outStart[s + 1]!; o++) this.emitPattern(outPattern[o]!, patterns);
    }
  }

  private emitPattern(pattern: number, patterns: Patterns): void {
    const { mask, runs, runCount, runStart, runEnd, runVia, runGap, blockStart, blockCount, blockVia } = this;
    const length = patterns.length[pattern]!;
    const base = patterns.countStart[pattern]!;
    let via = 0;
    let startUnit = runStart[(runs - length + 1) & mask]!;
    for (let j = 0; j < length; j++) {
      const r = (runs - length + 1 + j) & mask;
      const need = patterns.counts[base + j]!;
      let have = runCount[r]!;
      let runBits = runVia[r]!;
      // The first run contributes only its last unbroken block when that is enough: 博，博彩 matches 博彩 as 博彩.
      if (j === 0 && length > 1 && blockStart[r]! > runStart[r]! && blockCount[r]! >= need) {
        have = blockCount[r]!;
        runBits = blockVia[r]!;
        startUnit = blockStart[r]!;
      }
      if (j === length - 1 || patterns.exactRuns[base + j] === 1 ? have !== need : have < need) return;
      if (have > need) via |= REPEAT_BIT;
      via |= runBits;
      if (j > 0) via |= runGap[r]!;
    }
    const endUnit = runEnd[runs & mask]!;
    const edges = patterns.digitEdges[pattern]!;
    if (edges !== 0 && this.view) {
      const { cp, cls, length: n } = this.view;
      const digit = (u: number): boolean => u >= 0 && u < n && cls[u] === REGULAR && cp[u]! >= 0x30 && cp[u]! <= 0x39;
      if ((edges & 1 && digit(startUnit - 1)) || (edges & 2 && digit(endUnit + 1))) return;
    }
    const match = { pattern, startUnit, endUnit, via: via | patterns.addedVia[pattern]! };
    this.found.push(match);
    this.open.push(match);
  }
}

/**
 * The first unit at or after `from` where a pattern may start, reading as the scan reads (separators skipped up to
 * `maxSkip`, repeats one run); the view's length if none. The scan is at its root there, so nothing before `from`
 * matters: a run that a pattern could continue from would have kept the automaton off its root.
 */
function nextStart(settings: ScanSettings, starts: StartFilter, view: View, symbols: Int32Array, from: number): number {
  const { maxSkip, crossLines, repeat, separators } = settings;
  const astral = settings.alphabet.astral;
  const { pairs, single } = starts;
  const { cp: cps, cls: classes, via: vias, length } = view;
  // The previous run's symbol (0: none in reach) and its first unit; `h` and `uh` the last Han run's, which possible
  // filler after it (digits, styled letters) does not hide.
  let a = 0;
  let ua = from;
  let h = 0;
  let uh = from;
  let skipped = 0;
  for (let u = from; u < length; u++) {
    const cls = classes[u]!;
    if (cls !== REGULAR) {
      if ((cls === SEPARATOR || crossLines) && separators && ++skipped <= maxSkip) continue;
      a = h = 0;
      skipped = 0;
      continue;
    }
    skipped = 0;
    const cp = cps[u]!;
    const sym = cp < 0x10000 ? symbols[cp]! : (astral.get(cp) ?? 0);
    if (sym === 0) {
      a = 0;
      if (h !== 0 && !(separators && mayBeFiller(cp, vias[u]!))) h = 0;
      continue;
    }
    if (repeat && sym === a) continue;
    // A pair starts a run earlier than a one-run pattern here: it goes first, and the one across filler earliest.
    if (h !== a && h !== 0 && hasPair(pairs, h, sym)) return uh;
    if (a !== 0 && hasPair(pairs, a, sym)) return ua;
    if (single[sym] === 1) return u;
    a = sym;
    ua = u;
    if (isHan(cp)) {
      h = sym;
      uh = u;
    } else if (h !== 0 && !(separators && mayBeFiller(cp, vias[u]!))) h = 0;
  }
  return length;
}
