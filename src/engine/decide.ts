import type { ContactFinding, ContactVia } from './contact.js';
import { CHAR_CLASS, INITIALS_BIT, LONE_LEET_BIT, VIA_BIT, isHan } from './fold.js';
import { PATTERN_KIND } from './layer.js';
import type { ModelResult } from './model/model.js';
import { PERSONAL_INFO_TERMS, maskSpans, type PersonalInfoFinding } from './personal-info.js';
import { MODEL_SUPPORT, modelSeverity } from './model/thresholds.js';
import type { View } from './normalize.js';
import type { Patterns, RawMatch } from './scan.js';
import { SpanList } from './span-list.js';
import { decideAction, strongerAction, type Action, type Category, type Severity } from './taxonomy.js';
import {
  VARIANT_KINDS,
  type Lexicon,
  type Match,
  type ModerateOptions,
  type VariantKind,
  type Verdict,
} from './types.js';

/** Which view a raw match came from; earlier layers win when two find the same term at the same place. */
export type LayerName = 'exact' | 'main' | 'substitution' | 'pinyin' | 'acrostic';

/** The raw matches of one view, with what is needed to read them. */
export interface Candidate {
  readonly layer: LayerName;
  readonly raw: readonly RawMatch[];
  readonly patterns: Patterns;
  /** The view the raw match units index; absent for exact matching, whose units are UTF-16 offsets. */
  readonly view?: View;
  /** The folded view, where the pinyin layer looks up the characters a match covers. */
  readonly mainView?: View;
}

/** A term's folded characters, for telling a homophone from the term itself. */
export interface TermShape {
  readonly chars: readonly number[];
  readonly han: ReadonlySet<number>;
}

export interface DecideInput {
  readonly lexicon: Lexicon;
  readonly shapes: readonly TermShape[];
  readonly text: string;
  readonly options: ModerateOptions;
  readonly settings: { readonly homophoneExactChars: number };
  readonly found: readonly Candidate[];
  readonly contacts?: readonly ContactFinding[];
  readonly personal?: readonly PersonalInfoFinding[];
  readonly model?: ModelResult;
}

/** Categories whose model scores speak for each other: COLD-style contempt, insults and crude talk overlap. */
const SUPPORT_GROUPS: readonly (readonly Category[])[] = [['abuse', 'discrimination', 'vulgar']];

/** Categories whose model score makes a plain contact detail an invitation rather than information. */
const LURING: readonly Category[] = [
  'contact_offplatform',
  'grooming',
  'fraud',
  'sexual',
  'gambling',
  'drugs',
  'crime_solicitation',
  'doxxing',
];

/**
 * A contact detail written as it is, perhaps named (电话是…): no disguise (numerals, sound-alikes), and separators only
 * as numbers are usually grouped (010-8403 5296), not one between every digit.
 */
function isPlainDetail(f: ContactFinding, text: string): boolean {
  if (!f.via.every((v) => v === 'keyword' || v === 'separator')) return false;
  if (!f.via.includes('separator')) return true;
  const digits = /\d[\d -]*\d/u.exec(text.slice(f.start, f.end))?.[0] ?? '';
  return /^\d{2,}(?:[ -]\d{2,})*$/u.test(digits);
}

/**
 * Whether the model reads the text as luring someone somewhere. A plain contact detail (电话是010-…, a shop's e-mail)
 * is a finding for words alone; with a model that reads the text as ordinary information it is only shown, not
 * flagged. Disguised details stay as the contact detector judged them, and so does every detail in a luring text.
 */
function invitingRead(model: ModelResult): boolean {
  return LURING.some((c) => (model.scores[c] ?? 0) >= MODEL_SUPPORT);
}

/** The model's support for a category: its own score, or the best of its group's. */
function supportFor(model: ModelResult | undefined, category: Category): number {
  if (!model) return 0;
  let best = model.scores[category] ?? 0;
  for (const group of SUPPORT_GROUPS)
    if (group.includes(category)) for (const c of group) best = Math.max(best, model.scores[c] ?? 0);
  return best;
}

