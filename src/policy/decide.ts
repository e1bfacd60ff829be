import { AppError } from '../lib/index.js';
import { CATEGORY_TIERS, type Tier } from '../engine/index.js';
import { isGameDay } from './calendar.js';
import { ruleOfFeature } from './compose.js';
import { BREAK_SECONDS, GUARDIAN_BOUNDS, RULES, bandRank } from './rules.js';
import { addDays, dayKeyOf, instantOf, localTimeOf, monthKeyOf, secondsOfClock } from './time.js';
import type {
  AppKind,
  ContentRating,
  Decision,
  EffectivePolicy,
  Feature,
  Label,
  Outcome,
  PolicyRequest,
  RuleId,
  SettingLayer,
  Sourced,
  YouthState,
} from './types.js';

const DAY_SECONDS = 86_400;

interface Extra {
  readonly remainingSeconds?: number;
  readonly nextReminderAt?: string;
  readonly restReminderDue?: boolean;
  readonly retryAt?: string;
}

function decision(outcome: Outcome, rule: RuleId, layer: SettingLayer, reason: Label, extra: Extra = {}): Decision {
  return { outcome, rule, source: RULES[rule].source, layer, reason, ...extra };
}

const minutes = (seconds: number): number => Math.ceil(seconds / 60);
const iso = (ms: number): string => new Date(ms).toISOString();

/** The usage counts of `state` that belong to the day and month of `now`; others have rolled over to zero. */
export function currentUsage(
  state: YouthState,
  now: Date,
): { used: number; extra: number; continuous: number; spentThisMonth: number } {
  const sameDay = state.dayKey === dayKeyOf(now);
  const lastActive = state.lastActiveAt ? Date.parse(state.lastActiveAt) : Number.NaN;
  const rested = Number.isFinite(lastActive) && now.getTime() - lastActive >= BREAK_SECONDS * 1000;
  return {
    used: sameDay ? Math.max(0, state.usedSecondsToday) : 0,
    extra: sameDay ? Math.max(0, state.extraSecondsToday) : 0,
    continuous: sameDay && !rested ? Math.max(0, state.continuousSeconds) : 0,
    spentThisMonth: state.monthKey === monthKeyOf(now) ? Math.max(0, state.spentThisMonthFen) : 0,
  };
}

/** Where `now` stands against a window that may wrap past midnight: inside (seconds left) or outside (seconds until it opens). */
function windowPosition(secondOfDay: number, start: number, end: number): { inside: boolean; seconds: number } {
  if (start <= end) {
    if (secondOfDay >= start && secondOfDay < end) return { inside: true, seconds: end - secondOfDay };
    return { inside: false, seconds: (start - secondOfDay + DAY_SECONDS) % DAY_SECONDS };
  }
  if (secondOfDay >= start) return { inside: true, seconds: DAY_SECONDS - secondOfDay + end };
  if (secondOfDay < end) return { inside: true, seconds: end - secondOfDay };
  return { inside: false, seconds: start - secondOfDay };
}

