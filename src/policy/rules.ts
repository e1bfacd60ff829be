import { AGE_BANDS } from '../engine/index.js';
import type { AgeBand, Curfew, Feature, FeatureSetting, Label, MinorBand, RuleId, TimeWindow } from './types.js';

/** One rule of youth mode: what it says and where it comes from. */
export interface Rule {
  readonly source: string;
  readonly summary: Label;
}

const CAC_GUIDE = 'CAC 《移动互联网未成年人模式建设指南》 (2024-11)';

/** Every rule with its source, as in DESIGN.md's table of age bands and youth-mode defaults. */
export const RULES: Readonly<Record<RuleId, Rule>> = {
  youth_mode_off: {
    source: CAC_GUIDE,
    summary: { zh: '未开启青少年模式', en: 'Youth mode is off.' },
  },
  guardian_lock: {
    source: `${CAC_GUIDE}; 《未成年人网络保护条例》 Art 43`,
    summary: { zh: '家长已锁定设备', en: 'A guardian has locked the device.' },
  },
  exemption: {
    source: CAC_GUIDE,
    summary: {
      zh: '通话、必要功能、已登记的教育服务和家长选定的应用不受时长限制',
      en: 'Calls, essential functions, registered education services and guardian-chosen apps are exempt from time limits.',
    },
  },
  daily_total: {
    source: CAC_GUIDE,
    summary: {
      zh: '每日总时长：16岁以下默认60分钟，16至18岁默认120分钟',
      en: 'Daily total: 60 minutes by default under 16, 120 minutes for 16–18.',
    },
  },
  weekday_schedule: {
    source: CAC_GUIDE,
    summary: { zh: '家长设定的每周时间表', en: "The guardian's weekly schedule." },
  },
  rest_reminder: {
    source: CAC_GUIDE,
    summary: { zh: '连续使用30分钟提醒休息', en: 'A rest reminder after 30 minutes of continuous use.' },
  },
  curfew: {
    source: CAC_GUIDE,
    summary: { zh: '22:00至次日6:00不提供服务', en: 'No service from 22:00 to 06:00 (Asia/Shanghai).' },
  },
  game_hours: {
    source: '《未成年人保护法》 Art 75; 国家新闻出版署《关于进一步严格管理 切实防止未成年人沉迷网络游戏的通知》 (2021)',
    summary: {
      zh: '网络游戏仅限周五、周六、周日和法定节假日20:00至21:00',
      en: 'Online games only on Fridays, Saturdays, Sundays and statutory holidays, 20:00–21:00.',
    },
  },
  game_topup: {
    source: '国家新闻出版署《关于防止未成年人沉迷网络游戏的通知》 (2019)',
    summary: {
      zh: '游戏充值：8岁以下不可充值；8至16岁单次不超过50元、每月不超过200元；16至18岁单次不超过100元、每月不超过400元',
      en: 'Game top-ups: none under 8; 8–16 at most 50 CNY a payment and 200 a month; 16–18 at most 100 and 400.',
    },
  },
  purchase_approval: {
    source: '《未成年人网络保护条例》 Art 44; 《民法典》 Arts 19–20',
    summary: { zh: '超过家长设定金额的消费需家长同意', en: "Purchases above the guardian's threshold need approval." },
  },
  live_tipping: {
    source: '中央文明办等四部门《关于规范网络直播打赏 加强未成年人保护的意见》 (2022)',
    summary: { zh: '未成年人不得直播打赏', en: 'Minors may not tip in live streams.' },
  },
  live_hosting: {
    source: '《未成年人保护法》 Art 76',
    summary: {
      zh: '16岁以下不得开播；16至18岁开播需监护人同意',
      en: 'No live-stream hosting under 16; 16–18 with guardian consent.',
    },
  },
  interaction_audience: {
    source: '《未成年人网络保护条例》 Art 26',
    summary: {
      zh: '未成年人的动态默认仅好友可见、仅好友可评论、不可转发，私信可以关闭；可以设得更严，放宽需要家长',
      en: "A minor's posts are seen and commented on by friends only and not reposted by default, and messages can be turned off; the minor may close more, only a guardian opens more.",
    },
  },
  interaction_block: {
    source: '《未成年人网络保护条例》 Art 26',
    summary: { zh: '对方已被屏蔽', en: 'The minor has blocked this user.' },
  },
  stranger_messages: {
    source: '《未成年人网络保护条例》 Art 26',
    summary: { zh: '默认关闭陌生人私信', en: 'Messages from strangers are off by default.' },
  },
  external_link: {
    source: CAC_GUIDE,
    summary: {
      zh: '外部链接会离开适龄内容池，需家长同意',
      en: 'External links leave the age-appropriate content pool and need a guardian.',
    },
  },
  content_harmful: {
    source: '《未成年人网络保护条例》 Art 22',
    summary: { zh: '有害信息对所有人屏蔽', en: 'Harmful content is blocked for everyone.' },
  },
  content_may_affect: {
    source: '《未成年人网络保护条例》 Art 23; 《可能影响未成年人身心健康的网络信息分类办法》 (2025)',
    summary: {
      zh: '可能影响未成年人身心健康的信息不向未成年人展示',
      en: "Content that may affect minors' health is kept from minors.",
    },
  },
  content_conduct: {
    source: '《未成年人网络保护条例》 Arts 25–27, 38',
    summary: {
      zh: '欺凌、诱骗、诈骗等行为内容不向未成年人展示',
      en: 'Abuse, grooming, fraud and similar conduct is kept from minors.',
    },
  },
  content_age_band: {
    source: 'Shanghai 《网络平台青少年模式设置指南(3.0版)》; ' + CAC_GUIDE,
    summary: { zh: '内容适龄分级', en: 'Content is shown by age band.' },
  },
  mode_exit: {
    source: CAC_GUIDE,
    summary: { zh: '退出青少年模式需家长验证', en: 'Leaving youth mode needs guardian verification.' },
  },
};

