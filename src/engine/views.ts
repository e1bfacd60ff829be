import { CHAR_CLASS, LEET, LONE_LEET_BIT, VIA_BIT, isHan } from './fold.js';
import { ViewBuffer, type View } from './normalize.js';
import { addPair, createPairBits, hasPair, type PairBits } from './pair-bits.js';
import { buildRecomposer } from './tables/decompose.js';
import { EMOJI_READINGS } from './tables/emoji.js';
import { LOOKALIKE_GROUPS } from './tables/lookalike.js';
import { SpanList } from './span-list.js';
import { SYLLABLES, firstReadingOf, maySegment, segmentPinyin, syllableId } from './tables/pinyin.js';

/**
 * The extra views the engine matches besides the folded one. Each is derived from the folded view, so every unit still
 * knows its span in the original text:
 * - the substitution view: look-alike glyphs read as the lexicon's character, emoji read as the character they stand
 *   for, split components (女干) recomposed — built only when a text holds one of these, and only for characters that
 *   occur in lexicon terms, so ordinary text is never rewritten;
 * - the pinyin view: every Han character as its syllable, Latin runs segmented into syllables.
 */

const LOOKALIKE_BIT = VIA_BIT.lookalike;
const EMOJI_BIT = VIA_BIT.emoji;
const SPLIT_BIT = VIA_BIT.split;
const PINYIN_BIT = VIA_BIT.pinyin;

/** At most this many readings of one emoji are tried; each is a substitution view of its own. */
const MAX_READINGS = 3;

/** Trigger bits: a look-alike, an emoji with a reading, a first component, a second component. */
const TRIGGER_LOOKALIKE = 1;
const TRIGGER_EMOJI = 2;
const TRIGGER_FIRST = 4;
const TRIGGER_SECOND = 8;
const TRIGGER_LEET = 16;
const TRIGGER_REPRESENTATIVE = 32;
/** The bits that may start a rewrite: a second component only matters right after a first one. */
const TRIGGER_START = TRIGGER_LOOKALIKE | TRIGGER_EMOJI | TRIGGER_FIRST | TRIGGER_LEET | TRIGGER_REPRESENTATIVE;
const LEET_BIT = VIA_BIT.leet;
/** `letterSide` bits: some term has an ASCII letter right after / right before this (canonical) character. */
const LETTER_AFTER = 1;
const LETTER_BEFORE = 2;

/** What the substitution view may rewrite, restricted to the characters of one lexicon. */
export interface SubstitutionTables {
  /** Look-alike → the lexicon character it stands for. */
  readonly lookalike: ReadonlyMap<number, number>;
  /** Emoji code point → the characters it reads as. */
  readonly emoji: ReadonlyMap<number, readonly (readonly number[])[]>;
  /** First component → second → the character they spell. */
  readonly pairs: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** First component → second → third → the character they spell. */
  readonly triples: ReadonlyMap<number, ReadonlyMap<number, ReadonlyMap<number, number>>>;
  /**
   * Each (first, second) component pair that `pairs` or `triples` hold, as hashed bits (2^16, 8 KB): most pairs of
   * components in a text spell nothing, and one read rules them out before the map lookups.
   */
  readonly componentPairs: PairBits;
  /** Trigger bits of BMP code points, so ordinary characters cost one array read; astral ones use the maps. */
  readonly trigger: Uint8Array;
  /** Every character a rewrite can produce: only terms holding one need the substitution view. */
  readonly produces: ReadonlySet<number>;
  /** Leet at the edges of short Latin runs (4v, $m, dd05), which the folded view leaves as digits. */
  readonly leet: boolean;
  /**
   * Where a group's own character (人) in a text may stand for another member a term holds (加入 written 加人): the
   * characters seen beside that member in the terms, before and after, keyed by the representative.
   */
  readonly beside: ReadonlyMap<number, { readonly before: ReadonlySet<number>; readonly after: ReadonlySet<number> }>;
  /** Which character follows which in the terms (look-alikes read as their group): a rewrite opens a window only beside one. */
  readonly follows: ReadonlyMap<number, ReadonlySet<number>>;
  /** Characters that are a whole term by themselves: a rewrite into one always opens a window. */
  readonly singles: ReadonlySet<number>;
  /**
   * The normalizer's marks for this view (see Hints): every BMP character that may start a rewrite, and every leet
   * sign whose letter may, since the normalizer may read the sign as its letter after marking it.
   */
  readonly marks: Uint8Array;
  /**
   * `follows` by table, for the hot loop's quick rejections: bit LETTER_AFTER / LETTER_BEFORE of a BMP character says
   * whether some term holds an ASCII letter right after / before it; most digits beside Han fail both and cost two reads.
   */
  readonly letterSide: Uint8Array;
}

