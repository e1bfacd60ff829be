import { AppError } from '../../lib/index.js';
import { hashSecret, randomId } from '../random-token.js';
import { appendAudit, minorRowById, minorRowByRef, refreshBand, toMinor, type Db, type Minor } from './youth-core.js';

/** A guardian's role for a minor: the primary guardian may unbind others; secondary guardians have the same controls. */
export const GUARDIAN_ROLES = ['primary', 'secondary'] as const;
export type GuardianRole = (typeof GUARDIAN_ROLES)[number];

/** Binding codes live this long by default, and at most `maxTtlMs`. */
export const BINDING_CODE = { ttlMs: 30 * 60_000, maxTtlMs: 7 * 86_400_000, length: 10 } as const;

/** A guardian bound to a minor. */
export interface Binding {
  readonly guardianId: string;
  readonly minorId: string;
  readonly role: GuardianRole;
  readonly createdAt: number;
}

/** A minor as a bound guardian sees it in a list. */
export interface BoundMinor {
  readonly minor: Minor;
  readonly role: GuardianRole;
  readonly boundAt: number;
}

function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

/**
 * Issues a one-time binding code for a minor (what the platform shows as text or a QR code). It is stored hashed, expires
 * after `ttlMs` and binds one guardian once. The first guardian bound to a minor is its primary guardian.
 */
export async function issueBindingCode(
  db: Db,
  input: { readonly tenantId: string; readonly minorRef: string; readonly ttlMs?: number | undefined },
  now: number,
): Promise<{ readonly code: string; readonly minorId: string; readonly expiresAt: number }> {
  const ttl = input.ttlMs ?? BINDING_CODE.ttlMs;
  if (!Number.isSafeInteger(ttl) || ttl < 60_000 || ttl > BINDING_CODE.maxTtlMs) {
    throw new AppError('validation_failed', 'A binding code lives from one minute to seven days.', [
      { path: 'ttlSeconds', message: 'out of range' },
    ]);
  }
  const minor = await minorRowByRef(db, input.tenantId, input.minorRef);
  const code = randomId(BINDING_CODE.length);
  const expiresAt = now + ttl;
  await db
    .insertInto('guardianBindingCodes')
    .values({ codeHash: hashSecret(code), minorId: minor.id, createdAt: now, expiresAt, usedAt: null, usedBy: null })
    .execute();
  return { code, minorId: minor.id, expiresAt };
}

/**
 * A guardian redeems a binding code: an unknown, used or expired code is `not_found` / `conflict`; a guardian already
 * bound to the minor is a `conflict` (and the code stays unused). The code is spent in the same transaction that binds,
 * so it works exactly once. The binding is an audit event.
 */
export async function redeemBindingCode(
  db: Db,
  input: { readonly guardianId: string; readonly code: string },
  now: number,
): Promise<BoundMinor> {
  const codeHash = hashSecret(normalizeCode(input.code));
  return db.transaction().execute(async (trx) => {
    const code = await trx
      .selectFrom('guardianBindingCodes')
      .selectAll()
      .where('codeHash', '=', codeHash)
      .executeTakeFirst();
    if (code === undefined)
      throw new AppError('not_found', 'No such binding code.', [{ path: 'code', message: 'code_unknown' }]);
    if (code.usedAt !== null)
      throw new AppError('conflict', 'This binding code was already used.', [{ path: 'code', message: 'code_used' }]);
    if (Number(code.expiresAt) <= now) {
      throw new AppError('conflict', 'This binding code has expired; ask for a new one.', [
        { path: 'code', message: 'code_expired' },
      ]);
    }
    const minorRow = await refreshBand(trx, await minorRowById(trx, code.minorId, true), now);
    const existing = await trx
      .selectFrom('guardianBindings')
      .select('role')
      .where('minorId', '=', code.minorId)
      .execute();
    const already = await trx
      .selectFrom('guardianBindings')
      .select('role')
      .where('minorId', '=', code.minorId)
      .where('guardianId', '=', input.guardianId)
      .executeTakeFirst();
    if (already !== undefined) {
      throw new AppError('conflict', 'You are already bound to this minor.', [
        { path: 'code', message: 'already_bound' },
      ]);
    }
    const spent = await trx
      .updateTable('guardianBindingCodes')
      .set({ usedAt: now, usedBy: input.guardianId })
      .where('codeHash', '=', codeHash)
      .where('usedAt', 'is', null)
      .executeTakeFirst();
    if (spent.numUpdatedRows === 0n)
      throw new AppError('conflict', 'This binding code was already used.', [{ path: 'code', message: 'code_used' }]);
    const role: GuardianRole = existing.some((b) => b.role === 'primary') ? 'secondary' : 'primary';
    await trx
      .insertInto('guardianBindings')
      .values({ guardianId: input.guardianId, minorId: code.minorId, role, createdAt: now })
      .execute();
    await appendAudit(
      trx,
      {
        tenantId: minorRow.tenantId,
        minorId: minorRow.id,
        actor: { type: 'guardian', id: input.guardianId },
        action: 'binding.add',
        newValue: { guardianId: input.guardianId, role },
      },
      now,
    );
    return { minor: toMinor(minorRow), role, boundAt: now };
  });
}

