import type { AgeBand, Label, MinorBand } from './types.js';

/** The themes of the youth content pool (内容池): a platform tags each item with one or more. */
export const POOL_THEMES = [
  'songs_audio',
  'early_learning',
  'interests',
  'general_knowledge',
  'science',
  'life_skills',
  'positive_entertainment',
  'news',
  'culture_history',
  'career',
] as const;
export type PoolTheme = (typeof POOL_THEMES)[number];

/** The kinds of item a platform registers. */
export const POOL_KINDS = ['video', 'audio', 'article', 'app', 'live'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];

/** The bands the pool rates every item for: the minors' bands, youngest first. */
export const POOL_BANDS = [
  'under_3',
  'age_3_8',
  'age_8_12',
  'age_12_16',
  'age_16_18',
] as const satisfies readonly MinorBand[];
export type PoolBand = (typeof POOL_BANDS)[number];

/** True when the string is a pool theme. */
export function isPoolTheme(value: string): value is PoolTheme {
  return (POOL_THEMES as readonly string[]).includes(value);
}

/** True when the string is a pool band. */
export function isPoolBand(value: string): value is PoolBand {
  return (POOL_BANDS as readonly string[]).includes(value);
}

const CAC_GUIDE_POOL = 'CAC 《移动互联网未成年人模式建设指南》 (2024-11), 内容推荐 by age band';
const SHANGHAI_GUIDE = '上海《网络平台青少年模式设置指南(3.0版)》, 内容池';

/**
 * One theme's row of the table: the bands it belongs in, whether the guide names it for each of those bands (`guide`: a gap
 * in it is a gap against the guide) and the source of the row.
 */
export interface PoolThemeRule {
  readonly theme: PoolTheme;
  readonly label: Label;
  /** The youngest band the theme suits; every older minors' band takes it too (a band's pool includes the younger ones'). */
  readonly fromBand: PoolBand;
  /** The bands for which the guide names this theme: coverage reports a band with none of it as a gap. */
  readonly guideBands: readonly PoolBand[];
  readonly source: string;
}

/**
 * The theme rules per band. The CAC guide recommends: under 3, mainly songs and audio (with a guardian); 3–8, early learning,
 * interests and general knowledge; 8–16 adds science, life skills, positive entertainment and age-appropriate news; 16–18,
 * broader content. The guide gives no closed list for 16–18: `culture_history` and `career` are the project's reading of
 * "broader", marked so in their source. An item tagged with a theme from an older band is unsuitable for the younger ones.
 */
