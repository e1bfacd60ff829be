import { sql, type Kysely } from 'kysely';
import {
  RISK_LEVELS,
  assessConversation,
  createConversationState,
  observeMessage,
  summarizeSender,
  type ConversationRisk,
  type ConversationState,
  type MessageSignal,
  type Participant,
  type ParticipantRole,
  type RiskLevel,
  type Verdict,
} from '../../engine/index.js';
import { AppError } from '../../lib/index.js';
import { dialectOf } from '../dialect.js';
import { openField } from '../privacy/index.js';
import type { Database } from '../schema.js';

/** How much a conversation keeps: its latest messages (older ones are deleted as new ones come) and the input sizes. */
export const CONVERSATION_LIMITS = {
  messagesKept: 200,
  text: 4000,
  ref: 200,
  receivers: 50,
  participants: 100,
} as const;

interface ConversationTable {
  tenantId: string;
  conversationRef: string;
  state: string;
  level: string;
  peakLevel: string;
  kinds: string;
  targetRef: string | null;
  offenders: string;
  flaggedAt: number | null;
  messageCount: number;
  alertedLevel: string;
  caseId: string | null;
  createdAt: number;
  updatedAt: number;
}

interface ConversationMessageTable {
  tenantId: string;
  conversationRef: string;
  idx: number;
  messageRef: string | null;
  requestId: string;
  senderRef: string;
  receivers: string;
  text: string | null;
  textLength: number;
  signals: string;
  level: string;
  sentAt: number;
  createdAt: number;
}

interface ConversationSenderTable {
  tenantId: string;
  senderRef: string;
  conversationRef: string;
  targetRef: string;
  targetAge: number | null;
  stages: string;
  peakLevel: string;
  at: number;
}

/** The conversation tables, beside the shared schema (they are this module's alone). */
export type ConversationTables = {
  conversations: ConversationTable;
  conversationMessages: ConversationMessageTable;
  conversationSenders: ConversationSenderTable;
};

type Db = Kysely<Database & ConversationTables>;
const tables = (db: Kysely<Database>): Db => db.withTables<ConversationTables>();

/** A participant as the platform describes it with a message. */
export interface ParticipantInput {
  readonly ref: string;
  readonly age?: number | null | undefined;
  readonly role?: ParticipantRole | null | undefined;
  readonly knownForDays?: number | null | undefined;
}

/** One message of a conversation, already moderated. */
export interface ConversationMessageInput {
  readonly tenantId: string;
  readonly conversationRef: string;
  readonly messageRef?: string | undefined;
  readonly requestId: string;
  readonly sender: ParticipantInput;
  /** Absent or empty: everyone else in the conversation. */
  readonly receivers?: readonly ParticipantInput[] | undefined;
  readonly text: string;
  /** When it was sent, ms since the epoch. */
  readonly sentAt: number;
  readonly verdict: Verdict;
  /** Whether the tenant keeps message text; without it only lengths, signals and offsets are kept. */
  readonly storeText: boolean;
}

/** What recording a message changed. */
export interface RecordedMessage {
  readonly index: number;
  readonly signals: readonly MessageSignal[];
  readonly risk: ConversationRisk;
  /** Set when this message took the conversation to a level that alerts (`high`), or from high to `critical`. */
  readonly escalation: { readonly level: RiskLevel; readonly previous: RiskLevel } | null;
  readonly caseId: string | null;
}

/** A stored message, as the console and the API show it. */
export interface StoredConversationMessage {
  readonly index: number;
  readonly messageRef: string | null;
  readonly requestId: string;
  readonly senderRef: string;
  readonly receivers: readonly string[];
  readonly text: string | null;
  readonly textLength: number;
  readonly signals: readonly { signal: string; start: number; end: number; weight: number }[];
  readonly level: RiskLevel;
  readonly sentAt: number;
}

