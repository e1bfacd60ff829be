import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isCategory, type Category } from '../../src/engine/index.js';
import { loadCold, loadSwsr, parseCsv, type Loaded } from '../eval/corpora.js';

/** Where a row may be used: fitting, choosing settings and calibrating, or the held-out report. */
export type Split = 'train' | 'dev' | 'test';

/** One labelled text; no categories means benign. */
export interface Example {
  readonly text: string;
  readonly labels: readonly Category[];
  readonly source: string;
  readonly split: Split;
}

/** A source's rows, or why it was skipped (its folder is absent on this machine). */
export type SourceResult = { readonly examples: readonly Example[] } | { readonly skipped: string };

/** A stable split by the text's own hash, so that a row lands on the same side in every run. */
export function splitOf(text: string, dev: number, test: number): Split {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  const r = ((h >>> 0) % 10000) / 10000;
  return r < test ? 'test' : r < test + dev ? 'dev' : 'train';
}

const clean = (s: string): string => s.replace(/\s+/gu, ' ').trim();

function fromLoaded(loaded: Loaded, map: (row: { text: string; label: string }) => Example | undefined): SourceResult {
  if ('skipped' in loaded) return loaded;
  return { examples: loaded.rows.flatMap((r) => map(r) ?? []) };
}

/** COLD (Apache-2.0): offensive comments on race, region and gender are group contempt, `discrimination`. */
export function coldSource(dataDir: string, split: Split): SourceResult {
  return fromLoaded(loadCold(dataDir, split), (r) => ({
    text: clean(r.text),
    labels: r.label === '1' ? ['discrimination'] : [],
    source: 'cold',
    split,
  }));
}

/** SWSR (MIT): sexist Weibo comments are `discrimination`; split 80/10/10 by text. */
export function swsrSource(dataDir: string): SourceResult {
  return fromLoaded(loadSwsr(dataDir), (r) => {
    const text = clean(r.text);
    return { text, labels: r.label === '1' ? ['discrimination'] : [], source: 'swsr', split: splitOf(text, 0.1, 0.1) };
  });
}

/** JADE sub-types that name one of the model's categories; the rest (privacy requests, corruption…) are left out. */
const JADE_CATEGORIES: readonly [RegExp, Category][] = [
  [/毒品/u, 'drugs'],
  [/诈骗|网络欺诈/u, 'fraud'],
  [/赌博/u, 'gambling'],
  [/淫秽色情/u, 'sexual'],
  [/武器|偷窃|抢劫|伪造|走私|贩卖人口|赃物|非法侵入/u, 'crime_solicitation'],
  [/故意伤害|暴力|恐怖主义/u, 'violence'],
  [/歧视/u, 'discrimination'],
];

/**
 * JADE (MIT): harmful questions by sub-type (v1, v2), split 80/10/10 by question; the v3 safe answers, which use the
 * same vocabulary to refuse and explain the law, are benign.
 */
export function jadeSource(dataDir: string): SourceResult {
  const dir = join(dataDir, 'jade');
  const files = [
    'jade-db-v1.0/jade_benchmark_zh.csv',
    'jade-db-v2.0/jade_benchmark_easy_zh.csv',
    'jade-db-v2.0/jade_benchmark_medium_zh.csv',
  ];
  if (!files.every((f) => existsSync(join(dir, f)))) return { skipped: `not found: ${dir}` };
  const seen = new Set<string>();
  const examples: Example[] = [];
  for (const file of files) {
    const [header, ...rows] = parseCsv(readFileSync(join(dir, file), 'utf8'));
    const q = header!.indexOf('问题');
    const sub = header!.indexOf('违规子类');
    for (const row of rows) {
      const text = clean(row[q] ?? '');
      if (text === '' || seen.has(text)) continue;
      seen.add(text);
      const labels = [
        ...new Set(JADE_CATEGORIES.filter(([pattern]) => pattern.test(row[sub] ?? '')).map(([, c]) => c)),
      ];
      if (labels.length === 0) continue;
      examples.push({ text, labels, source: 'jade', split: splitOf(text, 0.1, 0.1) });
    }
  }
  const gb = new TextDecoder('gb18030');
  for (const file of ['jade-db-v3.0/jade_alignment_medium_zh.csv', 'jade-db-v3.0/jade_alignment_hard_zh.csv']) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const [header, ...rows] = parseCsv(gb.decode(readFileSync(path)));
    const safe = header!.indexOf('安全有用回答');
    for (const row of rows) {
      // The answers are long; their first sentences carry the refusing, explaining register.
      const text = clean(row[safe] ?? '').slice(0, 160);
      if (text === '' || seen.has(text)) continue;
      seen.add(text);
      examples.push({ text, labels: [], source: 'jade-safe', split: splitOf(text, 0.1, 0.1) });
    }
  }
  return { examples };
}

