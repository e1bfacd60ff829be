import type { Random } from '../eval/random.js';

/** One featurized example: its hashed feature occurrences and a 0/1 target per category. */
export interface Featurized {
  readonly buckets: Int32Array;
  readonly targets: Uint8Array;
  /** Where the sound and initial n-grams begin in `buckets` (FeatureBuffer.soundFrom); the sound head reads from here. */
  readonly soundFrom?: number;
}

export interface FitOptions {
  readonly buckets: number;
  readonly categories: number;
  /** See ModelMeta.normFloor. */
  readonly normFloor: number;
  readonly epochs: number;
  /** AdaGrad's base step. */
  readonly rate: number;
  /** L2 penalty on the weights a step touches. */
  readonly l2: number;
  /** Per category, how much a positive example counts against a negative one. */
  readonly positiveWeight: Float64Array;
  /**
   * How the bias is fitted: `fixed` at the weighted prior log-odds; `capped`, learned from there but never above it.
   */
  readonly bias: 'fixed' | 'capped';
  readonly random: Random;
  /** Called after each epoch with the weights so far; returns a loss to keep the best epoch by (lower is better). */
  readonly afterEpoch: (epoch: number, weights: Float32Array, bias: Float64Array, occurrence: Float64Array) => number;
  /** Where to start (weights, bias and AdaGrad state of an earlier fit); absent: from zero weights and the prior bias. */
  readonly start?: Fitted;
  /** Per bucket, 1 where the row may hold weights: rows at 0 stay at zero (see pruneRows). */
  readonly mask?: Uint8Array;
}

export interface Fitted {
  readonly weights: Float32Array;
  readonly bias: Float64Array;
  /** Per category, the weight every feature occurrence adds (see ModelMeta.occurrence). */
  readonly occurrence: Float64Array;
  readonly epoch: number;
  /** AdaGrad's sums of squared gradients, so a later fit can go on where this one stopped. */
  readonly squares: Float32Array;
}

/**
 * Multi-label logistic regression over hashed features, one output per category sharing the feature rows, fitted with
 * AdaGrad: each occurrence contributes 1/√max(n, normFloor) (n occurrences in the text), the same scaling the scorer
 * uses. Deterministic
 * for a given random source. Keeps the epoch with the lowest `afterEpoch` loss.
 */
export function fitLinear(data: readonly Featurized[], options: FitOptions): Fitted {
  const { buckets, categories: k, epochs, rate, l2, positiveWeight, random, normFloor, start, mask } = options;
  const weights = start ? start.weights.slice() : new Float32Array(buckets * k);
  const squares = start ? start.squares.slice() : new Float32Array(buckets * k);
  // The bias starts at the weighted prior log-odds and may only go down from there. A freely learned bias drifted
  // positive for the rare categories while common n-grams took negative weights, so a two-character greeting (你好),
  // with few n-grams to pull it down, scored as abuse in eight categories at once: evidence of harm must be positive
  // weight, not the absence of negative weight. Fixed at the prior it cost 0.03 of COLD dev macro-F1; capped, nothing.
  const bias = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let positives = 0;
    for (const row of data) positives += row.targets[c]!;
    const weighted = Math.max(1, positives) * positiveWeight[c]!;
    bias[c] = Math.log(weighted / Math.max(1, data.length - positives));
  }
  const prior = bias.slice();
  if (start) bias.set(start.bias);
  const biasSquares = new Float64Array(k);
  // The per-occurrence weight: never above zero, so length alone is never evidence of harm.
  const occurrence = start ? start.occurrence.slice() : new Float64Array(k);
  const occurrenceSquares = new Float64Array(k);
  const gradient = new Float64Array(k);
  let best: Fitted | undefined;
  let bestLoss = Infinity;
  const order = Int32Array.from(data.keys());
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (const index of order) {
      const { buckets: features, targets } = data[index]!;
      const n = features.length;
      if (n === 0) continue;
      const x = 1 / Math.sqrt(Math.max(n, normFloor));
      for (let c = 0; c < k; c++) {
        let z = bias[c]! + occurrence[c]! * n * x;
        for (let f = 0; f < n; f++) z += weights[features[f]! * k + c]! * x;
        const p = 1 / (1 + Math.exp(-z));
        const y = targets[c]!;
        gradient[c] = (p - y) * (y === 1 ? positiveWeight[c]! : 1);
        if (options.bias === 'capped') {
          biasSquares[c]! += gradient[c]! * gradient[c]!;
          bias[c] = Math.min(prior[c]!, bias[c]! - (rate * gradient[c]!) / Math.sqrt(biasSquares[c]! + 1e-8));
        }
        const g = gradient[c]! * n * x;
        occurrenceSquares[c]! += g * g;
        occurrence[c] = Math.min(0, occurrence[c]! - (rate * g) / Math.sqrt(occurrenceSquares[c]! + 1e-8));
      }
      for (let f = 0; f < n; f++) {
        if (mask && mask[features[f]!] === 0) continue;
        const row = features[f]! * k;
        for (let c = 0; c < k; c++) {
          const at = row + c;
          const g = gradient[c]! * x + l2 * weights[at]!;
          squares[at]! += g * g;
          weights[at]! -= (rate * g) / Math.sqrt(squares[at]! + 1e-8);
        }
      }
    }
    const loss = options.afterEpoch(epoch, weights, bias, occurrence);
    if (loss < bestLoss) {
      bestLoss = loss;
      best = {
        weights: weights.slice(),
        bias: bias.slice(),
        occurrence: occurrence.slice(),
        epoch,
        squares: squares.slice(),
      };
    }
  }
  return best!;
}