/** A conversation's record. */
export interface ConversationRecord {
  readonly tenantId: string;
  readonly conversationRef: string;
  readonly risk: ConversationRisk;
  readonly messageCount: number;
  readonly alertedLevel: RiskLevel;
  readonly caseId: string | null;
  readonly participants: Readonly<Record<string, Participant>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

const rank = (level: RiskLevel): number => RISK_LEVELS.indexOf(level);
const isLevel = (s: string): s is RiskLevel => (RISK_LEVELS as readonly string[]).includes(s);
const levelOf = (s: string): RiskLevel => (isLevel(s) ? s : 'none');

/** Checks a message's sizes; every problem at once, each with its path. */
export function checkConversationMessage(input: ConversationMessageInput): void {
  const problems: { path: string; message: string }[] = [];
  const ref = (path: string, value: string): void => {
    if (value.length === 0 || value.length > CONVERSATION_LIMITS.ref)
      problems.push({ path, message: `1 to ${CONVERSATION_LIMITS.ref} characters` });
  };
  ref('conversationRef', input.conversationRef);
  ref('sender.ref', input.sender.ref);
  (input.receivers ?? []).forEach((r, i) => {
    ref(`receivers[${i}].ref`, r.ref);
    if (r.ref === input.sender.ref)
      problems.push({ path: `receivers[${i}].ref`, message: 'the sender is not a receiver' });
  });
  if ((input.receivers?.length ?? 0) > CONVERSATION_LIMITS.receivers)
    problems.push({ path: 'receivers', message: `at most ${CONVERSATION_LIMITS.receivers}` });
  if (input.text.length > CONVERSATION_LIMITS.text)
    problems.push({ path: 'text', message: `at most ${CONVERSATION_LIMITS.text} characters` });
  if (problems.length > 0) throw new AppError('validation_failed', 'The message is not valid.', problems);
}

/**
 * Adds a moderated message to its conversation in one transaction: the risk state is read (locked on PostgreSQL), the
 * message observed with what the platform knows (the ages given, a registered minor's age band, the sender's history in
 * other conversations), the message and its signals stored (the oldest beyond `messagesKept` deleted), the sender's
 * record updated and the conversation's level saved. Says when the message crossed into `high` or `critical`, so the
 * caller alerts guardians and opens or raises a case.
 */
export async function recordConversationMessage(
  db: Kysely<Database>,
  input: ConversationMessageInput,
  now: number,
): Promise<RecordedMessage> {
  checkConversationMessage(input);
  const postgres = dialectOf(db as Kysely<unknown>) === 'postgres';
  return tables(db)
    .transaction()
    .execute(async (trx) => {
      const key = { tenantId: input.tenantId, conversationRef: input.conversationRef };
      await trx
        .insertInto('conversations')
        .values({
          ...key,
          state: JSON.stringify(createConversationState()),
          level: 'none',
          peakLevel: 'none',
          kinds: '[]',
          targetRef: null,
          offenders: '[]',
          flaggedAt: null,
          messageCount: 0,
          alertedLevel: 'none',
          caseId: null,
          createdAt: now,
          updatedAt: now,
        })
        .onConflict((oc) => oc.columns(['tenantId', 'conversationRef']).doNothing())
        .execute();
      let q = trx
        .selectFrom('conversations')
        .selectAll()
        .where('tenantId', '=', input.tenantId)
        .where('conversationRef', '=', input.conversationRef);
      if (postgres) q = q.forUpdate();
      const row = await q.executeTakeFirstOrThrow();
      const state = JSON.parse(row.state) as ConversationState;
      if (state.messageCount >= Number.MAX_SAFE_INTEGER - 1)
        throw new AppError('conflict', 'The conversation is full.');

      const everyone = [input.sender, ...(input.receivers ?? [])];
      const known = new Set(Object.keys(state.participants));
      const newcomers = everyone.filter((p) => !known.has(p.ref)).length;
      if (known.size + newcomers > CONVERSATION_LIMITS.participants)
        throw new AppError('validation_failed', 'The conversation has too many participants.', [
          { path: 'receivers', message: `at most ${CONVERSATION_LIMITS.participants} participants a conversation` },
        ]);
      const participants: Record<string, Participant> = {};
      const registered = await registeredMinorAges(
        trx,
        input.tenantId,
        now,
        everyone.filter((p) => p.age === undefined || p.age === null).map((p) => p.ref),
      );
      for (const p of everyone) {
        const age = p.age ?? registered.get(p.ref) ?? state.participants[p.ref]?.age ?? null;
        participants[p.ref] = {
          age,
          ...(p.role === undefined ? {} : { role: p.role }),
          ...(p.knownForDays === undefined ? {} : { knownForDays: p.knownForDays }),
        };
      }
      const history = await senderHistory(trx, input.tenantId, input.sender.ref, input.conversationRef, now);
      if (history.minorsApproached > 0 || history.flaggedBefore)
        participants[input.sender.ref] = { ...participants[input.sender.ref]!, history };

      const receivers = input.receivers?.map((r) => r.ref);
      const observation = observeMessage(
        state,
        {
          from: input.sender.ref,
          text: input.text,
          t: input.sentAt / 1000,
          ...(receivers === undefined || receivers.length === 0 ? {} : { to: receivers }),
        },
        participants,
        input.verdict,
      );
      const risk = observation.risk;
      await trx
        .insertInto('conversationMessages')
        .values({
          ...key,
          idx: observation.index,
          messageRef: input.messageRef ?? null,
          requestId: input.requestId,
          senderRef: input.sender.ref,
          receivers: JSON.stringify(receivers ?? []),
          text: input.storeText ? input.text : null,
          textLength: input.text.length,
          signals: JSON.stringify(
            observation.signals.map((s) => ({ signal: s.signal, start: s.start, end: s.end, weight: s.strength })),
          ),
          level: risk.level,
          sentAt: input.sentAt,
          createdAt: now,
        })
        .execute();
      if (observation.index >= CONVERSATION_LIMITS.messagesKept)
        await trx
          .deleteFrom('conversationMessages')
          .where('tenantId', '=', input.tenantId)
          .where('conversationRef', '=', input.conversationRef)
          .where('idx', '<=', observation.index - CONVERSATION_LIMITS.messagesKept)
          .execute();

      for (const track of risk.tracks) {
        if (track.kind !== 'grooming' || track.senders[0] !== input.sender.ref) continue;
        const values = {
          tenantId: input.tenantId,
          senderRef: input.sender.ref,
          conversationRef: input.conversationRef,
          targetRef: track.target,
          targetAge: state.participants[track.target]?.age ?? state.stated[track.target] ?? null,
          stages: JSON.stringify(track.stages.map((s) => s.stage)),
          peakLevel: track.peakLevel,
          at: now,
        };
        await trx
          .insertInto('conversationSenders')
          .values(values)
          .onConflict((oc) =>
            oc.columns(['tenantId', 'senderRef', 'conversationRef', 'targetRef']).doUpdateSet({
              stages: values.stages,
              peakLevel: values.peakLevel,
              targetAge: values.targetAge,
              at: now,
            }),
          )
          .execute();
      }

      const previous = levelOf(row.alertedLevel);
      const crossed = rank(risk.peakLevel) >= rank('high') && rank(risk.peakLevel) > rank(previous);
      await trx
        .updateTable('conversations')
        .set({
          state: JSON.stringify(state),
          level: risk.level,
          peakLevel: risk.peakLevel,
          kinds: JSON.stringify(risk.kinds),
          targetRef: risk.target,
          offenders: JSON.stringify(risk.offenders),
          flaggedAt: risk.flaggedAt,
          messageCount: state.messageCount,
          alertedLevel: crossed ? risk.peakLevel : previous,
          updatedAt: now,
        })
        .where('tenantId', '=', input.tenantId)
        .where('conversationRef', '=', input.conversationRef)
        .execute();
      return {
        index: observation.index,
        signals: observation.signals,
        risk,
        escalation: crossed ? { level: risk.peakLevel, previous } : null,
        caseId: row.caseId,
      };
    });
}

/** Remembers the case a conversation's escalation opened (or joined). */
export async function setConversationCase(
  db: Kysely<Database>,
  tenantId: string,
  conversationRef: string,
  caseId: string,
): Promise<void> {
  await tables(db)
    .updateTable('conversations')
    .set({ caseId })
    .where('tenantId', '=', tenantId)
    .where('conversationRef', '=', conversationRef)
    .execute();
}

/** A conversation's record with its risk as of `now` (decay lowers the current level, never the peak). */
export async function getConversation(
  db: Kysely<Database>,
  tenantId: string,
  conversationRef: string,
  now: number,
): Promise<ConversationRecord | undefined> {
  const row = await tables(db)
    .selectFrom('conversations')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('conversationRef', '=', conversationRef)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const state = JSON.parse(row.state) as ConversationState;
  return {
    tenantId,
    conversationRef,
    risk: assessConversation(state, Math.max(now / 1000, state.lastT ?? 0)),
    messageCount: Number(row.messageCount),
    alertedLevel: levelOf(row.alertedLevel),
    caseId: row.caseId,
    participants: state.participants,
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  };
}

/** The messages a conversation still keeps, oldest first. */
export async function listConversationMessages(
  db: Kysely<Database>,
  tenantId: string,
  conversationRef: string,
): Promise<readonly StoredConversationMessage[]> {
  const rows = await tables(db)
    .selectFrom('conversationMessages')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('conversationRef', '=', conversationRef)
    .orderBy('idx')
    .execute();
  return rows.map((r) => ({
    index: Number(r.idx),
    messageRef: r.messageRef,
    requestId: r.requestId,
    senderRef: r.senderRef,
    receivers: JSON.parse(r.receivers) as string[],
    text: r.text,
    textLength: Number(r.textLength),
    signals: JSON.parse(r.signals) as StoredConversationMessage['signals'],
    level: levelOf(r.level),
    sentAt: Number(r.sentAt),
  }));
}

/** Conversations at or above a level, most recently active first (for the console). */
export async function listRiskyConversations(
  db: Kysely<Database>,
  query: { readonly tenantId?: string | undefined; readonly atLeast: RiskLevel; readonly limit?: number },
): Promise<
  readonly {
    tenantId: string;
    conversationRef: string;
    peakLevel: RiskLevel;
    kinds: string[];
    targetRef: string | null;
    offenders: string[];
    messageCount: number;
    caseId: string | null;
    updatedAt: number;
  }[]
> {
  const levels = RISK_LEVELS.filter((l) => rank(l) >= rank(query.atLeast));
  let q = tables(db).selectFrom('conversations').selectAll().where('peakLevel', 'in', levels);
  if (query.tenantId !== undefined) q = q.where('tenantId', '=', query.tenantId);
  const rows = await q
    .orderBy('updatedAt', 'desc')
    .limit(query.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    tenantId: r.tenantId,
    conversationRef: r.conversationRef,
    peakLevel: levelOf(r.peakLevel),
    kinds: JSON.parse(r.kinds) as string[],
    targetRef: r.targetRef,
    offenders: JSON.parse(r.offenders) as string[],
    messageCount: Number(r.messageCount),
    caseId: r.caseId,
    updatedAt: Number(r.updatedAt),
  }));
}

