import {
  CATEGORY_TIERS,
  decideAction,
  strongerAction,
  type Action,
  type Category,
  type Verdict,
} from '../engine/index.js';
import {
  POOL_BANDS,
  POOL_KIND_RULES,
  POOL_THEME_RULES,
  type PoolBand,
  type PoolKind,
  type PoolTheme,
} from './pool-themes.js';
import type { Label } from './types.js';

/** A band's rating of an item. */
export const POOL_RATINGS = ['suitable', 'needs_review', 'unsuitable'] as const;
export type PoolRating = (typeof POOL_RATINGS)[number];

/** Why an item got its rating for a band. */
export const POOL_REASON_CODES = [
  'harmful',
  'may_affect',
  'conduct',
  'theme_older_band',
  'kind_rule',
  'reviewer',
] as const;
export type PoolReasonCode = (typeof POOL_REASON_CODES)[number];

/** A span of the rated text (title, a newline, then the text) that triggered a reason; UTF-16 offsets, end exclusive. */
export interface PoolSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The lexicon term that matched, or null for a span the model pointed at. */
  readonly term: string | null;
}

/** One reason of a rating. */
export interface PoolReason {
  readonly code: PoolReasonCode;
  readonly rating: PoolRating;
  readonly label: Label;
  readonly category?: Category;
  readonly theme?: PoolTheme;
  readonly kind?: PoolKind;
  readonly spans?: readonly PoolSpan[];
  /** The rule's source (theme and kind rules). */
  readonly source?: string;
  /** A reviewer's note. */
  readonly note?: string;
}

/** A reviewer's decision for one band; the newest for a band wins over every automatic reason. */
export interface PoolReview {
  readonly rating: PoolRating;
  readonly note: string;
}

/** What the rules see of an item. */
export interface PoolItemFacts {
  readonly kind: PoolKind;
  readonly themes: readonly PoolTheme[];
}

/** A band's rating with its reasons; `auto` is what the rules alone said (a reviewer may have overridden it). */
export interface BandRating {
  readonly band: PoolBand;
  readonly rating: PoolRating;
  readonly auto: PoolRating;
  readonly reasons: readonly PoolReason[];
}

const RATING_RANK: Record<PoolRating, number> = { suitable: 0, needs_review: 1, unsuitable: 2 };

/** The stricter of two ratings. */
export function worseRating(a: PoolRating, b: PoolRating): PoolRating {
  return RATING_RANK[a] >= RATING_RANK[b] ? a : b;
}

const TIER_LABEL = {
  harmful: { zh: '有害信息', en: 'Harmful content' },
  may_affect: { zh: '可能影响未成年人身心健康的信息', en: 'Content that may affect minors' },
  conduct: { zh: '不当行为', en: 'Harmful conduct' },
} as const;

function engineReasons(verdict: Verdict, band: PoolBand): PoolReason[] {
  const reasons: PoolReason[] = [];
  for (const category of verdict.categories) {
    const tier = CATEGORY_TIERS[category];
    const matches = verdict.matches.filter((m) => m.category === category);
    let action: Action = matches.length === 0 ? verdict.action : 'allow';
    for (const m of matches) action = strongerAction(action, decideAction(category, m.severity, band));
    // may_affect is never in a minor's pool, whatever its severity (DESIGN.md, 条例 Art 23); a harmful or conduct topic
    // word on its own (a news item on a gambling crackdown) is a label: a person decides.
    const rating: PoolRating =
      tier === 'may_affect' ? 'unsuitable' : action === 'block' ? 'unsuitable' : 'needs_review';
    const spans: PoolSpan[] = [
      ...matches.map((m) => ({ start: m.start, end: m.end, text: m.text, term: m.term })),
      ...(verdict.signals ?? [])
        .filter((s) => s.category === category)
        .map((s) => ({ start: s.start, end: s.end, text: s.text, term: null })),
    ];
    const seen = new Set<string>();
    const unique = spans.filter(
      (s) => !seen.has(`${s.start}:${s.end}`) && seen.add(`${s.start}:${s.end}`) !== undefined,
    );
    reasons.push({ code: tier, rating, label: TIER_LABEL[tier], category, spans: unique });
  }
  return reasons;
}

const bandRank = (band: PoolBand): number => POOL_BANDS.indexOf(band);

function ruleReasons(facts: PoolItemFacts, band: PoolBand): PoolReason[] {
  const reasons: PoolReason[] = [];
  for (const theme of facts.themes) {
    const rule = POOL_THEME_RULES[theme];
    if (bandRank(rule.fromBand) > bandRank(band)) {
      reasons.push({
        code: 'theme_older_band',
        rating: 'unsuitable',
        label: {
          zh: `“${rule.label.zh}”不在这个年龄段的内容范围内`,
          en: `“${rule.label.en}” is not among this band's themes.`,
        },
        theme,
        source: rule.source,
      });
    }
  }
  for (const rule of POOL_KIND_RULES) {
    if (rule.band === band && rule.kind === facts.kind) {
      reasons.push({ code: 'kind_rule', rating: rule.rating, label: rule.label, kind: rule.kind, source: rule.source });
    }
  }
  return reasons;
}

/**
 * Rates an item for one band: the engine's verdict on its text for that band, the `may_affect` tier (never in a minor's
 * pool), the theme and kind rules of the guide, and a reviewer's decision, which wins.
 *
 * @example
 * ratePoolBand({ kind: 'audio', themes: ['news'] }, 'age_3_8', verdict, undefined).rating; // 'unsuitable'
 */
export function ratePoolBand(
  facts: PoolItemFacts,
  band: PoolBand,
  verdict: Verdict,
  review: PoolReview | undefined,
): BandRating {
  const reasons = [...engineReasons(verdict, band), ...ruleReasons(facts, band)];
  const auto = reasons.reduce<PoolRating>((worst, r) => worseRating(worst, r.rating), 'suitable');
  if (review === undefined) return { band, rating: auto, auto, reasons };
  return { band, rating: review.rating, auto, reasons: [reviewerReason(review), ...reasons] };
}

/** The reason a reviewer's decision stands as, first among a band's reasons. */
export function reviewerReason(review: PoolReview): PoolReason {
  return {
    code: 'reviewer',
    rating: review.rating,
    label: { zh: '审核员的决定', en: "A reviewer's decision" },
    note: review.note,
  };
}

/** The youngest band an item is suitable for, or null when it suits none: the `minBand` of a content.view request. */
export function youngestSuitableBand(ratings: readonly BandRating[]): PoolBand | null {
  for (const band of POOL_BANDS) if (ratings.find((r) => r.band === band)?.rating === 'suitable') return band;
  return null;
}
