import type { Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import {
  CASE_STATUSES,
  OPEN_STATUSES,
  PRIORITIES,
  foldCaseEvent,
  isEnforcement,
  isOpenStatus,
  isSlaBreached,
  type ActionDetails,
  type CaseEvent,
  type CaseEventBody,
  type CaseState,
  type CaseStatus,
  type NoteVisibility,
  type Priority,
  type ReportCategory,
  type SlaPolicy,
  type SubjectKind,
} from './cases-model.js';
import { appendEvidence, listCaseEvidence, withEvidenceLock, type EvidenceRecord } from './evidence.js';
import { reporterStatusOf, toReport, type Report } from './reports.js';
import { enqueueWebhookEvent } from '../webhooks/webhooks.js';
import { listAccessLog, logAccess } from '../privacy/index.js';
import type { CaseEventRow, CaseRow, Database } from '../schema.js';

/** A case as the queue and the case page show it. */
export interface CaseSummary {
  readonly id: string;
  readonly tenantId: string;
  readonly subjectKind: SubjectKind;
  /** `content:<ref>`, `user:<ref>`, `conversation:<ref>` or `report:<id>`. */
  readonly subjectKey: string;
  readonly status: CaseStatus;
  readonly priority: Priority;
  readonly category: ReportCategory;
  readonly minorInvolved: boolean;
  readonly assignee: string | null;
  readonly reportCount: number;
  readonly openedAt: number;
  /** When the pending response is due; null when none is pending. */
  readonly dueAt: number | null;
  readonly firstActionAt: number | null;
  /** Late at the time asked (`now`): a response came late, or one is pending past due. */
  readonly slaBreached: boolean;
  readonly closedAt: number | null;
  readonly updatedAt: number;
}

/** Everything about one case. */
export interface CaseDetail {
  readonly case: CaseSummary;
  readonly reports: readonly Report[];
  /** The full history, oldest first. */
  readonly events: readonly CaseEvent[];
  readonly evidence: readonly EvidenceRecord[];
  /** Action events in force (not reversed). */
  readonly activeActions: CaseState['activeActions'];
}

/** What a moderator (or, for `appeal`, the platform on the subject's behalf) does to a case. */
export type CaseEventInput =
  | { readonly type: 'claim' }
  | { readonly type: 'assign'; readonly assignee: string }
  | { readonly type: 'unassign' }
  | { readonly type: 'note'; readonly text: string; readonly visibility: NoteVisibility }
  | ({ readonly type: 'action' } & ActionDetails)
  | { readonly type: 'reversal'; readonly actionEventId: number; readonly reason: string }
  | { readonly type: 'appeal'; readonly text: string }
  | { readonly type: 'appeal_rejected'; readonly reason: string };

/** The queue's filters; every one optional except the tenant and the time. */
export interface CaseQuery {
  /** One tenant, or every tenant when explicitly undefined (the console). */
  readonly tenantId: string | undefined;
  /** The time breaches are judged at. */
  readonly now: number;
  /** Default: the open statuses (open, in_review, appealed). */
  readonly status?: CaseStatus | readonly CaseStatus[] | undefined;
  readonly category?: ReportCategory | undefined;
  readonly priority?: Priority | undefined;
  /** A user id or actor; null for cases nobody has. */
  readonly assignee?: string | null | undefined;
  /** Only cases opened at least this long ago (milliseconds). */
  readonly minAgeMs?: number | undefined;
  /** Only cases opened at most this long ago (milliseconds). */
  readonly maxAgeMs?: number | undefined;
  /** True: only cases that missed their SLA; false: only those that did not. */
  readonly slaBreached?: boolean | undefined;
  readonly minorInvolved?: boolean | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/** One logged view of a case. */
export interface CaseView {
  readonly caseId: string;
  readonly tenantId: string;
  readonly actor: string;
  readonly minorInvolved: boolean;
  readonly viewedAt: number;
}

/** A stored event row as a typed event. */
export function toCaseEvent(row: CaseEventRow): CaseEvent {
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  return {
    ...payload,
    id: Number(row.id),
    caseId: row.caseId,
    actor: row.actor,
    createdAt: Number(row.createdAt),
    type: row.type,
  } as CaseEvent;
}

function toCaseSummary(row: CaseRow, now: number): CaseSummary {
  const dueAt = row.dueAt === null ? null : Number(row.dueAt);
  return {
    id: row.id,
    tenantId: row.tenantId,
    subjectKind: row.subjectKind as SubjectKind,
    subjectKey: row.subjectKey,
    status: row.status as CaseStatus,
    priority: PRIORITIES[row.priority]!,
    category: row.category as ReportCategory,
    minorInvolved: row.minorInvolved === 1,
    assignee: row.assignee,
    reportCount: row.reportCount,
    openedAt: Number(row.openedAt),
    dueAt,
    firstActionAt: row.firstActionAt === null ? null : Number(row.firstActionAt),
    slaBreached: isSlaBreached({ slaBreached: row.slaBreached === 1, dueAt }, now),
    closedAt: row.closedAt === null ? null : Number(row.closedAt),
    updatedAt: Number(row.updatedAt),
  };
}

/** A case's events, oldest first. */
export async function loadCaseEvents(db: Kysely<Database>, caseId: string): Promise<readonly CaseEvent[]> {
  const rows = await db.selectFrom('caseEvents').selectAll().where('caseId', '=', caseId).orderBy('id').execute();
  return rows.map(toCaseEvent);
}

/** The stored state of a case (the fold of its events so far), or undefined for an unknown case. */
export async function loadCaseState(db: Kysely<Database>, caseId: string): Promise<CaseState | undefined> {
  const row = await db.selectFrom('cases').select('state').where('id', '=', caseId).executeTakeFirst();
  return row === undefined ? undefined : (JSON.parse(row.state) as CaseState);
}

/**
 * Appends one event and advances the case's stored state by it (`foldCaseEvent`), rewriting the derived columns. Runs inside
 * the caller's transaction, which holds the evidence lock, so events on one case are applied one at a time; `previous` is the
 * state read in that transaction (undefined for the event that opens the case). Returns the new state.
 */
export async function applyCaseEvent(
  trx: Kysely<Database>,
  input: {
    readonly tenantId: string;
    readonly caseId: string;
    readonly actor: string;
    readonly now: number;
    readonly body: CaseEventBody;
    readonly previous: CaseState | undefined;
  },
): Promise<CaseState & { readonly eventId: number }> {
  const { type, ...payload } = input.body;
  const inserted = await trx
    .insertInto('caseEvents')
    .values({
      caseId: input.caseId,
      tenantId: input.tenantId,
      type,
      actor: input.actor,
      payload: JSON.stringify(payload),
      createdAt: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const eventId = Number(inserted.id);
  const event = {
    ...input.body,
    id: eventId,
    caseId: input.caseId,
    actor: input.actor,
    createdAt: input.now,
  } as CaseEvent;
  const state = foldCaseEvent(input.previous, event);
  await trx
    .updateTable('cases')
    .set({
      status: state.status,
      priority: PRIORITIES.indexOf(state.priority),
      category: state.category,
      minorInvolved: state.minorInvolved ? 1 : 0,
      assignee: state.assignee,
      reportCount: state.reportCount,
      openedAt: state.openedAt,
      dueAt: state.dueAt,
      firstActionAt: state.firstActionAt,
      slaBreached: state.slaBreached ? 1 : 0,
      closedAt: state.closedAt,
      updatedAt: state.updatedAt,
      state: JSON.stringify(state),
    })
    .where('id', '=', input.caseId)
    .execute();
  return { ...state, eventId };
}

/** The webhook event sent for every change of a report's status. */
export const REPORT_STATUS_CHANGED = 'report.status_changed';

/**
 * Queues `report.status_changed` for each report of the case (or only `reportId`), in the caller's transaction, so the event
 * is committed with the change. The payload carries what the reporter sees and the case status, before and after.
 */
export async function enqueueReportStatusChanged(
  trx: Kysely<Database>,
  input: {
    readonly tenantId: string;
    readonly caseId: string;
    readonly previousCaseStatus: CaseStatus | null;
    readonly state: CaseState;
    readonly now: number;
    readonly reportId?: string | undefined;
  },
): Promise<void> {
  let q = trx.selectFrom('reports').select(['id', 'channel']).where('caseId', '=', input.caseId);
  if (input.reportId !== undefined) q = q.where('id', '=', input.reportId);
  const reports = await q.orderBy('createdAt').orderBy('id').execute();
  const seen = reporterStatusOf(input.state.status, input.state.activeActions);
  for (const report of reports) {
    await enqueueWebhookEvent(
      trx,
      input.tenantId,
      REPORT_STATUS_CHANGED,
      {
        reportId: report.id,
        caseId: input.caseId,
        channel: report.channel,
        status: seen.status,
        outcome: seen.outcome,
        caseStatus: input.state.status,
        previousCaseStatus: input.previousCaseStatus,
        changedAt: new Date(input.now).toISOString(),
      },
      input.now,
    );
  }
}

const MAX_TEXT = 5000;

function requireText(value: string, path: string): void {
  if (value.trim() === '' || value.length > MAX_TEXT) {
    throw new AppError('validation_failed', `${path} must be 1–${MAX_TEXT} characters.`, [
      { path, message: value.trim() === '' ? 'required' : `longer than ${MAX_TEXT} characters` },
    ]);
  }
}

/** Checks an event against the case's state and turns it into what is stored; a move the state does not allow is a conflict. */
function eventBody(
  input: CaseEventInput,
  state: CaseState,
  actor: string,
  /** The type of the event named by a reversal, if it is on this case. */
  reversalTarget: string | undefined,
  now: number,
  sla: SlaPolicy,
): CaseEventBody | undefined {
  const open = isOpenStatus(state.status);
  switch (input.type) {
    case 'claim':
      if (!open) throw new AppError('conflict', `The case is ${state.status}; only an open case can be claimed.`);
      if (state.assignee === actor) return undefined;
      if (state.assignee !== null) {
        throw new AppError('conflict', `The case is assigned to ${state.assignee}; unassign it first.`);
      }
      return { type: 'claimed' };
    case 'assign':
      if (!open) throw new AppError('conflict', `The case is ${state.status}; only an open case can be assigned.`);
      requireText(input.assignee, 'assignee');
      if (state.assignee === input.assignee) return undefined;
      return { type: 'assigned', assignee: input.assignee };
    case 'unassign':
      if (state.assignee === null) return undefined;
      return { type: 'unassigned' };
    case 'note':
      requireText(input.text, 'text');
      return { type: 'note', text: input.text, visibility: input.visibility };
    case 'action': {
      requireText(input.reason, 'reason');
      if (input.reporterMessage !== undefined && input.reporterMessage !== '') {
        requireText(input.reporterMessage, 'reporterMessage');
      }
      if (state.activeActions.some((a) => a.action === input.action)) {
        throw new AppError('conflict', `A ${input.action} is already in force on this case.`);
      }
      if (input.action === 'dismiss' && state.activeActions.some((a) => isEnforcement(a.action))) {
        throw new AppError('conflict', 'Actions are in force on this case; reverse them before dismissing it.');
      }
      if (input.durationHours !== undefined && input.action !== 'restrict' && input.action !== 'suspend') {
        throw new AppError('validation_failed', 'Only restrict and suspend take a duration.', [
          { path: 'durationHours', message: `not for ${input.action}` },
        ]);
      }
      if (input.label !== undefined && input.action !== 'label') {
        throw new AppError('validation_failed', 'Only the label action takes a label.', [
          { path: 'label', message: `not for ${input.action}` },
        ]);
      }
      if (input.action === 'label') requireText(input.label ?? '', 'label');
      return {
        type: 'action',
        action: input.action,
        reason: input.reason,
        ...(input.reporterMessage === undefined || input.reporterMessage === ''
          ? {}
          : { reporterMessage: input.reporterMessage }),
        ...(input.durationHours === undefined ? {} : { durationHours: input.durationHours }),
        ...(input.label === undefined ? {} : { label: input.label }),
      };
    }
    case 'reversal': {
      requireText(input.reason, 'reason');
      if (reversalTarget !== 'action') {
        throw new AppError('not_found', `No action event ${input.actionEventId} on this case.`);
      }
      if (!state.activeActions.some((a) => a.eventId === input.actionEventId)) {
        throw new AppError('conflict', `Action event ${input.actionEventId} is no longer in force.`);
      }
      return { type: 'reversal', actionEventId: input.actionEventId, reason: input.reason };
    }
    case 'appeal':
      requireText(input.text, 'text');
      if (state.status === 'appealed') throw new AppError('conflict', 'An appeal on this case is already pending.');
      if (!state.activeActions.some((a) => isEnforcement(a.action))) {
        throw new AppError('conflict', 'No action is in force on this case, so there is nothing to appeal.');
      }
      return { type: 'appeal', text: input.text, dueAt: now + sla[state.priority] };
    case 'appeal_rejected':
      requireText(input.reason, 'reason');
      if (state.status !== 'appealed') throw new AppError('conflict', 'No appeal on this case is pending.');
      return { type: 'appeal_rejected', reason: input.reason };
  }
}

/**
 * Records a moderation event on a case (claim, assignment, note, action, reversal, appeal, appeal rejection) after checking it
 * against the case's state; the case's status and SLA follow from its events. Actions and reversals are also written to the
 * evidence chain. A claim or assignment that changes nothing records nothing. `tenantId` undefined means any tenant (the
 * console); the actor is `user:<username>` from the console or `key:<id>` from the API.
 */
export async function recordCaseEvent(
  db: Kysely<Database>,
  input: {
    readonly tenantId: string | undefined;
    readonly caseId: string;
    readonly actor: string;
    readonly event: CaseEventInput;
    readonly now: number;
    readonly sla: SlaPolicy;
  },
): Promise<{ readonly case: CaseSummary; readonly event: CaseEvent | undefined }> {
  return withEvidenceLock(db, async (trx) => {
    let q = trx.selectFrom('cases').select(['id', 'tenantId', 'state']).where('id', '=', input.caseId);
    if (input.tenantId !== undefined) q = q.where('tenantId', '=', input.tenantId);
    const found = await q.executeTakeFirst();
    if (found === undefined) throw new AppError('not_found', `No case ${input.caseId}.`);
    const state = JSON.parse(found.state) as CaseState;
    const target =
      input.event.type === 'reversal'
        ? await trx
            .selectFrom('caseEvents')
            .select('type')
            .where('caseId', '=', input.caseId)
            .where('id', '=', input.event.actionEventId)
            .executeTakeFirst()
        : undefined;
    const body = eventBody(input.event, state, input.actor, target?.type, input.now, input.sla);
    let event: CaseEvent | undefined;
    if (body !== undefined) {
      const applied = await applyCaseEvent(trx, {
        tenantId: found.tenantId,
        caseId: input.caseId,
        actor: input.actor,
        now: input.now,
        body,
        previous: state,
      });
      event = { ...body, id: applied.eventId, caseId: input.caseId, actor: input.actor, createdAt: input.now };
      if (applied.status !== state.status) {
        await enqueueReportStatusChanged(trx, {
          tenantId: found.tenantId,
          caseId: input.caseId,
          previousCaseStatus: state.status,
          state: applied,
          now: input.now,
        });
      }
      if (body.type === 'action' || body.type === 'reversal') {
        await appendEvidence(trx, {
          tenantId: found.tenantId,
          caseId: input.caseId,
          reportId: null,
          kind: 'moderation_action',
          now: input.now,
          content: {
            kind: 'moderation_action',
            tenantId: found.tenantId,
            caseId: input.caseId,
            eventId: applied.eventId,
            actor: input.actor,
            at: new Date(input.now).toISOString(),
            event: body,
            statusAfter: applied.status,
          },
        });
      }
    }
    const row = await trx.selectFrom('cases').selectAll().where('id', '=', input.caseId).executeTakeFirstOrThrow();
    return { case: toCaseSummary(row, input.now), event };
  });
}

/** The moderator queue: cases matching the filters, most urgent first, then oldest first. */
export async function listCaseQueue(db: Kysely<Database>, query: CaseQuery): Promise<readonly CaseSummary[]> {
  let q = db.selectFrom('cases').selectAll();
  if (query.tenantId !== undefined) q = q.where('tenantId', '=', query.tenantId);
  const statuses =
    query.status === undefined ? OPEN_STATUSES : typeof query.status === 'string' ? [query.status] : query.status;
  if (statuses.length < CASE_STATUSES.length) q = q.where('status', 'in', [...statuses]);
  if (query.category !== undefined) q = q.where('category', '=', query.category);
  if (query.priority !== undefined) q = q.where('priority', '=', PRIORITIES.indexOf(query.priority));
  if (query.assignee === null) q = q.where('assignee', 'is', null);
  else if (query.assignee !== undefined) q = q.where('assignee', '=', query.assignee);
  if (query.minAgeMs !== undefined) q = q.where('openedAt', '<=', query.now - query.minAgeMs);
  if (query.maxAgeMs !== undefined) q = q.where('openedAt', '>=', query.now - query.maxAgeMs);
  if (query.minorInvolved !== undefined) q = q.where('minorInvolved', '=', query.minorInvolved ? 1 : 0);
  if (query.slaBreached !== undefined) {
    const now = query.now;
    q = query.slaBreached
      ? q.where((eb) =>
          eb.or([eb('slaBreached', '=', 1), eb.and([eb('dueAt', 'is not', null), eb('dueAt', '<', now)])]),
        )
      : q.where((eb) => eb.and([eb('slaBreached', '=', 0), eb.or([eb('dueAt', 'is', null), eb('dueAt', '>=', now)])]));
  }
  const rows = await q
    .orderBy('priority')
    .orderBy('openedAt')
    .orderBy('id')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map((row) => toCaseSummary(row, query.now));
}

/** Cases that missed their SLA at `now`, most urgent and oldest first. */
export function listSlaBreaches(
  db: Kysely<Database>,
  query: Omit<CaseQuery, 'slaBreached'>,
): Promise<readonly CaseSummary[]> {
  return listCaseQueue(db, { status: CASE_STATUSES, ...query, slaBreached: true });
}

/** One case with its reports, history and evidence; `tenantId` undefined means any tenant. Not logged: see `logCaseView`. */
export async function getCase(
  db: Kysely<Database>,
  tenantId: string | undefined,
  caseId: string,
  now: number,
): Promise<CaseDetail | undefined> {
  let q = db.selectFrom('cases').selectAll().where('id', '=', caseId);
  if (tenantId !== undefined) q = q.where('tenantId', '=', tenantId);
  const row = await q.executeTakeFirst();
  if (row === undefined) return undefined;
  const reports = await db
    .selectFrom('reports')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('createdAt')
    .execute();
  const events = await loadCaseEvents(db, caseId);
  const evidence = await listCaseEvidence(db, undefined, caseId);
  return {
    case: toCaseSummary(row, now),
    reports: reports.map(toReport),
    events,
    evidence,
    activeActions: (JSON.parse(row.state) as CaseState).activeActions,
  };
}

/**
 * Logs that `actor` viewed a case (who, when, which case, whether a minor is involved) in the one access log of minors'
 * personal information (`logAccess`). Every view of a case in the console and the API calls this. An unknown case is
 * not_found.
 */
export async function logCaseView(db: Kysely<Database>, actor: string, caseId: string, at: number): Promise<void> {
  const found = await db
    .selectFrom('cases')
    .select(['tenantId', 'minorInvolved'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (found === undefined) throw new AppError('not_found', `No case ${caseId}.`);
  await logAccess(
    db,
    {
      tenantId: found.tenantId,
      actor,
      channel: actor.startsWith('key:') ? 'api' : 'console',
      action: 'view',
      subjectKind: 'case',
      subjectId: caseId,
      minorInvolved: found.minorInvolved === 1,
    },
    at,
  );
}

/** The views of cases in the access log, newest first: of one case, or by one actor, or all. */
export async function listCaseViews(
  db: Kysely<Database>,
  query: {
    readonly tenantId: string | undefined;
    readonly caseId?: string | undefined;
    readonly actor?: string | undefined;
    readonly limit?: number | undefined;
  },
): Promise<readonly CaseView[]> {
  const records = await listAccessLog(db, {
    tenantId: query.tenantId,
    subjectKind: 'case',
    subjectId: query.caseId,
    actor: query.actor,
    limit: query.limit,
  });
  return records.map((r) => ({
    caseId: r.subjectId,
    tenantId: r.tenantId,
    actor: r.actor,
    minorInvolved: r.minorInvolved,
    viewedAt: r.at,
  }));
}
