import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VARIANT_KINDS } from '../../engine/index.js';
import { LANGS } from './messages.js';
import { LABELLED_VARIANT_KINDS, describeVariant, termLabel } from './labels.js';

test('every variant kind the engine knows, and every planned one, has a label in both languages', () => {
  const planned = ['pinyin', 'homophone', 'split', 'lookalike', 'emoji', 'contact', 'acrostic'];
  for (const kind of [...VARIANT_KINDS, ...planned]) {
    assert.ok(LABELLED_VARIANT_KINDS.includes(kind as never), `${kind} has no label`);
    const { label, explain } = describeVariant(kind);
    for (const lang of LANGS) {
      assert.notEqual(label[lang], kind, `${kind} shows its id in ${lang}`);
      assert.ok(explain[lang].length > 0);
    }
  }
});

test('the labels people asked for read as they expect', () => {
  assert.equal(describeVariant('traditional').label.zh, '繁体字');
  assert.equal(describeVariant('separator').label.zh, '插入符号');
  assert.equal(describeVariant('repeat').label.zh, '重复字');
  assert.equal(describeVariant('traditional').label.en, 'Traditional characters');
  assert.equal(describeVariant('separator').label.en, 'Separators inserted');
  assert.equal(describeVariant('repeat').label.en, 'Repeated characters');
});

test('an unknown kind from a newer engine shows its id instead of failing', () => {
  assert.equal(describeVariant('future_kind').label.en, 'future_kind');
});

test('a rule finding shows its name in the page language; a lexicon term as it is', () => {
  assert.equal(termLabel('微信号 WeChat id', 'zh'), '微信号');
  assert.equal(termLabel('微信号 WeChat id', 'en'), 'WeChat id');
  assert.equal(termLabel('QQ号 QQ number', 'zh'), 'QQ号');
  assert.equal(termLabel('电话号码 phone number', 'en'), 'phone number');
  assert.equal(termLabel('赌博', 'en'), '赌博');
  assert.equal(termLabel('加我vx', 'zh'), '加我vx', 'a lexicon term has no spaces, so it is never split');
});
