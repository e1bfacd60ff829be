import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANGS, MESSAGE_KEYS, MESSAGE_TABLES, t } from './messages.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

test('every message is written in both languages with the same placeholders', () => {
  for (const key of MESSAGE_KEYS) {
    const [zh, en] = LANGS.map((lang) => t(lang, key));
    assert.ok(zh && en, `${key} is empty in a language`);
    assert.deepEqual(placeholders(zh ?? ''), placeholders(en ?? ''), `${key} has different placeholders`);
  }
});

test("a key lives in one table only, so no page set shows another one's text", () => {
  const seen = new Map<string, string>();
  for (const [table, messages] of Object.entries(MESSAGE_TABLES)) {
    for (const key of Object.keys(messages)) {
      assert.equal(seen.get(key), undefined, `${key} is in both ${seen.get(key)} and ${table}`);
      seen.set(key, table);
    }
  }
  assert.equal(seen.size, MESSAGE_KEYS.length);
});

// Names, codes and units that a Chinese page shows as they are (single letters are keyboard keys).
const KEPT_WORDS = new Set([
  'English',
  'API',
  'QQ',
  'URL',
  'JSON',
  'http',
  'https',
  'p50',
  'p90',
  'UTC',
  'CNY',
  'ID',
  'PDF',
]);

test('every Chinese message is written in Chinese, with no English word left in it', () => {
  for (const key of MESSAGE_KEYS) {
    const zh = t('zh', key).replace(/\{\w+\}/g, '');
    const words = (zh.match(/[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]/g) ?? []).filter((word) => !KEPT_WORDS.has(word));
    assert.deepEqual(words, [], `${key} has English in Chinese: ${zh}`);
  }
});

test('placeholders are filled and unknown ones are left visible', () => {
  assert.equal(t('en', 'result_matches', { count: 2 }), 'Matches: 2');
  assert.equal(t('zh', 'result_matches'), '命中 {count} 处');
});

test('guardian messages fill their placeholders', () => {
  assert.equal(t('zh', 'minutes_value', { n: 45 }), '45 分钟');
  assert.equal(t('en', 'request_kind_more_time', { minutes: 15 }), 'More time: 15 min');
});
