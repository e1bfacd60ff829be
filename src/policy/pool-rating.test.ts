import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileEngine, parseLexicon } from '../engine/index.js';
import {
  POOL_BANDS,
  POOL_THEMES,
  POOL_THEME_RULES,
  guideThemesForBand,
  ratePoolBand,
  themesForBand,
  youngestSuitableBand,
  type PoolBand,
  type PoolItemFacts,
  type PoolRating,
} from './index.js';

const engine = compileEngine(
  parseLexicon([
    {
      name: 'pool-test.txt',
      text: ['@category horror', '尸体视频 medium', '@category gambling', '赌场 low topic', '网络赌博 high', ''].join(
        '\n',
      ),
    },
  ]),
);

function ratings(facts: PoolItemFacts, text: string): Record<PoolBand, PoolRating> {
  const out = {} as Record<PoolBand, PoolRating>;
  for (const band of POOL_BANDS)
    out[band] = ratePoolBand(facts, band, engine.moderate(text, { ageBand: band }), undefined).rating;
  return out;
}

const cases: readonly { name: string; facts: PoolItemFacts; text: string; want: Record<PoolBand, PoolRating> }[] = [
  {
    name: 'a lullaby in audio suits every band',
    facts: { kind: 'audio', themes: ['songs_audio'] },
    text: '小星星儿歌，轻柔的摇篮曲',
    want: {
      under_3: 'suitable',
      age_3_8: 'suitable',
      age_8_12: 'suitable',
      age_12_16: 'suitable',
      age_16_18: 'suitable',
    },
  },
  {
    name: 'a song as video needs a review under 3 only (mainly audio)',
    facts: { kind: 'video', themes: ['songs_audio'] },
    text: '两只老虎跟唱视频',
    want: {
      under_3: 'needs_review',
      age_3_8: 'suitable',
      age_8_12: 'suitable',
      age_12_16: 'suitable',
      age_16_18: 'suitable',
    },
  },
  {
    name: 'an article is not for under 3',
    facts: { kind: 'article', themes: ['general_knowledge'] },
    text: '为什么天空是蓝色的',
    want: {
      under_3: 'unsuitable',
      age_3_8: 'suitable',
      age_8_12: 'suitable',
      age_12_16: 'suitable',
      age_16_18: 'suitable',
    },
  },
  {
    name: 'news begins at 8',
    facts: { kind: 'article', themes: ['news'] },
    text: '神舟飞船顺利返回',
    want: {
      under_3: 'unsuitable',
      age_3_8: 'unsuitable',
      age_8_12: 'suitable',
      age_12_16: 'suitable',
      age_16_18: 'suitable',
    },
  },
  {
    name: 'careers are for 16–18',
    facts: { kind: 'video', themes: ['career', 'interests'] },
    text: '走进护士的一天',
    want: {
      under_3: 'unsuitable',
      age_3_8: 'unsuitable',
      age_8_12: 'unsuitable',
      age_12_16: 'unsuitable',
      age_16_18: 'suitable',
    },
  },
  {
    name: 'may_affect (horror) is never in a minor pool',
    facts: { kind: 'video', themes: ['positive_entertainment'] },
    text: '这里有尸体视频',
    want: {
      under_3: 'unsuitable',
      age_3_8: 'unsuitable',
      age_8_12: 'unsuitable',
      age_12_16: 'unsuitable',
      age_16_18: 'unsuitable',
    },
  },
  {
    name: 'a harmful topic word on its own goes to a person, where the theme fits',
    facts: { kind: 'article', themes: ['news'] },
    text: '警方查处一家地下赌场',
    want: {
      under_3: 'unsuitable',
      age_3_8: 'unsuitable',
      age_8_12: 'needs_review',
      age_12_16: 'needs_review',
      age_16_18: 'needs_review',
    },
  },
  {
    name: 'harmful content is unsuitable everywhere',
    facts: { kind: 'article', themes: ['news'] },
    text: '加入网络赌博稳赚',
    want: {
      under_3: 'unsuitable',
      age_3_8: 'unsuitable',
      age_8_12: 'unsuitable',
      age_12_16: 'unsuitable',
      age_16_18: 'unsuitable',
    },
  },
];

for (const c of cases) {
  test(`rating per band: ${c.name}`, () => assert.deepEqual(ratings(c.facts, c.text), c.want));
}

test('the reasons carry the spans that triggered them, in the rated text', () => {
  const text = '标题\n这里有尸体视频';
  const rated = ratePoolBand(
    { kind: 'video', themes: ['science'] },
    'age_8_12',
    engine.moderate(text, { ageBand: 'age_8_12' }),
    undefined,
  );
  const horror = rated.reasons.find((r) => r.code === 'may_affect');
  assert.equal(horror?.category, 'horror');
  const span = horror?.spans?.[0];
  assert.ok(span);
  assert.equal(text.slice(span.start, span.end), '尸体视频');
});

test("a reviewer's decision wins over the rules and keeps what they said", () => {
  const verdict = engine.moderate('警方查处一家地下赌场', { ageBand: 'age_12_16' });
  const rated = ratePoolBand({ kind: 'article', themes: ['news'] }, 'age_12_16', verdict, {
    rating: 'suitable',
    note: '反赌新闻',
  });
  assert.equal(rated.rating, 'suitable');
  assert.equal(rated.auto, 'needs_review');
  assert.deepEqual(
    rated.reasons.map((r) => r.code),
    ['reviewer', 'harmful'],
  );
});

test('the youngest suitable band is the minBand of a content.view request', () => {
  const facts: PoolItemFacts = { kind: 'article', themes: ['science'] };
  const all = POOL_BANDS.map((band) =>
    ratePoolBand(facts, band, engine.moderate('火山为什么会喷发', { ageBand: band }), undefined),
  );
  assert.equal(youngestSuitableBand(all), 'age_8_12');
});

test('every theme row has a source, the bands grow their themes, and every band has guide themes', () => {
  for (const theme of POOL_THEMES) assert.match(POOL_THEME_RULES[theme].source, /指南/);
  for (let i = 1; i < POOL_BANDS.length; i++) {
    const younger = themesForBand(POOL_BANDS[i - 1]!);
    const older = themesForBand(POOL_BANDS[i]!);
    assert.ok(
      younger.every((t) => older.includes(t)),
      `${POOL_BANDS[i]} keeps ${POOL_BANDS[i - 1]}'s themes`,
    );
  }
  for (const band of POOL_BANDS) assert.ok(guideThemesForBand(band).length > 0, band);
  assert.deepEqual(themesForBand('under_3'), ['songs_audio']);
});
