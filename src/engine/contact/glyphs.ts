/**
 * Code-point classification for the contact detector: every code point (or keycap sequence) of the original text becomes
 * one unit that says whether it is a digit (in any numeral style), an ASCII letter, a separator, a line break or anything
 * else, with its UTF-16 span in the original text.
 */

/** How a digit was written: plain ASCII, a width variant (full-width, mathematical) or another numeral system. */
export type DigitStyle = 'ascii' | 'width' | 'numerals';

export type UnitKind = 'digit' | 'letter' | 'separator' | 'newline' | 'other';

/** One code point (or keycap sequence) of the original text. */
export interface Unit {
  readonly start: number;
  readonly end: number;
  readonly kind: UnitKind;
  /**
   * digit: its decimal digits ('7', or '12' for ⑫); letter: lower-case ASCII letter; separator and other: the code point
   * with full-width ASCII folded ('＠' → '@', '＋' → '+').
   */
  readonly value: string;
  /** Digits: the numeral style; letters: 'width' when written full-width or circled; everything else 'ascii'. */
  readonly style: DigitStyle;
  /** Separators: whether the separator counts towards the gap allowed between two digits (zero-width marks do not). */
  readonly counted: boolean;
  /** A Han character that is not a numeral. */
  readonly han: boolean;
  /** A Han numeral's own character (一, 两), for keywords that contain one (加一下); '' for everything else. */
  readonly glyph: string;
}

/** Han numerals, financial numerals and the phone slang readers use to spell digits (幺 1, 两 2, 拐 7, 洞 0, 勾 9). */
export const HAN_DIGITS: Readonly<Record<string, string>> = {
  〇: '0',
  零: '0',
  洞: '0',
  一: '1',
  壹: '1',
  幺: '1',
  么: '1',
  二: '2',
  贰: '2',
  貳: '2',
  两: '2',
  兩: '2',
  三: '3',
  叁: '3',
  參: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  陸: '6',
  七: '7',
  柒: '7',
  拐: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
  勾: '9',
};

/** Ranges of enclosed and styled numbers: [first code point, last code point, value of the first]. */
const NUMBER_RANGES: readonly (readonly [number, number, number])[] = [
  [0x2460, 0x2473, 1], // ① … ⑳
  [0x2474, 0x2487, 1], // ⑴ … ⒇
  [0x2488, 0x249b, 1], // ⒈ … ⒛
  [0x24ea, 0x24ea, 0], // ⓪
  [0x24eb, 0x24f4, 11], // ⓫ … ⓴
  [0x24f5, 0x24fe, 1], // ⓵ … ⓾
  [0x24ff, 0x24ff, 0], // ⓿
  [0x2160, 0x216b, 1], // Ⅰ … Ⅻ (Roman numerals: digits in a contact id, ⅠⅡⅢ for 123)
  [0x2170, 0x217b, 1], // ⅰ … ⅻ
  [0x2776, 0x277f, 1], // ❶ … ❿
  [0x2780, 0x2789, 1], // ➀ … ➉
  [0x278a, 0x2793, 1], // ➊ … ➓
  [0x3220, 0x3229, 1], // ㈠ … ㈩
  [0x3251, 0x325f, 21], // ㉑ … ㉟
  [0x3280, 0x3289, 1], // ㊀ … ㊉
  [0x32b1, 0x32bf, 36], // ㊱ … ㊿
  [0x2080, 0x2089, 0], // ₀ … ₉
  [0x2074, 0x2079, 4], // ⁴ … ⁹
  [0x2070, 0x2070, 0], // ⁰
  [0x00b9, 0x00b9, 1], // ¹
  [0x00b2, 0x00b3, 2], // ² ³
  [0x1f100, 0x1f100, 0], // 🄀
  [0x1f101, 0x1f10a, 0], // 🄁 … 🄊
];

const SEPARATOR_RE = /[\p{P}\p{S}\p{Zs}\p{Cf}\p{M}]/u;
const INVISIBLE_RE = /[\p{Cf}\p{M}]/u;
const HAN_RE = /\p{Script=Han}/u;
/** ASCII characters that are not separators: they carry meaning in contact details or money. */
const ASCII_MEANINGFUL = new Set(['@', '+', '$', '%', '&', '=', '?']);

function styledNumber(cp: number): string | undefined {
  for (const [first, last, value] of NUMBER_RANGES) {
    if (cp >= first && cp <= last) return String(value + cp - first);
  }
  if (cp >= 0x1d7ce && cp <= 0x1d7ff) return String((cp - 0x1d7ce) % 10);
  return undefined;
}

