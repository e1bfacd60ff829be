import { toUnits } from './glyphs.js';
import { BETWEEN, FILLERS, isSoftSeparator, KEYWORD_FORMS, keyOf, keywordEntry } from './keywords.js';
import { AT_WORDS, DOT_WORDS, LINK_MARKS, mayHaveLink, startsWithAt } from './links.js';

/**
 * The prefilter of the contact detector: one pass over the UTF-16 code units, with a table per code point, that finds the
 * parts of a text where a finding could start or sit, and cuts the text around them where the full scan's reading cannot
 * cross. Every test here is a superset of what the full scan needs to report something, so skipping the rest is exact.
 */

/** A code point the full scan reads as plain text that can be a cut (see findWindows). */
const INERT = 1;
const DIGIT = 2;
/** A digit unit worth two digits (⑫, ㊿). */
const WIDE = 4;
/** May stand between two digits of one run: a separator or a line break. */
const GAP = 8;
/** A separator that counts towards the gap allowed between two digits or two keyword characters. */
const COUNTED = 16;
const NEWLINE = 32;
/** May be skipped inside a keyword (加 V, 薇*信). */
const SOFT = 64;
/** Stands for a keyword character (its key is in KEY_OF). */
const KEY = 128;
/** A dot or at-sign, or the start of a disguised one, for the link view. */
const LINK = 256;
/** Set on every classified code point, so that 0 means "not classified yet". */
const KNOWN = 512;
/** A digit in another numeral system (幺, ①, 壹), or the keycap mark that makes an ASCII digit one. */
const NUMERALS = 1024;
/** Stands for the first character of a keyword. */
const START = 2048;
/** A disguised dot (点, 。, 丶): the view reads one as '.' only between ASCII letters or digits. */
const DOT = 4096;
/** A letter of the full scan (ASCII, full-width or circled): what a WeChat id is made of. */
const LETTER = 8192;
/**
 * What a character may start or extend: anything else ends a digit run and is skipped with its neighbours. A gap
 * (separator or line break) extends only a digit run, so outside one it is skipped too.
 */
const STARTS = DIGIT | START | LINK | NUMERALS;

const DOTS = '点。｡丶·•・';

/** The keyword characters, numbered from 1 (0: none). */
const ALPHABET = [...new Set([...KEYWORD_FORMS.join('')])];
const KEY_NUMBER = new Map(ALPHABET.map((ch, k) => [ch, k + 1]));
const WIDTH = ALPHABET.length + 1;

/**
 * The keyword trie as a table of transitions, node × key number → node (0: none; the root is node 0 and never a
 * target), so that a walk reads numbers, not strings, on every keyword character of the text.
 */
/**
 * What a keyword can make of its part of the text (bits of the trie's `ends`). Only a keyword that is a finding alone, or
 * an invitation beside a messenger's name (添加 + 微信), reports by itself; any other keyword needs a number of five
 * digits or more in its part, or, for WeChat, an id (a letter).
 */
const REPORTS_ALONE = 1;
const INVITES = 2;
const MESSENGER = 4;
const WECHAT = 8;
const ANY_KEYWORD = 16;

function keywordBits(form: string): number {
  const entry = keywordEntry(form);
  if (entry === undefined) return ANY_KEYWORD;
  let bits = ANY_KEYWORD;
  if (entry.alone !== null) bits |= REPORTS_ALONE;
  if (entry.kind === 'solicit') bits |= INVITES;
  if (entry.kind === 'wechat' || entry.kind === 'qq') bits |= MESSENGER;
  if (entry.kind === 'wechat') bits |= WECHAT;
  return bits;
}

/** The fewest digits of a number a keyword can introduce (the full scan's judgeDigits). */
const KEYWORD_DIGITS = 5;

/** Whether keywords with these bits, in a part with this longest digit run and (maybe) a letter, may be a finding. */
function keywordsReport(bits: number, digits: number, letter: boolean): boolean {
  if (bits === 0) return false;
  if ((bits & REPORTS_ALONE) !== 0 || digits >= KEYWORD_DIGITS) return true;
  if ((bits & INVITES) !== 0 && (bits & MESSENGER) !== 0) return true;
  return (bits & WECHAT) !== 0 && letter;
}