/** Per category, the weight that maps to 127 in int8: the 99.99th percentile of the non-zero |w|. */
function topMagnitudes(weights: Float32Array, k: number): number[] {
  const tops: number[] = [];
  for (let c = 0; c < k; c++) {
    const magnitudes: number[] = [];
    for (let at = c; at < weights.length; at += k) if (weights[at] !== 0) magnitudes.push(Math.abs(weights[at]!));
    magnitudes.sort((a, b) => a - b);
    tops.push(magnitudes[Math.floor(magnitudes.length * 0.9999)] ?? 1);
  }
  return tops;
}

/**
 * Keeps the `share` of rows (buckets) with the strongest weight in any category, measured against that category's
 * int8 scale (times √uses when given), and zeroes the rest in place; returns the mask of kept rows. A sparse model is a fast one: the scorer
 * reads a presence bit for every feature and a weight row only for kept buckets, and a few hundred kilobytes of rows
 * stay in the CPU's cache where 6.8 MB of dense rows did not (see ModelMeta.rows).
 */
export function pruneRows(weights: Float32Array, k: number, share: number, uses?: Float64Array): Uint8Array {
  const buckets = weights.length / k;
  const tops = topMagnitudes(weights, k);
  const strength = new Float64Array(buckets);
  for (let b = 0; b < buckets; b++) {
    let strongest = 0;
    for (let c = 0; c < k; c++) strongest = Math.max(strongest, Math.abs(weights[b * k + c]!) / tops[c]!);
    // With `uses` (how many training texts read the bucket), a weight read by many texts outranks an equal one that
    // fits a few: the sound and initial n-grams that disguised copies share stay, the char trigrams of one row go.
    strength[b] = uses ? strongest * Math.sqrt(uses[b]!) : strongest;
  }
  const keep = Math.round(buckets * share);
  // Ties broken by bucket number, so the mask is deterministic.
  const order = Int32Array.from(strength.keys()).sort((x, y) => strength[y]! - strength[x]! || x - y);
  const mask = new Uint8Array(buckets);
  for (let r = 0; r < keep; r++) mask[order[r]!] = 1;
  for (let b = 0; b < buckets; b++) if (mask[b] === 0) weights.fill(0, b * k, b * k + k);
  return mask;
}

/** Per category, the weights as int8 with one scale: the 99.99th percentile of |w| maps to 127, larger ones clip. */
export function quantize(weights: Float32Array, k: number): { int8: Int8Array; scales: number[] } {
  const scales: number[] = [];
  const int8 = new Int8Array(weights.length);
  const tops = topMagnitudes(weights, k);
  for (let c = 0; c < k; c++) {
    const scale = tops[c]! / 127 || 1;
    scales.push(scale);
    for (let at = c; at < weights.length; at += k)
      int8[at] = Math.max(-127, Math.min(127, Math.round(weights[at]! / scale)));
  }
  return { int8, scales };
}

/**
 * Platt scaling: a and b so that sigmoid(a·z + b) fits the 0/1 targets, by Newton's method on the log loss with the
 * targets smoothed as Platt (1999) advises. a = 1, b = 0 when there are no positives or no negatives.
 */
export function fitPlatt(z: Float64Array, y: Uint8Array): { a: number; b: number } {
  let positives = 0;
  for (const t of y) positives += t;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return { a: 1, b: 0 };
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * z[i]! + b)));
      const t = y[i] === 1 ? high : low;
      const d = p - t;
      const w = p * (1 - p);
      ga += d * z[i]!;
      gb += d;
      haa += w * z[i]! * z[i]!;
      hab += w * z[i]!;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (det <= 0) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-7 && Math.abs(db) < 1e-7) break;
  }
  return { a, b };
}
