import { AppError, type ErrorDetail } from '../lib/index.js';
import { isAgeBand } from '../engine/index.js';
import {
  DEFAULT_DAILY_MINUTES,
  DEFAULT_REST_REMINDER_MINUTES,
  GUARDIAN_BOUNDS,
  LAW_CURFEW,
  LAW_GAME_WINDOW,
  LAW_TOPUP_CAPS,
  bandRank,
  defaultFeature,
  featureStrictness,
  lawFeatureFloor,
} from './rules.js';
import { validateInteractionSettings } from './interactions.js';
import { isClockTime, secondsOfClock } from './time.js';
import {
  FEATURES,
  FEATURE_SETTINGS,
  WEEKDAYS,
  type AgeBand,
  type Curfew,
  type DaySchedule,
  type EffectivePolicy,
  type ExemptApp,
  type Feature,
  type FeatureSetting,
  type GuardianSettings,
  type MinorBand,
  type RuleId,
  type SettingLayer,
  type Sourced,
  type TenantPolicy,
  type Weekday,
} from './types.js';

/** Problems found in one layer of settings: malformed values, and values past a bound. */
interface Problems {
  readonly malformed: ErrorDetail[];
  readonly bounds: ErrorDetail[];
}

const problemsOf = (): Problems => ({ malformed: [], bounds: [] });

function malformed(problems: Problems, path: string, rule: RuleId | null, message: string): void {
  problems.malformed.push(rule === null ? { message, path } : { message, path, rule });
}

function pastBound(problems: Problems, path: string, rule: RuleId, message: string): void {
  problems.bounds.push({ message, path, rule });
}

function throwProblems(problems: Problems, code: 'policy_looser_than_law' | 'guardian_setting_out_of_bounds'): void {
  if (problems.malformed.length > 0) {
    throw new AppError('validation_failed', problems.malformed.map((p) => p.message).join('; '), problems.malformed);
  }
  if (problems.bounds.length > 0) {
    const rules = [...new Set(problems.bounds.map((p) => p.rule))].join(', ');
    const who = code === 'policy_looser_than_law' ? 'The tenant policy' : 'The guardian setting';
    throw new AppError(code, `${who} is looser than allowed by rule ${rules}.`, problems.bounds);
  }
}

const minorOf = (band: AgeBand): MinorBand => (band === 'adult' ? 'age_16_18' : band);

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function checkMinutes(problems: Problems, path: string, rule: RuleId, value: unknown): value is number {
  if (isWholeNumber(value) && value <= 24 * 60) return true;
  malformed(problems, path, rule, `${path}: expected whole minutes from 0 to 1440`);
  return false;
}

function checkFen(problems: Problems, path: string, rule: RuleId, value: unknown): value is number {
  if (isWholeNumber(value)) return true;
  malformed(problems, path, rule, `${path}: expected an amount in whole fen (0 or more)`);
  return false;
}

function checkCurfew(problems: Problems, path: string, curfew: Curfew, bound: Curfew): boolean {
  if (!isClockTime(curfew.start) || !isClockTime(curfew.end)) {
    malformed(problems, path, 'curfew', `${path}: expected start and end as HH:MM`);
    return false;
  }
  const start = secondsOfClock(curfew.start);
  const end = secondsOfClock(curfew.end);
  // The curfew wraps past midnight: a start equal to the end would be no curfew at all.
  const ok =
    start > end &&
    start >= secondsOfClock(GUARDIAN_BOUNDS.earliestCurfewStart) &&
    start <= secondsOfClock(bound.start) &&
    end >= secondsOfClock(bound.end) &&
    end <= secondsOfClock(GUARDIAN_BOUNDS.latestCurfewEnd);
  if (!ok) {
    pastBound(
      problems,
      path,
      'curfew',
      `${path}: the curfew must cover ${bound.start}–${bound.end} and may only start earlier (from ` +
        `${GUARDIAN_BOUNDS.earliestCurfewStart}) or end later (until ${GUARDIAN_BOUNDS.latestCurfewEnd})`,
    );
  }
  return ok;
}