export const POOL_THEME_RULES: Readonly<Record<PoolTheme, PoolThemeRule>> = {
  songs_audio: {
    theme: 'songs_audio',
    label: { zh: '儿歌与音频', en: 'Songs and audio' },
    fromBand: 'under_3',
    guideBands: ['under_3', 'age_3_8'],
    source: `${CAC_GUIDE_POOL}: 不满3周岁 mainly 儿歌、音频 (songs, audio), with a guardian`,
  },
  early_learning: {
    theme: 'early_learning',
    label: { zh: '启蒙教育', en: 'Early learning' },
    fromBand: 'age_3_8',
    guideBands: ['age_3_8'],
    source: `${CAC_GUIDE_POOL}: 3至8周岁 启蒙教育 (early learning)`,
  },
  interests: {
    theme: 'interests',
    label: { zh: '兴趣培养', en: 'Interests' },
    fromBand: 'age_3_8',
    guideBands: ['age_3_8', 'age_8_12', 'age_12_16'],
    source: `${CAC_GUIDE_POOL}: 3至8周岁 兴趣培养 (interests), kept for 8–16`,
  },
  general_knowledge: {
    theme: 'general_knowledge',
    label: { zh: '通识教育', en: 'General knowledge' },
    fromBand: 'age_3_8',
    guideBands: ['age_3_8', 'age_8_12', 'age_12_16'],
    source: `${CAC_GUIDE_POOL}: 3至8周岁 通识教育 (general knowledge), kept for 8–16`,
  },
  science: {
    theme: 'science',
    label: { zh: '科普知识', en: 'Science' },
    fromBand: 'age_8_12',
    guideBands: ['age_8_12', 'age_12_16'],
    source: `${CAC_GUIDE_POOL}: 8至16周岁 adds 科普知识 (popular science)`,
  },
  life_skills: {
    theme: 'life_skills',
    label: { zh: '生活技能', en: 'Life skills' },
    fromBand: 'age_8_12',
    guideBands: ['age_8_12', 'age_12_16'],
    source: `${CAC_GUIDE_POOL}: 8至16周岁 adds 生活技能 (life skills)`,
  },
  positive_entertainment: {
    theme: 'positive_entertainment',
    label: { zh: '正向娱乐', en: 'Positive entertainment' },
    fromBand: 'age_8_12',
    guideBands: ['age_8_12', 'age_12_16'],
    source: `${CAC_GUIDE_POOL}: 8至16周岁 adds 积极向上的娱乐 (positive entertainment)`,
  },
  news: {
    theme: 'news',
    label: { zh: '适龄新闻', en: 'Age-appropriate news' },
    fromBand: 'age_8_12',
    guideBands: ['age_8_12', 'age_12_16', 'age_16_18'],
    source: `${CAC_GUIDE_POOL}: 8至16周岁 adds 适龄新闻 (age-appropriate news)`,
  },
  culture_history: {
    theme: 'culture_history',
    label: { zh: '文化与历史', en: 'Culture and history' },
    fromBand: 'age_16_18',
    guideBands: ['age_16_18'],
    source: `${CAC_GUIDE_POOL}: 16至18周岁 broader content; this theme is qinglang's reading of "broader" (${SHANGHAI_GUIDE}: richer pools)`,
  },
  career: {
    theme: 'career',
    label: { zh: '生涯与职业', en: 'Careers' },
    fromBand: 'age_16_18',
    guideBands: ['age_16_18'],
    source: `${CAC_GUIDE_POOL}: 16至18周岁 broader content; this theme is qinglang's reading of "broader" (${SHANGHAI_GUIDE}: richer pools)`,
  },
};

/** What the kind of an item means for a band, where the guide says something about it. */
export interface PoolKindRule {
  readonly band: PoolBand;
  readonly kind: PoolKind;
  readonly rating: 'needs_review' | 'unsuitable';
  readonly label: Label;
  readonly source: string;
}

/**
 * Kind rules: under 3 the guide recommends mainly audio, so video needs a person's look and the rest is not for under 3.
 * A kind without a row here is rated on its text and themes alone.
 */
export const POOL_KIND_RULES: readonly PoolKindRule[] = [
  {
    band: 'under_3',
    kind: 'video',
    rating: 'needs_review',
    label: { zh: '3岁以下以音频为主，视频需人工审核', en: 'Under 3 is mainly audio: a video needs a review.' },
    source: `${CAC_GUIDE_POOL}: 不满3周岁 mainly 音频 (audio)`,
  },
  ...(['article', 'app', 'live'] as const).map((kind): PoolKindRule => ({
    band: 'under_3',
    kind,
    rating: 'unsuitable',
    label: { zh: '3岁以下以儿歌音频为主', en: 'Under 3 is mainly songs and audio.' },
    source: `${CAC_GUIDE_POOL}: 不满3周岁 mainly 儿歌、音频 (songs, audio)`,
  })),
];

const rank = (band: AgeBand): number => (POOL_BANDS as readonly AgeBand[]).indexOf(band);

/** The themes a band's pool may hold, in table order. */
export function themesForBand(band: PoolBand): readonly PoolTheme[] {
  return POOL_THEMES.filter((t) => rank(POOL_THEME_RULES[t].fromBand) <= rank(band));
}

/** The themes the guide names for a band: a band whose pool has none of one is a gap. */
export function guideThemesForBand(band: PoolBand): readonly PoolTheme[] {
  return POOL_THEMES.filter((t) => POOL_THEME_RULES[t].guideBands.includes(band));
}

/**
 * The version of the rules: a stored rating made under another version is re-derived. Raise it with any change to the
 * tables above or to `ratePoolItem`.
 */
export const POOL_RULES_VERSION = 1;