const DAY_MS = 86_400_000;

/**
 * Deletes conversations (with their messages and sender records) untouched for longer than their tenant's retention or
 * the default, and sender records older than that in conversations that go on. Returns how many conversations.
 */
export async function purgeConversations(
  db: Kysely<Database>,
  options: { readonly now: number; readonly defaultRetentionDays: number },
): Promise<number> {
  const t = tables(db);
  const tenants = await t.selectFrom('tenants').select(['id', 'retentionDays']).execute();
  let deleted = 0;
  for (const tenant of tenants) {
    const cutoff = options.now - (tenant.retentionDays ?? options.defaultRetentionDays) * DAY_MS;
    const result = await t
      .deleteFrom('conversations')
      .where('tenantId', '=', tenant.id)
      .where('updatedAt', '<', cutoff)
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
    await t.deleteFrom('conversationSenders').where('tenantId', '=', tenant.id).where('at', '<', cutoff).execute();
    await t
      .deleteFrom('conversationMessages')
      .where('tenantId', '=', tenant.id)
      .where('createdAt', '<', cutoff)
      .execute();
  }
  return deleted;
}

/** The sender's records in other conversations, summarized. */
async function senderHistory(
  db: Db,
  tenantId: string,
  senderRef: string,
  conversationRef: string,
  now: number,
): Promise<ReturnType<typeof summarizeSender>> {
  const rows = await db
    .selectFrom('conversationSenders')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('senderRef', '=', senderRef)
    .where('conversationRef', '!=', conversationRef)
    .orderBy('at', 'desc')
    .limit(200)
    .execute();
  return summarizeSender(
    rows.map((r) => ({
      conversationRef: r.conversationRef,
      target: r.targetRef,
      targetAge: r.targetAge === null ? null : Number(r.targetAge),
      stages: JSON.parse(r.stages) as string[],
      peakLevel: levelOf(r.peakLevel),
      at: Number(r.at) / 1000,
    })),
    now / 1000,
  );
}

