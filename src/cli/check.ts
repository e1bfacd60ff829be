import { parseArgs } from 'node:util';
import { ACTION_LABELS, CATEGORY_LABELS, SEVERITY_LABELS, VARIANT_LABELS, type Verdict } from '../engine/index.js';
import { AppError } from '../lib/index.js';
import { ENGINE_ARG_HELP, ENGINE_ARG_OPTIONS, engineFromArgs } from './engine-args.js';
import type { Io } from './io.js';

export const CHECK_HELP = `qinglang check TEXT [options]
  Shows TEXT with every match highlighted and explained: category, severity and the disguises it saw through.
  --json               print the verdict as JSON instead
${ENGINE_ARG_HELP}`;

const ESC = '\u001b[';
const paint = (on: boolean, code: string, text: string): string => (on ? `${ESC}${code}m${text}${ESC}0m` : text);

/** Renders the text with matched spans marked: coloured on a terminal, 【brackets】 otherwise. */
export function highlight(text: string, verdict: Verdict, color: boolean): string {
  // Overlapping matches are merged into one marked span.
  const spans: [number, number][] = [];
  for (const m of verdict.matches) {
    const last = spans[spans.length - 1];
    if (last && m.start < last[1]) last[1] = Math.max(last[1], m.end);
    else spans.push([m.start, m.end]);
  }
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start);
    const marked = text.slice(start, end);
    out += color ? paint(true, '1;37;41', marked) : `【${marked}】`;
    at = end;
  }
  return out + text.slice(at);
}

/** Describes a verdict for a person, Chinese first with English beside it. */
export function describe(text: string, verdict: Verdict, color: boolean): string {
  const action = ACTION_LABELS[verdict.action];
  const lines = [highlight(text, verdict, color), '', `${paint(color, '1', `处理 action: ${action.zh} ${action.en}`)}`];
  if (verdict.matches.length === 0) lines.push('未发现匹配 no matches');
  for (const m of verdict.matches) {
    const category = CATEGORY_LABELS[m.category];
    const severity = SEVERITY_LABELS[m.severity];
    const via =
      m.via.length === 0
        ? '原文 as written'
        : m.via.map((k) => `${VARIANT_LABELS[k].zh} ${VARIANT_LABELS[k].en}`).join('; ');
    lines.push(
      `- ${paint(color, '1', m.text)} [${m.start}, ${m.end}) → ${m.term}  ${category.zh} ${m.category} · 严重度 ${severity.zh} ${m.severity}`,
      `    识别 via: ${via}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** `qinglang check TEXT`: one text, for a person. */
export async function runCheck(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { ...ENGINE_ARG_OPTIONS, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new AppError('usage', `check needs a text.\n${CHECK_HELP}`);
  const text = positionals.join(' ');
  const { engine, ageBand } = await engineFromArgs(values);
  const verdict = engine.moderate(text, { ageBand });
  io.stdout.write(values.json ? `${JSON.stringify(verdict, null, 2)}\n` : describe(text, verdict, io.stdoutIsTty));
  return 0;
}