function checkFeature(problems: Problems, path: string, feature: Feature, value: unknown): value is FeatureSetting {
  if (typeof value === 'string' && (FEATURE_SETTINGS as readonly string[]).includes(value)) return true;
  malformed(problems, path, FEATURE_RULES[feature], `${path}: expected one of ${FEATURE_SETTINGS.join(', ')}`);
  return false;
}

const FEATURE_RULES: Readonly<Record<Feature, RuleId>> = {
  tipping: 'live_tipping',
  hosting: 'live_hosting',
  stranger_dm: 'stranger_messages',
  game_play: 'game_hours',
  external_link: 'external_link',
};

/** The rule a feature setting belongs to. */
export function ruleOfFeature(feature: Feature): RuleId {
  return FEATURE_RULES[feature];
}

function sourced<T>(value: T, rule: RuleId, layer: SettingLayer): Sourced<T> {
  return { value, rule, layer };
}

/** The policy before any tenant or guardian setting: the law's floors and the guides' defaults for a band. */
export function defaultPolicy(band: AgeBand): EffectivePolicy {
  const minor = minorOf(band);
  const caps = LAW_TOPUP_CAPS[minor];
  const under8 = bandRank(band) < bandRank('age_8_12');
  const features = Object.fromEntries(
    FEATURES.map((feature) => {
      const d = defaultFeature(minor, feature);
      return [feature, sourced(d.value, FEATURE_RULES[feature], d.layer)];
    }),
  ) as Record<Feature, Sourced<FeatureSetting>>;
  return {
    band,
    dailyLimitSeconds: sourced(DEFAULT_DAILY_MINUTES[minor] * 60, 'daily_total', 'default'),
    schedule: sourced({}, 'weekday_schedule', 'default'),
    restReminderSeconds: sourced(DEFAULT_REST_REMINDER_MINUTES * 60, 'rest_reminder', 'default'),
    curfew: sourced(LAW_CURFEW, 'curfew', 'law'),
    gameWindow: sourced(LAW_GAME_WINDOW, 'game_hours', 'law'),
    features,
    contentBand: sourced(band, 'content_age_band', 'default'),
    topupPerPaymentFen: sourced(caps.perPaymentFen, 'game_topup', 'law'),
    topupPerMonthFen: sourced(caps.perMonthFen, 'game_topup', 'law'),
    // Under 8 a child has no civil capacity (民法典 Art 20): every purchase is the guardian's.
    purchaseApprovalOverFen: under8
      ? sourced(0, 'purchase_approval', 'law')
      : sourced(null, 'purchase_approval', 'default'),
    exemptApps: sourced([], 'exemption', 'default'),
    exitNeedsGuardian: sourced(band !== 'adult', 'mode_exit', 'law'),
  };
}

/**
 * Checks a tenant policy against the law and the guides' defaults: every value may only be stricter. Throws
 * `validation_failed` for a malformed value and `policy_looser_than_law` (each detail naming its rule) for a looser one.
 *
 * @example
 * validateTenantPolicy({ dailyLimitMinutes: { age_12_16: 90 } }); // throws policy_looser_than_law, rule daily_total
 */
export function validateTenantPolicy(tenant: TenantPolicy): void {
  applyTenant(defaultPolicy('age_12_16'), tenant);
}

