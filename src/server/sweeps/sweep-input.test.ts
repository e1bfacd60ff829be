import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSweepLine } from './sweep-input.js';

const MAX = 50;

const cases: [name: string, line: string, expected: unknown][] = [
  [
    'a JSON item keeps its ref and text',
    '{"ref":"p1","text":"你好"}',
    { index: 4, ref: 'p1', text: '你好', options: undefined },
  ],
  [
    'a numeric ref becomes a string; id stands in for ref',
    '{"id":7,"text":"x"}',
    { index: 4, ref: '7', text: 'x', options: undefined },
  ],
  ['without a ref, the line number is the ref', '{"text":"x"}', { index: 4, ref: '5', text: 'x', options: undefined }],
  ['a plain-text line is a text', '纯文本', { index: 4, ref: '5', text: '纯文本' }],
  [
    'an item’s age band and surface are kept',
    '{"ref":"a","text":"x","ageBand":"age_8_12","surface":"chat"}',
    { index: 4, ref: 'a', text: 'x', options: { ageBand: 'age_8_12', surface: 'chat' } },
  ],
  ['a blank line is skipped', '   ', undefined],
  ['broken JSON', '{"ref":', { index: 4, line: 5, ref: null, error: /^line 5: not valid JSON/ }],
  ['a line that does not start with { is text, as in qinglang scan', '[1]', { index: 4, ref: '5', text: '[1]' }],
  ['no text', '{"ref":"a"}', { index: 4, line: 5, ref: 'a', error: 'line 5: "text" must be a string' }],
  ['a ref that is an object', '{"ref":{},"text":"x"}', { index: 4, line: 5, ref: null, error: /"ref" must be/ }],
  [
    'too long',
    `{"ref":"a","text":"${'长'.repeat(MAX + 1)}"}`,
    { index: 4, line: 5, ref: 'a', error: /longer than 50/ },
  ],
  [
    'an unknown age band',
    '{"ref":"a","text":"x","ageBand":"teen"}',
    { index: 4, line: 5, ref: 'a', error: /"ageBand"/ },
  ],
  ['an unknown surface', '{"ref":"a","text":"x","surface":"tv"}', { index: 4, line: 5, ref: 'a', error: /"surface"/ }],
  ['a NUL in the text', '{"ref":"a","text":"x\\u0000"}', { index: 4, line: 5, ref: 'a', error: /NUL/ }],
];

for (const [name, line, expected] of cases) {
  test(`readSweepLine: ${name}`, () => {
    const got = readSweepLine(line, 5, MAX);
    if (expected === undefined || !(typeof expected === 'object' && expected !== null && 'error' in expected)) {
      assert.deepEqual(got, expected);
      return;
    }
    const { error, ...rest } = expected as { error: string | RegExp };
    assert.ok(got !== undefined && 'error' in got, 'refused');
    const { error: message, ...gotRest } = got;
    assert.deepEqual(gotRest, rest);
    if (typeof error === 'string') assert.equal(message, error);
    else assert.match(message, error);
  });
}
