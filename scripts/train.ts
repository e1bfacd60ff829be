/**
 * Trains the model stage's weights (data/model/qinglang.model) from the permissively licensed folders of ../shared/data
 * (COLD, SWSR, JADE, KdConv, CrossWOZ, CValues) and the project's own corpus (data/train/). Fits on the train split,
 * keeps the epoch with the lowest dev loss, quantizes, calibrates on dev, and prints dev metrics. Deterministic: the
 * same data and options give the same bytes.
 * Run: npm run train   (options: --data DIR, --out FILE, --epochs N, --seed N, --buckets LOG2, --rate R, --norm-floor N,
 * --copies N, --joined SHARE, --bias fixed|capped, --corpus DIR, --keep SHARE, --prune-epochs N, --prune-by weight|uses,
 * --heads 1|2 (2: add the sound head, ModelMeta.sound),
 * --dry-run, --check: retrain and compare with the committed weights' sha256 instead of writing)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNormalizer, normalize, VARIANT_KINDS, type Category } from '../src/engine/index.js';
import { FeatureBuffer, extractFeatures } from '../src/engine/model/features.js';
import { createModel, serializeModel, type ModelMeta } from '../src/engine/model/model.js';
import { ViewBuffer } from '../src/engine/normalize.js';
import { parseScriptArgs } from './args.js';
import { disguiseText, TEXT_DISGUISES, type TextDisguise } from './eval/disguise-text.js';
import { createRandom, deriveSeed, pick } from './eval/random.js';
import { fitLinear, fitPlatt, pruneRows, quantize, type Featurized } from './train/fit.js';
import {
  coldSource,
  crosswozSource,
  cvaluesSource,
  jadeSource,
  kdconvSource,
  projectSource,
  swsrSource,
  type Example,
  type SourceResult,
} from './train/sources.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The categories the model scores: those text alone can carry, per the learned-detection issue. */
export const MODEL_CATEGORIES: readonly Category[] = [
  'abuse',
  'discrimination',
  'doxxing',
  'sexual',
  'vulgar',
  'gambling',
  'drugs',
  'fraud',
  'contact_offplatform',
  'self_harm',
  'violence',
  'grooming',
  'crime_solicitation',
];

/**
 * The disguises drawn for training copies, weighted to the ones the model finds hardest: homophones and initials
 * replace characters by others that share only a sound. Traditional characters, separators, repeats and zero-width
 * characters are left out: the folded view undoes them before the model reads a text, so their copies would be
 * plain duplicates.
 */
const AUGMENT_WEIGHTS: Partial<Record<TextDisguise, number>> = {
  homophone: 6,
  initials: 5,
  pinyin: 3,
  split: 2,
  mixed: 2,
  lookalike: 1,
  emoji: 1,
};
const AUGMENT_KINDS: readonly TextDisguise[] = TEXT_DISGUISES.flatMap((kind) =>
  Array<TextDisguise>(AUGMENT_WEIGHTS[kind] ?? 0).fill(kind),
);

const say = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};

