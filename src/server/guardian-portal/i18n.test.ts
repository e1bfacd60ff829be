import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANGS } from '../console/i18n.js';
import { PORTAL_MESSAGE_KEYS, pt } from './i18n.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

test('every portal message is written in both languages with the same placeholders', () => {
  for (const key of PORTAL_MESSAGE_KEYS) {
    const [zh, en] = LANGS.map((lang) => pt(lang, key));
    assert.ok(zh && en, `${key} is empty in a language`);
    assert.deepEqual(placeholders(zh ?? ''), placeholders(en ?? ''), `${key} has different placeholders`);
  }
});

test('portal messages fill their placeholders', () => {
  assert.equal(pt('zh', 'minutes_value', { n: 45 }), '45 分钟');
  assert.equal(pt('en', 'request_kind_more_time', { minutes: 15 }), 'More time: 15 min');
});
