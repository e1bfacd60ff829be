import {
  VARIANT_KINDS,
  createNormalizer,
  foldString,
  type Engine,
  type Lexicon,
  type LexiconTerm,
  type Match,
} from '../../src/engine/index.js';
import { CONTACT_CARRIERS, contactSamples } from './contact.js';
import { DISGUISERS, TERM_KINDS, acrostic, isAcrosticTerm, type TermKind } from './disguise.js';
import { createRandom, deriveSeed, pick, stratified, type Random } from './random.js';

/** Neutral carrier sentences a term is dropped into: none holds a lexicon term (checked on every run). */
export const CARRIERS = [
  '我跟你说{}的事',
  '昨天看到有人发{}，你怎么看',
  '群里有人在说{}',
  '这个视频里提到了{}',
  '{}这种东西到底是什么',
  '别再跟我提{}了',
  '朋友问我知不知道{}',
  '评论区好多人在讲{}',
  '刚刷到一条关于{}的帖子',
  '为什么总有人搜{}',
  '同桌突然问起{}',
  '有没有人了解{}？',
];

/** A suite kind: a variant kind of the engine the suite measures, 'plain' (no disguise) as the baseline. */
export type SuiteKind = 'plain' | TermKind | 'acrostic' | 'contact';
export const SUITE_KINDS: readonly SuiteKind[] = ['plain', ...TERM_KINDS, 'acrostic', 'contact'];

/** Where the thing to find sits in a text: UTF-16 offsets, end exclusive. */
interface Placed {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Where the part a finding must touch starts: a contact detail's number, not its keyword. Default `start`. */
  readonly core?: number;
}

/** One generated sample: a disguised text and the same text with the term written plainly. */
export interface Sample {
  readonly kind: SuiteKind;
  readonly form: string;
  /** A second way to group samples, across forms: what a contact detail is (phone, qq, wechat id). */
  readonly facet?: string;
  /** The lexicon term hidden in the text; undefined for contact details. */
  readonly term: LexiconTerm | undefined;
  readonly disguised: Placed;
  readonly plain: Placed;
}

function place(carrier: string, inner: string, lead = 0): Placed {
  const start = carrier.indexOf('{}');
  return { text: carrier.replace('{}', inner), start, end: start + inner.length, core: start + lead };
}

const byCategory = (terms: readonly LexiconTerm[]): LexiconTerm[][] => {
  const groups = new Map<string, LexiconTerm[]>();
  for (const t of terms) groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  return [...groups.values()];
};

/** The terms a kind may disguise: the term's flags allow the kind and the disguise changes it. */
function eligible(lexicon: Lexicon, kind: SuiteKind): LexiconTerm[] {
  if (kind === 'plain') return [...lexicon.terms];
  if (kind === 'contact') return [];
  if (kind === 'acrostic') return lexicon.terms.filter((t) => t.variants.includes('acrostic') && isAcrosticTerm(t));
  const disguiser = DISGUISERS[kind];
  return lexicon.terms.filter((t) => t.variants.includes(kind) && disguiser.applies(t));
}

/** The samples of one kind: `terms` lexicon terms stratified over categories (or `contacts` contact details). */
export function generate(
  lexicon: Lexicon,
  kind: SuiteKind,
  seed: number,
  sizes: { terms: number; contacts: number },
): { samples: Sample[]; eligible: number } {
  const random: Random = createRandom(deriveSeed(seed, kind));
  if (kind === 'contact') {
    const samples = contactSamples(random, sizes.contacts).map((c): Sample => {
      const carrier = pick(random, CONTACT_CARRIERS);
      return {
        kind,
        form: c.style,
        facet: c.prefix ? `${c.kind} (letters and digits)` : c.kind,
        term: undefined,
        disguised: place(carrier, c.text, c.lead),
        plain: place(carrier, c.plain, c.lead),
      };
    });
    return { samples, eligible: samples.length };
  }
  const pool = eligible(lexicon, kind);
  // Terms flagged for a kind (+homophone) are the ones the lexicon says are disguised so: all of them are in the sample.
  const flagged = kind === 'plain' ? [] : pool.filter((t) => (t.flagged ?? []).includes(kind));
  const rest = pool.filter((t) => !flagged.includes(t));
  const terms = [
    ...flagged.slice(0, sizes.terms),
    ...stratified(random, byCategory(rest), sizes.terms - flagged.length),
  ];
  const samples = terms.map((term): Sample => {
    const carrier = pick(random, CARRIERS);
    const plain = place(carrier, term.term);
    if (kind === 'plain') return { kind, form: 'plain', term, disguised: plain, plain };
    if (kind === 'acrostic') {
      const poem = acrostic(term.term, random);
      const last = poem.heads[poem.heads.length - 1]!;
      const end = last + String.fromCodePoint(poem.text.codePointAt(last)!).length;
      return { kind, form: poem.form, term, disguised: { text: poem.text, start: poem.heads[0]!, end }, plain };
    }
    const disguise = DISGUISERS[kind].apply(term, random);
    return { kind, form: disguise.form, term, disguised: place(carrier, disguise.text), plain };
  });
  return { samples, eligible: pool.length };
}