function buildTrie(): { readonly next: Int16Array; readonly ends: Uint8Array } {
  const next: number[] = new Array<number>(WIDTH).fill(0);
  const ends: number[] = [0];
  for (const form of KEYWORD_FORMS) {
    let node = 0;
    for (const ch of form) {
      const slot = node * WIDTH + (KEY_NUMBER.get(ch) ?? 0);
      let target = next[slot] ?? 0;
      if (target === 0) {
        target = ends.length;
        ends.push(0);
        next.push(...new Array<number>(WIDTH).fill(0));
        next[slot] = target;
      }
      node = target;
    }
    ends[node] = ends[node]! | keywordBits(form);
  }
  return { next: Int16Array.from(next), ends: Uint8Array.from(ends) };
}

const TRIE = buildTrie();
/** Flags of each BMP code point, filled in as code points are first seen (a text uses a few thousand at most). */
const FLAGS = new Uint16Array(0x10000);
/** The key number of each BMP code point that stands for a keyword character. */
const KEY_OF = new Uint8Array(0x10000);

/** Classify a BMP code point with the very functions the full scan uses, so that the two cannot drift apart. */
function classify(cp: number): number {
  // Surrogates stay unclassified: findWindows reads astral code points itself.
  if (cp >= 0xd800 && cp <= 0xdfff) return KNOWN;
  const ch = String.fromCharCode(cp);
  const unit = toUnits(ch)[0];
  let f = KNOWN;
  if (unit !== undefined) {
    if (unit.kind === 'digit') f |= DIGIT | (unit.value.length > 1 ? WIDE : 0);
    if (unit.kind === 'digit' && unit.style === 'numerals') f |= NUMERALS;
    if (unit.kind === 'letter') f |= LETTER;
    if (unit.kind === 'separator' || unit.kind === 'newline') f |= GAP;
    if (unit.kind === 'separator' && unit.counted) f |= COUNTED;
    if (unit.kind === 'newline') f |= NEWLINE;
    if (isSoftSeparator(unit)) f |= SOFT;
    const key = KEY_NUMBER.get(keyOf(unit) ?? '') ?? 0;
    if (key !== 0) {
      f |= KEY;
      KEY_OF[cp] = key;
      if ((TRIE.next[key] ?? 0) !== 0) f |= START;
    }
    if ('.@([{ '.includes(ch) || LINK_MARKS.has(ch)) f |= LINK;
    if (DOTS.includes(ch)) f |= DOT;
    // Plain text, outside every walk of the full scan: no keyword character, filler, link mark or Latin view character.
    const plain =
      unit.kind === 'other' &&
      cp >= 0x80 &&
      !(cp >= 0xff01 && cp <= 0xff5e) &&
      (f & KEY) === 0 &&
      !FILLERS.has(ch) &&
      !BETWEEN.has(ch) &&
      !LINK_MARKS.has(ch) &&
      unit.value !== '+';
    if (plain) f |= INERT;
  }
  // A CR is a line break alone and an invisible separator before LF: it may be either.
  if (cp === 0x0d) f = KNOWN | GAP | NEWLINE | SOFT;
  if (cp === 0x20e3) f |= NUMERALS;
  FLAGS[cp] = f;
  return f;
}

function flagsOf(c: number): number {
  const f = FLAGS[c] ?? 0;
  return f === 0 ? classify(c) : f;
}

/** Mathematical digits 𝟎-𝟿 and 🄀-🄊: the astral code points the full scan reads as digits. */
function isAstralDigit(cp: number): boolean {
  return (cp >= 0x1d7ce && cp <= 0x1d7ff) || (cp >= 0x1f100 && cp <= 0x1f10a);
}

/**
 * The keywords that may start at code unit i, as the bits of every form the walk passes (0: none): the trie walk of the
 * keyword matcher, skipping whatever may be a soft separator (every astral code point may be an emoji), without its
 * Latin word-boundary checks.
 */
function keywordsAt(text: string, i: number): number {
  const { next, ends } = TRIE;
  let node = next[KEY_OF[text.charCodeAt(i)] ?? 0] ?? 0;
  let j = i + 1;
  let bits = 0;
  while (node !== 0) {
    bits |= ends[node] ?? 0;
    let target = 0;
    let skipped = 0;
    let k = j;
    for (; k < text.length; k += 1) {
      const c = text.charCodeAt(k);
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const f = flagsOf(c);
      // A '-' the trie can take is read as a key, as the matcher does (e-mail).
      target = (f & KEY) === 0 ? 0 : (next[node * WIDTH + (KEY_OF[c] ?? 0)] ?? 0);
      if (target !== 0) break;
      if ((f & SOFT) === 0) return bits;
      if ((f & COUNTED) !== 0 && (skipped += 1) > 2) return bits;
    }
    node = target;
    j = k + 1;
  }
  return bits;
}

