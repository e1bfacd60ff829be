import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { AppError, type ErrorDetail } from '../../lib/index.js';
import type { Database } from '../schema.js';
import { enqueueWebhookEvent } from '../webhooks/webhooks.js';
import { complianceTables, type ComplianceDb, type IncidentTable } from './tables.js';

export const INCIDENT_KINDS = ['leak', 'tamper', 'loss', 'unauthorized_access', 'other'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** The four grades of the CAC 网络安全事件分级指南: 一般, 较大, 重大, 特别重大. */
export const INCIDENT_GRADES = ['general', 'large', 'major', 'especially_major'] as const;
export type IncidentGrade = (typeof INCIDENT_GRADES)[number];

/**
 * Whom an operator reports a graded incident to, and how fast (国家网络安全事件报告管理办法 Art 4): a critical information
 * infrastructure operator (`cii`), a central or state organ (`central_organ`), or any other operator (`other`).
 */
export const INCIDENT_ROUTES = ['cii', 'central_organ', 'other'] as const;
export type IncidentRoute = (typeof INCIDENT_ROUTES)[number];

export const INCIDENT_STATUSES = ['open', 'contained', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * The steps the law sets after a breach of minors' personal information: contain it (启动应急预案, 补救措施), report it to the
 * regulator, tell the minors and their guardians, and where they cannot each be told, a public warning.
 */
export const INCIDENT_STEPS = ['contain', 'report_regulator', 'notify_guardians', 'public_notice'] as const;
export type IncidentStep = (typeof INCIDENT_STEPS)[number];

/** Hours within which a 较大 or graver incident is reported, by route (办法 Art 4). */
export const REPORT_HOURS: Readonly<Record<IncidentRoute, number>> = { cii: 1, central_organ: 2, other: 4 };

/** Where the law sets each step; the message catalogue gives the reader's words for each key. */
export const STEP_BASIS: Readonly<Record<IncidentStep, string>> = {
  contain: 'PIPL Art 57; 未成年人网络保护条例 ch. 4',
  report_regulator: 'PIPL Art 57; 国家网络安全事件报告管理办法 Art 4',
  notify_guardians: 'PIPL Art 57; 未成年人网络保护条例 ch. 4',
  public_notice: '未成年人网络保护条例 ch. 4',
};

/** When a step is due: the report to the regulator within the hours of its route from discovery for 较大 and graver; every other step at once, with no hours set by law (null). */
export function stepDeadline(
  step: IncidentStep,
  grade: IncidentGrade,
  route: IncidentRoute,
  discoveredAt: number,
): number | null {
  if (step === 'report_regulator' && grade !== 'general') return discoveredAt + REPORT_HOURS[route] * 3_600_000;
  return null;
}

export interface IncidentStepState {
  readonly step: IncidentStep;
  readonly dueAt: number | null;
  readonly doneAt: number | null;
  readonly doneBy: string | null;
  readonly note: string | null;
  readonly basis: string;
}

export interface Incident {
  readonly id: string;
  readonly tenantId: string;
  readonly title: string;
  readonly kind: IncidentKind;
  readonly grade: IncidentGrade;
  readonly route: IncidentRoute;
  readonly status: IncidentStatus;
  readonly minorsAffected: number;
  readonly piKinds: readonly string[];
  readonly description: string;
  readonly discoveredAt: number;
  readonly openedBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly closedAt: number | null;
  readonly steps: readonly IncidentStepState[];
}

export interface IncidentEvent {
  readonly actor: string;
  readonly change: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

export interface IncidentInput {
  readonly title: string;
  readonly kind: string;
  readonly grade: string;
  readonly route?: string | undefined;
  readonly minorsAffected: number;
  readonly piKinds?: readonly string[] | undefined;
  readonly description?: string | undefined;
  readonly discoveredAt: number;
}

export interface IncidentPatch {
  readonly grade?: string | undefined;
  readonly status?: string | undefined;
  readonly minorsAffected?: number | undefined;
  readonly description?: string | undefined;
  /** Steps done now, each with an optional note (the regulator's receipt number, how guardians were told). */
  readonly done?: readonly { readonly step: string; readonly note?: string | undefined }[] | undefined;
}

const isOneOf = <T extends string>(list: readonly T[], value: string | undefined): value is T =>
  value !== undefined && (list as readonly string[]).includes(value);

function checkCount(value: number | undefined, path: string, details: ErrorDetail[]): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 1e9))
    details.push({ path, message: 'a whole number from 0' });
}

