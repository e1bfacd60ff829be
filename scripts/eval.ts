/**
 * The evaluation of issue 3, in one run: the variant suite (recall of every disguise kind against plain-text recall),
 * false alarms on benign text (TNEWS headlines, classical poetry, COLD safe rows) and lexicon-only recall on COLD and
 * SWSR. Parts whose data is absent are skipped with the reason. Prints Markdown tables.
 * Run: npm run eval   (options: --seed N, --terms N, --contacts N, --poetry N, --misses N, --data DIR, --no-model,
 * --model FILE, --only suite|benign|lexicon|model|conversations|personal_info)
 * Tuning: npm run eval -- --blocked train|dev   lists the COLD safe rows of that split that are blocked, and why (never
 * the test split: it is the held-out number).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileEngine, type Engine, type Lexicon } from '../src/engine/index.js';
import { loadLexicon, loadModel } from '../src/store/index.js';
import { loadCold, loadPoetry, loadSwsr, loadTnews, type Loaded, type Row } from './eval/corpora.js';
import { blockedRows, moderateRows, top, type CorpusResult, type Culprit } from './eval/false-alarms.js';
import { conversationSection } from './eval/conversations.js';
import { modelSection } from './eval/model-eval.js';
import { personalInfoSection } from './eval/personal-info.js';
import { createRandom, deriveSeed } from './eval/random.js';
import { SUITE_KINDS, createJudge, noisyCarriers, runKind, type KindResult, type Tally } from './eval/suite.js';
import { parseScriptArgs } from './args.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TARGET_RATIO = 0.95;

const pct = (n: number, d: number, digits = 1): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(digits)}%`);
const ratio = (t: Tally): number => (t.plainFound === 0 ? 0 : t.found / t.samples / (t.plainFound / t.samples));

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]): string =>
    `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

const say = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};

/** Shows text safely in a table cell: line breaks and invisible characters made visible. */
const visible = (s: string): string =>
  s
    .replace(/[\u200b-\u200d\u2060\ufeff]/gu, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase()}>`)
    .replaceAll('\n', '⏎');

function suite(
  engine: Engine,
  lexicon: Lexicon,
  seed: number,
  sizes: { terms: number; contacts: number },
  misses: number,
): void {
  say('## 1. Variant suite');
  say();
  const noisy = noisyCarriers(engine);
  if (noisy.length > 0) say(`Warning: carriers that match on their own: ${noisy.join(' · ')}\n`);
  const judge = createJudge(lexicon);
  const results: KindResult[] = SUITE_KINDS.map((kind) => runKind(engine, lexicon, kind, seed, sizes, judge));
  say(
    table(
      [
        'kind',
        'eligible terms',
        'samples',
        'plain recall (same samples)',
        'recall',
        'span-covered',
        'ratio to plain',
        `≥ ${TARGET_RATIO * 100}%`,
        'caught by a match of its category',
      ],
      results.map(({ kind, eligible, total }) => [
        kind,
        eligible,
        total.samples,
        pct(total.plainFound, total.samples),
        pct(total.found, total.samples),
        pct(total.covered, total.samples),
        kind === 'plain' ? '–' : ratio(total).toFixed(3),
        kind === 'plain' ? '' : ratio(total) >= TARGET_RATIO ? 'yes' : '**no**',
        pct(total.caught, total.samples),
      ]),
    ),
  );
  say();
  say('By form (kinds with more than one way of writing the disguise):');
  say();
  const rows: (string | number)[][] = [];
  for (const r of results) {
    if (r.forms.size < 2) continue;
    for (const [form, t] of [...r.forms].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      rows.push([
        r.kind,
        form,
        t.samples,
        pct(t.plainFound, t.samples),
        pct(t.found, t.samples),
        pct(t.covered, t.samples),
        ratio(t).toFixed(3),
        pct(t.caught, t.samples),
      ]);
    }
  }
  say(
    table(['kind', 'form', 'samples', 'plain recall', 'recall', 'span-covered', 'ratio', 'caught by category'], rows),
  );
  say();
  for (const r of results) {
    if (r.facets.size === 0) continue;
    say(`${r.kind} by what is written:`);
    say();
    say(
      table(
        ['kind', 'detail', 'samples', 'plain recall', 'recall', 'span-covered', 'ratio'],
        [...r.facets]
          .sort((a, b) => (a[0] < b[0] ? -1 : 1))
          .map(([facet, t]) => [
            r.kind,
            facet,
            t.samples,
            pct(t.plainFound, t.samples),
            pct(t.found, t.samples),
            pct(t.covered, t.samples),
            ratio(t).toFixed(3),
          ]),
      ),
    );
    say();
  }
  if (misses > 0) {
    say(`Missed disguises (found plain, not disguised), up to ${misses} a kind:`);
    say();
    const missRows = results.flatMap((r) =>
      r.misses
        .slice(0, misses)
        .map(({ sample: s, reported }) => [
          r.kind,
          s.term?.term ?? '(contact)',
          visible(s.disguised.text.slice(s.disguised.start, s.disguised.end)),
          reported.map((m) => `${m.term} (${m.via.join('+') || 'exact'})`).join(', ') || '–',
        ]),
    );
    say(table(['kind', 'term', 'disguised as', 'reported over it instead'], missRows));
    say();
    const plainRows = results.flatMap((r) =>
      r.plainMisses.slice(0, misses).map((s) => [r.kind, s.term?.term ?? '(contact)', visible(s.plain.text)]),
    );
    if (plainRows.length > 0) {
      say(`Not found even written plainly, up to ${misses} a kind:`);
      say();
      say(table(['kind', 'term', 'plain text'], plainRows));
      say();
    }
  }
}

function report(name: string, loaded: Loaded, run: (rows: readonly Row[]) => void): void {
  if ('skipped' in loaded) say(`- ${name}: skipped (${loaded.skipped})`);
  else run(loaded.rows);
}

function culpritTable(sources: readonly { name: string; result: CorpusResult }[], limit: number): string {
  const totals = new Map<string, { culprit: Culprit; counts: number[] }>();
  sources.forEach(({ result }, i) => {
    for (const c of result.culprits.values()) {
      const entry = totals.get(c.term) ?? { culprit: c, counts: sources.map(() => 0) };
      entry.counts[i] = c.texts;
      if (entry.culprit !== c) {
        for (const [k, v] of c.vias) entry.culprit.vias.set(k, (entry.culprit.vias.get(k) ?? 0) + v);
        for (const [k, v] of c.spellings) entry.culprit.spellings.set(k, (entry.culprit.spellings.get(k) ?? 0) + v);
        for (const [k, v] of c.severities) entry.culprit.severities.set(k, (entry.culprit.severities.get(k) ?? 0) + v);
      }
      totals.set(c.term, entry);
    }
  });
  const sum = (counts: readonly number[]): number => counts.reduce((a, b) => a + b, 0);
  const ranked = [...totals.values()]
    .sort((a, b) => sum(b.counts) - sum(a.counts) || (a.culprit.term < b.culprit.term ? -1 : 1))
    .slice(0, limit);
  return table(
    [
      'term',
      'category',
      'severity',
      'via (most often)',
      'matched text (most often)',
      ...sources.map((s) => `${s.name} texts`),
      'total',
    ],
    ranked.map(({ culprit, counts }) => [
      culprit.term,
      culprit.category,
      top(culprit.severities),
      top(culprit.vias),
      visible(top(culprit.spellings)),
      ...counts,
      sum(counts),
    ]),
  );
}

function falseAlarms(
  engine: Engine,
  dataDir: string,
  poetryDir: string | undefined,
  seed: number,
  poetryLines: number,
): void {
  say('## 2. False alarms on benign text (age band age_12_16)');
  say();
  const targets: Record<string, number> = {
    TNEWS: 0.005,
    poetry: 0.005,
    'COLD safe (dev)': 0.01,
    'COLD safe (test)': 0.01,
  };
  const sources: { name: string; loaded: Loaded }[] = [
    { name: 'TNEWS', loaded: loadTnews(dataDir) },
    { name: 'poetry', loaded: loadPoetry(poetryDir, createRandom(deriveSeed(seed, 'poetry')), poetryLines) },
    { name: 'COLD safe (dev)', loaded: safeRows(loadCold(dataDir, 'dev')) },
    { name: 'COLD safe (test)', loaded: safeRows(loadCold(dataDir, 'test')) },
  ];
  const results: { name: string; result: CorpusResult }[] = [];
  for (const { name, loaded } of sources)
    report(name, loaded, (rows) => results.push({ name, result: moderateRows(engine, rows) }));
  if (results.length === 0) return;
  say();
  say(
    table(
      ['benign corpus', 'texts', 'blocked', 'flagged (review or block)', 'target (blocked ≤)', 'met'],
      results.map(({ name, result }) => {
        const target = targets[name] ?? 0;
        return [
          name,
          result.texts,
          `${pct(result.blocked, result.texts, 2)} (${result.blocked})`,
          `${pct(result.flagged, result.texts, 2)} (${result.flagged})`,
          pct(target, 1, 1),
          result.blocked / result.texts <= target ? 'yes' : '**no**',
        ];
      }),
    ),
  );
  say();
  say(
    table(
      ['benign corpus', 'blocked', 'by a term as written', 'only through variant kinds (texts per kind)'],
      results.map(({ name, result }) => [
        name,
        result.blocked,
        result.exactBlocked,
        [...result.variantBlocked]
          .sort((a, b) => b[1] - a[1])
          .map(([kind, n]) => `${kind} ${n}`)
          .join(', ') || '–',
      ]),
    ),
  );
  const poetry = results.find((r) => r.name === 'poetry');
  if (poetry && poetry.result.groups.size > 1) {
    say();
    say(
      table(
        ['poetry collection', 'lines', 'blocked', 'flagged'],
        [...poetry.result.groups].map(([group, g]) => [
          group,
          g.texts,
          pct(g.blocked, g.texts, 2),
          pct(g.flagged, g.texts, 2),
        ]),
      ),
    );
  }
  // Terms to fix come from the corpora a lexicon owner may look at; COLD's test split stays held out.
  const tuning = results.filter((r) => r.name !== 'COLD safe (test)');
  if (tuning.some((r) => r.result.culprits.size > 0)) {
    say();
    say(
      'Terms behind false blocks (each counted once per blocked text; COLD test rows left out so that fixing these does not tune to the test split):',
    );
    say();
    say(culpritTable(tuning, 15));
  }
  say();
}

function safeRows(loaded: Loaded): Loaded {
  return 'skipped' in loaded ? loaded : { rows: loaded.rows.filter((r) => r.label === '0') };
}

const COLD_FINE: Record<string, string> = { '1': 'attack on an individual', '2': 'attack on a group' };
const SWSR_CATEGORIES: Record<string, string> = {
  SA: 'appearance stereotype (SA)',
  SCB: 'cultural-background stereotype (SCB)',
  MA: 'micro-aggression (MA)',
  SO: 'sexual offence (SO)',
};

function lexiconRecall(engine: Engine, dataDir: string): void {
  say('## 3. Lexicon-only recall on offensive and sexist text (a baseline, no target)');
  say();
  const rows: (string | number)[][] = [];
  const add = (name: string, result: CorpusResult, groups: Record<string, string>): void => {
    rows.push([name, result.texts, pct(result.flagged, result.texts), pct(result.blocked, result.texts)]);
    for (const [key, label] of Object.entries(groups)) {
      const g = result.groups.get(key);
      if (g) rows.push([`  ${label}`, g.texts, pct(g.flagged, g.texts), pct(g.blocked, g.texts)]);
    }
  };
  report('COLD test', loadCold(dataDir, 'test'), (all) => {
    add(
      'COLD test, offensive rows',
      moderateRows(
        engine,
        all.filter((r) => r.label === '1'),
      ),
      COLD_FINE,
    );
    add(
      'COLD test, safe rows (for contrast)',
      moderateRows(
        engine,
        all.filter((r) => r.label === '0'),
      ),
      {},
    );
  });
  report('SWSR', loadSwsr(dataDir), (all) => {
    add(
      'SWSR sexist comments',
      moderateRows(
        engine,
        all.filter((r) => r.label === '1'),
      ),
      SWSR_CATEGORIES,
    );
    add(
      'SWSR non-sexist comments (for contrast)',
      moderateRows(
        engine,
        all.filter((r) => r.label === '0'),
      ),
      {},
    );
  });
  if (rows.length > 0) {
    say();
    say(table(['dataset', 'texts', 'flagged', 'blocked'], rows));
  }
  say();
}

function poetryPackageDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('chinese-poetry/package.json'));
  } catch {
    return undefined;
  }
}

/** The COLD splits whose blocked safe rows may be listed: tuning looks at these, never at the test split. */
const TUNING_SPLITS = ['train', 'dev'] as const;

/** Lists the blocked safe rows of a COLD tuning split, one line each: the blocking terms and the text around them. */
function listBlocked(engine: Engine, dataDir: string, split: (typeof TUNING_SPLITS)[number]): void {
  const loaded = safeRows(loadCold(dataDir, split));
  if ('skipped' in loaded) {
    say(`COLD ${split}: skipped (${loaded.skipped})`);
    return;
  }
  const blocked = blockedRows(engine, loaded.rows);
  for (const row of blocked) {
    say(
      row.blocking
        .map(({ match: m, around }) => {
          const via = m.via.length > 0 ? `/${m.via.join('+')}` : '';
          return `${m.term} [${m.category}/${m.severity}${via}] 「${visible(around)}」`;
        })
        .join(' ; '),
    );
  }
  say(
    `\nCOLD ${split}: ${blocked.length} of ${loaded.rows.length} safe rows blocked (${pct(blocked.length, loaded.rows.length, 2)}).`,
  );
}

async function main(): Promise<void> {
  const { values } = parseScriptArgs(
    'npm run eval -- [--seed N] [--terms N] [--contacts N] [--poetry N] [--misses N] [--data DIR] [--blocked train|dev] [--no-model] [--model FILE] [--only suite|benign|lexicon|model|conversations|personal_info]',
    {
      seed: { type: 'string', default: '3' },
      terms: { type: 'string', default: '300' },
      contacts: { type: 'string', default: '200' },
      poetry: { type: 'string', default: '20000' },
      misses: { type: 'string', default: '0' },
      data: { type: 'string', default: join(ROOT, '..', 'shared', 'data') },
      blocked: { type: 'string' },
      'no-model': { type: 'boolean', default: false },
      model: { type: 'string' },
      only: { type: 'string' },
    },
  );
  const split = values.blocked;
  if (split !== undefined && !TUNING_SPLITS.some((s) => s === split)) {
    process.stderr.write(
      `--blocked takes ${TUNING_SPLITS.join(' or ')}: COLD's test split is the held-out number, never tuned on\n`,
    );
    process.exit(2);
  }
  const number = (name: string, value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0, got ${value}`);
    return n;
  };
  const seed = number('seed', values.seed);
  const sizes = { terms: number('terms', values.terms), contacts: number('contacts', values.contacts) };
  const dataDir = resolve(values.data);
  const started = performance.now();
  const lexicon = await loadLexicon();
  const wordsOnly = compileEngine(lexicon);
  const engine = values['no-model'] ? wordsOnly : compileEngine(lexicon, { model: await loadModel(values.model) });
  const tuning = TUNING_SPLITS.find((s) => s === split);
  if (tuning !== undefined) return listBlocked(engine, dataDir, tuning);
  say(`# qinglang evaluation`);
  say();
  say(
    `Default lexicon: ${lexicon.terms.length} terms, ${lexicon.allows.length} allow terms, ${lexicon.contexts.length} contexts; ` +
      `every variant kind on; seed ${seed}; ${sizes.terms} terms a kind, ${sizes.contacts} contact details. Data: ${existsSync(dataDir) ? dataDir : `${dataDir} (absent)`}.`,
  );
  say();
  const only = values.only;
  if (only === undefined || only === 'suite') suite(engine, lexicon, seed, sizes, number('misses', values.misses));
  if (only === undefined || only === 'benign')
    falseAlarms(engine, dataDir, poetryPackageDir(), seed, number('poetry', values.poetry));
  if (only === undefined || only === 'lexicon') lexiconRecall(wordsOnly, dataDir);
  if (only === undefined || only === 'model')
    modelSection({ withModel: engine, wordsOnly }, dataDir, ROOT, seed, { say, table });
  if (only === undefined || only === 'conversations')
    conversationSection(
      { withModel: engine, wordsOnly },
      ROOT,
      number('misses', values.misses),
      { say, table },
      dataDir,
    );
  if (only === undefined || only === 'personal_info')
    personalInfoSection(engine, ROOT, number('misses', values.misses), { say, table });
  say(`Run time: ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

await main();
