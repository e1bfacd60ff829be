/**
 * Engine benchmark: qinglang (exact-only and every variant stage) beside mint-filter and obscenity, on one deterministic
 * corpus, in one run. Run: npm run bench    (options: --mib N for the corpus size, --reps N (default 9), --skip-peers,
 * --compile-table for the compile table alone)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import MintModule from 'mint-filter';
import { DataSet, RegExpMatcher, englishRecommendedTransformers, pattern } from 'obscenity';
import {
  compileEngine,
  CORE_VARIANTS,
  parseLexicon,
  parseModel,
  type Engine,
  type Lexicon,
  type Model,
} from '../src/engine/index.js';
import { DEFAULT_MODEL_FILE } from '../src/store/index.js';
import { createRandom } from '../scripts/eval/random.js';
import { parseScriptArgs } from '../scripts/args.js';

const HAN_POOL = 6000;
const PUNCTUATION = '，。！？、；：“”（）… ,.!?';
const ASCII = 'abcdefghijklmnopqrstuvwxyz';

/**
 * `count` distinct terms of 2–4 Han characters; one in ten is the inner part of an earlier 4-character term, since real
 * lexicons nest (赌博 in 网络赌博) and a matcher must report both.
 */
export function makeTerms(count: number, seed = 7): string[] {
  const random = createRandom(seed);
  const terms = new Set<string>();
  const longer: string[] = [];
  while (terms.size < count) {
    const host = longer[Math.floor(random() * longer.length)];
    if (host && random() < 0.1) {
      terms.add(host.slice(1, 3));
      continue;
    }
    const length = 2 + Math.floor(random() * 3);
    let term = '';
    for (let i = 0; i < length; i++) term += String.fromCharCode(0x4e00 + Math.floor(random() * HAN_POOL));
    terms.add(term);
    if (length === 4) longer.push(term);
  }
  return [...terms];
}

/** Texts of 50–500 characters, mostly Han with punctuation, ASCII and digits, a term about every 300 characters. */
export function makeCorpus(terms: readonly string[], bytes: number, seed = 11): string[] {
  const random = createRandom(seed);
  const texts: string[] = [];
  let total = 0;
  while (total < bytes) {
    const length = 50 + Math.floor(random() * 450);
    let text = '';
    while (text.length < length) {
      const r = random();
      if (r < 1 / 300) text += terms[Math.floor(random() * terms.length)];
      else if (r < 0.86) text += String.fromCharCode(0x4e00 + Math.floor(random() * HAN_POOL));
      else if (r < 0.93) text += PUNCTUATION[Math.floor(random() * PUNCTUATION.length)];
      else if (r < 0.97) text += ASCII[Math.floor(random() * ASCII.length)];
      else text += String(Math.floor(random() * 10));
    }
    texts.push(text);
    total += Buffer.byteLength(text);
  }
  return texts;
}

/** The naive reference: every occurrence of every term, found with indexOf. */
export function referenceOccurrences(terms: readonly string[], texts: readonly string[]): [number, number, string][] {
  const found: [number, number, string][] = [];
  texts.forEach((text, t) => {
    for (const term of terms) {
      for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) found.push([t, i, term]);
    }
  });
  return found;
}

function lexiconOf(terms: readonly string[]): Lexicon {
  return parseLexicon([{ name: 'bench', text: `@category gambling\n${terms.join('\n')}\n` }]);
}

interface ScanResult {
  readonly count: number;
  /** Where the contender reports spans: [text, start, end, term] for every match (checked on the warm-up run only). */
  readonly spans?: [number, number, number, string][];
}

interface Contender {
  readonly name: string;
  /**
   * Scans every text; returns how many matches it reported and, where it reports spans and `check` is set, the spans.
   * Timed runs only count, as the peers do: collecting spans is the benchmark's bookkeeping.
   */
  scan(texts: readonly string[], check?: boolean): ScanResult;
}