function applyTenant(base: EffectivePolicy, tenant: TenantPolicy): EffectivePolicy {
  const problems = problemsOf();
  const band = minorOf(base.band);
  const bands = Object.keys(DEFAULT_DAILY_MINUTES) as MinorBand[];
  let policy = base;

  for (const [key, value] of Object.entries(tenant.dailyLimitMinutes ?? {})) {
    const path = `dailyLimitMinutes.${key}`;
    if (!isAgeBand(key) || key === 'adult') {
      malformed(problems, path, 'daily_total', `${path}: unknown minor age band`);
      continue;
    }
    if (!checkMinutes(problems, path, 'daily_total', value)) continue;
    if (value > DEFAULT_DAILY_MINUTES[key]) {
      pastBound(problems, path, 'daily_total', `${path}: at most ${DEFAULT_DAILY_MINUTES[key]} minutes for ${key}`);
    } else if (key === band) {
      policy = { ...policy, dailyLimitSeconds: sourced(value * 60, 'daily_total', 'tenant') };
    }
  }

  if (tenant.restReminderMinutes !== undefined) {
    const value = tenant.restReminderMinutes;
    if (checkMinutes(problems, 'restReminderMinutes', 'rest_reminder', value)) {
      if (value > DEFAULT_REST_REMINDER_MINUTES || value < GUARDIAN_BOUNDS.minRestReminderMinutes) {
        pastBound(
          problems,
          'restReminderMinutes',
          'rest_reminder',
          `restReminderMinutes: from ${GUARDIAN_BOUNDS.minRestReminderMinutes} to ${DEFAULT_REST_REMINDER_MINUTES} minutes`,
        );
      } else {
        policy = { ...policy, restReminderSeconds: sourced(value * 60, 'rest_reminder', 'tenant') };
      }
    }
  }

  if (tenant.curfew !== undefined && checkCurfew(problems, 'curfew', tenant.curfew, LAW_CURFEW)) {
    policy = { ...policy, curfew: sourced(tenant.curfew, 'curfew', 'tenant') };
  }

  for (const [field, lawKey] of [
    ['topupPerPaymentFen', 'perPaymentFen'],
    ['topupPerMonthFen', 'perMonthFen'],
  ] as const) {
    for (const [key, value] of Object.entries(tenant[field] ?? {})) {
      const path = `${field}.${key}`;
      if (!isAgeBand(key) || key === 'adult') {
        malformed(problems, path, 'game_topup', `${path}: unknown minor age band`);
        continue;
      }
      if (!checkFen(problems, path, 'game_topup', value)) continue;
      const cap = LAW_TOPUP_CAPS[key][lawKey];
      if (cap === null ? value > 0 : value > cap) {
        pastBound(problems, path, 'game_topup', `${path}: at most ${cap ?? 0} fen for ${key}`);
      } else if (key === band && cap !== null) {
        policy = { ...policy, [field]: sourced(value, 'game_topup', 'tenant') };
      }
    }
  }

  for (const [key, value] of Object.entries(tenant.features ?? {})) {
    const path = `features.${key}`;
    if (!(FEATURES as readonly string[]).includes(key)) {
      malformed(problems, path, null, `${path}: unknown feature (${FEATURES.join(', ')})`);
      continue;
    }
    const feature = key as Feature;
    if (!checkFeature(problems, path, feature, value)) continue;
    // One tenant setting serves every band, so it may be no looser than any band's default (strangers' messages stay
    // off by default, hosting stays refused under 16).
    const loosest = Math.max(...bands.map((b) => featureStrictness(defaultFeature(b, feature).value)));
    if (featureStrictness(value) < loosest) {
      pastBound(problems, path, FEATURE_RULES[feature], `${path}: may not be looser than the default`);
    } else {
      policy = {
        ...policy,
        features: { ...policy.features, [feature]: sourced(value, FEATURE_RULES[feature], 'tenant') },
      };
    }
  }

  if (tenant.educationApps !== undefined) {
    const apps: ExemptApp[] = [];
    tenant.educationApps.forEach((appId, i) => {
      if (typeof appId === 'string' && appId.length > 0) apps.push({ appId, kind: 'education' });
      else malformed(problems, `educationApps.${i}`, 'exemption', `educationApps.${i}: expected an app id`);
    });
    policy = { ...policy, exemptApps: sourced(apps, 'exemption', 'tenant') };
  }

  throwProblems(problems, 'policy_looser_than_law');
  return policy;
}

/**
 * Checks guardian settings for a minor of `band` under the tenant's policy. Throws `validation_failed` for a malformed
 * value and `guardian_setting_out_of_bounds` (each detail naming its rule) for one past a legal or tenant bound.
 *
 * @example
 * validateGuardianSettings('age_12_16', { features: { tipping: 'allow' } }); // throws, rule live_tipping
 */