/** Builds the substitution tables for the characters of the given lexicon terms (already folded). */
export function createSubstitutionTables(
  terms: readonly (readonly number[])[],
  kinds: { lookalike: boolean; emoji: boolean; split: boolean; leet: boolean },
): SubstitutionTables {
  const lexiconChars = new Set<number>();
  for (const cps of terms) for (const cp of cps) lexiconChars.add(cp);
  const trigger = new Uint8Array(0x10000);
  const mark = (cp: number, bit: number): void => {
    if (cp < 0x10000) trigger[cp] = trigger[cp]! | bit;
  };
  const lookalike = new Map<number, number>();
  if (kinds.lookalike) {
    for (const group of LOOKALIKE_GROUPS) {
      const cps = group.map((c) => c.codePointAt(0)!);
      // Every member of a group reads as one of them, in terms and text alike, so 杀入 finds 杀人 even though 入 is a
      // lexicon character itself; the folded view still tells the two apart, and reports exact matches first.
      const target = cps.find((cp) => lexiconChars.has(cp));
      if (target === undefined) continue;
      for (const cp of cps) {
        if (cp === target) continue;
        lookalike.set(cp, target);
        mark(cp, TRIGGER_LOOKALIKE);
      }
    }
  }
  // The representative itself is common (人), so it opens a view only next to a character that stood beside another
  // member of its group in some term.
  const beside = new Map<number, { before: Set<number>; after: Set<number> }>();
  for (const cps of terms) {
    cps.forEach((cp, i) => {
      const target = lookalike.get(cp);
      if (target === undefined) return;
      let sides = beside.get(target);
      if (!sides) beside.set(target, (sides = { before: new Set(), after: new Set() }));
      if (i > 0) sides.before.add(cps[i - 1]!);
      if (i + 1 < cps.length) sides.after.add(cps[i + 1]!);
      mark(target, TRIGGER_REPRESENTATIVE);
    });
  }
  const emoji = new Map<number, readonly (readonly number[])[]>();
  if (kinds.emoji) {
    for (const [key, readings] of EMOJI_READINGS) {
      const cps = [...key].map((c) => c.codePointAt(0)!);
      // Keycaps and flags are folded or left as separators by the normalizer; single emoji are read here.
      if (cps.length !== 1) continue;
      // Every reading made of lexicon characters: 🎲 is 骰 in 骰子 and 赌 in 赌博.
      const usable = readings
        .map((r) => [...r].map((c) => c.codePointAt(0)!))
        .filter((r) => r.every((cp) => lexiconChars.has(cp)))
        .slice(0, MAX_READINGS);
      if (usable.length === 0) continue;
      emoji.set(cps[0]!, usable);
      mark(cps[0]!, TRIGGER_EMOJI);
    }
  }
  const pairs = new Map<number, Map<number, number>>();
  const triples = new Map<number, Map<number, Map<number, number>>>();
  const componentPairs = createPairBits(16);
  const child = <V>(map: Map<number, V>, key: number, make: () => V): V => {
    let value = map.get(key);
    if (value === undefined) map.set(key, (value = make()));
    return value;
  };
  if (kinds.split) {
    const chars = [...lexiconChars].filter((cp) => cp >= 0x3400 && cp < 0x10000).map((cp) => String.fromCodePoint(cp));
    for (const [key, char] of buildRecomposer(chars)) {
      const parts = [...key].map((c) => c.codePointAt(0)!);
      const composed = char.codePointAt(0)!;
      const [a, b, c] = parts as [number, number, number | undefined];
      if (parts.length === 2) child(pairs, a, () => new Map<number, number>()).set(b, composed);
      else if (parts.length === 3 && c !== undefined) {
        child(
          child(triples, a, () => new Map<number, Map<number, number>>()),
          b,
          () => new Map<number, number>(),
        ).set(c, composed);
      } else continue;
      mark(a, TRIGGER_FIRST);
      mark(b, TRIGGER_SECOND);
      addPair(componentPairs, a, b);
    }
  }
  const produces = new Set<number>([...lookalike.keys(), ...lookalike.values(), ...[...emoji.values()].flat(2)]);
  for (const seconds of pairs.values()) for (const c of seconds.values()) produces.add(c);
  for (const seconds of triples.values())
    for (const thirds of seconds.values()) for (const c of thirds.values()) produces.add(c);
  if (kinds.leet) {
    // Like every rewrite, only towards the lexicon's characters: a sign is read only when its letter occurs in a term
    // (1 and i also as l), so a lexicon without Latin terms never reads leet here.
    const usable = (letter: string): boolean =>
      lexiconChars.has(letter.charCodeAt(0)) || (letter === 'i' && lexiconChars.has(0x6c));
    for (const [sign, letter] of [...Object.entries(LEET), ['i', 'i'] as const])
      if (usable(letter)) mark(sign.charCodeAt(0), TRIGGER_LEET);
    for (let cp = 0x61; cp <= 0x7a; cp++) produces.add(cp);
  }
  const follows = new Map<number, Set<number>>();
  const singles = new Set<number>();
  for (const cps of terms) {
    if (cps.length === 1) singles.add(lookalike.get(cps[0]!) ?? cps[0]!);
    let previous = cps.length > 0 ? (lookalike.get(cps[0]!) ?? cps[0]!) : 0;
    for (let i = 1; i < cps.length; i++) {
      const current = lookalike.get(cps[i]!) ?? cps[i]!;
      let next = follows.get(previous);
      if (!next) follows.set(previous, (next = new Set()));
      next.add(current);
      previous = current;
    }
  }
  const letterSide = new Uint8Array(0x10000);
  for (const [first, nexts] of follows) {
    for (const second of nexts) {
      if (isLetter(second) && first < 0x10000) letterSide[first] = letterSide[first]! | LETTER_AFTER;
      if (isLetter(first) && second < 0x10000) letterSide[second] = letterSide[second]! | LETTER_BEFORE;
    }
  }
  const marks = new Uint8Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) if ((trigger[cp]! & TRIGGER_START) !== 0) marks[cp] = 1;
  // The normalizer may read a leet sign as its letter after marking it: a sign is marked when its letter is.
  for (const [sign, letter] of Object.entries(LEET))
    if ((trigger[letter.charCodeAt(0)]! & TRIGGER_START) !== 0) marks[sign.charCodeAt(0)] = 1;
  return {
    lookalike,
    emoji,
    pairs,
    triples,
    componentPairs,
    trigger,
    produces,
    leet: kinds.leet,
    beside,
    follows,
    singles,
    letterSide,
    marks,
  };
}

