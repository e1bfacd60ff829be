/** A span of a match in the original text, UTF-16 offsets, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A piece of the text and the indexes of the matches that cover it (empty for plain text). */
export interface Segment {
  readonly text: string;
  readonly start: number;
  readonly covers: readonly number[];
  /** Indexes of the matches that end exactly here, for their footnote marks. */
  readonly ends: readonly number[];
}

/**
 * Cuts the text at every match boundary, so overlapping and nested matches each stay visible. Spans outside the text are
 * clamped; a boundary inside a surrogate pair is moved out of it so no half character is ever shown.
 */
export function segmentText(text: string, spans: readonly Span[]): readonly Segment[] {
  const fix = (offset: number): number => {
    const clamped = Math.max(0, Math.min(text.length, Math.trunc(offset)));
    const code = text.charCodeAt(clamped);
    return clamped > 0 && clamped < text.length && code >= 0xdc00 && code <= 0xdfff ? clamped - 1 : clamped;
  };
  const fixed = spans.map((s) => ({ start: fix(s.start), end: fix(s.end) }));
  const cuts = new Set<number>([0, text.length]);
  for (const s of fixed) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const covers: number[] = [];
    const ends: number[] = [];
    fixed.forEach((s, index) => {
      if (s.start <= start && end <= s.end && s.start < s.end) covers.push(index);
      if (s.end === end && s.start < s.end) ends.push(index);
    });
    segments.push({ text: text.slice(start, end), start, covers, ends });
  }
  return segments;
}