/** The limits on plain use at `now`: curfew, the weekday's windows and the daily total. */
function timeDecision(policy: EffectivePolicy, state: YouthState, now: Date): Decision {
  const local = localTimeOf(now);
  const nowMs = now.getTime();
  const curfew = policy.curfew;
  const curfewStart = secondsOfClock(curfew.value.start);
  const curfewEnd = secondsOfClock(curfew.value.end);
  const inCurfew = windowPosition(local.secondOfDay, curfewStart, curfewEnd);
  if (inCurfew.inside) {
    return decision(
      'deny',
      'curfew',
      curfew.layer,
      {
        zh: `现在是休息时间（${curfew.value.start}至次日${curfew.value.end}），明天再来吧`,
        en: `It is rest time (${curfew.value.start} to ${curfew.value.end}); come back tomorrow.`,
      },
      { retryAt: iso(nowMs + inCurfew.seconds * 1000) },
    );
  }
  const untilCurfew = inCurfew.seconds;

  const day = policy.schedule.value[local.weekday];
  let untilWindowEnd = Number.POSITIVE_INFINITY;
  if (day?.windows !== undefined) {
    const positions = day.windows.map((w) =>
      windowPosition(local.secondOfDay, secondsOfClock(w.start), Math.min(secondsOfClock(w.end), DAY_SECONDS)),
    );
    const inside = positions.filter((p) => p.inside);
    if (inside.length === 0) {
      const later = day.windows
        .map((w) => secondsOfClock(w.start))
        .filter((start) => start > local.secondOfDay)
        .sort((a, b) => a - b)[0];
      return decision(
        'deny',
        'weekday_schedule',
        policy.schedule.layer,
        { zh: '现在不在家长设定的使用时段内', en: 'This is outside the hours the guardian set for today.' },
        later === undefined ? {} : { retryAt: iso(nowMs + (later - local.secondOfDay) * 1000) },
      );
    }
    untilWindowEnd = Math.max(...inside.map((p) => p.seconds));
  }

  const usage = currentUsage(state, now);
  const dayLimit: Sourced<number> =
    day?.dailyLimitMinutes !== undefined
      ? { value: day.dailyLimitMinutes * 60, rule: 'weekday_schedule', layer: policy.schedule.layer }
      : policy.dailyLimitSeconds;
  const left = dayLimit.value + usage.extra - usage.used;
  if (left <= 0) {
    const tomorrow = instantOf(addDays(dayKeyOf(now), 1), curfewEnd < curfewStart ? curfewEnd : 0);
    return decision(
      'deny',
      'daily_total',
      dayLimit.layer,
      {
        zh: `今天的${minutes(dayLimit.value)}分钟已用完，可以请家长增加时间`,
        en: `Today's ${minutes(dayLimit.value)} minutes are used up; you can ask a guardian for more time.`,
      },
      { remainingSeconds: 0, retryAt: tomorrow.toISOString() },
    );
  }

  const remainingSeconds = Math.min(left, untilCurfew, untilWindowEnd);
  const rest = policy.restReminderSeconds;
  const restReminderDue = usage.continuous >= rest.value;
  const nextReminderAt = iso(nowMs + (restReminderDue ? 0 : rest.value - usage.continuous) * 1000);
  if (restReminderDue) {
    return decision(
      'allow',
      'rest_reminder',
      rest.layer,
      {
        zh: `已连续使用${minutes(usage.continuous)}分钟，起来休息一下吧`,
        en: `${minutes(usage.continuous)} minutes in a row: time for a break.`,
      },
      { remainingSeconds, nextReminderAt, restReminderDue },
    );
  }
  return decision(
    'allow',
    'daily_total',
    dayLimit.layer,
    { zh: `今天还可以使用${minutes(remainingSeconds)}分钟`, en: `${minutes(remainingSeconds)} minutes left today.` },
    { remainingSeconds, nextReminderAt, restReminderDue },
  );
}

/** The online-games window: only game days (Fri, Sat, Sun, statutory holidays) from 20:00 to 21:00, for every minor. */
function gameWindowDecision(policy: EffectivePolicy, now: Date): Decision | { remainingSeconds: number } {
  const window = policy.gameWindow;
  const start = secondsOfClock(window.value.start);
  const end = secondsOfClock(window.value.end);
  const local = localTimeOf(now);
  if (isGameDay(now) && local.secondOfDay >= start && local.secondOfDay < end) {
    return { remainingSeconds: end - local.secondOfDay };
  }
  // The next game day's window, within the next 14 days (every week has a Friday).
  let retryAt: string | undefined;
  const today = dayKeyOf(now);
  for (let d = 0; d < 14 && retryAt === undefined; d += 1) {
    const opens = instantOf(addDays(today, d), start);
    if (opens.getTime() > now.getTime() && isGameDay(opens)) retryAt = opens.toISOString();
  }
  return decision(
    'deny',
    'game_hours',
    window.layer,
    {
      zh: `未成年人只能在周五、周六、周日和法定节假日的${window.value.start}至${window.value.end}玩网络游戏`,
      en: `Minors may play online games only on Fridays, Saturdays, Sundays and statutory holidays, ${window.value.start}–${window.value.end}.`,
    },
    retryAt === undefined ? {} : { retryAt },
  );
}