function isNewline(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x0b || cp === 0x0c || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

function asciiUnit(start: number, end: number, ch: string, style: DigitStyle): Unit {
  const code = ch.charCodeAt(0);
  if (code >= 0x30 && code <= 0x39)
    return { start, end, kind: 'digit', value: ch, style, counted: true, han: false, glyph: '' };
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
    return { start, end, kind: 'letter', value: ch.toLowerCase(), style, counted: true, han: false, glyph: '' };
  }
  if (code <= 0x20 || (code > 0x20 && code < 0x7f && !ASCII_MEANINGFUL.has(ch))) {
    return { start, end, kind: 'separator', value: ch, style: 'ascii', counted: true, han: false, glyph: '' };
  }
  return { start, end, kind: 'other', value: ch, style: 'ascii', counted: true, han: false, glyph: '' };
}

/**
 * Split a text into units, one a code point, except that a keycap sequence (digit, optional U+FE0F, U+20E3) is one digit
 * and a CR before LF is an invisible separator (so CRLF is one line break). Lone surrogates are units of kind 'other'.
 *
 * @example
 * toUnits('幺3')[0]; // { start: 0, end: 1, kind: 'digit', value: '1', style: 'numerals', … }
 */
export function toUnits(text: string): Unit[] {
  const units: Unit[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const cp = text.codePointAt(i) ?? 0;
    const size = cp > 0xffff ? 2 : 1;
    const end = i + size;
    if (cp < 0x80) {
      if (isNewline(cp)) {
        if (cp === 0x0d && text.charCodeAt(end) === 0x0a) {
          units.push({
            start: i,
            end,
            kind: 'separator',
            value: '\r',
            style: 'ascii',
            counted: false,
            han: false,
            glyph: '',
          });
        } else {
          units.push({
            start: i,
            end,
            kind: 'newline',
            value: '\n',
            style: 'ascii',
            counted: false,
            han: false,
            glyph: '',
          });
        }
        i = end;
        continue;
      }
      if (cp >= 0x30 && cp <= 0x39) {
        let keyEnd = end;
        if (text.charCodeAt(keyEnd) === 0xfe0f) keyEnd += 1;
        if (text.charCodeAt(keyEnd) === 0x20e3) {
          units.push({
            start: i,
            end: keyEnd + 1,
            kind: 'digit',
            value: String.fromCharCode(cp),
            style: 'numerals',
            counted: true,
            han: false,
            glyph: '',
          });
          i = keyEnd + 1;
          continue;
        }
      }
      units.push(asciiUnit(i, end, String.fromCharCode(cp), 'ascii'));
      i = end;
      continue;
    }
    const ch = String.fromCodePoint(cp);
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf)) {
      const digit = HAN_DIGITS[ch];
      units.push(
        digit === undefined
          ? { start: i, end, kind: 'other', value: ch, style: 'ascii', counted: true, han: true, glyph: '' }
          : { start: i, end, kind: 'digit', value: digit, style: 'numerals', counted: true, han: false, glyph: ch },
      );
      i = end;
      continue;
    }
    if (cp >= 0xff01 && cp <= 0xff5e) {
      units.push(asciiUnit(i, end, String.fromCharCode(cp - 0xfee0), 'width'));
      i = end;
      continue;
    }
    const han = HAN_DIGITS[ch];
    if (han !== undefined) {
      units.push({ start: i, end, kind: 'digit', value: han, style: 'numerals', counted: true, han: false, glyph: ch });
      i = end;
      continue;
    }
    const styled = styledNumber(cp);
    if (styled !== undefined) {
      const style: DigitStyle = cp >= 0x1d7ce && cp <= 0x1d7ff ? 'width' : 'numerals';
      units.push({ start: i, end, kind: 'digit', value: styled, style, counted: true, han: false, glyph: '' });
      i = end;
      continue;
    }
    if (cp >= 0x24b6 && cp <= 0x24e9) {
      // Circled Latin letters (Ⓥ信, ⓠⓠ) are letters in disguise.
      const letter = String.fromCharCode(0x61 + ((cp - 0x24b6) % 26));
      units.push({
        start: i,
        end,
        kind: 'letter',
        value: letter,
        style: 'width',
        counted: true,
        han: false,
        glyph: '',
      });
      i = end;
      continue;
    }
    if (isNewline(cp)) {
      units.push({
        start: i,
        end,
        kind: 'newline',
        value: '\n',
        style: 'ascii',
        counted: false,
        han: false,
        glyph: '',
      });
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      units.push({ start: i, end, kind: 'other', value: ch, style: 'ascii', counted: true, han: false, glyph: '' });
    } else if (cp === 0x3000 || SEPARATOR_RE.test(ch)) {
      const invisible = INVISIBLE_RE.test(ch) || (cp >= 0x1f3fb && cp <= 0x1f3ff);
      const value = cp === 0x2795 ? '+' : ch;
      units.push({
        start: i,
        end,
        kind: value === '+' ? 'other' : 'separator',
        value,
        style: 'ascii',
        counted: !invisible,
        han: false,
        glyph: '',
      });
    } else {
      units.push({
        start: i,
        end,
        kind: 'other',
        value: ch,
        style: 'ascii',
        counted: true,
        han: HAN_RE.test(ch),
        glyph: '',
      });
    }
    i = end;
  }
  return units;
}