/** Whether a verdict found a sample, and whether a finding's span covers the whole disguised term. */
export interface Outcome {
  readonly found: boolean;
  readonly covered: boolean;
  /** Some match of the term's category overlaps the disguise, whatever term it names (a sibling or a part of it). */
  readonly caught: boolean;
}

/**
 * Judges matches: a term counts as found when a match names it or a term that folds to the same characters; a contact
 * detail when a contact finding touches its number (a finding of the keyword alone does not count).
 */
export function createJudge(lexicon: Lexicon): (sample: Sample, placed: Placed, matches: readonly Match[]) => Outcome {
  const normalizer = createNormalizer(VARIANT_KINDS);
  const keys = new Map<string, string>();
  const keyOf = (term: string): string => {
    let key = keys.get(term);
    if (key === undefined) keys.set(term, (key = foldString(normalizer, term)));
    return key;
  };
  for (const t of lexicon.terms) keyOf(t.term);
  return (sample, placed, matches) => {
    const term = sample.term;
    // A contact finding absorbs the keyword terms inside it (加V and its number are one finding), so it finds them too.
    const isFinding = (m: Match): boolean =>
      m.category === 'contact_offplatform' &&
      m.via.includes('contact') &&
      m.start < placed.end &&
      m.end > (placed.core ?? placed.start);
    const relevant = term
      ? matches.filter(
          (m) => keyOf(m.term) === keyOf(term.term) || (term.category === 'contact_offplatform' && isFinding(m)),
        )
      : matches.filter(isFinding);
    return {
      found: relevant.length > 0,
      covered: relevant.some((m) => m.start <= placed.start && m.end >= placed.end),
      caught:
        relevant.length > 0 ||
        (term !== undefined &&
          matches.some((m) => m.category === term.category && m.start < placed.end && m.end > placed.start)),
    };
  };
}

/** Tallies of one kind, or of one form within a kind. */
export interface Tally {
  samples: number;
  plainFound: number;
  found: number;
  covered: number;
  caught: number;
}

export interface KindResult {
  readonly kind: SuiteKind;
  readonly eligible: number;
  readonly total: Tally;
  readonly forms: ReadonlyMap<string, Tally>;
  readonly facets: ReadonlyMap<string, Tally>;
  /** Samples found plainly but not disguised, with what the engine reported over the disguise instead. */
  readonly misses: readonly { readonly sample: Sample; readonly reported: readonly Match[] }[];
  /** Samples not found even when written plainly (the carrier or an allow term hides them). */
  readonly plainMisses: readonly Sample[];
}

const emptyTally = (): Tally => ({ samples: 0, plainFound: 0, found: 0, covered: 0, caught: 0 });

const tallyOf = (map: Map<string, Tally>, key: string): Tally => {
  let tally = map.get(key);
  if (!tally) map.set(key, (tally = emptyTally()));
  return tally;
};

/** Generates a kind's samples and runs the engine over each, disguised and plain. */
export function runKind(
  engine: Engine,
  lexicon: Lexicon,
  kind: SuiteKind,
  seed: number,
  sizes: { terms: number; contacts: number },
  judge: ReturnType<typeof createJudge>,
): KindResult {
  const { samples, eligible: count } = generate(lexicon, kind, seed, sizes);
  const total = emptyTally();
  const forms = new Map<string, Tally>();
  const facets = new Map<string, Tally>();
  const misses: { sample: Sample; reported: Match[] }[] = [];
  const plainMisses: Sample[] = [];
  for (const sample of samples) {
    const plain = judge(sample, sample.plain, engine.moderate(sample.plain.text, { ageBand: 'age_12_16' }).matches);
    const matches = engine.moderate(sample.disguised.text, { ageBand: 'age_12_16' }).matches;
    const disguised = kind === 'plain' ? plain : judge(sample, sample.disguised, matches);
    const tallies = [total, tallyOf(forms, sample.form)];
    if (sample.facet !== undefined) tallies.push(tallyOf(facets, sample.facet));
    for (const tally of tallies) {
      tally.samples++;
      if (plain.found) tally.plainFound++;
      if (disguised.found) tally.found++;
      if (disguised.covered) tally.covered++;
      if (disguised.caught) tally.caught++;
    }
    if (plain.found && !disguised.found) {
      const { start, end } = sample.disguised;
      misses.push({ sample, reported: matches.filter((m) => m.start < end && m.end > start) });
    }
    if (!plain.found) plainMisses.push(sample);
  }
  return { kind, eligible: count, total, forms, facets, misses, plainMisses };
}

/** Carriers that produce a match on their own would blur the suite: the run names them. */
export function noisyCarriers(engine: Engine): string[] {
  return [...CARRIERS, ...CONTACT_CARRIERS].filter((c) => engine.moderate(c.replace('{}', '')).matches.length > 0);
}
