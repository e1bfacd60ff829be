import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  compileEngine,
  createModelScorer,
  createNormalizer,
  DEFAULT_MODEL_FILE,
  extractFeatures,
  FeatureBuffer,
  loadLexicon,
  loadModel,
  normalize,
  VARIANT_KINDS,
  weightOf,
  type Category,
} from 'qinglang';

// How the shipped model and the default lexicon judge whole sentences together, at the default age band (12–16). The
// mechanisms have unit tests with tiny models; these pin down what the trained weights do with the examples.
const model = await loadModel();
const engine = compileEngine(await loadLexicon(), { model });

test('the shipped weights are the file npm run train wrote (its recorded sha256)', () => {
  const recorded = readFileSync(`${DEFAULT_MODEL_FILE}.sha256`, 'utf8').split(/\s+/u)[0];
  const actual = createHash('sha256').update(readFileSync(DEFAULT_MODEL_FILE)).digest('hex');
  assert.equal(actual, recorded);
  assert.ok(readFileSync(DEFAULT_MODEL_FILE).length <= 25 * 1024 * 1024, 'the model fits the 25 MB budget');
});

const flagged: readonly (readonly [why: string, text: string, category: Category])[] = [
  ['regional contempt with no lexicon word', '这种人就该滚回他们老家，别在这丢人现眼', 'abuse'],
  ['a task-scam recruiting line', '宝妈在家就能做，手机点赞一单3元，日结不压款', 'fraud'],
  ['an insult', '你个智障', 'abuse'],
];
for (const [why, text, category] of flagged) {
  test(`shipped model flags ${why}: ${text}`, () => {
    const verdict = engine.moderate(text);
    assert.equal(verdict.flagged, true, JSON.stringify(verdict));
    const signals = (verdict.signals ?? []).filter((s) => s.category === category);
    assert.ok(signals.length > 0, `a ${category} signal: ${JSON.stringify(verdict.signals)}`);
    for (const s of signals) assert.equal(text.slice(s.start, s.end), s.text);
  });
}

const benign: readonly (readonly [why: string, text: string])[] = [
  ['a police warning naming the scam', '警方提醒：刷单返利都是诈骗'],
  ['everyday talk', '今天天气不错，我们下午去公园散步吧'],
  ['a business phone number in a booking dialogue', '电话是010-84035296，地址在北京海淀区。'],
  ['drug-bust news', '警方缴获冰毒5公斤，抓获犯罪嫌疑人3名'],
  // A model whose bias was learned flagged these in many categories at once: few n-grams, nothing to pull it down.
  ...['你好', '在吗', '加油', '哈哈', '好的', '生日快乐', '今天天气很好', '妈妈我回来了'].map(
    (text) => ['a short everyday message', text] as const,
  ),
];
for (const [why, text] of benign) {
  test(`shipped model does not flag ${why}: ${text}`, () => {
    const verdict = engine.moderate(text);
    assert.equal(verdict.flagged, false, JSON.stringify(verdict));
  });
}

test('disguises that the folded view undoes leave the score within 0.1 of the plain text', () => {
  const plain = '宝妈在家就能做，手机点赞一单3元，日结不压款';
  const disguised = ['寶媽在家就能做，手機點贊一單3元，日結不壓款', '宝*妈在家就能做，手.机点.赞一单３元，日结不压款'];
  const p = engine.moderate(plain).scores?.fraud ?? 0;
  for (const text of disguised) {
    const q = engine.moderate(text).scores?.fraud ?? 0;
    assert.ok(Math.abs(p - q) <= 0.1, `${text}: ${q} vs ${p}`);
  }
});

test('random characters, letters and digits do not flag: pruned models that read them as contact ids or contempt did', () => {
  // Text no one writes, so nothing in training taught the model about it: 1,000 seeded texts of 50–300 characters drawn
  // from common Han characters, punctuation, Latin letters and digits, as the engine benchmark's corpus is. A thousand,
  // not a few hundred, so the share is measured, not a handful of texts near a threshold.
  let seed = 7;
  const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = (chars: string): string => chars.charAt(Math.floor(random() * chars.length));
  const punctuation = '，。！？、；：“”（）《》 ';
  let flagged = 0;
  const texts = 1000;
  for (let t = 0; t < texts; t++) {
    let text = '';
    const length = 50 + Math.floor(random() * 250);
    while (text.length < length) {
      const r = random();
      if (r < 0.86) text += String.fromCharCode(0x4e00 + Math.floor(random() * 3000));
      else if (r < 0.93) text += pick(punctuation);
      else if (r < 0.97) text += pick('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
      else text += pick('0123456789');
    }
    if (engine.moderate(text).flagged) flagged++;
  }
  // The shipped model flags under 1% of them (its sound head reads random syllables as words more often than the first
  // head reads random characters: 0.4% of 2,000 such texts, against 0.25% before it); a few percent would already be
  // thousands of false blocks a day, and the 10%-pruned model flagged a quarter.
  assert.ok(flagged <= texts / 100, `${flagged} of ${texts} random texts flagged`);
});

test("the scorer's sums of both heads are the sums of the rows, as weightOf reads them", () => {
  // The scorer adds the shipped shape's 13 categories in unrolled passes, one per head; this recomputes every
  // probability the slow way.
  const { meta } = model;
  const k = meta.categories.length;
  const normalizer = createNormalizer(VARIANT_KINDS);
  const scorer = createModelScorer(model);
  const features = new FeatureBuffer();
  const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
  const texts = [
    '这种人就该滚回他们老家，别在这丢人现眼',
    '宝妈在家就能做，手机点赞一单3元，日结不压款',
    '你好',
    'zhe zhong ren',
    '强女干犯',
    '',
  ];
  for (let t = 0; t < 40; t++) texts.push('今天天气很好我们去公园散步了'.slice(t % 7) + '加我vx领皮肤'.repeat(t % 3));
  for (const text of texts) {
    const view = normalize(normalizer, text);
    const got = scorer.score(view, text, 'age_12_16').scores;
    const count = extractFeatures(view, features, meta.buckets, false);
    const heads = [
      { from: 0, column: 0, ...meta },
      ...(meta.sound ? [{ from: features.soundFrom, column: k, ...meta.sound }] : []),
    ];
    meta.categories.forEach((category, c) => {
      let p = 0;
      for (const head of heads) {
        let sum = 0;
        for (let f = head.from; f < count; f++) sum += weightOf(model, features.bucket[f]!, head.column + c);
        const n = count - head.from;
        const occurrence = head.occurrence?.[c] ?? 0;
        const z =
          n === 0
            ? head.bias[c]!
            : head.bias[c]! + (sum * head.scales[c]! + n * occurrence) / Math.sqrt(Math.max(n, meta.normFloor));
        p = Math.max(p, sigmoid(head.calibration[c]!.a * z + head.calibration[c]!.b));
      }
      assert.equal(got[category], Math.round(p * 1e4) / 1e4, `${text}: ${category}`);
    });
  }
});
