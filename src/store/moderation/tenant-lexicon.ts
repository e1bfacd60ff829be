import type { Kysely } from 'kysely';
import { parseLexicon, type LexiconSource } from '../../engine/index.js';
import { AppError, type ErrorDetail } from '../../lib/index.js';
import type { Database, LexiconTermRow } from '../schema.js';

/** How a tenant's row changes the default lexicon. */
export const TERM_KINDS = ['add', 'disable', 'allow'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

/** One of a tenant's own lexicon rows. */
export interface TenantTerm {
  readonly term: string;
  readonly kind: TermKind;
  readonly category: string | null;
  readonly severity: string | null;
  /** Variant switches as in a lexicon line: `+kind` or `-kind`. */
  readonly variants: readonly string[];
  readonly updatedAt: number;
}

/** One change to a tenant's lexicon; every change makes one new version. */
export interface LexiconChange {
  readonly add?:
    | readonly {
        readonly term: string;
        readonly category: string;
        readonly severity: string;
        readonly variants?: readonly string[] | undefined;
      }[]
    | undefined;
  /** Default terms to switch off for this tenant. */
  readonly disable?: readonly string[] | undefined;
  /** Allow terms: spans that are never a match (博物馆 for 博). */
  readonly allow?: readonly string[] | undefined;
  /** Terms to take out of the tenant's rows, whatever their kind, returning to the default behaviour. */
  readonly remove?: readonly string[] | undefined;
}

export interface LexiconVersionInfo {
  readonly version: number;
  readonly change: LexiconChange;
  readonly createdAt: number;
}

const BAD_TERM = /[\s#!~]|^$/u;
const VARIANT_SWITCH = /^[+-][a-z_]+$/;

function toTenantTerm(row: LexiconTermRow): TenantTerm {
  return {
    term: row.term,
    kind: row.kind as TermKind,
    category: row.category,
    severity: row.severity,
    variants: row.variants === null ? [] : row.variants.split(' '),
    updatedAt: row.updatedAt,
  };
}

/** The tenant's rows as one lexicon source, the last of the sources compiled for the tenant. */
export function renderTenantSource(tenantId: string, terms: readonly TenantTerm[]): LexiconSource {
  const order: Record<TermKind, number> = { disable: 0, add: 1, allow: 2 };
  const sorted = [...terms].sort(
    (a, b) => order[a.kind] - order[b.kind] || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0),
  );
  const lines = sorted.map((t) => {
    switch (t.kind) {
      case 'disable':
        return `!${t.term}`;
      case 'allow':
        return `~${t.term}`;
      case 'add':
        return [t.term, t.category ?? '', t.severity ?? '', ...t.variants].filter((s) => s !== '').join(' ');
    }
  });
  return { name: `tenant:${tenantId}`, text: lines.length === 0 ? '' : `${lines.join('\n')}\n` };
}

/** The tenant's current rows and lexicon version. */
export async function getTenantLexicon(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ readonly version: number; readonly terms: readonly TenantTerm[] }> {
  const tenant = await db.selectFrom('tenants').select('lexiconVersion').where('id', '=', tenantId).executeTakeFirst();
  if (tenant === undefined) throw new AppError('not_found', `No tenant ${tenantId}.`);
  const rows = await db
    .selectFrom('lexiconTerms')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .orderBy('kind')
    .orderBy('term')
    .execute();
  return { version: tenant.lexiconVersion, terms: rows.map(toTenantTerm) };
}

function checkChange(change: LexiconChange): void {
  const details: ErrorDetail[] = [];
  const checkTerm = (term: string, path: string): void => {
    if (BAD_TERM.test(term)) details.push({ message: 'a term is non-empty, with no spaces and no # ! ~', path });
  };
  change.add?.forEach((a, i) => {
    checkTerm(a.term, `add.${i}.term`);
    a.variants?.forEach((v, j) => {
      if (!VARIANT_SWITCH.test(v))
        details.push({ message: 'a variant switch is +kind or -kind', path: `add.${i}.variants.${j}` });
    });
  });
  change.disable?.forEach((t, i) => checkTerm(t, `disable.${i}`));
  change.allow?.forEach((t, i) => checkTerm(t, `allow.${i}`));
  change.remove?.forEach((t, i) => checkTerm(t, `remove.${i}`));
  const count =
    (change.add?.length ?? 0) +
    (change.disable?.length ?? 0) +
    (change.allow?.length ?? 0) +
    (change.remove?.length ?? 0);
  if (count === 0) details.push({ message: 'a change needs at least one term' });
  if (details.length > 0) throw new AppError('validation_failed', 'The lexicon change is not valid.', details);
}

/**
 * Applies a change to the tenant's rows and records a new version, all in one transaction. The merged lexicon (default
 * sources, then the tenant's source) is parsed before commit, so a version that would not compile is never stored, nor
 * one that would leave more than `maxTerms` rows (`lexicon_too_large`).
 */
export async function changeTenantLexicon(
  db: Kysely<Database>,
  tenantId: string,
  change: LexiconChange,
  defaultSources: readonly LexiconSource[],
  now: number,
  maxTerms = Number.POSITIVE_INFINITY,
): Promise<{ readonly version: number; readonly source: LexiconSource }> {
  checkChange(change);
  return db.transaction().execute(async (tx) => {
    // Taking the tenant row first serializes concurrent changes to one tenant on PostgreSQL (SQLite has one writer anyway).
    const tenant = await tx
      .updateTable('tenants')
      .set((eb) => ({ lexiconVersion: eb('lexiconVersion', '+', 1) }))
      .where('id', '=', tenantId)
      .returning('lexiconVersion')
      .executeTakeFirst();
    if (tenant === undefined) throw new AppError('not_found', `No tenant ${tenantId}.`);
    const version = tenant.lexiconVersion;
    // A term is either added or disabled, never both; allow rows stand apart. Clear what the change replaces.
    const replaced = [...(change.add ?? []).map((a) => a.term), ...(change.disable ?? [])];
    if (change.remove !== undefined && change.remove.length > 0) {
      await tx.deleteFrom('lexiconTerms').where('tenantId', '=', tenantId).where('term', 'in', change.remove).execute();
    }
    if (replaced.length > 0) {
      await tx
        .deleteFrom('lexiconTerms')
        .where('tenantId', '=', tenantId)
        .where('term', 'in', replaced)
        .where('kind', 'in', ['add', 'disable'])
        .execute();
    }
    const allowNew = change.allow ?? [];
    if (allowNew.length > 0) {
      await tx
        .deleteFrom('lexiconTerms')
        .where('tenantId', '=', tenantId)
        .where('term', 'in', allowNew)
        .where('kind', '=', 'allow')
        .execute();
    }
    const inserts: LexiconTermRow[] = [
      ...(change.add ?? []).map((a) => ({
        tenantId,
        term: a.term,
        kind: 'add',
        category: a.category,
        severity: a.severity,
        variants: a.variants === undefined || a.variants.length === 0 ? null : a.variants.join(' '),
        updatedAt: now,
      })),
      ...(change.disable ?? []).map((term) => ({
        tenantId,
        term,
        kind: 'disable',
        category: null,
        severity: null,
        variants: null,
        updatedAt: now,
      })),
      ...allowNew.map((term) => ({
        tenantId,
        term,
        kind: 'allow',
        category: null,
        severity: null,
        variants: null,
        updatedAt: now,
      })),
    ];
    const unique = new Map(inserts.map((r) => [`${r.kind}\u0000${r.term}`, r]));
    if (unique.size > 0)
      await tx
        .insertInto('lexiconTerms')
        .values([...unique.values()])
        .execute();
    const rows = await tx.selectFrom('lexiconTerms').selectAll().where('tenantId', '=', tenantId).execute();
    // Refused inside the transaction: the rows written above roll back and the previous version keeps serving.
    if (rows.length > maxTerms)
      throw new AppError(
        'lexicon_too_large',
        `The change would leave ${rows.length} terms in the tenant's lexicon; at most ${maxTerms} are allowed (MAX_TENANT_TERMS).`,
        [{ message: `at most ${maxTerms} terms, added, disabled and allowed together`, path: 'add' }],
      );
    const source = renderTenantSource(tenantId, rows.map(toTenantTerm));
    parseLexicon([...defaultSources, source]);
    await tx
      .insertInto('lexiconVersions')
      .values({ tenantId, version, source: source.text, change: JSON.stringify(change), createdAt: now })
      .execute();
    return { version, source };
  });
}

/** The tenant source of one version, or undefined when there is no such version. */
export async function getTenantLexiconSource(
  db: Kysely<Database>,
  tenantId: string,
  version: number,
): Promise<LexiconSource | undefined> {
  const row = await db
    .selectFrom('lexiconVersions')
    .select('source')
    .where('tenantId', '=', tenantId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row === undefined ? undefined : { name: `tenant:${tenantId}`, text: row.source };
}

/** The tenant's versions, newest first. */
export async function listTenantLexiconVersions(
  db: Kysely<Database>,
  tenantId: string,
  limit = 100,
): Promise<readonly LexiconVersionInfo[]> {
  const rows = await db
    .selectFrom('lexiconVersions')
    .select(['version', 'change', 'createdAt'])
    .where('tenantId', '=', tenantId)
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    version: r.version,
    change: JSON.parse(r.change) as LexiconChange,
    createdAt: r.createdAt,
  }));
}

/** Every tenant's current lexicon version, for tenants that changed the default lexicon. */
export async function currentLexiconVersions(db: Kysely<Database>): Promise<ReadonlyMap<string, number>> {
  const rows = await db
    .selectFrom('tenants')
    .select(['id', 'lexiconVersion'])
    .where('lexiconVersion', '>', 0)
    .execute();
  return new Map(rows.map((r) => [r.id, r.lexiconVersion]));
}
