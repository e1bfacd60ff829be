import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { HAN_DIGITS, toUnits } from './contact/glyphs.js';
import type { Unit } from './contact/glyphs.js';
import { FILLERS, findKeywordGroups } from './contact/keywords.js';
import type { KeywordGroup } from './contact/keywords.js';
import { findLinks, LINK_VIA, mayHaveLink } from './contact/links.js';
import { findWindows } from './contact/windows.js';

/** What kind of off-platform contact detail a finding is. */
export type ContactKind = 'phone' | 'qq' | 'wechat' | 'url' | 'email' | 'keyword';

/** The disguises a finding saw through, or the context that made it one ('keyword'). */
export type ContactVia = 'numerals' | 'width' | 'separator' | 'keyword' | 'linebreak' | 'homophone';

/** One off-platform contact detail in a text. */
export interface ContactFinding {
  /** UTF-16 offset into the original text where the finding starts (the keyword, when one leads). */
  readonly start: number;
  /** UTF-16 offset, exclusive, where it ends. */
  readonly end: number;
  readonly kind: ContactKind;
  /** The detail, normalised: digits for numbers ('13812345678'), the lower-cased id or address, the keyword's text. */
  readonly value: string;
  readonly via: readonly ContactVia[];
  readonly severity: 'high' | 'medium' | 'low';
}

export interface ContactOptions {
  /** Join digits split across up to three lines (default true); false ends every number at a line break. */
  readonly crossLines?: boolean;
  /**
   * Read only the parts of the text where a finding could be (default true); false reads every character. The findings
   * are the same: false is for the differential test and the benchmark.
   */
  readonly prefilter?: boolean;
}

type Severity = ContactFinding['severity'];

const VIA_ORDER: readonly ContactVia[] = ['numerals', 'width', 'separator', 'linebreak', 'homophone', 'keyword'];
const VIA_BITS: Readonly<Record<ContactVia, number>> = {
  numerals: 1,
  width: 2,
  separator: 4,
  linebreak: 8,
  homophone: 16,
  keyword: 32,
};

function viaList(bits: number): ContactVia[] {
  return VIA_ORDER.filter((v) => (bits & VIA_BITS[v]) !== 0);
}

/** Separators counted between two digits of one number, at most. */
const MAX_DIGIT_GAP = 3;
/** Line breaks inside one number, at most: a number may be split over three lines. */
const MAX_LINE_BREAKS = 2;
/** Units between a keyword and the number or id it introduces (or that follows it), at most. */
const MAX_LEAD_GAP = 8;
const MAX_TRAIL_GAP = 3;
/** Units walked looking for a keyword, at most, zero-width marks included: bounds the work per number. */
const MAX_WALK = 64;
/** Longest digit run still looked at as one number (+86 and a landline with extension fit). */
const MAX_DIGITS = 16;

/** A number directly followed by one of these is a quantity, date, time or price, not a contact detail. */
const UNITS_AFTER = new Set([
  ...'个天年月日号点岁次块元角分秒时人位只件本楼层期届万千百十亿米斤克票张条度周星行名倍折',
  '%',
]);
/** A number directly followed by one of these is part of an address, a URL or an expression. */
const LINK_MARKS_AFTER = new Set(['@', '/', '=', '?', '&', '$']);
/** A number directly preceded by one of these is money, a rank, a decimal, a part of a larger numeral or of a URL. */
const MARKS_BEFORE = new Set([...'第¥￥€£₩№点點十百千万萬亿億', '$', '#', '@', '/', '=', '?', '&', '%']);
/**
 * Marks that are part of a URL or an expression only inside a token (a.com/?q=…, x=…): beside Han text, a space or
 * sentence punctuation they are sentence punctuation (周末有空吗？138…, 张三/138…, 电话=138…), which ？ folds to.
 */
const TOKEN_MARKS = new Set(['/', '=', '?', '&']);

/** The shape of a Chinese mobile or landline number with area code, maybe behind 86 or 0086. */
const PHONE_SHAPE = /^(?:0086|86)?(?:1[3-9]\d{9}|0[1-9]\d{8,10})$/;

