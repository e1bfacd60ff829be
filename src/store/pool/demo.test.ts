import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../lib/index.js';
import { parsePoolCatalogue, readPoolCatalogue } from '../index.js';

const HEADER = 'ref\tkind\tthemes\tminutes\tpublished\tcreator\ttitle\ttext';

test('a catalogue line becomes an item with seconds and a Beijing publication date', () => {
  const [item] = parsePoolCatalogue(
    `# a comment\n${HEADER}\nx-1\taudio\tsongs_audio,interests\t3\t2026-05-01\t合唱团\t小星星\t一闪一闪\n`,
    't.tsv',
  );
  assert.deepEqual(item, {
    ref: 'x-1',
    kind: 'audio',
    themes: ['songs_audio', 'interests'],
    durationSeconds: 180,
    publishedAt: Date.parse('2026-04-30T16:00:00Z'),
    creator: '合唱团',
    source: 'qinglang demo',
    title: '小星星',
    text: '一闪一闪',
  });
});

test('every problem of a catalogue is reported at once, with its line and column', () => {
  const text = `${HEADER}\nx-1\tpodcast\tsongs_audio\t3\t2026-05-01\t\tA\tB\nx-2\taudio\tgossip\tlong\t05/01/2026\t\tA\tB\nx-3\taudio\n`;
  try {
    parsePoolCatalogue(text, 'bad.tsv');
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(isAppError(error));
    assert.equal(error.code, 'input_invalid');
    assert.deepEqual(
      error.details.map((d) => [d.line, d.column ?? null]),
      [
        [2, 5],
        [3, 11],
        [3, 18],
        [3, 23],
        [4, null],
      ],
    );
  }
});

test('the demo catalogue parses and holds a few hundred items, some written to be refused', async () => {
  const items = await readPoolCatalogue();
  assert.ok(items.length >= 250, String(items.length));
  assert.equal(new Set(items.map((i) => i.ref)).size, items.length, 'refs are unique');
  assert.ok(items.filter((i) => i.ref.startsWith('demo-refuse-')).length >= 15);
});
