import { AppError } from '../lib/index.js';
import { RULES } from './rules.js';
import type { AgeBand, Decision, EffectivePolicy, Feature, Sourced } from './types.js';

/** Who may do something to a minor's posts, loosest first: everyone, followers (friends too), friends, nobody. */
export const AUDIENCES = ['everyone', 'followers', 'friends', 'nobody'] as const;
/** An audience of `AUDIENCES`. */
export type Audience = (typeof AUDIENCES)[number];

/**
 * The interaction controls of 《未成年人网络保护条例》 Art 26: who sees the posts, who may comment, who may repost, who may
 * send messages (strangers, besides, only when the strangers' messages setting lets them).
 */
export const INTERACTION_CONTROLS = ['posts', 'comments', 'reposts', 'messages'] as const;
/** A control of `INTERACTION_CONTROLS`. */
export type InteractionControl = (typeof INTERACTION_CONTROLS)[number];

/** Values for some of the controls (a guardian's settings, or the minor's own choices). */
export type InteractionSettings = Partial<Record<InteractionControl, Audience>>;

/** The controls in force, each with the layer that set it (`minor`: the minor's own, stricter choice). */
export type EffectiveInteractions = Readonly<Record<InteractionControl, Sourced<Audience>>>;

/** How the other user stands to the minor, as the platform knows it. */
export const RELATIONS = ['friend', 'follower', 'stranger'] as const;
/** A relation of `RELATIONS`. */
export type Relation = (typeof RELATIONS)[number];

/** What another user wants to do: see the minor's posts, comment on them, repost them, or message the minor. */
export const INTERACTIONS = ['view_posts', 'comment', 'repost', 'message'] as const;
/** An interaction of `INTERACTIONS`. */
export type Interaction = (typeof INTERACTIONS)[number];

/**
 * A minor's defaults: posts seen by friends, comments from friends, reposts off, messages from anyone the strangers'
 * messages setting (`stranger_dm`, off by default) lets through. Adults' are open: everyone.
 */
export const MINOR_INTERACTION_DEFAULTS: Readonly<Record<InteractionControl, Audience>> = {
  posts: 'friends',
  comments: 'friends',
  reposts: 'nobody',
  messages: 'everyone',
};

const CONTROL_OF: Readonly<Record<Interaction, InteractionControl>> = {
  view_posts: 'posts',
  comment: 'comments',
  repost: 'reposts',
  message: 'messages',
};

const REACH: Readonly<Record<Audience, readonly Relation[]>> = {
  everyone: ['friend', 'follower', 'stranger'],
  followers: ['friend', 'follower'],
  friends: ['friend'],
  nobody: [],
};

function strictness(audience: Audience): number {
  return AUDIENCES.indexOf(audience);
}

/** True when the string is an audience. */
export function isAudience(value: unknown): value is Audience {
  return typeof value === 'string' && (AUDIENCES as readonly string[]).includes(value);
}

/** Checks interaction settings: each key a control, each value an audience; `validation_failed` naming every bad one. */
export function validateInteractionSettings(settings: unknown, path = 'interactions'): InteractionSettings {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new AppError('validation_failed', 'Interaction settings are an object.', [{ path, message: 'an object' }]);
  }
  const details = Object.entries(settings).flatMap(([key, value]) => {
    if (!(INTERACTION_CONTROLS as readonly string[]).includes(key)) {
      return [{ path: `${path}.${key}`, message: `one of ${INTERACTION_CONTROLS.join(', ')}` }];
    }
    return isAudience(value) ? [] : [{ path: `${path}.${key}`, message: `one of ${AUDIENCES.join(', ')}` }];
  });
  if (details.length > 0) throw new AppError('validation_failed', 'The interaction settings are not valid.', details);
  return settings;
}

/**
 * The interaction controls in force for a minor: the guardian's value or the default, made stricter (never looser) by
 * the minor's own choice, since a minor may always close more (条例 Art 26) and only a guardian opens what the defaults
 * close. An adult starts open.
 *
 * @example
 * composeInteractions('age_12_16', {}, { posts: 'nobody' }).posts; // { value: 'nobody', layer: 'minor', … }
 */
export function composeInteractions(
  band: AgeBand,
  guardian: InteractionSettings = {},
  own: InteractionSettings = {},
): EffectiveInteractions {
  const entries = INTERACTION_CONTROLS.map((control) => {
    const chosen = band === 'adult' ? undefined : guardian[control];
    const base: Sourced<Audience> =
      chosen !== undefined
        ? { value: chosen, rule: 'interaction_audience', layer: 'guardian' }
        : {
            value: band === 'adult' ? 'everyone' : MINOR_INTERACTION_DEFAULTS[control],
            rule: 'interaction_audience',
            layer: 'default',
          };
    const mine = own[control];
    const value =
      mine !== undefined && strictness(mine) > strictness(base.value)
        ? ({ value: mine, rule: 'interaction_audience', layer: 'minor' } as const)
        : base;
    return [control, value] as const;
  });
  return Object.fromEntries(entries) as Record<InteractionControl, Sourced<Audience>>;
}

function answer(outcome: Decision['outcome'], sourced: Pick<Sourced<unknown>, 'rule' | 'layer'>): Decision {
  return {
    outcome,
    rule: sourced.rule,
    source: RULES[sourced.rule].source,
    layer: sourced.layer,
    reason: RULES[sourced.rule].summary,
  };
}

/**
 * Whether another user may do this to a minor now: someone the minor blocked may do nothing; seeing, commenting on and
 * reposting the minor's posts and sending messages follow the audience in force, and a stranger's message also needs
 * the strangers' messages setting (`stranger_dm`, on by a guardian's setting or consent).
 *
 * @example
 * decideInteraction(composePolicy('age_12_16'), composeInteractions('age_12_16'), [], { action: 'comment', relation: 'stranger', blocked: false });
 * // { outcome: 'deny', rule: 'interaction_audience', layer: 'default', … }
 */
export function decideInteraction(
  policy: EffectivePolicy,
  interactions: EffectiveInteractions,
  consents: readonly Feature[],
  request: { readonly action: Interaction; readonly relation: Relation; readonly blocked: boolean },
): Decision {
  if (request.blocked) return answer('deny', { rule: 'interaction_block', layer: 'minor' });
  const audience = interactions[CONTROL_OF[request.action]];
  if (!REACH[audience.value].includes(request.relation)) return answer('deny', audience);
  if (request.action === 'message' && request.relation === 'stranger' && policy.band !== 'adult') {
    const setting = policy.features.stranger_dm;
    const open = setting.value === 'allow' || (setting.value === 'needs_guardian' && consents.includes('stranger_dm'));
    return answer(open ? 'allow' : 'deny', setting);
  }
  return answer('allow', audience);
}