export function validateGuardianSettings(band: AgeBand, settings: GuardianSettings, tenant: TenantPolicy = {}): void {
  if (settings.interactions !== undefined) validateInteractionSettings(settings.interactions);
  composePolicy(band, tenant, settings);
}

function checkSchedule(problems: Problems, schedule: Partial<Record<Weekday, DaySchedule>>): boolean {
  let ok = true;
  for (const [key, day] of Object.entries(schedule)) {
    const path = `schedule.${key}`;
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      malformed(problems, path, 'weekday_schedule', `${path}: unknown weekday (mon … sun)`);
      ok = false;
      continue;
    }
    if (day.dailyLimitMinutes !== undefined) {
      if (!checkMinutes(problems, `${path}.dailyLimitMinutes`, 'weekday_schedule', day.dailyLimitMinutes)) ok = false;
      else if (day.dailyLimitMinutes > GUARDIAN_BOUNDS.maxDailyMinutes) {
        pastBound(
          problems,
          `${path}.dailyLimitMinutes`,
          'daily_total',
          `${path}.dailyLimitMinutes: at most ${GUARDIAN_BOUNDS.maxDailyMinutes} minutes`,
        );
        ok = false;
      }
    }
    (day.windows ?? []).forEach((window, i) => {
      const wpath = `${path}.windows.${i}`;
      if (!isClockTime(window.start) || !isClockTime(window.end)) {
        malformed(problems, wpath, 'weekday_schedule', `${wpath}: expected start and end as HH:MM`);
        ok = false;
      } else if (secondsOfClock(window.start) >= secondsOfClock(window.end)) {
        malformed(problems, wpath, 'weekday_schedule', `${wpath}: the start must come before the end`);
        ok = false;
      }
    });
  }
  return ok;
}

/** The loosest value a guardian may choose for a feature; for hosting at 16–18 the guardian's `allow` is the consent. */
function guardianFloor(band: MinorBand, feature: Feature): FeatureSetting | null {
  if (feature === 'hosting' && band === 'age_16_18') return null;
  return lawFeatureFloor(band, feature);
}

/**
 * The effective policy of a minor: the law's floors and the guides' defaults, then the tenant's stricter policy, then the
 * guardian's settings within bounds. Each value keeps the layer that set it, so an audit can tell a product default from a
 * guardian's choice. The daily total is the guardian's to lower or raise (up to `GUARDIAN_BOUNDS.maxDailyMinutes`); every
 * other tenant value binds guardians too. Throws as `validateTenantPolicy` and `validateGuardianSettings` do.
 *
 * @example
 * composePolicy('age_12_16', {}, { dailyLimitMinutes: 90 }).dailyLimitSeconds; // { value: 5400, layer: 'guardian', … }
 */