function main(): void {
  const { values: args } = parseScriptArgs(
    'npm run train -- [--data DIR] [--out FILE] [--epochs N] [--seed N] [--buckets LOG2] [--rate R] [--norm-floor N] [--copies N] [--joined SHARE] [--bias fixed|capped] [--corpus DIR] [--keep SHARE] [--prune-epochs N] [--prune-by weight|uses] [--heads 1|2] [--dry-run] [--check]',
    {
      data: { type: 'string', default: resolve(ROOT, '../shared/data') },
      out: { type: 'string', default: join(ROOT, 'data/model/qinglang.model') },
      epochs: { type: 'string', default: '7' },
      seed: { type: 'string', default: '13' },
      buckets: { type: 'string', default: '18' },
      rate: { type: 'string', default: '0.2' },
      'norm-floor': { type: 'string', default: '16' },
      copies: { type: 'string', default: '3' },
      joined: { type: 'string', default: '0.2' },
      bias: { type: 'string', default: 'capped' },
      'dry-run': { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      corpus: { type: 'string', default: join(ROOT, 'data/train') },
      keep: { type: 'string', default: '1' },
      'prune-epochs': { type: 'string', default: '6' },
      'prune-by': { type: 'string', default: 'weight' },
      heads: { type: 'string', default: '2' },
    },
  );
  const epochs = Number(args.epochs);
  const seed = Number(args.seed);
  const dataDir = args.data;
  if (!existsSync(dataDir)) {
    say(`Training data not found at ${dataDir}; nothing to do (the shipped weights stay as they are).`);
    return;
  }
  const sources: [string, SourceResult][] = [
    ['COLD train', coldSource(dataDir, 'train')],
    ['COLD dev', coldSource(dataDir, 'dev')],
    ['SWSR', swsrSource(dataDir)],
    ['JADE', jadeSource(dataDir)],
    ['KdConv dev files', kdconvSource(dataDir, 'dev')],
    ['CrossWOZ val', crosswozSource(dataDir, 'val')],
    ['CValues', cvaluesSource(dataDir)],
    ['project corpus', projectSource(args.corpus)],
  ];
  const examples: Example[] = [];
  for (const [name, result] of sources) {
    if ('skipped' in result) say(`- ${name}: skipped (${result.skipped})`);
    else {
      const rows = result.examples.filter((e) => e.text.length > 0);
      const counts = (split: string): number => rows.filter((e) => e.split === split).length;
      say(`- ${name}: ${rows.length} rows (train ${counts('train')}, dev ${counts('dev')}, test ${counts('test')})`);
      examples.push(...rows);
    }
  }
  const k = MODEL_CATEGORIES.length;
  const normFloor = Number(args['norm-floor']);
  const buckets = 1 << Number(args.buckets);
  const normalizer = createNormalizer(VARIANT_KINDS);
  const viewBuffer = new ViewBuffer();
  const featureBuffer = new FeatureBuffer();
  const featurize = (text: string, labels: readonly Category[]): Featurized => {
    const count = extractFeatures(normalize(normalizer, text, viewBuffer), featureBuffer, buckets);
    const targets = new Uint8Array(k);
    MODEL_CATEGORIES.forEach((c, i) => (targets[i] = labels.includes(c) ? 1 : 0));
    return { buckets: featureBuffer.bucket.slice(0, count), targets, soundFrom: featureBuffer.soundFrom };
  };

  // Every training row as written and `copies` times disguised (positives and negatives alike, so a disguise says
  // nothing of harm by itself); rows of the project corpus twice as often, since it is small.
  const augmentRandom = createRandom(deriveSeed(seed, 'augment'));
  const train: Featurized[] = [];
  for (const e of examples.filter((x) => x.split === 'train')) {
    train.push(featurize(e.text, e.labels));
    const copies = Number(args.copies) * (e.source.startsWith('project:') ? 2 : 1);
    for (let i = 0; i < copies; i++) {
      const disguised = disguiseText(e.text, pick(augmentRandom, AUGMENT_KINDS), augmentRandom);
      if (disguised !== undefined) train.push(featurize(disguised, e.labels));
    }
  }
  // Long texts: a harmful sentence among ordinary ones (a long post, a scam script with a friendly opening) must still
  // score. Short rows are joined two to four at a time, labels united, so the model sees long texts whose evidence is
  // diluted by 1/√n as a long post's is.
  const pool = examples.filter((x) => x.split === 'train');
  const joinRandom = createRandom(deriveSeed(seed, 'join'));
  const joiners = ['。', '，', ' ', '！', '；'];
  for (let i = 0; i < Math.round(pool.length * Number(args.joined)); i++) {
    const parts = Array.from({ length: 2 + Math.floor(joinRandom() * 3) }, () => pick(joinRandom, pool));
    const labels = [...new Set(parts.flatMap((p) => p.labels))];
    train.push(featurize(parts.map((p) => p.text).join(pick(joinRandom, joiners)), labels));
  }
  const devExamples = examples.filter((x) => x.split === 'dev');
  const dev = devExamples.map((e) => featurize(e.text, e.labels));
  say(`\n${train.length} training rows (with disguised copies), ${dev.length} dev rows, ${buckets} buckets`);

  const positives = new Float64Array(k);
  for (const row of train) for (let c = 0; c < k; c++) positives[c]! += row.targets[c]!;
  const positiveWeight = Float64Array.from(positives, (p) =>
    Math.min(8, Math.max(1, Math.sqrt((train.length - p) / Math.max(1, p)) / 2)),
  );

  const rawScores = (
    rows: readonly Featurized[],
    weights: ArrayLike<number>,
    bias: ArrayLike<number>,
    occurrence: ArrayLike<number>,
    scales?: readonly number[],
  ): Float64Array[] =>
    MODEL_CATEGORIES.map((_, c) =>
      Float64Array.from(rows, (row) => {
        const n = row.buckets.length;
        if (n === 0) return bias[c]!;
        let sum = 0;
        for (let f = 0; f < n; f++) sum += weights[row.buckets[f]! * k + c]!;
        return bias[c]! + (sum * (scales ? scales[c]! : 1) + n * occurrence[c]!) / Math.sqrt(Math.max(n, normFloor));
      }),
    );
  const logLoss = (z: Float64Array[], rows: readonly Featurized[]): number => {
    let total = 0;
    for (let c = 0; c < k; c++)
      for (let i = 0; i < rows.length; i++) {
        const p = 1 / (1 + Math.exp(-z[c]![i]!));
        total -= rows[i]!.targets[c] === 1 ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12));
      }
    return total / rows.length;
  };

  const started = Date.now();
  const fitOptions = {
    buckets,
    categories: k,
    normFloor,
    epochs,
    rate: Number(args.rate),
    l2: 1e-6,
    positiveWeight,
    bias: args.bias === 'capped' ? ('capped' as const) : ('fixed' as const),
    random: createRandom(deriveSeed(seed, 'order')),
    afterEpoch: (epoch: number, weights: Float32Array, bias: Float64Array, occurrence: Float64Array) => {
      const loss = logLoss(rawScores(dev, weights, bias, occurrence), dev);
      say(`epoch ${epoch}: dev log loss ${loss.toFixed(4)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      return loss;
    },
  };
  let fitted = fitLinear(train, fitOptions);
  const firstEpochs = fitted.epoch;
  say(`kept epoch ${firstEpochs}`);
  // Pruning (off by default): keep the strongest rows, then fit those alone for a few more epochs so they take up what
  // the pruned rows carried (magnitude pruning with retraining). It makes the model faster and smaller, but every pruned
  // model measured flagged far more out-of-domain benign text (random characters, headlines, call transcripts) than the
  // full one: the README gives the numbers.
  const keep = Number(args.keep);
  if (keep < 1) {
    let uses: Float64Array | undefined;
    if (args['prune-by'] === 'uses') {
      uses = new Float64Array(buckets);
      for (const row of train) for (const b of new Set(row.buckets)) uses[b]! += 1;
    }
    const mask = pruneRows(fitted.weights, k, keep, uses);
    say(
      `pruned to ${Math.round(buckets * keep)} of ${buckets} rows; dev log loss ${logLoss(rawScores(dev, fitted.weights, fitted.bias, fitted.occurrence), dev).toFixed(4)}`,
    );
    fitted = fitLinear(train, { ...fitOptions, epochs: Number(args['prune-epochs']), start: fitted, mask });
    say(`kept pruned epoch ${fitted.epoch}`);
  }

  // The sound head (ModelMeta.sound): the same fit over the sound and initial n-grams alone, so that a disguise that
  // keeps a text's sounds (homophones, pinyin, initials) keeps this head's score.
  const heads = Number(args.heads);
  if (heads !== 1 && heads !== 2) throw new Error(`--heads must be 1 or 2, got ${args.heads}`);
  const soundOf = (rows: readonly Featurized[]): Featurized[] =>
    rows.map((r) => ({ buckets: r.buckets.subarray(r.soundFrom ?? r.buckets.length), targets: r.targets }));
  const soundDev = soundOf(dev);
  const sound =
    heads === 2
      ? fitLinear(soundOf(train), {
          ...fitOptions,
          random: createRandom(deriveSeed(seed, 'order-sound')),
          afterEpoch: (epoch: number, weights: Float32Array, bias: Float64Array, occurrence: Float64Array) => {
            const loss = logLoss(rawScores(soundDev, weights, bias, occurrence), soundDev);
            say(`sound head, epoch ${epoch}: dev log loss ${loss.toFixed(4)}`);
            return loss;
          },
        })
      : undefined;

  const calibrate = (z: Float64Array[]): { a: number; b: number }[] =>
    MODEL_CATEGORIES.map((_, c) =>
      fitPlatt(
        z[c]!,
        Uint8Array.from(dev, (row) => row.targets[c]!),
      ),
    );
  const { int8: fullInt8, scales } = quantize(fitted.weights, k);
  const z = rawScores(dev, fullInt8, fitted.bias, fitted.occurrence, scales);
  const calibration = calibrate(z);
  const soundQuantized = sound && quantize(sound.weights, k);
  const zSound =
    sound &&
    soundQuantized &&
    rawScores(soundDev, soundQuantized.int8, sound.bias, sound.occurrence, soundQuantized.scales);
  const soundCalibration = zSound && calibrate(zSound);
  // Rows of both heads side by side: the first head's k weights, then the sound head's.
  const width = sound ? 2 * k : k;
  const int8 = new Int8Array(buckets * width);
  for (let b = 0; b < buckets; b++) {
    int8.set(fullInt8.subarray(b * k, b * k + k), b * width);
    if (soundQuantized) int8.set(soundQuantized.int8.subarray(b * k, b * k + k), b * width + k);
  }

  // Per category, the flag threshold with the best dev F1 (0.3–0.9) among those that keep benign dev rows within the
  // budget: a rare category's calibrated probability seldom reaches 0.5 on a dev mix where it is 0.2% of the rows.
  // With the sound head, a category's probability is the larger of the two heads', as the scorer computes it.
  const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
  const probability = (c: number, i: number): number => {
    const p = sigmoid(calibration[c]!.a * z[c]![i]! + calibration[c]!.b);
    if (!zSound || !soundCalibration) return p;
    return Math.max(p, sigmoid(soundCalibration[c]!.a * zSound[c]![i]! + soundCalibration[c]!.b));
  };
  // Benign dev rows outside the two comment sets (whose "safe" rows argue about the same groups): dialogue, questions,
  // refusals and the project's hard negatives. No category may flag more than FALSE_ALARM_BUDGET of them.
  const benignDev = devExamples.flatMap((e, i) =>
    e.labels.length === 0 && e.source !== 'cold' && e.source !== 'swsr' ? [i] : [],
  );
  const flagAt = MODEL_CATEGORIES.map((_, c) => {
    let best = { at: 0.9, f1: -1 };
    for (let at = 0.3; at <= 0.9 + 1e-9; at += 0.01) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      dev.forEach((row, i) => {
        const hit = probability(c, i) >= at;
        if (hit && row.targets[c] === 1) tp++;
        else if (hit) fp++;
        else if (row.targets[c] === 1) fn++;
      });
      const alarms = benignDev.filter((i) => probability(c, i) >= at).length;
      if (alarms > benignDev.length * FALSE_ALARM_BUDGET) continue;
      const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
      if (f1 > best.f1 + 1e-9) best = { at: Math.round(at * 100) / 100, f1 };
    }
    return best.at;
  });
  // The union budget is kept on the everyday registers, whose targets are 1% (dialogue, headlines, literature, short
  // messages, comments): the hard negatives written in the harmful registers (anti-fraud bulletins quoting the scripts,
  // genuine calls about codes and cards) are near-misses by design and already bound each category's own budget.
  const everydayDev = benignDev.filter((i) => EVERYDAY_SOURCES.has(devExamples[i]!.source));
  const union = raiseForUnion(flagAt, dev, everydayDev, probability);
  say(
    `\neveryday benign dev rows flagged by some category: ${union.before} of ${everydayDev.length} at each category's own threshold, ${union.after} after raising for the union budget`,
  );

  // Dev metrics of the shipped (quantized, calibrated) model at each category's flag threshold.
  const metrics: Record<string, { positives: number; precision: number; recall: number; f1: number }> = {};
  say('\n| category | flag at | dev positives | precision | recall | F1 |\n| --- | --- | --- | --- | --- | --- |');
  MODEL_CATEGORIES.forEach((category, c) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    dev.forEach((row, i) => {
      const hit = probability(c, i) >= flagAt[c]!;
      const y = row.targets[c] === 1;
      if (hit && y) tp++;
      else if (hit) fp++;
      else if (y) fn++;
    });
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    metrics[category] = { positives: tp + fn, precision: round(precision), recall: round(recall), f1: round(f1) };
    say(
      `| ${category} | ${flagAt[c]!.toFixed(2)} | ${tp + fn} | ${precision.toFixed(3)} | ${recall.toFixed(3)} | ${f1.toFixed(3)} |`,
    );
  });

  // COLD dev as the binary task it is: offensive when abuse or discrimination reaches its flag threshold (macro-F1 over both classes).
  const abuse = MODEL_CATEGORIES.indexOf('abuse');
  const discrimination = MODEL_CATEGORIES.indexOf('discrimination');
  const p = probability;
  const cold = devExamples.flatMap((e, i) => (e.source === 'cold' ? [i] : []));
  const coldF1 = macroF1(
    cold.map((i) => [
      devExamples[i]!.labels.length > 0,
      p(abuse, i) >= flagAt[abuse]! || p(discrimination, i) >= flagAt[discrimination]!,
    ]),
  );
  say(`\nCOLD dev macro-F1 ${coldF1.toFixed(4)} (${cold.length} rows)`);
  metrics.coldDevMacroF1 = { positives: 0, precision: 0, recall: 0, f1: round(coldF1) };

  const meta: ModelMeta = {
    format: 'qinglang-sparse-1',
    categories: MODEL_CATEGORIES,
    buckets,
    normFloor,
    scales: scales.map((s) => Number(s.toPrecision(9))),
    bias: [...fitted.bias].map((b) => Number(b.toPrecision(9))),
    occurrence: [...fitted.occurrence].map((w) => Number(w.toPrecision(9))),
    calibration: calibration.map(({ a, b }) => ({ a: Number(a.toPrecision(9)), b: Number(b.toPrecision(9)) })),
    flagAt,
    ...(sound &&
      soundQuantized &&
      soundCalibration && {
        sound: {
          scales: soundQuantized.scales.map((x) => Number(x.toPrecision(9))),
          bias: [...sound.bias].map((x) => Number(x.toPrecision(9))),
          occurrence: [...sound.occurrence].map((x) => Number(x.toPrecision(9))),
          calibration: soundCalibration.map(({ a, b }) => ({
            a: Number(a.toPrecision(9)),
            b: Number(b.toPrecision(9)),
          })),
        },
      }),
    training: {
      command: 'npm run train',
      seed,
      epochs: firstEpochs,
      soundEpochs: sound?.epoch ?? 0,
      keep,
      pruneBy: args['prune-by'],
      pruneEpochs: keep < 1 ? fitted.epoch : 0,
      bias: args.bias,
      heads: args.heads,
      trainRows: train.length,
      devRows: dev.length,
      sources: sources.map(([name, r]) => ('skipped' in r ? `${name}: skipped` : `${name}: ${r.examples.length}`)),
      dev: metrics,
    },
  };
  const bytes = serializeModel(createModel(meta, int8));
  const sha = createHash('sha256').update(bytes).digest('hex');
  say(`\nmodel: ${(bytes.length / 1e6).toFixed(1)} MB, sha256 ${sha}`);
  if (args.check) {
    // Reproduction check: the committed weights must be exactly what this run produced.
    const committed = existsSync(`${args.out}.sha256`)
      ? readFileSync(`${args.out}.sha256`, 'utf8').split(/\s+/u)[0]
      : '';
    say(
      committed === sha
        ? 'reproduced: the committed weights are byte for byte what this run wrote'
        : `NOT reproduced: committed ${committed}`,
    );
    process.exitCode = committed === sha ? 0 : 1;
    return;
  }
  if (args['dry-run']) return;
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, bytes);
  writeFileSync(`${args.out}.sha256`, `${sha}  ${args.out.split('/').pop()!}\n`);
  say(`wrote ${args.out}`);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The share of benign dev rows one category may flag at its chosen threshold. */
