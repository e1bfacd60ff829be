/** The shared empty lists of a SpanList with no span yet. */
const NONE: number[] = [];
const NO_FLAGS: boolean[] = [];

/**
 * Spans of a text kept in order of their start, so that the verdict asks "does a span overlap, cover or lie within this
 * one" by a binary search and a look at the spans nearby, not by a pass over every span: a long text full of matches
 * would otherwise cost the square of its length. A span can be marked removed; removed spans answer no question.
 *
 * @example
 * const spans = new SpanList();
 * spans.add(2, 5, 0);
 * spans.covers(3, 4); // true
 * spans.overlaps(5, 7); // false
 */
export class SpanList {
  // The lists are shared empty ones until the first span: most verdicts make several lists and fill few of them.
  private starts: number[] = NONE;
  private ends: number[] = NONE;
  private ids: number[] = NONE;
  private removed: boolean[] = NO_FLAGS;
  /** The longest span added: a span overlapping or covering a place starts at most this far before it. */
  private longest = 0;

  /** The length of the longest span added. */
  get longestSpan(): number {
    return this.longest;
  }

  /** Adds [start, end) under an id of the caller's (an index into its own list). */
  add(start: number, end: number, id: number): void {
    if (this.starts === NONE) {
      this.starts = [];
      this.ends = [];
      this.ids = [];
      this.removed = [];
    }
    const at = this.firstStartAtLeast(start + 1);
    if (at === this.starts.length) {
      this.starts.push(start);
      this.ends.push(end);
      this.ids.push(id);
      this.removed.push(false);
    } else {
      this.starts.splice(at, 0, start);
      this.ends.splice(at, 0, end);
      this.ids.splice(at, 0, id);
      this.removed.splice(at, 0, false);
    }
    if (end - start > this.longest) this.longest = end - start;
  }

  /** Whether [start, end) itself is in the list. */
  has(start: number, end: number): boolean {
    for (let i = this.firstStartAtLeast(start); i < this.starts.length && this.starts[i] === start; i++)
      if (this.ends[i] === end && this.removed[i] !== true) return true;
    return false;
  }

  /** Whether a span shares a code unit with [start, end). */
  overlaps(start: number, end: number): boolean {
    for (let i = this.firstStartAtLeast(end) - 1; i >= 0 && this.starts[i]! > start - this.longest; i--)
      if (this.ends[i]! > start && this.removed[i] !== true) return true;
    return false;
  }

  /** Whether a span covers the whole of [start, end). */
  covers(start: number, end: number): boolean {
    for (let i = this.firstStartAtLeast(start + 1) - 1; i >= 0 && this.starts[i]! >= end - this.longest; i--)
      if (this.ends[i]! >= end && this.removed[i] !== true) return true;
    return false;
  }

  /** Marks removed every span that lies within [start, end) and passes `test` (given its id); returns their ids. */
  removeWithin(start: number, end: number, test: (id: number) => boolean): number[] {
    const gone: number[] = [];
    for (let i = this.firstStartAtLeast(start); i < this.starts.length && this.starts[i]! < end; i++) {
      if (this.ends[i]! <= end && this.removed[i] !== true && test(this.ids[i]!)) {
        this.removed[i] = true;
        gone.push(this.ids[i]!);
      }
    }
    return gone;
  }

  /** The ids of the spans that start in [from, to), not removed, in order of start. */
  startingIn(from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = this.firstStartAtLeast(from); i < this.starts.length && this.starts[i]! < to; i++)
      if (this.removed[i] !== true) out.push(this.ids[i]!);
    return out;
  }

  private firstStartAtLeast(value: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.starts[mid]! < value) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