/** Spelled dots and at-signs by their first code unit. */
const LINK_WORDS = new Map<number, string[]>();
for (const word of [...DOT_WORDS, ...AT_WORDS, ' dot ', ' at ']) {
  const first = word.charCodeAt(0);
  LINK_WORDS.set(first, [...(LINK_WORDS.get(first) ?? []), word]);
}

/** The code unit with full-width ASCII folded, as the link view reads it. */
function foldWidth(c: number): number {
  return c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isAlnum(c: number): boolean {
  const a = foldWidth(c);
  return (a >= 0x30 && a <= 0x39) || isLetter(a);
}

function isViewChar(c: number): boolean {
  return (c > 0x20 && c < 0x7f) || (c >= 0xff01 && c <= 0xff5e);
}

/** Where the run of ASCII and full-width characters that holds code unit i (the link view's token) starts. */
function runStart(text: string, i: number): number {
  let k = i;
  while (k > 0 && isViewChar(text.charCodeAt(k - 1))) k -= 1;
  return k;
}

function runEnd(text: string, i: number): number {
  let k = i;
  while (k < text.length && isViewChar(text.charCodeAt(k))) k += 1;
  return k;
}

/**
 * Whether the run [start, end) may hold a link: a dot before a letter (a host ends in a TLD), a slash (//1.2.3.4), an
 * at-sign, or a letter before a colon (a scheme). Prices, decimals and times (¥39.9, 1.5：, 12:30) hold none, nor do IP
 * addresses without a scheme.
 */
function mayHoldLink(text: string, start: number, end: number): boolean {
  let previous = 0;
  for (let k = start; k < end; k += 1) {
    const c = foldWidth(text.charCodeAt(k));
    if (c === 0x2f || c === 0x40 || (previous === 0x2e && isLetter(c)) || (c === 0x3a && isLetter(previous)))
      return true;
    previous = c;
  }
  return false;
}

/**
 * Whether an ASCII letter or digit stands before code unit i, past at most two code points the link view reads as spaces
 * (Han, punctuation, emoji), as the view looks back from a disguised dot. Earlier rewrites in the part would have made it
 * hot, so the view there is the text's own.
 */
function alnumBefore(text: string, i: number): boolean {
  let k = i - 1;
  for (let skipped = 0; skipped < 2 && k >= 0 && !isViewChar(text.charCodeAt(k)); skipped += 1) {
    const c = text.charCodeAt(k);
    k -=
      c >= 0xdc00 && c <= 0xdfff && k > 0 && text.charCodeAt(k - 1) >= 0xd800 && text.charCodeAt(k - 1) <= 0xdbff
        ? 2
        : 1;
  }
  return k >= 0 && isAlnum(text.charCodeAt(k));
}

/** Past at most two spaces after code unit i - 1, as the link view skips them after a dot: where the next one stands. */
function skipSpaces(text: string, i: number): number {
  let k = i;
  while (k < text.length && k - i < 2 && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x3000)) k += 1;
  return k;
}

/**
 * Whether the link view may read a dot or an at-sign at code unit i, other than a real dot: an at-sign, a disguised dot
 * (点, 。, 丶) before an ASCII letter or digit, or a spelled one ((dot), 艾特, ' at ').
 */
function maySubstitute(text: string, i: number, f: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 0x40 || c === 0xff20) return true;
  if ((f & DOT) !== 0) return isAlnum(text.charCodeAt(skipSpaces(text, i + 1))) && alnumBefore(text, i);
  return (LINK_WORDS.get(c) ?? []).some((word) => startsWithAt(text, i, word));
}

/**
 * Whether a run of `digits` digits may hold a finding when no keyword stands in its part (a keyword makes the part hot by
 * itself, and the walk from a keyword to its number never crosses a cut): a phone number has ten digits or more, a
 * disguised QQ number seven, in another numeral system.
 */
function mayBeNumber(digits: number, numerals: boolean): boolean {
  return digits >= 10 || (numerals && digits >= 7);
}

/** Parts closer than this are read as one: a few characters more cost less than another full scan's set-up. */
const MERGE_GAP = 32;

function push(windows: number[], start: number, end: number): void {
  const last = windows.length - 1;
  if (last > 0 && start - (windows[last] ?? 0) <= MERGE_GAP) windows[last] = end;
  else windows.push(start, end);
}

