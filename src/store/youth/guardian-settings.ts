import {
  composePolicy,
  validateGuardianSettings,
  type EffectivePolicy,
  type GuardianSettings,
} from '../../policy/index.js';
import { requireBinding } from './guardian-bindings.js';
import {
  appendAudit,
  changeMinorJson,
  effectivePolicy,
  minorRowById,
  refreshBand,
  tenantPolicyOf,
  toMinor,
  type Db,
  type Minor,
} from './youth-core.js';

/** A minor's settings as a guardian sees them: their own choices, and the policy in force with each value's layer. */
export interface GuardianSettingsView {
  readonly minor: Minor;
  /** Only what guardians chose (kept apart from the defaults). */
  readonly settings: GuardianSettings;
  /** The policy in force: law, defaults, tenant and guardian layers composed. */
  readonly effective: EffectivePolicy;
  /** The policy without any guardian choice: what the product and the law give. */
  readonly defaults: EffectivePolicy;
}

/** The settings of a minor the guardian is bound to (`not_found` otherwise). */
export async function getGuardianSettings(
  db: Db,
  input: { readonly guardianId: string; readonly minorId: string },
  now: number,
): Promise<GuardianSettingsView> {
  await requireBinding(db, input.guardianId, input.minorId);
  return db.transaction().execute(async (trx) => {
    const row = await refreshBand(trx, await minorRowById(trx, input.minorId, true), now);
    const minor = toMinor(row);
    const tenant = await tenantPolicyOf(trx, row.tenantId);
    return {
      minor,
      settings: minor.guardianSettings,
      effective: effectivePolicy(minor.band, tenant, minor.guardianSettings),
      defaults: composePolicy(minor.band, tenant, {}),
    };
  });
}

/**
 * Replaces a guardian's settings for a minor after the policy engine checked them against the legal bounds and the
 * tenant's policy: a value past a bound is `guardian_setting_out_of_bounds`, each detail naming its rule. The change is an
 * audit event (who, when, old → new); nothing changes when the settings are the same.
 */
export async function updateGuardianSettings(
  db: Db,
  input: { readonly guardianId: string; readonly minorId: string; readonly settings: GuardianSettings },
  now: number,
): Promise<GuardianSettingsView> {
  await requireBinding(db, input.guardianId, input.minorId);
  return db.transaction().execute(async (trx) => {
    const row = await refreshBand(trx, await minorRowById(trx, input.minorId, true), now);
    const minor = toMinor(row);
    const tenant = await tenantPolicyOf(trx, row.tenantId);
    validateGuardianSettings(minor.band, input.settings, tenant);
    const old = minor.guardianSettings;
    const actor = { type: 'guardian', id: input.guardianId } as const;
    const change = { actor, oldValue: old, newValue: input.settings };
    await changeMinorJson(trx, row, { ...change, column: 'guardianSettings', action: 'settings.change' }, now);
    // A feature turned to "ask me first" or off withdraws the consent given before: the next use asks again.
    const withdrawn = minor.consents.filter((feature) => {
      const setting = input.settings.features?.[feature];
      return (setting === 'needs_guardian' || setting === 'deny') && old.features?.[feature] !== setting;
    });
    const consents = minor.consents.filter((feature) => !withdrawn.includes(feature));
    await changeMinorJson(
      trx,
      row,
      { column: 'consents', action: 'consent.change', actor, oldValue: minor.consents, newValue: consents },
      now,
    );
    const updated = { ...minor, guardianSettings: input.settings, consents, updatedAt: now };
    return {
      minor: updated,
      settings: input.settings,
      effective: composePolicy(minor.band, tenant, input.settings),
      defaults: composePolicy(minor.band, tenant, {}),
    };
  });
}

/**
 * Locks the minor's devices now (every heartbeat is denied until unlocked) or unlocks them. Locking twice keeps the first
 * time; an audit event records each change.
 */
export async function setMinorLock(
  db: Db,
  input: { readonly guardianId: string; readonly minorId: string; readonly locked: boolean },
  now: number,
): Promise<Minor> {
  await requireBinding(db, input.guardianId, input.minorId);
  return db.transaction().execute(async (trx) => {
    const row = await minorRowById(trx, input.minorId, true);
    const wasLocked = row.lockedAt !== null;
    if (wasLocked === input.locked) return toMinor(row);
    const patch = input.locked ? { lockedAt: now, lockedBy: input.guardianId } : { lockedAt: null, lockedBy: null };
    await trx
      .updateTable('youthMinors')
      .set({ ...patch, updatedAt: now })
      .where('id', '=', row.id)
      .execute();
    await appendAudit(
      trx,
      {
        tenantId: row.tenantId,
        minorId: row.id,
        actor: { type: 'guardian', id: input.guardianId },
        action: input.locked ? 'lock' : 'unlock',
        oldValue: { locked: wasLocked },
        newValue: { locked: input.locked },
      },
      now,
    );
    return toMinor({ ...row, ...patch, updatedAt: now });
  });
}