function lockDecision(policy: EffectivePolicy): Decision {
  return decision('deny', 'guardian_lock', 'guardian', RULES.guardian_lock.summary, {
    ...(policy.band === 'adult' ? {} : { remainingSeconds: 0 }),
  });
}

/**
 * True when use of this app is exempt from time limits (calls, essential functions, registered education services and
 * guardian-chosen apps, never a game), so its heartbeats need not count toward the daily total.
 *
 * @example
 * isExemptUse(composePolicy('age_12_16'), undefined, 'call'); // true
 */
export function isExemptUse(policy: EffectivePolicy, appId: string | undefined, appKind: AppKind = 'general'): boolean {
  return isExempt(policy, appId, appKind);
}

/**
 * The most extra seconds a guardian may still grant on the Asia/Shanghai day of `now`, when `alreadyGranted` were granted
 * that day: the day's allowance (the weekday schedule's total, else the daily total) and every grant together reach at
 * most `GUARDIAN_BOUNDS.maxDailyMinutes`, the same ceiling as the daily total itself, so approvals cannot add up to a
 * seven-hour day.
 *
 * @example
 * extraTimeHeadroomSeconds(composePolicy('age_12_16'), 0, new Date()); // 10800 (60 minutes allowed, up to 240)
 */
export function extraTimeHeadroomSeconds(policy: EffectivePolicy, alreadyGranted: number, now: Date): number {
  const day = policy.schedule.value[localTimeOf(now).weekday];
  const allowance = day?.dailyLimitMinutes !== undefined ? day.dailyLimitMinutes * 60 : policy.dailyLimitSeconds.value;
  return Math.max(0, GUARDIAN_BOUNDS.maxDailyMinutes * 60 - allowance - alreadyGranted);
}

function isExempt(policy: EffectivePolicy, appId: string | undefined, appKind: AppKind): boolean {
  if (appKind === 'call' || appKind === 'essential') return true;
  if (appKind === 'game' || appId === undefined) return false;
  return policy.exemptApps.value.some((app) => app.appId === appId);
}

function featureSettingDecision(policy: EffectivePolicy, state: YouthState, feature: Feature): Decision | null {
  const setting = policy.features[feature];
  const rule = ruleOfFeature(feature);
  switch (setting.value) {
    case 'allow':
      return null;
    case 'deny':
      return decision('deny', rule, setting.layer, RULES[rule].summary);
    case 'needs_guardian':
      if (state.guardianConsents.includes(feature)) return null;
      return decision('needs_guardian', rule, setting.layer, RULES[rule].summary);
  }
}

