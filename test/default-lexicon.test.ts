import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileEngine, loadLexicon, type Action } from 'qinglang';

// How the default lexicon's contexts and cues judge whole sentences, at the default age band (12–16): the mechanisms have
// their own tests with small lexicons; these pin down the judgements the data makes.
const engine = compileEngine(await loadLexicon());

const cases: readonly (readonly [why: string, text: string, action: Action])[] = [
  ['an allow term', '周末我们全家去博物馆', 'allow'],
  ['protective wording', '警方打击赌博，捣毁窝点三个', 'label'],
  ['medical wording is health education', '男同在进行肛交的时候肠壁比较容易破损', 'label'],
  ['a crime named in law is not the act', '男性的强制性交归于强制猥亵罪', 'label'],
  ['a court report', '少女遭轮奸之后，被法庭处以鞭刑', 'label'],
  ['an adult product named in a list', '备：物品：拳套、飞机杯', 'label'],
  ['an adult product sold', '飞机杯低价出售，需要的私聊', 'block'],
  ['a scandal named in news', '人们只注意到艳照门的事情', 'label'],
  ['the scandal as material to get', '艳照门资源下载', 'block'],
  ['tabloid wording', '他的新欢是25岁的嫩模', 'label'],
  ['medical wording elsewhere in the text does not excuse a solicitation', '约炮吗。肠壁', 'block'],
];

for (const [why, text, action] of cases) {
  test(`default lexicon: ${why}: ${text} → ${action}`, () => {
    const verdict = engine.moderate(text);
    assert.equal(verdict.action, action, JSON.stringify(verdict.matches));
  });
}