function qinglang(name: string, engine: Engine): Contender {
  return {
    name,
    scan(texts, check = false) {
      let count = 0;
      if (!check) {
        for (const text of texts) count += engine.moderate(text).matches.length;
        return { count };
      }
      const spans: [number, number, number, string][] = [];
      texts.forEach((text, t) => {
        for (const m of engine.moderate(text).matches) {
          count++;
          spans.push([t, m.start, m.end, m.term]);
        }
      });
      return { count, spans };
    },
  };
}

type MintClass = new (words: string[]) => { filter(text: string, options: { replace: boolean }): { words: string[] } };

function mint(terms: readonly string[]): Contender {
  const module = MintModule as unknown as { default?: MintClass } & MintClass;
  const Mint = module.default ?? module;
  const filter = new Mint([...terms]);
  return {
    name: 'mint-filter',
    scan(texts) {
      let count = 0;
      for (const text of texts) count += filter.filter(text, { replace: false }).words.length;
      return { count };
    },
  };
}

function obscenity(terms: readonly string[]): Contender {
  const dataset = new DataSet<{ originalWord: string }>();
  for (const term of terms) {
    // pattern is a template tag; our terms hold none of its syntax characters.
    const strings = Object.assign([term], { raw: [term] }) as unknown as TemplateStringsArray;
    dataset.addPhrase((phrase) => phrase.addPattern(pattern(strings)).setMetadata({ originalWord: term }));
  }
  const matcher = new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers });
  return {
    name: 'obscenity',
    scan(texts) {
      let count = 0;
      for (const text of texts) count += matcher.getAllMatches(text).length;
      return { count };
    },
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function measure(
  contender: Contender,
  texts: readonly string[],
  mib: number,
  reps: number,
): ScanResult & { mibPerSecond: number } {
  const first = contender.scan(texts, true); // warm-up, and the result we check
  const rates: number[] = [];
  for (let r = 0; r < reps; r++) rates.push(timedRun(contender, texts, mib));
  return { mibPerSecond: median(rates), ...first };
}

/** One timed run: MiB/s over every text. */
function timedRun(contender: Contender, texts: readonly string[], mib: number): number {
  const started = performance.now();
  contender.scan(texts);
  return mib / ((performance.now() - started) / 1000);
}

/**
 * Measures a contender and mint-filter in one process, their runs interleaved (the order alternating), so that both see
 * the same machine: the load of a shared machine changes from second to second, and a ratio of runs taken minutes apart
 * in different processes carries that change. The two share no code, so neither's JIT feedback slows the other.
 */
function measurePaced(
  contender: Contender,
  pacer: Contender,
  texts: readonly string[],
  mib: number,
  reps: number,
): Measured {
  const first = contender.scan(texts, true);
  // A second untimed pair: the first runs still compile and tune the hot loops of both.
  pacer.scan(texts);
  contender.scan(texts);
  pacer.scan(texts);
  const rates: number[] = [];
  const paceRates: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < reps; r++) {
    const [a, b] = r % 2 === 0 ? [contender, pacer] : [pacer, contender];
    const rateA = timedRun(a, texts, mib);
    const rateB = timedRun(b, texts, mib);
    const [rate, pace] = a === contender ? [rateA, rateB] : [rateB, rateA];
    rates.push(rate);
    paceRates.push(pace);
    ratios.push(rate / pace);
  }
  return {
    mibPerSecond: median(rates),
    ...first,
    paced: {
      mintMibPerSecond: median(paceRates),
      ratio: median(ratios),
      lowest: Math.min(...ratios),
      highest: Math.max(...ratios),
    },
  };
}

/** Compiles `count` terms in this process and prints JSON: seconds and peak RSS. Run in a fresh child for honest RSS. */
function compileOnly(count: number, core: boolean, withModel: boolean): void {
  const terms = makeTerms(count, 13);
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const engine = compileEngine(
    lexiconOf(terms),
    core ? { variants: CORE_VARIANTS } : withModel ? { model: readModel() } : {},
  );
  const seconds = (performance.now() - started) / 1000;
  const probe = engine.moderate(terms[0]!).matches.length;
  console.log(
    JSON.stringify({ seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, baseRssMiB: before / 1048576, probe }),
  );
}

