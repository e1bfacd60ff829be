import { AppError, type ErrorDetail } from '../lib/index.js';
import { AhoCorasick } from './aho-corasick.js';
import { CHAR_CLASS, VIA_BIT } from './fold.js';
import { createNormalizer, normalize, ViewBuffer, type Normalizer, type View } from './normalize.js';
import { scanExact, ViewScanner, type Alphabet, type Patterns, type RawMatch, type ScanSettings } from './scan.js';
import { decideAction, strongerAction, type Action, type Category, type Severity } from './taxonomy.js';
import {
  VARIANT_KINDS,
  type Lexicon,
  type Match,
  type ModerateOptions,
  type VariantKind,
  type Verdict,
} from './types.js';

/** The variant kinds this engine core sees through; later views add more. */
export const CORE_VARIANTS: readonly VariantKind[] = [
  'width',
  'case',
  'invisible',
  'traditional',
  'confusable',
  'leet',
  'separator',
  'repeat',
];

export interface EngineOptions {
  /** Variant kinds to see through; `[]` matches the text exactly as written. Default: every kind the engine has. */
  readonly variants?: readonly VariantKind[];
  /** How many separator units may stand between two characters of a term. Default 3. */
  readonly maxSkip?: number;
  /** Let a term continue across a line break (counted as a separator). Default false. */
  readonly crossLines?: boolean;
}

/** A compiled lexicon, ready to moderate text. */
export interface Engine {
  readonly termCount: number;
  readonly allowCount: number;
  readonly variants: readonly VariantKind[];
  /**
   * Finds every term in the text and decides the action. Never throws on any string.
   *
   * @example
   * engine.moderate('想賭＊博的私聊').matches[0]?.via; // ['traditional', 'separator']
   */
  moderate(text: string, options?: ModerateOptions): Verdict;
}

const PATTERN_TERM = 0;
const PATTERN_ALLOW = 1;
const PATTERN_CONTEXT = 2;

function createAlphabet(): Alphabet {
  return { bmp: new Int32Array(0x10000), astral: new Map(), size: 0 };
}

function symbolOf(alphabet: Alphabet, cp: number): number {
  if (cp < 0x10000) {
    let sym = alphabet.bmp[cp]!;
    if (sym === 0) alphabet.bmp[cp] = sym = ++alphabet.size;
    return sym;
  }
  let sym = alphabet.astral.get(cp);
  if (sym === undefined) alphabet.astral.set(cp, (sym = ++alphabet.size));
  return sym;
}

function viaBits(kinds: readonly VariantKind[]): number {
  let bits = 0;
  for (const k of kinds) bits |= VIA_BIT[k];
  return bits;
}

const viaCache = new Map<number, readonly VariantKind[]>();
/** The variant kinds of a bit mask, as a shared frozen array. */
function viaKinds(bits: number): readonly VariantKind[] {
  let kinds = viaCache.get(bits);
  if (!kinds) viaCache.set(bits, (kinds = Object.freeze(VARIANT_KINDS.filter((k) => (bits & VIA_BIT[k]) !== 0))));
  return kinds;
}

const isLatinLetter = (cp: number): boolean => cp >= 0x61 && cp <= 0x7a;

/**
 * Compiles a lexicon into an engine. Every term, allow term and context goes through exactly the stages the text does.
 *
 * @example
 * const engine = compileEngine(parseLexicon([{ name: 'x', text: '赌博 gambling high' }]));
 * engine.moderate('赌赌赌博博').matches[0]?.via; // ['repeat']
 * @throws AppError `lexicon_invalid` when a term is nothing but separators or invisible characters.
 */