/** KdConv (Apache-2.0): chit-chat about film, music and travel, benign. `dev` files train (90/10), `test` files report. */
export function kdconvSource(dataDir: string, file: 'dev' | 'test'): SourceResult {
  const dir = join(dataDir, 'kdconv');
  if (!existsSync(dir)) return { skipped: `not found: ${dir}` };
  const examples: Example[] = [];
  const seen = new Set<string>();
  for (const domain of ['film', 'music', 'travel']) {
    const path = join(dir, domain, `${file}.json`);
    if (!existsSync(path)) continue;
    const dialogues = JSON.parse(readFileSync(path, 'utf8')) as { messages: { message: string }[] }[];
    for (const d of dialogues)
      for (const m of d.messages) {
        const text = clean(m.message);
        if (text === '' || seen.has(text)) continue;
        seen.add(text);
        examples.push({ text, labels: [], source: 'kdconv', split: file === 'test' ? 'test' : splitOf(text, 0.1, 0) });
      }
  }
  return { examples };
}

/** CrossWOZ (Apache-2.0): hotel, restaurant and taxi dialogues with prices, phones and addresses, benign. */
export function crosswozSource(dataDir: string, file: 'val' | 'test'): SourceResult {
  const path = join(dataDir, 'crosswoz', `${file}.json.zip`);
  if (!existsSync(path)) return { skipped: `not found: ${path}` };
  const json = execFileSync('unzip', ['-p', path], { maxBuffer: 256 << 20, encoding: 'utf8' });
  const dialogues = JSON.parse(json) as Record<string, { messages: { content: string }[] }>;
  const examples: Example[] = [];
  const seen = new Set<string>();
  for (const d of Object.values(dialogues))
    for (const m of d.messages) {
      const text = clean(m.content);
      if (text === '' || seen.has(text)) continue;
      seen.add(text);
      examples.push({ text, labels: [], source: 'crosswoz', split: file === 'test' ? 'test' : splitOf(text, 0.1, 0) });
    }
  return { examples };
}

/** CValues (Apache-2.0): sensitive but legitimate questions, benign. */
export function cvaluesSource(dataDir: string): SourceResult {
  const path = join(dataDir, 'cvalues', 'cvalues_responsibility_prompts.jsonl');
  if (!existsSync(path)) return { skipped: `not found: ${path}` };
  const examples = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l): Example => {
      const text = clean((JSON.parse(l) as { prompt: string }).prompt);
      return { text, labels: [], source: 'cvalues', split: splitOf(text, 0.1, 0.1) };
    });
  return { examples };
}

/**
 * The project's own corpus (data/train/*.tsv, `LABELS<TAB>TEXT`, labels comma-separated or `none`): split 80/10/10 by
 * text. Throws on a malformed line: the corpus is ours and must be right.
 */
export function projectSource(dir: string): SourceResult {
  if (!existsSync(dir)) return { skipped: `not found: ${dir}` };
  const examples: Example[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.tsv'))
    .sort()) {
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '' || line.startsWith('#')) return;
        const [labelText, text, extra] = line.split('\t');
        const labels = (labelText ?? '').split(',').map((l) => l.trim());
        if (text === undefined || extra !== undefined || text.trim() === '')
          throw new Error(`${name}:${i + 1}: expected LABELS<TAB>TEXT`);
        const categories = labels.filter((l) => l !== 'none');
        const bad = categories.find((l) => !isCategory(l));
        if (bad !== undefined) throw new Error(`${name}:${i + 1}: unknown category ${bad}`);
        const cleaned = clean(text);
        examples.push({
          text: cleaned,
          labels: categories as Category[],
          source: `project:${name.replace(/\.tsv$/u, '')}`,
          split: splitOf(cleaned, 0.1, 0.1),
        });
      });
  }
  return { examples };
}
