import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CORE_VARIANTS, createNormalizer, foldString, normalize } from './index.js';

const all = createNormalizer(CORE_VARIANTS);

const cases: readonly [string, string, string][] = [
  ['full-width ASCII folds to ASCII', 'ＡＢＣ１２３', 'abc123'],
  ['circled digits fold to digits', '①②⑳', '1220'],
  ['parenthesised and full-stop digits lose their brackets and stops', '⑴⒉', '12'],
  ['negative circled digits fold to digits', '❶❿', '110'],
  ['circled letters fold to letters', 'ⓐⓑⒸ', 'abc'],
  ['superscript and subscript digits fold', '¹²³₄₅', '12345'],
  ['enclosed CJK numbers fold', '㈠㊁', '一二'],
  ['capitals fold to lower case', 'SeX', 'sex'],
  ['zero-width characters, joiners and BOM are dropped', 's\u200bE\u200c\u200dx\ufeff\u2060', 'sex'],
  ['variation selectors and combining marks are dropped', '赌\ufe0f博\u0301', '赌博'],
  ['bidi controls are dropped', '\u202e赌\u202c博\u2066', '赌博'],
  ['traditional characters become simplified', '賭博們說話', '赌博们说话'],
  ['Cyrillic look-alikes read as Latin', 'ѕех', 'sex'],
  ['Greek look-alikes read as Latin', 'ΚΟΡ', 'kop'],
  ['mathematical alphanumerics read as Latin', '𝐬𝐞𝐱 𝕤𝕖𝕩', 'sex sex'],
  ['letters with diacritics lose them', 'séx', 'sex'],
  ['leet digits inside a Latin word read as letters', 'p0rn s3x h4x0r', 'porn sex haxor'],
  ['leet symbols inside a Latin word read as letters', 'p@ss a$$hole', 'pass asshole'],
  ['numbers next to letters are not leet', 'qq12345678 a1 abc123 5a', 'qq12345678 a1 abc123 5a'],
  ['Han text is untouched', '今天天气很好', '今天天气很好'],
];

for (const [name, input, expected] of cases) {
  test(`normalize: ${name}`, () => {
    assert.equal(foldString(all, input), expected);
  });
}

test('normalize: each unit maps back to the UTF-16 span it came from, also for one-to-many and astral characters', () => {
  const text = '赌⑩𝐛賭';
  const view = normalize(all, text);
  const spans = Array.from({ length: view.length }, (_, u) => [
    String.fromCodePoint(view.cp[u]!),
    view.start[u],
    view.end[u],
  ]);
  assert.deepEqual(spans, [
    ['赌', 0, 1],
    ['1', 1, 2],
    ['0', 1, 2],
    ['b', 2, 4],
    ['赌', 4, 5],
  ]);
});

test('normalize: stages that are off leave their characters alone', () => {
  const widthOnly = createNormalizer(['width']);
  assert.equal(foldString(widthOnly, 'Ａ賭'), 'a賭'.replace('a', 'A'));
  assert.equal(foldString(createNormalizer([]), 'ＡＢ賭'), 'ＡＢ賭');
});

test('normalize: never throws on lone surrogates, control characters and empty input', () => {
  for (const text of ['', '\ud800', '\udc00x', 'a\u0000b\u0007', '\ud83d']) {
    const view = normalize(all, text);
    assert.ok(view.length <= text.length);
  }
});
