import { AGE_BANDS, SURFACES, type AgeBand, type Surface } from '../../engine/index.js';
import type { SweepInvalidLine, SweepItemInput } from '../../store/index.js';

/** The longest ref kept: a platform's content id, path or URL. */
export const SWEEP_REF_MAX = 500;

/**
 * Reads one input line of a sweep: a JSON object `{"ref", "text", "ageBand"?, "surface"?}` (other fields are ignored) or a
 * plain-text line, whose ref is its line number. Never throws: a line that cannot be moderated comes back as an invalid
 * line naming its line number and what is wrong, and the sweep goes on. Blank lines are skipped (undefined).
 */
export function readSweepLine(
  line: string,
  lineNumber: number,
  maxTextLength: number,
): SweepItemInput | SweepInvalidLine | undefined {
  const index = lineNumber - 1;
  if (line.trim() === '') return undefined;
  const invalid = (error: string, ref: string | null = null): SweepInvalidLine => ({
    index,
    line: lineNumber,
    ref,
    error: `line ${lineNumber}: ${error}`,
  });
  if (!line.trimStart().startsWith('{')) {
    if (line.length > maxTextLength) return invalid(`the text is longer than ${maxTextLength} characters`);
    return { index, ref: String(lineNumber), text: line };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return invalid(`not valid JSON: ${(error as Error).message}`);
  }
  // A line that starts with { and parses is an object.
  return readSweepObject(parsed as Record<string, unknown>, index, lineNumber, maxTextLength);
}

/** Reads one item given as an object (a JSONL line, or an entry of a JSON listing), as `readSweepLine` does. */
export function readSweepObject(
  record: Readonly<Record<string, unknown>>,
  index: number,
  lineNumber: number,
  maxTextLength: number,
): SweepItemInput | SweepInvalidLine {
  const rawRef = record['ref'] ?? record['id'];
  const ref =
    typeof rawRef === 'string' ? rawRef.slice(0, SWEEP_REF_MAX) : typeof rawRef === 'number' ? String(rawRef) : null;
  const invalid = (error: string): SweepInvalidLine => ({
    index,
    line: lineNumber,
    ref,
    error: `line ${lineNumber}: ${error}`,
  });
  if (rawRef !== undefined && ref === null) return invalid('"ref" must be a string or a number');
  const text = record['text'];
  if (typeof text !== 'string') return invalid('"text" must be a string');
  if (text.length > maxTextLength) return invalid(`"text" is longer than ${maxTextLength} characters`);
  if (text.includes('\u0000')) return invalid('"text" contains a NUL character');
  const ageBand = record['ageBand'];
  if (ageBand !== undefined && !(AGE_BANDS as readonly unknown[]).includes(ageBand))
    return invalid(`"ageBand" must be one of ${AGE_BANDS.join(', ')}`);
  const surface = record['surface'];
  if (surface !== undefined && !(SURFACES as readonly unknown[]).includes(surface))
    return invalid(`"surface" must be one of ${SURFACES.join(', ')}`);
  const options =
    ageBand === undefined && surface === undefined
      ? undefined
      : {
          ...(ageBand === undefined ? {} : { ageBand: ageBand as AgeBand }),
          ...(surface === undefined ? {} : { surface: surface as Surface }),
        };
  return { index, ref: ref ?? String(lineNumber), text, options };
}

/** True when the line was refused. */
export const isInvalidLine = (item: SweepItemInput | SweepInvalidLine): item is SweepInvalidLine => 'error' in item;
