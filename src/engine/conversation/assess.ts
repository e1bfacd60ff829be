import type { Verdict } from '../types.js';
import { DISTRESS, FAMILY_ADDRESS, PLAY, ROLE_ADDRESS, ROLE_CONTEXT, STATED_AGE } from './cues.js';
import { readMessage, type MessageSignal } from './signals.js';
import {
  RISK_LEVELS,
  STAGES,
  type ConversationMessage,
  type ConversationOptions,
  type ConversationRisk,
  type ConversationState,
  type Evidence,
  type Participant,
  type RiskKind,
  type RiskLevel,
  type TrackRisk,
  type TrackState,
} from './types.js';

const DAY = 86_400;
/** How fast a stage fades: grooming unfolds over weeks, a scam over days, a pile-on within hours. */
export const HALF_LIFE = { grooming: 14 * DAY, fraud: 3 * DAY, bullying: 2 * 3600 } as const satisfies Record<
  RiskKind,
  number
>;
/** Hostile messages older than this no longer count towards a pile-on. */
const PILE_ON_WINDOW = 6 * 3600;
/** How long after a sender's warning its next messages still read as the warning's quotes (seconds). */
const WARNING_SPAN = 600;
/** A stage counts as reached from this decayed weight on. */
const PRESENT = 0.45;
/** Evidence kept per stage: the first spans (when it began) and the latest (that it goes on). */
const EVIDENCE_PER_STAGE = 4;

/** How much each stage weighs in its kind's score. */
const STAGE_WEIGHT: Record<string, number> = {
  'grooming.rapport': 0.6,
  'grooming.probing': 1,
  'grooming.isolation': 1.1,
  'grooming.secrecy': 1.5,
  'grooming.sexualisation': 1.5,
  'grooming.images': 1.5,
  'grooming.coercion': 3,
  'grooming.meeting': 1.2,
  'fraud.lure': 1.2,
  'fraud.credentials': 1.5,
  'fraud.payment': 1.2,
  'fraud.parent_payment': 1.5,
  'fraud.authority': 0.8,
  'fraud.pressure': 1,
  'bullying.insult': 1,
  'bullying.exclusion': 1.5,
  'bullying.doxxing': 1.8,
  'bullying.threat': 1.8,
  'bullying.humiliation': 1.5,
};

const rank = (level: RiskLevel): number => RISK_LEVELS.indexOf(level);
const maxLevel = (a: RiskLevel, b: RiskLevel): RiskLevel => (rank(a) >= rank(b) ? a : b);

/**
 * A new, empty conversation state.
 *
 * @example
 * const state = createConversationState();
 */
export function createConversationState(): ConversationState {
  return {
    version: 1,
    messageCount: 0,
    participants: {},
    tracks: {},
    recentSenders: [],
    legitimacy: {},
    focus: null,
    stated: {},
    warned: {},
    peakLevel: 'none',
    flaggedAt: null,
    lastT: null,
  };
}

/** The outcome of one message: the signals it carried and the conversation's risk after it. */
export interface Observation {
  readonly index: number;
  readonly signals: readonly MessageSignal[];
  readonly risk: ConversationRisk;
}

/**
 * Adds one message to a conversation's state (updated in place; the caller owns it) and returns the risk after it. What
 * the platform knows of the participants is input: `participants` is merged into the state (a later value wins). The
 * engine's verdict on the message, when given, adds its matches and model scores as signals. Time is `message.t`.
 *
 * @example
 * const state = createConversationState();
 * observeMessage(state, { from: 'u1', text: '你几岁了', t: 0 }, { u1: { age: 35 }, kid: { age: 11 } });
 */
