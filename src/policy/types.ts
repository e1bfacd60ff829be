import type { AgeBand, Category, Label, Tier } from '../engine/index.js';

export type { AgeBand, Label } from '../engine/index.js';
import type { InteractionSettings } from './interactions.js';

/** The bands of a minor: every age band but `adult`. */
export type MinorBand = Exclude<AgeBand, 'adult'>;

/**
 * Who set a value of the effective policy: the law, the guides' product default, the tenant, a guardian, or the minor
 * (only ever stricter: the interaction controls a minor closes, someone a minor blocked).
 */
export type SettingLayer = 'law' | 'default' | 'tenant' | 'guardian' | 'minor';

/** The rules of youth mode; each has a stable id, a source and a short explanation (see `RULES`). */
export const RULE_IDS = [
  'youth_mode_off',
  'guardian_lock',
  'exemption',
  'daily_total',
  'weekday_schedule',
  'rest_reminder',
  'curfew',
  'game_hours',
  'game_topup',
  'purchase_approval',
  'live_tipping',
  'live_hosting',
  'stranger_messages',
  'external_link',
  'content_harmful',
  'content_may_affect',
  'content_conduct',
  'content_age_band',
  'mode_exit',
  'interaction_audience',
  'interaction_block',
] as const;
/** A rule id of `RULE_IDS`. */
export type RuleId = (typeof RULE_IDS)[number];

/** The gated features a platform asks about with `feature.use`. */
export const FEATURES = ['tipping', 'hosting', 'stranger_dm', 'game_play', 'external_link'] as const;
/** A gated feature of `FEATURES`. */
export type Feature = (typeof FEATURES)[number];

/** How a feature is set: allowed, refused, or allowed once a guardian says yes. Ordered loosest first. */
export const FEATURE_SETTINGS = ['allow', 'needs_guardian', 'deny'] as const;
/** A feature setting of `FEATURE_SETTINGS`. */
export type FeatureSetting = (typeof FEATURE_SETTINGS)[number];

/** Days of the week as keys of a schedule, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A day of the week, `mon` … `sun`. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Kinds of exemption the CAC guide lists: calls, essential functions, registered education services, guardian-chosen apps. */
export const EXEMPTION_KINDS = ['call', 'essential', 'education', 'guardian_app'] as const;
/** A kind of exemption of `EXEMPTION_KINDS`. */
export type ExemptionKind = (typeof EXEMPTION_KINDS)[number];

/** What an app says it is when it sends a heartbeat; `game` puts the online-games window on it. */
export const APP_KINDS = ['general', 'game', 'call', 'essential', 'education'] as const;
/** A kind of app of `APP_KINDS`. */
export type AppKind = (typeof APP_KINDS)[number];

/** Kinds of purchase: a game top-up (capped by the NPPA notice) or anything else. */
export const PURCHASE_KINDS = ['game_topup', 'other'] as const;
/** A kind of purchase of `PURCHASE_KINDS`. */
export type PurchaseKind = (typeof PURCHASE_KINDS)[number];

/** A time of day in Asia/Shanghai, `HH:MM` (00:00–24:00). */
export type ClockTime = string;

/** A span of the day in Asia/Shanghai, start inclusive, end exclusive; `end` may be `24:00`. */
export interface TimeWindow {
  readonly start: ClockTime;
  readonly end: ClockTime;
}

/** The curfew: no use from `start` to `end` the next morning (Asia/Shanghai). */
export interface Curfew {
  readonly start: ClockTime;
  readonly end: ClockTime;
}

/** One weekday's schedule set by a guardian: its own daily total and/or the windows in which use is allowed. */
export interface DaySchedule {
  readonly dailyLimitMinutes?: number;
  readonly windows?: readonly TimeWindow[];
}

/** An app exempt from time limits (not from the games window): a registered education service or a guardian's choice. */
export interface ExemptApp {
  readonly appId: string;
  readonly kind: 'education' | 'guardian_app';
}