const viaCache = new Map<number, readonly VariantKind[]>();
/** The variant kinds of a bit mask, as a shared frozen array. */
export function viaKinds(bits: number): readonly VariantKind[] {
  let kinds = viaCache.get(bits);
  if (!kinds) viaCache.set(bits, (kinds = Object.freeze(VARIANT_KINDS.filter((k) => (bits & VIA_BIT[k]) !== 0))));
  return kinds;
}

const isLatinLetter = (cp: number): boolean => cp >= 0x61 && cp <= 0x7a;
const LOWER: Readonly<Record<Severity, Severity>> = { high: 'medium', medium: 'low', low: 'low' };
/** 。！？!?；; and line breaks: where a clause ends. */
const isClauseEnd = (c: number): boolean =>
  c === 0x3002 ||
  c === 0xff01 ||
  c === 0xff1f ||
  c === 0x21 ||
  c === 0x3f ||
  c === 0xff1b ||
  c === 0x3b ||
  c === 0x0a ||
  c === 0x0d;
/**
 * How far (UTF-16 units between the spans) a cue may stand from a topic term and still speak of it: "你个智障" and
 * "澳门赌场上线，注册就送" are near; a 你 at the other end of a long sentence is about something else.
 */
const CUE_REACH = 12;

/** Which variant kinds a contact finding stands for. */
const CONTACT_VIA: Readonly<Record<ContactVia, VariantKind | undefined>> = {
  numerals: 'numerals',
  width: 'width',
  separator: 'separator',
  linebreak: 'separator',
  homophone: 'homophone',
  keyword: undefined,
};

/** What a contact finding is called in a match's `term`: a readable name for the kind of detail. */
const CONTACT_TERMS: Readonly<Record<ContactFinding['kind'], string>> = {
  phone: '电话号码 phone number',
  qq: 'QQ号 QQ number',
  wechat: '微信号 WeChat id',
  url: '网址 URL',
  email: '邮箱 e-mail',
  keyword: '引流话术 contact invitation',
};

