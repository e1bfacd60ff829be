import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CHAR_CLASS } from './fold.js';
import type { View } from './normalize.js';
import { reachFrom, reaches } from './views.js';

/** A view of the given classes (only `cls` and `length` matter to the walks). */
function viewOf(classes: readonly number[]): View {
  const n = classes.length;
  return {
    length: n,
    cp: new Int32Array(n).fill(0x4e00),
    cls: Uint8Array.from(classes),
    via: new Int32Array(n),
    gap: new Uint8Array(n),
    start: Int32Array.from({ length: n }, (_, i) => i),
    end: Int32Array.from({ length: n }, (_, i) => i + 1),
  };
}

// Mostly regular units and separators, in runs, sometimes a run long enough to stop a window.
const unitClasses = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.array(fc.constant(CHAR_CLASS.regular), { minLength: 1, maxLength: 12 }) },
      { weight: 3, arbitrary: fc.array(fc.constant(CHAR_CLASS.separator), { minLength: 1, maxLength: 6 }) },
      { weight: 1, arbitrary: fc.array(fc.constant(CHAR_CLASS.separator), { minLength: 250, maxLength: 300 }) },
      { weight: 1, arbitrary: fc.constant([CHAR_CLASS.lineBreak]) },
    ),
    { minLength: 1, maxLength: 30 },
  )
  .map((runs) => runs.flat());

test('reaches answers every unit exactly as the step-by-step walk does', () => {
  fc.assert(
    fc.property(unitClasses, fc.integer({ min: 0, max: 90 }), (classes, reach) => {
      const view = viewOf(classes);
      const reachOf = reaches(view, reach);
      for (let at = 0; at < view.length; at++) {
        assert.equal(reachOf(at, -1), reachFrom(view, at, reach, -1), `back from ${at}`);
        assert.equal(reachOf(at, 1), reachFrom(view, at, reach, 1), `forward from ${at}`);
      }
    }),
    { numRuns: 300 },
  );
});