export function observeMessage(
  state: ConversationState,
  message: ConversationMessage,
  participants: Readonly<Record<string, Participant>> = {},
  verdict?: Verdict,
  options: ConversationOptions = {},
): Observation {
  // A state saved before a field was added reads as if the field had been empty.
  const saved = state as Partial<ConversationState>;
  saved.legitimacy ??= {};
  saved.stated ??= {};
  saved.recentSenders ??= [];
  saved.focus ??= null;
  saved.warned ??= {};
  for (const [ref, p] of Object.entries(participants)) state.participants[ref] = { ...state.participants[ref], ...p };
  const sender = message.from;
  state.participants[sender] ??= { age: null };
  const index = state.messageCount++;
  const t = message.t;
  state.lastT = t;
  // A warning often runs over several messages: the lines after it quote the scam without the warning word.
  const warnedAt = state.warned[sender];
  const read = readMessage(message.text, verdict, warnedAt !== undefined && t - warnedAt <= WARNING_SPAN);
  if (read.warning) state.warned[sender] = t;
  const signals = read.signals;
  const receivers = resolveReceivers(state, message);

  noteContext(state, message, receivers);
  noteStatedAge(state, message);
  const touched = new Set<TrackState>();
  for (const s of signals) {
    const kind = s.signal.slice(0, s.signal.indexOf('.')) as RiskKind;
    if (kind === 'bullying') {
      const target = bullyingTarget(state, message, receivers);
      if (target === null || target === sender) continue;
      const track = bullyingTrack(state, target);
      if (!track.senders.includes(sender)) track.senders.push(sender);
      addSignal(track, s, index, message, s.strength);
      touched.add(track);
      continue;
    }
    for (const r of receivers) {
      const track = pairTrack(state, kind, sender, r);
      const legitimacy = state.legitimacy[`${sender}>${r}`] ?? 0;
      addSignal(track, s, index, message, s.strength * roleFactor(state, sender, r, s.strong), legitimacy);
      touched.add(track);
    }
  }
  for (const track of touched) {
    if (track.kind === 'bullying') {
      const strongest = Math.max(...signals.filter((s) => s.signal.startsWith('bullying.')).map((s) => s.strength));
      track.hostile.push({ from: sender, t, weight: strongest });
      if (track.hostile.length > 200) track.hostile.splice(0, track.hostile.length - 200);
    }
  }

  state.recentSenders.push(sender);
  if (state.recentSenders.length > 8) state.recentSenders.shift();
  for (const track of Object.values(state.tracks)) {
    const level = trackLevel(state, track, t);
    track.level = level;
    if (rank(level) > rank(track.peakLevel)) {
      track.peakLevel = level;
      track.peakAt = index;
    }
    state.peakLevel = maxLevel(state.peakLevel, level);
  }
  const alertLevel = options.alertLevel ?? 'high';
  if (state.flaggedAt === null && rank(state.peakLevel) >= rank(alertLevel)) state.flaggedAt = index;
  return { index, signals, risk: assessConversation(state, t, options) };
}

/** The conversation's risk as of time `now` (seconds, the messages' clock): decay lowers `level`, never `peakLevel`. */
export function assessConversation(
  state: ConversationState,
  now: number,
  options: ConversationOptions = {},
): ConversationRisk {
  const alertLevel = options.alertLevel ?? 'high';
  const tracks = Object.values(state.tracks);
  let level: RiskLevel = 'none';
  for (const track of tracks) level = maxLevel(level, trackLevel(state, track, now));
  const flagged = state.flaggedAt !== null;
  const floor = flagged ? alertLevel : 'medium';
  const shown = tracks
    .filter((tr) => rank(tr.peakLevel) >= rank(floor))
    .sort(
      (a, b) =>
        rank(b.peakLevel) - rank(a.peakLevel) ||
        kindFit(b, now) - kindFit(a, now) ||
        trackScore(b, now) - trackScore(a, now) ||
        (a.peakAt ?? 0) - (b.peakAt ?? 0),
    );
  const top = shown[0];
  const kinds: RiskKind[] = [];
  const offenders: string[] = [];
  for (const tr of shown) {
    if (!kinds.includes(tr.kind)) kinds.push(tr.kind);
    for (const s of tr.senders) if (!offenders.includes(s) && isOffender(tr, s)) offenders.push(s);
  }
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  for (const tr of shown)
    for (const st of Object.values(tr.stages))
      for (const e of st?.evidence ?? []) {
        const key = `${e.message}:${e.start}:${e.end}:${e.signal}`;
        if (seen.has(key)) continue;
        seen.add(key);
        evidence.push(e);
      }
  evidence.sort((a, b) => a.message - b.message || a.start - b.start || a.end - b.end);
  return {
    level,
    peakLevel: state.peakLevel,
    flagged,
    flaggedAt: state.flaggedAt,
    kinds,
    target: top?.target ?? null,
    offenders,
    tracks: tracks
      .filter((tr) => tr.peakLevel !== 'none')
      .map((tr) => describeTrack(state, tr, now))
      .sort((a, b) => rank(b.peakLevel) - rank(a.peakLevel)),
    evidence,
  };
}

