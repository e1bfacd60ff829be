import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Category, Engine } from '../../src/engine/index.js';
import { crosswozSource, kdconvSource, projectSource, swsrSource, type Example } from '../train/sources.js';
import { loadCold, parseCsv } from './corpora.js';
import { disguiseText, TEXT_DISGUISES } from './disguise-text.js';
import { createRandom, deriveSeed } from './random.js';

const AGE_BAND = 'age_12_16';

/** What the section prints with: the eval script's own helpers. */
export interface Printer {
  readonly say: (text?: string) => void;
  readonly table: (headers: readonly string[], rows: readonly (readonly (string | number)[])[]) => string;
}

const pct = (n: number, d: number, digits = 1): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(digits)}%`);

interface Binary {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}
const f1Of = (b: Binary, positive: boolean): number => {
  const [tp, fp, fn] = positive ? [b.tp, b.fp, b.fn] : [b.tn, b.fn, b.fp];
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
};
const macro = (b: Binary): number => (f1Of(b, true) + f1Of(b, false)) / 2;

function tally(pairs: Iterable<readonly [boolean, boolean]>): Binary {
  const b: Binary = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const [truth, guess] of pairs) {
    if (truth && guess) b.tp++;
    else if (guess) b.fp++;
    else if (truth) b.fn++;
    else b.tn++;
  }
  return b;
}

const flaggedBy = (engine: Engine, text: string): boolean => engine.moderate(text, { ageBand: AGE_BAND }).flagged;

/** Binary detection on a labelled set: the verdict with the model, and with words alone for contrast. */
function binaryRows(
  name: string,
  rows: readonly { text: string; harmful: boolean }[],
  engines: { withModel: Engine; wordsOnly: Engine },
): (string | number)[][] {
  return (
    [
      ['words + model', engines.withModel],
      ['words only', engines.wordsOnly],
    ] as const
  ).map(([label, engine]) => {
    const b = tally(rows.map((r) => [r.harmful, flaggedBy(engine, r.text)] as const));
    const precision = b.tp + b.fp === 0 ? 0 : b.tp / (b.tp + b.fp);
    return [
      name,
      label,
      rows.length,
      macro(b).toFixed(3),
      precision.toFixed(3),
      pct(b.tp, b.tp + b.fn),
      pct(b.fp, b.fp + b.tn, 2),
    ];
  });
}

/**
 * Section 4 of the evaluation: the model stage, judged by absolute recall of harmful text and false alarms on benign
 * text, on data it was not fitted to: COLD test, SWSR and the project corpus' held-out splits, the same COLD rows
 * disguised, benign dialogue test files, and the evaluation-only sets (SOS-1K, telecom fraud, CHNCI), never fitted.
 */
export function modelSection(
  engines: { withModel: Engine; wordsOnly: Engine },
  dataDir: string,
  rootDir: string,
  seed: number,
  print: Printer,
): void {
  const { say, table } = print;
  say('## 4. Learned detection: words + model (age band age_12_16; flagged = review or block)');
  say();
  if (!engines.withModel.model) {
    say('No model loaded; skipped.');
    return;
  }
  const training = engines.withModel.model.meta.training;
  const number = (value: unknown): string => (typeof value === 'number' ? String(value) : '?');
  say(
    `Model: ${engines.withModel.model.meta.categories.length} categories, ${engines.withModel.model.meta.buckets} buckets; ` +
      `trained ${number(training?.trainRows)} rows, kept epoch ${number(training?.epochs)}.`,
  );
  say();

  // 4.1 Held-out binary sets.
  const binary: (string | number)[][] = [];
  const coldTest = loadCold(dataDir, 'test');
  if (!('skipped' in coldTest))
    binary.push(
      ...binaryRows(
        'COLD test',
        coldTest.rows.map((r) => ({ text: r.text, harmful: r.label === '1' })),
        engines,
      ),
    );
  const swsr = swsrSource(dataDir);
  if (!('skipped' in swsr))
    binary.push(
      ...binaryRows(
        'SWSR held-out 10%',
        swsr.examples.filter((e) => e.split === 'test').map((e) => ({ text: e.text, harmful: e.labels.length > 0 })),
        engines,
      ),
    );
  const project = projectSource(join(rootDir, 'data/train'));
  const projectTest = 'skipped' in project ? [] : project.examples.filter((e) => e.split === 'test');
  if (projectTest.length > 0)
    binary.push(
      ...binaryRows(
        'project corpus held-out 10%',
        projectTest.map((e) => ({ text: e.text, harmful: e.labels.length > 0 })),
        engines,
      ),
    );
  if (binary.length > 0) {
    say('### 4.1 Harmful or not, on held-out splits (target: COLD test macro-F1 ≥ 0.82)');
    say();
    say(table(['set', 'detector', 'texts', 'macro-F1', 'precision', 'recall', 'false alarms'], binary));
    say();
  }

  // 4.2 Per category on the project corpus' held-out split: the model's own finding for the category.
  if (projectTest.length > 0) {
    say('### 4.2 Per category, project corpus held-out split (a category is found when the verdict lists it)');
    say();
    const categories = engines.withModel.model.meta.categories;
    const verdicts = projectTest.map((e) => engines.withModel.moderate(e.text, { ageBand: AGE_BAND }));
    const rows = categories.map((category: Category) => {
      const b = tally(
        projectTest.map((e, i) => [e.labels.includes(category), verdicts[i]!.categories.includes(category)] as const),
      );
      const precision = b.tp + b.fp === 0 ? 0 : b.tp / (b.tp + b.fp);
      const recall = b.tp + b.fn === 0 ? 0 : b.tp / (b.tp + b.fn);
      return [category, b.tp + b.fn, precision.toFixed(3), recall.toFixed(3), f1Of(b, true).toFixed(3)];
    });
    say(table(['category', 'positives', 'precision', 'recall', 'F1'], rows));
    say();
  }

  // 4.3 Disguised COLD test offensive rows, by kind, against the same rows written plainly.
  if (!('skipped' in coldTest)) {
    const offensive = coldTest.rows.filter((r) => r.label === '1').map((r) => r.text);
    const plainFound = offensive.filter((t) => flaggedBy(engines.withModel, t)).length;
    say('### 4.3 COLD test offensive rows disguised (half of the words, by each kind; target: recall ≥ 90% of plain)');
    say();
    const rows: (string | number)[][] = [['plain', offensive.length, pct(plainFound, offensive.length), '–', '–']];
    const toxic = (text: string): number => {
      const s = engines.withModel.moderate(text, { ageBand: AGE_BAND }).scores ?? {};
      return Math.max(s.abuse ?? 0, s.discrimination ?? 0, s.vulgar ?? 0);
    };
    for (const kind of TEXT_DISGUISES) {
      const random = createRandom(deriveSeed(seed, `disguise:${kind}`));
      let samples = 0;
      let found = 0;
      let plainOfSamples = 0;
      let close = 0;
      for (const text of offensive) {
        const disguised = disguiseText(text, kind, random);
        if (disguised === undefined) continue;
        samples++;
        if (flaggedBy(engines.withModel, text)) plainOfSamples++;
        if (flaggedBy(engines.withModel, disguised)) found++;
        if (Math.abs(toxic(disguised) - toxic(text)) <= 0.1) close++;
      }
      const ratio = plainOfSamples === 0 ? 0 : found / plainOfSamples;
      rows.push([
        kind,
        samples,
        pct(found, samples),
        `${ratio.toFixed(3)}${ratio >= 0.9 ? '' : ' **below 0.9**'}`,
        pct(close, samples),
      ]);
    }
    say(table(['disguise', 'texts', 'recall', 'ratio to plain (same texts)', 'score within 0.1 of plain'], rows));
    say();
  }

  // 4.4 Benign dialogue test files (never trained on).
  const dialogue: (string | number)[][] = [];
  for (const [name, source] of [
    ['KdConv test files', kdconvSource(dataDir, 'test')],
    ['CrossWOZ test', crosswozSource(dataDir, 'test')],
  ] as const) {
    if ('skipped' in source) continue;
    const flagged = source.examples.filter((e) => flaggedBy(engines.withModel, e.text)).length;
    dialogue.push([
      name,
      source.examples.length,
      `${pct(flagged, source.examples.length, 2)} (${flagged})`,
      '≤ 1%',
      flagged / source.examples.length <= 0.01 ? 'yes' : '**no**',
    ]);
  }
  if (dialogue.length > 0) {
    say('### 4.4 False alarms on everyday dialogue (test files)');
    say();
    say(table(['benign corpus', 'texts', 'flagged', 'target', 'met'], dialogue));
    say();
  }

  // 4.5 Evaluation-only sets: measured, never fitted.
  const flagged = (rows: readonly Labelled[]): number =>
    rows.filter((r) => flaggedBy(engines.withModel, r.text)).length;
  /** A row for the harmful side (recall, with its target) and one for the benign side (flagged, with its target). */
  const sides = (
    rows: readonly Labelled[] | undefined,
    names: readonly [string, string],
    targets: readonly [number | undefined, number | undefined],
  ): (string | number)[][] => {
    if (!rows) return [];
    const harmful = rows.filter((r) => r.harmful);
    const benign = rows.filter((r) => !r.harmful);
    const recall = flagged(harmful) / harmful.length;
    const alarms = flagged(benign) / benign.length;
    const [minRecall, maxAlarms] = targets;
    return [
      [
        names[0],
        harmful.length,
        'recall',
        pct(recall, 1),
        minRecall === undefined ? '–' : `≥ ${pct(minRecall, 1, 0)}`,
        minRecall === undefined ? '' : recall >= minRecall ? 'yes' : '**no**',
      ],
      [
        names[1],
        benign.length,
        'flagged',
        pct(alarms, 1, 2),
        maxAlarms === undefined ? '–' : `≤ ${pct(maxAlarms, 1, 0)}`,
        maxAlarms === undefined ? '' : alarms <= maxAlarms ? 'yes' : '**no**',
      ],
    ];
  };
  const held = [
    ...sides(loadSos(dataDir), ['SOS-1K high risk', 'SOS-1K low risk (all suicide-adjacent)'], [0.75, undefined]),
    ...sides(loadTelecom(dataDir), ['telecom fraud texts, fraud', 'telecom fraud texts, normal'], [0.9, 0.02]),
    ...sides(
      loadChnci(dataDir, seed),
      ['CHNCI cyberbullying (sample)', 'CHNCI not bullying (sample)'],
      [undefined, undefined],
    ),
  ];
  if (held.length > 0) {
    say('### 4.5 Evaluation-only sets (never trained or tuned on)');
    say();
    say(table(['set', 'texts', 'measure', 'value', 'target', 'met'], held));
    say();
  }
}

interface Labelled {
  readonly text: string;
  readonly harmful: boolean;
}

/** SOS-1K binary files: every fold and the test file, without duplicates; 1 = high risk. */
function loadSos(dataDir: string): Labelled[] | undefined {
  const dir = join(dataDir, 'sos-1k', 'binary');
  if (!existsSync(dir)) return undefined;
  const seen = new Set<string>();
  const rows: Labelled[] = [];
  for (const name of readdirSync(dir).sort()) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n').slice(1)) {
      const tab = line.lastIndexOf('\t');
      if (tab < 0) continue;
      const text = line.slice(0, tab).trim();
      if (text === '' || seen.has(text)) continue;
      seen.add(text);
      rows.push({ text, harmful: line.slice(tab + 1).trim() === '1' });
    }
  }
  return rows;
}

/** Telecom fraud texts: label00 normal, label01–04 fraud (label04 is GB18030). */
function loadTelecom(dataDir: string): Labelled[] | undefined {
  const dir = join(dataDir, 'telecom-fraud-texts-5');
  if (!existsSync(dir)) return undefined;
  const rows: Labelled[] = [];
  for (let n = 0; n <= 4; n++) {
    const path = join(dir, `label0${n}-last.csv`);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    const text = new TextDecoder(n === 4 ? 'gb18030' : 'utf-8').decode(bytes);
    const [header, ...records] = parseCsv(text);
    const content = header?.indexOf('content') ?? 0;
    for (const r of records) {
      const t = (r[content] ?? '').trim();
      if (t !== '') rows.push({ text: t, harmful: n > 0 });
    }
  }
  return rows;
}

/** A seeded sample of CHNCI comments (label3), 3,000 a class: the full set is 225k short comments. */
function loadChnci(dataDir: string, seed: number): Labelled[] | undefined {
  const dir = join(dataDir, 'chnci');
  if (!existsSync(dir)) return undefined;
  const gb = new TextDecoder('gb18030');
  const all: Labelled[] = [];
  for (const folder of ['cyberbullying', 'non-cyberbullying']) {
    const sub = join(dir, folder);
    if (!existsSync(sub)) continue;
    for (const name of readdirSync(sub).sort()) {
      const [header, ...records] = parseCsv(gb.decode(readFileSync(join(sub, name))));
      const label = header?.indexOf('label3') ?? -1;
      const content = header?.indexOf('content') ?? -1;
      if (label < 0 || content < 0) continue;
      for (const r of records) {
        const text = (r[content] ?? '').trim();
        const value = (r[label] ?? '').trim();
        if (text === '' || value === '') continue;
        all.push({ text, harmful: Number(value) === 1 });
      }
    }
  }
  const random = createRandom(deriveSeed(seed, 'chnci'));
  const sample = (rows: Labelled[]): Labelled[] => {
    const out: Labelled[] = [];
    const pool = [...rows];
    for (let i = 0; i < 3000 && pool.length > 0; i++) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
    return out;
  };
  return [...sample(all.filter((r) => r.harmful)), ...sample(all.filter((r) => !r.harmful))];
}

export type { Example };
