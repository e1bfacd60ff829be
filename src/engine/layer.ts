import { AhoCorasick, Trie, type AutomatonTables } from './aho-corasick.js';
import { ViewScanner, createStartFilter, type Alphabet, type Patterns, type ScanSettings } from './scan.js';

/** What a pattern stands for. */
export const PATTERN_KIND = { term: 0, allow: 1, context: 2, cue: 3 } as const;
export type PatternKind = (typeof PATTERN_KIND)[keyof typeof PATTERN_KIND];

/** One pattern to compile: its units (code points, or syllable units in the pinyin view) and what it stands for. */
export interface PatternItem {
  readonly units: readonly number[];
  readonly kind: PatternKind;
  /** Index into the lexicon's terms, allows, contexts or cues, by kind. */
  readonly entry: number;
  /** Variant bits a match of this pattern may carry. */
  readonly allowedVia: number;
  /** Bit 1 / 2: the pattern needs a word boundary before / after it. */
  readonly edges: number;
  /**
   * The units are code points whose ASCII digits are exact: a run of digits needs its count exactly (100 is no repeat
   * of 10), and a pattern starting or ending with a digit never matches inside a longer number (pk10 not in pk100).
   */
  readonly digits?: boolean;
  /** Variant bits every match of this pattern carries (a term's numerals written another way: 下3滥 for 下三滥). */
  readonly via?: number;
}

/** A compiled automaton with its scanner: one per view the engine matches. */
export interface Layer {
  readonly settings: ScanSettings;
  readonly scanner: ViewScanner;
  /** Code point (or syllable unit) → symbol, for views whose units are what the patterns were written in. */
  readonly symbols: Int32Array;
}

/** A layer as plain data (typed arrays, a map, numbers): what a worker thread compiles and hands over. */
export interface LayerTables extends Omit<ScanSettings, 'automaton'> {
  readonly automaton: AutomatonTables;
}

/** The layer over compiled tables, in this thread or another: only the scanner's small buffers are allocated. */
export function createLayer(tables: LayerTables): Layer {
  const settings: ScanSettings = { ...tables, automaton: AhoCorasick.fromTables(tables.automaton) };
  return { settings, scanner: new ViewScanner(settings), symbols: tables.alphabet.bmp };
}

export interface LayerOptions {
  readonly repeat: boolean;
  readonly separators: boolean;
  readonly maxSkip: number;
  readonly crossLines: boolean;
}

/**
 * Collects patterns for one automaton: repeats collapse into runs with their counts (when repeat tolerance is on), and
 * two patterns that come out alike are kept once — `prefer` says which term wins.
 */
export class LayerBuilder {
  private readonly alphabet: Alphabet = { bmp: new Int32Array(0x10000), astral: new Map(), size: 0 };
  private readonly trie = new Trie();
  // Per pattern, in parallel: where it ends in the trie, its length in runs, first two symbols, and what it stands for.
  private readonly ends = new Int32List();
  private readonly lengths = new Int32List();
  private readonly firsts = new Int32List();
  private readonly seconds = new Int32List();
  private readonly kinds = new Int32List();
  private readonly entries = new Int32List();
  private readonly countStarts = new Int32List();
  private readonly allowed = new Int32List();
  private readonly edges = new Int32List();
  private readonly digitEdges = new Int32List();
  private readonly addedVia = new Int32List();
  /** Per run of every pattern: its repeat count, and whether the count is exact (a digit's). */
  private readonly counts = new Int32List();
  private readonly exactRuns = new Int32List();
  /**
   * Patterns that end in the same trie state have the same runs but for their counts: per state the last such pattern
   * + 1 (0: none), and per pattern the one before it, so that a pattern that comes out alike is found among a few.
   */
  private lastAtState = new Int32Array(1024);
  private readonly previousAtState = new Int32List();
  private maxLength = 1;

  /**
   * @param prefer which of two terms that come out alike to keep; without it both are kept (the pinyin view: 草泥马 and
   *   操你妈 sound alike and a match should name both).
   */
  constructor(
    private readonly options: LayerOptions,
    private readonly prefer?: (candidate: number, incumbent: number) => boolean,
  ) {}

  get size(): number {
    return this.ends.length;
  }

