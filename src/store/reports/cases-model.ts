import { CATEGORY_TIERS, isCategory, type Category, type Severity } from '../../engine/index.js';

/** What can be reported: every taxonomy category, plus `other` for what fits none. */
export const REPORT_CATEGORIES = [...(Object.keys(CATEGORY_TIERS) as Category[]), 'other'] as const;
export type ReportCategory = Category | 'other';

/** True when the string is a report category. */
export function isReportCategory(value: string): value is ReportCategory {
  return value === 'other' || isCategory(value);
}

/** Who files a report. */
export const REPORTER_ROLES = ['minor', 'guardian', 'other'] as const;
export type ReporterRole = (typeof REPORTER_ROLES)[number];

/** Where a report came in: a platform through the API, or anyone through the public form. */
export const REPORT_CHANNELS = ['api', 'public'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

/** What a report is about. */
export const SUBJECT_KINDS = ['content', 'user', 'conversation'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** Priorities, most urgent first; a case's `priority` column is the index into this list. */
export const PRIORITIES = ['critical', 'urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The categories that always come first: child sexual abuse material, grooming and self-harm. */
export const CRITICAL_CATEGORIES: readonly Category[] = ['csam', 'grooming', 'self_harm'];

/** Time to respond to a case, by priority, in milliseconds. */
export type SlaPolicy = Readonly<Record<Priority, number>>;

const HOUR = 3_600_000;

/**
 * The default SLA: the time from a report (or an appeal) to the first moderation action, by the case's priority. Each can be
 * changed with `SLA_<PRIORITY>_MINUTES`.
 */
export const DEFAULT_SLA: SlaPolicy = {
  critical: 1 * HOUR,
  urgent: 4 * HOUR,
  high: 24 * HOUR,
  normal: 72 * HOUR,
  low: 7 * 24 * HOUR,
};

/** The actions a moderator can take on a case. */
export const MODERATION_ACTIONS = [
  'takedown',
  'label',
  'restrict',
  'warn',
  'suspend',
  'escalate_to_authorities',
  'dismiss',
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** What a moderator's action says, as asked for and as recorded. */
export interface ActionDetails {
  readonly action: ModerationAction;
  readonly reason: string;
  /** Visible to reporters on the status page when given. */
  readonly reporterMessage?: string | undefined;
  /** For `restrict` and `suspend`: how long, in hours; absent means until reversed. */
  readonly durationHours?: number | undefined;
  /** For `label`: the label applied. */
  readonly label?: string | undefined;
}

/** Case statuses. The first three are open (in the queue); the rest are closed. */
export const CASE_STATUSES = [
  'open',
  'in_review',
  'appealed',
  'actioned',
  'escalated',
  'dismissed',
  'reversed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const OPEN_STATUSES: readonly CaseStatus[] = ['open', 'in_review', 'appealed'];

/** Moderation event types, as stored. */
export const CASE_EVENT_TYPES = [
  'report_added',
  'claimed',
  'assigned',
  'unassigned',
  'note',
  'action',
  'reversal',
  'appeal',
  'appeal_rejected',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** Who may read a note: moderators only, or the reporters too (on their status page). */
export const NOTE_VISIBILITIES = ['internal', 'reporter'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

/** One stored moderation event with its payload, by type. */
export type CaseEvent = {
  readonly id: number;
  readonly caseId: string;
  readonly actor: string;
  readonly createdAt: number;
} & CaseEventBody;

/** An event's type and payload. */
export type CaseEventBody =
  | {
      readonly type: 'report_added';
      readonly reportId: string;
      readonly category: ReportCategory;
      readonly priority: Priority;
      readonly minorInvolved: boolean;
      /** When a first response is due for this report. */
      readonly dueAt: number;
    }
  | { readonly type: 'claimed' }
  | { readonly type: 'assigned'; readonly assignee: string }
  | { readonly type: 'unassigned' }
  | { readonly type: 'note'; readonly text: string; readonly visibility: NoteVisibility }
  | ({ readonly type: 'action' } & ActionDetails)
  | { readonly type: 'reversal'; readonly actionEventId: number; readonly reason: string }
  | { readonly type: 'appeal'; readonly text: string; readonly dueAt: number }
  | { readonly type: 'appeal_rejected'; readonly reason: string };

/** Everything about a case that follows from its events. */
export interface CaseState {
  readonly status: CaseStatus;
  readonly priority: Priority;
  readonly category: ReportCategory;
  readonly minorInvolved: boolean;
  readonly assignee: string | null;
  readonly reportCount: number;
  readonly openedAt: number;
  readonly dueAt: number | null;
  readonly firstActionAt: number | null;
  readonly slaBreached: boolean;
  readonly closedAt: number | null;
  /** Action events in force (not reversed), oldest first. */
  readonly activeActions: readonly { readonly eventId: number; readonly action: ModerationAction }[];
  readonly updatedAt: number;
}

const ENFORCEMENT: ReadonlySet<ModerationAction> = new Set(MODERATION_ACTIONS.filter((a) => a !== 'dismiss'));

/** True for actions that act against the subject (everything but `dismiss`). */
export function isEnforcement(action: ModerationAction): boolean {
  return ENFORCEMENT.has(action);
}

/** True when the status is one of the queue's (open, in review, appealed). */
export function isOpenStatus(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * The priority of a report: `csam`, `grooming` and `self_harm` are critical; otherwise the tier sets a base (harmful: high,
 * conduct: normal, may_affect and other: low), and a minor involved or a high-severity engine match each raise it one step, up
 * to urgent. The engine's matches count as well as the reported category, so a report filed as `other` on grooming text is
 * still critical.
 */
export function triagePriority(input: {
  readonly category: ReportCategory;
  readonly minorInvolved: boolean;
  /** Categories and severities the engine found in the reported material (low-severity matches do not count). */
  readonly matches: readonly { readonly category: Category; readonly severity: Severity }[];
}): Priority {
  const rank = (category: ReportCategory, severity: Severity | undefined): number => {
    if (category !== 'other' && CRITICAL_CATEGORIES.includes(category)) return 0;
    const tier = category === 'other' ? 'other' : CATEGORY_TIERS[category];
    let r = tier === 'harmful' ? 2 : tier === 'conduct' ? 3 : 4;
    if (input.minorInvolved) r -= 1;
    if (severity === 'high') r -= 1;
    return Math.max(1, r);
  };
  const reported = input.matches.filter((m) => m.category === input.category).map((m) => m.severity);
  const severity: Severity | undefined = reported.includes('high')
    ? 'high'
    : reported.includes('medium')
      ? 'medium'
      : undefined;
  let best = rank(input.category, severity);
  for (const m of input.matches) {
    // A low signal counts only for grooming, self-harm and child abuse in a report that involves a minor: a child who
    // reports them in their own words rarely uses the words a high match needs.
    const counts = m.severity !== 'low' || (input.minorInvolved && CRITICAL_CATEGORIES.includes(m.category));
    if (counts) best = Math.min(best, rank(m.category, m.severity));
  }
  return PRIORITIES[best]!;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function closedStatus(active: CaseState['activeActions']): CaseStatus {
  if (active.some((a) => a.action === 'escalate_to_authorities')) return 'escalated';
  if (active.some((a) => isEnforcement(a.action))) return 'actioned';
  if (active.length > 0) return 'dismissed';
  return 'reversed';
}

/**
 * One step of the fold: the state after `event`, given the state before it (undefined for a case's first event, which is
 * always a report). Pure, so the stored state can be advanced one event at a time and checked against a full replay.
 */
export function foldCaseEvent(before: CaseState | undefined, e: CaseEvent): CaseState {
  if (before === undefined) {
    if (e.type !== 'report_added') throw new Error('a case starts with a report');
    return {
      status: 'open',
      priority: e.priority,
      category: e.category,
      minorInvolved: e.minorInvolved,
      assignee: null,
      reportCount: 1,
      openedAt: e.createdAt,
      dueAt: e.dueAt,
      firstActionAt: null,
      slaBreached: false,
      closedAt: null,
      activeActions: [],
      updatedAt: e.createdAt,
    };
  }
  const s: Mutable<CaseState> = { ...before, updatedAt: e.createdAt };
  // A response (an action, a reversal, an appeal's rejection) meets the pending due time, or breaches it for good.
  const respond = (): void => {
    if (s.dueAt !== null && e.createdAt > s.dueAt) s.slaBreached = true;
    s.dueAt = null;
  };
  const close = (): void => {
    s.status = closedStatus(s.activeActions);
    s.closedAt = e.createdAt;
  };
  switch (e.type) {
    case 'report_added':
      s.reportCount += 1;
      if (PRIORITIES.indexOf(e.priority) < PRIORITIES.indexOf(s.priority)) {
        s.priority = e.priority;
        s.category = e.category;
      }
      s.minorInvolved ||= e.minorInvolved;
      s.dueAt = s.dueAt === null ? e.dueAt : Math.min(s.dueAt, e.dueAt);
      break;
    case 'claimed':
    case 'assigned':
      s.assignee = e.type === 'claimed' ? e.actor : e.assignee;
      if (s.status === 'open') s.status = 'in_review';
      break;
    case 'unassigned':
      s.assignee = null;
      if (s.status === 'in_review') s.status = 'open';
      break;
    case 'note':
      break;
    case 'action':
      s.firstActionAt ??= e.createdAt;
      respond();
      // A dismissal replaces nothing; an enforcement action after a dismissal supersedes it.
      s.activeActions = [
        ...(e.action === 'dismiss' ? s.activeActions : s.activeActions.filter((a) => a.action !== 'dismiss')),
        { eventId: e.id, action: e.action },
      ];
      close();
      break;
    case 'reversal':
      respond();
      s.activeActions = s.activeActions.filter((a) => a.eventId !== e.actionEventId);
      close();
      break;
    case 'appeal':
      s.status = 'appealed';
      s.closedAt = null;
      s.dueAt = e.dueAt;
      break;
    case 'appeal_rejected':
      respond();
      close();
      break;
  }
  return s;
}

/**
 * The case's state folded from all its events, oldest first: the one definition of status, assignee, priority, SLA due time
 * and breach. The stored state on `cases` is the same fold advanced one event at a time.
 */
export function deriveCaseState(events: readonly CaseEvent[]): CaseState {
  if (events.length === 0) throw new Error('a case starts with a report');
  let state: CaseState | undefined;
  for (const e of events) state = foldCaseEvent(state, e);
  return state!;
}

/** True when the case missed its SLA: a response came late, or one is pending past its due time at `now`. */
export function isSlaBreached(state: Pick<CaseState, 'slaBreached' | 'dueAt'>, now: number): boolean {
  return state.slaBreached || (state.dueAt !== null && now > state.dueAt);
}
