import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileEngine, isAppError, loadLexicon, parseLexicon } from 'qinglang';

test('the package entry gives the engine and the default lexicon, as the README shows', async () => {
  const engine = compileEngine(await loadLexicon());
  const verdict = engine.moderate('赌赌赌博博网站', { ageBand: 'age_8_12' });
  assert.equal(verdict.action, 'block');
  assert.equal(verdict.matches[0]?.term, '赌博网站');
  assert.deepEqual(verdict.matches[0]?.via, ['repeat']);
  assert.throws(
    () => parseLexicon([{ name: 'x', text: '赌博 nope' }]),
    (error: unknown) => isAppError(error) && error.code === 'lexicon_invalid',
  );
});
