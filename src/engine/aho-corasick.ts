/**
 * An Aho–Corasick automaton over dense symbol ids, stored in typed arrays: a dense transition row for the root (where the
 * matcher spends most of its time), sorted edge lists for every other state, failure links, and dictionary links so that
 * every pattern ending at a position is reported, including one nested inside another.
 *
 * @example
 * const ac = AhoCorasick.build([Int32Array.of(1, 2), Int32Array.of(2)], 2);
 * let s = 0;
 * for (const sym of [1, 2]) s = ac.next(s, sym);
 * [...ac.outputs(s)]; // [0, 1]: both patterns end here
 */
/** An automaton's arrays as plain data, which structured clone copies and a worker thread can transfer. */
export interface AutomatonTables {
  readonly rootNext: Int32Array;
  readonly edgeStart: Int32Array;
  readonly edgeSym: Int32Array;
  readonly edgeTo: Int32Array;
  readonly fail: Int32Array;
  readonly dict: Int32Array;
  readonly outStart: Int32Array;
  readonly outPattern: Int32Array;
  readonly stateCount: number;
  readonly childBits: Int32Array;
}

export class AhoCorasick {
  private constructor(
    /** Next state from the root for each symbol (0: stay at the root). */
    readonly rootNext: Int32Array,
    private readonly edgeStart: Int32Array,
    private readonly edgeSym: Int32Array,
    private readonly edgeTo: Int32Array,
    readonly fail: Int32Array,
    /** Nearest state on the failure chain with patterns of its own, or -1. */
    readonly dict: Int32Array,
    /** Patterns of state s are outPattern[outStart[s] .. outStart[s + 1]); scanners read them directly. */
    readonly outStart: Int32Array,
    readonly outPattern: Int32Array,
    readonly stateCount: number,
    /**
     * Per state, bit (sym & 31) is set when the state has a child on some symbol with those low bits: most failed
     * transitions (a state whose children do not include the symbol) skip the edge search with one read.
     */
    private readonly childBits: Int32Array,
  ) {}

  /** The automaton over arrays that `tables()` gave, in this thread or another: nothing is rebuilt. */
  static fromTables(t: AutomatonTables): AhoCorasick {
    return new AhoCorasick(
      t.rootNext,
      t.edgeStart,
      t.edgeSym,
      t.edgeTo,
      t.fail,
      t.dict,
      t.outStart,
      t.outPattern,
      t.stateCount,
      t.childBits,
    );
  }

  /** The automaton's arrays, for `fromTables`. */
  tables(): AutomatonTables {
    return {
      rootNext: this.rootNext,
      edgeStart: this.edgeStart,
      edgeSym: this.edgeSym,
      edgeTo: this.edgeTo,
      fail: this.fail,
      dict: this.dict,
      outStart: this.outStart,
      outPattern: this.outPattern,
      stateCount: this.stateCount,
      childBits: this.childBits,
    };
  }

  /** Builds the automaton; symbols are 1..alphabetSize, pattern ids are indices into `patterns`. */
  static build(patterns: readonly Int32Array[], alphabetSize: number): AhoCorasick {
    const trie = new Trie();
    const ends = Int32Array.from(patterns, (pattern) => trie.insert(pattern));
    return AhoCorasick.fromTrie(trie, ends, alphabetSize);
  }

