import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRateLimiter } from './rate-limiter.js';

test('a key gets a second’s worth of requests, then waits for tokens to refill', () => {
  const limiter = createRateLimiter();
  const t = 1_000_000;
  assert.deepEqual(limiter.take('k', 3, t), { allowed: true });
  assert.deepEqual(limiter.take('k', 3, t), { allowed: true });
  assert.deepEqual(limiter.take('k', 3, t), { allowed: true });
  assert.deepEqual(limiter.take('k', 3, t), { allowed: false, retryAfterSeconds: 1 });
  assert.deepEqual(limiter.take('other', 3, t), { allowed: true }, 'keys do not share a bucket');
  assert.deepEqual(limiter.take('k', 3, t + 334), { allowed: true }, 'a third of a second refills one token');
  assert.deepEqual(limiter.take('k', 3, t + 334), { allowed: false, retryAfterSeconds: 1 });
});

test('a key limited to one request a second waits the whole second', () => {
  const limiter = createRateLimiter();
  assert.deepEqual(limiter.take('k', 1, 0), { allowed: true });
  assert.deepEqual(limiter.take('k', 1, 500), { allowed: false, retryAfterSeconds: 1 });
  assert.deepEqual(limiter.take('k', 1, 999), { allowed: false, retryAfterSeconds: 1 });
  assert.deepEqual(limiter.take('k', 1, 1000), { allowed: true }, 'refused calls spent nothing');
});
