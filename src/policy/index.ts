// Youth mode: age bands, the law's floors and the guides' defaults, tenant and guardian layers, and `decide`.
// Pure and synchronous: time is always a parameter.
export {
  APP_KINDS,
  EXEMPTION_KINDS,
  FEATURES,
  FEATURE_SETTINGS,
  OUTCOMES,
  PURCHASE_KINDS,
  RULE_IDS,
  WEEKDAYS,
} from './types.js';
export type {
  AgeBand,
  AppKind,
  Clamp,
  ClockTime,
  ContentRating,
  Curfew,
  DaySchedule,
  Decision,
  EffectivePolicy,
  ExemptApp,
  ExemptionKind,
  Feature,
  FeatureSetting,
  GuardianSettings,
  HeartbeatAccount,
  HeartbeatEvent,
  Label,
  MinorBand,
  Outcome,
  PolicyRequest,
  PurchaseKind,
  RequestKind,
  RuleId,
  SettingLayer,
  Sourced,
  TenantPolicy,
  TimeWindow,
  UsageCounters,
  Weekday,
  YouthState,
} from './types.js';
export {
  BAND_ORDER,
  BREAK_SECONDS,
  DEFAULT_DAILY_MINUTES,
  DEFAULT_REST_REMINDER_MINUTES,
  GUARDIAN_BOUNDS,
  LAW_CURFEW,
  LAW_GAME_WINDOW,
  LAW_TOPUP_CAPS,
  RULES,
  TIME_ZONE,
  bandRank,
} from './rules.js';
export type { Rule } from './rules.js';
export { addDays, dayKeyOf, instantOf, isClockTime, localTimeOf, monthKeyOf, weekdayOf } from './time.js';
export type { LocalTime } from './time.js';
export { calendarCoversYear, dayKindOf, isGameDay } from './calendar.js';
export type { DayKind } from './calendar.js';
export { ageOn, bandOf, bandOfAge, nextBandChangeAt } from './age.js';
export {
  composePolicy,
  defaultPolicy,
  ruleOfFeature,
  validateGuardianSettings,
  validateTenantPolicy,
} from './compose.js';
export { currentUsage, decide, extraTimeHeadroomSeconds, isExemptUse } from './decide.js';
export {
  AUDIENCES,
  INTERACTIONS,
  INTERACTION_CONTROLS,
  MINOR_INTERACTION_DEFAULTS,
  RELATIONS,
  composeInteractions,
  decideInteraction,
  isAudience,
  validateInteractionSettings,
} from './interactions.js';
export type {
  Audience,
  EffectiveInteractions,
  Interaction,
  InteractionControl,
  InteractionSettings,
  Relation,
} from './interactions.js';
export { DEFAULT_HEARTBEAT_LIMITS, accountHeartbeat, clampHeartbeat, emptyUsage } from './usage.js';
export type { HeartbeatLimits } from './usage.js';
// The youth content pool (内容池): theme and kind rules per band, with their sources, and the rating of an item per band.
export {
  POOL_BANDS,
  POOL_KINDS,
  POOL_KIND_RULES,
  POOL_RULES_VERSION,
  POOL_THEMES,
  POOL_THEME_RULES,
  guideThemesForBand,
  isPoolBand,
  isPoolTheme,
  themesForBand,
} from './pool-themes.js';
export type { PoolBand, PoolKind, PoolKindRule, PoolTheme, PoolThemeRule } from './pool-themes.js';
export {
  POOL_RATINGS,
  POOL_REASON_CODES,
  ratePoolBand,
  reviewerReason,
  worseRating,
  youngestSuitableBand,
} from './pool-rating.js';
export type {
  BandRating,
  PoolItemFacts,
  PoolRating,
  PoolReason,
  PoolReasonCode,
  PoolReview,
  PoolSpan,
} from './pool-rating.js';
export { THIN_POOL_BELOW, poolCoverage } from './pool-coverage.js';
export type { BandCoverage, CoverageItem, PoolCoverage, RejectionCount, ThemeCoverage } from './pool-coverage.js';