const FALSE_ALARM_BUDGET = 0.003;
/**
 * The share of everyday benign dev rows that all categories together may flag: their targets (dialogue, headlines) are
 * 1%, and thirteen categories each within their own budget flagged 1.38% of them together (37 of 2,680: 有人吗 as
 * sexual, 你是谁 as abuse). Raising to 1% moved discrimination from 0.59 to 0.69, sexual from 0.36 to 0.47 and abuse from
 * 0.36 to 0.44, and cost seven points of COLD test recall for 0.4 points fewer TNEWS headlines and half the random texts
 * flagged (the README has both models' numbers).
 */
const UNION_BUDGET = 0.01;
/** The everyday registers the union budget is kept on (Example.source). */
const EVERYDAY_SOURCES: ReadonlySet<string> = new Set([
  'kdconv',
  'crosswoz',
  'cvalues',
  'project:short-everyday',
  'project:news-headlines',
  'project:headlines-more',
  'project:headlines-groups',
  'project:headlines-world',
  'project:literary',
  'project:trending-comments',
]);

/**
 * Raises flag thresholds until at most UNION_BUDGET of the benign dev rows are flagged by some category: each step
 * raises one category's threshold just past its lowest-scored benign alarm, choosing the category that gives up the
 * least dev F1 per benign row it stops flagging. Thresholds stay at or under 0.95.
 */
