/** The taxonomy of DESIGN.md: every category id and the tier it belongs to. */
export const CATEGORY_TIERS = {
  sexual: 'harmful',
  csam: 'harmful',
  violence: 'harmful',
  gambling: 'harmful',
  drugs: 'harmful',
  self_harm: 'harmful',
  terrorism: 'harmful',
  cult: 'harmful',
  vulgar: 'may_affect',
  dangerous_acts: 'may_affect',
  tobacco_alcohol: 'may_affect',
  bad_values: 'may_affect',
  fandom: 'may_affect',
  spending_inducement: 'may_affect',
  discrimination: 'may_affect',
  horror: 'may_affect',
  abuse: 'conduct',
  grooming: 'conduct',
  fraud: 'conduct',
  contact_offplatform: 'conduct',
  doxxing: 'conduct',
  crime_solicitation: 'conduct',
  personal_info: 'conduct',
} as const;

export type Category = keyof typeof CATEGORY_TIERS;
export type Tier = (typeof CATEGORY_TIERS)[Category];
export const CATEGORIES = Object.keys(CATEGORY_TIERS) as Category[];

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ACTIONS = ['allow', 'label', 'review', 'block'] as const;
export type Action = (typeof ACTIONS)[number];

export const AGE_BANDS = ['under_3', 'age_3_8', 'age_8_12', 'age_12_16', 'age_16_18', 'adult'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const SURFACES = ['comment', 'chat', 'username', 'bio', 'post', 'search'] as const;
export type Surface = (typeof SURFACES)[number];

/** True when the string is a category id of the taxonomy. */
export function isCategory(value: string): value is Category {
  return Object.hasOwn(CATEGORY_TIERS, value);
}

/** True when the string is a severity. */
export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** True when the string is an age band. */
export function isAgeBand(value: string): value is AgeBand {
  return (AGE_BANDS as readonly string[]).includes(value);
}

const ACTION_RANK: Record<Action, number> = { allow: 0, label: 1, review: 2, block: 3 };

/**
 * The action one match calls for, from DESIGN.md: high blocks, medium goes to review (blocked for minors), low only labels.
 * The `may_affect` tier is a warning label for adults and kept from minors; public, persistent surfaces (username, bio)
 * block what would otherwise go to review, since a name is shown to everyone until someone acts.
 *
 * @example
 * decideAction('gambling', 'medium', 'age_12_16', 'comment'); // 'block'
 */
export function decideAction(category: Category, severity: Severity, ageBand: AgeBand, surface?: Surface): Action {
  const minor = ageBand !== 'adult';
  const tier = CATEGORY_TIERS[category];
  let action: Action;
  switch (severity) {
    case 'high':
      action = 'block';
      break;
    case 'medium':
      action = minor ? 'block' : 'review';
      break;
    case 'low':
      action = 'label';
      break;
  }
  if (tier === 'may_affect' && !minor && action !== 'label') action = 'label';
  // A minor's personal information is held for review (the verdict's `masked` text may stand in for it), an ID number
  // blocked; an adult's is theirs to share, a label.
  if (category === 'personal_info') action = !minor ? 'label' : severity === 'medium' ? 'review' : action;
  if (action === 'review' && (surface === 'username' || surface === 'bio')) action = 'block';
  return action;
}

/** The stronger of two actions. */
export function strongerAction(a: Action, b: Action): Action {
  return ACTION_RANK[a] >= ACTION_RANK[b] ? a : b;
}