/** A heartbeat or a game: games are held to the law's window even outside youth mode; plain use to youth mode's limits. */
function useDecision(
  policy: EffectivePolicy,
  state: YouthState,
  now: Date,
  appId: string | undefined,
  appKind: AppKind,
): Decision {
  const youth = state.youthMode;
  if (youth && state.locked && !(appKind === 'call' || appKind === 'essential')) return lockDecision(policy);
  if (youth && isExempt(policy, appId, appKind)) {
    return decision('allow', 'exemption', policy.exemptApps.layer, RULES.exemption.summary);
  }
  let gameLeft = Number.POSITIVE_INFINITY;
  if (appKind === 'game') {
    if (youth) {
      const setting = featureSettingDecision(policy, state, 'game_play');
      if (setting !== null) return setting;
    }
    const window = gameWindowDecision(policy, now);
    if ('outcome' in window) return window;
    gameLeft = window.remainingSeconds;
    if (!youth) {
      return decision('allow', 'game_hours', policy.gameWindow.layer, RULES.game_hours.summary, {
        remainingSeconds: gameLeft,
      });
    }
  }
  if (!youth) return decision('allow', 'youth_mode_off', 'default', RULES.youth_mode_off.summary);
  const time = timeDecision(policy, state, now);
  if (time.outcome !== 'allow' || time.remainingSeconds === undefined || time.remainingSeconds < gameLeft) return time;
  return {
    ...time,
    remainingSeconds: gameLeft,
    ...(time.rule === 'rest_reminder'
      ? {}
      : {
          rule: 'game_hours' as const,
          source: RULES.game_hours.source,
          layer: policy.gameWindow.layer,
          reason: {
            zh: `本次游戏时间还剩${minutes(gameLeft)}分钟`,
            en: `${minutes(gameLeft)} minutes of game time left.`,
          },
        }),
  };
}

const TIER_RULES: Readonly<Record<Tier, RuleId>> = {
  harmful: 'content_harmful',
  may_affect: 'content_may_affect',
  conduct: 'content_conduct',
};

function contentDecision(policy: EffectivePolicy, state: YouthState, rating: ContentRating): Decision {
  const tiers = new Set<Tier>((rating.categories ?? []).map((category) => CATEGORY_TIERS[category]));
  if (rating.tier !== undefined) tiers.add(rating.tier);
  if (tiers.has('harmful')) return decision('deny', 'content_harmful', 'law', RULES.content_harmful.summary);
  const minor = policy.band !== 'adult';
  if (!minor) return decision('allow', 'youth_mode_off', 'default', RULES.youth_mode_off.summary);
  // Kept from minors' pools, home pages, pop-ups and recommendations by law, in youth mode or not.
  for (const tier of ['may_affect', 'conduct'] as const) {
    if (tiers.has(tier)) return decision('deny', TIER_RULES[tier], 'law', RULES[TIER_RULES[tier]].summary);
  }
  if (
    state.youthMode &&
    rating.minBand !== undefined &&
    bandRank(rating.minBand) > bandRank(policy.contentBand.value)
  ) {
    return decision('deny', 'content_age_band', policy.contentBand.layer, {
      zh: '这个内容不适合你的年龄段',
      en: 'This content is not for your age band.',
    });
  }
  return decision('allow', 'content_age_band', policy.contentBand.layer, { zh: '适龄内容', en: 'Age-appropriate.' });
}