/** Whether the substitution tables rewrite anything at all. */
export function isEmptySubstitution(tables: SubstitutionTables): boolean {
  return (
    !tables.leet &&
    tables.lookalike.size === 0 &&
    tables.emoji.size === 0 &&
    tables.pairs.size === 0 &&
    tables.triples.size === 0
  );
}

/** The character a term's code point stands for in the substitution view (its look-alike target, or itself). */
export function substituteTermChar(tables: SubstitutionTables, cp: number): number {
  return tables.lookalike.get(cp) ?? cp;
}

/** A rewrite at one place of a view: units [start, end) become `units`, each with the given class and via bits. */
interface Reading {
  readonly units: readonly number[];
  readonly via: number;
}

interface Rewrite {
  readonly start: number;
  readonly end: number;
  readonly units: readonly number[];
  readonly via: number;
  /** Other readings of the same place, tried in further views (the first is this rewrite's own). */
  readonly alternatives?: readonly Reading[];
  /** Whether this rewrite opens a window; one that does not is applied only inside another's window. */
  anchor?: boolean;
}

/**
 * Emits the windows of a view around its rewrites: a match through a rewrite must contain one, so only the units within
 * `reach` of a rewrite are worth matching. Windows that touch merge; a line break separates the others. `plain` maps a
 * unit outside the rewrites (the pinyin view reads Han characters as syllables).
 */