/** The first four digits of something PHONE_SHAPE may yet accept: 1, 13…, 0, 01…, 00, 008, 0086…, 8, 86…. */
const PHONE_START = /^(?:1(?:[3-9]\d*)?|0(?:[1-9]\d*)?|00|008|0086|8|86\d*)$/;

/** Separators people use to format a number (138 1234 5678, 010-12345678); others hide it. */
const PLAIN_SEPARATORS = new Set([' ', '-', '\u3000', '(', ')', '\r']);

/** Phone-number types that reach a person; service numbers (400, 95xxx, hotlines) are not off-platform contact. */
const PERSONAL_TYPES = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

/** Digits with nothing between them; a run is groups joined by separators or line breaks. */
interface DigitGroup {
  readonly first: number;
  last: number;
  digits: string;
  via: number;
  readonly separatorBefore: boolean;
  /** A separator no one uses to format a number (zero-width, emoji, Chinese punctuation) stands before this group. */
  readonly oddBefore: boolean;
  readonly breakBefore: boolean;
  /** Every digit is a Han character that is also an ordinary word (一, 两, 拐, 洞…). */
  hanOnly: boolean;
}

interface Run {
  readonly first: number;
  readonly last: number;
  readonly groups: readonly DigitGroup[];
}

interface Draft {
  readonly start: number;
  readonly end: number;
  readonly kind: ContactKind;
  readonly value: string;
  readonly via: number;
  readonly severity: Severity;
}

const RANK: Readonly<Record<Severity, number>> = { high: 3, medium: 2, low: 1 };

class Scanner {
  readonly units: Unit[];
  readonly groups: KeywordGroup[];
  readonly groupByLast: Map<number, number> = new Map();
  readonly groupByFirst: Map<number, number> = new Map();
  readonly used = new Set<number>();
  readonly drafts: Draft[] = [];
  readonly crossLines: boolean;
  /** Phone validation is the costliest step; a text that repeats a number pays for it once. */
  readonly phoneCache = new Map<string, string | null>();

  readonly text: string;
  /** mayHaveLink of the whole text, which `text` may be a part of. */
  readonly linkable: boolean;

  constructor(text: string, crossLines: boolean, linkable: boolean) {
    this.text = text;
    this.linkable = linkable;
    this.units = toUnits(text);
    this.groups = findKeywordGroups(this.units);
    this.crossLines = crossLines;
    this.groups.forEach((g, index) => {
      this.groupByLast.set(g.endUnit - 1, index);
      this.groupByFirst.set(g.firstUnit, index);
    });
  }

  /** May stand between a keyword and its number: any separator (zero-width ones count for nothing), or a filler word. */
  isFiller(unit: Unit): boolean {
    if (unit.kind === 'separator') return true;
    return unit.kind === 'other' && FILLERS.has(unit.value);
  }

  /**
   * The keyword group that introduces the unit at `first`, across at most MAX_LEAD_GAP filler units and, when numbers may
   * cross lines, one line break.
   */
  groupBefore(first: number): number | undefined {
    let k = first - 1;
    let gap = 0;
    let breaks = 0;
    while (k >= 0) {
      const index = this.groupByLast.get(k);
      if (index !== undefined) return index;
      const unit = this.units[k];
      // The keyword may stand on the line above (加V⏎幺三八…) when numbers may cross lines.
      if (unit?.kind === 'newline' && this.crossLines && breaks === 0) {
        breaks += 1;
        k -= 1;
        continue;
      }
      if (unit === undefined || !this.isFiller(unit) || gap >= MAX_LEAD_GAP || first - k > MAX_WALK) return undefined;
      if (unit.counted) gap += 1;
      k -= 1;
    }
    return undefined;
  }

  /**
   * The QQ or WeChat keyword that follows the unit at `last` (微信同号, 是我的扣扣) across at most MAX_TRAIL_GAP spaces or
   * filler words, never punctuation: after a comma or quote a new clause begins, and 5000的手机 is a price.
   */
  groupAfter(last: number): number | undefined {
    let k = last + 1;
    let gap = 0;
    while (k < this.units.length) {
      const index = this.groupByFirst.get(k);
      if (index !== undefined) {
        const platform = this.groups[index]?.platform;
        return platform === 'qq' || platform === 'wechat' ? index : undefined;
      }
      const unit = this.units[k];
      const soft = unit?.kind === 'separator' ? unit.value === ' ' || unit.value === '\u3000' || !unit.counted : true;
      if (unit === undefined || !soft || !this.isFiller(unit) || gap >= MAX_TRAIL_GAP || k - last > MAX_WALK) {
        return undefined;
      }
      if (unit.counted) gap += 1;
      k += 1;
    }
    return undefined;
  }

