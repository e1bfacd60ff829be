import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AppError, type ErrorDetail } from '../../lib/index.js';
import { POOL_KINDS, isPoolTheme, type PoolKind, type PoolTheme } from '../../policy/index.js';
import type { PoolItemInput } from './items.js';

/** The project's demo catalogue of the content pool. */
export const DEFAULT_POOL_DEMO_FILE = fileURLToPath(
  new URL('../../../../data/pool-demo/catalogue.tsv', import.meta.url),
);

const COLUMNS = ['ref', 'kind', 'themes', 'minutes', 'published', 'creator', 'title', 'text'] as const;

/**
 * Parses a catalogue: a header line naming the columns, then one item a line, tab-separated; `#` lines are comments.
 * Every problem is reported at once with its line and column.
 */
export function parsePoolCatalogue(text: string, source: string): PoolItemInput[] {
  const problems: ErrorDetail[] = [];
  const items: PoolItemInput[] = [];
  let header = false;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const cells = raw.replace(/\r$/, '').split('\t');
    if (!header) {
      header = true;
      if (cells.join('\t') !== COLUMNS.join('\t'))
        problems.push({ source, line, message: `the header must be: ${COLUMNS.join(' ')}` });
      return;
    }
    if (cells.length !== COLUMNS.length) {
      problems.push({
        source,
        line,
        message: `${COLUMNS.length} tab-separated columns expected, found ${cells.length}`,
      });
      return;
    }
    const [ref, kind, themes, minutes, published, creator, title, body] = cells;
    const column = (n: number): number => cells.slice(0, n).reduce((sum, c) => sum + c.length + 1, 1);
    if (!(POOL_KINDS as readonly string[]).includes(kind!))
      problems.push({ source, line, column: column(1), message: `kind must be one of ${POOL_KINDS.join(', ')}` });
    const themeList = themes!.split(',');
    for (const t of themeList)
      if (!isPoolTheme(t)) problems.push({ source, line, column: column(2), message: `${t} is not a pool theme` });
    const mins = Number(minutes);
    if (!/^\d+$/.test(minutes!)) problems.push({ source, line, column: column(3), message: 'minutes: a whole number' });
    const at = Date.parse(`${published}T00:00:00+08:00`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(published!) || Number.isNaN(at))
      problems.push({ source, line, column: column(4), message: 'published: a date YYYY-MM-DD' });
    items.push({
      ref: ref!,
      kind: kind as PoolKind,
      themes: themeList as PoolTheme[],
      durationSeconds: mins * 60,
      publishedAt: at,
      creator: creator === '' ? null : creator!,
      source: 'qinglang demo',
      title: title!,
      text: body!,
    });
  });
  if (!header) problems.push({ source, message: 'the catalogue is empty' });
  if (problems.length > 0) throw new AppError('input_invalid', `The catalogue ${source} has errors.`, problems);
  return items;
}

/** Reads and parses a catalogue file (the demo's by default). */
export async function readPoolCatalogue(file: string = DEFAULT_POOL_DEMO_FILE): Promise<PoolItemInput[]> {
  return parsePoolCatalogue(await readFile(file, 'utf8'), file);
}
