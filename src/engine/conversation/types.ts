/** The three kinds of conversation risk. */
export const RISK_KINDS = ['grooming', 'fraud', 'bullying'] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

/** Risk levels, lowest first. `high` alerts guardians and opens a case; `critical` makes the case critical. */
export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** The stages of each kind, in the order a moderator reads them on a timeline. */
export const STAGES = {
  grooming: ['rapport', 'probing', 'isolation', 'secrecy', 'sexualisation', 'images', 'coercion', 'meeting'],
  fraud: ['lure', 'credentials', 'payment', 'parent_payment', 'authority', 'pressure'],
  bullying: ['insult', 'exclusion', 'doxxing', 'threat', 'humiliation'],
} as const;
export type Stage<K extends RiskKind = RiskKind> = (typeof STAGES)[K][number];

/** A stage of a kind, as `kind.stage`: the signal named in evidence. */
export type Signal = {
  [K in RiskKind]: `${K}.${(typeof STAGES)[K][number]}`;
}[RiskKind];

/** The roles a platform can vouch for; an unverified claim in a message is only a hint. */
export const PARTICIPANT_ROLES = ['guardian', 'relative', 'teacher', 'coach', 'doctor', 'support', 'peer'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** What the platform knows of a participant. Unknown is `null`, never a guess. */
export interface Participant {
  /** Age in years, or null when the platform does not know it. */
  readonly age: number | null;
  /** A role the platform has verified (a bound guardian, a school's teacher account, the platform's own support). */
  readonly role?: ParticipantRole | null;
  /** Refs of the minors this participant is the bound guardian of. */
  readonly guardianOf?: readonly string[];
  /**
   * Days since this participant first had contact with the others of the conversation (a friend of two years: 730; a
   * stranger who wrote first today: 0). Null or absent when unknown.
   */
  readonly knownForDays?: number | null;
  /**
   * What other conversations say of this sender (see `summarizeSender`): how many distinct minors it approached with
   * grooming stages lately, and whether any of those conversations reached `high`.
   */
  readonly history?: SenderHistory;
}

/** A sender's record across conversations, in the style of Roblox's Sentinel. */
export interface SenderHistory {
  readonly minorsApproached: number;
  readonly flaggedBefore: boolean;
}

/** One message as the risk layer reads it. */
export interface ConversationMessage {
  readonly from: string;
  readonly text: string;
  /** Seconds since an epoch the caller chooses (the conversation's start, or Unix time). */
  readonly t: number;
  /** Who it was sent to; absent: everyone else in the conversation. */
  readonly to?: readonly string[];
}

/** A span of one message that raised a stage. Offsets are UTF-16 into that message's text, end exclusive. */
export interface Evidence {
  readonly message: number;
  readonly start: number;
  readonly end: number;
  readonly signal: Signal;
  /** How strongly this span speaks for the stage, 0–1, after context. */
  readonly weight: number;
  readonly from: string;
  readonly t: number;
}

/** A stage reached by a sender towards a target (or, for bullying, against a target). */
export interface StageState {
  /** Strength at `at`, 0–1; it decays with the kind's half-life. */
  weight: number;
  at: number;
  /** Index of the message that first raised it. */
  firstMessage: number;
  /** Raised by a strong cue at least once: a request or threat no ordinary role makes. */
  strong: boolean;
  evidence: Evidence[];
}

/** The running state of one kind between a sender (or several, for bullying) and a target. */
export interface TrackState {
  kind: RiskKind;
  /** Grooming and fraud: the one sender. Bullying: every hostile sender. */
  senders: string[];
  target: string;
  stages: Partial<Record<string, StageState>>;
  /** Bullying: hostile messages (who, when, how strong) inside the window. */
  hostile: { from: string; t: number; weight: number }[];
  /** Play seen in the exchange (laughter from the target or the senders): it lowers a pile-on. */
  reciprocity: number;
  distress: number;
  level: RiskLevel;
  peakLevel: RiskLevel;
  /** Index of the message after which this track first reached its peak level. */
  peakAt: number | null;
}

/** The running state of a conversation: JSON-serialisable, so a store can keep it between messages. */
export interface ConversationState {
  version: 1;
  messageCount: number;
  participants: Record<string, Participant>;
  tracks: Record<string, TrackState>;
  /** The senders of the latest messages, oldest first: whom a "你" in a group answers. */
  recentSenders: string[];
  /**
   * By `sender>receiver`, 0–1: how far the sender speaks in an ordinary role towards the receiver (a class, a clinic, a
   * team; answered as 医生 or 妈): it lowers that sender's weak cues.
   */
  legitimacy: Record<string, number>;
  /** The participant last named in a message (@name), and when: whom "她/他" means. */
  focus: { ref: string; t: number } | null;
  /** Ages participants said of themselves (我10岁, 初一), used only where the platform does not know the age. */
  stated: Record<string, number>;
  /** When each sender last warned of a scam (its `t`): its next messages quote the scam, they do not make it. */
  warned: Record<string, number>;
  /** The highest level any track reached, and the message after which the alerting level was first reached. */
  peakLevel: RiskLevel;
  flaggedAt: number | null;
  lastT: number | null;
}

/** What a conversation's state says now. */
export interface ConversationRisk {
  /** The level now, after decay. */
  readonly level: RiskLevel;
  /** The highest level reached. */
  readonly peakLevel: RiskLevel;
  readonly flagged: boolean;
  readonly flaggedAt: number | null;
  /** Kinds at the reported level, gravest first. */
  readonly kinds: readonly RiskKind[];
  /** The participant most at risk, or null. */
  readonly target: string | null;
  readonly offenders: readonly string[];
  readonly tracks: readonly TrackRisk[];
  /** Every evidence span of the tracks at medium or above, by message then offset. */
  readonly evidence: readonly Evidence[];
}

/** One sender→target (or pile-on→target) track, for a moderator's timeline. */
export interface TrackRisk {
  readonly kind: RiskKind;
  readonly senders: readonly string[];
  readonly target: string;
  readonly level: RiskLevel;
  readonly peakLevel: RiskLevel;
  readonly peakAt: number | null;
  /** Stages reached, in the order they were first seen. */
  readonly stages: readonly {
    readonly stage: string;
    readonly weight: number;
    readonly firstMessage: number;
    readonly evidence: readonly Evidence[];
  }[];
}

/** Settings of the risk layer; the defaults are what the eval suite was tuned with. */
export interface ConversationOptions {
  /** The level that flags (alerts guardians, opens a case); default `high`. */
  readonly alertLevel?: RiskLevel;
}