  /** The keyword for a detail spanning units first..last: the one before it, else the one after it. */
  contextOf(first: number, last: number): number | undefined {
    return this.groupBefore(first) ?? this.groupAfter(last);
  }

  groupVia(group: KeywordGroup): number {
    let bits = VIA_BITS.keyword;
    if (group.disguised) bits |= VIA_BITS.homophone;
    if (group.width) bits |= VIA_BITS.width;
    if (group.separated) bits |= VIA_BITS.separator;
    return bits;
  }

  /** Add a finding for units first..last, widened to its keyword (when a positive one is given) and marking it used. */
  add(
    kind: ContactKind,
    value: string,
    start: number,
    end: number,
    via: number,
    severity: Severity,
    group?: number,
  ): void {
    let s = start;
    let e = end;
    let bits = via;
    const g = group === undefined ? undefined : this.groups[group];
    if (g !== undefined && group !== undefined && !g.negative) {
      s = Math.min(s, g.start);
      e = Math.max(e, g.end);
      bits |= this.groupVia(g);
      this.used.add(group);
    }
    this.drafts.push({ start: s, end: e, kind, value, via: bits, severity });
  }

  scanNumbers(): void {
    const { units } = this;
    let i = 0;
    while (i < units.length) {
      if (units[i]?.kind !== 'digit') {
        i += 1;
        continue;
      }
      const run = this.readRun(i);
      this.judgeRun(run);
      i = run.last + 1;
    }
  }

  readRun(first: number): Run {
    const { units } = this;
    const groups: DigitGroup[] = [];
    let current: DigitGroup | undefined;
    let breaks = 0;
    let gapCounted = 0;
    let gapBreaks = 0;
    let gapSeparated = false;
    let gapOdd = false;
    let last = first;
    for (let j = first; j < units.length; j += 1) {
      const u = units[j];
      if (u === undefined) break;
      if (u.kind === 'digit') {
        if (current === undefined || gapSeparated || gapBreaks > 0) {
          current = {
            first: j,
            last: j,
            digits: '',
            via: 0,
            separatorBefore: gapSeparated,
            oddBefore: gapOdd,
            breakBefore: gapBreaks > 0,
            hanOnly: true,
          };
          groups.push(current);
        }
        if (current.digits.length <= MAX_DIGITS) current.digits += u.value;
        current.via |= styleVia(u);
        if (HAN_DIGITS[this.text.charAt(u.start)] === undefined) current.hanOnly = false;
        current.last = j;
        breaks += gapBreaks;
        last = j;
        gapCounted = 0;
        gapBreaks = 0;
        gapSeparated = false;
        gapOdd = false;
        continue;
      }
      if (u.kind === 'separator') {
        if (u.counted) gapCounted += 1;
        if (gapCounted > MAX_DIGIT_GAP) break;
        gapSeparated = true;
        if (!PLAIN_SEPARATORS.has(u.value)) gapOdd = true;
        continue;
      }
      if (u.kind === 'newline' && this.crossLines && breaks + gapBreaks < MAX_LINE_BREAKS) {
        gapBreaks += 1;
        gapCounted = 0;
        continue;
      }
      break;
    }
    return { first, last, groups };
  }

