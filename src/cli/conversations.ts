import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  PARTICIPANT_ROLES,
  RISK_LEVELS,
  scanConversation,
  type ConversationInput,
  type Engine,
  type Participant,
  type RiskLevel,
} from '../engine/index.js';
import { AppError } from '../lib/index.js';
import { ENGINE_ARG_HELP, ENGINE_ARG_OPTIONS, engineFromArgs } from './engine-args.js';
import type { Io } from './io.js';

export const CONVERSATIONS_HELP = `qinglang conversations scan [FILE|-] [--format jsonl] [--alert-level LEVEL] [options]
  Reads one conversation a line:
    {"id", "participants": {"<ref>": {"age": number|null}}, "messages": [{"from": "<ref>", "text", "t": seconds}]}
  (a participant may also carry a verified "role" and "knownForDays"; other fields are ignored) and writes one judgement
  a line, in input order: {"id", "flagged", "level", "kinds", "flaggedAt", "target", "offenders", "evidence": [{"message",
  "start", "end", "signal"}]}. level is the highest reached; flagged: it reached --alert-level (default high); flaggedAt:
  the index of the first message after which it was. A malformed line yields {"id", "error"} and the scan goes on.
  Exit code: 0 when every line was read, 1 when any failed, 2 on a usage error.
${ENGINE_ARG_HELP}`;

type Parsed = { readonly ok: true; readonly input: ConversationInput } | { readonly ok: false; readonly json: string };

/** Reads one input line into a conversation, or the error line that names every problem in it. Never throws. */
export function parseConversationLine(line: string, lineNumber: number): Parsed {
  let id: unknown = lineNumber;
  const fail = (problems: readonly string[]): Parsed => ({
    ok: false,
    json: JSON.stringify({ id, error: `line ${lineNumber}: ${problems.join('; ')}` }),
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return fail([`not valid JSON: ${(error as Error).message}`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail(['expected a JSON object']);
  const record = parsed as Record<string, unknown>;
  if ('id' in record) id = record['id'];
  const problems: string[] = [];
  const participants: Record<string, Participant> = {};
  const rawParticipants = record['participants'];
  if (typeof rawParticipants !== 'object' || rawParticipants === null || Array.isArray(rawParticipants)) {
    problems.push('"participants" must be an object of {"age": number|null} by ref');
  } else {
    for (const [ref, value] of Object.entries(rawParticipants as Record<string, unknown>)) {
      const p = value as Record<string, unknown> | null;
      const age = p?.['age'];
      if (typeof p !== 'object' || p === null || !(age === null || (typeof age === 'number' && age >= 0))) {
        problems.push(`participants.${ref}.age must be a number ≥ 0 or null`);
        continue;
      }
      const role = p['role'];
      if (role !== undefined && role !== null && !(PARTICIPANT_ROLES as readonly unknown[]).includes(role))
        problems.push(`participants.${ref}.role must be one of ${PARTICIPANT_ROLES.join(', ')} or null`);
      const known = p['knownForDays'];
      if (known !== undefined && known !== null && !(typeof known === 'number' && known >= 0))
        problems.push(`participants.${ref}.knownForDays must be a number ≥ 0 or null`);
      participants[ref] = {
        age: age,
        ...(typeof role === 'string' ? { role: role as NonNullable<Participant['role']> } : {}),
        ...(typeof known === 'number' ? { knownForDays: known } : {}),
      };
    }
  }
  const rawMessages = record['messages'];
  const messages: { from: string; text: string; t: number }[] = [];
  if (!Array.isArray(rawMessages)) {
    problems.push('"messages" must be an array');
  } else {
    let lastT = -Infinity;
    rawMessages.forEach((value: unknown, i) => {
      const m = value as Record<string, unknown> | null;
      if (typeof m !== 'object' || m === null) return problems.push(`messages[${i}] must be an object`);
      const from = m['from'];
      const text = m['text'];
      const t = m['t'];
      if (typeof from !== 'string' || from === '') problems.push(`messages[${i}].from must be a participant's ref`);
      else if (typeof rawParticipants === 'object' && rawParticipants !== null && !(from in rawParticipants))
        problems.push(`messages[${i}].from "${from}" is not in participants`);
      if (typeof text !== 'string') problems.push(`messages[${i}].text must be a string`);
      if (typeof t !== 'number' || !Number.isFinite(t)) problems.push(`messages[${i}].t must be a number of seconds`);
      else if (t < lastT) problems.push(`messages[${i}].t goes back in time (${t} after ${lastT})`);
      else lastT = t;
      if (typeof from === 'string' && typeof text === 'string' && typeof t === 'number')
        messages.push({ from, text, t });
      return undefined;
    });
  }
  if (problems.length > 0) return fail(problems);
  return { ok: true, input: { id, participants, messages } };
}

/** `qinglang conversations scan`: conversations in, judgements out, one a line, in constant memory. */
export async function runConversations(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'scan')
    throw new AppError('usage', `conversations: unknown subcommand "${sub ?? ''}".\n${CONVERSATIONS_HELP}`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...ENGINE_ARG_OPTIONS, format: { type: 'string', default: 'jsonl' }, 'alert-level': { type: 'string' } },
    allowPositionals: true,
  });
  if (values.format !== 'jsonl')
    throw new AppError('usage', `--format: only jsonl is supported, got "${values.format}"`);
  const alertLevel = values['alert-level'] ?? 'high';
  if (!(RISK_LEVELS as readonly string[]).includes(alertLevel) || alertLevel === 'none')
    throw new AppError('usage', `--alert-level: one of low, medium, high, critical; got "${alertLevel}"`);
  if (positionals.length > 1)
    throw new AppError('usage', `conversations scan takes at most one file.\n${CONVERSATIONS_HELP}`);
  const file = positionals[0] ?? '-';
  if (file !== '-') {
    try {
      await stat(file);
    } catch {
      throw new AppError('usage', `conversations scan: cannot read ${file}`);
    }
  }
  const { engine, ageBand } = await engineFromArgs(values);
  const lines = createInterface({ input: file === '-' ? io.stdin : createReadStream(file), crlfDelay: Infinity });
  let lineNumber = 0;
  let failed = 0;
  let flagged = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const json = scanLine(engine, line, lineNumber, { alertLevel: alertLevel as RiskLevel, ageBand });
    if (json.error) failed++;
    if (json.flagged) flagged++;
    if (!io.stdout.write(`${json.text}\n`)) await once(io.stdout, 'drain');
  }
  if (io.stderrIsTty)
    io.stderr.write(`完成 done: ${lineNumber} 行 lines, ${flagged} 标记 flagged, ${failed} 行出错 failed\n`);
  return failed > 0 ? 1 : 0;
}

function scanLine(
  engine: Engine,
  line: string,
  lineNumber: number,
  options: Parameters<typeof scanConversation>[2],
): { text: string; error: boolean; flagged: boolean } {
  const parsed = parseConversationLine(line, lineNumber);
  if (!parsed.ok) return { text: parsed.json, error: true, flagged: false };
  const out = scanConversation(engine, parsed.input, options);
  return { text: JSON.stringify(out), error: false, flagged: out.flagged };
}
