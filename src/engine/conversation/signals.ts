import type { Category } from '../taxonomy.js';
import type { Verdict } from '../types.js';
import { canonicalize } from './canonical.js';
import {
  ABOUT_THE_CHILD,
  BULLYING_LESSON,
  CUES,
  HAND_OVER,
  INJURY,
  NEGATION,
  NOT_A_PERSON,
  OUTERWEAR,
  OWN_CODE,
  QUOTED,
  REPORTED,
  SURPRISE,
  TITLE,
  WARNING,
  type Cue,
} from './cues.js';
import type { Signal } from './types.js';

/** One stage cue found in one message. Offsets are UTF-16 into the message's text, end exclusive. */
export interface MessageSignal {
  readonly signal: Signal;
  readonly start: number;
  readonly end: number;
  readonly strength: number;
  /** A request or threat no ordinary role makes; context (a teacher's class, a parent) does not soften it. */
  readonly strong: boolean;
}

// Engine findings that speak for a stage; the category says which.
const MATCH_SIGNALS: Partial<Record<Category, { signal: Signal; strength: number; strongAt: 'high' | 'any' }>> = {
  contact_offplatform: { signal: 'grooming.isolation', strength: 0.75, strongAt: 'high' },
  sexual: { signal: 'grooming.sexualisation', strength: 0.75, strongAt: 'high' },
  csam: { signal: 'grooming.images', strength: 1, strongAt: 'any' },
  fraud: { signal: 'fraud.lure', strength: 0.7, strongAt: 'high' },
  abuse: { signal: 'bullying.insult', strength: 0.6, strongAt: 'high' },
  doxxing: { signal: 'bullying.doxxing', strength: 0.6, strongAt: 'high' },
};

// Model scores at or above this become a signal on the model's own span: the model sees wording no cue lists.
const MODEL_SIGNAL_SCORE = 0.65;
const MODEL_SIGNALS: Partial<Record<Category, Signal>> = {
  sexual: 'grooming.sexualisation',
  grooming: 'grooming.sexualisation',
  fraud: 'fraud.lure',
  abuse: 'bullying.insult',
  doxxing: 'bullying.doxxing',
};

const GROOMING_CUES = CUES.filter((c) => c.signal.startsWith('grooming.'));

/**
 * Reads the stage cues of one message: the cue tables, the engine's matches and, with a model, its strongest spans.
 * A warning that quotes a scam, a real service's "never tell anyone the code", a surprise kept from a parent and a photo
 * of homework lower or drop the cues they contain.
 *
 * @example
 * readSignals('你几岁了？别告诉你爸妈').map((s) => s.signal); // ['grooming.probing', 'grooming.secrecy', 'fraud.pressure']
 */
export function readSignals(text: string, verdict?: Verdict): MessageSignal[] {
  return readMessage(text, verdict, false).signals;
}

/**
 * The signals of one message, and whether it is a warning (it quotes a scam to warn of it). `warned`: its sender warned a
 * moment ago, so this message goes on quoting.
 */
