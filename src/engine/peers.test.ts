import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileEngine, parseLexicon, type Engine } from './index.js';

// What other filters document that they catch, and what they document that they leave alone, each case run with the
// peer's own words as a qinglang lexicon. Written from the peers' READMEs and documented examples (houbb/sensitive-word,
// ToolGood.Words, obscenity, mint-filter, sensitive-word-tool), not from their code. A case lists the terms the text must
// match; an empty list is a near miss that must match nothing.

interface PeerCase {
  readonly peer: string;
  readonly why: string;
  /** Lexicon lines (category on each, or none for the file's @category). */
  readonly words: readonly string[];
  readonly text: string;
  readonly terms: readonly string[];
}

const engines = new Map<string, Engine>();
function engineFor(words: readonly string[]): Engine {
  const key = words.join('\n');
  let engine = engines.get(key);
  if (!engine) {
    engine = compileEngine(parseLexicon([{ name: 'peer.txt', text: `@category vulgar\n${key}\n` }]));
    engines.set(key, engine);
  }
  return engine;
}

function suite(technique: string, cases: readonly PeerCase[]): void {
  describe(technique, () => {
    for (const c of cases) {
      test(`${c.peer}: ${c.why}: ${c.text}`, () => {
        const terms = [
          ...new Set(
            engineFor(c.words)
              .moderate(c.text)
              .matches.map((m) => m.term),
          ),
        ].sort();
        assert.deepEqual(terms, [...c.terms].sort());
      });
    }
  });
}

const HOUBB = 'houbb/sensitive-word';
const TOOLGOOD = 'ToolGood.Words';
const OBSCENITY = 'obscenity';
const MINT = 'mint-filter';
const SWT = 'sensitive-word-tool';

suite('case, width and letter styles', [
  { peer: HOUBB, why: 'ignores case', words: ['fuck word'], text: 'fuCK the bad words.', terms: ['fuck'] },
  { peer: HOUBB, why: 'ignores full width', words: ['fuck word'], text: 'ｆｕｃｋ the bad words.', terms: ['fuck'] },
  { peer: HOUBB, why: 'ignores enclosed letters', words: ['fuck word'], text: 'Ⓕⓤc⒦ the bad words', terms: ['fuck'] },
  {
    peer: HOUBB,
    why: 'ignores repeated letters in any style',
    words: ['fuck word'],
    text: 'ⒻⒻⒻfⓤuⓤ⒰cⓒ⒦ the bad words',
    terms: ['fuck'],
  },
  {
    peer: HOUBB,
    why: 'ignores traditional forms',
    words: ['五星红旗'],
    text: '我爱我的祖国和五星紅旗。',
    terms: ['五星红旗'],
  },
  { peer: OBSCENITY, why: 'finds a plain word', words: ['fuck'], text: 'fuck you', terms: ['fuck'] },
  { peer: OBSCENITY, why: 'finds a stretched word', words: ['fuck'], text: 'fuuuuuuuckkk', terms: ['fuck'] },
  {
    peer: MINT,
    why: 'finds every term in a text',
    words: ['敏感词', '违禁'],
    text: '这是敏感词和违禁内容',
    terms: ['敏感词', '违禁'],
  },
  {
    peer: MINT,
    why: 'finds a term nested in another',
    words: ['网络赌博', '赌博'],
    text: '网络赌博',
    terms: ['网络赌博', '赌博'],
  },
  { peer: SWT, why: 'finds a term', words: ['赌博'], text: '有人赌博吗', terms: ['赌博'] },
  { peer: SWT, why: 'leaves a text without terms alone', words: ['赌博'], text: '今天天气不错', terms: [] },
]);

suite('digits and numbers', [
  { peer: HOUBB, why: 'a number term is not inside a longer number', words: ['pk10'], text: 'pk100', terms: [] },
  { peer: HOUBB, why: 'a number term stands on its own', words: ['pk10'], text: '北京pk10开奖', terms: ['pk10'] },
  { peer: HOUBB, why: 'a term starting with digits', words: ['91视频'], text: '这是1991视频资料', terms: [] },
  { peer: HOUBB, why: 'a term starting with digits, found', words: ['91视频'], text: '看91视频', terms: ['91视频'] },
  { peer: HOUBB, why: 'a run of digits is no repeat', words: ['420起床'], text: '4200起床', terms: [] },
  { peer: HOUBB, why: 'digits inside a term, found', words: ['420起床'], text: '420起床', terms: ['420起床'] },
  { peer: TOOLGOOD, why: 'a digit term is not in a longer number', words: ['69'], text: '695', terms: [] },
  { peer: TOOLGOOD, why: 'a digit term beside Han', words: ['69'], text: '69式', terms: ['69'] },
  { peer: HOUBB, why: 'a Han numeral read as a digit', words: ['下三滥'], text: '下3滥', terms: ['下三滥'] },
  { peer: HOUBB, why: 'a financial numeral', words: ['下三滥'], text: '下叁滥', terms: ['下三滥'] },
  { peer: HOUBB, why: 'a circled digit', words: ['下三滥'], text: '下③滥', terms: ['下三滥'] },
  { peer: TOOLGOOD, why: 'a digit read as a Han numeral', words: ['零售'], text: '0售', terms: ['零售'] },
  {
    peer: TOOLGOOD,
    why: 'a digit term written in Han numerals',
    words: ['91视频'],
    text: '九一视频',
    terms: ['91视频'],
  },
  { peer: HOUBB, why: 'a term of numerals alone is not read as a number', words: ['三八'], text: '38', terms: [] },
  {
    peer: HOUBB,
    why: 'a contact number in mixed numeral styles',
    words: ['赌博'],
    text: '这个是我的微信：9⓿二肆⁹₈③⑸⒋➃㈤㊄',
    terms: ['微信号 WeChat id'],
  },
]);