/** A registered minor's age from the age band alone: the middle of the band. */
const BAND_YEARS: Readonly<Record<string, number>> = {
  under_3: 2,
  age_3_8: 6,
  age_8_12: 10,
  age_12_16: 14,
  age_16_18: 17,
};

/** Minors the tenant registered in youth mode are minors: their birth date, or the middle of their band, gives the age. */
async function registeredMinorAges(
  db: Db,
  tenantId: string,
  now: number,
  refs: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (refs.length === 0) return out;
  const rows = await db
    .selectFrom('youthMinors')
    .select(['minorRef', 'declaredBand', 'birthDate'])
    .where('tenantId', '=', tenantId)
    .where('minorRef', 'in', refs)
    .execute();
  for (const r of rows) {
    const birthDate = openField('birth_date', r.birthDate);
    const born = birthDate === null ? NaN : Date.parse(birthDate);
    const years = Number.isNaN(born) ? undefined : Math.floor((now - born) / (365.25 * DAY_MS));
    out.set(r.minorRef, Math.min(17, years ?? BAND_YEARS[r.declaredBand ?? ''] ?? 12));
  }
  return out;
}

/** For tests and tooling: how many messages a conversation keeps now. */
export async function countConversationMessages(
  db: Kysely<Database>,
  tenantId: string,
  conversationRef: string,
): Promise<number> {
  const row = await tables(db)
    .selectFrom('conversationMessages')
    .select(sql<number>`count(*)`.as('n'))
    .where('tenantId', '=', tenantId)
    .where('conversationRef', '=', conversationRef)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
