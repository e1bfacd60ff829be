import type { Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import type { Database, TenantRow } from '../schema.js';

/** A platform using the service. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  /** Raw text is kept in the decision log only when the tenant opted in (minors' data minimization). */
  readonly storeText: boolean;
  /** Days decisions are kept; null means the configured default. */
  readonly retentionDays: number | null;
  readonly lexiconVersion: number;
  readonly createdAt: number;
  /**
   * Model scores are flagged from this probability on where that is stricter than the age band's default; null: the
   * band's default. A tenant can only tighten: a looser value changes nothing.
   */
  readonly modelThreshold: number | null;
}

export interface TenantSettings {
  readonly storeText?: boolean | undefined;
  readonly retentionDays?: number | null | undefined;
  readonly modelThreshold?: number | null | undefined;
}

/** True when the value can be a tenant's model threshold: a probability above 0 (0 would flag every text) and at most 1. */
export function isModelThreshold(value: number): boolean {
  return Number.isFinite(value) && value > 0 && value <= 1;
}

function checkSettings(settings: TenantSettings): void {
  const t = settings.modelThreshold;
  if (t !== undefined && t !== null && !isModelThreshold(t)) {
    throw new AppError('validation_failed', 'A model threshold is a probability above 0 and at most 1.', [
      { message: `not a model threshold: ${t}`, path: 'modelThreshold' },
    ]);
  }
}

const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** True when the string can be a tenant id: lower-case letters, digits and hyphens, at most 40. */
export function isTenantId(value: string): boolean {
  return TENANT_ID.test(value);
}

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    name: row.name,
    storeText: row.storeText === 1,
    retentionDays: row.retentionDays,
    lexiconVersion: row.lexiconVersion,
    createdAt: row.createdAt,
    modelThreshold: row.modelThreshold,
  };
}

/** Creates a tenant; a taken id is a conflict. */
export async function createTenant(
  db: Kysely<Database>,
  input: { readonly id: string; readonly name?: string | undefined } & TenantSettings,
  now: number,
): Promise<Tenant> {
  if (!isTenantId(input.id)) {
    throw new AppError('validation_failed', 'A tenant id is 1–40 lower-case letters, digits or hyphens.', [
      { message: `not a tenant id: ${input.id}`, path: 'id' },
    ]);
  }
  checkSettings(input);
  const existing = await getTenant(db, input.id);
  if (existing !== undefined) throw new AppError('conflict', `Tenant ${input.id} already exists.`);
  const row: TenantRow = {
    id: input.id,
    name: input.name ?? input.id,
    storeText: input.storeText === true ? 1 : 0,
    retentionDays: input.retentionDays ?? null,
    lexiconVersion: 0,
    createdAt: now,
    modelThreshold: input.modelThreshold ?? null,
  };
  await db.insertInto('tenants').values(row).execute();
  return toTenant(row);
}

/** The tenant with this id, or undefined. */
export async function getTenant(db: Kysely<Database>, id: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toTenant(row);
}

/** Every tenant, by id. */
export async function listTenants(db: Kysely<Database>): Promise<readonly Tenant[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('id').execute();
  return rows.map(toTenant);
}

/** Changes a tenant's data settings; unknown tenant is not_found. */
export async function updateTenantSettings(
  db: Kysely<Database>,
  id: string,
  settings: TenantSettings,
): Promise<Tenant> {
  checkSettings(settings);
  const patch: { storeText?: number; retentionDays?: number | null; modelThreshold?: number | null } = {};
  if (settings.storeText !== undefined) patch.storeText = settings.storeText ? 1 : 0;
  if (settings.retentionDays !== undefined) patch.retentionDays = settings.retentionDays;
  if (settings.modelThreshold !== undefined) patch.modelThreshold = settings.modelThreshold;
  if (Object.keys(patch).length > 0) {
    await db.updateTable('tenants').set(patch).where('id', '=', id).execute();
  }
  const tenant = await getTenant(db, id);
  if (tenant === undefined) throw new AppError('not_found', `No tenant ${id}.`);
  return tenant;
}