suite('separators and filler', [
  {
    peer: TOOLGOOD,
    why: 'skips a long run of separators',
    words: ['毛主席'],
    text: '毛-----主-----席',
    terms: ['毛主席'],
  },
  {
    peer: HOUBB,
    why: 'skips ignored characters',
    words: ['傻冒', '狗东西'],
    text: '傻@冒，狗+东西',
    terms: ['傻冒', '狗东西'],
  },
  { peer: TOOLGOOD, why: 'a line break still ends a term', words: ['毛主席'], text: '毛\n主席', terms: [] },
  { peer: HOUBB, why: 'circled numerals as filler', words: ['操你妈'], text: '操①你②妈', terms: ['操你妈'] },
  { peer: HOUBB, why: 'full-width digits as filler', words: ['操你妈'], text: '操１你２妈', terms: ['操你妈'] },
  { peer: HOUBB, why: 'a plain digit in a date is content', words: ['出号'], text: '本月出1号文件', terms: [] },
  { peer: TOOLGOOD, why: 'a numeral with a full stop as filler', words: ['中国'], text: '中⒈国', terms: ['中国'] },
  { peer: TOOLGOOD, why: 'a Roman numeral as filler', words: ['中国'], text: '中Ⅻ国', terms: ['中国'] },
  { peer: TOOLGOOD, why: 'a Greek letter as filler', words: ['中国'], text: '中α国', terms: ['中国'] },
  {
    peer: TOOLGOOD,
    why: 'a number that starts another term is still filler where the term goes on',
    words: ['操你妈', '1024社区'],
    text: '操①你妈，1024社区',
    terms: ['1024社区', '操你妈'],
  },
  {
    peer: HOUBB,
    why: 'a digit that is part of the term is content',
    words: ['下三滥'],
    text: '下3滥',
    terms: ['下三滥'],
  },
  { peer: HOUBB, why: 'a number after a term is no part of it', words: ['中国'], text: '中国2024', terms: ['中国'] },
  { peer: TOOLGOOD, why: 'a plain letter between characters is content', words: ['中国'], text: '中a国', terms: [] },
]);

suite('allow terms', [
  { peer: HOUBB, why: 'an allowed word is not a match', words: ['赌博', '~博物馆', '博物'], text: '博物馆', terms: [] },
  {
    peer: HOUBB,
    why: 'a longer term beats an allow term inside it',
    words: ['操你妈', '~你'],
    text: '操你妈',
    terms: ['操你妈'],
  },
  {
    peer: OBSCENITY,
    why: 'an allow term with a space allows the words apart',
    words: ['penis word', '~"pen is"'],
    text: 'the pen is mightier than the sword',
    terms: [],
  },
  {
    peer: OBSCENITY,
    why: 'an allow term with a space does not allow the word it spells',
    words: ['penis word', '~"pen is"'],
    text: 'a penis',
    terms: ['penis'],
  },
  {
    peer: TOOLGOOD,
    why: 'a term with a space',
    words: ['"national congress" word'],
    text: 'the national congress met',
    terms: ['national congress'],
  },
]);

