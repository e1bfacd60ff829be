import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LOOKALIKE_GROUPS, lookalikesOf } from './lookalike.js';

describe('lookalikesOf', () => {
  const cases: [string, string, string][] = [
    ['末 looks like 未 (末成年)', '未', '末'],
    ['未 looks like 末', '末', '未'],
    ['已 looks like 己', '己', '已'],
    ['巳 looks like 己', '己', '巳'],
    ['入 looks like 人', '人', '入'],
    ['毐 looks like 毒', '毒', '毐'],
    ['祼 looks like 裸', '裸', '祼'],
    ['睹 looks like 赌', '赌', '睹'],
    ['愽 looks like 博', '博', '愽'],
    ['幻 looks like 幼', '幼', '幻'],
    ['白 looks like 自', '自', '白'],
    ['the katakana ロ looks like 口', '口', 'ロ'],
    ['滛 is a form of 淫', '淫', '滛'],
    ['屮 is the 火星文 草', '草', '屮'],
    ['伱 is the 火星文 你', '你', '伱'],
  ];
  for (const [name, char, expected] of cases) {
    test(name, () => assert.ok(lookalikesOf(char).includes(expected), `${char}: ${lookalikesOf(char).join('')}`));
  }

  test('homophones are not look-alikes (堵 for 赌)', () => {
    assert.ok(!lookalikesOf('赌').includes('堵'));
    assert.deepEqual(lookalikesOf('堵'), []);
  });

  test('a character is never its own look-alike, and lists have no repeats', () => {
    for (const group of LOOKALIKE_GROUPS) {
      for (const char of group) {
        const list = lookalikesOf(char);
        assert.ok(!list.includes(char), char);
        assert.equal(new Set(list).size, list.length, char);
      }
    }
  });

  test('the relation is symmetric', () => {
    for (const group of LOOKALIKE_GROUPS) {
      for (const a of group) for (const b of lookalikesOf(a)) assert.ok(lookalikesOf(b).includes(a), `${a} ${b}`);
    }
  });

  test('characters without look-alikes get an empty list', () => {
    for (const char of ['的', 'a', '', '😀']) assert.deepEqual(lookalikesOf(char), []);
  });

  test('every member is a single character', () => {
    for (const group of LOOKALIKE_GROUPS) {
      assert.ok(group.length >= 2);
      for (const char of group) assert.equal([...char].length, 1, char);
    }
  });
});