/**
 * The parts of `text` the full scan must read, as [start, end) pairs of UTF-16 offsets; everywhere else it would find
 * nothing. A part is cut only inside three inert characters in a row (plain Han text, no keyword character, filler or link
 * mark): every walk of the full scan (digit runs, keyword trie, keyword context, link view) stops at one, and none looks
 * further than two of them, so a part read alone yields exactly the findings the whole text has there. A part is read
 * when it may hold a number, a link, or a keyword that can report (keywordsReport): 手机, 电话 and 微信 are everyday
 * words, and beside no number or id they are no finding.
 * `linkable` is mayHaveLink of the whole text, asked only when a dot or at-sign turns up.
 *
 * @example
 * findWindows('周末我们全家去博物馆', () => false); // []
 */
export function findWindows(text: string, linkable: () => boolean): number[] {
  const windows: number[] = [];
  const n = text.length;
  let partStart = 0;
  let hot = false;
  let digits = 0;
  let gap = 0;
  let numerals = false;
  let links: boolean | undefined;
  let quietUntil = 0;
  // What the current part holds for its keywords: their bits, its longest digit run, whether it has a letter.
  let partKeys = 0;
  let partDigits = 0;
  let partLetter = false;
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i);
    let f = FLAGS[c] ?? 0;
    // Most characters of Chinese text start nothing and end any digit run: skip their stretch at once, cutting inside
    // three inert ones in a row (between the first and the second). Outside a digit run a gap does nothing either.
    if (f !== 0 && (f & STARTS) === 0 && (digits === 0 || (f & GAP) === 0)) {
      digits = 0;
      gap = 0;
      numerals = false;
      let inert = 0;
      let k = i;
      for (; k < n; k += 1) {
        const g = FLAGS[text.charCodeAt(k)] ?? 0;
        if ((g & STARTS) !== 0 || g === 0) break;
        inert = (g & INERT) === 0 ? 0 : inert + 1;
        if ((g & LETTER) !== 0) partLetter = true;
        if (inert === 3) {
          if (hot || keywordsReport(partKeys, partDigits, partLetter)) push(windows, partStart, k - 1);
          partStart = k - 1;
          hot = false;
          partKeys = 0;
          partDigits = 0;
          partLetter = false;
        }
      }
      i = k - 1;
      continue;
    }
    if (f === 0) {
      if (c >= 0xd800 && c <= 0xdfff) {
        // An astral digit extends a run; anything else astral (emoji, skin tones) may be a separator inside one.
        if (isAstralDigit(text.codePointAt(i) ?? 0)) {
          digits += 1;
          partDigits = Math.max(partDigits, digits);
          gap = 0;
          numerals = true;
          if (mayBeNumber(digits, numerals)) hot = true;
        }
        continue;
      }
      f = classify(c);
    }
    if ((f & LETTER) !== 0) partLetter = true;
    if ((f & DIGIT) !== 0) {
      digits += (f & WIDE) === 0 ? 1 : 2;
      partDigits = Math.max(partDigits, digits);
      gap = 0;
    } else if ((f & NEWLINE) !== 0) {
      gap = 0;
    } else if ((f & GAP) !== 0) {
      if ((f & COUNTED) !== 0 && (gap += 1) > 3) {
        digits = 0;
        gap = 0;
        numerals = false;
      }
    } else {
      digits = 0;
      gap = 0;
      numerals = false;
    }
    // A keycap mark comes after its digit (2⃣): it may make the run disguised only then.
    if ((f & NUMERALS) !== 0 && digits > 0) numerals = true;
    if (mayBeNumber(digits, numerals)) hot = true;
    if (hot) continue;
    if ((f & START) !== 0) {
      partKeys |= keywordsAt(text, i);
      if (keywordsReport(partKeys, partDigits, partLetter)) {
        hot = true;
        continue;
      }
    }
    if ((f & LINK) === 0 || i < quietUntil) continue;
    if (c === 0x2e || c === 0xff0e) {
      // A real dot: the link view reads the run around it as it stands (a disguised mark rewritten in the same part makes
      // the part hot by itself), except that, like a disguised dot, it joins an ASCII letter or digit up to two Han,
      // space or punctuation code points before it (https://0周.１). Each run is read once.
      const start = runStart(text, i);
      quietUntil = runEnd(text, i);
      const joins = start === i && alnumBefore(text, i) && isAlnum(text.charCodeAt(skipSpaces(text, i + 1)));
      if ((joins || mayHoldLink(text, start, quietUntil)) && (links ??= linkable())) hot = true;
    } else if (maySubstitute(text, i, f) && (links ??= linkable())) hot = true;
  }
  if (hot || keywordsReport(partKeys, partDigits, partLetter)) push(windows, partStart, n);
  return windows;
}

