import { decideAction, type Engine, type Match } from '../../src/engine/index.js';
import type { Row } from './corpora.js';

const AGE_BAND = 'age_12_16';

/** What a term did across the texts it blocked: how often, and through which variant kinds and spellings. */
export interface Culprit {
  readonly term: string;
  readonly category: string;
  texts: number;
  readonly severities: Map<string, number>;
  readonly vias: Map<string, number>;
  readonly spellings: Map<string, number>;
}

export interface CorpusResult {
  texts: number;
  blocked: number;
  flagged: number;
  /** Per group (a row's `group`), texts and flagged. */
  readonly groups: Map<string, { texts: number; flagged: number; blocked: number }>;
  readonly culprits: Map<string, Culprit>;
  /** Blocked texts with a blocking match of a term as written (no variant kind needed). */
  exactBlocked: number;
  /** Blocked texts whose blocking matches all needed a variant kind: per kind, the texts it took part in. */
  readonly variantBlocked: Map<string, number>;
}

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/** The most frequent key of a count map. */
export const top = (map: ReadonlyMap<string, number>): string =>
  [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';

/**
 * Moderates every row at age band age_12_16: the share blocked, the share flagged (review or block), and for blocked
 * rows the terms that would block on their own (counted once per text).
 */
export function moderateRows(engine: Engine, rows: readonly Row[]): CorpusResult {
  const result: CorpusResult = {
    texts: 0,
    blocked: 0,
    flagged: 0,
    groups: new Map(),
    culprits: new Map(),
    exactBlocked: 0,
    variantBlocked: new Map(),
  };
  for (const row of rows) {
    const verdict = engine.moderate(row.text, { ageBand: AGE_BAND });
    const blocked = verdict.action === 'block';
    result.texts++;
    if (verdict.flagged) result.flagged++;
    if (blocked) result.blocked++;
    const key = row.group ?? '';
    const group = result.groups.get(key) ?? { texts: 0, flagged: 0, blocked: 0 };
    group.texts++;
    if (verdict.flagged) group.flagged++;
    if (blocked) group.blocked++;
    result.groups.set(key, group);
    if (!blocked) continue;
    const blocking = verdict.matches.filter((m) => decideAction(m.category, m.severity, AGE_BAND) === 'block');
    const seen = new Set<string>();
    for (const m of blocking) {
      if (seen.has(m.term)) continue;
      seen.add(m.term);
      record(result.culprits, m);
    }
    if (blocking.some((m) => m.via.length === 0)) result.exactBlocked++;
    else for (const kind of new Set(blocking.flatMap((m) => m.via))) bump(result.variantBlocked, kind);
  }
  return result;
}

function record(culprits: Map<string, Culprit>, m: Match): void {
  let c = culprits.get(m.term);
  if (!c) {
    c = { term: m.term, category: m.category, texts: 0, severities: new Map(), vias: new Map(), spellings: new Map() };
    culprits.set(m.term, c);
  }
  c.texts++;
  bump(c.severities, m.severity);
  bump(c.vias, m.via.length === 0 ? 'exact' : m.via.join('+'));
  bump(c.spellings, m.text);
}

/** One blocked text and the matches that block it on their own, each with a little of the text around it. */
export interface BlockedRow {
  readonly text: string;
  readonly blocking: readonly { readonly match: Match; readonly around: string }[];
}

/** How many characters of context `blockedRows` shows on each side of a match. */
const AROUND = 8;

/**
 * The rows the engine blocks at age band age_12_16, with their blocking matches: what a lexicon change on a tuning split
 * has to explain or fix.
 */
export function blockedRows(engine: Engine, rows: readonly Row[]): BlockedRow[] {
  const blocked: BlockedRow[] = [];
  for (const row of rows) {
    const verdict = engine.moderate(row.text, { ageBand: AGE_BAND });
    if (verdict.action !== 'block') continue;
    const blocking = verdict.matches
      .filter((m) => decideAction(m.category, m.severity, AGE_BAND) === 'block')
      .map((match) => ({
        match,
        around: row.text.slice(Math.max(0, match.start - AROUND), match.end + AROUND),
      }));
    blocked.push({ text: row.text, blocking });
  }
  return blocked;
}
