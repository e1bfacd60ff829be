import type { AgeBand, Feature, GuardianSettings, RuleId } from '../../policy/index.js';
import type { SettingsDefaults } from './settings-form.js';

/** A bound minor as the list of children shows it. */
export interface MinorCard {
  readonly minorId: string;
  readonly displayName: string;
  readonly band: AgeBand;
  /** The signed-in guardian's role for this minor. */
  readonly role: 'primary' | 'secondary';
  readonly youthMode: boolean;
  readonly locked: boolean;
  readonly usedSecondsToday: number;
  /** Today's limit (the weekday's own when the schedule sets one) with any extra time granted; null out of youth mode. */
  readonly limitSecondsToday: number | null;
  /** What enforcement allows from now on, as `decide` answers a heartbeat; 0 while stopped; null out of youth mode. */
  readonly remainingSecondsToday: number | null;
  /** Why use is stopped now (the lock, curfew, outside the day's hours, the day's time used up), or null. */
  readonly stoppedBy: RuleId | null;
  readonly pendingRequests: number;
}

/** One guardian of a minor. */
export interface GuardianOfMinor {
  readonly guardianId: string;
  readonly displayName: string;
  readonly role: 'primary' | 'secondary';
}

/** A minor's page: the card plus the guardians. */
export interface MinorDetail extends MinorCard {
  readonly guardians: readonly GuardianOfMinor[];
}

export type RequestKindView = 'more_time' | 'purchase' | 'feature' | 'app' | 'mode_exit';
export type RequestStatusView = 'pending' | 'approved' | 'denied' | 'expired';

/** A minor's request, asked and perhaps answered. */
export interface RequestView {
  readonly id: string;
  readonly kind: RequestKindView;
  readonly minutes?: number;
  readonly amountFen?: number;
  readonly feature?: Feature;
  readonly appId?: string;
  readonly note?: string;
  readonly status: RequestStatusView;
  readonly createdAt: number;
  readonly answeredAt?: number;
  readonly answeredBy?: string;
}

/** The settings page's data. */
export interface SettingsView {
  readonly band: AgeBand;
  readonly settings: GuardianSettings;
  readonly defaults: SettingsDefaults;
}

/** A week of a minor's activity, Monday to Sunday in Asia/Shanghai. */
export interface WeeklyReportView {
  readonly days: readonly { readonly day: string; readonly seconds: number }[];
  readonly blocked: readonly { readonly category: string; readonly count: number }[];
  readonly requests: readonly RequestView[];
}

/** A risk alert for a bound minor. */
export interface AlertView {
  readonly id: string;
  readonly minorId: string;
  readonly minorName: string;
  readonly categories: readonly string[];
  readonly createdAt: number;
  readonly readAt: number | null;
}

/** An alert opened: what the moderation log kept of the message that raised it. */
export interface AlertDetailView extends AlertView {
  readonly tenantId: string;
  /** The message, when the platform keeps text; null otherwise. */
  readonly text: string | null;
  /** Who sent it, as the platform names the account; null when it did not say. */
  readonly senderRef: string | null;
}

/** One settings change: who, when, which setting, old → new (JSON as stored; null: the product default). */
export interface AuditView {
  readonly at: number;
  readonly actor: string;
  readonly field: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

/** One purchase of a child, as the platform reported it and the policy answered, with any refund request. */
export interface PurchaseView {
  readonly id: string;
  readonly amountFen: number;
  readonly kind: 'game_topup' | 'other';
  readonly description: string | null;
  readonly status: 'completed' | 'denied' | 'pending_approval';
  readonly createdAt: number;
  /** When a refund was asked for; null when none was. */
  readonly refundRequestedAt: number | null;
}