/** Gate codes of BMP code units: not classified yet, nothing to read (most Han text), or worth a look. */
const GATE_UNKNOWN = 0;
const GATE_PLAIN = 1;
const GATE_LOOK = 2;
/**
 * What the gate must be shown: digits, keyword starts and link marks. Gaps inside a digit run and letters (a WeChat id)
 * matter only beside those, so the gate reads them from the text when it gets there.
 */
const NOTED = DIGIT | START | LINK;
/** Per BMP code unit, filled in as code units are first read. */
const GATE = new Uint8Array(0x10000);

/** Whether every code unit in [from, to) may stand inside a digit run: a gap, a keycap mark, an astral code point. */
function bridges(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if ((flagsOf(c) & (GAP | NUMERALS)) === 0) return false;
  }
  return true;
}

/** Whether the text has a letter of the full scan anywhere (ASCII, full-width or circled). */
function hasLetter(text: string): boolean {
  for (let k = 0; k < text.length; k++) if ((flagsOf(text.charCodeAt(k)) & LETTER) !== 0) return true;
  return false;
}

/**
 * The contact gate's table, a RawTable for the engine's normalizer: 1 (plain) for a BMP code unit the gate need not be
 * shown, 0 until the gate first reads it. Shared by every engine.
 */
export const CONTACT_GATE_TABLE: Uint8Array = GATE;

/**
 * The contact gate: whether findWindows can find any part of a text worth reading, answered from the few code units that
 * can matter. The engine's normalizer lists them on its way through the text (see RawTable), so most texts skip the
 * contact detector's own pass. Every test is a superset of findWindows' (a digit run here never ends where one there
 * goes on; keywords and links count wherever they stand), so false means findContacts finds nothing.
 *
 * @param at the code unit offsets of every code point of `text` that is astral or whose CONTACT_GATE_TABLE entry is not
 *   plain, in order: the first `count` entries.
 */
export function mayFindContactsAt(text: string, at: Int32Array, count: number): boolean {
  // The digits of the current run, and the code unit after its last digit: a digit after nothing but gaps goes on.
  let run = 0;
  let longest = 0;
  let runUntil = -1;
  let keys = 0;
  let link = false;
  for (let k = 0; k < count; k++) {
    const i = at[k]!;
    const c = text.charCodeAt(i);
    let f: number;
    let next = i + 1;
    if (c >= 0xd800 && c <= 0xdfff) {
      // An astral digit counts; any other astral code point, or a lone surrogate, may stand inside a run.
      const cp = text.codePointAt(i)!;
      if (!isAstralDigit(cp)) continue;
      f = DIGIT;
      next = i + 2;
    } else {
      let g = GATE[c]!;
      f = flagsOf(c);
      if (g === GATE_UNKNOWN) GATE[c] = g = (f & NOTED) === 0 ? GATE_PLAIN : GATE_LOOK;
      if (g === GATE_PLAIN) continue;
    }
    if ((f & DIGIT) !== 0) {
      const goesOn = runUntil === i || (runUntil >= 0 && bridges(text, runUntil, i));
      run = (goesOn ? run : 0) + ((f & WIDE) === 0 ? 1 : 2);
      if (run > longest) longest = run;
      runUntil = next;
    }
    if ((f & START) !== 0) keys |= keywordsAt(text, i);
    if ((f & LINK) !== 0 && !link) {
      if (c === 0x2e || c === 0xff0e) {
        const start = runStart(text, i);
        const joins = start === i && alnumBefore(text, i) && isAlnum(text.charCodeAt(skipSpaces(text, i + 1)));
        link = joins || mayHoldLink(text, start, runEnd(text, i));
      } else link = maySubstitute(text, i, f);
    }
  }
  if (mayBeNumber(longest, true) || (link && mayHaveLink(text))) return true;
  // A letter matters only to a WeChat keyword that nothing else lets report: look for one only then.
  return keywordsReport(keys, longest, false) || ((keys & WECHAT) !== 0 && hasLetter(text));
}

/**
 * The gate's answer for a text read on its own: it lists the code units itself, as the engine's normalizer does.
 *
 * @example
 * mayFindContacts('周末我们全家去博物馆'); // false
 * mayFindContacts('加薇信：幺三八 一二三四 五六七八'); // true
 */
export function mayFindContacts(text: string): boolean {
  const at = new Int32Array(text.length);
  let count = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    if (cp >= 0x10000 || GATE[cp] !== GATE_PLAIN) at[count++] = i;
    i += cp >= 0x10000 ? 2 : 1;
  }
  return mayFindContactsAt(text, at, count);
}