/** The time zone of every clock rule. China has kept UTC+8 without daylight saving since 1991. */
export const TIME_ZONE = 'Asia/Shanghai';

/** The law's night: no service from 22:00 to 06:00. Only a longer curfew may be set. */
export const LAW_CURFEW: Curfew = { start: '22:00', end: '06:00' };

/** The only hour of online games, on game days (NPPA 2021). */
export const LAW_GAME_WINDOW: TimeWindow = { start: '20:00', end: '21:00' };

/** Game top-up caps in fen (NPPA 2019); null: no top-ups at all. */
export const LAW_TOPUP_CAPS: Readonly<Record<MinorBand, { perPaymentFen: number | null; perMonthFen: number | null }>> =
  {
    under_3: { perPaymentFen: null, perMonthFen: null },
    age_3_8: { perPaymentFen: null, perMonthFen: null },
    age_8_12: { perPaymentFen: 5_000, perMonthFen: 20_000 },
    age_12_16: { perPaymentFen: 5_000, perMonthFen: 20_000 },
    age_16_18: { perPaymentFen: 10_000, perMonthFen: 40_000 },
  };

/** The guides' daily totals in minutes: the default a guardian may lower or raise within `GUARDIAN_BOUNDS`. */
export const DEFAULT_DAILY_MINUTES: Readonly<Record<MinorBand, number>> = {
  under_3: 60,
  age_3_8: 60,
  age_8_12: 60,
  age_12_16: 60,
  age_16_18: 120,
};

/** A rest reminder after this many minutes of continuous use; it may only be made shorter. */
export const DEFAULT_REST_REMINDER_MINUTES = 30;

/** A gap without heartbeats of at least this many seconds counts as a break and restarts continuous use. */
export const BREAK_SECONDS = 10 * 60;

/**
 * Feature defaults. Tipping is never allowed to minors and hosting never under 16 (law); hosting at 16–18 and
 * external links need a guardian; strangers' messages are off until a guardian turns them on.
 */
export function defaultFeature(band: MinorBand, feature: Feature): { value: FeatureSetting; layer: 'law' | 'default' } {
  switch (feature) {
    case 'tipping':
      return { value: 'deny', layer: 'law' };
    case 'hosting':
      return isUnder16(band) ? { value: 'deny', layer: 'law' } : { value: 'needs_guardian', layer: 'law' };
    case 'stranger_dm':
      return { value: 'deny', layer: 'default' };
    case 'game_play':
      // Games are further held to the games window (law); the feature itself is allowed by default.
      return { value: 'allow', layer: 'default' };
    case 'external_link':
      return { value: 'needs_guardian', layer: 'default' };
  }
}

/** The loosest value law allows for a feature, or null when the feature is a default anyone may loosen. */
export function lawFeatureFloor(band: MinorBand, feature: Feature): FeatureSetting | null {
  switch (feature) {
    case 'tipping':
      return 'deny';
    case 'hosting':
      return isUnder16(band) ? 'deny' : 'needs_guardian';
    case 'stranger_dm':
    case 'game_play':
    case 'external_link':
      return null;
  }
}

/**
 * How far a guardian may go. The guides let parents lower or raise the daily total and set no maximum; we cap it at
 * `maxDailyMinutes` so a slip of the finger cannot switch the limit off. The rest reminder may be shorter, never longer
 * than 30 minutes nor shorter than `minRestReminderMinutes`. Curfew may only be longer: start between 12:00 and 22:00,
 * end between 06:00 and 12:00.
 */
export const GUARDIAN_BOUNDS = {
  maxDailyMinutes: 240,
  minRestReminderMinutes: 5,
  latestCurfewStart: '22:00',
  earliestCurfewStart: '12:00',
  earliestCurfewEnd: '06:00',
  latestCurfewEnd: '12:00',
} as const;

/** The age bands youngest first: the engine's `AGE_BANDS`. */
export const BAND_ORDER: readonly AgeBand[] = AGE_BANDS;

/** The position of a band, youngest 0. */
export function bandRank(band: AgeBand): number {
  return BAND_ORDER.indexOf(band);
}

/** True for the bands under 16. */
export function isUnder16(band: AgeBand): boolean {
  return bandRank(band) < bandRank('age_16_18');
}

/** The strictness of a feature setting: allow 0, needs_guardian 1, deny 2. */
export function featureStrictness(setting: FeatureSetting): number {
  return setting === 'allow' ? 0 : setting === 'needs_guardian' ? 1 : 2;
}
