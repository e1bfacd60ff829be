import { AppError } from '../../lib/index.js';
import { isCategory, type AgeBand, type Category } from '../taxonomy.js';
import { modelThresholdsFor } from './thresholds.js';
import { FeatureBuffer, extractFeatures } from './features.js';
import type { View } from '../normalize.js';
import type { ModelSignal } from '../types.js';

/**
 * The model's own description, stored before its weights: what it scores, how its raw sums become probabilities, and
 * what it was measured to do when it was trained.
 */
export interface ModelMeta {
  readonly format: 'qinglang-sparse-1';
  /** The categories it scores, in the order of each bucket's weights. */
  readonly categories: readonly Category[];
  /** Hash buckets: a power of two. */
  readonly buckets: number;
  /**
   * Each feature occurrence counts 1/√max(n, normFloor) for a text of n occurrences: a floor keeps a two-character reply
   * (没错。) from resting its whole score on one or two features.
   */
  readonly normFloor: number;
  /** Per category: a weight is `int8 × scale`. */
  readonly scales: readonly number[];
  readonly bias: readonly number[];
  /**
   * Per category, a weight every feature occurrence adds, never above zero: the evidence of ordinary text that the
   * pruned rows carried, spread evenly, so a long everyday text is not read on its few strong n-grams alone. Absent: 0.
   */
  readonly occurrence?: readonly number[];
  /** Per category, Platt scaling fitted on the dev split: p = 1 / (1 + exp(-(a·z + b))). */
  readonly calibration: readonly { readonly a: number; readonly b: number }[];
  /**
   * Per category, the calibrated probability from which a score flags at age_12_16, chosen on the dev split for the best
   * F1 among the thresholds (0.3–0.9) that flag at most 0.3% of benign dev rows, then raised where it cost the least F1
   * until all categories together flag at most 1% of them; absent: MODEL_THRESHOLDS alone.
   */
  readonly flagAt?: readonly number[];
  /** What `npm run train` measured, kept with the weights so a retrain can be compared with what is shipped. */
  readonly training?: Readonly<Record<string, unknown>>;
  /**
   * The sound head, when present: a second linear model over the same buckets that reads only the sound and initial
   * n-grams (FeatureBuffer.soundFrom on), stored as a second set of `categories.length` weights in every row. A
   * homophone, pinyin or initials disguise breaks a text's char n-grams and leaves its sounds, so this head scores a
   * disguised text as it scores the plain one. A category's probability is the larger of the two heads' calibrated
   * probabilities, and `flagAt` was chosen on that.
   */
  readonly sound?: ModelHead;
}

/** A head's own parameters (see ModelMeta): its weights are the second half of every row. */
export interface ModelHead {
  readonly scales: readonly number[];
  readonly bias: readonly number[];
  readonly occurrence: readonly number[];
  readonly calibration: readonly { readonly a: number; readonly b: number }[];
}

/** How many int8 weights a row holds: one per category and head. */
export const rowWidth = (meta: ModelMeta): number => meta.categories.length * (meta.sound ? 2 : 1);

/**
 * A trained model, loaded once: weights as data, read by pure code. It is stored as a presence bit per bucket and the
 * rows of the buckets that have weights, in bucket order, so a pruned model (`npm run train -- --keep 0.1`) is a tenth
 * of the size and a feature in an empty bucket reads one bit. The shipped model keeps every row (pruned ones flagged
 * far more out-of-domain benign text; see the README), and the scorer reads its row at the bucket directly.
 */
export interface Model {
  readonly meta: ModelMeta;
  /**
   * One bit per bucket, set where the bucket has a row: bucket b is bit b & 31 of word b >>> 5. Int32, not Uint32: a
   * word with its top bit set would otherwise be read as a double in the scorer's loop.
   */
  readonly present: Int32Array;
  /**
   * Per word of `present`, how many rows come before it. Kept apart from the bits: in a pruned model most features of
   * a text land in buckets without a row, and those read only the bits (64 KB for 2¹⁹ buckets, which stays in cache).
   */
  readonly rank: Int32Array;
  /** The kept buckets' rows, `rowWidth(meta)` int8 weights each (the sound head's after the first head's), in bucket order. */
  readonly rows: Int8Array;
}

/** Counts the set bits of a 32-bit integer. */
const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
};

/** The row of a bucket in `model.rows` (times the row width for its first weight), or -1 when it has none. */
export function rowOf(model: Model, bucket: number): number {
  const word = bucket >>> 5;
  const bits = model.present[word]!;
  const bit = 1 << (bucket & 31);
  return (bits & bit) === 0 ? -1 : model.rank[word]! + popcount(bits & (bit - 1));
}

