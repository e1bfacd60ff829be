import { COMPONENT_COUNTERPARTS, DECOMPOSITION_ROWS } from './decompose.gen.js';
import { RADICAL_FORMS } from './radical-forms.js';

interface DecompositionIndex {
  /** The data's own spellings of each character, components as the data writes them. */
  readonly spellings: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** Simplified ↔ traditional forms of a component. */
  readonly counterparts: ReadonlyMap<string, readonly string[]>;
}

let index: DecompositionIndex | undefined;

function decompositionIndex(): DecompositionIndex {
  if (index !== undefined) return index;
  const spellings = new Map<string, (readonly string[])[]>();
  for (const row of DECOMPOSITION_ROWS) {
    for (const record of row.split(' ')) {
      const [char, ...parts] = [...record];
      if (char === undefined || parts.length < 2) throw new Error(`decomposition table is corrupt at ${record}`);
      const list = spellings.get(char);
      if (list === undefined) spellings.set(char, [parts]);
      else list.push(parts);
    }
  }
  const counterparts = new Map<string, string[]>();
  const pairs = [...COMPONENT_COUNTERPARTS];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const [a = '', b = ''] = [pairs[i], pairs[i + 1]];
    counterparts.set(a, [...(counterparts.get(a) ?? []), b]);
    counterparts.set(b, [...(counterparts.get(b) ?? []), a]);
  }
  index = { spellings, counterparts };
  return index;
}

/** A component as the data writes it, then every form people type for it: radical → full character, simplified ↔ traditional. */
function typedForms(part: string, counterparts: ReadonlyMap<string, readonly string[]>): readonly string[] {
  const forms = [part];
  const add = (form: string): void => {
    if (!forms.includes(form)) forms.push(form);
  };
  for (const form of RADICAL_FORMS.get(part) ?? []) add(form);
  for (const form of [...forms]) for (const other of counterparts.get(form) ?? []) add(other);
  // Positional radical variants (⺮, ⻊, U+2E80–U+2EFF) cannot be typed, so only their replacements spell anything.
  const first = part.codePointAt(0) ?? 0;
  return first >= 0x2e80 && first <= 0x2eff && forms.length > 1 ? forms.slice(1) : forms;
}

const compositionCache = new Map<string, readonly (readonly string[])[]>();
const NONE: readonly (readonly string[])[] = Object.freeze([]);

/**
 * Every sequence of standalone characters that spells `char` when split left to right or top to bottom (拆字): the
 * data's own split first, then its variants with radicals written as people type them (氵 or 水, 讠 or 言) and components
 * in their simplified or traditional form. Empty for a character outside the common ~8,800 or one that does not split
 * into typeable parts.
 *
 * @example
 * compositionsOf('赌'); // [['贝', '者'], ['貝', '者']]
 * compositionsOf('海'); // [['氵', '每'], ['水', '每']]
 */
export function compositionsOf(char: string): readonly (readonly string[])[] {
  const cached = compositionCache.get(char);
  if (cached !== undefined) return cached;
  const { spellings, counterparts } = decompositionIndex();
  const seen = new Set<string>();
  const out: (readonly string[])[] = [];
  for (const parts of spellings.get(char) ?? []) {
    let sequences: string[][] = [[]];
    for (const part of parts) {
      const forms = typedForms(part, counterparts);
      sequences = sequences.flatMap((head) => forms.map((form) => [...head, form]));
    }
    for (const sequence of sequences) {
      const key = sequence.join('');
      if (seen.has(key) || key === char) continue;
      seen.add(key);
      out.push(Object.freeze(sequence));
    }
  }
  const result = out.length === 0 ? NONE : Object.freeze(out);
  compositionCache.set(char, result);
  return result;
}

/** Every character the decomposition data splits (the common ~8,800), in the data's order. */
export function decomposableChars(): readonly string[] {
  return [...decompositionIndex().spellings.keys()];
}

/**
 * A map from a component sequence, written as one string (`'女干'`), to the character it spells, for the given
 * characters only: the engine passes the characters of its lexicon terms, so ordinary text is never rewritten. When two
 * of the characters share a sequence (口力 is 叻 side by side and 另 stacked), the one for which it is the data's own
 * split wins over a variant spelling, then the one given first. Components are single UTF-16 units, so a key's length
 * is its number of components (2 or 3).
 *
 * @example
 * const recompose = buildRecomposer('奸强赌');
 * recompose.get('女干'); // '奸'
 * recompose.get('弓虽'); // '强'
 * recompose.get('口丁'); // undefined: 叮 was not asked for
 */
export function buildRecomposer(chars: Iterable<string>): ReadonlyMap<string, string> {
  const { spellings } = decompositionIndex();
  const composed = new Map<string, string>();
  const exact = new Set<string>();
  const done = new Set<string>();
  for (const char of chars) {
    if (done.has(char)) continue;
    done.add(char);
    const own = new Set((spellings.get(char) ?? []).map((parts) => parts.join('')));
    for (const sequence of compositionsOf(char)) {
      const key = sequence.join('');
      const isOwn = own.has(key);
      if (composed.has(key) && (exact.has(key) || !isOwn)) continue;
      composed.set(key, char);
      if (isOwn) exact.add(key);
    }
  }
  return composed;
}