function describeTrack(state: ConversationState, track: TrackState, now: number): TrackRisk {
  const order = STAGES[track.kind] as readonly string[];
  return {
    kind: track.kind,
    senders: track.senders.filter((s) => isOffender(track, s)),
    target: track.target,
    level: trackLevel(state, track, now),
    peakLevel: track.peakLevel,
    peakAt: track.peakAt,
    stages: Object.entries(track.stages)
      .filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== undefined)
      .map(([signal, st]) => ({
        stage: signal.slice(signal.indexOf('.') + 1),
        weight: round(decayed(st.weight, st.at, now, HALF_LIFE[track.kind])),
        firstMessage: st.firstMessage,
        evidence: st.evidence,
      }))
      .sort((a, b) => a.firstMessage - b.firstMessage || order.indexOf(a.stage) - order.indexOf(b.stage)),
  };
}

function isOffender(track: TrackState, sender: string): boolean {
  if (track.kind !== 'bullying') return true;
  let total = 0;
  for (const h of track.hostile) if (h.from === sender) total += h.weight;
  return total >= 0.5;
}

// --- receivers and targets ---

function resolveReceivers(state: ConversationState, message: ConversationMessage): string[] {
  if (message.to !== undefined) {
    for (const r of message.to) state.participants[r] ??= { age: null };
    return message.to.filter((r) => r !== message.from);
  }
  return Object.keys(state.participants).filter((r) => r !== message.from);
}

/** Whom hostility is aimed at: a participant it names, else "她/他" the one last named, else the one being answered. */
function bullyingTarget(state: ConversationState, message: ConversationMessage, receivers: string[]): string | null {
  const named = mentioned(state, message);
  if (named !== null) return named;
  const focus = state.focus !== null && message.t - state.focus.t <= PILE_ON_WINDOW ? state.focus.ref : null;
  const current = Object.values(state.tracks)
    .filter((tr) => tr.kind === 'bullying' && tr.target !== message.from && tr.hostile.length > 0)
    .sort((a, b) => (b.hostile.at(-1)?.t ?? 0) - (a.hostile.at(-1)?.t ?? 0))[0];
  const third = /[她他]/u.test(message.text);
  if (third && focus !== null && focus !== message.from) return focus;
  if (third && current !== undefined) return current.target;
  if (receivers.length === 1) return receivers[0]!;
  if (focus !== null && focus !== message.from) return focus;
  if (current !== undefined) return current.target;
  return lastOtherSender(state, message.from);
}

/** The participant a message names (@ref or the ref itself, for refs of two characters or more). */
function mentioned(state: ConversationState, message: ConversationMessage): string | null {
  let best: string | null = null;
  for (const ref of Object.keys(state.participants)) {
    if (ref === message.from) continue;
    if (message.text.includes(`@${ref}`) || (ref.length >= 2 && message.text.includes(ref)))
      if (best === null || ref.length > best.length) best = ref;
  }
  return best;
}

function lastOtherSender(state: ConversationState, from: string): string | null {
  const list = state.recentSenders;
  for (let i = list.length - 1; i >= 0; i--) if (list[i] !== from) return list[i]!;
  return null;
}

function pairTrack(state: ConversationState, kind: RiskKind, sender: string, target: string): TrackState {
  const key = `${kind}:${sender}>${target}`;
  return (state.tracks[key] ??= newTrack(kind, [sender], target));
}

function bullyingTrack(state: ConversationState, target: string): TrackState {
  const key = `bullying:>${target}`;
  return (state.tracks[key] ??= newTrack('bullying', [], target));
}

function newTrack(kind: RiskKind, senders: string[], target: string): TrackState {
  return {
    kind,
    senders,
    target,
    stages: {},
    hostile: [],
    reciprocity: 0,
    distress: 0,
    level: 'none',
    peakLevel: 'none',
    peakAt: null,
  };
}

// --- context: roles, family, play, distress ---