  /**
   * The whole run first; when it is no contact detail (too long, or not a number), every window of whole groups, longest
   * first, so that '13812345678 13912345678' is two phones and 'QQ 12345 6789' one QQ number.
   */
  judgeRun(run: Run): void {
    const { groups } = run;
    if (this.judgeWindow(groups, 0, groups.length - 1, true) || groups.length < 2) return;
    if (groups.length <= MAX_DIGITS) {
      const whole = groups.map((group) => group.digits).join('');
      if (whole.length <= MAX_DIGITS && asPhone(whole, this.phoneCache) === SERVICE) return;
    }
    let g = 0;
    while (g < groups.length) {
      const head = groups[g];
      if (head === undefined) break;
      // Without a keyword before it, a window can only be a phone number: try just the lengths a phone can have.
      const keyword = this.groupBefore(head.first) !== undefined;
      let found = -1;
      let prefix = '';
      const ends: number[] = [];
      for (let h = g; h < groups.length; h += 1) {
        prefix += groups[h]?.digits ?? '';
        if (prefix.length > MAX_DIGITS) break;
        if (!keyword && !PHONE_START.test(prefix.slice(0, 4))) break;
        if (keyword ? prefix.length >= 5 : PHONE_SHAPE.test(prefix)) ends.push(h);
      }
      for (let e = ends.length - 1; e >= 0; e -= 1) {
        const end = ends[e] ?? g;
        if (g === 0 && end === groups.length - 1) continue;
        if (this.judgeWindow(groups, g, end, false)) {
          found = end;
          break;
        }
      }
      g = found >= 0 ? found + 1 : g + 1;
    }
  }

  judgeWindow(groups: readonly DigitGroup[], from: number, to: number, standalone: boolean): boolean {
    const head = groups[from];
    const tail = groups[to];
    if (head === undefined || tail === undefined) return false;
    let digits = '';
    let via = 0;
    let odd = false;
    let hanOnly = true;
    let longest = 0;
    for (let k = from; k <= to; k += 1) {
      const group = groups[k];
      if (group === undefined) return false;
      digits += group.digits;
      hanOnly &&= group.hanOnly;
      longest = Math.max(longest, group.digits.length);
      if (digits.length > MAX_DIGITS) return false;
      via |= group.via;
      if (k > from) {
        if (group.separatorBefore) via |= VIA_BITS.separator;
        if (group.breakBefore) via |= VIA_BITS.linebreak;
        if (group.oddBefore) odd = true;
      }
    }
    // Digits spaced one by one or split by zero-width marks, emoji or Chinese punctuation are hidden, not formatted.
    const hidden = odd || to - from + 1 > 4;
    // Standing alone, a number must look like one: five digits or more together, and more than a phrase of Han numerals
    // (三三两两，七拐八拐 is an idiom, not an account).
    const lone = standalone && longest >= 5 && (!hanOnly || digits.length >= 9);
    return this.judgeDigits(head.first, tail.last, digits, via, hidden, lone);
  }

  /**
   * Whether `mark`, next to a number, marks it as part of a URL, an address or an expression: always for money and rank
   * marks, and for TOKEN_MARKS only when `beyond` (the unit on the mark's other side) is printable ASCII or full-width
   * ASCII, as in a URL's token.
   */
  isMark(mark: Unit, beyond: Unit | undefined): boolean {
    if (!TOKEN_MARKS.has(mark.value)) return true;
    if (beyond === undefined) return false;
    const c = this.text.charCodeAt(beyond.start);
    return (c > 0x20 && c < 0x7f) || (c >= 0xff01 && c <= 0xff5e);
  }