/** Turns raw matches into the verdict: variant permissions, word edges, allow terms, contexts, then the action. */
export function decide(input: DecideInput): Verdict {
  const { lexicon, shapes, text, options, found, contacts = [], personal = [], model } = input;
  if (!model && contacts.length === 0 && personal.length === 0 && found.every((c) => c.raw.length === 0)) {
    return { action: 'allow', flagged: false, categories: [], matches: [] };
  }
  const supported = (category: Category): boolean => supportFor(model, category) >= MODEL_SUPPORT;
  const spanOf = (c: Candidate, m: RawMatch): [number, number] =>
    c.view ? [c.view.start[m.startUnit]!, c.view.end[m.endUnit]!] : [m.startUnit, m.endUnit + 1];

  // Allow terms, contexts and cues are looked up by place, so a long text full of them costs no square of its length.
  const allows = new SpanList();
  const cues: [number, number, number][] = [];
  const cueSpans = new SpanList();
  let contexts: [number, number, number][] | undefined;
  for (const c of found) {
    for (const m of c.raw) {
      const kind = c.patterns.kind[m.pattern];
      if (kind === PATTERN_KIND.allow) {
        const [s, e] = spanOf(c, m);
        // An allow term written with a space ("pen is") allows the words apart only, never the word they spell.
        if (!lexicon.allows[c.patterns.entry[m.pattern]!]!.term.includes(' ') || /\s/u.test(text.slice(s, e)))
          allows.add(s, e, 0);
      } else if (kind === PATTERN_KIND.context) (contexts ??= []).push([...spanOf(c, m), c.patterns.entry[m.pattern]!]);
      else if (kind === PATTERN_KIND.cue) {
        const [s, e] = spanOf(c, m);
        cueSpans.add(s, e, cues.length);
        cues.push([s, e, c.patterns.entry[m.pattern]!]);
      }
    }
  }
  const clauses = contexts || cues.length > 0 ? clauseIndex(text) : undefined;
  const covering = contexts && clauses ? contextsByClause(contexts, clauses, lexicon) : undefined;
  // A contact detail anywhere in the text is an invitation: it gives every topic term its severity back.
  const invited = contacts.some((f) => f.severity !== 'low');

  /** Whether a cue of the category stands near [start, end) in its clause. */
  const cued = (start: number, end: number, category: Category): boolean =>
    cueSpans.startingIn(start - CUE_REACH - cueSpans.longestSpan, end + CUE_REACH + 1).some((k) => {
      const [s, e, i] = cues[k]!;
      // A cue inside the term (都是 in 黑人都是) is the term's own wording, not something said of it; one that calls
      // someone the term (是个 脑残) says it only before the term.
      return (
        (s < start || e > end) &&
        (lexicon.cues[i]!.before !== true || e <= start) &&
        s - end <= CUE_REACH &&
        start - e <= CUE_REACH &&
        clauses !== undefined &&
        inContext(clauses, start, end, s, e, lexicon.cues[i]!.categories, category)
      );
    });
  /** Matches through pinyin initials (sb, nmsl), kept aside until the rest of the verdict says whether they have support. */
  const initialsFound: { match: Match; cued: boolean }[] = [];

  const matches: Match[] = [];
  /** Each term's matches so far, by place: the same term found again through another view is one finding. */
  const byEntry = new Map<number, SpanList>();
  for (const c of found) {
    for (const m of c.raw) {
      if (c.patterns.kind[m.pattern] !== PATTERN_KIND.term) continue;
      const entry = c.patterns.entry[m.pattern]!;
      const term = lexicon.terms[entry]!;
      const [start, end] = spanOf(c, m);
      // The same term at the same place through another view is one finding: the first view's, which needed least.
      const earlier = byEntry.get(entry);
      const duplicate =
        earlier !== undefined &&
        (c.layer === 'main' || c.layer === 'exact' ? earlier.has(start, end) : earlier.overlaps(start, end));
      if (duplicate) continue;
      let via = m.via;
      let severity = term.severity;
      if (c.layer === 'pinyin' && c.mainView && c.view) {
        const spelled = (via & VIA_BIT.pinyin) !== 0;
        // Spelled pinyin must stand as whole Latin runs: "apache" is not a|pa|che → 扒车.
        if (spelled && !atRunEdges(c.view, m)) continue;
        const judged = judgeSyllableMatch(c.mainView, start, end, shapes[entry]!, spelled);
        if (judged.homophone) {
          // Sound-alikes are weak evidence: never across a separator (厦，碧 is not 傻逼), at most a label unless the
          // lexicon flags the term as commonly disguised by sound, and then one level below the term's own severity.
          if ((via & VIA_BIT.separator) !== 0 || judged.exactChars < input.settings.homophoneExactChars) continue;
          via |= VIA_BIT.homophone;
          // The model reading the same text as this category is the corroboration a sound-alike lacks.
          if (!supported(term.category))
            severity = (term.flagged ?? []).includes('homophone') ? LOWER[severity] : 'low';
        }
      }
      if ((via & LONE_LEET_BIT) !== 0) {
        // A digit read as a letter with no letter beside it (傻8, 8站) is weak evidence, like a sound-alike: a label unless
        // the lexicon flags the term `+leet`, and then one level below its own severity.
        via &= ~LONE_LEET_BIT;
        if (!supported(term.category)) severity = (term.flagged ?? []).includes('leet') ? LOWER[severity] : 'low';
      }
      // Pinyin initials generated from a term (sb for 傻逼) are the weakest disguise: they count only with support.
      const initials = (via & INITIALS_BIT) !== 0;
      via &= ~INITIALS_BIT;
      if ((via & ~c.patterns.allowedVia[m.pattern]!) !== 0) continue;
      const edges = c.patterns.latinEdges[m.pattern]!;
      if (edges !== 0 && !(c.view ? atWordEdges(c.view, m, edges) : atTextWordEdges(text, start, end, edges))) continue;
      // Two English words are not one term spelled apart: "is is" is not isis, while i s i s and is.is still are.
      if (
        edges !== 0 &&
        (via & VIA_BIT.separator) !== 0 &&
        !term.term.includes(' ') &&
        spacesBetweenWords(text, start, end)
      )
        continue;
      // An allow term cancels only a match it covers whole: a longer term beats an allow term inside it.
      if (allows.covers(start, end)) continue;
      // Protective wording (打击赌博) turns a match into a label: still shown, never blocked, and pasting such wording
      // into an advert cannot hide it.
      if (covering && clauses && isCoveredByContext(covering, clauses, start, end, term.category)) {
        severity = 'low';
      } else if (term.topic === true && !invited && !supported(term.category) && !cued(start, end, term.category)) {
        // Naming a harm (a headline about 高利贷, a story about a 赌徒) is not doing it: a label until a cue says
        // otherwise.
        severity = 'low';
      }
      const match: Match = {
        start,
        end,
        text: text.slice(start, end),
        term: term.term,
        category: term.category,
        severity,
        via: viaKinds(via),
      };
      if (initials) {
        // Capitals are an acronym more often than initials (QG and YTG are teams): a cue alone does not carry them.
        const acronym = !/[a-z]/u.test(match.text);
        initialsFound.push({ match, cued: !acronym && cued(start, end, term.category) });
        continue;
      }
      matches.push(match);
      let spans = byEntry.get(entry);
      if (!spans) byEntry.set(entry, (spans = new SpanList()));
      spans.add(start, end, matches.length - 1);
    }
  }

  // The off-platform matches by place, contact findings joining them as they are made; `gone` are those a finding took in.
  const offPlatform = new SpanList();
  const gone = new Set<number>();
  if (contacts.length > 0)
    matches.forEach((k, i) => {
      if (k.category === 'contact_offplatform') offPlatform.add(k.start, k.end, i);
    });
  for (const f of contacts) {
    if (allows.covers(f.start, f.end)) continue;
    // A bare invitation inside a lexicon term of the same kind (私聊 in 私聊我) is that term's finding already.
    if (f.kind === 'keyword' && offPlatform.covers(f.start, f.end)) continue;
    // A contact finding covers the keyword terms inside it (加薇信 and a number is one finding, not three).
    for (const i of offPlatform.removeWithin(f.start, f.end, () => true)) gone.add(i);
    let via = VIA_BIT.contact;
    for (const v of f.via) {
      const kind = CONTACT_VIA[v];
      if (kind) via |= VIA_BIT[kind];
    }
    matches.push({
      start: f.start,
      end: f.end,
      text: text.slice(f.start, f.end),
      term: CONTACT_TERMS[f.kind],
      category: 'contact_offplatform',
      severity: model && isPlainDetail(f, text) && !invitingRead(model) ? 'low' : f.severity,
      via: viaKinds(via),
    });
    offPlatform.add(f.start, f.end, matches.length - 1);
  }
  if (gone.size > 0) {
    const kept = matches.filter((_, i) => !gone.has(i));
    matches.length = 0;
    matches.push(...kept);
  }
  for (const f of personal) {
    if (allows.covers(f.start, f.end)) continue;
    matches.push({
      start: f.start,
      end: f.end,
      text: text.slice(f.start, f.end),
      term: PERSONAL_INFO_TERMS[f.kind],
      category: 'personal_info',
      severity: f.severity,
      via: [],
    });
  }
  // Initials stand only beside support: the model reading the text as their category, a cue of it, or another finding
  // more than a label near them in their clause; then one level below the term's severity. Alone they are not reported.
  if (initialsFound.length > 0) {
    const index = clauses ?? clauseIndex(text);
    const findings = new SpanList();
    matches.forEach((k, i) => {
      if (k.severity !== 'low') findings.add(k.start, k.end, i);
    });
    const near = ({ start, end }: Match): boolean =>
      findings.startingIn(start - CUE_REACH - findings.longestSpan, end + CUE_REACH + 1).some((i) => {
        const k = matches[i]!;
        return (
          k.start - end <= CUE_REACH &&
          start - k.end <= CUE_REACH &&
          inContext(index, start, end, k.start, k.end, [], k.category)
        );
      });
    for (const { match, cued: hasCue } of initialsFound)
      if (hasCue || supported(match.category) || near(match))
        matches.push({ ...match, severity: LOWER[match.severity] });
  }

  if (matches.length > 1) matches.sort(byPosition);
  const kept = options.longest ? matches.filter((m, i) => i === 0 || matches[i - 1]!.start !== m.start) : matches;
  const ageBand = options.ageBand ?? 'age_12_16';
  const personalSpans = ageBand === 'adult' ? [] : kept.filter((m) => m.category === 'personal_info');
  const masked = personalSpans.length > 0 ? { masked: maskSpans(text, personalSpans) } : {};
  let action: Action = 'allow';
  const categories: Category[] = [];
  for (const m of kept) {
    action = strongerAction(action, decideAction(m.category, m.severity, ageBand, options.surface));
    if (!categories.includes(m.category)) categories.push(m.category);
  }
  if (!model)
    return { action, flagged: action === 'review' || action === 'block', categories, matches: kept, ...masked };
  // The model's findings: each category whose score reaches its flag threshold for the band, as a match of that severity
  // would.
  const modelFound: Category[] = [];
  for (const [category, score] of Object.entries(model.scores) as [Category, number][]) {
    const severity = modelSeverity(score, ageBand, options.modelThreshold, model.flagAt[category]);
    if (severity === undefined) continue;
    modelFound.push(category);
    action = strongerAction(action, decideAction(category, severity, ageBand, options.surface));
    if (!categories.includes(category)) categories.push(category);
  }
  return {
    action,
    flagged: action === 'review' || action === 'block',
    categories,
    matches: kept,
    scores: model.scores,
    signals: model.signals.filter((s) => modelFound.includes(s.category)),
    ...masked,
  };
}

