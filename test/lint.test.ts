import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

test('the layer rules reject a pure module that imports upward, touches node:*, the clock, randomness or process', async () => {
  const fixture = 'test/fixtures/lint/engine/impure.ts';
  const result = await run('npx', ['eslint', '--no-ignore', '--format', 'json', fixture], { cwd: root }).then(
    () => null,
    (error: { stdout: string }) => error.stdout,
  );
  assert.ok(result, 'ESLint must fail on the impure fixture');
  const [report] = JSON.parse(result) as [{ messages: { ruleId: string; line: number }[] }];
  const rules = report.messages.map((m) => `${m.line}:${m.ruleId}`).sort();
  assert.deepEqual(rules, [
    '2:no-restricted-imports',
    '3:no-restricted-imports',
    '6:no-restricted-globals',
    '6:no-restricted-properties',
    '6:no-restricted-properties',
  ]);
});

test('the policy layer is held to the same rules: no upward import, no node:*, no clock', async () => {
  const fixture = 'test/fixtures/lint/policy/impure.ts';
  const result = await run('npx', ['eslint', '--no-ignore', '--format', 'json', fixture], { cwd: root }).then(
    () => null,
    (error: { stdout: string }) => error.stdout,
  );
  assert.ok(result, 'ESLint must fail on the impure fixture');
  const [report] = JSON.parse(result) as [{ messages: { ruleId: string; line: number }[] }];
  const rules = report.messages.map((m) => `${m.line}:${m.ruleId}`).sort();
  assert.deepEqual(rules, [
    '2:no-restricted-imports',
    '3:no-restricted-imports',
    '6:no-restricted-properties',
    '6:no-restricted-syntax',
  ]);
});