/** The rank of every word of a presence bitmap, and how many rows the bitmap says there are. */
function rankOf(present: Int32Array): { rank: Int32Array; kept: number } {
  const rank = new Int32Array(present.length);
  let kept = 0;
  for (let w = 0; w < present.length; w++) {
    rank[w] = kept;
    kept += popcount(present[w]!);
  }
  return { rank, kept };
}

/**
 * A model from dense weights (`buckets × rowWidth(meta)` int8, bucket-major): rows that are all zero are left out.
 * Training and tests build models this way.
 */
export function createModel(meta: ModelMeta, dense: Int8Array): Model {
  const k = rowWidth(meta);
  const bitmap = new Int32Array(meta.buckets / 32);
  const kept: number[] = [];
  for (let b = 0; b < meta.buckets; b++)
    for (let c = 0; c < k; c++)
      if (dense[b * k + c] !== 0) {
        bitmap[b >>> 5]! |= 1 << (b & 31);
        kept.push(b);
        break;
      }
  const rows = new Int8Array(kept.length * k);
  kept.forEach((b, r) => rows.set(dense.subarray(b * k, b * k + k), r * k));
  return { meta, present: bitmap, rank: rankOf(bitmap).rank, rows };
}

/** The weight of bucket b in column c of its row (0 where the bucket has no row); the sound head's columns follow. */
export function weightOf(model: Model, bucket: number, c: number): number {
  const row = rowOf(model, bucket);
  return row < 0 ? 0 : model.rows[row * rowWidth(model.meta) + c]!;
}

/** What the model says of one text. */
export interface ModelResult {
  /** Calibrated probability per category the model scores. */
  readonly scores: Readonly<Partial<Record<Category, number>>>;
  /** Spans behind every category whose probability reached its flag threshold for the band, strongest first. */
  readonly signals: readonly ModelSignal[];
  /** The model's own flag threshold per category (ModelMeta.flagAt), for the verdict. */
  readonly flagAt: Readonly<Partial<Record<Category, number>>>;
}

const MAGIC = 'QLM2';

/**
 * Reads a model file: the 4-byte magic `QLM2`, a little-endian uint32 length, that many bytes of UTF-8 JSON (ModelMeta),
 * zero padding to a multiple of 8, the presence bitmap (one little-endian uint32 per 32 buckets), then the kept rows'
 * int8 weights.
 *
 * @example
 * const model = parseModel(new Uint8Array(readFileSync('data/model/qinglang.model')));
 * @throws AppError `model_invalid` when the bytes are not a model this code can read.
 */
