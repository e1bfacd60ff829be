import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AhoCorasick } from './aho-corasick.js';

const build = (patterns: number[][], size: number): AhoCorasick =>
  AhoCorasick.build(
    patterns.map((p) => Int32Array.from(p)),
    size,
  );

/** Every (end position, pattern) the automaton reports on a symbol sequence. */
function run(ac: AhoCorasick, text: readonly number[]): string[] {
  const found: string[] = [];
  let state = 0;
  text.forEach((sym, i) => {
    state = ac.next(state, sym);
    for (const p of ac.outputs(state)) found.push(`${i}:${p}`);
  });
  return found.sort();
}

test('aho-corasick: a pattern nested inside another is reported, as are overlapping ones', () => {
  // abcd, bc, cd, d over symbols a=1 b=2 c=3 d=4
  const ac = build([[1, 2, 3, 4], [2, 3], [3, 4], [4]], 4);
  assert.deepEqual(run(ac, [1, 2, 3, 4]), ['2:1', '3:0', '3:2', '3:3']);
});

test('aho-corasick: symbol 0 is outside the alphabet and resets to the root', () => {
  const ac = build([[1, 2]], 2);
  assert.deepEqual(run(ac, [1, 0, 2, 1, 2]), ['4:0']);
});

test('property: the automaton reports exactly the occurrences a naive search finds, and its dense table agrees', () => {
  const patternArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 });
  fc.assert(
    fc.property(
      fc.uniqueArray(patternArb, { minLength: 1, maxLength: 10, selector: (p) => p.join(',') }),
      fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }),
      (patterns, text) => {
        const ac = build(patterns, 4);
        const naive: string[] = [];
        patterns.forEach((p, id) => {
          for (let end = p.length - 1; end < text.length; end++) {
            if (p.every((sym, k) => text[end - p.length + 1 + k] === sym)) naive.push(`${end}:${id}`);
          }
        });
        assert.deepEqual(run(ac, text), naive.sort());
        const dense = ac.denseTable(4, 1 << 20);
        assert.ok(dense);
        for (let s = 0; s < ac.stateCount; s++) {
          for (let sym = 0; sym <= 4; sym++)
            assert.equal(dense[s * 5 + sym], ac.next(s, sym), `state ${s} symbol ${sym}`);
        }
      },
    ),
    { numRuns: 500 },
  );
});
