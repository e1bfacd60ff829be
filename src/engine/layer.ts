import { AhoCorasick } from './aho-corasick.js';
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
  private readonly sequences: Int32Array[] = [];
  private readonly kinds: number[] = [];
  private readonly entries: number[] = [];
  private readonly counts: number[] = [];
  private readonly countStarts: number[] = [];
  private readonly allowed: number[] = [];
  private readonly edges: number[] = [];
  private readonly digitEdges: number[] = [];
  private readonly exactRuns: number[] = [];
  private readonly addedVia: number[] = [];
  private readonly seen = new Map<string, number>();

  /**
   * @param prefer which of two terms that come out alike to keep; without it both are kept (the pinyin view: 草泥马 and
   *   操你妈 sound alike and a match should name both).
   */
  constructor(
    private readonly options: LayerOptions,
    private readonly prefer?: (candidate: number, incumbent: number) => boolean,
  ) {}

  get size(): number {
    return this.sequences.length;
  }

  add(item: PatternItem): void {
    const runs: [number, number][] = [];
    for (const unit of item.units) {
      const last = runs[runs.length - 1];
      if (this.options.repeat && last && last[0] === unit) last[1]++;
      else runs.push([unit, 1]);
    }
    const owner = this.prefer || item.kind !== PATTERN_KIND.term ? '' : `${item.entry}@`;
    const key = `${owner}${item.kind}:${runs.map(([u, n]) => `${u}x${n}`).join(',')}`;
    const earlier = this.seen.get(key);
    if (earlier !== undefined) {
      if (item.kind === PATTERN_KIND.term && this.prefer?.(item.entry, this.entries[earlier]!)) {
        this.entries[earlier] = item.entry;
        this.allowed[earlier] = item.allowedVia;
        this.edges[earlier] = item.edges;
        this.addedVia[earlier] = item.via ?? 0;
      }
      return;
    }
    this.seen.set(key, this.sequences.length);
    this.sequences.push(Int32Array.from(runs, ([unit]) => this.symbolOf(unit)));
    this.kinds.push(item.kind);
    this.entries.push(item.entry);
    this.countStarts.push(this.counts.length);
    for (const [unit, n] of runs) {
      this.counts.push(n);
      this.exactRuns.push(item.digits === true && isDigit(unit) ? 1 : 0);
    }
    this.allowed.push(item.allowedVia);
    this.edges.push(item.edges);
    this.addedVia.push(item.via ?? 0);
    const first = runs[0]?.[0] ?? 0;
    const last = runs[runs.length - 1]?.[0] ?? 0;
    this.digitEdges.push(item.digits === true ? (isDigit(first) ? 1 : 0) | (isDigit(last) ? 2 : 0) : 0);
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

  build(): Layer {
    const { sequences, alphabet } = this;
    const automaton = AhoCorasick.build(sequences, alphabet.size);
    const patterns: Patterns = {
      kind: Uint8Array.from(this.kinds),
      entry: Int32Array.from(this.entries),
      length: Int32Array.from(sequences, (s) => s.length),
      countStart: Int32Array.from(this.countStarts),
      counts: Int32Array.from(this.counts),
      allowedVia: Int32Array.from(this.allowed),
      latinEdges: Uint8Array.from(this.edges),
      digitEdges: Uint8Array.from(this.digitEdges),
      exactRuns: Uint8Array.from(this.exactRuns),
      addedVia: Int32Array.from(this.addedVia),
    };
    const accepting = new Uint8Array(automaton.stateCount);
    for (let s = 1; s < automaton.stateCount; s++) accepting[s] = automaton.matchesAt(s) ? 1 : 0;
    const settings: ScanSettings = {
      automaton,
      accepting,
      alphabet,
      patterns,
      maxSkip: this.options.maxSkip,
      crossLines: this.options.crossLines,
      repeat: this.options.repeat,
      separators: this.options.separators,
      maxLength: sequences.reduce((m, s) => Math.max(m, s.length), 1),
      // Up to 4 MiB of table: small alphabets (the pinyin view's ~400 syllables) get one array read per character.
      dense: automaton.denseTable(alphabet.size, 1 << 20),
      starts: createStartFilter(sequences, alphabet.size),
    };
    return { settings, scanner: new ViewScanner(settings), symbols: alphabet.bmp };
  }
}

const isDigit = (unit: number): boolean => unit >= 0x30 && unit <= 0x39;