  /**
   * Builds the automaton over a trie: `ends[p]` is the state where pattern p ends. A state's patterns are listed in the
   * order of their ids, its edges in the order of their symbols.
   */
  static fromTrie(trie: Trie, ends: ArrayLike<number>, alphabetSize: number): AhoCorasick {
    const stride = alphabetSize + 1;
    const stateCount = trie.stateCount;
    const { parent, symbol } = trie;

    // Edges grouped by state (a counting sort on the parent; every state but the root has one edge in), then each group
    // sorted by symbol for binary search.
    const edgeStart = new Int32Array(stateCount + 1);
    for (let t = 1; t < stateCount; t++) edgeStart[parent[t]! + 1]!++;
    for (let s = 0; s < stateCount; s++) edgeStart[s + 1] = edgeStart[s + 1]! + edgeStart[s]!;
    const edgeSym = new Int32Array(stateCount - 1);
    const edgeTo = new Int32Array(stateCount - 1);
    const fill = edgeStart.slice(0, stateCount);
    for (let t = 1; t < stateCount; t++) {
      const at = fill[parent[t]!]!++;
      edgeSym[at] = symbol[t]!;
      edgeTo[at] = t;
    }
    for (let s = 0; s < stateCount; s++) sortEdges(edgeSym, edgeTo, edgeStart[s]!, edgeStart[s + 1]!);

    const rootNext = new Int32Array(stride);
    for (let e = edgeStart[0]!; e < edgeStart[1]!; e++) rootNext[edgeSym[e]!] = edgeTo[e]!;

    // Pattern lists per state, in id order.
    const outStart = new Int32Array(stateCount + 1);
    for (let p = 0; p < ends.length; p++) outStart[ends[p]! + 1]!++;
    for (let s = 0; s < stateCount; s++) outStart[s + 1] = outStart[s + 1]! + outStart[s]!;
    const outPattern = new Int32Array(ends.length);
    const outFill = outStart.slice(0, stateCount);
    for (let p = 0; p < ends.length; p++) outPattern[outFill[ends[p]!]!++] = p;

    const fail = new Int32Array(stateCount);
    const dict = new Int32Array(stateCount).fill(-1);
    const childBits = new Int32Array(stateCount);
    for (let st = 0; st < stateCount; st++) {
      for (let e = edgeStart[st]!; e < edgeStart[st + 1]!; e++)
        childBits[st] = childBits[st]! | (1 << (edgeSym[e]! & 31));
    }
    const automaton = new AhoCorasick(
      rootNext,
      edgeStart,
      edgeSym,
      edgeTo,
      fail,
      dict,
      outStart,
      outPattern,
      stateCount,
      childBits,
    );

    // Breadth-first: a state's failure link is the longest proper suffix of its path that is also a path.
    const queue = new Int32Array(stateCount);
    let head = 0;
    let tail = 0;
    for (let e = edgeStart[0]!; e < edgeStart[1]!; e++) queue[tail++] = edgeTo[e]!;
    while (head < tail) {
      const s = queue[head++]!;
      for (let e = edgeStart[s]!; e < edgeStart[s + 1]!; e++) {
        const sym = edgeSym[e]!;
        const t = edgeTo[e]!;
        const f = automaton.next(fail[s]!, sym);
        fail[t] = f;
        dict[t] = outStart[f + 1]! > outStart[f]! ? f : dict[f]!;
        queue[tail++] = t;
      }
    }
    return automaton;
  }

  /**
   * The full transition table (state × symbol → state, failure links folded in), for automata small enough that one
   * array read per character beats walking failure links: undefined when it would exceed `maxEntries`.
   */
  denseTable(alphabetSize: number, maxEntries: number): Int32Array | undefined {
    const stride = alphabetSize + 1;
    if (this.stateCount * stride > maxEntries) return undefined;
    const table = new Int32Array(this.stateCount * stride);
    table.set(this.rootNext.subarray(0, stride), 0);
    const queue = new Int32Array(this.stateCount);
    let head = 0;
    let tail = 0;
    for (let e = this.edgeStart[0]!; e < this.edgeStart[1]!; e++) queue[tail++] = this.edgeTo[e]!;
    while (head < tail) {
      const s = queue[head++]!;
      // Breadth-first, so the failure state's row is complete before this one copies it.
      table.copyWithin(s * stride, this.fail[s]! * stride, this.fail[s]! * stride + stride);
      for (let e = this.edgeStart[s]!; e < this.edgeStart[s + 1]!; e++) {
        table[s * stride + this.edgeSym[e]!] = this.edgeTo[e]!;
        queue[tail++] = this.edgeTo[e]!;
      }
    }
    return table;
  }