export function readMessage(
  text: string,
  verdict: Verdict | undefined,
  warned: boolean,
): { signals: MessageSignal[]; warning: boolean } {
  const out: MessageSignal[] = [];
  // The cues read the message as the cues are spelled (pinyin, initials, homophones and emoji written out); their spans
  // are mapped back to the message as written.
  const canonical = canonicalize(text);
  const read = canonical?.text ?? text;
  // A warning that quotes a scam and a child retelling what a stranger asked both carry the cues without making the offer.
  const warns = WARNING.test(read) || REPORTED.test(read);
  const warning = warns || warned;
  const surprise = SURPRISE.test(read);
  const quoted: [number, number][] = [];
  QUOTED.lastIndex = 0;
  for (let m = QUOTED.exec(read); m !== null; m = QUOTED.exec(read)) quoted.push([m.index, m.index + m[0].length]);
  const titles: [number, number][] = [];
  TITLE.lastIndex = 0;
  for (let m = TITLE.exec(read); m !== null; m = TITLE.exec(read)) titles.push([m.index, m.index + m[0].length]);
  for (const c of CUES) readCue(c, read, warning, surprise, out, quoted);
  // A cue inside a title is part of a work's name.
  if (titles.length > 0)
    for (let i = out.length - 1; i >= 0; i--) {
      const s = out[i]!;
      if (titles.some(([a, b]) => s.start >= a && s.start < b)) out.splice(i, 1);
    }
  // A talk about bullying names insults as examples: they are not aimed at anyone in the conversation.
  if (BULLYING_LESSON.test(read))
    for (let i = 0; i < out.length; i++) {
      const s = out[i]!;
      if (s.signal.startsWith('bullying.')) out[i] = { ...s, strength: s.strength * 0.1, strong: false };
    }
  if (canonical !== null)
    for (let i = 0; i < out.length; i++) {
      const s = out[i]!;
      out[i] = { ...s, start: canonical.start[s.start]!, end: canonical.end[s.end - 1]! };
    }
  if (verdict !== undefined) {
    for (const m of verdict.matches) {
      const map = MATCH_SIGNALS[m.category];
      if (m.category === 'grooming') {
        // The lexicon's term is the match undisguised: the cues read both.
        out.push(...groomingMatch(`${m.text}，${m.term}`, m.start, m.end, m.severity === 'high', warning));
        continue;
      }
      if (map === undefined) continue;
      if (warning && !map.signal.startsWith('bullying.')) continue;
      const strong = map.strongAt === 'any' || m.severity === 'high';
      out.push({ signal: map.signal, start: m.start, end: m.end, strength: map.strength, strong });
    }
    if (verdict.scores !== undefined && verdict.signals !== undefined && !warning) {
      // A category the model flagged (its span is in the verdict's signals) speaks for a stage even where no cue reads the
      // wording; its strength follows the score, and a grooming span is read by the cues for its stage.
      for (const [category, signal] of Object.entries(MODEL_SIGNALS) as [Category, Signal][]) {
        const score = verdict.scores[category] ?? 0;
        const flagged = verdict.categories.includes(category);
        if (score < MODEL_SIGNAL_SCORE && !flagged) continue;
        const span = verdict.signals.find((x) => x.category === category);
        if (span === undefined) continue;
        // Alone, a span the model flagged is short of a stage (PRESENT) unless it is sure; with a cue it adds up.
        const strength = Math.min(0.85, 0.6 * score);
        if (category === 'grooming') {
          // The model's guess is never a strong cue, and a photo of a wound or of homework is not a photo of the child.
          if (NOT_A_PERSON.test(clauseAround(text, span.start, span.end))) continue;
          // The stage is read from the span, else from its clause; a span neither places is sexualisation, the model's
          // commonest grooming evidence.
          let stage = groomingMatch(text.slice(span.start, span.end), span.start, span.end, false, false);
          if (stage.length === 0) {
            const found: MessageSignal[] = [];
            const clause = clauseAround(text, span.start, span.end);
            for (const c of GROOMING_CUES) readCue(c, canonicalize(clause)?.text ?? clause, false, false, found);
            stage = found.map((f) => ({ ...f, start: span.start, end: span.end }));
          }
          out.push(
            ...(stage.length > 0
              ? stage.map((r) => ({ ...r, strength, strong: false }))
              : [{ signal, start: span.start, end: span.end, strength, strong: false }]),
          );
          continue;
        }
        out.push({ signal, start: span.start, end: span.end, strength, strong: false });
      }
    }
  }
  return { signals: dedupe(out), warning: warns };
}

/** A cue and a lexicon term often find the same span for the same stage: it is one signal, at its strongest. */
function dedupe(signals: readonly MessageSignal[]): MessageSignal[] {
  const best = new Map<string, MessageSignal>();
  for (const s of signals) {
    const key = `${s.signal}:${s.start}:${s.end}`;
    const seen = best.get(key);
    if (seen === undefined || s.strength > seen.strength || (s.strength === seen.strength && s.strong && !seen.strong))
      best.set(key, s);
  }
  return [...best.values()];
}