/**
 * What a tenant may set. Every value may only be stricter than the law and the guides' defaults; a looser one is refused
 * with `policy_looser_than_law`. Daily totals are given per band.
 */
export interface TenantPolicy {
  readonly dailyLimitMinutes?: Partial<Record<MinorBand, number>>;
  readonly restReminderMinutes?: number;
  readonly curfew?: Curfew;
  readonly topupPerPaymentFen?: Partial<Record<MinorBand, number>>;
  readonly topupPerMonthFen?: Partial<Record<MinorBand, number>>;
  readonly features?: Partial<Record<Feature, FeatureSetting>>;
  /** App ids of education services the tenant has registered; they are exempt from time limits. */
  readonly educationApps?: readonly string[];
}

/**
 * What a guardian may set, within legal bounds (see `GUARDIAN_BOUNDS`); a value past a bound is refused with
 * `guardian_setting_out_of_bounds`.
 */
export interface GuardianSettings {
  readonly dailyLimitMinutes?: number;
  readonly schedule?: Partial<Record<Weekday, DaySchedule>>;
  readonly restReminderMinutes?: number;
  /** The curfew may be made longer (earlier start, later end), never shorter than 22:00–06:00. */
  readonly curfew?: Curfew;
  readonly features?: Partial<Record<Feature, FeatureSetting>>;
  /** The oldest band whose content the minor may see; at most the minor's own band. */
  readonly contentBand?: AgeBand;
  readonly topupPerPaymentFen?: number;
  readonly topupPerMonthFen?: number;
  /** Purchases above this amount (fen) need the guardian's approval; null: no extra approval. */
  readonly purchaseApprovalOverFen?: number | null;
  /** Apps the guardian exempts from time limits (not from the games window, tipping or hosting rules). */
  readonly exemptApps?: readonly string[];
  /** Who may see the minor's posts, comment on them and repost them (条例 Art 26); the minor may close more. */
  readonly interactions?: InteractionSettings;
}

/** A value of the effective policy with the rule it serves and the layer that set it. */
export interface Sourced<T> {
  readonly value: T;
  readonly rule: RuleId;
  readonly layer: SettingLayer;
}

/** The policy that applies to one minor: law, tenant policy and guardian settings composed, each value with its layer. */
export interface EffectivePolicy {
  readonly band: AgeBand;
  readonly dailyLimitSeconds: Sourced<number>;
  readonly schedule: Sourced<Partial<Record<Weekday, DaySchedule>>>;
  readonly restReminderSeconds: Sourced<number>;
  readonly curfew: Sourced<Curfew>;
  readonly gameWindow: Sourced<TimeWindow>;
  readonly features: Readonly<Record<Feature, Sourced<FeatureSetting>>>;
  readonly contentBand: Sourced<AgeBand>;
  /** null: no game top-ups at all. */
  readonly topupPerPaymentFen: Sourced<number | null>;
  readonly topupPerMonthFen: Sourced<number | null>;
  readonly purchaseApprovalOverFen: Sourced<number | null>;
  readonly exemptApps: Sourced<readonly ExemptApp[]>;
  readonly exitNeedsGuardian: Sourced<boolean>;
}

/**
 * What the store knows about a minor at the time of a decision. Usage counts belong to `dayKey` and spending to
 * `monthKey`: when `now` falls on another day or month they count as zero (midnight rollover).
 */
