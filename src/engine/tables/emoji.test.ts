import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EMOJI_READINGS, emojiKey } from './emoji.js';

const readings = (emoji: string): readonly string[] => EMOJI_READINGS.get(emojiKey(emoji)) ?? [];

describe('EMOJI_READINGS', () => {
  const cases: [string, string, string][] = [
    ['🎲 stands for 赌', '🎲', '赌'],
    ['💊 stands for 药', '💊', '药'],
    ['❄️ (with its variation selector) stands for 冰, as in 冰毒', '❄️', '冰'],
    ['❄ without a variation selector too', '❄', '冰'],
    ['🧊 stands for 冰', '🧊', '冰'],
    ['🍃 stands for 叶 and 草', '🍃', '叶'],
    ['🍃 stands for 草', '🍃', '草'],
    ['🐔 stands for 鸡', '🐔', '鸡'],
    ['🔪 stands for 刀', '🔪', '刀'],
    ['🔪 stands for 杀', '🔪', '杀'],
    ['💉 stands for 针', '💉', '针'],
    ['🦙 stands for 草泥马', '🦙', '草泥马'],
    ['🦌 stands for 鹿 (撸)', '🦌', '鹿'],
    ['🍺 stands for 啤 (🐮🍺)', '🍺', '啤'],
    ['🐧 stands for QQ', '🐧', 'QQ'],
    ['☀️ stands for 日', '☀️', '日'],
    ['🔞 stands for 18禁', '🔞', '18禁'],
    ['8️⃣ stands for 8', '8️⃣', '8'],
    ['0️⃣ stands for 0', '0️⃣', '0'],
    ['🔟 stands for 10', '🔟', '10'],
    ['🈲 shows 禁', '🈲', '禁'],
    ['🈶 shows 有', '🈶', '有'],
    ['🇻 is the letter V', '🇻', 'V'],
    ['✌🏽 with a skin tone is V', '✌🏽', 'V'],
  ];
  for (const [name, emoji, reading] of cases) {
    test(name, () => assert.ok(readings(emoji).includes(reading), `${emoji}: ${readings(emoji).join(',')}`));
  }

  test('emoji whose meaning is not a character are left out', () => {
    for (const emoji of ['🍆', '🍑', '💦', '🖕', '🐟']) assert.deepEqual(readings(emoji), []);
  });

  test('keys hold no variation selector or skin-tone modifier', () => {
    for (const key of EMOJI_READINGS.keys()) {
      assert.equal(emojiKey(key), key);
      assert.ok(key.length > 0);
    }
  });

  test('every emoji has at least one non-empty reading, and the readings are frozen', () => {
    for (const [emoji, list] of EMOJI_READINGS) {
      assert.ok(list.length > 0, emoji);
      for (const reading of list) assert.ok(reading.length > 0, emoji);
      assert.ok(Object.isFrozen(list), emoji);
    }
  });
});

describe('emojiKey', () => {
  const cases: [string, string, string][] = [
    ['drops U+FE0F', '❄️', '❄'],
    ['drops U+FE0E', '☀︎', '☀'],
    ['drops a skin-tone modifier', '✌🏿', '✌'],
    ['keeps the keycap mark', '8️⃣', '8\u20e3'],
    ['leaves other text alone', '🎲博', '🎲博'],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.equal(emojiKey(input), expected));
});