function readCue(
  c: Cue,
  text: string,
  warning: boolean,
  surprise: boolean,
  out: MessageSignal[],
  quoted: readonly (readonly [number, number])[] = [],
): void {
  const kind = c.signal.slice(0, c.signal.indexOf('.'));
  const pattern = c.pattern;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const start = m.index;
    const end = start + m[0].length;
    let strength = c.strength;
    const strong = c.strong === true;
    if (warning && kind !== 'bullying') strength *= 0.1;
    // A span that begins inside the quotation marks is the quote's, wherever the cue's gap lets it run on.
    else if (kind !== 'bullying' && quoted.some(([a, b]) => start >= a && start < b)) strength *= 0.1;
    if (kind === 'fraud' && c.signal !== 'fraud.pressure' && NEGATION.test(text.slice(Math.max(0, start - 10), start)))
      continue;
    if (c.signal === 'grooming.secrecy' && surprise) strength *= 0.2;
    if (c.signal === 'grooming.images' && !strong && NOT_A_PERSON.test(clauseAround(text, start, end))) continue;
    // A hurt ankle or a rash shown to whoever asks is not an image of the body asked of a child.
    if (c.signal === 'grooming.images' && INJURY.test(clauseAround(text, start, end))) continue;
    // A code sent to the speaker's own phone, with nothing asking it from the reader, is no request for it.
    if (c.signal === 'fraud.credentials' && OWN_CODE.test(clauseAround(text, start, end))) {
      if (!HAND_OVER.test(clauseAround(text, start, end))) continue;
    }
    // The speaker's own pictures (我发的图, 我拍的照片) are shown to the child, not asked of it.
    if (
      c.signal === 'grooming.images' &&
      !strong &&
      /^[发拍传录]/u.test(m[0]) &&
      /我(?:刚|刚才|给你)?$/u.test(text.slice(Math.max(0, start - 4), start))
    )
      continue;
    let isStrong = strong;
    // Undressing or a picture of "the child" asked in the third person is a carer's instruction (a doctor to a mother):
    // weak, so the role and the context around it weigh on it as they do on any weak cue.
    if (
      (c.signal === 'grooming.images' || c.signal === 'grooming.sexualisation') &&
      ABOUT_THE_CHILD.test(clauseAround(text, start, end))
    ) {
      strength *= 0.3;
      isStrong = false;
    }
    // Taking off a coat is not undressing: the cue stays, as a weak one that a class or a clinic outweighs.
    if (
      c.signal === 'grooming.sexualisation' &&
      isStrong &&
      /脱/u.test(m[0]) &&
      OUTERWEAR.test(clauseAround(text, start, end))
    ) {
      strength = Math.min(strength, 0.5);
      isStrong = false;
    }
    if (strength < 0.05) continue;
    out.push({ signal: c.signal, start, end, strength, strong: isStrong });
  }
}

/** The engine's grooming term says little of the stage by its category: the cues read it; unread high terms are sexualisation. */
function groomingMatch(matched: string, start: number, end: number, high: boolean, warning: boolean): MessageSignal[] {
  if (warning) return [];
  const found: MessageSignal[] = [];
  for (const c of GROOMING_CUES) readCue(c, canonicalize(matched)?.text ?? matched, false, false, found);
  if (found.length === 0)
    return high ? [{ signal: 'grooming.sexualisation', start, end, strength: 0.8, strong: true }] : [];
  // The match's span, not the cue's span inside the matched text, is what a moderator is shown.
  return found.map((s) => ({ ...s, start, end, strong: s.strong || high }));
}

function clauseAround(text: string, start: number, end: number): string {
  const stops = /[，,。.！!？?；;\n]/u;
  let a = start;
  while (a > 0 && !stops.test(text[a - 1]!)) a--;
  let b = end;
  while (b < text.length && !stops.test(text[b]!)) b++;
  return text.slice(a, b);
}