export interface YouthState {
  readonly band: AgeBand;
  readonly youthMode: boolean;
  /** A guardian locked the device now. */
  readonly locked: boolean;
  /** The Asia/Shanghai day (`YYYY-MM-DD`) the usage counts below belong to. */
  readonly dayKey: string;
  /** Seconds used on that day, summed over all the minor's devices. */
  readonly usedSecondsToday: number;
  /** Seconds of use since the last break. */
  readonly continuousSeconds: number;
  /** When the last heartbeat was counted (ISO time), or null. */
  readonly lastActiveAt?: string | null;
  /** Extra seconds a guardian granted on that day. */
  readonly extraSecondsToday: number;
  /** The Asia/Shanghai month (`YYYY-MM`) `spentThisMonthFen` belongs to. */
  readonly monthKey: string;
  /** Game top-ups this month, in fen. */
  readonly spentThisMonthFen: number;
  /** Features a guardian has consented to (e.g. `hosting` for 16–18). */
  readonly guardianConsents: readonly Feature[];
}

/** How a piece of content is rated: categories of the taxonomy and/or its tier, and/or the youngest band it suits. */
export interface ContentRating {
  readonly categories?: readonly Category[];
  readonly tier?: Tier;
  readonly minBand?: AgeBand;
}

/** A question to the policy. */
export type PolicyRequest =
  | { readonly kind: 'session.heartbeat'; readonly appId?: string; readonly appKind?: AppKind }
  | { readonly kind: 'content.view'; readonly rating: ContentRating }
  | { readonly kind: 'feature.use'; readonly feature: Feature; readonly appId?: string }
  | {
      readonly kind: 'purchase';
      readonly amountFen: number;
      readonly purchaseKind: PurchaseKind;
      /** A guardian approved this purchase; it lifts the approval threshold, never a legal cap. */
      readonly guardianApproved?: boolean;
    }
  | { readonly kind: 'mode.exit'; readonly guardianVerified?: boolean };

/** The kind of a policy request. */
export type RequestKind = PolicyRequest['kind'];

/** The outcomes of a decision. */
export const OUTCOMES = ['allow', 'deny', 'needs_guardian'] as const;
/** An outcome of `OUTCOMES`. */
export type Outcome = (typeof OUTCOMES)[number];

/** The policy's answer: the outcome, the rule that decided it, its source, the layer that set the value, and why. */
export interface Decision {
  readonly outcome: Outcome;
  readonly rule: RuleId;
  /** The law or guide the rule comes from. */
  readonly source: string;
  readonly layer: SettingLayer;
  readonly reason: Label;
  /** Seconds of use left before a limit (daily total, curfew, schedule window or games window) stops it. */
  readonly remainingSeconds?: number;
  /** When the next rest reminder is due (ISO time). */
  readonly nextReminderAt?: string;
  /** A rest reminder is due now: show it, then carry on. */
  readonly restReminderDue?: boolean;
  /** When a denied request may be allowed again, where that is known (ISO time). */
  readonly retryAt?: string;
}

/** A heartbeat as received: when the device says it happened and how many seconds of use it covers. */
export interface HeartbeatEvent {
  readonly at: Date;
  readonly seconds: number;
  /**
   * When the same device's previous heartbeat was counted, if it sent one: the evidence for a claim longer than
   * `maxSecondsPerHeartbeat` (a device that was busy or offline reports the whole time since).
   */
  readonly previousAt?: Date | null | undefined;
}

/** The usage counters for one Asia/Shanghai day. */
export interface UsageCounters {
  readonly dayKey: string;
  readonly usedSeconds: number;
  readonly continuousSeconds: number;
  readonly lastActiveAt: string | null;
}

/** A value in a heartbeat that was not trusted and what was used instead. */
export interface Clamp {
  readonly field: 'at' | 'seconds';
  readonly reason: 'future' | 'far_past' | 'too_long' | 'negative';
  readonly received: string | number;
  readonly used: string | number;
}

/** The result of counting one heartbeat. */
export interface HeartbeatAccount {
  readonly usage: UsageCounters;
  /** Seconds added to the day's total. */
  readonly creditedSeconds: number;
  /** The time the heartbeat was counted at (ISO), after clamping. */
  readonly countedAt: string;
  /** A break was seen before this heartbeat, so continuous use started again. */
  readonly breakTaken: boolean;
  readonly clamps: readonly Clamp[];
}