function windowed(
  view: View,
  buffer: ViewBuffer,
  rewrites: readonly Rewrite[],
  reach: number,
  plain: (cp: number) => number,
): View {
  const windows: [number, number][] = [];
  const reachOf = reaches(view, reach);
  for (const { start, end, anchor } of rewrites) {
    if (anchor === false) continue;
    const from = reachOf(start, -1);
    const to = reachOf(end - 1, 1) + 1;
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  let capacity = windows.reduce((n, [from, to]) => n + to - from + 1, 16);
  for (const r of rewrites) capacity += r.units.length;
  buffer.ensure(capacity);
  let n = 0;
  const push = (cp: number, cls: number, via: number, gap: number, start: number, end: number): void =>
    buffer.put(n++, cp, cls, via, gap, start, end);

  let next = 0;
  for (const [from, to] of windows) {
    if (n > 0) push(0x0a, CHAR_CLASS.lineBreak, 0, 0, 0, 0);
    while (next < rewrites.length && rewrites[next]!.start < from) next++;
    for (let u = from; u < to;) {
      const rewrite = rewrites[next];
      if (rewrite && u === rewrite.start) {
        let via = rewrite.via;
        for (let k = rewrite.start; k < rewrite.end; k++) via |= view.via[k]!;
        const [start, end] = [view.start[rewrite.start]!, view.end[rewrite.end - 1]!];
        if (isOwnReading(view, rewrite)) {
          // The characters as written (女生, not 姓) keep their own spans, so a match of them reaches no further.
          for (let k = rewrite.start; k < rewrite.end; k++)
            push(view.cp[k]!, view.cls[k]!, view.via[k]!, view.gap[k]!, view.start[k]!, view.end[k]!);
        } else for (const cp of rewrite.units) push(cp, CHAR_CLASS.regular, via, view.gap[u]!, start, end);
        u = rewrite.end;
        next++;
        continue;
      }
      const cls = view.cls[u]!;
      const cp = view.cp[u]!;
      push(cls === CHAR_CLASS.regular ? plain(cp) : cp, cls, view.via[u]!, view.gap[u]!, view.start[u]!, view.end[u]!);
      u++;
    }
  }
  return buffer.view(n);
}

const same = (cp: number): number => cp;

/** Whether a rewrite reads its units as they are written (a further view's reading of split components as themselves). */
function isOwnReading(view: View, rewrite: Rewrite): boolean {
  if (rewrite.via !== 0 || rewrite.units.length !== rewrite.end - rewrite.start) return false;
  for (let k = 0; k < rewrite.units.length; k++) if (rewrite.units[k] !== view.cp[rewrite.start + k]) return false;
  return true;
}

/** How many separators in a row a window steps over on its way out before it stops: a bound on its cost, not a rule. */
const WINDOW_SEPARATOR_RUN = 256;

/**
 * The unit `reach` units away from `at` in direction `step` (-1 or 1), separators not counted since the matcher skips
 * any run of them, stopping at the view's edge and after a run of more than WINDOW_SEPARATOR_RUN separators.
 */
export function reachFrom(view: View, at: number, reach: number, step: -1 | 1): number {
  let u = at;
  let left = reach;
  let run = 0;
  while (left > 0) {
    const next = u + step;
    if (next < 0 || next >= view.length) break;
    u = next;
    if (view.cls[u] === CHAR_CLASS.separator) {
      if (++run > WINDOW_SEPARATOR_RUN) break;
    } else {
      run = 0;
      left--;
    }
  }
  return u;
}

/** Scratch for `reaches`, grown as needed: the positions of the units that are not separators, and per unit their rank. */
let reachPositions = new Int32Array(256);
let reachRanks = new Int32Array(257);

/**
 * reachFrom for many units of one view, each answered with two array reads: a text with a rewrite at every other
 * character (homophones, a run of emoji) walked `reach` units twice per rewrite, which was a third of the engine's time
 * on 200-character texts with the default lexicon. Where a run of separators is long enough to stop a walk, the walks
 * are taken as before. Valid until the next call (the scratch is shared).
 */
export function reaches(view: View, reach: number): (at: number, step: -1 | 1) => number {
  const { length, cls } = view;
  if (reachPositions.length < length) {
    reachPositions = new Int32Array(length * 2);
    reachRanks = new Int32Array(length * 2 + 1);
  }
  const positions = reachPositions;
  const ranks = reachRanks;
  let count = 0;
  let run = 0;
  let longRun = false;
  for (let u = 0; u < length; u++) {
    ranks[u] = count;
    if (cls[u] === CHAR_CLASS.separator) longRun ||= ++run > WINDOW_SEPARATOR_RUN;
    else {
      run = 0;
      positions[count++] = u;
    }
  }
  ranks[length] = count;
  if (longRun || reach <= 0) return (at, step) => reachFrom(view, at, reach, step);
  return (at, step) => {
    if (step < 0) {
      // The reach-th unit that is not a separator before `at` (ranks[at] of them lie before it), or the first unit.
      const j = ranks[at]! - reach;
      return j >= 0 ? positions[j]! : 0;
    }
    // The reach-th one after `at` (ranks[at + 1] lie at or before it), or the last unit.
    const j = ranks[at + 1]! + reach - 1;
    return j < count ? positions[j]! : length - 1;
  };
}

/**
 * The substitution views of a folded view, around their rewrites only: one, or one per reading when an emoji has several
 * (🎲 as 骰 and as 赌); none when nothing in the text is rewritten (the common case, found with one table read per unit).
 * `buffers` grows to the number of views.
 */
export function substitute(
  tables: SubstitutionTables,
  view: View,
  buffers: ViewBuffer[],
  reach: number,
  marked: Marked = markedUnits(tables, view),
): View[] {
  const { cp: cps, cls: classes } = view;
  const { trigger, lookalike, emoji, pairs, triples } = tables;
  const rewrites: Rewrite[] = [];
  let variants = 1;
  let leetDone = 0;
  let skipTo = 0;
  for (let k = 0; k < marked.count; k++) {
    const u = marked.at[k]!;
    if (u < skipTo) continue;
    const cp = cps[u]!;
    const bits = cp < 0x10000 ? trigger[cp]! : TRIGGER_EMOJI;
    if ((bits & TRIGGER_START) === 0) continue;
    if ((bits & TRIGGER_LEET) !== 0) {
      // Only a leet character touching a letter starts a run worth reading (not 2024, not a plain i).
      const touches =
        cp === 0x69
          ? (view.via[u]! & LEET_BIT) !== 0
          : (u > 0 && isLetter(cps[u - 1]!)) || (u + 1 < view.length && isLetter(cps[u + 1]!));
      if (u >= leetDone) {
        const before = rewrites.length;
        leetDone = touches
          ? readShortLeet(view, u, rewrites)
          : cp === 0x69
            ? u
            : readLoneLeet(tables, view, u, rewrites);
        for (let r = before; r < rewrites.length; r++)
          variants = Math.max(variants, rewrites[r]!.alternatives?.length ?? 1);
      }
      continue;
    }
    if ((bits & TRIGGER_FIRST) !== 0 && u + 1 < view.length && classes[u] === CHAR_CLASS.regular) {
      const second = cps[u + 1]!;
      if (
        second < 0x10000 &&
        (trigger[second]! & TRIGGER_SECOND) !== 0 &&
        hasPair(tables.componentPairs, cp, second) &&
        classes[u + 1] === CHAR_CLASS.regular
      ) {
        const third =
          u + 2 < view.length && classes[u + 2] === CHAR_CLASS.regular
            ? triples
                .get(cp)
                ?.get(second)
                ?.get(cps[u + 2]!)
            : undefined;
        if (third !== undefined) {
          // The components may also be meant as written (女生 is not 姓 in pua女生): a further view keeps them.
          const own = { units: [cp, second, cps[u + 2]!], via: 0 };
          rewrites.push({
            start: u,
            end: u + 3,
            units: [third],
            via: SPLIT_BIT,
            alternatives: [{ units: [third], via: SPLIT_BIT }, own],
          });
          variants = Math.max(variants, 2);
          skipTo = u + 3;
          continue;
        }
        const composed = pairs.get(cp)?.get(second);
        if (composed !== undefined) {
          const own = { units: [cp, second], via: 0 };
          rewrites.push({
            start: u,
            end: u + 2,
            units: [composed],
            via: SPLIT_BIT,
            alternatives: [{ units: [composed], via: SPLIT_BIT }, own],
          });
          variants = Math.max(variants, 2);
          skipTo = u + 2;
          continue;
        }
      }
    }
    const target = (bits & TRIGGER_LOOKALIKE) !== 0 ? lookalike.get(cp) : undefined;
    if (target !== undefined) {
      rewrites.push({ start: u, end: u + 1, units: [target], via: LOOKALIKE_BIT });
      continue;
    }
    if ((bits & TRIGGER_REPRESENTATIVE) !== 0) {
      const sides = tables.beside.get(cp);
      const before = u > 0 ? (lookalike.get(cps[u - 1]!) ?? cps[u - 1]!) : -1;
      const after = u + 1 < view.length ? (lookalike.get(cps[u + 1]!) ?? cps[u + 1]!) : -1;
      if (sides && (sides.before.has(before) || sides.after.has(after))) {
        // It stays itself, marked: the window around it is what the substitution view needs.
        rewrites.push({ start: u, end: u + 1, units: [cp], via: LOOKALIKE_BIT });
        continue;
      }
    }
    const readings = (bits & TRIGGER_EMOJI) !== 0 ? emoji.get(cp) : undefined;
    if (readings !== undefined) {
      const alternatives = readings.map((units) => ({ units, via: EMOJI_BIT }));
      rewrites.push({ start: u, end: u + 1, units: readings[0]!, via: EMOJI_BIT, alternatives });
      variants = Math.max(variants, readings.length);
    }
  }
  if (rewrites.length === 0) return [];
  let anchors = 0;
  rewrites.forEach((r, i) => {
    // A representative kept as itself was already checked against its neighbours.
    const representative = r.via === LOOKALIKE_BIT && r.units.length === 1 && r.units[0] === cps[r.start];
    // A neighbour that is itself rewritten counts as what it reads as (弓虽 beside 女干 is 强 beside 奸).
    const before = rewrites[i - 1]?.end === r.start ? rewrites[i - 1]!.units.at(-1) : undefined;
    const after = rewrites[i + 1]?.start === r.end ? rewrites[i + 1]!.units[0] : undefined;
    r.anchor = representative || opensWindow(tables, view, r, before, after);
    if (r.anchor) anchors++;
  });
  if (anchors === 0) return [];
  const views: View[] = [];
  for (let k = 0; k < variants; k++) {
    const chosen =
      k === 0
        ? rewrites
        : rewrites.map((r) =>
            r.alternatives ? { ...r, ...r.alternatives[Math.min(k, r.alternatives.length - 1)]! } : r,
          );
    while (buffers.length <= k) buffers.push(new ViewBuffer());
    views.push(windowed(view, buffers[k]!, chosen, reach, same));
  }
  return views;
}

/** Units of a view worth a look by `substitute`, in order: the first `count` of `at`. */
export interface Marked {
  readonly at: Int32Array;
  readonly count: number;
}

/**
 * The units `substitute` must look at, found by a pass of its own. The engine passes the normalizer's hints instead
 * (normalized with `substitutionMarks`), which saves this pass.
 */
function markedUnits(tables: SubstitutionTables, view: View): Marked {
  const at = new Int32Array(view.length);
  let count = 0;
  for (let u = 0; u < view.length; u++) {
    const cp = view.cp[u]!;
    if (cp >= 0x10000 || tables.marks[cp] !== 0) at[count++] = u;
  }
  return { at, count };
}

/** The character a unit reads as for the terms: its look-alike group's, or a leet letter's. */
function canonical(tables: SubstitutionTables, cp: number): number {
  // The trigger table says which characters are look-alikes, so most characters skip the map.
  const target =
    cp >= 0x10000 || (tables.trigger[cp]! & TRIGGER_LOOKALIKE) !== 0 ? tables.lookalike.get(cp) : undefined;
  if (target !== undefined) return target;
  const letter = cp < 0x80 && tables.leet ? LEET_LETTER[cp]! : 0;
  return letter === 0 ? cp : letter;
}

/** The nearest regular unit from `u` stepping by `step`, across at most three separators; -1 if none. */
function neighbour(view: View, u: number, step: number): number {
  for (let k = u, skipped = 0; k >= 0 && k < view.length; k += step) {
    const cls = view.cls[k];
    if (cls === CHAR_CLASS.regular) return view.cp[k]!;
    if (cls !== CHAR_CLASS.separator || ++skipped > 3) return -1;
  }
  return -1;
}

/**
 * Whether a rewrite can be part of a term: what it reads as is a one-character term, holds two characters that follow
 * each other in a term, or follows (or is followed by) its neighbour in one. Most look-alikes and leet digits in ordinary
 * text (已经, 5G) fail this, and so open no window.
 */
function opensWindow(
  tables: SubstitutionTables,
  view: View,
  r: Rewrite,
  rewrittenBefore: number | undefined,
  rewrittenAfter: number | undefined,
): boolean {
  const { follows, singles } = tables;
  const before = rewrittenBefore ?? neighbour(view, r.start - 1, -1);
  const after = rewrittenAfter ?? neighbour(view, r.end, 1);
  const prev = before < 0 ? -1 : canonical(tables, before);
  const next = after < 0 ? -1 : canonical(tables, after);
  const readings = r.alternatives ? r.alternatives.map((a) => a.units) : [r.units];
  return readings.some((units) => {
    const first = units[0]!;
    const last = units[units.length - 1]!;
    if (units.some((u) => singles.has(u))) return true;
    for (let i = 1; i < units.length; i++) if (follows.get(units[i - 1]!)?.has(units[i]!)) return true;
    return (
      (prev >= 0 && follows.get(prev)?.has(first) === true) || (next >= 0 && follows.get(last)?.has(next) === true)
    );
  });
}

/** The letter each ASCII leet character stands for (0: none), so the hot loops read a table instead of building strings. */
const LEET_LETTER = new Uint8Array(0x80);
for (const [sign, letter] of Object.entries(LEET)) LEET_LETTER[sign.charCodeAt(0)] = letter.charCodeAt(0);
const isLeetable = (cp: number): boolean => cp < 0x80 && LEET_LETTER[cp] !== 0;

/**
 * Reads every leet character of the Latin run around `at` as its letter, when the run holds a letter: the edges the
 * folded view leaves alone (4v, $m, dd05, in$). Returns where the run ends.
 */
function readShortLeet(view: View, at: number, rewrites: Rewrite[]): number {
  let start = at;
  while (start > 0 && (isLetter(view.cp[start - 1]!) || isLeetable(view.cp[start - 1]!))) start--;
  let end = at;
  let letters = 0;
  for (let k = start; k < view.length; k++, end++) {
    const cp = view.cp[k]!;
    if (isLetter(cp)) letters++;
    else if (!isLeetable(cp)) break;
  }
  if (letters === 0) return end;
  for (let k = start; k < end; k++) {
    const cp = view.cp[k]!;
    // 1 and | are read as i in the folded view; a further view tries them as l (e1sa94t3 → elsagate, he|| → hell).
    if (cp === 0x69 && (view.via[k]! & LEET_BIT) !== 0) {
      const alternatives = [
        { units: [0x69], via: LEET_BIT },
        { units: [0x6c], via: LEET_BIT },
      ];
      rewrites.push({ start: k, end: k + 1, units: [0x69], via: LEET_BIT, alternatives });
    }
    const letter = LEET[String.fromCharCode(cp)];
    if (letter === undefined || isLetter(cp)) continue;
    const units = [letter.charCodeAt(0)];
    rewrites.push({
      start: k,
      end: k + 1,
      units,
      via: LEET_BIT,
      ...(cp === 0x31 || cp === 0x7c
        ? {
            alternatives: [
              { units, via: LEET_BIT },
              { units: [0x6c], via: LEET_BIT },
            ],
          }
        : {}),
    });
  }
  return end;
}

/** The longest run of leet characters with no letter that is read as letters beside Han (8站, 装8, 加79, @片). */
const LONE_LEET_RUN = 2;

/**
 * Reads a short run of leet characters with no letter in it as letters, when a Han character touches the run: 傻8 → 傻b,
 * 加79 → 加tg. Longer runs are numbers (2024年). The readings carry `LONE_LEET_BIT`, and only open a window where they can
 * be part of a term beside their neighbour, like every rewrite. Returns where the run ends.
 */
function readLoneLeet(tables: SubstitutionTables, view: View, at: number, rewrites: Rewrite[]): number {
  let end = at;
  while (end < view.length && leetAt(view, end)) end++;
  // A run that touches a letter is read whole once the scan reaches the character beside the letter (readShortLeet).
  if (end < view.length && isLetter(view.cp[end]!)) return at + 1;
  if ((at > 0 && leetAt(view, at - 1)) || end - at > LONE_LEET_RUN) return end;
  const hanBefore = hanAt(view, at - 1);
  const hanAfter = hanAt(view, end);
  if (!hanBefore && !hanAfter) return end;
  // Digits beside Han are everywhere (第8站, 3个): read them only where the letters can sit beside that Han in a term.
  const { follows, letterSide } = tables;
  const before = hanBefore ? canonical(tables, view.cp[at - 1]!) : -1;
  const after = hanAfter ? canonical(tables, view.cp[end]!) : -1;
  // Two table reads settle most runs: no term has a letter beside either neighbour, and a lone digit has no inside.
  if (
    end - at === 1 &&
    (before < 0 || (before < 0x10000 && (letterSide[before]! & LETTER_AFTER) === 0)) &&
    (after < 0 || (after < 0x10000 && (letterSide[after]! & LETTER_BEFORE) === 0))
  )
    return end;
  let useful =
    (before >= 0 && follows.get(before)?.has(letterAt(view, at)) === true) ||
    (after >= 0 && follows.get(letterAt(view, end - 1))?.has(after) === true);
  for (let k = at + 1; k < end && !useful; k++)
    useful = follows.get(letterAt(view, k - 1))?.has(letterAt(view, k)) === true;
  if (!useful) return end;
  const via = LEET_BIT | LONE_LEET_BIT;
  for (let k = at; k < end; k++) {
    const cp = view.cp[k]!;
    if (cp === 0x69) continue;
    const units = [letterAt(view, k)];
    rewrites.push({
      start: k,
      end: k + 1,
      units,
      via,
      ...(cp === 0x31 || cp === 0x7c
        ? {
            alternatives: [
              { units, via },
              { units: [0x6c], via },
            ],
          }
        : {}),
    });
  }
  return end;
}

/** A leet character at `k`; signs (@ $ ! |) are separators in the folded view, and are read like the digits here. */
const leetAt = (view: View, k: number): boolean => view.cls[k] !== CHAR_CLASS.lineBreak && isLeetable(view.cp[k]!);
const hanAt = (view: View, k: number): boolean =>
  k >= 0 && k < view.length && view.cls[k] === CHAR_CLASS.regular && isHan(view.cp[k]!);
/** The letter a leet character at `k` stands for (the character itself when it is none). */
const letterAt = (view: View, k: number): number => {
  const cp = view.cp[k]!;
  return cp < 0x80 && LEET_LETTER[cp] !== 0 ? LEET_LETTER[cp]! : cp;
};

/** Pseudo code point of a syllable in the pinyin view: its id + 1, so 0 stays "no syllable". */
export const syllableUnit = (syllable: number): number => syllable + 1;

const isLetter = (cp: number): boolean => cp >= 0x61 && cp <= 0x7a;

/**
 * The pinyin view of a folded view, around its pinyin spellings only: every Latin run that segments into pinyin becomes
 * one unit per syllable (marked `pinyin`), and the units within `reach` of it come along, Han characters read as their
 * first syllable, so mixed forms (赌bo) match. A match by syllables without a spelled syllable is a homophone, which the
 * Han-only scan finds; so a text without spelled pinyin gets no view at all (undefined).
 */
export function toPinyin(view: View, buffer: ViewBuffer, reach: number, runs?: Marked): View | undefined {
  const rewrites: Rewrite[] = [];
  // The normalizer's note of where letter runs start saves reading every unit.
  const count = runs ? runs.count : view.length;
  for (let k = runs ? 0 : 1; k < count; k++) {
    const u = runs ? runs.at[k]! : k;
    if (!isLetter(view.cp[u]!) || !isLetter(view.cp[u - 1]!) || (u >= 2 && isLetter(view.cp[u - 2]!))) continue;
    let end = u + 1;
    while (end < view.length && view.cls[end] === CHAR_CLASS.regular && isLetter(view.cp[end]!)) end++;
    // Runs of two letters or more: a lone letter is an initial or an abbreviation, which lexicons write as terms.
    let syllables: readonly number[] | null = null;
    if (maySegment(view.cp, u - 1, end)) {
      let letters = '';
      for (let j = u - 1; j < end; j++) letters += String.fromCharCode(view.cp[j]!);
      syllables = segmentPinyin(letters);
    }
    if (syllables) {
      let at = u - 1;
      for (const id of syllables) {
        const length = SYLLABLES[id]!.length;
        rewrites.push({ start: at, end: at + length, units: [syllableUnit(id)], via: PINYIN_BIT });
        at += length;
      }
    }
    if (!runs) k = end;
  }
  if (rewrites.length === 0) return undefined;
  return windowed(view, buffer, withLoneVowels(view, rewrites), reach, hanSyllable);
}

/** The syllables a single letter spells on its own: 恶 e, 啊 a, 哦 o. */
const LONE_SYLLABLES = new Map(['a', 'e', 'o'].map((s) => [s.charCodeAt(0), syllableId(s)] as const));
/** How far apart (in units) two spelled syllables may stand for a lone vowel between them to count as one. */
const LONE_VOWEL_REACH = 4;

/**
 * Adds the lone vowels (a, e, o) that stand between two spelled syllables, separated from each by separators only, as
 * syllables of their own: di su e gao is 低俗恶搞. Elsewhere a lone letter stays a letter (an initial, an English word).
 */
function withLoneVowels(view: View, rewrites: readonly Rewrite[]): Rewrite[] {
  const out: Rewrite[] = [];
  for (let r = 0; r < rewrites.length; r++) {
    const current = rewrites[r]!;
    out.push(current);
    const next = rewrites[r + 1];
    if (next === undefined || next.start - current.end > LONE_VOWEL_REACH) continue;
    for (let u = current.end; u < next.start; u++) {
      const cls = view.cls[u];
      if (cls === CHAR_CLASS.separator) continue;
      const id = LONE_SYLLABLES.get(view.cp[u]!);
      // Anything but separators and one lone vowel between the two: no syllable in between.
      if (
        cls !== CHAR_CLASS.regular ||
        id === undefined ||
        id < 0 ||
        isLetter(view.cp[u - 1]!) ||
        isLetter(view.cp[u + 1]!)
      )
        break;
      out.push({ start: u, end: u + 1, units: [syllableUnit(id)], via: PINYIN_BIT });
    }
  }
  return out;
}

const hanSyllable = (cp: number): number => {
  if (isLetter(cp)) return 0;
  const reading = firstReadingOf(cp);
  return reading < 0 ? 0 : syllableUnit(reading);
};

const SYLLABLE_STRIDE = 512;
let hanSyllables: Uint16Array | undefined;
/** Han code point → syllable unit of its first reading (0: none), built once. */
function hanSyllableTable(): Uint16Array {
  if (!hanSyllables) {
    hanSyllables = new Uint16Array(0x10000);
    for (let cp = 0x3400; cp <= 0x9fff; cp++) {
      const reading = firstReadingOf(cp);
      if (reading >= 0) hanSyllables[cp] = syllableUnit(reading);
    }
  }
  return hanSyllables;
}

/**
 * A cheap test of whether a text could match any pattern by sound: every pattern's first two or three syllable runs
 * must appear in a row, so one table read per character rules out most texts before the full scan.
 */
export interface SyllableFilter {
  /**
   * Two bits per syllable pair (`pairBits` reads them): bit 1, a pattern of two runs is this pair; bit 2, a longer
   * pattern starts with it (then `triples` decides). Packed, the table is 64 KB, small enough to stay in cache while
   * the filter reads it for every Han character.
   */
  readonly pairs: Int32Array;
  readonly triples: ReadonlySet<number>;
  /** A one-syllable pattern exists: every text with Han must be scanned. */
  readonly always: boolean;
}

/** Builds the filter from the patterns' syllable units (already as the automaton reads them). */
export function createSyllableFilter(patterns: readonly (readonly number[])[]): SyllableFilter {
  const pairs = new Int32Array((SYLLABLE_STRIDE * SYLLABLE_STRIDE) >>> 4);
  const mark = (pair: number, bit: number): void => {
    pairs[pair >>> 4] = pairs[pair >>> 4]! | (bit << ((pair & 15) << 1));
  };
  const triples = new Set<number>();
  let always = false;
  for (const units of patterns) {
    const runs = units.filter((u, i) => u !== units[i - 1]);
    if (runs.length === 1) {
      always = true;
      continue;
    }
    const head = runs[0]! * SYLLABLE_STRIDE + runs[1]!;
    if (runs.length === 2) mark(head, 1);
    else {
      mark(head, 2);
      triples.add(head * SYLLABLE_STRIDE + runs[2]!);
    }
  }
  return { pairs, triples, always };
}

/** The bits of a syllable pair in the filter's packed table. */
const pairBits = (pairs: Int32Array, pair: number): number => (pairs[pair >>> 4]! >>> ((pair & 15) << 1)) & 3;

/**
 * The folded view around every place where a pattern could start by sound (its first two or three syllable runs in a
 * row, separators and repeats skipped as the matcher skips them), or undefined when there is none: one table read per
 * character rules out most texts, and the full scan runs only near the candidates.
 */
export function soundWindows(
  filter: SyllableFilter,
  view: View,
  maxSkip: number,
  reach: number,
  buffer: ViewBuffer,
  exact: readonly { readonly startUnit: number; readonly endUnit: number }[] = [],
): View | undefined {
  const table = hanSyllableTable();
  const hits: Rewrite[] = [];
  // Everything the loop reads is a local: this pass reads every unit of every text.
  const { cp: cps, cls: classes, length } = view;
  const { pairs, triples, always } = filter;
  const SEPARATOR = CHAR_CLASS.separator;
  let a = 0;
  let b = 0;
  let ua = 0;
  let ub = 0;
  // The pair bits of (a, b), read when b came: the triple test reuses them.
  let ab = 0;
  let skipped = 0;
  // A start that lies wholly inside a term the folded view matched as written is that term, not a sound-alike.
  const exactSpans = new SpanList();
  for (const m of exact) exactSpans.add(m.startUnit, m.endUnit + 1, 0);
  const inExact = (from: number, to: number): boolean => exactSpans.covers(from, to + 1);
  for (let u = 0; u < length; u++) {
    const cp = cps[u]!;
    // Only Han characters have a syllable, and they are always regular units.
    const c = cp < 0x10000 ? table[cp]! : 0;
    if (c === 0) {
      // A separator is skipped as the matcher skips it; anything else ends the syllables in a row.
      if (classes[u] === SEPARATOR && ++skipped <= maxSkip) continue;
      skipped = 0;
      a = b = ab = 0;
      continue;
    }
    skipped = 0;
    if (c === b) continue;
    const bc = b === 0 ? 0 : pairBits(pairs, b * SYLLABLE_STRIDE + c);
    let from = -1;
    if (always) from = u;
    else if ((bc & 1) !== 0) from = ub;
    else if ((ab & 2) !== 0 && triples.has((a * SYLLABLE_STRIDE + b) * SYLLABLE_STRIDE + c)) from = ua;
    // An identity rewrite: it only anchors a window.
    if (from >= 0 && !inExact(from, u)) hits.push({ start: u, end: u + 1, units: [cp], via: 0 });
    a = b;
    ua = ub;
    b = c;
    ub = u;
    ab = bc;
  }
  return hits.length === 0 ? undefined : windowed(view, buffer, hits, reach, same);
}