/**
 * Whether a match found by syllables needed homophones: a Han character in the span that the term does not have (for
 * spans with pinyin letters), or Han characters that differ from the term's. Also counts the term's own characters kept.
 */
function judgeSyllableMatch(
  view: View,
  start: number,
  end: number,
  shape: TermShape,
  spelled: boolean,
): { homophone: boolean; exactChars: number } {
  const han: number[] = [];
  let low = 0;
  let high = view.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (view.start[mid]! < start) low = mid + 1;
    else high = mid;
  }
  for (let u = low; u < view.length; u++) {
    if (view.end[u]! > end) break;
    const cp = view.cp[u]!;
    if (view.cls[u] === CHAR_CLASS.regular && isHan(cp) && han[han.length - 1] !== cp) han.push(cp);
  }
  const exactChars = han.filter((cp) => shape.han.has(cp)).length;
  if (spelled) return { homophone: exactChars < han.length, exactChars };
  const own = shape.chars.filter((cp, i) => cp !== shape.chars[i - 1]);
  return { homophone: han.length !== own.length || han.some((cp, i) => cp !== own[i]), exactChars };
}

/** The pinyin units at both ends of a match are not in the middle of a Latin run (the unit beside is not glued on). */
function atRunEdges(view: View, m: RawMatch): boolean {
  const glued = (a: number, b: number): boolean =>
    a >= 0 &&
    b < view.length &&
    view.cls[a] === CHAR_CLASS.regular &&
    view.cls[b] === CHAR_CLASS.regular &&
    (view.via[a]! & VIA_BIT.pinyin) !== 0 &&
    (view.via[b]! & VIA_BIT.pinyin) !== 0 &&
    view.end[a] === view.start[b];
  return !glued(m.startUnit - 1, m.startUnit) && !glued(m.endUnit, m.endUnit + 1);
}