function refuse(details: readonly ErrorDetail[]): never {
  throw new AppError(
    'validation_failed',
    'Incident: a title, a known kind, grade, route and status, counts as whole numbers, the time of discovery not in the future.',
    details,
  );
}

function checkInput(input: IncidentInput, now: number): void {
  const details: ErrorDetail[] = [];
  const title = input.title.trim();
  if (title === '' || title.length > 200) details.push({ path: 'title', message: '1 to 200 characters' });
  if (!isOneOf(INCIDENT_KINDS, input.kind))
    details.push({ path: 'kind', message: `one of ${INCIDENT_KINDS.join(', ')}` });
  if (!isOneOf(INCIDENT_GRADES, input.grade))
    details.push({ path: 'grade', message: `one of ${INCIDENT_GRADES.join(', ')}` });
  if (input.route !== undefined && !isOneOf(INCIDENT_ROUTES, input.route))
    details.push({ path: 'route', message: `one of ${INCIDENT_ROUTES.join(', ')}` });
  checkCount(input.minorsAffected, 'minorsAffected', details);
  if ((input.description ?? '').length > 5000)
    details.push({ path: 'description', message: 'at most 5000 characters' });
  if ((input.piKinds ?? []).some((k) => k.trim() === '' || k.length > 60))
    details.push({ path: 'piKinds', message: 'each 1 to 60 characters' });
  if (!Number.isFinite(input.discoveredAt) || input.discoveredAt > now)
    details.push({ path: 'discoveredAt', message: 'a time not in the future' });
  if (details.length > 0) refuse(details);
}

type Row = Selectable<IncidentTable>;

async function stepsOf(db: ComplianceDb, ids: readonly string[]): Promise<Map<string, IncidentStepState[]>> {
  const out = new Map<string, IncidentStepState[]>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('incidentSteps').selectAll().where('incidentId', 'in', ids).execute();
  for (const r of rows) {
    if (!isOneOf(INCIDENT_STEPS, r.step)) continue;
    const list = out.get(r.incidentId) ?? [];
    list.push({
      step: r.step,
      dueAt: r.dueAt === null ? null : Number(r.dueAt),
      doneAt: r.doneAt === null ? null : Number(r.doneAt),
      doneBy: r.doneBy,
      note: r.note,
      basis: STEP_BASIS[r.step],
    });
    out.set(r.incidentId, list);
  }
  for (const list of out.values()) list.sort((a, b) => INCIDENT_STEPS.indexOf(a.step) - INCIDENT_STEPS.indexOf(b.step));
  return out;
}

function toIncident(r: Row, steps: readonly IncidentStepState[]): Incident {
  return {
    id: r.id,
    tenantId: r.tenantId,
    title: r.title,
    kind: r.kind as IncidentKind,
    grade: r.grade as IncidentGrade,
    route: r.route as IncidentRoute,
    status: r.status as IncidentStatus,
    minorsAffected: Number(r.minorsAffected),
    piKinds: JSON.parse(r.piKinds) as string[],
    description: r.description,
    discoveredAt: Number(r.discoveredAt),
    openedBy: r.openedBy,
    createdAt: Number(r.createdAt),
    updatedAt: Number(r.updatedAt),
    closedAt: r.closedAt === null ? null : Number(r.closedAt),
    steps,
  };
}

