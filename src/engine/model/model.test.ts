import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../lib/index.js';
import {
  compileEngine,
  createNormalizer,
  createModel,
  createModelScorer,
  extractFeatures,
  FeatureBuffer,
  normalize,
  parseLexicon,
  parseModel,
  serializeModel,
  VARIANT_KINDS,
  weightOf,
  type Category,
  type Model,
} from '../index.js';

const BUCKETS = 1 << 12;
const normalizer = createNormalizer(VARIANT_KINDS);

/** The feature buckets of a text, as a sorted multiset. */
function featuresOf(text: string): number[] {
  const out = new FeatureBuffer();
  const n = extractFeatures(normalize(normalizer, text), out, BUCKETS);
  return Array.from(out.bucket.subarray(0, n)).sort((a, b) => a - b);
}

const includesAll = (haystack: readonly number[], needles: readonly number[]): boolean => {
  const counts = new Map<number, number>();
  for (const h of haystack) counts.set(h, (counts.get(h) ?? 0) + 1);
  return needles.every((n) => {
    const c = counts.get(n) ?? 0;
    counts.set(n, c - 1);
    return c > 0;
  });
};

/**
 * A model whose only weights are the features of the `harmful` texts (for `gambling`), so a text scores high exactly
 * when it reads as one of them does.
 */
function tinyModel(
  harmful: string | readonly string[],
  categories: readonly Category[] = ['gambling', 'abuse'],
): Model {
  const k = categories.length;
  const weights = new Int8Array(BUCKETS * k);
  for (const text of typeof harmful === 'string' ? [harmful] : harmful)
    for (const bucket of featuresOf(text)) weights[bucket * k] = 100;
  return createModel(
    {
      format: 'qinglang-sparse-1',
      categories,
      buckets: BUCKETS,
      normFloor: 1,
      scales: categories.map(() => 0.01),
      bias: categories.map(() => -3),
      calibration: categories.map(() => ({ a: 1, b: 0 })),
    },
    weights,
  );
}

test('features see through folding, separators, repeats and invisible characters', () => {
  const plain = featuresOf('赌博网站');
  for (const disguised of ['賭博網站', '赌*博*网*站', '赌赌赌博网站', '赌\u200b博网站', '赌 博 网 站'])
    assert.deepEqual(featuresOf(disguised), plain, disguised);
});

test('homophones and spelled pinyin share the sound features of the characters', () => {
  const sound = featuresOf;
  const plain = sound('赌博');
  const homophone = sound('堵搏');
  const pinyin = sound('dubo');
  const shared = (a: number[], b: number[]): number => a.filter((x) => b.includes(x)).length;
  // Two sounds, one sound pair and one initial pair are shared; the characters are not.
  assert.ok(shared(plain, homophone) >= 4, `homophone shares ${shared(plain, homophone)}`);
  assert.ok(shared(plain, pinyin) >= 4, `pinyin shares ${shared(plain, pinyin)}`);
  assert.ok(shared(plain, sound('今天')) === 0);
});

test('pinyin initials share the initial features of the characters they abbreviate', () => {
  const initials = featuresOf('nmsl');
  const han = featuresOf('你妈死了');
  assert.ok(
    includesAll(
      han,
      initials.filter((f) => han.includes(f)),
    ),
  );
  assert.ok(initials.filter((f) => han.includes(f)).length >= 3, 'nm, ms, sl and their triples are shared');
});

test('a split character reads as the character it spells, beside its components', () => {
  // 女干 spells 奸: the split text holds every feature of the plain one (and its components' own).
  for (const [split, plain] of [
    ['强女干', '强奸'],
    ['土也址', '地址'],
  ] as const) {
    const features = featuresOf(split);
    assert.ok(includesAll(features, featuresOf(plain)), `${split} ⊇ ${plain}`);
    assert.ok(features.length > featuresOf(plain).length);
  }
  // Characters that spell nothing together add nothing.
  const out = new FeatureBuffer();
  const count = extractFeatures(normalize(normalizer, '今天'), out, BUCKETS);
  assert.equal(count, 7, '2 + 1 chars, 2 + 1 sounds, 1 initial pair, no split');
});

test('extracting features is deterministic and reuses its buffer', () => {
  const out = new FeatureBuffer();
  const first = Array.from(out.bucket.subarray(0, extractFeatures(normalize(normalizer, '你好世界'), out, BUCKETS)));
  extractFeatures(normalize(normalizer, '一段很长的文字'.repeat(50)), out, BUCKETS);
  const again = Array.from(out.bucket.subarray(0, extractFeatures(normalize(normalizer, '你好世界'), out, BUCKETS)));
  assert.deepEqual(again, first);
});

