import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError, isAppError } from './index.js';

test('AppError keeps its code and every detail, and serialises them', () => {
  const error = new AppError('lexicon_invalid', 'bad', [{ message: 'x', line: 2, column: 3 }]);
  assert.equal(error.code, 'lexicon_invalid');
  assert.ok(isAppError(error));
  assert.ok(!isAppError(new Error('plain')));
  assert.deepEqual(JSON.parse(JSON.stringify(error)), {
    code: 'lexicon_invalid',
    message: 'bad',
    details: [{ message: 'x', line: 2, column: 3 }],
  });
});
