import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SpanList } from './span-list.js';

// SpanList against the passes over every span it replaces, on random spans and questions.

const spanArb = fc.tuple(fc.nat(60), fc.integer({ min: 1, max: 12 })).map(([s, n]) => [s, s + n] as const);

test('answers every question as a pass over every span would', () => {
  fc.assert(
    fc.property(fc.array(spanArb, { maxLength: 30 }), fc.array(spanArb, { maxLength: 10 }), (spans, questions) => {
      const list = new SpanList();
      spans.forEach(([s, e], i) => list.add(s, e, i));
      const removed = new Set<number>();
      for (const [s, e] of questions) {
        const live = spans.filter((_, i) => !removed.has(i));
        assert.equal(
          list.overlaps(s, e),
          live.some(([a, b]) => a < e && b > s),
        );
        assert.equal(
          list.covers(s, e),
          live.some(([a, b]) => a <= s && b >= e),
        );
        assert.equal(
          list.has(s, e),
          live.some(([a, b]) => a === s && b === e),
        );
        const within = spans.flatMap(([a, b], i) => (!removed.has(i) && a >= s && b <= e && i % 2 === 0 ? [i] : []));
        assert.deepEqual(
          list.removeWithin(s, e, (i) => i % 2 === 0).sort((x, y) => x - y),
          within,
        );
        for (const i of within) removed.add(i);
      }
    }),
    { numRuns: 500 },
  );
});

test('lists the spans starting in a range, in order of start', () => {
  const list = new SpanList();
  list.add(5, 7, 0);
  list.add(1, 3, 1);
  list.add(5, 6, 2);
  list.add(9, 12, 3);
  assert.deepEqual(list.startingIn(2, 9), [0, 2]);
  assert.equal(list.longestSpan, 3);
});
