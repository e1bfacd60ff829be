import type { Kysely } from 'kysely';
import { MODEL_THRESHOLDS, type Verdict } from '../../engine/index.js';
import { AppError, type ErrorDetail } from '../../lib/index.js';
import {
  OPEN_STATUSES,
  PRIORITIES,
  triagePriority,
  type CaseEvent,
  type CaseState,
  type CaseStatus,
  type Priority,
  type ReportCategory,
  type ReportChannel,
  type ReporterRole,
  type SlaPolicy,
} from './cases-model.js';
import { applyCaseEvent, enqueueReportStatusChanged, loadCaseState, toCaseEvent } from './cases.js';
import { appendEvidence, withEvidenceLock } from './evidence.js';
import { openField, sealField } from '../privacy/index.js';
import { hashSecret, randomId } from '../random-token.js';
import type { Database, ReportRow } from '../schema.js';

/** A snapshot of reported content as the reporter saw it: at least one of the three. */
export interface ContentSnapshot {
  readonly text?: string | undefined;
  readonly url?: string | undefined;
  /** SHA-256 of the image, hex (the image itself stays with the platform). */
  readonly imageSha256?: string | undefined;
}

/** One message of a reported conversation. */
export interface ExcerptMessage {
  /** Who wrote it: the platform's user ref, or a role such as `reporter`. */
  readonly from?: string | undefined;
  readonly text: string;
  /** When it was sent, as the platform or reporter gives it (ISO 8601). */
  readonly sentAt?: string | undefined;
}

/** What is reported: a piece of content, a user, or an excerpt of a conversation. */
export type ReportSubject =
  | {
      readonly kind: 'content';
      readonly contentRef: string;
      readonly snapshot: ContentSnapshot;
      readonly authorRef?: string | undefined;
    }
  | {
      readonly kind: 'user';
      readonly userRef: string;
      /** What the user showed (name, bio, a message) when reported. */
      readonly snapshot?: { readonly text?: string | undefined } | undefined;
    }
  | {
      readonly kind: 'conversation';
      readonly conversationRef?: string | undefined;
      /** The user ref of the person reported in the conversation: reports on them group into one case. */
      readonly offenderRef?: string | undefined;
      readonly messages: readonly ExcerptMessage[];
    };

/** A report as filed, before intake. */
export interface ReportInput {
  readonly tenantId: string;
  readonly channel: ReportChannel;
  /** The API key that filed it (API channel). */
  readonly keyId?: string | null | undefined;
  readonly subject: ReportSubject;
  readonly category: ReportCategory;
  readonly reporterRole: ReporterRole;
  /** Whether a minor is involved; true whenever a minor or a guardian reports. */
  readonly minorInvolved?: boolean | undefined;
  readonly description?: string | undefined;
  /** How to reach the reporter (optional; never with `anonymous`). */
  readonly contact?: string | undefined;
  /** The platform's id for the reporter (API channel; never with `anonymous`). */
  readonly reporterRef?: string | undefined;
  readonly anonymous?: boolean | undefined;
  /**
   * A priority the report has at least, whatever triage says: the conversation-risk layer's `critical` (coercion, a
   * meeting, images asked of a child) makes its case critical even when the category alone would not.
   */
  readonly priorityAtLeast?: Priority | undefined;
}

/** The engine run on the reported material: the tenant's current engine and its lexicon version. */
export type Screen = (text: string) => { readonly verdict: Verdict; readonly lexiconVersion: number };

/** What intake needs besides the report. */
export interface IntakeContext {
  readonly now: number;
  readonly sla: SlaPolicy;
  readonly screen: Screen;
}

/** The engine's verdict on a report's material, with the text it read (match offsets point into it). */
export interface ReportScreening {
  readonly text: string;
  readonly action: Verdict['action'];
  readonly flagged: boolean;
  readonly categories: Verdict['categories'];
  readonly matches: Verdict['matches'];
  /** With the model stage: its scores and signals, kept in the evidence beside the matches. */
  readonly scores?: Verdict['scores'];
  readonly signals?: Verdict['signals'];
  readonly lexiconVersion: number;
}

