import type { PoolRating, PoolReason, PoolReasonCode } from './pool-rating.js';
import {
  POOL_BANDS,
  POOL_KINDS,
  POOL_THEMES,
  guideThemesForBand,
  themesForBand,
  type PoolBand,
  type PoolKind,
  type PoolTheme,
} from './pool-themes.js';

/** What coverage reads of an item. */
export interface CoverageItem {
  readonly kind: PoolKind;
  readonly themes: readonly PoolTheme[];
  readonly durationSeconds: number | null;
  /** ms since the epoch. */
  readonly publishedAt: number;
  readonly ratings: Readonly<
    Record<PoolBand, { readonly rating: PoolRating; readonly reasons: readonly PoolReason[] }>
  >;
}

/** A guide theme with fewer suitable items than this in a band is thin; with none, missing. */
export const THIN_POOL_BELOW = 10;
const DAY = 86_400_000;

/** One theme's share of a band's pool. */
export interface ThemeCoverage {
  readonly theme: PoolTheme;
  /** The theme belongs in this band's pool (the table). */
  readonly inBand: boolean;
  /** The guide names the theme for this band: fewer than THIN_POOL_BELOW items is a gap. */
  readonly guide: boolean;
  readonly count: number;
  readonly hours: number;
  readonly byKind: Readonly<Record<PoolKind, number>>;
}

/** Why items were kept out of a band, counted per reason (an item may count under several). */
export interface RejectionCount {
  readonly code: PoolReasonCode;
  /** The category, theme or kind the reason names. */
  readonly subject: string | null;
  readonly count: number;
}

/** A band's pool, measured. */
export interface BandCoverage {
  readonly band: PoolBand;
  readonly suitable: number;
  readonly needsReview: number;
  readonly unsuitable: number;
  readonly hours: number;
  /** unsuitable ÷ all active items, 0–1. */
  readonly rejectedShare: number;
  readonly rejectedBy: readonly RejectionCount[];
  readonly themes: readonly ThemeCoverage[];
  readonly kinds: Readonly<Record<PoolKind, number>>;
  /** Guide themes with fewer than THIN_POOL_BELOW suitable items. */
  readonly gaps: readonly { readonly theme: PoolTheme; readonly count: number; readonly level: 'missing' | 'thin' }[];
  readonly freshness: {
    /** Median age in days of the suitable items; null without items. */
    readonly medianAgeDays: number | null;
    /** Suitable items published in the last 30 days. */
    readonly last30Days: number;
  };
}

/** The whole pool per band × theme × kind. */
export interface PoolCoverage {
  readonly items: number;
  readonly bands: readonly BandCoverage[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const emptyKinds = (): Record<PoolKind, number> =>
  Object.fromEntries(POOL_KINDS.map((k) => [k, 0])) as Record<PoolKind, number>;

/**
 * Measures the pool for the thin-pool problem: per band the suitable count, hours, kinds and themes, the share rejected and
 * why, how fresh it is, and which of the guide's themes for the band are missing or thin.
 *
 * @example
 * poolCoverage([], 0).bands[0]?.gaps; // [{ theme: 'songs_audio', count: 0, level: 'missing' }]
 */
export function poolCoverage(items: readonly CoverageItem[], now: number): PoolCoverage {
  const bands = POOL_BANDS.map((band): BandCoverage => {
    const allowed = new Set(themesForBand(band));
    const guide = new Set(guideThemesForBand(band));
    const themeStats = new Map<PoolTheme, { count: number; seconds: number; byKind: Record<PoolKind, number> }>(
      POOL_THEMES.map((t) => [t, { count: 0, seconds: 0, byKind: emptyKinds() }]),
    );
    const kinds = emptyKinds();
    const rejected = new Map<string, RejectionCount>();
    const ages: number[] = [];
    let suitable = 0;
    let needsReview = 0;
    let unsuitable = 0;
    let seconds = 0;
    let last30Days = 0;
    for (const item of items) {
      const rated = item.ratings[band];
      if (rated.rating === 'needs_review') needsReview++;
      if (rated.rating === 'unsuitable') {
        unsuitable++;
        for (const r of rated.reasons) {
          if (r.rating !== 'unsuitable') continue;
          const subject = r.category ?? r.theme ?? r.kind ?? null;
          const key = `${r.code}:${subject ?? ''}`;
          const old = rejected.get(key);
          rejected.set(key, { code: r.code, subject, count: (old?.count ?? 0) + 1 });
        }
      }
      if (rated.rating !== 'suitable') continue;
      suitable++;
      kinds[item.kind]++;
      seconds += item.durationSeconds ?? 0;
      const age = Math.max(0, now - item.publishedAt);
      ages.push(age);
      if (age <= 30 * DAY) last30Days++;
      for (const theme of item.themes) {
        const s = themeStats.get(theme)!;
        s.count++;
        s.seconds += item.durationSeconds ?? 0;
        s.byKind[item.kind]++;
      }
    }
    ages.sort((a, b) => a - b);
    const themes = POOL_THEMES.map((theme): ThemeCoverage => {
      const s = themeStats.get(theme)!;
      return {
        theme,
        inBand: allowed.has(theme),
        guide: guide.has(theme),
        count: s.count,
        hours: round1(s.seconds / 3600),
        byKind: s.byKind,
      };
    });
    return {
      band,
      suitable,
      needsReview,
      unsuitable,
      hours: round1(seconds / 3600),
      rejectedShare: items.length === 0 ? 0 : Math.round((unsuitable / items.length) * 1000) / 1000,
      rejectedBy: [...rejected.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      themes,
      kinds,
      gaps: themes
        .filter((t) => t.guide && t.count < THIN_POOL_BELOW)
        .map((t) => ({
          theme: t.theme,
          count: t.count,
          level: t.count === 0 ? ('missing' as const) : ('thin' as const),
        })),
      freshness: {
        medianAgeDays: ages.length === 0 ? null : round1(ages[Math.floor((ages.length - 1) / 2)]! / DAY),
        last30Days,
      },
    };
  });
  return { items: items.length, bands };
}
