import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PERSONAL_INFO_KINDS,
  PERSONAL_INFO_TERMS,
  type Engine,
  type PersonalInfoKind,
} from '../../src/engine/index.js';

/** One case of data/eval/personal-info/cases.jsonl: a text and the kinds of personal information it exposes (none for a hard negative). */
export interface PersonalInfoCase {
  readonly id: string;
  readonly text: string;
  readonly kinds: readonly PersonalInfoKind[];
}

export interface PersonalInfoTally {
  /** Texts that expose personal information, and how many of them the engine found any in. */
  readonly positives: number;
  readonly found: number;
  /** Texts that expose none, and how many of them the engine still found some in. */
  readonly negatives: number;
  readonly falseAlarms: number;
  /** Per kind: texts with it, and texts where a match of that kind was among the findings. */
  readonly byKind: Readonly<Record<PersonalInfoKind, { cases: number; found: number }>>;
  readonly misses: readonly { readonly id: string; readonly why: string }[];
}

const KIND_OF_TERM = new Map(PERSONAL_INFO_KINDS.map((k) => [PERSONAL_INFO_TERMS[k], k] as const));

/** Reads the set; undefined when the file is not there. */
export function loadPersonalInfoCases(root: string): PersonalInfoCase[] | undefined {
  const file = join(root, 'data/eval/personal-info/cases.jsonl');
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as PersonalInfoCase);
}

/** Scores the engine on the set, text by text (any personal_info match counts as found) and kind by kind. */
export function scorePersonalInfo(engine: Engine, rows: readonly PersonalInfoCase[]): PersonalInfoTally {
  let positives = 0;
  let found = 0;
  let negatives = 0;
  let falseAlarms = 0;
  const byKind = Object.fromEntries(PERSONAL_INFO_KINDS.map((k) => [k, { cases: 0, found: 0 }])) as Record<
    PersonalInfoKind,
    { cases: number; found: number }
  >;
  const misses: { id: string; why: string }[] = [];
  for (const row of rows) {
    const verdict = engine.moderate(row.text, { ageBand: 'age_12_16' });
    const kinds = new Set(
      verdict.matches.filter((m) => m.category === 'personal_info').map((m) => KIND_OF_TERM.get(m.term)),
    );
    if (row.kinds.length === 0) {
      negatives++;
      if (kinds.size > 0) {
        falseAlarms++;
        misses.push({ id: row.id, why: `false alarm: ${[...kinds].join('+')}` });
      }
      continue;
    }
    positives++;
    if (kinds.size > 0) found++;
    for (const k of row.kinds) {
      byKind[k].cases++;
      if (kinds.has(k)) byKind[k].found++;
      else misses.push({ id: row.id, why: `missed ${k}` });
    }
  }
  return { positives, found, negatives, falseAlarms, byKind, misses };
}

type Say = (text?: string) => void;
type Table = (headers: readonly string[], rows: readonly (readonly (string | number)[])[]) => string;

/** The eval's personal-information part: precision and recall by text, recall by kind, and what was missed. */
export function personalInfoSection(
  engine: Engine,
  root: string,
  misses: number,
  out: { readonly say: Say; readonly table: Table },
): void {
  const { say, table } = out;
  say('## Personal information in content (personal_info)');
  say();
  const rows = loadPersonalInfoCases(root);
  if (rows === undefined) {
    say('data/eval/personal-info/cases.jsonl is absent.');
    say();
    return;
  }
  const t = scorePersonalInfo(engine, rows);
  const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);
  const flaggedTexts = t.found + t.falseAlarms;
  say(
    table(
      ['texts (exposing + hard negatives)', 'precision', 'recall', 'false alarms on hard negatives'],
      [
        [
          `${t.positives} + ${t.negatives}`,
          `${pct(t.found, flaggedTexts)} (${t.found}/${flaggedTexts})`,
          `${pct(t.found, t.positives)} (${t.found}/${t.positives})`,
          `${pct(t.falseAlarms, t.negatives)} (${t.falseAlarms})`,
        ],
      ],
    ),
  );
  say();
  say(
    table(
      ['kind', 'cases', 'recall'],
      PERSONAL_INFO_KINDS.map((k) => [k, t.byKind[k].cases, pct(t.byKind[k].found, t.byKind[k].cases)]),
    ),
  );
  say();
  if (misses > 0) for (const m of t.misses.slice(0, misses)) say(`- ${m.id}: ${m.why}`);
  if (misses > 0) say();
}