const byPosition = (a: Match, b: Match): number =>
  a.start - b.start || b.end - a.end || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);

/**
 * English endings a word keeps its meaning under (fuckers, bitches, sluts, shitty, fucking), the last letter perhaps
 * doubled: a term with a word edge at its end still ends there when one of them follows.
 */
const INFLECTION = /^(?:s|es|er|ers|ed|ing|ings|in|y|ier|iest)$/u;
const MAX_INFLECTION = 5;

/** Whether `rest`, the letters after a term ending in `last`, is an English ending of it. */
function isInflection(rest: string, last: string): boolean {
  return INFLECTION.test(rest) || (rest.startsWith(last) && INFLECTION.test(rest.slice(1)));
}

/** A whole-word Latin term must not start or end inside a Latin word: "sb" is not in "usb"; "fuckers" is fuck. */
function atWordEdges(view: View, m: RawMatch, edges: number): boolean {
  const letterAt = (u: number): boolean =>
    u >= 0 && u < view.length && view.cls[u] === CHAR_CLASS.regular && isLatinLetter(view.cp[u]!);
  if (edges & 1 && letterAt(m.startUnit - 1)) return false;
  if (edges & 2 && letterAt(m.endUnit + 1)) {
    let rest = '';
    for (let u = m.endUnit + 1; letterAt(u); u++) {
      if (rest.length > MAX_INFLECTION) return false;
      rest += String.fromCharCode(view.cp[u]!);
    }
    return isInflection(rest, String.fromCharCode(view.cp[m.endUnit]!));
  }
  return true;
}