export function parseModel(bytes: Uint8Array): Model {
  const fail = (why: string): never => {
    throw new AppError('model_invalid', `The model file cannot be read: ${why}.`);
  };
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC)
    fail(`it does not start with ${MAGIC}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(4, true);
  if (8 + length > bytes.length) fail('its header runs past the end');
  let meta: ModelMeta;
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as ModelMeta;
  } catch {
    return fail('its header is not JSON');
  }
  if (meta.format !== 'qinglang-sparse-1') fail(`unknown format ${String(meta.format)}`);
  const k = meta.categories.length;
  if (!meta.categories.every(isCategory)) fail('it names an unknown category');
  if (!(meta.buckets >= 32) || !Number.isInteger(Math.log2(meta.buckets)))
    fail('its bucket count is not a power of two ≥ 32');
  if (!(meta.normFloor >= 1)) fail('its normFloor is not a number ≥ 1');
  if (
    meta.scales.length !== k ||
    meta.bias.length !== k ||
    meta.calibration.length !== k ||
    (meta.occurrence !== undefined && meta.occurrence.length !== k) ||
    (meta.flagAt !== undefined && meta.flagAt.length !== k) ||
    (meta.sound !== undefined &&
      [meta.sound.scales, meta.sound.bias, meta.sound.occurrence, meta.sound.calibration].some(
        (list) => !Array.isArray(list) || list.length !== k,
      ))
  )
    fail('its per-category lists differ in length');
  const offset = 8 + Math.ceil(length / 8) * 8;
  const groups = meta.buckets / 32;
  if (bytes.length < offset + groups * 4) fail('its presence bitmap runs past the end');
  const bitmap = new Int32Array(groups);
  for (let g = 0; g < groups; g++) bitmap[g] = view.getInt32(offset + g * 4, true);
  const { rank, kept } = rankOf(bitmap);
  const start = offset + groups * 4;
  const width = rowWidth(meta);
  if (bytes.length - start !== kept * width) fail(`it holds ${bytes.length - start} weights, not ${kept * width}`);
  return { meta, present: bitmap, rank, rows: new Int8Array(bytes.buffer, bytes.byteOffset + start, kept * width) };
}

/** Writes a model in the format parseModel reads. */
export function serializeModel(model: Model): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify(model.meta));
  const offset = 8 + Math.ceil(header.length / 8) * 8;
  const groups = model.meta.buckets / 32;
  const bytes = new Uint8Array(offset + groups * 4 + model.rows.length);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, header.length, true);
  bytes.set(header, 8);
  for (let g = 0; g < groups; g++) view.setInt32(offset + g * 4, model.present[g]!, true);
  bytes.set(new Uint8Array(model.rows.buffer, model.rows.byteOffset, model.rows.length), offset + groups * 4);
  return bytes;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The widest gap, in UTF-16 units, that joins two runs of an explanation into one span. */
const MAX_GAP = 2;
/** A gap that only a disguise puts inside a word: symbols, emoji, zero-width characters; no letter, digit, space or clause mark. */
const DISGUISE_GAP = /^[^\p{L}\p{N}\s，。！？；：、,.!?;:]+$/u;

/** How many spans a category's explanation gives at most. */
const MAX_SPANS = 3;

/** Scores texts with one model; holds reusable buffers, so one scorer serves one synchronous caller. */
export interface ModelScorer {
  readonly model: Model;
  /**
   * Scores the text whose folded view is given, and explains each category at or above its flag threshold for the band
   * (lowered by `tenantFlag`).
   *
   * @example
   * scorer.score(view, text, 'age_12_16').scores.fraud; // 0.998 for 手机点赞一单3元，日结不压款
   */
  score(view: View, text: string, ageBand: AgeBand, tenantFlag?: number): ModelResult;
}

/** One head's parameters as the scorer reads them. */
interface HeadParams {
  readonly column: number;
  readonly scales: Float64Array;
  readonly bias: readonly number[];
  readonly occurrence: Float64Array;
  readonly calibration: readonly { readonly a: number; readonly b: number }[];
}

/** Creates a scorer for a model. */
export function createModelScorer(model: Model): ModelScorer {
  const { meta } = model;
  const k = meta.categories.length;
  const features = new FeatureBuffer();
  const sums = new Float64Array(k);
  const soundSums = new Float64Array(k);
  const head: HeadParams = {
    column: 0,
    scales: Float64Array.from(meta.scales),
    bias: meta.bias,
    occurrence: Float64Array.from(meta.categories, (_, c) => meta.occurrence?.[c] ?? 0),
    calibration: meta.calibration,
  };
  const sound: HeadParams | undefined = meta.sound && {
    column: k,
    scales: Float64Array.from(meta.sound.scales),
    bias: meta.sound.bias,
    occurrence: Float64Array.from(meta.sound.occurrence),
    calibration: meta.sound.calibration,
  };
  /** A head's calibrated probability for category c from its sum over `count` feature occurrences. */
  const probability = (h: HeadParams, c: number, sum: number, count: number): number => {
    if (count === 0) return sigmoid(h.calibration[c]!.a * h.bias[c]! + h.calibration[c]!.b);
    const z = h.bias[c]! + (sum * h.scales[c]! + count * h.occurrence[c]!) / Math.sqrt(Math.max(count, meta.normFloor));
    return sigmoid(h.calibration[c]!.a * z + h.calibration[c]!.b);
  };
  const flagAt: Partial<Record<Category, number>> = {};
  meta.categories.forEach((c, i) => {
    const at = meta.flagAt?.[i];
    if (at !== undefined) flagAt[c] = at;
  });
  return {
    model,
    score(view, text, ageBand, tenantFlag) {
      const count = extractFeatures(view, features, meta.buckets, false);
      const soundFrom = features.soundFrom;
      accumulate(model, features.bucket, 0, count, 0, sums);
      if (sound) accumulate(model, features.bucket, soundFrom, count, k, soundSums);
      const scores: Partial<Record<Category, number>> = {};
      const explained: [category: number, head: HeadParams][] = [];
      for (let c = 0; c < k; c++) {
        let p = probability(head, c, sums[c]!, count);
        let by = head;
        if (sound) {
          const q = probability(sound, c, soundSums[c]!, count - soundFrom);
          if (q > p) [p, by] = [q, sound];
        }
        scores[meta.categories[c]!] = Math.round(p * 1e4) / 1e4;
        const { flag } = modelThresholdsFor(ageBand, meta.flagAt?.[c], tenantFlag);
        if (p >= flag && count > 0) explained.push([c, by]);
      }
      // Spans are read again only for a text that has something to explain: most texts do not.
      if (explained.length > 0) extractFeatures(view, features, meta.buckets, true);
      const signals = explained.flatMap(([c, by]) =>
        explain(model, features, c, by.column, by === head ? 0 : features.soundFrom, text),
      );
      return { scores, signals, flagAt };
    },
  };
}

/**
 * Adds up, per category, the weights in columns `column`… of the rows of buckets[from..to) into `sums`. The shipped
 * model's 13 categories are added with one local per category: V8 keeps them in registers, where the generic loop
 * stores every partial sum to memory and reads it back, which measured about three times slower on 200-character texts.
 */
function accumulate(
  model: Model,
  buckets: Int32Array,
  from: number,
  to: number,
  column: number,
  sums: Float64Array,
): void {
  const { present, rank, rows } = model;
  const k = model.meta.categories.length;
  const width = rowWidth(model.meta);
  // A model that kept every row reads bucket b's row at b: no bits to test, no rank to add.
  const dense = rows.length === model.meta.buckets * width;
  if (k !== 13) {
    sums.fill(0);
    for (let f = from; f < to; f++) {
      const row = rowOf(model, buckets[f]!);
      if (row >= 0) for (let c = 0; c < k; c++) sums[c]! += rows[row * width + column + c]!;
    }
    return;
  }
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    s4 = 0,
    s5 = 0,
    s6 = 0,
    s7 = 0,
    s8 = 0,
    s9 = 0,
    s10 = 0,
    s11 = 0,
    s12 = 0;
  for (let f = from; f < to; f++) {
    // rowOf, inlined: this loop is most of the model's time.
    const bucket = buckets[f]!;
    let r = bucket * width + column;
    if (!dense) {
      const bits = present[bucket >>> 5]!;
      const bit = 1 << (bucket & 31);
      if ((bits & bit) === 0) continue;
      r = (rank[bucket >>> 5]! + popcount(bits & (bit - 1))) * width + column;
    }
    s0 += rows[r]!;
    s1 += rows[r + 1]!;
    s2 += rows[r + 2]!;
    s3 += rows[r + 3]!;
    s4 += rows[r + 4]!;
    s5 += rows[r + 5]!;
    s6 += rows[r + 6]!;
    s7 += rows[r + 7]!;
    s8 += rows[r + 8]!;
    s9 += rows[r + 9]!;
    s10 += rows[r + 10]!;
    s11 += rows[r + 11]!;
    s12 += rows[r + 12]!;
  }
  sums[0] = s0;
  sums[1] = s1;
  sums[2] = s2;
  sums[3] = s3;
  sums[4] = s4;
  sums[5] = s5;
  sums[6] = s6;
  sums[7] = s7;
  sums[8] = s8;
  sums[9] = s9;
  sums[10] = s10;
  sums[11] = s11;
  sums[12] = s12;
}

/**
 * The spans that raised category c in the head whose weights start at `column` and whose features start at `from`: each
 * feature's weight spread over the characters it was read from, then the runs of characters whose share is at least a
 * quarter of the strongest character's, strongest runs first.
 */
function explain(
  model: Model,
  features: FeatureBuffer,
  c: number,
  column: number,
  from: number,
  text: string,
): ModelSignal[] {
  const { meta } = model;
  const heat = new Float64Array(text.length);
  for (let f = from; f < features.count; f++) {
    const w = weightOf(model, features.bucket[f]!, column + c);
    if (w <= 0) continue;
    const start = features.start[f]!;
    const end = features.end[f]!;
    const share = w / (end - start);
    for (let u = start; u < end; u++) heat[u]! += share;
  }
  let peak = 0;
  let total = 0;
  for (const h of heat) {
    peak = Math.max(peak, h);
    total += h;
  }
  if (peak === 0) return [];
  const floor = peak / 4;
  const runs: { start: number; end: number; sum: number }[] = [];
  let u = 0;
  while (u < text.length) {
    if (heat[u]! < floor) {
      u++;
      continue;
    }
    const start = u;
    let sum = 0;
    while (u < text.length && heat[u]! >= floor) sum += heat[u++]!;
    // A separator inside a disguised word (賭＊博) carries less heat than the characters around it: a gap of at most two
    // units of symbols (no letter, digit, space or clause punctuation) joins the two runs into one span.
    const previous = runs[runs.length - 1];
    const bridged =
      previous !== undefined && start - previous.end <= MAX_GAP && DISGUISE_GAP.test(text.slice(previous.end, start));
    if (previous && bridged) {
      for (let g = previous.end; g < start; g++) sum += heat[g]!;
      previous.end = u;
      previous.sum += sum;
    } else runs.push({ start, end: u, sum });
  }
  runs.sort((x, y) => y.sum - x.sum || x.start - y.start);
  const category = meta.categories[c]!;
  return runs.slice(0, MAX_SPANS).map((r) => ({
    category,
    start: r.start,
    end: r.end,
    text: text.slice(r.start, r.end),
    weight: Math.round((r.sum / total) * 1000) / 1000,
  }));
}