  /** The child of `state` on `sym`, or -1. */
  goto(state: number, sym: number): number {
    if (state === 0) return this.rootNext[sym]! || -1;
    let low = this.edgeStart[state]!;
    let high = this.edgeStart[state + 1]! - 1;
    const edgeSym = this.edgeSym;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const m = edgeSym[mid]!;
      if (m === sym) return this.edgeTo[mid]!;
      if (m < sym) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** The state after reading `sym` in `state`, following failure links. Symbol 0 (outside the alphabet) resets. */
  next(state: number, sym: number): number {
    let s = state;
    const bit = 1 << (sym & 31);
    while (s !== 0) {
      if ((this.childBits[s]! & bit) !== 0) {
        const t = this.goto(s, sym);
        if (t >= 0) return t;
      }
      s = this.fail[s]!;
    }
    return this.rootNext[sym]!;
  }

  /** True when `state` has patterns of its own. */
  hasOwn(state: number): boolean {
    return this.outStart[state + 1]! > this.outStart[state]!;
  }

  /** Every pattern id that ends in `state`: its own, then those of its dictionary chain. */
  *outputs(state: number): Generator<number> {
    for (let s = this.hasOwn(state) ? state : this.dict[state]!; s > 0; s = this.dict[s]!) {
      for (let o = this.outStart[s]!; o < this.outStart[s + 1]!; o++) yield this.outPattern[o]!;
    }
  }

  /** True when some pattern ends in `state`. */
  matchesAt(state: number): boolean {
    return this.hasOwn(state) || this.dict[state]! > 0;
  }
}

/** Sorts edges [from, to) by symbol, carrying their targets along. */
function sortEdges(sym: Int32Array, to: Int32Array, from: number, end: number): void {
  const n = end - from;
  if (n < 2) return;
  if (n <= 16) {
    for (let i = from + 1; i < end; i++) {
      const s = sym[i]!;
      const t = to[i]!;
      let j = i - 1;
      while (j >= from && sym[j]! > s) {
        sym[j + 1] = sym[j]!;
        to[j + 1] = to[j]!;
        j--;
      }
      sym[j + 1] = s;
      to[j + 1] = t;
    }
    return;
  }
  // A wide state (the root has thousands of edges): one native sort of symbol and target packed in one number.
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = sym[from + i]! * 0x80000000 + to[from + i]!;
  packed.sort();
  for (let i = 0; i < n; i++) {
    const v = packed[i]!;
    const s = Math.floor(v / 0x80000000);
    sym[from + i] = s;
    to[from + i] = v - s * 0x80000000;
  }
}

/**
 * A trie under construction, in typed arrays: children in one open-addressing hash table keyed by (state, symbol), and
 * each state's parent and symbol. A lexicon of 100,000 terms makes hundreds of thousands of states, which a Map keyed by
 * numbers past the small-integer range held at several times the memory and time.
 */
export class Trie {
  /** Per state (0 is the root): the state it hangs from and the symbol of its edge. */
  parent = new Int32Array(1024);
  symbol = new Int32Array(1024);
  stateCount = 1;
  private rootChild = new Int32Array(256);
  /** Slots of three: parent state (-1: empty), symbol, child; side by side, so a probe reads one cache line. */
  private slots: Int32Array;
  private shift: number;

  constructor() {
    const bits = 12;
    this.shift = 32 - bits;
    this.slots = new Int32Array(3 << bits).fill(-1);
  }

  /** The state after reading `pattern` from the root, states made where there were none. */
  insert(pattern: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < pattern.length; i++) s = this.child(s, pattern[i]!);
    return s;
  }

  /** The child of `state` on `sym`, made if new. */
  child(state: number, sym: number): number {
    // Every pattern starts at the root: its children are a dense row by symbol, not the hash table.
    if (state === 0) {
      if (sym >= this.rootChild.length) {
        const grown = new Int32Array(Math.max(sym + 1, this.rootChild.length * 2));
        grown.set(this.rootChild);
        this.rootChild = grown;
      }
      const known = this.rootChild[sym]!;
      return known !== 0 ? known : (this.rootChild[sym] = this.made(0, sym));
    }
    const slots = this.slots;
    const mask = slots.length / 3 - 1;
    let h = (Math.imul(state, 0x9e3779b1) + Math.imul(sym, 0x85ebca6b)) >>> this.shift;
    for (let at = slots[h * 3]!; at !== -1; at = slots[h * 3]!) {
      if (at === state && slots[h * 3 + 1] === sym) return slots[h * 3 + 2]!;
      h = (h + 1) & mask;
    }
    const t = this.made(state, sym);
    slots[h * 3] = state;
    slots[h * 3 + 1] = sym;
    slots[h * 3 + 2] = t;
    // At most half full, so probes stay short.
    if (t * 2 > mask + 1) this.grow();
    return t;
  }

  /** A new state under `state` on `sym`. */
  private made(state: number, sym: number): number {
    const t = this.stateCount++;
    if (t >= this.parent.length) {
      const parent = new Int32Array(this.parent.length * 2);
      parent.set(this.parent);
      this.parent = parent;
      const symbol = new Int32Array(this.symbol.length * 2);
      symbol.set(this.symbol);
      this.symbol = symbol;
    }
    this.parent[t] = state;
    this.symbol[t] = sym;
    return t;
  }

  private grow(): void {
    const bits = 32 - this.shift + 1;
    this.shift = 32 - bits;
    const slots = new Int32Array(3 << bits).fill(-1);
    const mask = (1 << bits) - 1;
    // Every state below the root's children is the child of its parent on its symbol: the table is rebuilt from those.
    for (let t = 1; t < this.stateCount; t++) {
      const state = this.parent[t]!;
      if (state === 0) continue;
      const sym = this.symbol[t]!;
      let h = (Math.imul(state, 0x9e3779b1) + Math.imul(sym, 0x85ebca6b)) >>> this.shift;
      while (slots[h * 3] !== -1) h = (h + 1) & mask;
      slots[h * 3] = state;
      slots[h * 3 + 1] = sym;
      slots[h * 3 + 2] = t;
    }
    this.slots = slots;
  }
}
