import type { Action, Category, Severity } from './taxonomy.js';
import type { VariantKind } from './types.js';

/** A user-facing text, Chinese first with English beside it. */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

/** What each variant kind means to a person reading a match. */
export const VARIANT_LABELS: Readonly<Record<VariantKind, Label>> = {
  width: { zh: '全角或圈号字符', en: 'full-width or enclosed characters' },
  case: { zh: '大小写变化', en: 'letter case changed' },
  invisible: { zh: '插入不可见字符', en: 'invisible characters inserted' },
  traditional: { zh: '繁体字', en: 'traditional characters' },
  confusable: { zh: '形似字母（西里尔、希腊、数学字母）', en: 'look-alike letters (Cyrillic, Greek, math)' },
  leet: { zh: '数字代字母', en: 'digits for letters (leet)' },
  separator: { zh: '插入符号或空格', en: 'symbols or spaces inserted' },
  repeat: { zh: '重复字', en: 'repeated characters' },
  pinyin: { zh: '拼音', en: 'pinyin' },
  homophone: { zh: '同音字', en: 'homophones' },
  split: { zh: '拆字', en: 'split characters' },
  lookalike: { zh: '形近字', en: 'look-alike characters' },
  emoji: { zh: '表情符号代字', en: 'emoji for characters' },
  contact: { zh: '站外联系方式', en: 'off-platform contact details' },
  numerals: { zh: '数字变体（大写、圈号、谐音数字）', en: 'numerals in other styles (一二三, 壹贰叁, ①, 幺)' },
  acrostic: { zh: '藏头藏尾', en: 'acrostic' },
};

/** The name of each category. */
export const CATEGORY_LABELS: Readonly<Record<Category, Label>> = {
  sexual: { zh: '色情', en: 'sexual content' },
  csam: { zh: '儿童性剥削', en: 'child sexual abuse material' },
  violence: { zh: '暴力', en: 'violence' },
  gambling: { zh: '赌博', en: 'gambling' },
  drugs: { zh: '毒品', en: 'drugs' },
  self_harm: { zh: '自伤自杀', en: 'self-harm and suicide' },
  terrorism: { zh: '恐怖主义', en: 'terrorism' },
  cult: { zh: '邪教', en: 'cults' },
  vulgar: { zh: '低俗', en: 'vulgarity' },
  dangerous_acts: { zh: '危险行为', en: 'dangerous acts' },
  tobacco_alcohol: { zh: '烟酒', en: 'tobacco and alcohol' },
  bad_values: { zh: '不良价值观', en: 'harmful values' },
  fandom: { zh: '饭圈乱象', en: 'toxic fandom' },
  spending_inducement: { zh: '诱导消费', en: 'spending inducement' },
  discrimination: { zh: '歧视', en: 'discrimination' },
  horror: { zh: '恐怖惊悚', en: 'horror' },
  abuse: { zh: '辱骂欺凌', en: 'abuse and bullying' },
  grooming: { zh: '诱导接触（隔空猥亵）', en: 'grooming' },
  fraud: { zh: '诈骗', en: 'fraud' },
  contact_offplatform: { zh: '站外引流', en: 'off-platform contact' },
  doxxing: { zh: '人肉搜索', en: 'doxxing' },
  crime_solicitation: { zh: '教唆犯罪', en: 'crime solicitation' },
  personal_info: { zh: '个人信息', en: 'personal information' },
};

export const SEVERITY_LABELS: Readonly<Record<Severity, Label>> = {
  high: { zh: '高', en: 'high' },
  medium: { zh: '中', en: 'medium' },
  low: { zh: '低', en: 'low' },
};

export const ACTION_LABELS: Readonly<Record<Action, Label>> = {
  allow: { zh: '放行', en: 'allow' },
  label: { zh: '提示标签', en: 'label' },
  review: { zh: '人工审核', en: 'review' },
  block: { zh: '拦截', en: 'block' },
};

/**
 * A probability as a person reads it: whole percents, with one decimal under 10% and from 99% where whole ones mislead.
 *
 * @example
 * formatPercent(0.9973); // '99.7%'
 * formatPercent(0.42); // '42%'
 */
export function formatPercent(p: number): string {
  const v = p * 100;
  return `${v < 9.95 || (v >= 99 && v < 100) ? Number(v.toFixed(1)) : Math.round(v)}%`;
}
