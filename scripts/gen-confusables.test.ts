import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { confusableLetters, renderConfusables } from './gen-confusables.js';

test('confusables.gen.ts is what the generator writes from the installed packages (run gen-confusables if not)', () => {
  const committed = readFileSync(new URL('../../src/engine/tables/confusables.gen.ts', import.meta.url), 'utf8');
  assert.ok(
    renderConfusables().text === committed,
    'confusables.gen.ts is stale: npx tsc -b && node dist/scripts/gen-confusables.js',
  );
});

test('the table reads the look-alikes peers document, and leaves CJK and ASCII to the other stages', () => {
  const letters = confusableLetters();
  for (const [char, letter] of [
    ['ʃ', 'f'],
    ['ƈ', 'c'],
    ['ɦ', 'h'],
    ['❌', 'x'],
    ['а', 'a'],
    ['η', 'n'],
    ['Η', 'h'],
  ] as const)
    assert.equal(letters.get(char), letter, char);
  for (const char of ['〇', '一', 'o', '|', 'ｏ', 'ロ']) assert.equal(letters.get(char), undefined, char);
});