  /** Decide what the digits of units first..last are; true when they became a finding. */
  judgeDigits(first: number, last: number, digits: string, via: number, hidden: boolean, standalone: boolean): boolean {
    const { units } = this;
    if (digits.length < 5 || digits.length > MAX_DIGITS) return false;
    const before = units[first - 1];
    const after = units[last + 1];
    const firstUnit = units[first];
    const lastUnit = units[last];
    if (firstUnit === undefined || lastUnit === undefined) return false;
    // Part of a Latin word or id (abc12345678, order A1234567B) unless a keyword ends right there (qq12345678).
    if (before?.kind === 'letter' && !this.groupByLast.has(first - 1)) return false;
    if (after?.kind === 'letter' && !this.groupByFirst.has(last + 1)) return false;
    if (before !== undefined && MARKS_BEFORE.has(before.value) && this.isMark(before, units[first - 2])) return false;
    // Nobody counts 13812345678 of anything: a unit after a valid phone number is the next word (13812345678分享…).
    const phone = asPhone(digits, this.phoneCache);
    if (after !== undefined && LINK_MARKS_AFTER.has(after.value) && this.isMark(after, units[last + 2])) return false;
    if (phone === undefined && after !== undefined && UNITS_AFTER.has(after.value)) return false;
    const markBeforeSpace = units[first - 2];
    if (before?.value === ' ' && markBeforeSpace !== undefined && '¥￥$€£'.includes(markBeforeSpace.value))
      return false;

    const groupIndex = this.contextOf(first, last);
    const group = groupIndex === undefined ? undefined : this.groups[groupIndex];
    const negative = group?.negative === true;
    const positive = group !== undefined && !negative ? group : undefined;
    const disguised = hidden || (via & (VIA_BITS.numerals | VIA_BITS.width | VIA_BITS.linebreak)) !== 0;
    let start = firstUnit.start;
    if (before?.value === '+') start = before.start;
    const end = lastUnit.end;

    // A service number (400, 800, 95xxx) is the platform's or a company's, not a person's: never a contact detail.
    if (phone === SERVICE) return false;
    if (phone !== undefined) {
      if (negative && !disguised) return false;
      const severity: Severity = positive !== undefined || disguised ? 'high' : 'medium';
      this.add('phone', phone, start, end, via, severity, positive === undefined ? undefined : groupIndex);
      return true;
    }
    if (positive !== undefined) {
      const platform = positive.platform;
      const leadingZero = digits.startsWith('0');
      if ((platform === 'qq' || (platform === null && digits.length >= 6)) && !leadingZero && digits.length <= 11) {
        this.add('qq', digits, start, end, via, 'high', groupIndex);
        return true;
      }
      if (platform === 'wechat' && digits.length >= 6 && digits.length <= 20 && !leadingZero) {
        this.add('wechat', digits, start, end, via, 'high', groupIndex);
        return true;
      }
      // A local number without area code: seven or eight digits, never starting with 0 or 1.
      if (platform === 'phone' && /^[2-9]\d{6,7}$/.test(digits)) {
        this.add('phone', digits, start, end, via, disguised ? 'high' : 'medium', groupIndex);
        return true;
      }
      return false;
    }
    // A long run of disguised digits with no keyword: spelling a number in ①②③ or 壹贰叁 is itself the tell, unless it
    // is counting (一二三四五六七) or sits inside running Chinese text.
    // Full-width alone is how some input methods type every number, so it takes another numeral system to be a tell.
    if (!standalone || negative || (via & VIA_BITS.numerals) === 0) return false;
    if (digits.length < 7 || digits.length > 11 || digits.startsWith('0') || isCounting(digits)) return false;
    if (before?.han === true || after?.han === true) return false;
    this.add('qq', digits, start, end, via, 'medium');
    return true;
  }

  scanWechatIds(): void {
    this.groups.forEach((group, index) => {
      if (group.platform !== 'wechat' || this.used.has(index)) return;
      let k = group.endUnit;
      let gap = 0;
      for (;;) {
        const unit = this.units[k];
        if (unit === undefined || unit.kind === 'letter' || !this.isFiller(unit) || gap >= MAX_LEAD_GAP) break;
        if (k - group.endUnit > MAX_WALK) break;
        if (unit.counted) gap += 1;
        k += 1;
      }
      const first = this.units[k];
      if (first?.kind !== 'letter') return;
      const end = this.idEnd(k);
      let id = '';
      let via = 0;
      for (let j = k; j < end && id.length <= 20; j += 1) {
        const u = this.units[j];
        if (u === undefined) break;
        id += u.value;
        via |= styleVia(u);
      }
      if (!/^[a-z][a-z0-9_-]{5,19}$/.test(id)) return;
      const lastUnit = this.units[end - 1];
      if (lastUnit === undefined) return;
      this.add('wechat', id, first.start, lastUnit.end, via, 'high', index);
    });
  }