/** The answer to a filed report. */
export interface FiledReport {
  readonly id: string;
  /** Shown to the reporter once: it reads the report's status. Only its hash is stored. */
  readonly trackingCode: string;
  readonly caseId: string;
  /** True when the report opened a new case, false when it joined an open case on the same subject. */
  readonly newCase: boolean;
  readonly caseStatus: CaseStatus;
  readonly priority: Priority;
  readonly screening: ReportScreening;
  readonly evidence: { readonly seq: number; readonly hash: string };
  readonly createdAt: number;
}

/** A report as moderators see it. */
export interface Report {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly channel: ReportChannel;
  readonly keyId: string | null;
  readonly subject: ReportSubject;
  readonly subjectKey: string;
  readonly category: ReportCategory;
  readonly reporterRole: ReporterRole;
  readonly reporterRef: string | null;
  readonly minorInvolved: boolean;
  readonly description: string | null;
  readonly contact: string | null;
  readonly anonymous: boolean;
  readonly priority: Priority;
  readonly severity: string | null;
  readonly screening: ReportScreening;
  readonly evidenceSeq: number;
  readonly createdAt: number;
}

/** What a reporter sees about their report, by tracking code. */
export interface ReportStatus {
  readonly reportId: string;
  readonly category: ReportCategory;
  readonly createdAt: number;
  /** `received` (waiting), `in_review`, or `resolved` (see `outcome`). */
  readonly status: 'received' | 'in_review' | 'resolved';
  readonly outcome: 'action_taken' | 'referred_to_authorities' | 'no_violation' | 'action_reversed' | null;
  readonly updatedAt: number;
  /** Messages moderators chose to show the reporter, oldest first. */
  readonly messages: readonly { readonly text: string; readonly at: number }[];
}

/** Longest free text a report may carry, in UTF-16 code units. */
export const REPORT_LIMITS = {
  description: 2000,
  contact: 200,
  ref: 200,
  snapshotText: 20_000,
  url: 2000,
  messages: 50,
  messageText: 2000,
} as const;

const IMAGE_HASH = /^[0-9a-f]{64}$/;
const TRACKING_CODE_LENGTH = 20;

/** Reads a tracking code as typed: case, spaces and hyphens do not matter. */
export function normalizeTrackingCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

function formatTrackingCode(raw: string): string {
  return raw.match(/.{1,5}/g)!.join('-');
}

/** The key that groups reports into one case: the content, the user, or the conversation reported. */
export function subjectKeyOf(subject: ReportSubject, reportId: string): string {
  switch (subject.kind) {
    case 'content':
      return `content:${subject.contentRef}`;
    case 'user':
      return `user:${subject.userRef}`;
    case 'conversation':
      if (subject.offenderRef !== undefined) return `user:${subject.offenderRef}`;
      if (subject.conversationRef !== undefined) return `conversation:${subject.conversationRef}`;
      return `report:${reportId}`;
  }
}

/** The text of the reported material that the engine reads. */
export function screenedTextOf(subject: ReportSubject): string {
  switch (subject.kind) {
    case 'content':
      return [subject.snapshot.text, subject.snapshot.url].filter((t) => t !== undefined && t !== '').join('\n');
    case 'user':
      return subject.snapshot?.text ?? '';
    case 'conversation':
      return subject.messages.map((m) => m.text).join('\n');
  }
}

/**
 * The checks every channel shares, beyond the shape the API's schema already checks: what must come together and what may
 * not. Every problem is listed, with its path.
 */
