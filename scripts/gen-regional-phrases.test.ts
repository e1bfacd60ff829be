import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { collectPhrases, renderRegionalPhrases, TARGET } from './gen-regional-phrases.js';

test('regional-phrases.gen.ts is what the generator writes from the installed opencc-js (run gen-regional-phrases if not)', async () => {
  assert.ok(
    (await renderRegionalPhrases()) === readFileSync(TARGET, 'utf8'),
    'regional-phrases.gen.ts is stale: npx tsc -b && node dist/scripts/gen-regional-phrases.js',
  );
});

test('the table holds the regional words peers document, folded, and no Latin brands', async () => {
  const pairs = new Map(await collectPhrases());
  assert.equal(pairs.get('软件'), '软体');
  assert.equal(pairs.get('源代码'), '原始码');
  for (const [mainland, regional] of pairs) assert.doesNotMatch(mainland + regional, /[A-Za-z]/u);
});