suite('English word edges and endings', [
  { peer: OBSCENITY, why: 'a word edge before the term only', words: ['|ass'], text: 'i like a$$es', terms: ['ass'] },
  { peer: OBSCENITY, why: 'no match inside a word', words: ['|ass'], text: 'a bass guitar', terms: [] },
  {
    peer: OBSCENITY,
    why: 'an edge before only: the word may go on',
    words: ['|anal'],
    text: 'analysis',
    terms: ['anal'],
  },
  { peer: OBSCENITY, why: 'a word edge after the term only', words: ['rape|'], text: 'grape', terms: ['rape'] },
  { peer: OBSCENITY, why: 'grapes are really yummy', words: ['|rape'], text: 'grapes are really yummy', terms: [] },
  { peer: OBSCENITY, why: 'an edge after only: no English ending', words: ['cum|'], text: 'cumulative', terms: [] },
  {
    peer: OBSCENITY,
    why: 'this song seems really banal',
    words: ['|anal'],
    text: 'this song seems really banal',
    terms: [],
  },
  { peer: OBSCENITY, why: 'bananas so yeah', words: ['ass word'], text: 'i love bananas so yeah', terms: [] },
  { peer: OBSCENITY, why: 'an -er ending', words: ['fuck word'], text: 'you are a little fucker', terms: ['fuck'] },
  { peer: OBSCENITY, why: 'an -ers ending', words: ['fuck word'], text: 'fuckers', terms: ['fuck'] },
  { peer: OBSCENITY, why: 'an -es ending', words: ['bitch word'], text: 'bitches', terms: ['bitch'] },
  { peer: OBSCENITY, why: 'an -s ending', words: ['slut word'], text: 'sluts', terms: ['slut'] },
  { peer: OBSCENITY, why: 'a doubled letter and -y', words: ['shit word'], text: 'a shitty day', terms: ['shit'] },
  { peer: OBSCENITY, why: 'not every word that starts alike', words: ['shit word'], text: 'shitake', terms: [] },
  { peer: SWT, why: 'a whole word is not in a longer one', words: ['sb word'], text: 'usb', terms: [] },
]);

suite('look-alikes (UTS #39 confusables)', [
  {
    peer: OBSCENITY,
    why: 'look-alike letters from many scripts',
    words: ['fuck', 'bitch'],
    text: 'ʃ𝐟ʃὗƈｋ ỹоứ 𝔟ⁱẗ𝙘ɦ',
    terms: ['bitch', 'fuck'],
  },
  { peer: OBSCENITY, why: 'polytonic Greek', words: ['fuck'], text: 'fὗck', terms: ['fuck'] },
  { peer: OBSCENITY, why: 'Cyrillic letters', words: ['sex'], text: 'ѕех', terms: ['sex'] },
  { peer: OBSCENITY, why: 'a cross mark as x', words: ['sex'], text: 'se❌', terms: ['sex'] },
  { peer: OBSCENITY, why: 'Greek letters', words: ['fuck'], text: 'fυcκ', terms: ['fuck'] },
  { peer: MINT, why: 'the Han numeral 〇 is no letter o', words: ['gogo'], text: 'g〇g〇', terms: [] },
  { peer: OBSCENITY, why: 'leet ( as c', words: ['fuck'], text: 'fu(k off', terms: ['fuck'] },
  { peer: OBSCENITY, why: 'leet | as i', words: ['bitch', 'shit'], text: 'b|tch, sh|t', terms: ['bitch', 'shit'] },
  { peer: OBSCENITY, why: 'leet | as l', words: ['hell'], text: 'go to he||', terms: ['hell'] },
  {
    peer: OBSCENITY,
    why: 'brackets and bars as punctuation',
    words: ['fuck', 'bitch'],
    text: 'f(u) | b (c) | ick',
    terms: [],
  },
]);

suite('traditional wording (phrases, not only characters)', [
  { peer: TOOLGOOD, why: 'Taiwan wording of a term', words: ['盗版软件'], text: '哪裡有盜版軟體', terms: ['盗版软件'] },
  {
    peer: TOOLGOOD,
    why: 'a phrase that changes length',
    words: ['泄露源代码'],
    text: '洩露原始碼了',
    terms: ['泄露源代码'],
  },
  { peer: TOOLGOOD, why: 'characters alone still fold', words: ['盗版软件'], text: '盜版軟件', terms: ['盗版软件'] },
  { peer: TOOLGOOD, why: 'the regional word alone is not the term', words: ['盗版软件'], text: '正版軟體', terms: [] },
]);

suite('pinyin initials (a weak signal)', [
  { peer: TOOLGOOD, why: 'initials alone are not reported', words: ['傻逼'], text: 'sb', terms: [] },
  { peer: TOOLGOOD, why: 'initials with a cue', words: ['傻逼', '^^你 vulgar'], text: '你sb', terms: ['傻逼'] },
  {
    peer: HOUBB,
    why: 'initials beside another match',
    words: ['你妈死了', '赌博'],
    text: 'nmsl，赌博',
    terms: ['你妈死了', '赌博'],
  },
  { peer: HOUBB, why: 'initials alone, however long', words: ['你妈死了'], text: 'nmsl', terms: [] },
  {
    peer: HOUBB,
    why: 'a finding in another clause is no support',
    words: ['你妈死了', '赌博'],
    text: 'nmsl。今天天气很好，我们一起去公园散步了。有人赌博',
    terms: ['赌博'],
  },
  {
    peer: TOOLGOOD,
    why: 'capitals near a cue are an acronym',
    words: ['欠干', '^^你 vulgar'],
    text: 'QG赢了，你怎么看',
    terms: [],
  },
  { peer: SWT, why: 'initials are whole words', words: ['傻逼', '赌博'], text: 'usb，赌博', terms: ['赌博'] },
  {
    peer: TOOLGOOD,
    why: 'a term the lexicon writes itself stays as written',
    words: ['sb word', '傻逼'],
    text: 'sb',
    terms: ['sb'],
  },
]);