export function checkReportInput(input: ReportInput): readonly ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const tooLong = (value: string | undefined, max: number, path: string): void => {
    if (value !== undefined && value.length > max) problems.push({ path, message: `longer than ${max} characters` });
  };
  const required = (value: string | undefined, path: string): void => {
    if (value === undefined || value.trim() === '') problems.push({ path, message: 'required' });
    else tooLong(value, REPORT_LIMITS.ref, path);
  };
  const s = input.subject;
  switch (s.kind) {
    case 'content': {
      required(s.contentRef, 'subject.contentRef');
      const snap = s.snapshot;
      if (![snap.text, snap.url, snap.imageSha256].some((v) => v !== undefined && v !== '')) {
        problems.push({ path: 'subject.snapshot', message: 'a snapshot needs text, url or imageSha256' });
      }
      tooLong(snap.text, REPORT_LIMITS.snapshotText, 'subject.snapshot.text');
      if (snap.url !== undefined && !/^https?:\/\/\S+$/i.test(snap.url)) {
        problems.push({ path: 'subject.snapshot.url', message: 'not an http(s) URL' });
      }
      tooLong(snap.url, REPORT_LIMITS.url, 'subject.snapshot.url');
      if (snap.imageSha256 !== undefined && !IMAGE_HASH.test(snap.imageSha256)) {
        problems.push({ path: 'subject.snapshot.imageSha256', message: 'not a SHA-256 in lower-case hex' });
      }
      if (s.authorRef !== undefined) required(s.authorRef, 'subject.authorRef');
      break;
    }
    case 'user':
      required(s.userRef, 'subject.userRef');
      tooLong(s.snapshot?.text, REPORT_LIMITS.snapshotText, 'subject.snapshot.text');
      break;
    case 'conversation':
      if (s.messages.length === 0) problems.push({ path: 'subject.messages', message: 'at least one message' });
      if (s.messages.length > REPORT_LIMITS.messages) {
        problems.push({ path: 'subject.messages', message: `at most ${REPORT_LIMITS.messages} messages` });
      }
      s.messages.forEach((m, i) => {
        if (m.text.trim() === '') problems.push({ path: `subject.messages.${i}.text`, message: 'required' });
        tooLong(m.text, REPORT_LIMITS.messageText, `subject.messages.${i}.text`);
      });
      if (s.conversationRef !== undefined) required(s.conversationRef, 'subject.conversationRef');
      if (s.offenderRef !== undefined) required(s.offenderRef, 'subject.offenderRef');
      break;
  }
  tooLong(input.description, REPORT_LIMITS.description, 'description');
  tooLong(input.contact, REPORT_LIMITS.contact, 'contact');
  if (input.anonymous === true && input.contact !== undefined && input.contact !== '') {
    problems.push({ path: 'contact', message: 'an anonymous report carries no contact' });
  }
  if (input.anonymous === true && input.reporterRef !== undefined) {
    problems.push({ path: 'reporterRef', message: 'an anonymous report carries no reporter ref' });
  }
  if (input.reporterRef !== undefined) required(input.reporterRef, 'reporterRef');
  if (input.reporterRole === 'minor' && input.minorInvolved === false) {
    problems.push({ path: 'minorInvolved', message: 'a report by a minor always involves a minor' });
  }
  return problems;
}

function screeningOf(text: string, verdict: Verdict, lexiconVersion: number): ReportScreening {
  return {
    text,
    action: verdict.action,
    flagged: verdict.flagged,
    categories: verdict.categories,
    matches: verdict.matches,
    ...(verdict.scores ? { scores: verdict.scores } : {}),
    ...(verdict.signals ? { signals: verdict.signals } : {}),
    lexiconVersion,
  };
}

/**
 * Files a report: checks it, runs the engine on the reported material, finds or opens the case on the same subject, and
 * snapshots the material, the verdict and the lexicon version into the evidence chain — all in one transaction that holds the
 * chain lock, so a report answered is a report kept, and concurrent reports neither fork the chain nor open two cases on one
 * subject. The API and the public form both call this.
 */
