import { parseArgs } from 'node:util';
import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  SEVERITY_LABELS,
  VARIANT_LABELS,
  MODEL_SHOWN_SCORE,
  formatPercent,
  type Category,
  type ModelSignal,
  type Verdict,
} from '../engine/index.js';
import { AppError } from '../lib/index.js';
import { ENGINE_ARG_HELP, ENGINE_ARG_OPTIONS, engineFromArgs } from './engine-args.js';
import type { Io } from './io.js';

export const CHECK_HELP = `qinglang check TEXT [options]
  Shows TEXT with every match highlighted and explained: category, severity and the disguises it saw through; and the
  model's judgement: the spans that raised a category (its signals) and the highest scores.
  --json               print the verdict as JSON instead
${ENGINE_ARG_HELP}`;

const ESC = '\u001b[';
const paint = (on: boolean, code: string, text: string): string => (on ? `${ESC}${code}m${text}${ESC}0m` : text);

/** How the two kinds of span look: a lexicon match solid red or 【】, a model signal underlined or 〔〕. */
const MARKS = {
  match: { code: '1;37;41', open: '【', close: '】' },
  signal: { code: '4;35', open: '〔', close: '〕' },
} as const;

/** Renders the text with the spans marked (overlapping ones merged): coloured on a terminal, in brackets otherwise. */
export function highlight(
  text: string,
  spans: readonly { readonly start: number; readonly end: number }[],
  color: boolean,
  kind: keyof typeof MARKS = 'match',
): string {
  const merged: [number, number][] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last[1]) last[1] = Math.max(last[1], s.end);
    else merged.push([s.start, s.end]);
  }
  const mark = MARKS[kind];
  let out = '';
  let at = 0;
  for (const [start, end] of merged) {
    out += text.slice(at, start);
    const marked = text.slice(start, end);
    out += color ? paint(true, mark.code, marked) : `${mark.open}${marked}${mark.close}`;
    at = end;
  }
  return out + text.slice(at);
}

const TOP_SCORES = 5;

/** The model's part of the description: its signals by category, then the highest scores. */
function describeModel(text: string, verdict: Verdict, color: boolean): string[] {
  const { scores, signals = [] } = verdict;
  if (scores === undefined) return [];
  const lines: string[] = [];
  const byCategory = new Map<Category, ModelSignal[]>();
  for (const s of signals) byCategory.set(s.category, [...(byCategory.get(s.category) ?? []), s]);
  if (byCategory.size > 0) {
    lines.push(`模型判断 model signals:`);
    for (const [category, spans] of byCategory) {
      const label = CATEGORY_LABELS[category];
      lines.push(`- ${paint(color, '1', `${label.zh} ${category}`)} ${formatPercent(scores[category] ?? 0)}`);
      for (const s of spans) {
        lines.push(
          `    ${paint(color, '4;35', s.text)} [${s.start}, ${s.end})  权重 weight ${formatPercent(s.weight)}`,
        );
      }
    }
  } else {
    lines.push('模型未发现问题 no model signals');
  }
  const top = (Object.entries(scores) as [Category, number][])
    .filter(([, p]) => p >= MODEL_SHOWN_SCORE)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_SCORES);
  lines.push(
    top.length === 0
      ? `模型评分 model scores: 各类均低于 every category below ${formatPercent(MODEL_SHOWN_SCORE)}`
      : `模型评分 model scores: ${top.map(([c, p]) => `${CATEGORY_LABELS[c].zh} ${c} ${formatPercent(p)}`).join(' · ')}`,
  );
  if (signals.length > 0) lines.unshift('', `模型 model: ${highlight(text, signals, color, 'signal')}`);
  else lines.unshift('');
  return lines;
}

/** Describes a verdict for a person, Chinese first with English beside it. */
export function describe(text: string, verdict: Verdict, color: boolean): string {
  const action = ACTION_LABELS[verdict.action];
  const lines = [
    highlight(text, verdict.matches, color),
    '',
    `${paint(color, '1', `处理 action: ${action.zh} ${action.en}`)}`,
  ];
  if (verdict.matches.length === 0)
    lines.push(verdict.signals?.length ? '词库未命中 no lexicon matches' : '未发现匹配 no matches');
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
  lines.push(...describeModel(text, verdict, color));
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
