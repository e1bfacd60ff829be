import { REGIONAL_PHRASES } from './tables/regional-phrases.gen.js';

/** A mainland phrase and how Taiwan or Hong Kong writes it, as code points of the folded (simplified) view. */
interface Phrase {
  readonly mainland: readonly number[];
  readonly regional: readonly number[];
}

const codePoints = (text: string): number[] => [...text].map((c) => c.codePointAt(0)!);

let byFirst: Map<number, Phrase[]> | undefined;
/** The phrase table by the first code point of the mainland side, longest first; built on first use. */
function phrasesByFirst(): Map<number, Phrase[]> {
  if (byFirst) return byFirst;
  byFirst = new Map();
  for (const entry of REGIONAL_PHRASES.split('|')) {
    const [mainland, regional] = entry.split(' ') as [string, string];
    const phrase = { mainland: codePoints(mainland), regional: codePoints(regional) };
    const list = byFirst.get(phrase.mainland[0]!) ?? [];
    list.push(phrase);
    byFirst.set(phrase.mainland[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.mainland.length - a.mainland.length);
  return byFirst;
}

/**
 * A term as Taiwan or Hong Kong would write it (软件 as 软体, 源代码 as 原始码), from OpenCC's regional phrase tables:
 * every mainland phrase in the term, longest first and left to right, replaced by its regional wording. Undefined when
 * the term holds none. The engine folds traditional characters one by one (軟體 → 软体), so the regional form is what a
 * text written in Taiwan reads as, and the lexicon gains it as one more pattern of the same term.
 *
 * @example
 * regionalForm([...'盗版软件'].map((c) => c.codePointAt(0)!)); // the code points of 盗版软体
 */
export function regionalForm(cps: readonly number[]): number[] | undefined {
  const table = phrasesByFirst();
  const out: number[] = [];
  let changed = false;
  for (let i = 0; i < cps.length;) {
    const phrase = table
      .get(cps[i]!)
      ?.find((p) => p.mainland.length <= cps.length - i && p.mainland.every((cp, k) => cps[i + k] === cp));
    if (phrase) {
      out.push(...phrase.regional);
      i += phrase.mainland.length;
      changed = true;
    } else out.push(cps[i++]!);
  }
  return changed ? out : undefined;
}