function compileInChild(count: number, core: boolean, withModel = false): { seconds: number; peakRssMiB: number } {
  const args = [
    fileURLToPath(import.meta.url),
    '--compile-only',
    String(count),
    ...(core ? ['--core'] : []),
    ...(withModel ? ['--model'] : []),
  ];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
  return JSON.parse(out) as { seconds: number; peakRssMiB: number };
}

/** The shipped model, read synchronously: the bench's children measure one engine each and need nothing async. */
const readModel = (): Model => parseModel(new Uint8Array(readFileSync(DEFAULT_MODEL_FILE)));

const CONTENDERS = [
  'qinglang exact-only',
  'qinglang core stages',
  'qinglang every view',
  'qinglang every view + model',
  'mint-filter',
  'obscenity',
] as const;
type ContenderName = (typeof CONTENDERS)[number];

function contender(name: ContenderName, terms: readonly string[]): Contender {
  switch (name) {
    case 'qinglang exact-only':
      return qinglang(name, compileEngine(lexiconOf(terms), { variants: [] }));
    case 'qinglang core stages':
      return qinglang(name, compileEngine(lexiconOf(terms), { variants: CORE_VARIANTS }));
    case 'qinglang every view':
      return qinglang(name, compileEngine(lexiconOf(terms)));
    case 'qinglang every view + model':
      return qinglang(name, compileEngine(lexiconOf(terms), { model: readModel() }));
    case 'mint-filter':
      return mint(terms);
    case 'obscenity':
      return obscenity(terms);
  }
}

interface Measured {
  readonly mibPerSecond: number;
  readonly count: number;
  readonly spans?: [number, number, number, string][];
  /** For qinglang's modes: mint-filter's rate in the same process, and the median ratio of paired runs. */
  readonly paced?: {
    readonly mintMibPerSecond: number;
    readonly ratio: number;
    /** The lowest and highest ratio of one pair: how far the shared machine moved the median's ingredients. */
    readonly lowest: number;
    readonly highest: number;
  };
}

/** Measures one contender in this process and prints JSON (see measureInChild). */
function runOnly(name: ContenderName, mib: number, reps: number): void {
  const terms = makeTerms(2000);
  const texts = makeCorpus(terms, mib * 1048576);
  const actualMib = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1048576;
  const result: Measured = name.startsWith('qinglang')
    ? measurePaced(contender(name, terms), contender('mint-filter', terms), texts, actualMib, reps)
    : measure(contender(name, terms), texts, actualMib, reps);
  console.log(JSON.stringify(result));
}

/**
 * Each contender runs in a fresh child on the same deterministic corpus: the engines share code, and one engine's JIT
 * feedback or garbage would otherwise slow the next.
 */
function measureInChild(name: ContenderName, mib: number, reps: number): Measured {
  const args = [fileURLToPath(import.meta.url), '--run', name, '--mib', String(mib), '--reps', String(reps)];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out) as Measured;
}

/** The compile table: each row compiled in a fresh child, so its peak RSS is its own. */
function printCompileTable(): void {
  console.log('\n| compile | seconds | peak RSS (MiB) |');
  console.log('|---|---:|---:|');
  const compiles: readonly (readonly [string, number, boolean, boolean])[] = [
    ['2,000 terms, core stages', 2000, true, false],
    ['100,000 terms, core stages', 100000, true, false],
    ['2,000 terms, every view', 2000, false, false],
    ['100,000 terms, every view', 100000, false, false],
    ['2,000 terms, every view + model', 2000, false, true],
  ];
  for (const [label, count, core, withModel] of compiles) {
    const { seconds, peakRssMiB } = compileInChild(count, core, withModel);
    console.log(`| ${label} | ${seconds.toFixed(3)} | ${peakRssMiB.toFixed(0)} |`);
  }
}