export function composePolicy(
  band: AgeBand,
  tenant: TenantPolicy = {},
  guardian: GuardianSettings = {},
): EffectivePolicy {
  let policy = applyTenant(defaultPolicy(band), tenant);
  const minor = minorOf(band);
  const problems = problemsOf();

  if (guardian.dailyLimitMinutes !== undefined) {
    const value = guardian.dailyLimitMinutes;
    if (checkMinutes(problems, 'dailyLimitMinutes', 'daily_total', value)) {
      if (value > GUARDIAN_BOUNDS.maxDailyMinutes) {
        pastBound(
          problems,
          'dailyLimitMinutes',
          'daily_total',
          `dailyLimitMinutes: at most ${GUARDIAN_BOUNDS.maxDailyMinutes} minutes`,
        );
      } else {
        policy = { ...policy, dailyLimitSeconds: sourced(value * 60, 'daily_total', 'guardian') };
      }
    }
  }

  if (guardian.schedule !== undefined && checkSchedule(problems, guardian.schedule)) {
    policy = { ...policy, schedule: sourced(guardian.schedule, 'weekday_schedule', 'guardian') };
  }

  if (guardian.restReminderMinutes !== undefined) {
    const value = guardian.restReminderMinutes;
    if (checkMinutes(problems, 'restReminderMinutes', 'rest_reminder', value)) {
      const max = policy.restReminderSeconds.value / 60;
      if (value > max || value < GUARDIAN_BOUNDS.minRestReminderMinutes) {
        pastBound(
          problems,
          'restReminderMinutes',
          'rest_reminder',
          `restReminderMinutes: from ${GUARDIAN_BOUNDS.minRestReminderMinutes} to ${max} minutes`,
        );
      } else {
        policy = { ...policy, restReminderSeconds: sourced(value * 60, 'rest_reminder', 'guardian') };
      }
    }
  }

  if (guardian.curfew !== undefined && checkCurfew(problems, 'curfew', guardian.curfew, policy.curfew.value)) {
    policy = { ...policy, curfew: sourced(guardian.curfew, 'curfew', 'guardian') };
  }

  for (const [key, value] of Object.entries(guardian.features ?? {})) {
    const path = `features.${key}`;
    if (!(FEATURES as readonly string[]).includes(key)) {
      malformed(problems, path, null, `${path}: unknown feature (${FEATURES.join(', ')})`);
      continue;
    }
    const feature = key as Feature;
    if (!checkFeature(problems, path, feature, value)) continue;
    const current = policy.features[feature];
    const floor = guardianFloor(minor, feature);
    const tenantFloor = current.layer === 'tenant' ? current.value : null;
    const tooLoose =
      (floor !== null && featureStrictness(value) < featureStrictness(floor)) ||
      (tenantFloor !== null && featureStrictness(value) < featureStrictness(tenantFloor));
    if (tooLoose) {
      pastBound(problems, path, FEATURE_RULES[feature], `${path}: "${value}" is past the bound for ${band}`);
    } else {
      policy = {
        ...policy,
        features: { ...policy.features, [feature]: sourced(value, FEATURE_RULES[feature], 'guardian') },
      };
    }
  }

  if (guardian.contentBand !== undefined) {
    if (!isAgeBand(guardian.contentBand)) {
      malformed(problems, 'contentBand', 'content_age_band', 'contentBand: unknown age band');
    } else if (bandRank(guardian.contentBand) > bandRank(band)) {
      pastBound(problems, 'contentBand', 'content_age_band', `contentBand: at most the minor's own band (${band})`);
    } else {
      policy = { ...policy, contentBand: sourced(guardian.contentBand, 'content_age_band', 'guardian') };
    }
  }

  for (const field of ['topupPerPaymentFen', 'topupPerMonthFen'] as const) {
    const value = guardian[field];
    if (value === undefined || !checkFen(problems, field, 'game_topup', value)) continue;
    const cap = policy[field].value;
    if (cap === null ? value > 0 : value > cap) {
      pastBound(problems, field, 'game_topup', `${field}: at most ${cap ?? 0} fen`);
    } else if (cap !== null) {
      policy = { ...policy, [field]: sourced(value, 'game_topup', 'guardian') };
    }
  }

  const approval = guardian.purchaseApprovalOverFen;
  if (
    approval !== undefined &&
    (approval === null || checkFen(problems, 'purchaseApprovalOverFen', 'purchase_approval', approval))
  ) {
    const value = approval;
    const bound = policy.purchaseApprovalOverFen;
    if (bound.layer === 'law' && bound.value !== null && (value === null || value > bound.value)) {
      pastBound(
        problems,
        'purchaseApprovalOverFen',
        'purchase_approval',
        `purchaseApprovalOverFen: every purchase needs a guardian for ${band}`,
      );
    } else {
      policy = { ...policy, purchaseApprovalOverFen: sourced(value, 'purchase_approval', 'guardian') };
    }
  }

  if (guardian.exemptApps !== undefined) {
    const apps: ExemptApp[] = policy.exemptApps.value.filter((app) => app.kind === 'education');
    guardian.exemptApps.forEach((appId, i) => {
      if (typeof appId === 'string' && appId.length > 0) apps.push({ appId, kind: 'guardian_app' });
      else malformed(problems, `exemptApps.${i}`, 'exemption', `exemptApps.${i}: expected an app id`);
    });
    policy = { ...policy, exemptApps: sourced(apps, 'exemption', 'guardian') };
  }

  throwProblems(problems, 'guardian_setting_out_of_bounds');
  return policy;
}