  /**
   * Where the WeChat id that starts with the letter at unit `k` ends (exclusive): letters, `_`, `-` and digits in any
   * style (s幺两八三四三, wak²⁴⁶⁷²³). Han numerals are ordinary words too (tom2024一起, update一次, hello么), so a run of
   * fewer than three of them belongs to the id only beside a digit in another non-ASCII style (en勾８７④, ₁₄7️⃣六) and
   * not before a Han character.
   */
  idEnd(k: number): number {
    const { units } = this;
    let j = k;
    while (j < units.length && j - k < MAX_WALK) {
      const u = units[j];
      if (u === undefined) break;
      const idChar =
        u.kind === 'letter' || u.kind === 'digit' || (u.kind === 'separator' && (u.value === '_' || u.value === '-'));
      if (!idChar) break;
      if (u.kind === 'digit' && u.glyph !== '') {
        let r = j;
        while (r < units.length && r - k < MAX_WALK && units[r]?.kind === 'digit' && units[r]?.glyph !== '') r += 1;
        if (r - j < 3) {
          const after = units[r];
          const styled = (v: Unit | undefined): boolean => v?.kind === 'digit' && v.glyph === '' && v.style !== 'ascii';
          if (after?.han === true || !(styled(units[j - 1]) || styled(after))) return j;
        }
        j = r;
        continue;
      }
      j += 1;
    }
    return j;
  }

  scanLinks(text: string): void {
    for (const link of findLinks(text, this.linkable)) {
      let via = 0;
      if ((link.via & LINK_VIA.width) !== 0) via |= VIA_BITS.width;
      if ((link.via & LINK_VIA.separator) !== 0) via |= VIA_BITS.separator;
      if ((link.via & LINK_VIA.homophone) !== 0) via |= VIA_BITS.homophone;
      const first = unitAt(this.units, link.start);
      const last = unitAt(this.units, link.end - 1);
      const groupIndex = this.contextOf(first, last);
      const group = groupIndex === undefined ? undefined : this.groups[groupIndex];
      const keyword = group !== undefined && !group.negative;
      let severity: Severity;
      if (keyword || via !== 0) severity = 'high';
      else severity = link.kind === 'email' ? 'medium' : 'low';
      this.add(link.kind, link.value, link.start, link.end, via, severity, keyword ? groupIndex : undefined);
    }
  }

  scanLoneKeywords(text: string): void {
    this.groups.forEach((group, index) => {
      if (this.used.has(index) || group.alone === null) return;
      // A refused invitation is none: 不看头像, 请勿私聊, 谢绝私信 (a number beside it is still found above).
      if (isNegated(text, group.start)) return;
      const value = text.slice(group.start, group.end);
      this.drafts.push({
        start: group.start,
        end: group.end,
        kind: 'keyword',
        value,
        via: this.groupVia(group),
        severity: group.alone,
      });
    });
  }

  /** The findings, strongest first where two overlap, then in text order. */
  resolve(length: number): ContactFinding[] {
    const order = [...this.drafts].sort(
      (a, b) => RANK[b.severity] - RANK[a.severity] || b.end - b.start - (a.end - a.start) || a.start - b.start,
    );
    const taken = new Uint8Array(length);
    const kept: Draft[] = [];
    for (const draft of order) {
      let free = true;
      for (let k = draft.start; k < draft.end; k += 1) {
        if (taken[k] === 1) {
          free = false;
          break;
        }
      }
      if (!free) continue;
      taken.fill(1, draft.start, draft.end);
      kept.push(draft);
    }
    kept.sort((a, b) => a.start - b.start);
    return kept.map((d) => ({
      start: d.start,
      end: d.end,
      kind: d.kind,
      value: d.value,
      via: viaList(d.via),
      severity: d.severity,
    }));
  }
}

function styleVia(unit: Unit | undefined): number {
  if (unit === undefined) return 0;
  if (unit.style === 'numerals') return VIA_BITS.numerals;
  if (unit.style === 'width') return VIA_BITS.width;
  return 0;
}