/** The binding of a guardian to a minor; `not_found` when the guardian is not bound (the minor is not theirs to see). */
export async function requireBinding(db: Db, guardianId: string, minorId: string): Promise<Binding> {
  const row = await db
    .selectFrom('guardianBindings')
    .selectAll()
    .where('guardianId', '=', guardianId)
    .where('minorId', '=', minorId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No minor ${minorId} is bound to you.`);
  return { ...row, role: row.role as GuardianRole, createdAt: Number(row.createdAt) };
}

/** The minors a guardian is bound to, oldest binding first, bands brought up to date. */
export async function listGuardianMinors(db: Db, guardianId: string, now: number): Promise<readonly BoundMinor[]> {
  const rows = await db
    .selectFrom('guardianBindings as b')
    .innerJoin('youthMinors as m', 'm.id', 'b.minorId')
    .selectAll('m')
    .select(['b.role as bindingRole', 'b.createdAt as boundAt'])
    .where('b.guardianId', '=', guardianId)
    .orderBy('b.createdAt')
    .orderBy('m.id')
    .execute();
  const out: BoundMinor[] = [];
  for (const row of rows) {
    const { bindingRole, boundAt, ...minor } = row;
    const fresh = await refreshBand(db, minor, now);
    out.push({ minor: toMinor(fresh), role: bindingRole as GuardianRole, boundAt: Number(boundAt) });
  }
  return out;
}

/** A minor's guardians, primary first. */
export async function listMinorGuardians(
  db: Db,
  minorId: string,
): Promise<
  readonly {
    readonly guardianId: string;
    readonly displayName: string;
    readonly role: GuardianRole;
    readonly boundAt: number;
  }[]
> {
  const rows = await db
    .selectFrom('guardianBindings as b')
    .innerJoin('guardians as g', 'g.id', 'b.guardianId')
    .select(['b.guardianId', 'g.displayName', 'b.role', 'b.createdAt'])
    .where('b.minorId', '=', minorId)
    .orderBy('b.createdAt')
    .execute();
  return rows
    .map((r) => ({
      guardianId: r.guardianId,
      displayName: r.displayName,
      role: r.role as GuardianRole,
      boundAt: Number(r.createdAt),
    }))
    .sort((a, b) => (a.role === b.role ? a.boundAt - b.boundAt : a.role === 'primary' ? -1 : 1));
}

/**
 * Unbinds a guardian from a minor. The primary guardian may unbind anyone else; any guardian may unbind themselves;
 * the primary guardian leaving hands the primary role to the longest-bound other guardian. Anything else is `forbidden`.
 */
export async function unbindGuardian(
  db: Db,
  input: { readonly actorGuardianId: string; readonly minorId: string; readonly guardianId: string },
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const minor = await minorRowById(trx, input.minorId, true);
    const actor = await requireBinding(trx, input.actorGuardianId, input.minorId);
    const target = await requireBinding(trx, input.guardianId, input.minorId);
    if (input.actorGuardianId !== input.guardianId && actor.role !== 'primary') {
      throw new AppError('forbidden', 'Only the primary guardian can unbind another guardian.');
    }
    await trx
      .deleteFrom('guardianBindings')
      .where('guardianId', '=', input.guardianId)
      .where('minorId', '=', input.minorId)
      .execute();
    let promoted: string | null = null;
    if (target.role === 'primary') {
      const next = await trx
        .selectFrom('guardianBindings')
        .select('guardianId')
        .where('minorId', '=', input.minorId)
        .orderBy('createdAt')
        .orderBy('guardianId')
        .executeTakeFirst();
      if (next !== undefined) {
        promoted = next.guardianId;
        await trx
          .updateTable('guardianBindings')
          .set({ role: 'primary' })
          .where('guardianId', '=', next.guardianId)
          .where('minorId', '=', input.minorId)
          .execute();
      }
    }
    await appendAudit(
      trx,
      {
        tenantId: minor.tenantId,
        minorId: minor.id,
        actor: { type: 'guardian', id: input.actorGuardianId },
        action: 'binding.remove',
        oldValue: { guardianId: input.guardianId, role: target.role },
        newValue: promoted === null ? null : { primary: promoted },
      },
      now,
    );
  });
}
