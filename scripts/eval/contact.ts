import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { between, pick, type Random } from './random.js';

/** Ways of writing the digits 0–9 that disguise a contact number. */
const STYLES = {
  ascii: '0123456789',
  'full-width': '０１２３４５６７８９',
  'Han numerals': '〇一二三四五六七八九',
  'capital numerals': '零壹贰叁肆伍陆柒捌玖',
  'phone slang': '洞幺两三四五六拐八勾',
  circled: '⓪①②③④⑤⑥⑦⑧⑨',
  'parenthesised/⒈': '⓪⑴⑵⑶⑷⑸⑹⑺⑻⑼',
  superscript: '⁰¹²³⁴⁵⁶⁷⁸⁹',
  subscript: '₀₁₂₃₄₅₆₇₈₉',
  mathematical: '𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗',
  keycap: '',
  mixed: '',
} as const;
export type NumeralStyle = keyof typeof STYLES;
const DISGUISED_STYLES = (Object.keys(STYLES) as NumeralStyle[]).filter((s) => s !== 'ascii');

type SingleStyle = Exclude<NumeralStyle, 'mixed'>;
const SINGLE_STYLES: readonly SingleStyle[] = DISGUISED_STYLES.filter((x) => x !== 'mixed');

function digitIn(style: SingleStyle, digit: number, random: Random): string {
  if (style === 'keycap') return `${digit}\ufe0f\u20e3`;
  // ⒈–⒐ and ⑴–⑼ have no zero; both kinds are written in the wild.
  if (style === 'parenthesised/⒈' && digit > 0 && random() < 0.5) return String.fromCodePoint(0x2487 + digit);
  return [...STYLES[style]][digit]!;
}

/** Digits written in a style; `mixed` draws each digit's style at random. */
export function writeDigits(digits: string, style: NumeralStyle, random: Random): string {
  return [...digits]
    .map((d) => digitIn(style === 'mixed' ? pick(random, SINGLE_STYLES) : style, Number(d), random))
    .join('');
}

/** Mobile prefixes in use in mainland China; each generated number is checked with libphonenumber-js. */
const MOBILE_PREFIXES =
  '130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 178 180 181 182 183 185 186 187 188 189 198 199'.split(
    ' ',
  );

const digitsOf = (random: Random, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(between(random, 0, 9));
  return s;
};

function mobile(random: Random): string {
  for (;;) {
    const number = pick(random, MOBILE_PREFIXES) + digitsOf(random, 8);
    if (isValidPhoneNumber(number, 'CN')) return number;
  }
}

/** What a contact sample advertises; a WeChat id may be letters then digits, or a number. */
type ContactKind = 'phone' | 'qq' | 'wechat';

const KEYWORDS: Readonly<Record<ContactKind, readonly string[]>> = {
  phone: ['电话', '手机', '手机号', '电话号码', '加我', ''],
  qq: ['QQ', 'qq', '扣扣', '企鹅', '企鹅号', '蔻蔻', 'Q号'],
  wechat: ['微信', 'V信', '薇信', '威信', 'vx', 'wx', '加V', '绿泡泡'],
};
const JOINERS = ['', '：', ':', ' '];
const GROUP_SEPARATORS = [' ', '-', '·', ' '];
const WECHAT_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One generated contact detail: the whole disguised text (keyword and number), its plain form, and how it was written. */
export interface ContactSample {
  readonly kind: ContactKind;
  /** Latin letters that lead a WeChat id, written as they are; empty for a number. */
  readonly prefix: string;
  readonly style: NumeralStyle;
  readonly text: string;
  readonly plain: string;
  /** Where the number or id starts in both texts (after the keyword). */
  readonly lead: number;
}

/** Groups a phone number 3-4-4 with a separator, spaces every digit, or leaves it whole. */
function layout(random: Random, written: readonly string[], kind: ContactKind): string {
  const r = random();
  if (kind === 'phone' && written.length === 11 && r < 0.35) {
    const sep = pick(random, GROUP_SEPARATORS);
    return [written.slice(0, 3), written.slice(3, 7), written.slice(7)].map((g) => g.join('')).join(sep);
  }
  if (r < 0.5) return written.join(' ');
  return written.join('');
}

/** `count` contact details in every numeral style (round robin), with keywords, ids and layouts drawn at random. */
export function contactSamples(random: Random, count: number): ContactSample[] {
  const styles = DISGUISED_STYLES;
  const out: ContactSample[] = [];
  for (let i = 0; i < count; i++) {
    const style = styles[i % styles.length]!;
    const r = random();
    const kind: ContactKind = r < 0.4 ? 'phone' : r < 0.75 ? 'qq' : 'wechat';
    let keyword = pick(random, KEYWORDS[kind]);
    let prefix = '';
    let digits: string;
    if (kind === 'phone') digits = mobile(random);
    else if (kind === 'qq') digits = String(between(random, 1, 9)) + digitsOf(random, between(random, 5, 9));
    else if (random() < 0.5) digits = mobile(random);
    else {
      for (let n = between(random, 1, 4); n > 0; n--) prefix += pick(random, [...WECHAT_LETTERS]);
      digits = digitsOf(random, between(random, 5, 8));
    }
    if (keyword === '' && style === 'keycap') keyword = '电话';
    // A Latin keyword glued to a Latin id (wxke1051…) is one word to any reader; people put a colon or a space there.
    const glued = prefix !== '' && /[a-z]$/iu.test(keyword);
    const joiner = keyword === '' ? '' : pick(random, glued ? JOINERS.filter((j) => j !== '') : JOINERS);
    const written = [...digits].map((d) => writeDigits(d, style, random));
    const number = prefix + (prefix ? written.join('') : layout(random, written, kind));
    const lead = keyword + joiner;
    out.push({ kind, prefix, style, text: lead + number, plain: lead + prefix + digits, lead: lead.length });
  }
  return out;
}

/** Neutral sentences a contact detail is dropped into. */
export const CONTACT_CARRIERS = [
  '有兴趣的朋友{}',
  '{}，备注一下来意',
  '需要的话{}',
  '周末有空吗？{}',
  '资料都整理好了，{}',
  '{}，晚上回复',
  '想了解详情{}',
  '下次再聊，{}',
];
