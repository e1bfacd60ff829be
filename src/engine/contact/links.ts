import { LinkifyIt } from 'linkify-it';
import tlds from 'tlds' with { type: 'json' };

/** The disguises a link can carry, as bits while scanning. */
export const LINK_VIA = { width: 1, separator: 2, homophone: 4 } as const;

/** A URL or e-mail address found in the text; offsets are UTF-16 into the original text, end exclusive. */
export interface LinkHit {
  readonly start: number;
  readonly end: number;
  readonly kind: 'url' | 'email';
  /** The address without scheme, host lower-cased: 'example.com/a', 'name@qq.com'. */
  readonly value: string;
  /** LINK_VIA bits. */
  readonly via: number;
  /** Written as a link on purpose: with a scheme or www. */
  readonly explicit: boolean;
}

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false }).tlds(tlds, false);

/** Country-code TLDs that links in Chinese text really use; other two-letter endings are mostly names (Mr.Li) or files. */
const COMMON_CC = new Set([
  'cn',
  'hk',
  'tw',
  'mo',
  'cc',
  'me',
  'io',
  'co',
  'tv',
  'to',
  'ly',
  'gg',
  'la',
  'ws',
  'us',
  'uk',
  'jp',
  'kr',
  'sg',
  'in',
]);
/** TLDs that are also common file extensions (README.md, main.py, a.zip): without a scheme they are file names. */
const FILE_EXTENSIONS = new Set([
  'md',
  'py',
  'sh',
  'rs',
  'pl',
  'ps',
  'so',
  'zip',
  'mov',
  'ts',
  'js',
  'cs',
  'ml',
  'pm',
  'rb',
  'am',
  'sc',
]);

/**
 * Endings accepted when the dot itself is disguised (点, 。, dot): ordinary text has 上午10点name and 回复TD。Place, so a
 * disguised link must end in a TLD that spam really uses.
 */
const DISGUISED_TLDS = new Set([
  ...COMMON_CC,
  ...['com', 'net', 'org', 'top', 'xyz', 'vip', 'info', 'biz', 'club', 'site', 'online', 'shop', 'link', 'ink', 'ltd'],
  ...[
    'app',
    'wang',
    'fun',
    'pro',
    'live',
    'store',
    'tech',
    'asia',
    'icu',
    'work',
    'life',
    'cloud',
    'games',
    'win',
    'bet',
  ],
]);

/** Tokens longer than this are not links anyone could follow; skipping them bounds the linkifier's work. */
const MAX_TOKEN = 2048;

export const DOT_WORDS = ['(dot)', '[dot]', '{dot}', '（dot）', '【dot】', '(點)', '(点)', '（点）'];
export const AT_WORDS = ['(at)', '[at]', '{at}', '（at）', '【at】', '艾特', '圈a'];

/**
 * A plain ' at ' is English (look at example.com), so it stands for @ only before a mailbox provider's domain:
 * tom at qq dot com, lily at 163.com.
 */
