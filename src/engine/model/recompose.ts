import { addPair, createPairBits, hasPair, type PairBits } from '../pair-bits.js';
import { buildRecomposer, decomposableChars } from '../tables/decompose.js';

/**
 * Split characters for the model (拆字: 女干 for 奸, 口天 for 吴): the character that two adjacent characters spell, read
 * over every character the decomposition data splits, not only the lexicon's. The model reads the spelled character's
 * n-grams beside the components' own (see extractFeatures), so a split word lands on the features of the word, and
 * ordinary pairs that happen to spell something (女子, 日月) only add features that training saw on ordinary text too.
 */
export interface PairRecomposer {
  /** A filter that rules most pairs out with one read; may say yes for a pair that spells nothing. */
  readonly bits: PairBits;
  /** (first << 16 | second) → the character they spell, for BMP components. */
  readonly spelled: ReadonlyMap<number, number>;
}

let recomposer: PairRecomposer | undefined;

/** The recomposer of two-part splits, built on first use (about 0.1 s) and shared by every scorer of the process. */
export function pairRecomposer(): PairRecomposer {
  if (recomposer !== undefined) return recomposer;
  const bits = createPairBits(16);
  const spelled = new Map<number, number>();
  for (const [key, char] of buildRecomposer(decomposableChars())) {
    if (key.length !== 2) continue;
    const a = key.charCodeAt(0);
    const b = key.charCodeAt(1);
    const c = char.codePointAt(0)!;
    if (c > 0xffff) continue;
    spelled.set((a << 16) | b, c);
    addPair(bits, a, b);
  }
  recomposer = { bits, spelled };
  return recomposer;
}

/** The character that a then b spell, or -1. */
export function spelledBy(r: PairRecomposer, a: number, b: number): number {
  if (!hasPair(r.bits, a, b)) return -1;
  return r.spelled.get((a << 16) | b) ?? -1;
}