function atTextWordEdges(text: string, start: number, end: number, edges: number): boolean {
  const letter = (i: number): boolean => /[a-z]/iu.test(text.charAt(i));
  if (edges & 1 && start > 0 && letter(start - 1)) return false;
  if (edges & 2 && letter(end)) {
    const rest = /^[a-z]+/iu.exec(text.slice(end, end + MAX_INFLECTION + 2))?.[0] ?? '';
    return rest.length <= MAX_INFLECTION && isInflection(rest.toLowerCase(), text.charAt(end - 1).toLowerCase());
  }
  return true;
}

/** A Latin letter as written: ASCII or full-width, either case. */
const isWrittenLetter = (c: number): boolean => {
  const a = c >= 0xff21 && c <= 0xff5a ? c - 0xfee0 : c;
  return (a >= 0x61 && a <= 0x7a) || (a >= 0x41 && a <= 0x5a);
};
const isSpace = (c: number): boolean => c === 0x20 || c === 0x3000;

/** Whether [start, end) holds a run of spaces with two or more Latin letters on each side of it. */
function spacesBetweenWords(text: string, start: number, end: number): boolean {
  const twoLetters = (a: number): boolean =>
    a >= start && a + 1 < end && isWrittenLetter(text.charCodeAt(a)) && isWrittenLetter(text.charCodeAt(a + 1));
  for (let k = start + 2; k < end - 2; k++) {
    if (!isSpace(text.charCodeAt(k)) || isSpace(text.charCodeAt(k - 1))) continue;
    let after = k;
    while (after < end && isSpace(text.charCodeAt(after))) after++;
    if (twoLetters(k - 2) && twoLetters(after)) return true;
  }
  return false;
}

/** How many clause ends (。！？；, line breaks) stand before each offset: [a, b) is within one clause when both agree. */
function clauseIndex(text: string): Int32Array {
  const before = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) before[i + 1] = before[i]! + (isClauseEnd(text.charCodeAt(i)) ? 1 : 0);
  return before;
}

/** A context (or cue) covers a match of one of its categories when both sit in one clause. */
function inContext(
  clauses: Int32Array,
  matchStart: number,
  matchEnd: number,
  start: number,
  end: number,
  categories: readonly Category[],
  category: Category,
): boolean {
  if (categories.length > 0 && !categories.includes(category)) return false;
  return clauses[Math.min(start, matchStart)] === clauses[Math.max(end, matchEnd)];
}

/** Per clause (its number of clause ends before it), the categories its contexts cover; `all` for a context of every one. */
type ClauseContexts = Map<number, { all: boolean; categories: Set<Category> }>;

function contextsByClause(
  contexts: readonly (readonly [number, number, number])[],
  clauses: Int32Array,
  lexicon: Lexicon,
): ClauseContexts {
  const byClause: ClauseContexts = new Map();
  for (const [s, e, i] of contexts) {
    // A context that holds a clause end itself shares a clause with nothing.
    if (clauses[s] !== clauses[e]) continue;
    let entry = byClause.get(clauses[s]!);
    if (!entry) byClause.set(clauses[s]!, (entry = { all: false, categories: new Set() }));
    const categories = lexicon.contexts[i]!.categories;
    if (categories.length === 0) entry.all = true;
    for (const c of categories) entry.categories.add(c);
  }
  return byClause;
}

/** Whether a context of the match's category sits in the match's clause. */
function isCoveredByContext(
  byClause: ClauseContexts,
  clauses: Int32Array,
  start: number,
  end: number,
  category: Category,
): boolean {
  if (clauses[start] !== clauses[end]) return false;
  const entry = byClause.get(clauses[start]!);
  return entry !== undefined && (entry.all || entry.categories.has(category));
}
