import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { scanConversation, type ConversationScan, type Engine } from '../../src/engine/index.js';
import type { SuiteConversation } from './conversation-scenarios.js';

/** How many messages after the annotated point of certainty a flag still counts as early. */
export const EARLY_WITHIN = 2;

export interface ConversationTally {
  readonly risky: number;
  readonly detected: number;
  readonly early: number;
  readonly rightKind: number;
  readonly benign: number;
  readonly benignFlagged: number;
  readonly byKind: Record<string, { risky: number; detected: number; early: number; rightKind: number }>;
  readonly misses: readonly { readonly id: string; readonly why: string }[];
}

/** Reads a split of the suite (data/eval/conversations/{split}.jsonl); undefined when it is not there. */
export function loadConversationSplit(root: string, split: string): SuiteConversation[] | undefined {
  const file = join(root, 'data/eval/conversations', `${split}.jsonl`);
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as SuiteConversation);
}

/** The parts of the suite: dev (tuned on) first, then the held-out parts (test, test-r6, …) by name. */
export function conversationSplits(root: string): string[] {
  const dir = join(root, 'data/eval/conversations');
  const found = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => f.slice(0, -'.jsonl'.length))
    : [];
  const held = found.filter((s) => s !== 'dev').sort();
  return ['dev', ...(held.length > 0 ? held : ['test'])];
}

/** Scores a split: detection, early detection, the right kind on risky conversations; false alarms on benign ones. */
export function scoreConversations(engine: Engine | undefined, rows: readonly SuiteConversation[]): ConversationTally {
  let risky = 0;
  let detected = 0;
  let early = 0;
  let rightKind = 0;
  let benign = 0;
  let benignFlagged = 0;
  const byKind: ConversationTally['byKind'] = {};
  const misses: { id: string; why: string }[] = [];
  for (const row of rows) {
    const out: ConversationScan = scanConversation(engine, row);
    const label = row.label;
    if (label.kind === null) {
      benign++;
      if (out.flagged) {
        benignFlagged++;
        misses.push({ id: row.id, why: `benign flagged ${out.level} ${out.kinds.join('+')} at ${out.flaggedAt}` });
      }
      continue;
    }
    risky++;
    const k = (byKind[label.kind] ??= { risky: 0, detected: 0, early: 0, rightKind: 0 });
    k.risky++;
    if (!out.flagged) {
      misses.push({ id: row.id, why: `missed (${out.level} ${out.kinds.join('+')})` });
      continue;
    }
    detected++;
    k.detected++;
    const isEarly =
      out.flaggedAt !== null && label.certainAt !== null && out.flaggedAt <= label.certainAt + EARLY_WITHIN;
    if (isEarly) {
      early++;
      k.early++;
    } else misses.push({ id: row.id, why: `late: flagged at ${out.flaggedAt}, certain at ${label.certainAt}` });
    if (out.kinds[0] === label.kind) {
      rightKind++;
      k.rightKind++;
    } else misses.push({ id: row.id, why: `kind ${out.kinds.join('+')} for ${label.kind}` });
  }
  return { risky, detected, early, rightKind, benign, benignFlagged, byKind, misses };
}

/** A real dialogue of a public corpus, as the scanner reads it: two speakers of unknown age, half a minute a turn. */
export interface RealDialogue {
  readonly id: string;
  readonly participants: Record<string, { readonly age: null }>;
  readonly messages: readonly { readonly from: string; readonly text: string; readonly t: number }[];
}

function dialogue(id: string, turns: readonly { from: string; text: string }[]): RealDialogue {
  const participants: Record<string, { age: null }> = {};
  for (const t of turns) participants[t.from] = { age: null };
  return { id, participants, messages: turns.map((t, i) => ({ ...t, t: 30 * i })) };
}

/**
 * The real-dialogue false-alarm check: every KdConv dialogue of the dev and test files (chit-chat about film, music and
 * travel) and the CrossWOZ validation dialogues (task talk with addresses, hotels and prices), read from the data folder
 * outside the repository, never copied. None is risky, so every flag is a false alarm. Absent corpora are skipped.
 */
export function loadRealDialogues(dataDir: string): { name: string; dialogues: RealDialogue[] }[] {
  const out: { name: string; dialogues: RealDialogue[] }[] = [];
  const kdconv: RealDialogue[] = [];
  for (const domain of ['film', 'music', 'travel'])
    for (const file of ['dev', 'test']) {
      const path = join(dataDir, 'kdconv', domain, `${file}.json`);
      if (!existsSync(path)) continue;
      const rows = JSON.parse(readFileSync(path, 'utf8')) as { messages: { message: string }[] }[];
      rows.forEach((d, i) =>
        kdconv.push(
          dialogue(
            `kdconv-${domain}-${file}-${i}`,
            d.messages.map((m, k) => ({ from: k % 2 === 0 ? 'a' : 'b', text: m.message })),
          ),
        ),
      );
    }
  if (kdconv.length > 0) out.push({ name: 'KdConv (dev + test files)', dialogues: kdconv });
  const woz = join(dataDir, 'crosswoz', 'val.json.zip');
  if (existsSync(woz)) {
    const json = execFileSync('unzip', ['-p', woz], { maxBuffer: 256 << 20, encoding: 'utf8' });
    const rows = JSON.parse(json) as Record<string, { messages: { role: string; content: string }[] }>;
    out.push({
      name: 'CrossWOZ (validation)',
      dialogues: Object.entries(rows).map(([id, d]) =>
        dialogue(
          `crosswoz-${id}`,
          d.messages.map((m) => ({ from: m.role, text: m.content })),
        ),
      ),
    });
  }
  return out;
}

