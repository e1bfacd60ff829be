import { AppError } from '../../lib/index.js';
import {
  composeInteractions,
  decideInteraction,
  validateInteractionSettings,
  type Decision,
  type EffectiveInteractions,
  type Interaction,
  type InteractionSettings,
  type Relation,
} from '../../policy/index.js';
import {
  appendAudit,
  changeMinorJson,
  effectivePolicy,
  isUniqueViolation,
  minorRowByRef,
  parseJson,
  refreshBand,
  tenantPolicyOf,
  toMinor,
  type Actor,
  type Db,
} from './youth-core.js';
import type { YouthMinorRow } from '../schema.js';

/** A minor's interaction controls: the minor's own choices, and what is in force with the layer that set each value. */
export interface InteractionsView {
  readonly choices: InteractionSettings;
  readonly effective: EffectiveInteractions;
  /** How many users the minor blocked. */
  readonly blocked: number;
}

const USER_REF = /^[\p{L}\p{N}._:@-]{1,200}$/u;

function checkUserRef(userRef: string): void {
  if (!USER_REF.test(userRef)) {
    throw new AppError('validation_failed', 'The user ref is not valid.', [
      { path: 'userRef', message: 'a userRef is 1–200 letters, digits or ._:@-' },
    ]);
  }
}

function choicesOf(row: YouthMinorRow): InteractionSettings {
  return parseJson<InteractionSettings>(row.interactionChoices, {});
}

async function view(db: Db, row: YouthMinorRow): Promise<InteractionsView> {
  const minor = toMinor(row);
  const choices = choicesOf(row);
  const count = await db
    .selectFrom('youthBlocks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('minorId', '=', row.id)
    .executeTakeFirstOrThrow();
  return {
    choices,
    effective: composeInteractions(minor.band, minor.guardianSettings.interactions, choices),
    blocked: Number(count.n),
  };
}

/** The interaction controls of a minor of the tenant (`not_found` for an unknown ref). */
export async function getInteractions(
  db: Db,
  input: { readonly tenantId: string; readonly minorRef: string },
  now: number,
): Promise<InteractionsView> {
  const row = await refreshBand(db, await minorRowByRef(db, input.tenantId, input.minorRef), now);
  return view(db, row);
}

/**
 * Records the minor's own choices (the platform acts for the minor, 条例 Art 26): who sees the posts, who may comment,
 * who may repost. A choice looser than what the guardian or the defaults set is kept but changes nothing until they
 * open more; a choice is removed by leaving it out. An audit event records the change.
 */
export async function setInteractionChoices(
  db: Db,
  input: { readonly tenantId: string; readonly minorRef: string; readonly choices: unknown; readonly actor: Actor },
  now: number,
): Promise<InteractionsView> {
  const choices = validateInteractionSettings(input.choices);
  return db.transaction().execute(async (trx) => {
    const row = await refreshBand(trx, await minorRowByRef(trx, input.tenantId, input.minorRef, true), now);
    await changeMinorJson(
      trx,
      row,
      {
        column: 'interactionChoices',
        action: 'interactions.change',
        actor: input.actor,
        oldValue: choicesOf(row),
        newValue: choices,
      },
      now,
    );
    return view(trx, { ...row, interactionChoices: JSON.stringify(choices) });
  });
}

/** Blocks a user for a minor: they can no longer see, comment on or repost the minor's posts, nor message the minor. */
export async function blockUser(
  db: Db,
  input: { readonly tenantId: string; readonly minorRef: string; readonly userRef: string; readonly actor: Actor },
  now: number,
): Promise<{ readonly userRef: string; readonly blockedAt: number; readonly created: boolean }> {
  checkUserRef(input.userRef);
  return db.transaction().execute(async (trx) => {
    const row = await minorRowByRef(trx, input.tenantId, input.minorRef);
    const existing = await trx
      .selectFrom('youthBlocks')
      .select('createdAt')
      .where('minorId', '=', row.id)
      .where('userRef', '=', input.userRef)
      .executeTakeFirst();
    if (existing !== undefined) {
      return { userRef: input.userRef, blockedAt: Number(existing.createdAt), created: false };
    }
    try {
      await trx.insertInto('youthBlocks').values({ minorId: row.id, userRef: input.userRef, createdAt: now }).execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return { userRef: input.userRef, blockedAt: now, created: false };
    }
    await appendAudit(
      trx,
      { tenantId: row.tenantId, minorId: row.id, actor: input.actor, action: 'block', newValue: input.userRef },
      now,
    );
    return { userRef: input.userRef, blockedAt: now, created: true };
  });
}

/** Lifts a block; `not_found` when the user was not blocked. */
export async function unblockUser(
  db: Db,
  input: { readonly tenantId: string; readonly minorRef: string; readonly userRef: string; readonly actor: Actor },
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await minorRowByRef(trx, input.tenantId, input.minorRef);
    const deleted = await trx
      .deleteFrom('youthBlocks')
      .where('minorId', '=', row.id)
      .where('userRef', '=', input.userRef)
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw new AppError('not_found', 'This user is not blocked.');
    await appendAudit(
      trx,
      { tenantId: row.tenantId, minorId: row.id, actor: input.actor, action: 'unblock', oldValue: input.userRef },
      now,
    );
  });
}

/** The users a minor blocked, newest first. */
export async function listBlocks(
  db: Db,
  input: { readonly tenantId: string; readonly minorRef: string },
): Promise<readonly { readonly userRef: string; readonly blockedAt: number }[]> {
  const row = await minorRowByRef(db, input.tenantId, input.minorRef);
  const rows = await db
    .selectFrom('youthBlocks')
    .select(['userRef', 'createdAt'])
    .where('minorId', '=', row.id)
    .orderBy('createdAt', 'desc')
    .orderBy('userRef')
    .execute();
  return rows.map((r) => ({ userRef: r.userRef, blockedAt: Number(r.createdAt) }));
}

/**
 * Whether another user may do this to the minor now (see `decideInteraction`): the platform asks before showing the
 * minor's posts to them, taking their comment or repost, or delivering their message.
 */
export async function checkInteraction(
  db: Db,
  input: {
    readonly tenantId: string;
    readonly minorRef: string;
    readonly actorRef: string;
    readonly relation: Relation;
    readonly action: Interaction;
  },
  now: number,
): Promise<Decision> {
  checkUserRef(input.actorRef);
  const row = await refreshBand(db, await minorRowByRef(db, input.tenantId, input.minorRef), now);
  const minor = toMinor(row);
  const blocked = await db
    .selectFrom('youthBlocks')
    .select('userRef')
    .where('minorId', '=', row.id)
    .where('userRef', '=', input.actorRef)
    .executeTakeFirst();
  const policy = effectivePolicy(minor.band, await tenantPolicyOf(db, row.tenantId), minor.guardianSettings);
  const interactions = composeInteractions(minor.band, minor.guardianSettings.interactions, choicesOf(row));
  return decideInteraction(policy, interactions, minor.consents, {
    action: input.action,
    relation: input.relation,
    blocked: blocked !== undefined,
  });
}