/** The webhook body of an incident: what the platform needs to act, without the free text. */
function eventData(i: Incident) {
  return {
    incidentId: i.id,
    title: i.title,
    kind: i.kind,
    grade: i.grade,
    status: i.status,
    minorsAffected: i.minorsAffected,
    discoveredAt: new Date(i.discoveredAt).toISOString(),
    steps: i.steps.map((s) => ({
      step: s.step,
      dueAt: s.dueAt === null ? null : new Date(s.dueAt).toISOString(),
      doneAt: s.doneAt === null ? null : new Date(s.doneAt).toISOString(),
    })),
  };
}

/** One incident of the tenant; `not_found` when it has none of that id. */
export async function getIncident(db: Kysely<Database>, tenantId: string, id: string): Promise<Incident> {
  const cdb = complianceTables(db);
  const row = await cdb
    .selectFrom('incidents')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No incident ${id}.`);
  return toIncident(row, (await stepsOf(cdb, [id])).get(id) ?? []);
}

/** The tenant's incidents discovered in [from, to), newest first (every one without a period). */
export async function listIncidents(
  db: Kysely<Database>,
  tenantId: string,
  period?: { readonly from: number; readonly to: number },
): Promise<readonly Incident[]> {
  const cdb = complianceTables(db);
  let q = cdb.selectFrom('incidents').selectAll().where('tenantId', '=', tenantId);
  if (period) q = q.where('discoveredAt', '>=', period.from).where('discoveredAt', '<', period.to);
  const rows = await q.orderBy('discoveredAt', 'desc').orderBy('id').execute();
  const steps = await stepsOf(
    cdb,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toIncident(r, steps.get(r.id) ?? []));
}

/** An incident's history, oldest first. */
export async function listIncidentEvents(db: Kysely<Database>, incidentId: string): Promise<readonly IncidentEvent[]> {
  const rows = await complianceTables(db)
    .selectFrom('incidentEvents')
    .selectAll()
    .where('incidentId', '=', incidentId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    actor: r.actor,
    change: JSON.parse(r.change) as Record<string, unknown>,
    createdAt: Number(r.createdAt),
  }));
}

/**
 * Opens an incident with its notification steps and their deadlines, records who opened it, and queues an
 * `incident.opened` webhook event, in one transaction. Every problem of the input is a detail of one `validation_failed`.
 */
export async function openIncident(
  db: Kysely<Database>,
  tenantId: string,
  input: IncidentInput,
  actor: string,
  now: number,
): Promise<Incident> {
  checkInput(input, now);
  const id = `inc_${randomUUID()}`;
  const grade = input.grade as IncidentGrade;
  const route = (input.route ?? 'other') as IncidentRoute;
  await db.transaction().execute(async (trx) => {
    const cdb = complianceTables(trx);
    await cdb
      .insertInto('incidents')
      .values({
        id,
        tenantId,
        title: input.title.trim(),
        kind: input.kind,
        grade,
        route,
        status: 'open',
        minorsAffected: input.minorsAffected,
        piKinds: JSON.stringify([...new Set((input.piKinds ?? []).map((k) => k.trim()))]),
        description: input.description ?? '',
        discoveredAt: input.discoveredAt,
        openedBy: actor,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
      })
      .execute();
    await cdb
      .insertInto('incidentSteps')
      .values(
        INCIDENT_STEPS.map((step) => ({
          incidentId: id,
          step,
          dueAt: stepDeadline(step, grade, route, input.discoveredAt),
          doneAt: null,
          doneBy: null,
          note: null,
        })),
      )
      .execute();
    await cdb
      .insertInto('incidentEvents')
      .values({ id: randomUUID(), incidentId: id, actor, change: JSON.stringify({ opened: true }), createdAt: now })
      .execute();
    await enqueueWebhookEvent(trx, tenantId, 'incident.opened', eventData(await getIncident(trx, tenantId, id)), now);
  });
  return getIncident(db, tenantId, id);
}

/**
 * Changes an incident: its grade (the regulator's deadline follows it), status, count of minors affected, description, and
 * steps done. Records the change and queues an `incident.updated` webhook event in one transaction. A closed incident
 * takes no change but reopening (`conflict` otherwise); a step done once stays done.
 */
export async function updateIncident(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  patch: IncidentPatch,
  actor: string,
  now: number,
): Promise<Incident> {
  const details: ErrorDetail[] = [];
  if (patch.grade !== undefined && !isOneOf(INCIDENT_GRADES, patch.grade))
    details.push({ path: 'grade', message: `one of ${INCIDENT_GRADES.join(', ')}` });
  if (patch.status !== undefined && !isOneOf(INCIDENT_STATUSES, patch.status))
    details.push({ path: 'status', message: `one of ${INCIDENT_STATUSES.join(', ')}` });
  checkCount(patch.minorsAffected, 'minorsAffected', details);
  if ((patch.description ?? '').length > 5000)
    details.push({ path: 'description', message: 'at most 5000 characters' });
  for (const [k, d] of (patch.done ?? []).entries()) {
    if (!isOneOf(INCIDENT_STEPS, d.step))
      details.push({ path: `done.${k}.step`, message: `one of ${INCIDENT_STEPS.join(', ')}` });
    if ((d.note ?? '').length > 1000) details.push({ path: `done.${k}.note`, message: 'at most 1000 characters' });
  }
  if (details.length > 0) refuse(details);
  await db.transaction().execute(async (trx) => {
    const cdb = complianceTables(trx);
    const before = await getIncident(trx, tenantId, id);
    if (before.status === 'closed' && (patch.status === undefined || patch.status === 'closed'))
      throw new AppError('conflict', `Incident ${id} is closed; reopen it first.`);
    const change: Record<string, unknown> = {};
    const set: Record<string, unknown> = {};
    if (patch.grade !== undefined && patch.grade !== before.grade) {
      change['grade'] = [before.grade, patch.grade];
      set['grade'] = patch.grade;
      const grade = patch.grade as IncidentGrade;
      for (const s of before.steps)
        if (s.doneAt === null)
          await cdb
            .updateTable('incidentSteps')
            .set({ dueAt: stepDeadline(s.step, grade, before.route, before.discoveredAt) })
            .where('incidentId', '=', id)
            .where('step', '=', s.step)
            .execute();
    }
    if (patch.status !== undefined && patch.status !== before.status) {
      change['status'] = [before.status, patch.status];
      set['status'] = patch.status;
      set['closedAt'] = patch.status === 'closed' ? now : null;
    }
    if (patch.minorsAffected !== undefined && patch.minorsAffected !== before.minorsAffected) {
      change['minorsAffected'] = [before.minorsAffected, patch.minorsAffected];
      set['minorsAffected'] = patch.minorsAffected;
    }
    if (patch.description !== undefined && patch.description !== before.description) {
      change['description'] = true;
      set['description'] = patch.description;
    }
    const done: string[] = [];
    for (const d of patch.done ?? []) {
      const step = before.steps.find((s) => s.step === d.step);
      if (step === undefined || step.doneAt !== null || done.includes(d.step)) continue;
      done.push(d.step);
      await cdb
        .updateTable('incidentSteps')
        .set({ doneAt: now, doneBy: actor, note: d.note?.trim() === '' ? null : (d.note?.trim() ?? null) })
        .where('incidentId', '=', id)
        .where('step', '=', d.step)
        .execute();
    }
    if (done.length > 0) change['done'] = done;
    if (Object.keys(change).length === 0) return;
    await cdb
      .updateTable('incidents')
      .set({ ...set, updatedAt: now })
      .where('id', '=', id)
      .execute();
    await cdb
      .insertInto('incidentEvents')
      .values({ id: randomUUID(), incidentId: id, actor, change: JSON.stringify(change), createdAt: now })
      .execute();
    await enqueueWebhookEvent(
      trx,
      tenantId,
      'incident.updated',
      { ...eventData(await getIncident(trx, tenantId, id)), change: Object.keys(change) },
      now,
    );
  });
  return getIncident(db, tenantId, id);
}

/** Whether a step is past its deadline at `now` and not done. */
export function isStepOverdue(step: Pick<IncidentStepState, 'dueAt' | 'doneAt'>, now: number): boolean {
  return step.doneAt === null && step.dueAt !== null && step.dueAt < now;
}