const MAIL_PROVIDER_RE =
  /^\s{0,2}(?:qq|163|126|139|yeah|gmail|outlook|hotmail|live|yahoo|sina|sohu|foxmail|icloud|aliyun|proton(?:mail)?)(?:\s|\.|点|。|\(|（|\[)/i;

interface View {
  readonly chars: string[];
  readonly srcStart: number[];
  readonly srcEnd: number[];
  readonly via: number[];
}

function isAsciiAlnum(ch: string | undefined): boolean {
  if (ch === undefined || ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function foldWidth(ch: string): string {
  const c = ch.charCodeAt(0);
  return c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : ch;
}

/** Whether `word` (lower case) stands at position i, ASCII letters compared case-insensitively. */
export function startsWithAt(text: string, i: number, word: string): boolean {
  if (i + word.length > text.length) return false;
  for (let k = 0; k < word.length; k += 1) {
    let c = text.charCodeAt(i + k);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** After position i, skip at most two spaces; the position of the next character. */
function skipSpaces(text: string, i: number): number {
  let k = i;
  while (k < text.length && k - i < 2 && (text[k] === ' ' || text[k] === '\u3000')) k += 1;
  return k;
}

function lastNonSpace(view: View): number {
  let k = view.chars.length - 1;
  let spaces = 0;
  while (k >= 0 && view.chars[k] === ' ' && spaces < 2) {
    k -= 1;
    spaces += 1;
  }
  return k;
}

/**
 * Emit a substituted '.' or '@' at [start, end) when ASCII letters or digits stand on both sides (spaces allowed around
 * it); returns whether it did.
 */
function substitute(text: string, view: View, start: number, end: number, out: string, via: number): boolean {
  const prev = lastNonSpace(view);
  if (prev < 0 || !isAsciiAlnum(view.chars[prev])) return false;
  const after = skipSpaces(text, end);
  if (!isAsciiAlnum(foldWidth(text.charAt(after)))) return false;
  let bits = via;
  if (prev < view.chars.length - 1 || after > end) bits |= LINK_VIA.separator;
  if (prev + 1 < view.chars.length) {
    view.chars.length = prev + 1;
    view.srcStart.length = prev + 1;
    view.srcEnd.length = prev + 1;
    view.via.length = prev + 1;
  }
  view.chars.push(out);
  view.srcStart.push(start);
  view.srcEnd.push(after);
  view.via.push(bits);
  return true;
}

function buildView(text: string): View {
  const view: View = { chars: [], srcStart: [], srcEnd: [], via: [] };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b || c === 0xff08 || c === 0x3010 || c === 0x827e || c === 0x5708) {
      const word = DOT_WORDS.find((w) => startsWithAt(text, i, w)) ?? AT_WORDS.find((w) => startsWithAt(text, i, w));
      if (word !== undefined) {
        const out = DOT_WORDS.includes(word) ? '.' : '@';
        const end = i + word.length;
        if (substitute(text, view, i, end, out, LINK_VIA.homophone)) {
          i = skipSpaces(text, end);
          continue;
        }
      }
    }
    if (c === 0x20 && startsWithAt(text, i, ' at ') && MAIL_PROVIDER_RE.test(text.slice(i + 4, i + 24))) {
      if (substitute(text, view, i, i + 4, '@', LINK_VIA.homophone)) {
        i = skipSpaces(text, i + 4);
        continue;
      }
    }
    if (c === 0x20 && startsWithAt(text, i, ' dot ')) {
      if (substitute(text, view, i, i + 5, '.', LINK_VIA.homophone)) {
        i = skipSpaces(text, i + 5);
        continue;
      }
    }
    let dot: number | undefined;
    if (c === 0x70b9)
      dot = LINK_VIA.homophone; // 点
    else if (c === 0x3002 || c === 0xff61)
      dot = LINK_VIA.width; // 。｡
    else if (c === 0x4e36 || c === 0xb7 || c === 0x2022 || c === 0x30fb)
      dot = LINK_VIA.separator; // 丶·•・
    else if (c === 0x2e || c === 0xff0e) dot = c === 0x2e ? 0 : LINK_VIA.width;
    else if (c === 0x40 || c === 0xff20) {
      if (substitute(text, view, i, i + 1, '@', c === 0x40 ? 0 : LINK_VIA.width)) {
        i = skipSpaces(text, i + 1);
        continue;
      }
    }
    if (dot !== undefined) {
      if (substitute(text, view, i, i + 1, '.', dot)) {
        i = skipSpaces(text, i + 1);
        continue;
      }
    }
    const cp = text.codePointAt(i) ?? 0;
    const size = cp > 0xffff ? 2 : 1;
    let ch = ' ';
    let bits = 0;
    if (c > 0x20 && c < 0x7f) ch = text.charAt(i);
    else if (c >= 0xff01 && c <= 0xff5e) {
      ch = String.fromCharCode(c - 0xfee0);
      bits = LINK_VIA.width;
    }
    view.chars.push(ch);
    view.srcStart.push(i);
    view.srcEnd.push(i + size);
    view.via.push(bits);
    i += size;
  }
  return view;
}

/**
 * What every link the view can yield has somewhere: a scheme's two slashes, or a letter or digit before an at-sign or a
 * dot, however written, past at most two code points the view reads as spaces, where a dot mark is followed by two
 * letters (every TLD has two or more, and the view puts nothing but up to two spaces between a dot and what follows).
 * Prices, versions and times (39.9, v1.0, 3。好) and the odd letter after a full stop (回复TD。A) hold none; texts
 * without one are skipped.
 */
const MAY_HAVE_LINK =
  /[/／]{2}|[\dA-Za-z０-９Ａ-Ｚａ-ｚ][^\x21-\x7e\uff01-\uff5e]{0,2}(?:[@＠]|[.点。｡．丶·•・][ \u3000]{0,2}[A-Za-zＡ-Ｚａ-ｚ]{2}|[([{（【]\s*(?:at|dot|点|點)|艾特|圈a| dot | at )/iu;

/** Whether a text may hold a link at all; a part of a text is scanned with its whole text's answer. */
export function mayHaveLink(text: string): boolean {
  return MAY_HAVE_LINK.test(text);
}

/** Non-ASCII characters the link view reads as (part of) a dot or an at-sign: the prefilter never cuts a text at one. */
export const LINK_MARKS: ReadonlySet<string> = new Set([...'点點。｡．＠丶·•・（【艾特圈']);

function hostOf(address: string): string {
  const at = address.indexOf('@');
  const rest = at >= 0 ? address.slice(at + 1) : address;
  const cut = rest.search(/[/?#:]/);
  return (cut >= 0 ? rest.slice(0, cut) : rest).toLowerCase();
}

/** A host name as DNS allows it: labels of letters, digits and inner hyphens, ending in a TLD of letters. */
const HOST_NAME = /^(?:[a-z\d](?:[a-z\d-]*[a-z\d])?\.)+[a-z][a-z\d-]*[a-z\d]$/;

function isLikelyLink(address: string): boolean {
  const host = hostOf(address);
  // The linkifier takes other ASCII signs in a host (~.com, a~b.cn): no one can follow such a link.
  if (!HOST_NAME.test(host)) return false;
  if (host.startsWith('www.')) return true;
  const tld = host.slice(host.lastIndexOf('.') + 1);
  if (FILE_EXTENSIONS.has(tld)) return false;
  return tld.length !== 2 || COMMON_CC.has(tld);
}

function normalizeLink(text: string, email: boolean): string {
  if (email) return text.replace(/^mailto:/i, '').toLowerCase();
  const bare = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^\/\//, '');
  const host = bare.search(/[/?#]/);
  return host >= 0 ? bare.slice(0, host).toLowerCase() + bare.slice(host) : bare.toLowerCase();
}

/**
 * Every URL and e-mail address, also when its dots and at-signs are disguised (example点com, a。cn, name艾特qq点com,
 * name (at) qq (dot) com) or written in full-width letters. The text is rewritten into an ASCII view whose characters map
 * back to the original offsets, split at everything that cannot be part of an address, and each short token is handed to
 * linkify-it with the current IANA list of TLDs. `linkable` is mayHaveLink of the whole text when `text` is a part of it.
 *
 * @example
 * findLinks('快来 example点com 看看')[0]; // { start: 3, end: 14, kind: 'url', value: 'example.com', … }
 */
export function findLinks(text: string, linkable = mayHaveLink(text)): LinkHit[] {
  if (!linkable) return [];
  const view = buildView(text);
  const hits: LinkHit[] = [];
  const n = view.chars.length;
  let t = 0;
  while (t < n) {
    if (view.chars[t] === ' ') {
      t += 1;
      continue;
    }
    let e = t;
    let hasDot = false;
    while (e < n && view.chars[e] !== ' ') {
      if (view.chars[e] === '.') hasDot = true;
      e += 1;
    }
    if (hasDot && e - t <= MAX_TOKEN) collect(view, t, e, hits);
    t = e;
  }
  return hits;
}

function collect(view: View, t: number, e: number, hits: LinkHit[]): void {
  const token = view.chars.slice(t, e).join('');
  const matches = linkify.match(token);
  if (matches === null) return;
  for (const m of matches) {
    const email = m.schema === 'mailto:';
    const explicit = m.schema !== '' && !email;
    if (!explicit && !email && !isLikelyLink(m.raw)) continue;
    if (email && m.raw.toLowerCase().startsWith('mailto:') === false && !isLikelyLink(m.raw)) continue;
    let via = 0;
    for (let k = t + m.index; k < t + m.lastIndex; k += 1) via |= view.via[k] ?? 0;
    if (via !== 0 && !explicit) {
      const host = hostOf(m.raw);
      if (!DISGUISED_TLDS.has(host.slice(host.lastIndexOf('.') + 1))) continue;
    }
    const start = view.srcStart[t + m.index];
    const end = view.srcEnd[t + m.lastIndex - 1];
    if (start === undefined || end === undefined) continue;
    hits.push({
      start,
      end,
      kind: email ? 'email' : 'url',
      value: normalizeLink(email ? m.url : m.raw, email),
      via,
      explicit: explicit || hostOf(m.raw).startsWith('www.'),
    });
  }
}