  add(item: PatternItem): void {
    const { units } = item;
    const { counts, exactRuns } = this;
    const repeat = this.options.repeat;
    const digits = item.digits === true;
    const countStart = counts.length;
    let state = 0;
    let runs = 0;
    let first = 0;
    let second = 0;
    for (let i = 0; i < units.length;) {
      const unit = units[i]!;
      let j = i + 1;
      if (repeat) while (j < units.length && units[j] === unit) j++;
      const sym = this.symbolOf(unit);
      state = this.trie.child(state, sym);
      if (runs === 0) first = sym;
      else if (runs === 1) second = sym;
      runs++;
      counts.push(j - i);
      exactRuns.push(digits && isDigit(unit) ? 1 : 0);
      i = j;
    }
    const earlier = this.alike(state, item, countStart, runs);
    if (earlier >= 0) {
      // Already there: the runs just written are dropped.
      counts.truncate(countStart);
      exactRuns.truncate(countStart);
      if (item.kind === PATTERN_KIND.term && this.prefer?.(item.entry, this.entries.at(earlier))) {
        this.entries.set(earlier, item.entry);
        this.allowed.set(earlier, item.allowedVia);
        this.edges.set(earlier, item.edges);
        this.addedVia.set(earlier, item.via ?? 0);
      }
      return;
    }
    const id = this.ends.length;
    if (state >= this.lastAtState.length) {
      const grown = new Int32Array(Math.max(state + 1, this.lastAtState.length * 2));
      grown.set(this.lastAtState);
      this.lastAtState = grown;
    }
    this.previousAtState.push(this.lastAtState[state]! - 1);
    this.lastAtState[state] = id + 1;
    this.ends.push(state);
    this.lengths.push(runs);
    this.firsts.push(first);
    this.seconds.push(second);
    this.kinds.push(item.kind);
    this.entries.push(item.entry);
    this.countStarts.push(countStart);
    this.allowed.push(item.allowedVia);
    this.edges.push(item.edges);
    this.addedVia.push(item.via ?? 0);
    if (runs > this.maxLength) this.maxLength = runs;
    const firstUnit = units[0] ?? 0;
    const lastUnit = units[units.length - 1] ?? 0;
    this.digitEdges.push(digits ? (isDigit(firstUnit) ? 1 : 0) | (isDigit(lastUnit) ? 2 : 0) : 0);
  }

  /**
   * The pattern already added that this one comes out alike with (same kind, runs and counts; for a layer without
   * `prefer`, a term also of the same entry), or -1.
   */
  private alike(state: number, item: PatternItem, countStart: number, runs: number): number {
    const { counts } = this;
    const ownerMatters = this.prefer === undefined && item.kind === PATTERN_KIND.term;
    const last = state < this.lastAtState.length ? this.lastAtState[state]! : 0;
    for (let p = last - 1; p >= 0; p = this.previousAtState.at(p)) {
      if (this.kinds.at(p) !== item.kind || (ownerMatters && this.entries.at(p) !== item.entry)) continue;
      const base = this.countStarts.at(p);
      let same = true;
      for (let r = 0; r < runs && same; r++) same = counts.at(base + r) === counts.at(countStart + r);
      if (same) return p;
    }
    return -1;
  }

  /** The symbol of a unit, added to the alphabet if new. */
  symbolOf(unit: number): number {
    const alphabet = this.alphabet;
    if (unit < 0x10000) {
      let sym = alphabet.bmp[unit]!;
      if (sym === 0) alphabet.bmp[unit] = sym = ++alphabet.size;
      return sym;
    }
    let sym = alphabet.astral.get(unit);
    if (sym === undefined) alphabet.astral.set(unit, (sym = ++alphabet.size));
    return sym;
  }

  /** The symbol of a unit if the alphabet has it, else 0. */
  knownSymbol(unit: number): number {
    return unit < 0x10000 ? this.alphabet.bmp[unit]! : (this.alphabet.astral.get(unit) ?? 0);
  }

  /** The layer, ready to scan. */
  build(): Layer {
    return createLayer(this.buildTables());
  }

  /** The layer as plain data (see LayerTables). */
  buildTables(): LayerTables {
    const { alphabet } = this;
    const automaton = AhoCorasick.fromTrie(this.trie, this.ends.view(), alphabet.size);
    const patterns: Patterns = {
      kind: Uint8Array.from(this.kinds.view()),
      entry: this.entries.copy(),
      length: this.lengths.copy(),
      countStart: this.countStarts.copy(),
      counts: this.counts.copy(),
      allowedVia: this.allowed.copy(),
      latinEdges: Uint8Array.from(this.edges.view()),
      digitEdges: Uint8Array.from(this.digitEdges.view()),
      exactRuns: Uint8Array.from(this.exactRuns.view()),
      addedVia: this.addedVia.copy(),
    };
    const accepting = new Uint8Array(automaton.stateCount);
    for (let s = 1; s < automaton.stateCount; s++) accepting[s] = automaton.matchesAt(s) ? 1 : 0;
    return {
      automaton: automaton.tables(),
      accepting,
      alphabet,
      patterns,
      maxSkip: this.options.maxSkip,
      crossLines: this.options.crossLines,
      repeat: this.options.repeat,
      separators: this.options.separators,
      maxLength: this.maxLength,
      // Up to 4 MiB of table: small alphabets (the pinyin view's ~400 syllables) get one array read per character.
      dense: automaton.denseTable(alphabet.size, 1 << 20),
      starts: createStartFilter(this.lengths.view(), this.firsts.view(), this.seconds.view(), alphabet.size),
    };
  }
}

const isDigit = (unit: number): boolean => unit >= 0x30 && unit <= 0x39;

/**
 * A list of 32-bit integers in a typed array that doubles as it fills: the builder's per-pattern columns, half the size
 * of arrays of numbers and nothing for the garbage collector to trace.
 */
class Int32List {
  private items = new Int32Array(256);
  length = 0;

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }

  at(i: number): number {
    return this.items[i]!;
  }

  set(i: number, value: number): void {
    this.items[i] = value;
  }

  truncate(length: number): void {
    this.length = length;
  }

  /** The items, valid until the next push. */
  view(): Int32Array {
    return this.items.subarray(0, this.length);
  }

  /** The items in an array of their own. */
  copy(): Int32Array {
    return this.items.slice(0, this.length);
  }
}