test('a model file round-trips, and damaged bytes are a model_invalid error', () => {
  const model = tinyModel('网赌');
  const bytes = serializeModel(model);
  const back = parseModel(bytes);
  assert.deepEqual(back.meta, model.meta);
  assert.deepEqual(Array.from(back.present), Array.from(model.present));
  assert.deepEqual(Array.from(back.rank), Array.from(model.rank));
  assert.deepEqual(Array.from(back.rows), Array.from(model.rows));
  // Only the buckets of 网赌's features hold rows: the file is sparse.
  assert.equal(back.rows.length, new Set(featuresOf('网赌')).size * 2);
  for (const bucket of featuresOf('网赌')) assert.equal(weightOf(back, bucket, 0), 100);
  assert.equal(weightOf(back, featuresOf('今天')[0]!, 0), 0);
  const cases: [string, Uint8Array][] = [
    ['wrong magic', Uint8Array.from([0x51, 0x4c, 0x4d, 0x39, 0, 0, 0, 0])],
    ['truncated weights', bytes.subarray(0, bytes.length - 1)],
    ['truncated bitmap', bytes.subarray(0, bytes.length - model.rows.length - 3)],
    ['empty', new Uint8Array(0)],
  ];
  for (const [name, damaged] of cases) {
    assert.throws(
      () => parseModel(damaged),
      (e: unknown) => isAppError(e) && e.code === 'model_invalid',
      name,
    );
  }
});

test('scores are calibrated probabilities and explanations point into the original text', () => {
  const scorer = createModelScorer(tinyModel('网赌平台'));
  const text = '来玩 網-賭-平-台 吧';
  const result = scorer.score(normalize(normalizer, text), text, 'age_12_16');
  assert.ok(result.scores.gambling! > 0.5, `gambling ${result.scores.gambling}`);
  assert.ok(result.scores.abuse! < 0.1);
  assert.ok(result.signals.length > 0);
  for (const s of result.signals) {
    assert.equal(s.category, 'gambling');
    assert.equal(text.slice(s.start, s.end), s.text);
    assert.match(s.text, /[網賭平台]/u);
  }
  assert.equal(result.signals[0]?.text, '網-賭-平-台');
  const benign = scorer.score(normalize(normalizer, '今天天气很好'), '今天天气很好', 'age_12_16');
  assert.ok(benign.scores.gambling! < 0.1);
  assert.deepEqual(benign.signals, []);
});

test('the per-occurrence weight lowers a score by how much ordinary text surrounds the evidence', () => {
  const plain = tinyModel('网赌平台');
  const withOccurrence = createModel({ ...plain.meta, occurrence: [-0.2, 0] }, denseOf(plain));
  const score = (model: Model, text: string): number =>
    createModelScorer(model).score(normalize(normalizer, text), text, 'age_12_16').scores.gambling!;
  const short = '网赌平台';
  const long = `网赌平台${'今天天气很好我们去公园散步'.repeat(3)}`;
  assert.ok(score(withOccurrence, short) < score(plain, short));
  // Every occurrence adds the same negative weight, so the long text loses more than the short one.
  assert.ok(score(plain, long) - score(withOccurrence, long) > 0);
  assert.ok(score(withOccurrence, long) < score(withOccurrence, short));
  assert.throws(
    () => parseModel(serializeModel(createModel({ ...plain.meta, occurrence: [0] }, denseOf(plain)))),
    (e: unknown) => isAppError(e) && e.code === 'model_invalid',
  );
});