function raiseForUnion(
  flagAt: number[],
  dev: readonly Featurized[],
  benign: readonly number[],
  probability: (c: number, i: number) => number,
): { before: number; after: number } {
  const k = flagAt.length;
  const scores = Array.from({ length: k }, (_, c) => Float64Array.from(dev, (_, i) => probability(c, i)));
  const f1At = (c: number, at: number): number => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    dev.forEach((row, i) => {
      const hit = scores[c]![i]! >= at;
      if (hit && row.targets[c] === 1) tp++;
      else if (hit) fp++;
      else if (row.targets[c] === 1) fn++;
    });
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  };
  const flaggedBenign = (thresholds: readonly number[]): number =>
    benign.filter((i) => thresholds.some((at, c) => scores[c]![i]! >= at)).length;
  const limit = benign.length * UNION_BUDGET;
  const before = flaggedBenign(flagAt);
  let flagged = before;
  while (flagged > limit) {
    let best: { c: number; at: number; cost: number; flagged: number } | undefined;
    for (let c = 0; c < k; c++) {
      let lowest = Infinity;
      for (const i of benign) if (scores[c]![i]! >= flagAt[c]! && scores[c]![i]! < lowest) lowest = scores[c]![i]!;
      if (lowest === Infinity) continue;
      const at = Math.ceil((lowest + 1e-9) * 100) / 100;
      if (at > 0.95) continue;
      const trial = flagAt.slice();
      trial[c] = at;
      const after = flaggedBenign(trial);
      // A category whose alarms others also raise removes none from the union now, but may later: it costs more.
      const removed = Math.max(flagged - after, 0.25);
      const cost = Math.max(f1At(c, flagAt[c]!) - f1At(c, at), 0) / removed;
      if (!best || cost < best.cost) best = { c, at, cost, flagged: after };
    }
    if (!best) break;
    flagAt[best.c] = best.at;
    flagged = best.flagged;
  }
  return { before, after: flagged };
}

/** Macro-F1 of a binary task from [truth, prediction] pairs. */
function macroF1(pairs: readonly (readonly [boolean, boolean])[]): number {
  const f1 = (positive: boolean): number => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [truth, guess] of pairs) {
      if (guess === positive && truth === positive) tp++;
      else if (guess === positive) fp++;
      else if (truth === positive) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  };
  return (f1(true) + f1(false)) / 2;
}

main();
