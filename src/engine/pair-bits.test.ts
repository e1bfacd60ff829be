import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPair, createPairBits, hasPair } from './pair-bits.js';

test('pair bits: every pair added is found, in sets of every size', () => {
  for (const log2Bits of [5, 16, 20]) {
    const bits = createPairBits(log2Bits);
    const pairs = Array.from({ length: 500 }, (_, i) => [i * 7 + 1, (i * 131) % 4000] as const);
    for (const [a, b] of pairs) addPair(bits, a, b);
    for (const [a, b] of pairs) assert.ok(hasPair(bits, a, b), `${a},${b} in 2^${log2Bits} bits`);
  }
});

test('pair bits: a set of 2^16 bits spreads 1,000 pairs, so few others hit and order matters', () => {
  const bits = createPairBits(16);
  for (let i = 0; i < 1000; i++) addPair(bits, 0x4e00 + i, 0x4e00 + ((i * 37) % 3000));
  let hits = 0;
  for (let i = 0; i < 10000; i++) if (hasPair(bits, 0x6000 + (i % 500), 0x7000 + Math.floor(i / 500))) hits++;
  assert.ok(hits < 400, `${hits} of 10,000 pairs never added hit`); // 1,000 bits of 65,536 set: about 150 expected
  let swapped = 0;
  for (let i = 0; i < 1000; i++) if (hasPair(bits, 0x4e00 + ((i * 37) % 3000), 0x4e00 + i)) swapped++;
  assert.ok(swapped < 100, `${swapped} of 1,000 swapped pairs hit`);
});