function main(): void {
  const { values } = parseScriptArgs('npm run bench -- [--mib N] [--reps N] [--skip-peers] [--compile-table]', {
    mib: { type: 'string', default: '10' },
    reps: { type: 'string', default: '9' },
    'skip-peers': { type: 'boolean' },
    'compile-only': { type: 'string' },
    core: { type: 'boolean' },
    model: { type: 'boolean' },
    run: { type: 'string' },
    'compile-table': { type: 'boolean' },
  });
  if (values['compile-table']) return printCompileTable();
  if (values['compile-only'])
    return compileOnly(Number(values['compile-only']), values.core ?? false, values.model ?? false);
  const mib = Number(values.mib);
  const reps = Math.max(5, Number(values.reps));
  if (values.run !== undefined) {
    const name = CONTENDERS.find((c) => c === values.run);
    if (!name) throw new Error(`unknown contender ${values.run}; one of: ${CONTENDERS.join(', ')}`);
    return runOnly(name, mib, reps);
  }
  const terms = makeTerms(2000);
  const texts = makeCorpus(terms, mib * 1048576);
  const actualMib = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1048576;
  const reference = referenceOccurrences(terms, texts);
  console.log(
    `corpus: ${actualMib.toFixed(2)} MiB (UTF-8) in ${texts.length} texts, 2,000 terms, ${reference.length} true occurrences; median of ${reps} runs after a warm-up, each engine in its own process\n`,
  );

  const names = CONTENDERS.filter((c) => !values['skip-peers'] || c.startsWith('qinglang'));
  const rows: { name: string; rate: number; found: string; missed: string; paced?: Measured['paced'] }[] = [];
  for (const name of names) {
    const result = measureInChild(name, mib, reps);
    let missed: string;
    if (result.spans) {
      // An occurrence is found when a match of its term covers it (a disguise-aware match may cover repeats around it).
      const byText = new Map<string, [number, number][]>();
      for (const [t, start, end, term] of result.spans) {
        const key = `${t}\u0000${term}`;
        byText.set(key, [...(byText.get(key) ?? []), [start, end]]);
      }
      const covers = (t: number, start: number, term: string): boolean =>
        (byText.get(`${t}\u0000${term}`) ?? []).some(([s, e]) => s <= start && e >= start + term.length);
      missed = String(reference.filter(([t, start, term]) => !covers(t, start, term)).length);
    } else {
      // Peers report no spans we can check one by one; fewer matches than true occurrences is a lower bound on misses.
      missed = `≥ ${Math.max(0, reference.length - result.count)}`;
    }
    rows.push({ name, rate: result.mibPerSecond, found: String(result.count), missed, paced: result.paced });
  }

  const mintRate = rows.find((r) => r.name === 'mint-filter')?.rate;
  console.log('| engine | MiB/s | × mint-filter | matches reported | true occurrences missed |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) {
    const ratio = r.paced?.ratio ?? (mintRate ? r.rate / mintRate : undefined);
    const times = ratio === undefined ? '–' : `${ratio.toFixed(1)}×`;
    console.log(`| ${r.name} | ${r.rate.toFixed(1)} | ${times} | ${r.found} | ${r.missed} |`);
  }
  console.log(
    "\n× mint-filter: for qinglang's modes, the median ratio of paired runs with mint-filter interleaved in the same\n" +
      "process; for the peers, against mint-filter's own process. Single pairs ranged:",
  );
  for (const r of rows) {
    if (r.paced) console.log(`  ${r.name}: ${r.paced.lowest.toFixed(2)}–${r.paced.highest.toFixed(2)}×`);
  }

  printCompileTable();
  console.log(
    '\ncore stages: width, case, invisible, traditional, confusable, leet, separator, repeat; every view adds pinyin,\n' +
      'homophone, split, lookalike, emoji, acrostic and contact details. Their extra matches are disguised terms they find.',
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
