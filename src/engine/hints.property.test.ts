import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createNormalizer, Hints, normalize, ViewBuffer, type View } from './normalize.js';
import { createSubstitutionTables, substitute, toPinyin } from './views.js';
import { VARIANT_KINDS } from './types.js';
import { CONTACT_GATE_TABLE, mayFindContacts, mayFindContactsAt } from './contact/windows.js';

// Differential tests: the side views the engine builds from the normalizer's notes (Hints) against the same views built
// by their own pass over every unit, on random texts of term characters, look-alikes, split components, emoji, leet,
// Latin letters, separators and line breaks.

const TERMS = ['赌博', '强奸', 'vx', 'porn', '加微', 'a4'];
const PIECES = [
  ...'赌博强奸加微弓虽女干贝者人入口日曰己已',
  ...'vxpornadubobo',
  ...'0134578@$!|',
  '🎲',
  '💊',
  '8️⃣',
  ' ',
  '*',
  '。',
  '\n',
  '\u200b',
  'Ａ',
  '賭',
  '𠀀',
];
const textArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => a.join(''));

const normalizer = createNormalizer(VARIANT_KINDS);
const termUnits = TERMS.map((t) => {
  const view = normalize(normalizer, t);
  return Array.from(view.cp.subarray(0, view.length));
});
const tables = createSubstitutionTables(termUnits, { lookalike: true, emoji: true, split: true, leet: true });

/** A view's units as plain data, so two views in different buffers compare. */
function unitsOf(view: View | undefined): number[][] {
  if (view === undefined) return [];
  const units: number[][] = [];
  for (let u = 0; u < view.length; u++) {
    units.push([view.cp[u]!, view.cls[u]!, view.via[u]!, view.gap[u]!, view.start[u]!, view.end[u]!]);
  }
  return units;
}

test("the substitution and pinyin views from the normalizer's notes equal those from their own passes", () => {
  fc.assert(
    fc.property(textArb, (text) => {
      const hints = new Hints(tables.marks);
      const view = normalize(normalizer, text, new ViewBuffer(), hints);
      const noted = substitute(tables, view, [], 8, hints).map(unitsOf);
      const own = substitute(tables, view, [], 8).map(unitsOf);
      assert.deepEqual(noted, own, JSON.stringify(text));
      const runs = hints.letterRuns();
      const spelled = hints.letterPair ? toPinyin(view, new ViewBuffer(), 8, runs) : undefined;
      assert.deepEqual(unitsOf(spelled), unitsOf(toPinyin(view, new ViewBuffer(), 8)), JSON.stringify(text));
      let lineBreak = false;
      for (let u = 0; u < view.length; u++) if (view.cls[u] === 2) lineBreak = true;
      assert.equal(hints.lineBreak, lineBreak, JSON.stringify(text));
    }),
    { numRuns: 3000 },
  );
});

const CONTACT_PIECES = [
  ...'加V信微薇扣QQ企鹅看我主页手机号1386①⑫幺两三点艾特.@ \n\r-_:／：，。＠１ａⓐ⃣',
  ...['13812345678', '𝟏𝟐𝟑', '🙂', '\u200b', '賭博', 'ＷＸ', ' at ', '(dot)', 'qq.com', '\ud800'],
];

test("the contact gate's answer from the normalizer's notes equals its answer from its own pass", () => {
  const contactNormalizers = [normalizer, createNormalizer(['contact']), createNormalizer([])];
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...CONTACT_PIECES), { maxLength: 40 }).map((a) => a.join('')),
      fc.constantFrom(...contactNormalizers),
      (text, chosen) => {
        const hints = new Hints(tables.marks, CONTACT_GATE_TABLE);
        normalize(chosen, text, new ViewBuffer(), hints);
        assert.equal(mayFindContactsAt(text, hints.rawAt, hints.rawCount), mayFindContacts(text), JSON.stringify(text));
      },
    ),
    { numRuns: 3000 },
  );
});
