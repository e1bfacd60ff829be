import type { Action, AgeBand, Category, Severity, Surface } from './taxonomy.js';

/**
 * Every kind of disguise the engine can see through. A match's `via` lists the kinds it needed; a term's `variants` lists
 * the kinds it may be matched through.
 */
export const VARIANT_KINDS = [
  'width',
  'case',
  'invisible',
  'traditional',
  'confusable',
  'leet',
  'separator',
  'repeat',
  'pinyin',
  'homophone',
  'split',
  'lookalike',
  'emoji',
  'contact',
  'numerals',
  'acrostic',
] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

/** One entry of a compiled lexicon. */
export interface LexiconTerm {
  readonly term: string;
  readonly category: Category;
  readonly severity: Severity;
  /** Variant kinds this term may be matched through. */
  readonly variants: readonly VariantKind[];
  /** Kinds switched on explicitly (`+kind`): `+homophone` lets a short term match through homophones. */
  readonly flagged?: readonly VariantKind[];
  /** Latin edges match only at word boundaries (`sb` not in `usb`); written `word` in the lexicon. */
  readonly wholeWord?: boolean;
  /** One Latin edge only matches at a word boundary (`|ass`: not in bass, yet in asses); written `|term` or `term|`. */
  readonly wordEdge?: 'start' | 'end';
  /**
   * The term names a harm rather than doing it (高利贷, 赌场, 智障): news and discussion use it too. On its own it is a
   * label; a cue of its category in the same clause (加我, 你…) or a contact detail in the text gives it its severity back.
   * Written `topic` in the lexicon.
   */
  readonly topic?: boolean;
  /** Where it was defined, for messages: `file:line`. */
  readonly origin: string;
}

/** An exception: a span of text that is not a match for any term it overlaps (博物馆 is not 博…). */
export interface AllowTerm {
  readonly term: string;
  readonly origin: string;
}

/**
 * Protective or news wording (打击赌博, 心理援助热线): a match of one of `categories` in the same clause is not reported.
 * No categories means every category.
 */
export interface ContextTerm {
  readonly term: string;
  readonly categories: readonly Category[];
  readonly origin: string;
}

/**
 * Wording that turns a topic term into an act (加我, 出售, 你): a topic match of one of `categories` in the same clause keeps
 * its severity. No categories means every category.
 */
export interface CueTerm {
  readonly term: string;
  readonly categories: readonly Category[];
  /** The cue counts only when it stands before the term: wording that calls someone the term (是个, 这群 脑残). */
  readonly before?: boolean;
  readonly origin: string;
}

/** A parsed, merged lexicon: later sources override or disable earlier terms. */
export interface Lexicon {
  readonly terms: readonly LexiconTerm[];
  readonly allows: readonly AllowTerm[];
  readonly contexts: readonly ContextTerm[];
  readonly cues: readonly CueTerm[];
}

/** One lexicon text with the name used in messages (usually its file name). */
export interface LexiconSource {
  readonly name: string;
  readonly text: string;
}

/** A place in the original text that matched a term. Offsets are UTF-16, end exclusive. */
export interface Match {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly term: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly via: readonly VariantKind[];
}

/** A place in the text that raised a category's model score: why the model said what it said. */
export interface ModelSignal {
  readonly category: Category;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The share of the category's evidence this span carries, 0–1. */
  readonly weight: number;
}

/** The engine's answer for one text: plain JSON-serialisable data. */
export interface Verdict {
  readonly action: Action;
  readonly flagged: boolean;
  readonly categories: readonly Category[];
  readonly matches: readonly Match[];
  /** With a model: the calibrated probability (0–1) of every category it scores. */
  readonly scores?: Readonly<Partial<Record<Category, number>>>;
  /**
   * With a model: the spans behind every category scored at or above the band's label threshold, strongest first. A
   * signal's category is in `categories` when its score made a finding.
   */
  readonly signals?: readonly ModelSignal[];
  /**
   * With personal information found on a minor's age band: the text with those spans replaced by ＊ (same length, so
   * offsets still hold), for a platform to show instead of holding the post.
   */
  readonly masked?: string;
}

export interface ModerateOptions {
  /** Age band of the reader or author the action is decided for; default `age_12_16`. */
  readonly ageBand?: AgeBand;
  readonly surface?: Surface;
  /** Keep only the longest match at each start position. */
  readonly longest?: boolean;
  /**
   * Flag a model score from this probability on, when that is stricter than the band's default (MODEL_THRESHOLDS); a
   * looser value is ignored.
   */
  readonly modelThreshold?: number;
}