/** Index of the unit that covers UTF-16 offset `offset` (units are sorted and contiguous). */
function unitAt(units: readonly Unit[], offset: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const unit = units[mid];
    if (unit !== undefined && unit.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** 1234567, 7654321, 1111111: counting or filler, not an account number. */
function isCounting(digits: string): boolean {
  let up = true;
  let down = true;
  let same = true;
  for (let k = 1; k < digits.length; k += 1) {
    const d = digits.charCodeAt(k) - digits.charCodeAt(k - 1);
    if (d !== 1 && d !== -9) up = false;
    if (d !== -1 && d !== 9) down = false;
    if (d !== 0) same = false;
  }
  return up || down || same;
}

const MOBILE_SHAPE = /^1[3-9]\d{9}$/;
const LANDLINE_SHAPE = /^0[1-9]\d{8,10}$/;
/** 400 and 800 numbers, and the five-digit 95xxx / 12xxx service lines. */
const SERVICE_SHAPE = /^(?:[48]00\d{7}|95\d{3,6}|1[02]\d{3})$/;

/** What asPhone answers for a valid number that reaches a service rather than a person. */
const SERVICE = 'service';

/**
 * The national digits of a Chinese personal phone number (mobile, or landline with area code), SERVICE for a valid
 * service number, else undefined.
 */
function asPhone(digits: string, cache: Map<string, string | null>): string | undefined {
  if (!PHONE_SHAPE.test(digits) && !SERVICE_SHAPE.test(digits)) return undefined;
  const known = cache.get(digits);
  if (known !== undefined) return known ?? undefined;
  const phone = parsePhone(digits);
  cache.set(digits, phone ?? null);
  return phone;
}

function parsePhone(digits: string): string | undefined {
  let national = digits;
  if (national.startsWith('0086')) national = national.slice(4);
  else if (national.startsWith('86') && national.length >= 12) national = national.slice(2);
  if (!MOBILE_SHAPE.test(national) && !LANDLINE_SHAPE.test(national) && !SERVICE_SHAPE.test(national))
    national = digits;
  const parsed = parsePhoneNumberFromString(national, 'CN');
  if (parsed === undefined || !parsed.isValid()) return undefined;
  const type = parsed.getType();
  if (type === undefined) return undefined;
  return PERSONAL_TYPES.has(type) ? national : SERVICE;
}

/**
 * Find off-platform contact details in a text: phone, QQ and WeChat numbers and ids, URLs and e-mail addresses, also when
 * disguised (digits as 幺三八, ①②③, 壹贰叁, full-width or keycaps; separators or line breaks between digits; dots written 点
 * or 。; 艾特 for @), and the keywords that invite contact (加V, 薇信, 扣扣, 看我主页). Never throws; runs in time linear in
 * the text's length. Offsets are UTF-16 into `text`, end exclusive; a finding covers the keyword that introduces its number.
 *
 * @example
 * findContacts('加薇信：幺三八 一二三四 五六七八');
 * // [{ start: 0, end: 17, kind: 'phone', value: '13812345678',
 * //    via: ['numerals', 'separator', 'homophone', 'keyword'], severity: 'high' }]
 * findContacts('周末我们全家去博物馆'); // []
 */
export function findContacts(text: string, options?: ContactOptions): readonly ContactFinding[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const crossLines = options?.crossLines ?? true;
  if (options?.prefilter === false) return scan(text, crossLines, mayHaveLink(text));
  let linkable: boolean | undefined;
  const isLinkable = (): boolean => (linkable ??= mayHaveLink(text));
  const windows = findWindows(text, isLinkable);
  const found: ContactFinding[] = [];
  for (let w = 0; w + 1 < windows.length; w += 2) {
    const start = windows[w] ?? 0;
    const end = windows[w + 1] ?? 0;
    for (const f of scan(text.slice(start, end), crossLines, isLinkable())) {
      found.push(start === 0 ? f : { ...f, start: f.start + start, end: f.end + start });
    }
  }
  return found;
}

/** Words that refuse what follows them. */
const NEGATORS = ['不', '别', '勿', '莫', '无需', '拒绝', '谢绝', '禁止', '严禁'];

/** Whether a negator ends right before code unit `at`, past at most one space. */
function isNegated(text: string, at: number): boolean {
  let end = at;
  if (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\u3000')) end -= 1;
  return NEGATORS.some((word) => text.startsWith(word, end - word.length));
}

/** The full scan of a text, or of a part of one that findWindows cut out, reading every character. */
function scan(text: string, crossLines: boolean, linkable: boolean): ContactFinding[] {
  const scanner = new Scanner(text, crossLines, linkable);
  scanner.scanNumbers();
  scanner.scanWechatIds();
  scanner.scanLinks(text);
  scanner.scanLoneKeywords(text);
  return scanner.resolve(text.length);
}