export async function fileReport(db: Kysely<Database>, input: ReportInput, ctx: IntakeContext): Promise<FiledReport> {
  const problems = checkReportInput(input);
  if (problems.length > 0) throw new AppError('validation_failed', 'The report is not valid.', problems);
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', input.tenantId).executeTakeFirst();
  if (tenant === undefined) throw new AppError('not_found', `No tenant ${input.tenantId}.`);

  // Everything the reporter typed is screened: the account of what happened too, not only the reported material.
  const text = [screenedTextOf(input.subject), input.description ?? ''].filter((part) => part.trim() !== '').join('\n');
  const { verdict, lexiconVersion } = ctx.screen(text);
  const screening = screeningOf(text, verdict, lexiconVersion);
  const minorInvolved = input.minorInvolved ?? (input.reporterRole === 'minor' || input.reporterRole === 'guardian');
  // The model's findings count like matches: a category it flagged (it has signals) at its medium severity, or high
  // from the block threshold of the band intake screens for.
  const modelFindings = [...new Set((verdict.signals ?? []).map((s) => s.category))].map((category) => ({
    category,
    severity:
      (verdict.scores?.[category] ?? 0) >= MODEL_THRESHOLDS.age_12_16.block ? ('high' as const) : ('medium' as const),
  }));
  const triaged = triagePriority({
    category: input.category,
    minorInvolved,
    matches: [...verdict.matches, ...modelFindings],
  });
  const floor = input.priorityAtLeast;
  const priority = floor !== undefined && PRIORITIES.indexOf(floor) < PRIORITIES.indexOf(triaged) ? floor : triaged;
  const severities = verdict.matches.map((m) => m.severity);
  const severity = (['high', 'medium', 'low'] as const).find((s) => severities.includes(s)) ?? null;
  const id = randomId(12);
  const subjectKey = subjectKeyOf(input.subject, id);
  const rawCode = randomId(TRACKING_CODE_LENGTH);
  const now = ctx.now;

  return withEvidenceLock(db, async (trx) => {
    const open = await trx
      .selectFrom('cases')
      .select(['id', 'state'])
      .where('tenantId', '=', input.tenantId)
      .where('subjectKey', '=', subjectKey)
      .where('status', 'in', OPEN_STATUSES)
      .orderBy('openedAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    const caseId = open?.id ?? randomId(12);
    if (open === undefined) {
      // Placeholder values, replaced below by the first event's fold in the same transaction.
      await trx
        .insertInto('cases')
        .values({
          id: caseId,
          tenantId: input.tenantId,
          subjectKind: input.subject.kind,
          subjectKey,
          status: 'open',
          priority: PRIORITIES.indexOf(priority),
          category: input.category,
          minorInvolved: minorInvolved ? 1 : 0,
          assignee: null,
          reportCount: 0,
          openedAt: now,
          dueAt: null,
          firstActionAt: null,
          slaBreached: 0,
          closedAt: null,
          updatedAt: now,
          state: '{}',
        })
        .execute();
    }
    const evidence = await appendEvidence(trx, {
      tenantId: input.tenantId,
      caseId,
      reportId: id,
      kind: 'report_snapshot',
      now,
      content: {
        kind: 'report_snapshot',
        tenantId: input.tenantId,
        reportId: id,
        caseId,
        receivedAt: new Date(now).toISOString(),
        channel: input.channel,
        subject: input.subject,
        category: input.category,
        reporterRole: input.reporterRole,
        minorInvolved,
        description: input.description ?? null,
        screening,
      },
    });
    const row: ReportRow = {
      id,
      tenantId: input.tenantId,
      caseId,
      trackingCodeHash: hashSecret(rawCode),
      channel: input.channel,
      keyId: input.keyId ?? null,
      subjectKind: input.subject.kind,
      subjectKey,
      subject: JSON.stringify(input.subject),
      category: input.category,
      reporterRole: input.reporterRole,
      reporterRef: input.anonymous === true ? null : (input.reporterRef ?? null),
      minorInvolved: minorInvolved ? 1 : 0,
      description: input.description ?? null,
      contact: sealField('contact', input.anonymous === true || input.contact === '' ? null : (input.contact ?? null)),
      anonymous: input.anonymous === true ? 1 : 0,
      priority: PRIORITIES.indexOf(priority),
      severity,
      verdict: JSON.stringify(screening),
      lexiconVersion,
      evidenceSeq: evidence.seq,
      createdAt: now,
    };
    await trx.insertInto('reports').values(row).execute();
    const state = await applyCaseEvent(trx, {
      tenantId: input.tenantId,
      caseId,
      actor: 'system',
      now,
      body: {
        type: 'report_added',
        reportId: id,
        category: input.category,
        priority,
        minorInvolved,
        dueAt: now + ctx.sla[priority],
      },
      previous: open === undefined ? undefined : (JSON.parse(open.state) as CaseState),
    });
    // A new report goes from nothing to the case's status: the platform hears of it like of any later change.
    await enqueueReportStatusChanged(trx, {
      tenantId: input.tenantId,
      caseId,
      previousCaseStatus: null,
      state,
      now,
      reportId: id,
    });
    return {
      id,
      trackingCode: formatTrackingCode(rawCode),
      caseId,
      newCase: open === undefined,
      caseStatus: state.status,
      priority,
      screening,
      evidence: { seq: evidence.seq, hash: evidence.hash },
      createdAt: now,
    };
  });
}

/** A stored report row as moderators see it. */
export function toReport(row: ReportRow): Report {
  return {
    id: row.id,
    tenantId: row.tenantId,
    caseId: row.caseId,
    channel: row.channel as ReportChannel,
    keyId: row.keyId,
    subject: JSON.parse(row.subject) as ReportSubject,
    subjectKey: row.subjectKey,
    category: row.category as ReportCategory,
    reporterRole: row.reporterRole as ReporterRole,
    reporterRef: row.reporterRef,
    minorInvolved: row.minorInvolved === 1,
    description: row.description,
    contact: openField('contact', row.contact),
    anonymous: row.anonymous === 1,
    priority: PRIORITIES[row.priority]!,
    severity: row.severity,
    screening: JSON.parse(row.verdict) as ReportScreening,
    evidenceSeq: Number(row.evidenceSeq),
    createdAt: Number(row.createdAt),
  };
}

/** One report, for moderators; `tenantId` undefined means any tenant (the console). */
export async function getReport(
  db: Kysely<Database>,
  tenantId: string | undefined,
  reportId: string,
): Promise<Report | undefined> {
  let q = db.selectFrom('reports').selectAll().where('id', '=', reportId);
  if (tenantId !== undefined) q = q.where('tenantId', '=', tenantId);
  const row = await q.executeTakeFirst();
  return row === undefined ? undefined : toReport(row);
}

/**
 * What the reporter may see, by tracking code: where the report stands, the outcome, and the messages moderators made visible
 * to reporters. Nothing about the subject's appeal, the moderators or other reporters. An unknown code is not_found.
 */
export async function getReportStatus(db: Kysely<Database>, trackingCode: string): Promise<ReportStatus> {
  const code = normalizeTrackingCode(trackingCode);
  const row =
    code.length === TRACKING_CODE_LENGTH
      ? await db
          .selectFrom('reports')
          .select(['id', 'caseId', 'category', 'createdAt'])
          .where('trackingCodeHash', '=', hashSecret(code))
          .executeTakeFirst()
      : undefined;
  if (row === undefined) throw new AppError('not_found', 'No report has this tracking code.');
  const state = await loadCaseState(db, row.caseId);
  if (state === undefined) throw new AppError('not_found', 'No report has this tracking code.');
  // Only what was said after this report came in: earlier messages answered other reporters.
  const said = await db
    .selectFrom('caseEvents')
    .selectAll()
    .where('caseId', '=', row.caseId)
    .where('type', 'in', ['note', 'action'])
    .where('createdAt', '>=', Number(row.createdAt))
    .orderBy('id')
    .execute();
  return {
    reportId: row.id,
    category: row.category as ReportCategory,
    createdAt: Number(row.createdAt),
    ...reporterStatusOf(state.status, state.activeActions),
    updatedAt: Math.max(Number(row.createdAt), state.updatedAt),
    messages: reporterMessages(said.map(toCaseEvent)),
  };
}

/** What the reporter sees for a case status and the actions in force (also the webhook's `reporterStatus`). */
export function reporterStatusOf(
  status: CaseStatus,
  active: readonly { readonly action: string }[],
): Pick<ReportStatus, 'status' | 'outcome'> {
  switch (status) {
    case 'open':
      return { status: 'received', outcome: null };
    case 'in_review':
    case 'appealed':
      return { status: 'in_review', outcome: null };
    case 'actioned':
      return { status: 'resolved', outcome: 'action_taken' };
    case 'escalated':
      return {
        status: 'resolved',
        outcome: active.some((a) => a.action !== 'escalate_to_authorities' && a.action !== 'dismiss')
          ? 'action_taken'
          : 'referred_to_authorities',
      };
    case 'dismissed':
      return { status: 'resolved', outcome: 'no_violation' };
    case 'reversed':
      return { status: 'resolved', outcome: 'action_reversed' };
  }
}

function reporterMessages(events: readonly CaseEvent[]): ReportStatus['messages'] {
  const out: { text: string; at: number }[] = [];
  for (const e of events) {
    if (e.type === 'note' && e.visibility === 'reporter') out.push({ text: e.text, at: e.createdAt });
    if (e.type === 'action' && e.reporterMessage !== undefined && e.reporterMessage !== '') {
      out.push({ text: e.reporterMessage, at: e.createdAt });
    }
  }
  return out;
}
