import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalize } from './index.js';

describe('canonical spelling for the stage cues', () => {
  test('a message spelled as the cues are is left as it is', () => {
    assert.equal(canonicalize('你今年几岁了'), null);
  });

  test('chat spellings become the written words, each unit mapped back to the span it came from', () => {
    const text = '加个q，别跟ba ma说，发张zp';
    const c = canonicalize(text)!;
    assert.equal(c.text, '加个QQ,别跟爸妈说,发张照片');
    assert.equal(c.text.length, c.start.length);
    assert.equal(c.text.length, c.end.length);
    const at = c.text.indexOf('爸妈');
    assert.equal(text.slice(c.start[at], c.end[at + 1]), 'ba ma');
    const q = c.text.indexOf('QQ');
    assert.equal(text.slice(c.start[q], c.end[q + 1]), 'q');
  });

  test('a Latin spelling inside a longer Latin word is not read', () => {
    assert.equal(canonicalize('this is a spin'), null);
    assert.equal(canonicalize('sp')?.text, '视频');
  });

  test('traditional characters fold and characters spelled apart close up; unspaced words keep their spaces', () => {
    assert.equal(canonicalize('妳幾歲了')?.text, '你几岁了');
    const spaced = '家 * 里 * 有 * 人 吗';
    const c = canonicalize(spaced)!;
    assert.equal(c.text, '家里有人吗');
    assert.equal(spaced.slice(c.start[0], c.end[4]), spaced);
    assert.equal(canonicalize('放学了 回家吃饭'), null);
  });

  test('emoji and surrogate pairs keep their offsets', () => {
    const text = '😀拍个🦵';
    const c = canonicalize(text)!;
    assert.equal(c.text, '😀拍个腿');
    const leg = c.text.indexOf('腿');
    assert.equal(text.slice(c.start[leg], c.end[leg]), '🦵');
  });

  test('Cantonese words of the stages read as Mandarin; Mandarin that only looks alike stays', () => {
    assert.equal(canonicalize('你屋企有冇大人喺度')?.text, '你家有没有大人在');
    assert.equal(canonicalize('唔好话俾你阿妈知')?.text, '不要告诉你妈妈知');
    assert.equal(canonicalize('分成几大类'), null);
  });

  test('sentences in pinyin read as the phrases of the stages, spans on the syllables', () => {
    const text = 'ni jia zhu na, wo kai che qu jie ni';
    const c = canonicalize(text)!;
    assert.ok(c.text.startsWith('你家住哪'), c.text);
    assert.ok(c.text.includes('开车'), c.text);
    assert.ok(c.text.includes('接你'), c.text);
    const at = c.text.indexOf('住哪');
    assert.equal(text.slice(c.start[at], c.end[at + 1]), 'zhu na');
    assert.equal(canonicalize('a song about dance'), null);
  });

  test('a word of the stages written with same-sound characters is read as the word; a real word of that sound is not', () => {
    const text = '你今年几碎了，家里有仁吗';
    const c = canonicalize(text)!;
    assert.equal(c.text, '你今年几岁了,家里有人吗');
    const at = c.text.indexOf('几岁');
    assert.equal(text.slice(c.start[at], c.end[at + 1]), '几碎');
    assert.equal(canonicalize('周末走高速去 还有任何问题吗'), null);
  });
});