function noteContext(state: ConversationState, message: ConversationMessage, receivers: string[]): void {
  const text = message.text;
  const sender = message.from;
  const named = mentioned(state, message);
  if (named !== null) state.focus = { ref: named, t: message.t };
  let role = 0;
  for (const pattern of Object.values(ROLE_CONTEXT)) if (pattern.test(text)) role += 0.35;
  // Kept per sender→receiver apart from the tracks, so context alone never makes a track (a big group stays small).
  const raise = (from: string, to: string, value: (before: number) => number): void => {
    const key = `${from}>${to}`;
    state.legitimacy[key] = Math.min(1, value(state.legitimacy[key] ?? 0));
  };
  if (role > 0) for (const r of receivers) raise(sender, r, (v) => v + role);
  // Someone answered as a doctor, a teacher or a coach asks what such a role asks: their weak cues count less.
  // In a group the one addressed speaks in that role to everyone (a mother asking the doctor about her child).
  if (ROLE_ADDRESS.test(text.trim()))
    for (const r of receivers)
      for (const other of Object.keys(state.participants)) if (other !== r) raise(r, other, (v) => Math.max(v, 0.7));
  // A child who calls the other "妈" or "爸" is talking to family.
  if (FAMILY_ADDRESS.test(text.trim())) for (const r of receivers) raise(r, sender, () => 1);
  for (const tr of Object.values(state.tracks)) {
    if (tr.kind !== 'bullying') continue;
    if (tr.target === sender && DISTRESS.test(text)) tr.distress = Math.min(1, tr.distress + 0.5);
    // The target laughing along is play; the others laughing at the target is mockery, and counts for nothing here.
    if (tr.target === sender && PLAY.test(text)) tr.reciprocity = Math.min(1, tr.reciprocity + 0.2);
  }
}

/** A participant's own word on their age counts where the platform knows none: 我10岁, 五年级, 初一. */
function noteStatedAge(state: ConversationState, message: ConversationMessage): void {
  if (state.participants[message.from]?.age !== null && state.participants[message.from]?.age !== undefined) return;
  const m = STATED_AGE.exec(message.text);
  if (m === null) return;
  const grades: Record<string, number> = { 一: 7, 二: 8, 三: 9, 四: 10, 五: 11, 六: 12 };
  let age: number | undefined;
  if (m[1] !== undefined || m[2] !== undefined) age = Number(m[1] ?? m[2]);
  else if (m[3] !== undefined) age = grades[m[3]];
  else if (m[4] !== undefined) age = 13;
  else if (m[5] !== undefined) age = 16;
  if (age !== undefined && age >= 3 && age < 80) state.stated[message.from] = age;
}

/** How much a signal from `sender` to `target` counts, given what the platform vouches for. */
function roleFactor(state: ConversationState, sender: string, target: string, strong: boolean): number {
  const p = state.participants[sender];
  if (p === undefined) return 1;
  if (p.guardianOf?.includes(target) === true || p.role === 'guardian' || p.role === 'relative')
    return strong ? 0.3 : 0.1;
  if (p.role === undefined || p.role === null) return 1;
  const [weak, strongFactor] = ROLE_FACTOR[p.role];
  return strong ? strongFactor : weak;
}

/** [weak cue, strong cue] factors for a role the platform vouches for: a class or a clinic asks what a groomer asks. */
const ROLE_FACTOR: Record<NonNullable<Participant['role']>, readonly [number, number]> = {
  guardian: [0.1, 0.3],
  relative: [0.1, 0.3],
  teacher: [0.3, 0.7],
  coach: [0.3, 0.7],
  doctor: [0.3, 0.7],
  support: [0.3, 0.7],
  peer: [0.8, 0.8],
};

// --- stages and levels ---

function decayed(weight: number, at: number, now: number, halfLife: number): number {
  const dt = Math.max(0, now - at);
  return dt === 0 ? weight : weight * Math.pow(0.5, dt / halfLife);
}