export function compileEngine(lexicon: Lexicon, options: EngineOptions = {}): Engine {
  const variants = options.variants ?? CORE_VARIANTS;
  const maxSkip = options.maxSkip ?? 3;
  const crossLines = options.crossLines ?? false;
  if (!Number.isInteger(maxSkip) || maxSkip < 0)
    throw new AppError('validation_failed', 'maxSkip must be a whole number ≥ 0');
  const exact = variants.length === 0;
  const repeat = variants.includes('repeat');
  const separators = variants.includes('separator');
  const normalizer = createNormalizer(variants);

  const alphabet = createAlphabet();
  const sequences: Int32Array[] = [];
  const kinds: number[] = [];
  const entries: number[] = [];
  const counts: number[] = [];
  const countStarts: number[] = [];
  const allowed: number[] = [];
  const edges: number[] = [];
  const seen = new Map<string, number>();
  const errors: ErrorDetail[] = [];

  const add = (
    text: string,
    kind: number,
    entry: number,
    allowedVia: number,
    origin: string,
    wholeWord = false,
  ): void => {
    const units = exact ? undefined : termUnits(normalizer, text);
    const cps = exact
      ? [...text].flatMap((c) => (c.length === 2 ? [c.charCodeAt(0), c.charCodeAt(1)] : [c.charCodeAt(0)]))
      : units!.cps;
    if (cps.length === 0) {
      const [source, line] = origin.split(/:(?=\d+$)/u);
      errors.push({
        source: source ?? origin,
        line: Number(line),
        column: 1,
        message: `"${text}" has nothing to match once separators and invisible characters are removed`,
      });
      return;
    }
    const runs: [number, number][] = [];
    for (const cp of cps) {
      const last = runs[runs.length - 1];
      if (repeat && last && last[0] === cp) last[1]++;
      else runs.push([cp, 1]);
    }
    const key = `${kind}:${runs.map(([cp, n]) => `${cp}x${n}`).join(',')}`;
    const earlier = seen.get(key);
    if (earlier !== undefined && kind === PATTERN_TERM) {
      // Two terms that normalize alike: keep the stricter, so an exact duplicate never weakens the lexicon.
      const before = lexicon.terms[entries[earlier]!]!;
      const now = lexicon.terms[entry]!;
      if (severityRank(now.severity) > severityRank(before.severity)) {
        entries[earlier] = entry;
        allowed[earlier] = allowedVia | (units?.via ?? 0);
      }
      return;
    }
    if (earlier !== undefined) return;
    seen.set(key, sequences.length);
    sequences.push(Int32Array.from(runs, ([cp]) => symbolOf(alphabet, cp)));
    kinds.push(kind);
    entries.push(entry);
    countStarts.push(counts.length);
    for (const [, n] of runs) counts.push(n);
    // What the term itself needed to normalize (a term written in traditional characters) is not a disguise.
    allowed.push(allowedVia | (units?.via ?? 0));
    edges.push(wholeWord ? (isLatinLetter(cps[0]!) ? 1 : 0) | (isLatinLetter(cps[cps.length - 1]!) ? 2 : 0) : 0);
  };

  lexicon.terms.forEach((t, i) => add(t.term, PATTERN_TERM, i, viaBits(t.variants), t.origin, t.wholeWord));
  lexicon.allows.forEach((a, i) => add(a.term, PATTERN_ALLOW, i, 0, a.origin));
  lexicon.contexts.forEach((c, i) => add(c.term, PATTERN_CONTEXT, i, 0, c.origin));
  if (errors.length > 0) throw new AppError('lexicon_invalid', `The lexicon has ${errors.length} error(s).`, errors);

  const automaton = AhoCorasick.build(sequences, alphabet.size);
  const patterns: Patterns = {
    kind: Uint8Array.from(kinds),
    entry: Int32Array.from(entries),
    length: Int32Array.from(sequences, (s) => s.length),
    countStart: Int32Array.from(countStarts),
    counts: Int32Array.from(counts),
    allowedVia: Int32Array.from(allowed),
    latinEdges: Uint8Array.from(edges),
  };
  const accepting = new Uint8Array(automaton.stateCount);
  for (let s = 1; s < automaton.stateCount; s++) accepting[s] = automaton.matchesAt(s) ? 1 : 0;
  const maxLength = sequences.reduce((m, s) => Math.max(m, s.length), 1);
  const settings: ScanSettings = {
    automaton,
    accepting,
    alphabet,
    patterns,
    maxSkip,
    crossLines,
    repeat,
    separators,
    maxLength,
  };
  const buffer = new ViewBuffer();
  const scanner = new ViewScanner(settings);

  return {
    termCount: lexicon.terms.length,
    allowCount: lexicon.allows.length,
    variants,
    moderate(text, moderateOptions = {}) {
      const input = typeof text === 'string' ? text : String(text);
      if (exact) return decide(lexicon, patterns, input, scanExact(settings, input), undefined, moderateOptions);
      const view = normalize(normalizer, input, buffer);
      return decide(lexicon, patterns, input, scanner.scan(view), view, moderateOptions);
    },
  };
}

const severityRank = (s: Severity): number => (s === 'high' ? 3 : s === 'medium' ? 2 : 1);