test('the sound head scores a homophone or pinyin disguise as it scores the plain text, and the larger head wins', () => {
  // Row width 4: the first head's weights (gambling, abuse), then the sound head's. The first head knows 网赌平台's
  // characters only; the sound head knows its sounds and initials only.
  const k = 2;
  const dense = new Int8Array(BUCKETS * 2 * k);
  const out = new FeatureBuffer();
  const count = extractFeatures(normalize(normalizer, '网赌平台'), out, BUCKETS);
  for (let f = 0; f < count; f++) dense[out.bucket[f]! * 2 * k + (f < out.soundFrom ? 0 : k)] = 100;
  const head = {
    scales: [0.01, 0.01],
    bias: [-3, -3],
    occurrence: [0, 0],
    calibration: [
      { a: 1, b: 0 },
      { a: 1, b: 0 },
    ],
  };
  const meta = {
    format: 'qinglang-sparse-1' as const,
    categories: ['gambling', 'abuse'] as const,
    buckets: BUCKETS,
    normFloor: 1,
    ...head,
  };
  const both = createModel({ ...meta, sound: head }, dense);
  const back = parseModel(serializeModel(both));
  assert.deepEqual(back.meta, both.meta);
  const score = (model: Model, text: string) =>
    createModelScorer(model).score(normalize(normalizer, text), text, 'age_12_16');
  for (const disguised of ['王堵评抬', 'wangdupingtai']) {
    const plain = score(back, '网赌平台');
    const hidden = score(back, disguised);
    assert.ok(hidden.scores.gambling! > 0.5, `${disguised}: ${hidden.scores.gambling}`);
    assert.ok(Math.abs(hidden.scores.gambling! - plain.scores.gambling!) < 0.1, disguised);
    // The spans come from the head that scored: the sound head's features, over the disguised characters.
    assert.ok(hidden.signals.length > 0 && hidden.signals.every((s) => disguised.includes(s.text)), disguised);
  }
  // Without the sound head the same first-head weights miss the homophones.
  const firstOnly = new Int8Array(BUCKETS * k);
  for (let b = 0; b < BUCKETS; b++) firstOnly.set(dense.subarray(b * 2 * k, b * 2 * k + k), b * k);
  assert.ok(score(createModel(meta, firstOnly), '王堵评抬').scores.gambling! < 0.5);
  assert.ok(score(back, '今天天气很好').scores.gambling! < 0.1);
  // A sound head whose lists do not match the categories is a damaged file.
  assert.throws(
    () => parseModel(serializeModel(createModel({ ...meta, sound: { ...head, bias: [-3] } }, dense))),
    (e: unknown) => isAppError(e) && e.code === 'model_invalid',
  );
});

/** The dense weights of a model, as createModel takes them. */
function denseOf(model: Model): Int8Array {
  const k = model.meta.categories.length;
  const dense = new Int8Array(model.meta.buckets * k);
  for (let b = 0; b < model.meta.buckets; b++) for (let c = 0; c < k; c++) dense[b * k + c] = weightOf(model, b, c);
  return dense;
}

test('an explanation bridges the symbols a disguise puts inside a word, not clause punctuation', () => {
  // Weights on single characters only: a separator between them gets no share of any feature.
  const scorer = createModelScorer(tinyModel(['网', '赌']));
  const explain = (text: string): string[] =>
    scorer.score(normalize(normalizer, text), text, 'age_12_16', 0.01).signals.map((s) => s.text);
  assert.deepEqual(explain('網＊賭'), ['網＊賭']);
  assert.deepEqual(explain('網🎲賭'), ['網🎲賭']);
  assert.deepEqual(explain('網，賭').sort(), ['網', '賭']);
});

test('the verdict joins the model: scores, signals, and a finding per category over the band threshold', () => {
  const lexicon = parseLexicon([{ name: 't', text: '@category gambling\n网赌 topic\n' }]);
  const words = compileEngine(lexicon);
  const withModel = compileEngine(lexicon, { model: tinyModel('网赌平台注册就送') });
  const offer = '网赌平台注册就送';
  // A topic term alone is a label; the model reading an offer gives it its severity back.
  assert.equal(words.moderate(offer).action, 'label');
  const verdict = withModel.moderate(offer);
  assert.equal(verdict.action, 'block');
  assert.ok(verdict.categories.includes('gambling'));
  assert.equal(verdict.matches.find((m) => m.term === '网赌')?.severity, 'high');
  assert.ok((verdict.signals ?? []).some((s) => s.category === 'gambling'));
  // News naming the harm: neither words nor model flag it.
  const news = withModel.moderate('警方通报一起网赌案件');
  assert.equal(news.flagged, false);
  assert.equal(typeof news.scores?.gambling, 'number');
  // Without a model the verdict has no model fields.
  assert.equal('scores' in words.moderate(offer), false);
});

test('a tenant threshold can tighten the band default, never loosen it', () => {
  const engine = compileEngine(parseLexicon([]), { model: tinyModel('网赌平台注册就送') });
  const text = '今天注册了一个新平台';
  const score = engine.moderate(text).scores?.gambling ?? 0;
  assert.ok(score > 0.05 && score < 0.5, `score ${score}`);
  assert.equal(engine.moderate(text).flagged, false);
  assert.equal(engine.moderate(text, { modelThreshold: score - 0.01 }).flagged, true);
  assert.equal(engine.moderate('网赌平台注册就送', { modelThreshold: 0.999 }).flagged, true);
});
