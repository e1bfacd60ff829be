/**
 * A set of pairs of small integers (symbols, code points) as one bit per hash of the pair: `hasPair` may say yes for a
 * pair never added (a false hit costs its caller a closer look), never no for one that was. One typed-array read, so
 * the hot loops can rule most pairs out before any map lookup or automaton step.
 */
export type PairBits = Int32Array;

/** A set of 2^`log2Bits` bits (at least 32). */
export function createPairBits(log2Bits: number): PairBits {
  return new Int32Array(1 << Math.max(0, log2Bits - 5));
}

/** The bit of (a, b): the top bits of a multiplicative hash, as many as the set has bits. */
function slot(bits: PairBits, a: number, b: number): number {
  // A set of 2^k words has 2^(k+5) bits: the hash keeps its top k + 5 bits.
  return (Math.imul(a, 0x9e3779b1) + Math.imul(b, 0x85ebca6b)) >>> (Math.clz32(bits.length) - 4);
}

export function addPair(bits: PairBits, a: number, b: number): void {
  const h = slot(bits, a, b);
  bits[h >>> 5] = bits[h >>> 5]! | (1 << (h & 31));
}

export function hasPair(bits: PairBits, a: number, b: number): boolean {
  const h = slot(bits, a, b);
  return (bits[h >>> 5]! & (1 << (h & 31))) !== 0;
}
