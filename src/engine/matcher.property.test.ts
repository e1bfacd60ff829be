import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileEngine, CORE_VARIANTS, createNormalizer, normalize, parseLexicon, type View } from './index.js';
import { VIA_BIT } from './fold.js';
import { LayerBuilder } from './layer.js';
import { ViewScanner } from './scan.js';

// Differential tests: the automaton against a naive matcher written from the definition, on random lexicons and texts.

const TERM_CHARS = ['赌', '博', '彩', '嘻', 'a', 'b'];
const TEXT_CHARS = [...TERM_CHARS, ' ', '*', '。', '🎲', '\n', '賭', 'Ａ', '\u200b', '𠀀'];
const MAX_SKIP = 2;
const REGULAR = 0;
const SEPARATOR = 1;
const STYLED = VIA_BIT.width | VIA_BIT.confusable;

const termArb = fc.array(fc.constantFrom(...TERM_CHARS), { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
const lexiconArb = fc.uniqueArray(termArb, { minLength: 1, maxLength: 8 });
const textArb = fc.array(fc.constantFrom(...TEXT_CHARS), { maxLength: 40 }).map((a) => a.join(''));

const normalizer = createNormalizer(CORE_VARIANTS);

function runsOf(cps: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const cp of cps) {
    const last = runs[runs.length - 1];
    if (last && last[0] === cp) last[1]++;
    else runs.push([cp, 1]);
  }
  return runs;
}

/**
 * The regular units of a text, folded. `filler`: without the units that may be filler (digits and letters of another
 * style): `all` of them, or only those `betweenHan`, whose nearest other regular units on both sides are Han characters
 * (Ａ赌Ａ博 read against a赌博: the first Ａ is the term's a, the second filler).
 */
function regularUnits(text: string, filler: 'none' | 'all' | 'betweenHan' = 'none'): number[] {
  const view = normalize(normalizer, text);
  const styled = (u: number): boolean => {
    const cp = view.cp[u]!;
    return (view.via[u]! & STYLED) !== 0 && ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a));
  };
  /** The nearest regular unit from u going by step that is not styled is a Han character. */
  const hanSide = (u: number, step: number): boolean => {
    for (let k = u + step; k >= 0 && k < view.length; k += step) {
      if (view.cls[k] !== REGULAR || styled(k)) continue;
      return view.cp[k]! >= 0x3400;
    }
    return false;
  };
  const cps: number[] = [];
  for (let u = 0; u < view.length; u++) {
    if (view.cls[u] !== REGULAR) continue;
    const isFiller = styled(u) && (filler === 'all' || (filler === 'betweenHan' && hanSide(u, -1) && hanSide(u, 1)));
    if (!isFiller) cps.push(view.cp[u]!);
  }
  return cps;
}

/**
 * Every shortest occurrence of a term, by the definition: starting at a regular unit, the following regular units
 * (each gap at most MAX_SKIP separators, no line break) collapse into the term's runs with at least its counts.
 */
function naiveOccurrences(view: View, term: string): [number, number][] {
  const want = runsOf(regularUnits(term));
  const found = new Map<number, number>();
  for (let a = 0; a < view.length; a++) {
    if (view.cls[a] !== REGULAR) continue;
    let run = 0;
    let have = 0;
    let skipped = 0;
    for (let u = a; u < view.length; u++) {
      const cls = view.cls[u];
      if (cls === SEPARATOR) {
        if (++skipped > MAX_SKIP) break;
        continue;
      }
      if (cls !== REGULAR) break;
      skipped = 0;
      const cp = view.cp[u];
      if (have > 0 && cp === want[run]![0] && have < Number.MAX_SAFE_INTEGER && run < want.length) {
        have++;
      } else if (have >= want[run]![1] && run + 1 < want.length && cp === want[run + 1]![0]) {
        run++;
        have = 1;
      } else if (have === 0 && cp === want[0]![0]) {
        have = 1;
      } else break;
      if (run === want.length - 1 && have === want[run]![1]) {
        // The latest start for this end is the shortest occurrence.
        found.set(u, a);
        break;
      }
    }
  }
  return [...found].map(([end, start]) => [view.start[start]!, view.end[end]!]);
}

function startsAfterHanWithFiller(view: View, start: number): boolean {
  let u = 0;
  while (u < view.length && view.start[u]! < start) u++;
  if (u >= view.length || (view.via[u]! & STYLED) === 0) return false;
  for (let k = u - 1; k >= 0; k--) {
    if (view.cls[k] === SEPARATOR) continue;
    return view.cls[k] === REGULAR && view.cp[k]! >= 0x3400;
  }
  return false;
}