function addSignal(
  track: TrackState,
  s: MessageSignal,
  index: number,
  message: ConversationMessage,
  strength: number,
  legitimacy = 0,
): void {
  const effective = s.strong ? strength : strength * (1 - 0.6 * legitimacy);
  const half = HALF_LIFE[track.kind];
  const st = (track.stages[s.signal] ??= {
    weight: 0,
    at: message.t,
    firstMessage: index,
    strong: false,
    evidence: [],
  });
  if (s.strong && effective >= 0.5) st.strong = true;
  const before = decayed(st.weight, st.at, message.t, half);
  // Several spans of one message for one stage count once: the strongest.
  const last = st.evidence.at(-1);
  const sameMessage = last !== undefined && last.message === index;
  const base = sameMessage ? Math.max(0, before - (last?.weight ?? 0)) : before;
  const next = sameMessage ? Math.max(before, 1 - (1 - base) * (1 - effective)) : 1 - (1 - before) * (1 - effective);
  st.weight = Math.min(1, next);
  st.at = message.t;
  if (st.weight < 0.05) return;
  const evidence: Evidence = {
    message: index,
    start: s.start,
    end: s.end,
    signal: s.signal,
    weight: round(effective),
    from: message.from,
    t: message.t,
  };
  if (st.evidence.some((e) => e.message === index && e.start === s.start && e.end === s.end)) return;
  st.evidence.push(evidence);
  if (st.evidence.length > EVIDENCE_PER_STAGE) st.evidence.splice(2, 1);
}

function presence(track: TrackState, now: number): Map<string, number> {
  const half = HALF_LIFE[track.kind];
  const out = new Map<string, number>();
  for (const [signal, st] of Object.entries(track.stages))
    if (st !== undefined) out.set(signal.slice(signal.indexOf('.') + 1), decayed(st.weight, st.at, now, half));
  return out;
}

/**
 * The stages only its own kind reaches: a scam that says "加我QQ, 别告诉你爸妈" also raises grooming's isolation and secrecy,
 * a groomer who sends a red envelope also raises fraud's payment. Which kind a conversation is, is what only that kind does.
 */
const DISTINCT_STAGES: Record<RiskKind, readonly string[]> = {
  grooming: ['probing', 'sexualisation', 'images', 'coercion', 'meeting'],
  fraud: ['lure', 'credentials', 'payment', 'parent_payment', 'authority'],
  bullying: ['insult', 'exclusion', 'doxxing', 'threat', 'humiliation'],
};

/** How far a track shows what only its kind does: the weighted presence of its distinct stages. */
function kindFit(track: TrackState, now: number): number {
  const p = presence(track, now);
  let fit = 0;
  for (const stage of DISTINCT_STAGES[track.kind]) {
    const w = p.get(stage) ?? 0;
    if (w >= PRESENT) fit += (STAGE_WEIGHT[`${track.kind}.${stage}`] ?? 1) * w;
  }
  return fit;
}

/** A track's weighted sum of stages now: which of two tracks at one level says more. */
function trackScore(track: TrackState, now: number): number {
  return score(track, presence(track, now)).sum;
}

function score(track: TrackState, p: Map<string, number>): { sum: number; distinct: number } {
  let sum = 0;
  let distinct = 0;
  for (const [stage, w] of p) {
    sum += (STAGE_WEIGHT[`${track.kind}.${stage}`] ?? 1) * w;
    if (w >= PRESENT) distinct++;
  }
  return { sum, distinct };
}

/** The age the platform gives, else the age the participant stated, else null. */
function ageOf(state: ConversationState, ref: string): number | null {
  return state.participants[ref]?.age ?? state.stated[ref] ?? null;
}