function purchaseDecision(
  policy: EffectivePolicy,
  state: YouthState,
  request: Extract<PolicyRequest, { kind: 'purchase' }>,
  now: Date,
): Decision {
  const amount = request.amountFen;
  if (!Number.isInteger(amount) || amount <= 0) {
    throw new AppError('validation_failed', 'amountFen must be a whole number of fen above 0.', [
      { message: 'expected a whole number of fen above 0', path: 'amountFen' },
    ]);
  }
  if (policy.band === 'adult') return decision('allow', 'youth_mode_off', 'default', RULES.youth_mode_off.summary);
  if (state.youthMode && state.locked) return lockDecision(policy);
  const yuan = (fen: number): string => (fen / 100).toFixed(2);
  if (request.purchaseKind === 'game_topup') {
    const perPayment = policy.topupPerPaymentFen;
    const perMonth = policy.topupPerMonthFen;
    if (perPayment.value === null || perMonth.value === null) {
      return decision('deny', 'game_topup', perPayment.layer, {
        zh: '8岁以下不能进行游戏充值',
        en: 'No game top-ups under 8.',
      });
    }
    if (amount > perPayment.value) {
      return decision('deny', 'game_topup', perPayment.layer, {
        zh: `单次充值不能超过${yuan(perPayment.value)}元`,
        en: `A single top-up may be at most ${yuan(perPayment.value)} CNY.`,
      });
    }
    const spent = currentUsage(state, now).spentThisMonth;
    if (spent + amount > perMonth.value) {
      const left = Math.max(0, perMonth.value - spent);
      return decision('deny', 'game_topup', perMonth.layer, {
        zh: `本月充值不能超过${yuan(perMonth.value)}元，还可充值${yuan(left)}元`,
        en: `Top-ups this month may total at most ${yuan(perMonth.value)} CNY; ${yuan(left)} CNY left.`,
      });
    }
  }
  const threshold = policy.purchaseApprovalOverFen;
  const approvalApplies = state.youthMode || threshold.layer === 'law';
  if (approvalApplies && threshold.value !== null && amount > threshold.value && request.guardianApproved !== true) {
    return decision('needs_guardian', 'purchase_approval', threshold.layer, {
      zh: '这笔消费需要家长同意',
      en: 'This purchase needs a guardian’s approval.',
    });
  }
  return request.purchaseKind === 'game_topup'
    ? decision('allow', 'game_topup', policy.topupPerPaymentFen.layer, {
        zh: '在充值限额内',
        en: 'Within the top-up caps.',
      })
    : decision('allow', 'purchase_approval', threshold.layer, { zh: '可以购买', en: 'Allowed.' });
}

/**
 * The policy's answer to one request at `now`: allow, deny or needs a guardian, with the rule, its source, the layer
 * that set the deciding value, a reason in Chinese and English, and for use the seconds left, the next rest reminder and
 * when a refusal ends. Law floors (games window, top-up caps, tipping, hosting under 16, harmful and may-affect content)
 * hold for every minor even outside youth mode; youth mode adds time limits, the guardian's settings and the exit check.
 * Pure: no clock but `now`. Throws only `validation_failed` for a malformed purchase amount.
 *
 * @example
 * decide(composePolicy('age_12_16'), state, { kind: 'session.heartbeat' }, new Date('2026-10-01T14:00:00Z'));
 * // { outcome: 'deny', rule: 'curfew', retryAt: '2026-10-01T22:00:00.000Z', … }
 */
export function decide(policy: EffectivePolicy, state: YouthState, request: PolicyRequest, now: Date): Decision {
  switch (request.kind) {
    case 'session.heartbeat':
      if (policy.band === 'adult') return decision('allow', 'youth_mode_off', 'default', RULES.youth_mode_off.summary);
      return useDecision(policy, state, now, request.appId, request.appKind ?? 'general');
    case 'content.view':
      return contentDecision(policy, state, request.rating);
    case 'feature.use': {
      const feature = request.feature;
      if (policy.band === 'adult') return decision('allow', 'youth_mode_off', 'default', RULES.youth_mode_off.summary);
      if (feature === 'game_play') return useDecision(policy, state, now, request.appId, 'game');
      if (state.youthMode && state.locked) return lockDecision(policy);
      const rule = ruleOfFeature(feature);
      const setting = policy.features[feature];
      if (!state.youthMode && setting.layer !== 'law') {
        return decision('allow', 'youth_mode_off', 'default', RULES.youth_mode_off.summary);
      }
      return (
        featureSettingDecision(policy, state, feature) ?? decision('allow', rule, setting.layer, RULES[rule].summary)
      );
    }
    case 'purchase':
      return purchaseDecision(policy, state, request, now);
    case 'mode.exit': {
      const exit = policy.exitNeedsGuardian;
      if (!state.youthMode) return decision('allow', 'youth_mode_off', 'default', RULES.youth_mode_off.summary);
      if (!exit.value || request.guardianVerified === true) {
        return decision('allow', 'mode_exit', exit.layer, { zh: '已通过家长验证', en: 'Guardian verified.' });
      }
      return decision('needs_guardian', 'mode_exit', exit.layer, RULES.mode_exit.summary);
    }
  }
}