test('property: every character of every occurrence the naive matcher finds is inside a reported match of its term', () => {
  fc.assert(
    fc.property(lexiconArb, textArb, (terms, text) => {
      const lexicon = parseLexicon([{ name: 'p', text: terms.map((t) => `${t} gambling`).join('\n') }]);
      const engine = compileEngine(lexicon, { maxSkip: MAX_SKIP, variants: CORE_VARIANTS });
      const matches = engine.moderate(text).matches;
      const view = normalize(normalizer, text);
      for (const term of terms) {
        for (const [start, end] of naiveOccurrences(view, term)) {
          // A styled letter right after a Han character may be read as filler in another term going on after it
          // (赌Ａ博), and then starts nothing.
          if (startsAfterHanWithFiller(view, start)) continue;
          for (let u = 0; u < view.length; u++) {
            if (view.cls[u] !== REGULAR || view.start[u]! < start || view.end[u]! > end) continue;
            const covered = matches.some((m) => m.term === term && m.start <= view.start[u]! && m.end >= view.end[u]!);
            assert.ok(
              covered,
              `"${term}" at [${start}, ${end}) in ${JSON.stringify(text)}: ${JSON.stringify(matches)}`,
            );
          }
        }
      }
    }),
    { numRuns: 1500 },
  );
});

test('property: every reported span, normalized, is its term apart from skipped separators and repeats', () => {
  fc.assert(
    fc.property(lexiconArb, textArb, (terms, text) => {
      const lexicon = parseLexicon([{ name: 'p', text: terms.map((t) => `${t} gambling`).join('\n') }]);
      for (const m of compileEngine(lexicon, { maxSkip: MAX_SKIP, variants: CORE_VARIANTS }).moderate(text).matches) {
        const want = runsOf(regularUnits(m.term));
        // Digits and letters of another style or script between two Han characters may be filler (赌Ａ博): the span
        // reads as the term with none, those between Han characters, or all of them taken as filler.
        const span = text.slice(m.start, m.end);
        const readings = (['none', 'betweenHan', 'all'] as const).map((filler) => runsOf(regularUnits(span, filler)));
        const same = (runs: [number, number][]): boolean =>
          runs.length === want.length && runs.every(([cp], i) => cp === want[i]![0]);
        const got = readings.find(same) ?? readings[0]!;
        assert.deepEqual(
          got.map(([cp]) => cp),
          want.map(([cp]) => cp),
          `${JSON.stringify(m)} in ${JSON.stringify(text)}`,
        );
        got.forEach(([, n], i) => assert.ok(n >= want[i]![1], `${JSON.stringify(m)} lacks repeats`));
      }
    }),
    { numRuns: 1500 },
  );
});

test('property: exact mode reports exactly the occurrences indexOf finds', () => {
  fc.assert(
    fc.property(lexiconArb, textArb, (terms, text) => {
      const lexicon = parseLexicon([{ name: 'p', text: terms.map((t) => `${t} gambling`).join('\n') }]);
      const got = compileEngine(lexicon, { variants: [] })
        .moderate(text)
        .matches.map((m) => `${m.term}@${m.start}`)
        .sort();
      const want: string[] = [];
      for (const term of terms) {
        for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) want.push(`${term}@${i}`);
      }
      assert.deepEqual(got, want.sort());
    }),
    { numRuns: 1500 },
  );
});

test('property: skipping to where a pattern may start reports exactly what reading every unit does', () => {
  const optionsArb = fc.record({
    repeat: fc.boolean(),
    separators: fc.boolean(),
    crossLines: fc.boolean(),
    maxSkip: fc.integer({ min: 0, max: 3 }),
  });
  fc.assert(
    fc.property(lexiconArb, textArb, optionsArb, (terms, text, options) => {
      const builder = new LayerBuilder(options);
      terms.forEach((term, entry) => {
        builder.add({ units: regularUnits(term), kind: 0, entry, allowedVia: -1, edges: 0 });
      });
      const { settings, scanner } = builder.build();
      assert.ok(settings.starts);
      const everyUnit = new ViewScanner({ ...settings, starts: undefined });
      const view = normalize(normalizer, text);
      assert.deepEqual(scanner.scan(view), everyUnit.scan(view), `${JSON.stringify(terms)} in ${JSON.stringify(text)}`);
    }),
    { numRuns: 3000 },
  );
});
