import type { LexiconTerm } from '../../src/engine/index.js';
import { firstReadingOf, SYLLABLES } from '../../src/engine/tables/pinyin.js';
import { DISGUISERS, type TermKind } from './disguise.js';
import { pick, type Random } from './random.js';

/**
 * The ways a whole text is disguised for training the model and measuring it: the term disguisers of the variant suite
 * applied to words of the sentence, plus pinyin initials (nmsl for 你妈死了), which people use for whole phrases.
 */
export const TEXT_DISGUISES = [
  'homophone',
  'pinyin',
  'initials',
  'traditional',
  'separator',
  'split',
  'lookalike',
  'emoji',
  'repeat',
  'invisible',
  'mixed',
] as const;
export type TextDisguise = (typeof TEXT_DISGUISES)[number];

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const isHanWord = (s: string): boolean => /^\p{Script=Han}+$/u.test(s);

/** A word as a lexicon term with every variant allowed, so any disguiser may take it. */
const asTerm = (word: string): LexiconTerm => ({
  term: word,
  category: 'abuse',
  severity: 'high',
  variants: ['traditional', 'separator', 'repeat', 'pinyin', 'homophone', 'split', 'lookalike', 'emoji', 'invisible'],
  flagged: ['homophone'],
  origin: 'disguise:0',
});

function initialsOf(word: string): string | undefined {
  let out = '';
  for (const c of word) {
    const id = firstReadingOf(c.codePointAt(0)!);
    if (id < 0) return undefined;
    out += SYLLABLES[id]!.charAt(0);
  }
  return out;
}

function disguiseWord(word: string, kind: Exclude<TextDisguise, 'mixed'>, random: Random): string | undefined {
  if (kind === 'initials') return [...word].length >= 2 ? initialsOf(word) : undefined;
  const term = asTerm(word);
  const disguiser = DISGUISERS[kind as TermKind];
  if (!disguiser.applies(term)) return undefined;
  try {
    return disguiser.apply(term, random).text;
  } catch {
    return undefined;
  }
}

/**
 * The text with about `rate` of its Han words disguised by `kind` (at least one word when any can be), or undefined when
 * no word of it can be disguised that way. `mixed` picks a kind per word.
 *
 * @example
 * disguiseText('你就是个废物', 'pinyin', createRandom(1)); // e.g. '你就是个feiwu'
 */
export function disguiseText(text: string, kind: TextDisguise, random: Random, rate = 0.5): string | undefined {
  const segments = [...segmenter.segment(text)].map((s) => s.segment);
  const candidates = segments.flatMap((s, i) => (isHanWord(s) ? [i] : []));
  if (candidates.length === 0) return undefined;
  const kindOf = (): Exclude<TextDisguise, 'mixed'> =>
    kind === 'mixed'
      ? pick(
          random,
          TEXT_DISGUISES.filter((k) => k !== 'mixed'),
        )
      : kind;
  // Whole-text traditional conversion is what people do: every word, not half of them.
  const wordRate = kind === 'traditional' ? 1 : rate;
  const forced = pick(random, candidates);
  let changed = false;
  const out = segments.map((s, i) => {
    if (!isHanWord(s) || (i !== forced && random() >= wordRate)) return s;
    const disguised = disguiseWord(s, kindOf(), random);
    if (disguised === undefined || disguised === s) return s;
    changed = true;
    return disguised;
  });
  if (!changed) {
    // The forced word could not be disguised that way: try every word once before giving up.
    for (const i of candidates) {
      const disguised = disguiseWord(segments[i]!, kindOf(), random);
      if (disguised !== undefined && disguised !== segments[i]) {
        out[i] = disguised;
        changed = true;
        break;
      }
    }
  }
  return changed ? out.join('') : undefined;
}