/** The code points of a term that the matcher compares (folded, separators dropped) and the stages it needed. */
function termUnits(normalizer: Normalizer, term: string): { cps: number[]; via: number } {
  const view = normalize(normalizer, term);
  const cps: number[] = [];
  let via = 0;
  for (let u = 0; u < view.length; u++) {
    if (view.cls[u] !== CHAR_CLASS.regular) continue;
    cps.push(view.cp[u]!);
    via |= view.via[u]!;
  }
  return { cps, via };
}

const CLAUSE_END = /[。！？!?；;\n\r]/u;

/** Turns raw matches into the verdict: variant permissions, word edges, allow terms, contexts, then the action. */
function decide(
  lexicon: Lexicon,
  patterns: Patterns,
  text: string,
  raw: readonly RawMatch[],
  view: View | undefined,
  options: ModerateOptions,
): Verdict {
  if (raw.length === 0) return { action: 'allow', flagged: false, categories: [], matches: [] };
  const ageBand = options.ageBand ?? 'age_12_16';
  const allows: [number, number][] = [];
  const contexts: [number, number, number][] = [];
  const candidates: { start: number; end: number; entry: number; via: number }[] = [];
  for (const m of raw) {
    const start = view ? view.start[m.startUnit]! : m.startUnit;
    const end = view ? view.end[m.endUnit]! : m.endUnit + 1;
    const kind = patterns.kind[m.pattern];
    const entry = patterns.entry[m.pattern]!;
    if (kind === PATTERN_ALLOW) allows.push([start, end]);
    else if (kind === PATTERN_CONTEXT) contexts.push([start, end, entry]);
    else {
      if ((m.via & ~patterns.allowedVia[m.pattern]!) !== 0) continue;
      const edges = patterns.latinEdges[m.pattern]!;
      if (edges !== 0 && !(view ? atWordEdges(view, m, edges) : atTextWordEdges(text, start, end, edges))) continue;
      candidates.push({ start, end, entry, via: m.via });
    }
  }

  const matches: Match[] = [];
  for (const c of candidates) {
    if (allows.length > 0 && allows.some(([s, e]) => s < c.end && e > c.start)) continue;
    const term = lexicon.terms[c.entry]!;
    if (
      contexts.length > 0 &&
      contexts.some(([s, e, i]) => inContext(text, c, s, e, lexicon.contexts[i]!.categories, term.category))
    ) {
      continue;
    }
    if (matches.some((m) => m.start === c.start && m.end === c.end && m.term === term.term)) continue;
    matches.push({
      start: c.start,
      end: c.end,
      text: text.slice(c.start, c.end),
      term: term.term,
      category: term.category,
      severity: term.severity,
      via: viaKinds(c.via),
    });
  }
  if (matches.length > 1) matches.sort(byPosition);
  const kept = options.longest ? matches.filter((m, i) => i === 0 || matches[i - 1]!.start !== m.start) : matches;

  let action: Action = 'allow';
  const categories: Category[] = [];
  for (const m of kept) {
    action = strongerAction(action, decideAction(m.category, m.severity, ageBand, options.surface));
    if (!categories.includes(m.category)) categories.push(m.category);
  }
  return { action, flagged: action === 'review' || action === 'block', categories, matches: kept };
}

const byPosition = (a: Match, b: Match): number =>
  a.start - b.start || b.end - a.end || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);

/** A whole-word Latin term must not start or end inside a Latin word: "sb" is not in "usb". */
function atWordEdges(view: View, m: RawMatch, edges: number): boolean {
  if (edges & 1 && m.startUnit > 0) {
    const before = m.startUnit - 1;
    if (view.cls[before] === CHAR_CLASS.regular && isLatinLetter(view.cp[before]!)) return false;
  }
  if (edges & 2 && m.endUnit + 1 < view.length) {
    const after = m.endUnit + 1;
    if (view.cls[after] === CHAR_CLASS.regular && isLatinLetter(view.cp[after]!)) return false;
  }
  return true;
}

function atTextWordEdges(text: string, start: number, end: number, edges: number): boolean {
  const letter = (i: number): boolean => /[a-z]/iu.test(text.charAt(i));
  return !((edges & 1 && start > 0 && letter(start - 1)) || (edges & 2 && letter(end)));
}

/** A context covers a match of one of its categories when both sit in one clause. */
function inContext(
  text: string,
  match: { start: number; end: number },
  start: number,
  end: number,
  categories: readonly Category[],
  category: Category,
): boolean {
  if (categories.length > 0 && !categories.includes(category)) return false;
  const from = Math.min(start, match.start);
  const to = Math.max(end, match.end);
  return !CLAUSE_END.test(text.slice(from, to));
}
