import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shuffled, type Random } from './random.js';

/** A text and the labels the evaluation groups it by. */
export interface Row {
  readonly text: string;
  readonly label: string;
  readonly group?: string;
}

/** Either rows, or why there are none (the folder is absent on a user's machine: the part is skipped, not failed). */
export type Loaded = { readonly rows: readonly Row[] } | { readonly skipped: string };

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. A leading BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** CSV rows as records keyed by the header line. */
function readCsvRecords(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  if (!header) return [];
  return rows
    .filter((r) => r.length === header.length)
    .map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ''])));
}

function missing(paths: readonly string[]): string | undefined {
  const absent = paths.filter((p) => !existsSync(p));
  return absent.length > 0 ? `not found: ${absent.join(', ')}` : undefined;
}

/**
 * TNEWS headlines: the unlabelled set, both test sets and the few-shot train and dev sets (the numbered partitions are
 * subsets of these), without duplicates.
 */
export function loadTnews(dataDir: string): Loaded {
  const dir = join(dataDir, 'tnews-fewclue');
  const files = ['unlabeled.json', 'test_public.json', 'test.json', 'train_few_all.json', 'dev_few_all.json'].map((f) =>
    join(dir, f),
  );
  const absent = missing(files);
  if (absent) return { skipped: absent };
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const { sentence } = JSON.parse(line) as { sentence?: unknown };
      if (typeof sentence !== 'string' || seen.has(sentence)) continue;
      seen.add(sentence);
      rows.push({ text: sentence, label: 'benign' });
    }
  }
  return { rows };
}

/** COLD rows of one split: label 0 safe / 1 offensive; `group` is the fine-grained label (test only) or the topic. */
export function loadCold(dataDir: string, split: 'train' | 'dev' | 'test'): Loaded {
  const file = join(dataDir, 'cold', `${split}.csv`);
  const absent = missing([file]);
  if (absent) return { skipped: absent };
  const rows = readCsvRecords(file).map((r) => ({
    text: r.TEXT ?? '',
    label: r.label ?? '',
    group: r['fine-grained-label'] ?? r.topic ?? '',
  }));
  return { rows };
}

/** SWSR comments: label 1 sexist / 0 not; `group` is the sexism category (SA, SCB, MA, SO) for label 1. */
export function loadSwsr(dataDir: string): Loaded {
  const file = join(dataDir, 'swsr', 'SWSR', 'SexComment.csv');
  const absent = missing([file]);
  if (absent) return { skipped: absent };
  const rows = readCsvRecords(file).map((r) => ({
    text: r.comment_text ?? '',
    label: r.label ?? '',
    group: r.category ?? '',
  }));
  return { rows };
}

const POETRY_LINE_KEYS = ['paragraphs', 'content', 'para'] as const;

/** The lines of every poem in one chinese-poetry JSON file (the arrays under paragraphs / content / para). */
function poemLines(file: string): string[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const poems = Array.isArray(data) ? data : [data];
  const lines: string[] = [];
  for (const poem of poems) {
    if (typeof poem !== 'object' || poem === null) continue;
    const record = poem as Record<string, unknown>;
    for (const key of POETRY_LINE_KEYS) {
      const value = record[key];
      if (!Array.isArray(value)) continue;
      for (const line of value) if (typeof line === 'string' && line.trim() !== '') lines.push(line.trim());
      break;
    }
  }
  return lines;
}

/** Collections of the chinese-poetry package and the share of the sample each gets. */
const POETRY_GROUPS = [
  { name: 'Tang shi', share: 0.35, dir: 'quantangshi', pattern: /^poet\.tang\.\d+\.json$/u, files: 6 },
  { name: 'Song shi', share: 0.35, dir: 'quantangshi', pattern: /^poet\.song\.\d+\.json$/u, files: 6 },
  { name: 'Song ci', share: 0.2, dir: 'songci', pattern: /^ci\.song\.\d+\.json$/u, files: 4 },
  {
    name: 'Shijing, Chuci, Yuan qu, Huajian ji, others',
    share: 0.1,
    dir: '',
    pattern: /^$/u,
    files: 0,
    paths: [
      'shijing/shijing.json',
      'chuci/chuci.json',
      'yuanqu/yuanqu.json',
      'caocaoshiji/caocao.json',
      'nalanxingde/纳兰性德诗集.json',
      'shuimotangshi/shuimotangshi.json',
      ...Array.from({ length: 10 }, (_, i) => `wudaishici/huajianji/huajianji-${i === 0 ? 'x' : i}-juan.json`),
    ],
  },
] as const;

/**
 * A seeded sample of `count` lines of classical poetry from the chinese-poetry package (a devDependency): a few files
 * of each collection, drawn at random, then lines drawn from them in fixed shares. Reading every file would take
 * 350 MB; the sample does not need it.
 */
export function loadPoetry(packageDir: string | undefined, random: Random, count: number): Loaded {
  if (!packageDir)
    return { skipped: 'the chinese-poetry package is not installed (npm install --save-dev chinese-poetry)' };
  const dist = join(packageDir, 'dist');
  const rows: Row[] = [];
  for (const group of POETRY_GROUPS) {
    let files: string[];
    if ('paths' in group) files = group.paths.map((p) => join(dist, p)).filter((p) => existsSync(p));
    else {
      const dir = join(dist, group.dir);
      const names = existsSync(dir)
        ? readdirSync(dir)
            .filter((n) => group.pattern.test(n))
            .sort()
        : [];
      files = shuffled(random, names)
        .slice(0, group.files)
        .map((n) => join(dir, n));
    }
    const lines = shuffled(random, [...new Set(files.flatMap(poemLines))]);
    for (const line of lines.slice(0, Math.round(count * group.share)))
      rows.push({ text: line, label: 'benign', group: group.name });
  }
  if (rows.length === 0) return { skipped: `no poems found under ${dist}` };
  return { rows };
}