function trackLevel(state: ConversationState, track: TrackState, now: number): RiskLevel {
  const p = presence(track, now);
  if (p.size === 0) return 'none';
  const targetAge = ageOf(state, track.target);
  const targetMinor = targetAge !== null && targetAge < 18;
  const targetAdult = targetAge !== null && targetAge >= 18;
  const has = (stage: string, at = PRESENT): boolean => (p.get(stage) ?? 0) >= at;
  const strongStages = Object.entries(track.stages).filter(
    ([signal, st]) => st?.strong === true && has(signal.slice(signal.indexOf('.') + 1)),
  ).length;
  switch (track.kind) {
    case 'grooming': {
      const senderRef = track.senders[0]!;
      const sender = state.participants[senderRef];
      const senderAge = ageOf(state, senderRef);
      let m = targetMinor ? 1 : targetAdult ? 0.35 : 0.8;
      if (senderAge !== null && senderAge >= 18 && targetMinor) m *= 1.2;
      if (senderAge !== null && senderAge < 18 && targetMinor && Math.abs(senderAge - targetAge) <= 3) m *= 0.75;
      const known = sender?.knownForDays;
      if (known !== null && known !== undefined) m *= known < 30 ? 1.15 : known >= 365 ? 0.8 : 1;
      const history = sender?.history;
      if (history !== undefined) m *= (history.minorsApproached >= 3 ? 1.4 : 1) * (history.flaggedBefore ? 1.3 : 1);
      const { sum, distinct } = score(track, p);
      const s = sum * m;
      // A sender who did this to other children needs no strong cue here: two stages are enough.
      const repeat = history !== undefined && (history.minorsApproached >= 3 || history.flaggedBefore);
      // Rapport, isolation and secrecy alone are also a scam's opening: grooming needs a stage only grooming reaches.
      const own = DISTINCT_STAGES.grooming.some((st) => has(st));
      const high = own && ((distinct >= 3 && s >= 2.6) || (distinct >= 2 && (strongStages >= 1 || repeat) && s >= 2.2));
      const level: RiskLevel = high ? 'high' : s >= 1.4 ? 'medium' : s >= 0.5 ? 'low' : 'none';
      if (!targetAdult && has('coercion', 0.6) && m >= 0.6) return 'critical';
      // An image of the body, or undressing, asked of a child is critical on its own (issue 16): no other stage needed.
      const explicit = (['images', 'sexualisation'] as const).some(
        (st) => track.stages[`grooming.${st}`]?.strong === true && has(st, 0.8),
      );
      if (explicit && targetMinor && m >= 1) return 'critical';
      if (explicit && !targetAdult && m >= 0.75 && level !== 'high') return 'high';
      if (level === 'high' && !targetAdult && (has('meeting', 0.6) || has('images', 0.6))) return 'critical';
      return level;
    }
    case 'fraud': {
      let m = targetMinor ? 1.2 : targetAdult ? 0.8 : 1;
      const history = state.participants[track.senders[0]!]?.history;
      if (history?.flaggedBefore === true) m *= 1.3;
      const { sum, distinct } = score(track, p);
      const s = sum * m;
      const high = (distinct >= 2 && strongStages >= 1 && s >= 2.0) || (distinct >= 3 && s >= 2.8);
      const level: RiskLevel = high ? 'high' : s >= 1.4 ? 'medium' : s >= 0.5 ? 'low' : 'none';
      const threat = (track.stages['fraud.pressure']?.evidence ?? []).some((e) => e.weight >= 0.9);
      if (level === 'high' && has('authority') && threat && (has('payment') || has('credentials'))) return 'critical';
      return level;
    }
    case 'bullying': {
      const recent = track.hostile.filter((h) => now - h.t <= PILE_ON_WINDOW && h.weight >= 0.3);
      track.hostile = track.hostile.filter((h) => now - h.t <= PILE_ON_WINDOW);
      const senders = new Set(recent.map((h) => h.from)).size;
      const { sum } = score(track, p);
      const extra = Math.max(0, recent.length - 1) * 0.4 + Math.max(0, senders - 1) * 0.9;
      let m = targetMinor ? 1 : targetAdult ? 0.7 : 0.9;
      // Hostility the target returns in like measure is an exchange, not a pile-on; one retort to four insults is not.
      let returned = 0;
      for (const from of new Set(recent.map((h) => h.from)))
        returned += (state.tracks[`bullying:>${from}`]?.hostile ?? []).filter(
          (h) => h.from === track.target && now - h.t <= PILE_ON_WINDOW,
        ).length;
      const exchange = recent.length === 0 ? 0 : Math.min(1, returned / recent.length);
      const play = Math.min(1, track.reciprocity + 0.8 * exchange);
      m *= (1 - 0.65 * play) * (1 + 0.3 * track.distress);
      const s = (sum + extra) * m;
      const beyondInsult = has('exclusion') || has('doxxing') || has('threat') || has('humiliation');
      // Threats or humiliation demands no teasing makes, more than once, are a pile-on of one.
      const strongBeyond = ['exclusion', 'doxxing', 'threat', 'humiliation'].some(
        (st) => track.stages[`bullying.${st}`]?.strong === true && has(st),
      );
      const high =
        (senders >= 2 && s >= 2.6) || (beyondInsult && s >= 2.2) || (strongBeyond && recent.length >= 2 && s >= 1.6);
      const level: RiskLevel = high ? 'high' : s >= 1.4 ? 'medium' : s >= 0.5 ? 'low' : 'none';
      if (level === 'high' && has('threat') && has('doxxing')) return 'critical';
      return level;
    }
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