type Say = (text?: string) => void;
type Table = (headers: readonly string[], rows: readonly (readonly (string | number)[])[]) => string;

/** The eval's conversation part: every split (dev is tuned on, the held-out parts are reported), with and without the engine's verdicts. */
export function conversationSection(
  engines: { readonly withModel: Engine; readonly wordsOnly: Engine },
  root: string,
  misses: number,
  out: { readonly say: Say; readonly table: Table },
  dataDir?: string,
): void {
  const { say, table } = out;
  say('## Conversation risk (grooming, fraud, bullying over whole conversations)');
  say();
  const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);
  const rows: (string | number)[][] = [];
  const tallies: { name: string; tally: ConversationTally }[] = [];
  for (const split of conversationSplits(root)) {
    const data = loadConversationSplit(root, split);
    if (data === undefined) {
      say(
        `${split}: data/eval/conversations/${split}.jsonl is absent (node dist/scripts/gen-conversations.js renders it).`,
      );
      continue;
    }
    for (const [mode, engine] of [
      ['engine + model', engines.withModel],
      ['engine, no model', engines.wordsOnly],
      ['cues only', undefined],
    ] as const) {
      const started = performance.now();
      const t = scoreConversations(engine, data);
      const ms = performance.now() - started;
      const messages = data.reduce((n, c) => n + c.messages.length, 0);
      tallies.push({ name: `${split}, ${mode}`, tally: t });
      rows.push([
        split,
        mode,
        `${t.risky} + ${t.benign}`,
        pct(t.detected, t.risky),
        pct(t.early, t.risky),
        pct(t.rightKind, t.detected),
        `${pct(t.benignFlagged, t.benign)} (${t.benignFlagged})`,
        `${((1000 * ms) / messages).toFixed(0)} µs`,
      ]);
    }
  }
  say(
    table(
      [
        'split',
        'signals',
        'risky + benign',
        'detected (≥ 90%)',
        'early (≥ 75%)',
        'right kind (≥ 85%)',
        'benign flagged (≤ 5%)',
        'per message',
      ],
      rows,
    ),
  );
  say();
  say(
    `Early: flagged no later than ${EARLY_WITHIN} messages after the annotated point of certainty. Right kind: of the detected, the first kind is the annotated one. Per message: the engine's verdict and the risk layer together.`,
  );
  say();
  const main = tallies.filter((x) => x.name.endsWith('engine + model'));
  for (const { name, tally } of main) {
    say(`By kind (${name}):`);
    say();
    say(
      table(
        ['kind', 'risky', 'detected', 'early', 'right kind'],
        Object.entries(tally.byKind).map(([kind, k]) => [
          kind,
          k.risky,
          pct(k.detected, k.risky),
          pct(k.early, k.risky),
          pct(k.rightKind, k.detected),
        ]),
      ),
    );
    say();
    // Only the part tuned on lists its misses: a held-out part's misses, once read, would make it a tuned part.
    if (misses > 0 && tally.misses.length > 0 && name.startsWith('dev,')) {
      say(`Misses and false alarms (${name}, first ${misses}):`);
      say();
      for (const m of tally.misses.slice(0, misses)) say(`- ${m.id}: ${m.why}`);
      say();
    }
  }
  if (dataDir === undefined) return;
  const real = loadRealDialogues(dataDir);
  if (real.length === 0) {
    say(`Real dialogues: none found under ${dataDir} (KdConv, CrossWOZ).`);
    return;
  }
  say('Real dialogues, benign by construction (false-alarm check, engine + model; speakers of unknown age):');
  say();
  say(
    table(
      ['corpus', 'dialogues', 'messages', 'flagged'],
      real.map(({ name, dialogues }) => {
        const flagged = dialogues.filter((d) => scanConversation(engines.withModel, d).flagged);
        return [
          name,
          dialogues.length,
          dialogues.reduce((n, d) => n + d.messages.length, 0),
          `${flagged.length}${
            misses > 0 && flagged.length > 0
              ? ` (${flagged
                  .slice(0, misses)
                  .map((d) => d.id)
                  .join(', ')})`
              : ''
          }`,
        ];
      }),
    ),
  );
  say();
}
