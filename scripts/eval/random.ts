/** A seeded PRNG (mulberry32): the same seed gives the same suite on every machine. */
export type Random = () => number;

export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seed for one named stream derived from the run's seed, so that adding a kind or a corpus does not shift the samples of
 * the others (FNV-1a over the name).
 */
export function deriveSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A whole number in [low, high]. */
export function between(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(random() * items.length)]!;
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Up to `count` items, taken round-robin from the groups (each shuffled), so that every group is represented. */
export function stratified<T>(random: Random, groups: readonly (readonly T[])[], count: number): T[] {
  const queues = groups.map((g) => shuffled(random, g)).filter((q) => q.length > 0);
  const out: T[] = [];
  for (let round = 0; out.length < count && queues.some((q) => round < q.length); round++) {
    for (const queue of shuffled(random, queues)) {
      if (out.length >= count) break;
      const item = queue[round];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}
