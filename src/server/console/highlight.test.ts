import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segmentText } from './highlight.js';

const cases = [
  {
    name: 'marks a match in the middle of the text',
    text: '想賭＊博的私聊',
    spans: [{ start: 1, end: 4 }],
    want: [
      ['想', []],
      ['賭＊博', [0]],
      ['的私聊', []],
    ],
  },
  {
    name: 'keeps nested matches apart',
    text: 'abcde',
    spans: [
      { start: 0, end: 5 },
      { start: 1, end: 3 },
    ],
    want: [
      ['a', [0]],
      ['bc', [0, 1]],
      ['de', [0]],
    ],
  },
  {
    name: 'clamps spans that run past the text',
    text: 'ab',
    spans: [{ start: 1, end: 9 }],
    want: [
      ['a', []],
      ['b', [0]],
    ],
  },
  {
    name: 'never cuts a surrogate pair in half',
    text: 'x😀y',
    spans: [{ start: 2, end: 4 }],
    want: [
      ['x', []],
      ['😀y', [0]],
    ],
  },
  {
    name: 'returns the whole text once when nothing matched',
    text: '今天天气很好',
    spans: [],
    want: [['今天天气很好', []]],
  },
] as const;

for (const c of cases) {
  test(c.name, () => {
    const got = segmentText(c.text, c.spans).map((s) => [s.text, [...s.covers]]);
    assert.deepEqual(got, c.want);
  });
}

test('the segments put back together are the original text', () => {
  const text = '想賭＊博的私聊，加V信';
  const segments = segmentText(text, [
    { start: 1, end: 4 },
    { start: 2, end: 7 },
    { start: 9, end: 11 },
  ]);
  assert.equal(segments.map((s) => s.text).join(''), text);
});

test('each match ends in exactly one segment, for its footnote', () => {
  const segments = segmentText('abcdef', [
    { start: 0, end: 3 },
    { start: 2, end: 6 },
  ]);
  assert.deepEqual(
    segments.flatMap((s) => s.ends),
    [0, 1],
  );
});
