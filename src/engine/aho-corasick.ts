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

  /** Builds the automaton; symbols are 1..alphabetSize, pattern ids are indices into `patterns`. */
  static build(patterns: readonly Int32Array[], alphabetSize: number): AhoCorasick {
    // Trie children live in one Map keyed by state * stride + symbol: far less memory than a Map per state.
    const stride = alphabetSize + 1;
    const children = new Map<number, number>();
    let stateCount = 1;
    const endsAt: number[] = [];
    for (const pattern of patterns) {
      let s = 0;
      for (const sym of pattern) {
        const key = s * stride + sym;
        let t = children.get(key);
        if (t === undefined) {
          t = stateCount++;
          children.set(key, t);
        }
        s = t;
      }
      endsAt.push(s);
    }

    // Flatten the edges, grouped by state and sorted by symbol, for binary search.
    const edgeCount = new Int32Array(stateCount + 1);
    for (const key of children.keys()) edgeCount[Math.floor(key / stride)]!++;
    const edgeStart = new Int32Array(stateCount + 1);
    for (let s = 0; s < stateCount; s++) edgeStart[s + 1] = edgeStart[s]! + edgeCount[s]!;
    const edgeSym = new Int32Array(children.size);
    const edgeTo = new Int32Array(children.size);
    const fill = edgeStart.slice(0, stateCount);
    const keys = [...children.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const s = Math.floor(key / stride);
      const at = fill[s]!++;
      edgeSym[at] = key - s * stride;
      edgeTo[at] = children.get(key)!;
    }

    const rootNext = new Int32Array(stride);
    for (let e = edgeStart[0]!; e < edgeStart[1]!; e++) rootNext[edgeSym[e]!] = edgeTo[e]!;

    // Pattern lists per state.
    const outCount = new Int32Array(stateCount + 1);
    for (const s of endsAt) outCount[s]!++;
    const outStart = new Int32Array(stateCount + 1);
    for (let s = 0; s < stateCount; s++) outStart[s + 1] = outStart[s]! + outCount[s]!;
    const outPattern = new Int32Array(endsAt.length);
    const outFill = outStart.slice(0, stateCount);
    endsAt.forEach((s, id) => (outPattern[outFill[s]!++] = id));

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
