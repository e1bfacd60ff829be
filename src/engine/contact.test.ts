import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { findContacts } from './contact.js';
import type { ContactFinding, ContactKind, ContactVia } from './contact.js';
import { KEYWORD_FORMS } from './contact/keywords.js';
import { findWindows, mayFindContacts } from './contact/windows.js';
import { findLinks, mayHaveLink } from './contact/links.js';

interface Expected {
  readonly kind: ContactKind;
  readonly value: string;
  /** The exact original text the finding must cover (its first occurrence in the text). */
  readonly span?: string;
  readonly severity?: ContactFinding['severity'];
  /** Disguises the finding must list (it may list more). */
  readonly via?: readonly ContactVia[];
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly expect: readonly Expected[];
  readonly crossLines?: boolean;
}

function check({ text, expect, crossLines }: Case): void {
  const found = findContacts(text, crossLines === undefined ? undefined : { crossLines });
  assert.equal(
    found.length,
    expect.length,
    `expected ${String(expect.length)} findings in ${JSON.stringify(text)}, got ${JSON.stringify(found)}`,
  );
  expect.forEach((want, index) => {
    const got = found[index];
    assert.ok(got !== undefined);
    assert.equal(got.kind, want.kind, JSON.stringify(got));
    assert.equal(got.value, want.value, JSON.stringify(got));
    if (want.span !== undefined) {
      const start = text.indexOf(want.span);
      assert.ok(start >= 0, `span ${want.span} is not in the text`);
      assert.deepEqual([got.start, got.end], [start, start + want.span.length], JSON.stringify(got));
    }
    if (want.severity !== undefined) assert.equal(got.severity, want.severity, JSON.stringify(got));
    for (const via of want.via ?? []) assert.ok(got.via.includes(via), `${via} missing in ${JSON.stringify(got)}`);
  });
}

function run(cases: readonly Case[]): void {
  for (const c of cases) test(c.name, () => check(c));
}

const PHONE = '13812345678';

describe('findContacts: phone numbers in every numeral style', () => {
  run([
    {
      name: 'a plain mobile number is medium',
      text: `给你${PHONE}`,
      expect: [{ kind: 'phone', value: PHONE, span: PHONE, severity: 'medium' }],
    },
    {
      name: 'a mobile number after its keyword',
      text: `手机号：${PHONE}`,
      expect: [{ kind: 'phone', value: PHONE, span: `手机号：${PHONE}`, severity: 'high' }],
    },
    {
      name: 'full-width digits',
      text: '１３８１２３４５６７８',
      expect: [{ kind: 'phone', value: PHONE, via: ['width'], severity: 'high' }],
    },
    {
      name: 'Han numerals',
      text: '一三八一二三四五六七八',
      expect: [{ kind: 'phone', value: PHONE, via: ['numerals'], severity: 'high' }],
    },
    {
      name: 'financial numerals',
      text: '壹叁捌壹贰叁肆伍陆柒捌',
      expect: [{ kind: 'phone', value: PHONE, via: ['numerals'] }],
    },
    {
      name: 'phone slang: 幺 1, 拐 7, 洞 0, 勾 9, 两 2',
      text: '幺三八拐拐拐洞洞勾勾两',
      expect: [{ kind: 'phone', value: '13877700992', via: ['numerals'] }],
    },
    { name: 'circled digits', text: '①③⑧①②③④⑤⑥⑦⑧', expect: [{ kind: 'phone', value: PHONE, via: ['numerals'] }] },
    {
      name: 'circled numbers above nine count as two digits',
      text: '⑬⑧⑫③④⑤⑥⑦⑧',
      expect: [{ kind: 'phone', value: PHONE }],
    },
    { name: 'parenthesised digits', text: '⑴⑶⑻⑴⑵⑶⑷⑸⑹⑺⑻', expect: [{ kind: 'phone', value: PHONE }] },
    { name: 'digits with a full stop', text: '⒈⒊⒏⒈⒉⒊⒋⒌⒍⒎⒏', expect: [{ kind: 'phone', value: PHONE }] },
    { name: 'superscript digits', text: '¹³⁸¹²³⁴⁵⁶⁷⁸', expect: [{ kind: 'phone', value: PHONE }] },
    { name: 'subscript digits', text: '₁₃₈₁₂₃₄₅₆₇₈', expect: [{ kind: 'phone', value: PHONE }] },
    {
      name: 'mathematical bold digits (astral, two UTF-16 units each)',
      text: '号 𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖 ok',
      expect: [{ kind: 'phone', value: PHONE, span: '𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖', via: ['width'] }],
    },
    {
      name: 'keycap digits',
      text: '1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣',
      expect: [{ kind: 'phone', value: PHONE, via: ['numerals'] }],
    },
    {
      name: 'every style mixed in one number',
      text: '1三8①2③4五6⑦８',
      expect: [{ kind: 'phone', value: PHONE, via: ['numerals', 'width'] }],
    },
    {
      name: 'a landline with area code',
      text: '座机 010-87654321',
      expect: [{ kind: 'phone', value: '01087654321', span: '010-87654321' }],
    },
    {
      name: 'a landline with a four-digit area code',
      text: '(0755)12345678',
      expect: [{ kind: 'phone', value: '075512345678' }],
    },
    {
      name: '+86 before a mobile is part of the span',
      text: '+86 138 1234 5678',
      expect: [{ kind: 'phone', value: PHONE, span: '+86 138 1234 5678', severity: 'medium' }],
    },
    { name: '0086 before a mobile', text: '0086-138-1234-5678', expect: [{ kind: 'phone', value: PHONE }] },
    {
      name: 'a word after a phone number is not its unit',
      text: '加我13812345678分享',
      expect: [{ kind: 'phone', value: '13812345678', span: '加我13812345678' }],
    },
    {
      name: 'two phones in a row are two findings',
      text: '13812345678 13912345678',
      expect: [
        { kind: 'phone', value: PHONE },
        { kind: 'phone', value: '13912345678' },
      ],
    },
  ]);
});

describe('findContacts: separators and line breaks between digits', () => {
  run([
    {
      name: 'formatted with spaces is medium without a keyword',
      text: '138 1234 5678',
      expect: [{ kind: 'phone', value: PHONE, severity: 'medium', via: ['separator'] }],
    },
    {
      name: 'one digit at a time is hidden, so high',
      text: '1 3 8 1 2 3 4 5 6 7 8',
      expect: [{ kind: 'phone', value: PHONE, severity: 'high', via: ['separator'] }],
    },
    { name: 'dashes and dots', text: '138-1234.5678', expect: [{ kind: 'phone', value: PHONE, via: ['separator'] }] },
    {
      name: 'emoji between digits',
      text: '138😀1234🌹5678',
      expect: [{ kind: 'phone', value: PHONE, severity: 'high', span: '138😀1234🌹5678' }],
    },
    {
      name: 'Chinese punctuation between digits',
      text: '幺三八，一二三四、五六七八',
      expect: [{ kind: 'phone', value: PHONE }],
    },
    {
      name: 'zero-width characters between digits',
      text: '138\u200b1234\u200d5678',
      expect: [{ kind: 'phone', value: PHONE, severity: 'high', via: ['separator'] }],
    },
    {
      name: 'split over three lines',
      text: '加V\n幺三八\n一二三四\n五六七八\n谢谢',
      expect: [
        {
          kind: 'phone',
          value: PHONE,
          span: '加V\n幺三八\n一二三四\n五六七八',
          via: ['numerals', 'linebreak', 'keyword'],
        },
      ],
    },
    {
      name: 'split over lines with Windows line ends',
      text: '138\r\n1234\r\n5678',
      expect: [{ kind: 'phone', value: PHONE, via: ['linebreak'] }],
    },
    { name: 'crossLines false keeps numbers on one line', text: '138\n1234\n5678', crossLines: false, expect: [] },
    {
      name: 'four lines are too many for one number',
      text: '13\n81\n23\n45678',
      expect: [],
    },
    { name: 'too many separators between digits end the number', text: '138 —— —— 12345678', expect: [] },
  ]);
});

describe('findContacts: keywords with numbers and ids', () => {
  run([
    {
      name: 'the issue example: keyword through the last numeral',
      text: '有没有人一起du博，加薇信：幺三八 一二三四 五六七八',
      expect: [
        {
          kind: 'phone',
          value: PHONE,
          span: '加薇信：幺三八 一二三四 五六七八',
          severity: 'high',
          via: ['numerals', 'separator', 'keyword', 'homophone'],
        },
      ],
    },
    {
      name: 'zero-width marks between keyword and number do not part them',
      text: '加V\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b：13812345678',
      expect: [
        {
          kind: 'phone',
          value: PHONE,
          span: '加V\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b：13812345678',
          severity: 'high',
        },
      ],
    },
    {
      name: 'QQ keyword and a five-digit number',
      text: 'QQ：12345',
      expect: [{ kind: 'qq', value: '12345', span: 'QQ：12345', severity: 'high' }],
    },
    {
      name: 'qq glued to its number',
      text: 'qq12345678',
      expect: [{ kind: 'qq', value: '12345678', span: 'qq12345678' }],
    },
    {
      name: '扣扣 with circled digits',
      text: '扣扣 ①②③④⑤⑥⑦⑧',
      expect: [{ kind: 'qq', value: '12345678', via: ['numerals', 'keyword'] }],
    },
    {
      name: 'QQ in Roman numerals',
      text: '加我QQ：ⅠⅡⅢⅣⅤⅥⅦⅧⅨ',
      expect: [{ kind: 'qq', value: '123456789', via: ['numerals', 'keyword'] }],
    },
    {
      name: 'small Roman numerals',
      text: '扣扣 ⅸⅷⅶⅵⅴⅳⅲⅱ',
      expect: [{ kind: 'qq', value: '98765432', via: ['numerals', 'keyword'] }],
    },
    {
      name: '蔻蔻 with Han numerals',
      text: '蔻蔻号是九八七六五四三',
      expect: [{ kind: 'qq', value: '9876543', span: '蔻蔻号是九八七六五四三' }],
    },
    { name: '企鹅号 with a number', text: '企鹅号 2468013579', expect: [{ kind: 'qq', value: '2468013579' }] },
    { name: '抠抠 spelled with separators', text: '抠抠：5-2-0-1-3-1-4', expect: [{ kind: 'qq', value: '5201314' }] },
    {
      name: 'a keyword three filler words after the number',
      text: '12345678是我的扣扣',
      expect: [{ kind: 'qq', value: '12345678', span: '12345678是我的扣扣' }],
    },
    {
      name: 'a number followed by its keyword',
      text: '12345678是我扣扣',
      expect: [{ kind: 'qq', value: '12345678', span: '12345678是我扣扣' }],
    },
    {
      name: '微信同号 after a phone number',
      text: '13812345678微信同号',
      expect: [{ kind: 'phone', value: PHONE, span: '13812345678微信', severity: 'high' }],
    },
    {
      name: 'vx and a WeChat id',
      text: 'vx：abc_1234',
      expect: [{ kind: 'wechat', value: 'abc_1234', span: 'vx：abc_1234', severity: 'high' }],
    },
    {
      name: 'V信 and a full-width WeChat id',
      text: 'V信 ｗｘｉｄ２０２４',
      expect: [{ kind: 'wechat', value: 'wxid2024', via: ['width', 'keyword'] }],
    },
    {
      name: '微信 plain and an id',
      text: '我微信是 Zhang-San_99 哦',
      expect: [{ kind: 'wechat', value: 'zhang-san_99', span: '微信是 Zhang-San_99' }],
    },
    {
      name: '加 V with a space inside the keyword',
      text: '加 V：wang_er_xiao',
      expect: [{ kind: 'wechat', value: 'wang_er_xiao', span: '加 V：wang_er_xiao', via: ['separator'] }],
    },
    {
      name: 'a full-width plus for 加',
      text: '＋Ｖ：ｍａｏｍａｏ１２',
      expect: [{ kind: 'wechat', value: 'maomao12' }],
    },
    {
      name: '+v for 加V before a phone number',
      text: '咨询预约问题+v 17301821270',
      expect: [{ kind: 'phone', value: '17301821270', span: '+v 17301821270', severity: 'high' }],
    },
    { name: 'a WeChat keyword and digits', text: '威信 20081234', expect: [{ kind: 'wechat', value: '20081234' }] },
    {
      name: '电话 with an eight-digit local number',
      text: '电话 87654321',
      expect: [{ kind: 'phone', value: '87654321', severity: 'medium' }],
    },
    {
      name: 'a generic invitation and a long number',
      text: '加我 一二八五五四三二',
      expect: [{ kind: 'qq', value: '12855432', span: '加我 一二八五五四三二' }],
    },
    {
      name: 'a disguised number with no keyword is a likely QQ',
      text: '⑨⑧⑤②⑦⑥④③',
      expect: [{ kind: 'qq', value: '98527643', severity: 'medium' }],
    },
  ]);
});

describe('findContacts: WeChat ids whose digits are in another numeral style', () => {
  const ids: readonly (readonly [
    name: string,
    text: string,
    value: string,
    span: string,
    via: readonly ContactVia[],
  ])[] = [
    ['phone slang', '微信 s幺两八三四三', 's128343', '微信 s幺两八三四三', ['numerals', 'keyword']],
    ['superscripts', 'wx:wak²⁴⁶⁷²³', 'wak246723', 'wx:wak²⁴⁶⁷²³', ['numerals', 'homophone']],
    ['keycaps', '绿泡泡 sea4️⃣3️⃣7️⃣5️⃣9️⃣2️⃣', 'sea437592', '绿泡泡 sea4️⃣3️⃣7️⃣5️⃣9️⃣2️⃣', ['numerals']],
    ['circled and parenthesised', '微信：lbj⑷⒎⒈⑶⒈', 'lbj47131', '微信：lbj⑷⒎⒈⑶⒈', ['numerals']],
    ['⒈ and ⑴', '薇信:zi⒌⒐⒋⑴⒏⑷⒈⒍', 'zi59418416', '薇信:zi⒌⒐⒋⑴⒏⑷⒈⒍', ['numerals']],
    ['financial numerals', 'wx：ke壹零伍壹贰叁叁肆', 'ke10512334', 'wx：ke壹零伍壹贰叁叁肆', ['numerals']],
    ['Han numerals', '加V zou五拐三六三勾四', 'zou5736394', '加V zou五拐三六三勾四', ['numerals']],
    ['full-width digits', '微信 abc１２３４５', 'abc12345', '微信 abc１２３４５', ['width']],
    ['mixed styles', '威信:olhk⓪⑺三０₈０₇', 'olhk0730807', '威信:olhk⓪⑺三０₈０₇', ['numerals', 'width']],
    ['one Han numeral beside styled digits', '薇信en勾８７④幺', 'en98741', '薇信en勾８７④幺', ['numerals', 'width']],
    ['a Han numeral last, after a keycap', 'V信 po８3️⃣⑹７₁₄7️⃣六', 'po83671476', 'V信 po８3️⃣⑹７₁₄7️⃣六', ['numerals']],
    ['the id ends before Han text', '微信 s幺两八三四三，周末见', 's128343', '微信 s幺两八三四三', ['numerals']],
    ['a Han word after an ASCII id is not part of it', '加我微信 tom2024一起打游戏', 'tom2024', '加我微信 tom2024', []],
    // 加V x reads as 加vx, glued to 'do': the keyword is the shorter 加V.
    ['x after 加V, which is not 加vx', '加V xdo532393，备注一下来意', 'xdo532393', '加V xdo532393', ['keyword']],
  ];
  run(
    ids.map(([name, text, value, span, via]) => ({
      name: `an id with ${name}`,
      text,
      expect: [{ kind: 'wechat', value, span, via, severity: 'high' }],
    })),
  );

  const quiet: readonly (readonly [name: string, text: string])[] = [
    ['no keyword, no id', 's幺两八三四三'],
    ['a QQ keyword reads no ids', 'QQ s幺两八三四三'],
    ['一 of 一下 after a Latin word', '你有微信 hello么'],
    ['两三个 after a Latin word', '微信group两三个'],
    ['一直 after a Latin word', '微信wifi一直连不上'],
    ['a styled id too short once 一起 is left out', 'wx: tom①②一起'],
    ['too short', '微信 ab幺两'],
    ['too long', '微信 abcdefghijklmnopqrst幺两八'],
    ['加vx glued to a longer word', '加vxyz123456'],
    ['Roman numerals as chapter and building numbers', '微信读书第Ⅱ章，Ⅲ号楼Ⅳ单元'],
  ];
  for (const [name, text] of quiet) {
    test(`no id: ${name}`, () =>
      assert.deepEqual(
        findContacts(text).filter((f) => f.kind !== 'keyword'),
        [],
      ));
  }
});

describe('findContacts: a number beside sentence punctuation', () => {
  const MOBILE = '18761674337';
  const marks: readonly (readonly [name: string, before: string, after: string])[] = [
    ['a full-width question mark', '周末有空吗？', ''],
    ['an ASCII question mark after Han text', '周末有空吗?', ''],
    ['a full-width exclamation mark', '太好了！', ''],
    ['an ideographic full stop', '好的。', ''],
    ['a full-width comma', '好的，', ''],
    ['a full-width colon', '有空吗：', ''],
    ['a full-width semicolon', '好吗；', ''],
    ['a full-width closing parenthesis', '（见）', ''],
    ['a question mark after the number', '你的号是', '？'],
    ['an ASCII question mark after the number', '是', '?'],
    ['a slash after a name', '张三/', ''],
    ['a slash before a name', '', '/张三'],
  ];
  run(
    marks.map(([name, before, after]) => ({
      name: `${name} does not hide a mobile number`,
      text: `${before}${MOBILE}${after}`,
      expect: [{ kind: 'phone', value: MOBILE, span: MOBILE, severity: 'medium' }],
    })),
  );
  run([
    {
      name: '= between a keyword and its number',
      text: `电话=${MOBILE}`,
      expect: [{ kind: 'phone', value: MOBILE, span: `电话=${MOBILE}`, severity: 'high' }],
    },
    {
      name: 'a disguised number after a full-width question mark',
      text: '周末有空吗？幺三八一二三四五六七八',
      expect: [{ kind: 'phone', value: PHONE, span: '幺三八一二三四五六七八', severity: 'high' }],
    },
    {
      name: 'a number in a URL query is the URL',
      text: `a.com/?q=${MOBILE}`,
      expect: [{ kind: 'url', value: `a.com/?q=${MOBILE}`, severity: 'low' }],
    },
    {
      name: 'a number right after a URL query mark is the URL',
      text: `a.com/?${MOBILE}`,
      expect: [{ kind: 'url', value: `a.com/?${MOBILE}`, severity: 'low' }],
    },
  ]);
  const quiet: readonly (readonly [name: string, text: string])[] = [
    ['an expression', `x=${MOBILE}`],
    ['a query mark inside a Latin token', `ok?${MOBILE}`],
    ['a query after the number', `${MOBILE}?x=1`],
    ['an ampersand inside a token', `a&${MOBILE}`],
  ];
  for (const [name, text] of quiet) test(`no number: ${name}`, () => check({ name, text, expect: [] }));
});

describe('findContacts: every keyword form introduces a number', () => {
  const forms = [
    ['加V', 'wechat'],
    ['V信', 'wechat'],
    ['薇信', 'wechat'],
    ['威信', 'wechat'],
    ['微信', 'wechat'],
    ['徽信', 'wechat'],
    ['vx', 'wechat'],
    ['WX', 'wechat'],
    ['绿泡泡', 'wechat'],
    ['扣扣', 'qq'],
    ['企鹅', 'qq'],
    ['企鵝號', 'qq'],
    ['蔻蔻', 'qq'],
    ['ＱＱ', 'qq'],
    ['ⓠⓠ', 'qq'],
    ['koukou', 'qq'],
    ['Ⓥ信', 'wechat'],
    ['抠抠', 'qq'],
    ['私聊', 'solicit'],
    ['加我', 'solicit'],
    ['滴滴我', 'solicit'],
    ['找我拿', 'solicit'],
    ['联系方式', 'solicit'],
    ['聯繫方式', 'solicit'],
    ['電話', 'phone'],
  ] as const;
  for (const [form, platform] of forms) {
    test(`${form} + a phone number is one high finding from the keyword on`, () =>
      check({
        name: form,
        text: `好的，${form}：${PHONE}`,
        expect: [{ kind: 'phone', value: PHONE, span: `${form}：${PHONE}`, severity: 'high', via: ['keyword'] }],
      }));
    const kind = platform === 'wechat' ? 'wechat' : platform === 'phone' ? undefined : 'qq';
    if (kind !== undefined) {
      test(`${form} + a seven-digit number is a ${kind} finding`, () =>
        check({ name: form, text: `${form} 2718281`, expect: [{ kind, value: '2718281', span: `${form} 2718281` }] }));
    }
  }
});

describe('findContacts: keywords alone', () => {
  run([
    { name: '看我主页', text: '想要的看我主页', expect: [{ kind: 'keyword', value: '看我主页', severity: 'medium' }] },
    { name: '加V', text: '有意加V', expect: [{ kind: 'keyword', value: '加V', severity: 'medium', via: ['keyword'] }] },
    { name: '看我简介', text: '详情看我简介', expect: [{ kind: 'keyword', value: '看我简介' }] },
    { name: '看我头像', text: '看我头像', expect: [{ kind: 'keyword', value: '看我头像' }] },
    { name: '看我签名', text: '看我签名！', expect: [{ kind: 'keyword', value: '看我签名' }] },
    { name: '滴滴我', text: '需要的滴滴我', expect: [{ kind: 'keyword', value: '滴滴我', severity: 'medium' }] },
    { name: '找我拿', text: '皮肤找我拿', expect: [{ kind: 'keyword', value: '找我拿' }] },
    { name: '不会找我买啊 is no refusal', text: '不会找我买啊', expect: [{ kind: 'keyword', value: '找我买' }] },
    {
      name: 'a refusal before one invitation leaves the next',
      text: '别私聊，看我头像',
      expect: [{ kind: 'keyword', value: '看我头像' }],
    },
    {
      name: '绿泡泡 alone is low',
      text: '来绿泡泡聊',
      expect: [{ kind: 'keyword', value: '绿泡泡', severity: 'low', via: ['homophone'] }],
    },
    {
      name: '加 with a disguised platform is medium',
      text: '加绿泡泡',
      expect: [{ kind: 'keyword', value: '加绿泡泡', severity: 'medium' }],
    },
    {
      name: '加我 + 微信 merge into one invitation',
      text: '加我微信',
      expect: [{ kind: 'keyword', value: '加我微信', severity: 'medium' }],
    },
    {
      name: '添加我们的QQ: an invitation with words between',
      text: '请添加我们的QQ号码',
      expect: [{ kind: 'keyword', value: '添加我们的QQ', severity: 'medium' }],
    },
    {
      name: '加一下我的微信 (一 inside a keyword)',
      text: '你加一下我的微信',
      expect: [{ kind: 'keyword', value: '加一下我的微信', severity: 'medium' }],
    },
    { name: '私聊 is low', text: '私聊', expect: [{ kind: 'keyword', value: '私聊', severity: 'low' }] },
    {
      name: '联系方式 is low',
      text: '留个联系方式',
      expect: [{ kind: 'keyword', value: '联系方式', severity: 'low' }],
    },
    {
      name: 'two platforms stay two findings',
      text: '加V扣扣',
      expect: [
        { kind: 'keyword', value: '加V' },
        { kind: 'keyword', value: '扣扣' },
      ],
    },
  ]);
});

describe('findContacts: URLs and e-mail', () => {
  run([
    {
      name: 'a URL with scheme is low',
      text: '见 https://Example.com/a?b=1 。',
      expect: [{ kind: 'url', value: 'example.com/a?b=1', severity: 'low', span: 'https://Example.com/a?b=1' }],
    },
    {
      name: 'www without scheme',
      text: '上www.example.cn看',
      expect: [{ kind: 'url', value: 'www.example.cn', span: 'www.example.cn' }],
    },
    {
      name: '点com',
      text: '快来 example点com 看看',
      expect: [{ kind: 'url', value: 'example.com', span: 'example点com', severity: 'high', via: ['homophone'] }],
    },
    {
      name: '。com',
      text: '网址abc。com',
      expect: [{ kind: 'url', value: 'abc.com', span: 'abc。com', via: ['width'] }],
    },
    {
      name: '(dot)',
      text: 'site example(dot)net ok',
      expect: [{ kind: 'url', value: 'example.net', span: 'example(dot)net' }],
    },
    {
      name: 'spaced dot',
      text: 'go to example dot com now',
      expect: [{ kind: 'url', value: 'example.com', span: 'example dot com' }],
    },
    {
      name: 'full-width URL',
      text: 'ｅｘａｍｐｌｅ．ｃｏｍ',
      expect: [{ kind: 'url', value: 'example.com', via: ['width'] }],
    },
    {
      name: 'spaces around 点',
      text: 'abc 点 top',
      expect: [{ kind: 'url', value: 'abc.top', span: 'abc 点 top', via: ['separator', 'homophone'] }],
    },
    {
      name: 'a plain e-mail is medium',
      text: '写信到 someone@example.com 吧',
      expect: [{ kind: 'email', value: 'someone@example.com', severity: 'medium' }],
    },
    {
      name: '艾特 for @ and 点 for .',
      text: '邮箱 abc艾特qq点com',
      expect: [
        {
          kind: 'email',
          value: 'abc@qq.com',
          span: '邮箱 abc艾特qq点com',
          severity: 'high',
          via: ['homophone', 'keyword'],
        },
      ],
    },
    {
      name: '(at) and (dot)',
      text: 'mail me: tom (at) gmail (dot) com',
      expect: [{ kind: 'email', value: 'tom@gmail.com', span: 'tom (at) gmail (dot) com' }],
    },
    {
      name: "' at ' before a mailbox provider",
      text: 'write to tom at qq dot com',
      expect: [{ kind: 'email', value: 'tom@qq.com', span: 'tom at qq dot com' }],
    },
    {
      name: "' at ' in English is not an @",
      text: 'look at example.com',
      expect: [{ kind: 'url', value: 'example.com', span: 'example.com', severity: 'low' }],
    },
    {
      name: '圈a for @',
      text: 'lily圈a163.com',
      expect: [{ kind: 'email', value: 'lily@163.com', span: 'lily圈a163.com' }],
    },
    {
      name: 'a mobile-number mailbox is one e-mail, not a phone',
      text: '加我 13812345678@163.com',
      expect: [{ kind: 'email', value: '13812345678@163.com', span: '加我 13812345678@163.com', severity: 'high' }],
    },
    {
      name: 'a phone number inside a URL path is part of the URL',
      text: 'https://example.com/u/13812345678',
      expect: [{ kind: 'url', value: 'example.com/u/13812345678' }],
    },
    {
      name: 'a QQ mailbox is one e-mail, not a QQ number',
      text: '12345678@qq.com',
      expect: [{ kind: 'email', value: '12345678@qq.com' }],
    },
  ]);
});

describe('findContacts: no false alarms on benign text', () => {
  const benign: readonly [string, string][] = [
    ['a museum visit', '周末我们全家去博物馆'],
    ['a price', '这件衣服¥1380，那件￥13800'],
    ['a date in Han form', '2024年11月28日'],
    ['a date and a time', '2024-11-28 13:45'],
    ['a time with seconds', '13:45:20 开始'],
    ['an order number beside its keyword', '订单号 13812345678'],
    ['a long order number', '订单号：202411281234567'],
    ['a parcel number', '快递单号 SF1234567890123'],
    ['a year in Han numerals', '二〇二四年是龙年'],
    ['counting', '一二三四五六七八九十'],
    ['counting in circled digits', '①②③④⑤⑥⑦⑧'],
    ['counting in financial numerals', '壹贰叁肆伍陆柒捌玖'],
    ['a disguised number beside 编号', '编号：⑨⑧⑤②⑦⑥④③'],
    ['Han numerals inside running text', '他念了一串三九八二七一五六四就走了'],
    ['seven Han numerals alone are too few to guess a QQ number', '三九八二七一五'],
    ['counting with separators', '一、二、三、四、五、六、七、八'],
    ['a children’s rhyme', '一二三四五，上山打老虎'],
    ['a poem full of numerals', '一去二三里，烟村四五家，亭台六七座，八九十枝花'],
    ['一 and 两 in ordinary words', '一两个人两三天就到，三三两两，七拐八拐'],
    ['a count after numerals', '我有一二三四五个朋友'],
    ['pi in Han numerals', '圆周率是三点一四一五九二六五三五'],
    ['pi in digits', 'π = 3.14159265358979'],
    ['plain platform names', '微信支付和QQ音乐都好用，南极的企鹅'],
    ['a service hotline', '心理援助热线 400-161-9995，青少年热线12355'],
    ['file names and a name with a dot', 'README.md, main.py 和 Mr.Li'],
    ['version numbers', 'v1.2.3 和 Node.js 20'],
    ['a plain long ASCII number', '编号 98765432101'],
    ['an ID-like token of letters and digits', 'AB13812345678CD'],
    ['English words that contain keywords', 'hotel vxyz wxyz'],
    ['a phone-shaped number with a currency sign', '$13812345678'],
    ['ASCII digits spaced as a list', '1 2 3 4 5 6 7'],
    ['scores', '比分 3:2，上半场 1:0'],
    ['a number in running text', '星期一二三四五都上课'],
    ['numerals before a measure word', 'QQ群里一二三四五个人'],
    ['山洞 and 打勾', '山洞里打勾'],
    ['sentence punctuation does not join a keyword', '有事请随时与我联系。我会尽快回复'],
    ['添加 alone is ordinary', '食品添加剂'],
    ['numbers of a table row before a quoted keyword', '1,0,0.0,1,"QQ图标好像都没怎么变'],
    ['a price before 的手机', '0,0,0.0,0,5000的手机，物料成本'],
    ['a short number after 微信 is not an account', '微信 10001'],
    ['full-width digits alone are how some input methods type', '２０２４１１２８'],
    ['a service number even after 电话', '客服电话400-8593-677，或拨打电话 95588'],
    ['点 as o’clock before Latin letters', '上午10点name会喊你'],
    ['。 ending a sentence between Latin words', '请回复TD。Place your order'],
    ['a refused invitation', '不看头像我也能看出来'],
    ['a refused invitation after a space', '谢绝 私聊'],
    ['a refusal of private messages', '请勿私信我，有事评论区说'],
  ];
  for (const [name, text] of benign) test(name, () => check({ name, text, expect: [] }));
});

describe('findContacts: robustness', () => {
  test('empty text', () => assert.deepEqual(findContacts(''), []));
  test('lone surrogates and control characters', () => {
    const text = '\ud800扣扣１２３４５\u0000\u0007\u001b好\udfff加V\ud83d';
    const found = findContacts(text);
    assert.deepEqual(
      found.map((f) => [f.kind, f.value]),
      [
        ['qq', '12345'],
        ['keyword', '加V'],
      ],
    );
  });
  test('a megabyte of adversarial text finishes and stays within bounds', () => {
    const parts = ['1 ', 'a.', '一', '加V', '1😀', 'x艾特', '点', '\n', '⑴', '\u200b'];
    let text = '';
    while (text.length < 1 << 20) text += parts.map((p) => p.repeat(997)).join('');
    const found = findContacts(text);
    for (const f of found) assert.ok(f.start >= 0 && f.start < f.end && f.end <= text.length);
  });
});

const STYLES: readonly (readonly string[])[] = [
  [...'0123456789'],
  [...'０１２３４５６７８９'],
  [...'〇一二三四五六七八九'],
  [...'零壹贰叁肆伍陆柒捌玖'],
  [...'洞幺两三四五六拐八勾'],
  [...'⓪①②③④⑤⑥⑦⑧⑨'],
  [...'⁰¹²³⁴⁵⁶⁷⁸⁹'],
  [...'₀₁₂₃₄₅₆₇₈₉'],
  [...'𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗'],
];
const GAPS = ['', '', '', ' ', '-', '.', '，', '😀', '\u200b', '~'];

describe('findContacts: properties', () => {
  test('never throws, and every finding lies in the text, in order, without overlap', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: fc.constantFrom(...'加V信扣QQ1386①幺两点艾特.@ \n微信a-_:'), maxLength: 200 }),
        ),
        fc.boolean(),
        (text, crossLines) => {
          const found = findContacts(text, { crossLines });
          let previousEnd = 0;
          for (const f of found) {
            assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end));
            assert.ok(f.start >= previousEnd && f.start < f.end && f.end <= text.length);
            previousEnd = f.end;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('a mobile number in any mix of numeral styles and separators, after 加V, is found with its exact span', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...'3456789'),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }),
        fc.array(fc.integer({ min: 0, max: STYLES.length - 1 }), { minLength: 11, maxLength: 11 }),
        fc.array(fc.constantFrom(...GAPS), { minLength: 10, maxLength: 10 }),
        (second, rest, styles, gaps) => {
          const digits = `1${second}${rest.join('')}`;
          let number = '';
          [...digits].forEach((d, k) => {
            if (k > 0) number += gaps[k - 1] ?? '';
            number += STYLES[styles[k] ?? 0]?.[Number(d)] ?? d;
          });
          const prefix = '朋友们加V：';
          const text = `${prefix}${number}。`;
          const found = findContacts(text);
          const isPhone = /^1[3-9]\d{9}$/.test(digits) && found.some((f) => f.kind === 'phone');
          if (!isPhone) {
            // Numbers outside the assigned ranges are still a contact after a WeChat keyword.
            assert.deepEqual(
              found.map((f) => [f.kind, f.value]),
              [['wechat', digits]],
            );
            return;
          }
          assert.equal(found.length, 1, JSON.stringify(found));
          const [f] = found;
          assert.ok(f !== undefined);
          assert.equal(f.value, digits);
          assert.equal(f.start, prefix.indexOf('加'));
          assert.equal(f.end, prefix.length + number.length);
          assert.equal(f.severity, 'high');
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** Pieces a differential text is built from: every digit style, keywords and their disguises, separators, link marks. */
const PIECES: readonly string[] = [
  ...STYLES.flat(),
  ...'⑫⑳㊿⒓🄁🄊',
  '1️⃣',
  '2⃣',
  ...KEYWORD_FORMS,
  ...['幺三五七二四六', '①③⑤②④⑥⑧', '壹叁伍贰肆陆捌玖', '0101234567', '薇**信', '扣 扣', '加  V', 'a汉字点'],
  ...[
    'ＱＱ',
    'Ⓥ信',
    '+V',
    '➕v',
    '＋v',
    '電話',
    '企鵝號',
    '聯繫方式',
    '薇*信',
    '扣😀扣',
    '微\u200b信',
    '加 V',
    'Vx',
    'WX',
  ],
  ...GAPS,
  ...[
    '\n',
    '\r\n',
    '\r',
    '\u3000',
    '\u2028',
    '。',
    '，',
    '·',
    '丶',
    '・',
    '点',
    '點',
    '@',
    '＠',
    '艾特',
    '圈a',
    '(dot)',
  ],
  ...['（点）', '[at]', ' dot ', ' at ', '.', '．', '/', '//', ':', '_', '#', '¥', '￥', '$', '+', '=', '?', '&', '%'],
  ...['ftp:', '.com', '.cn', 'xn--', ':8080', '.１', 'ｃｏｍ'],
  ...['http://', 'https://', 'www.', 'mailto:', '1.2.3.4', '127.0.0.1', '39.9', '2026-11-28', '12:30', '3点半'],
  ...['13812345678', '400-123-4567', '010-12345678', '+86', '0086', '95588', '1234567', '123456', '12345'],
  ...[
    'abc',
    'com',
    'cn',
    'md',
    'qq',
    'Example',
    'hotel',
    'tel',
    'name',
    'gmail',
    '163',
    'top',
    'xyz',
    'A1B2',
    'ＡＢｃ',
  ],
  ...['我', '的', '是', '号', '们', '他', '个', '元', '第', '十', '万', '天', '年', '同'],
  ...['？', '！', '：', '；', '）', '吗？', '张三/', 's幺两八', 'wak²⁴⁶', 'sea4️⃣3️⃣', 'zi⒌⑴', 'en勾８', '一起', '么'],
  ...['周末', '博物馆', '全家去', '天气晴朗', '作业考试', '晚上明天', 'é', 'カタカナ', 'Ω'],
];
const PLAIN_HAN = '周末博物馆天气晴朗作业考试晚上明天老师同学妈妈爸爸音乐电影游戏朋友';

/** Texts where a cut of the prefilter once went wrong, or could. */
const tricky = [
  // The link view reads up to two Han characters before a disguised dot, once anything in the text may be a link.
  'a汉点com 见 b.cn',
  'a汉字点com 见 b.cn',
  'a汉字点com博物馆见b.cn',
  '博物馆 ①③⑤②④⑥⑧ 博物馆',
  '12345672⃣',
  // A disguised number beside Han text is no contact: the cut must leave the Han character beside it.
  '博物馆①③⑤②④⑥⑧博物馆',
  '博物馆①③⑤②④⑥⑧ 博物馆',
  '博物馆 ①③⑤②④⑥⑧博物馆',
  '博物馆1.2com博物馆',
  '博物馆ftp:1.2.3.4博物馆',
  '博物馆http:1.2.3.4博物馆',
  '博物馆1.2.3.4/a博物馆',
  '博物馆1.2.3.4:8080博物馆',
  '博物馆Ｅｘａｍｐｌｅ．ｃｏｍ博物馆',
  '1234567 8️⃣博物馆',
  '博物馆薇**信abc_12345博物馆',
  '周末我们全家去博物馆x博物馆1@1.2.3.4',
  '博物馆//1.2.3.4博物馆',
  '博物馆¥39.9博物馆',
  '博物馆39.9a博物馆',
  '加博物馆V',
  '微博物馆信 13812345678',
  '博物馆七2026-11-28博物馆',
  '周末博物馆１３８１２３４５６７８博物馆',
  '博物馆1\n2\n3\n4\n5\n6\n7\n8\n9\n0\n1博物馆',
  '博物馆1   \n   3812345678博物馆',
  '博物馆 tom at qq dot com 博物馆',
  '博物馆name (at) qq (dot) com博物馆',
  '博物馆。OK。博物馆',
  '博物馆OK 。com博物馆',
  // WeChat ids in other numeral styles, and numbers beside sentence punctuation that folds to a URL mark.
  '博物馆微信 s幺两八三四三博物馆',
  '博物馆wx:wak²⁴⁶⁷²³博物馆',
  '博物馆薇信en勾８７④幺一起博物馆',
  '博物馆加我微信 tom2024一起打游戏',
  '博物馆周末有空吗？18761674337博物馆',
  '博物馆吗？18761674337？博物馆',
  '博物馆ok?18761674337?x博物馆',
  '博物馆张三/18761674337/博物馆',
  // A real dot joins a letter or digit up to two Han characters before it, as a disguised dot does.
  '3点半https://0周.１周？？',
  '博物馆a点b https://0周 .１博物馆',
  // A keyword that is no finding alone makes its part worth reading only beside a number of five digits or more, a
  // letter (a WeChat id), or, for a messenger's name, an invitation it merges with.
  '博物馆加一下微信博物馆',
  '博物馆添加一下 QQ博物馆',
  '博物馆企鹅加一下博物馆',
  '博物馆手机博物馆',
  '博物馆手机号 1234博物馆',
  '博物馆手机号 12345博物馆',
  '博物馆电话 2345678博物馆',
  '博物馆微信 abc_defg博物馆',
  '博物馆微信是 Ａｂｃ_ｄｅｆｇ博物馆',
  '博物馆订单 12345博物馆',
];

/** Texts of digits, keywords, separators, links, Han and Latin, in pieces that make contact details and near misses. */
const textArb = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...PIECES) },
      { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...PLAIN_HAN), minLength: 1, maxLength: 8 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    ),
    { maxLength: 80 },
  )
  .map((pieces) => pieces.join(''));

describe('findContacts: the prefilter', () => {
  test('finds exactly what the full scan finds, on texts of digits, keywords, separators, links, Han and Latin', () => {
    fc.assert(
      fc.property(textArb, fc.boolean(), (text, crossLines) => {
        assert.deepEqual(
          findContacts(text, { crossLines }),
          findContacts(text, { crossLines, prefilter: false }),
          JSON.stringify(text),
        );
      }),
      { numRuns: 3000 },
    );
  });

  for (const text of tricky) {
    test(`same findings on ${JSON.stringify(text)}`, () => {
      assert.deepEqual(findContacts(text), findContacts(text, { prefilter: false }));
    });
  }
});

describe('mayHaveLink', () => {
  test('says no only where the link view, read anyway, finds nothing, on texts of digits, keywords, links, Han and Latin', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        if (!mayHaveLink(text)) assert.deepEqual(findLinks(text, true), [], JSON.stringify(text));
      }),
      { numRuns: 10000 },
    );
  });

  for (const text of ['39.9元', 'v1.0版', '回复TD。A', '第3。好', 'a.b', '1.2.3.4']) {
    test(`says no on ${JSON.stringify(text)}`, () => assert.equal(mayHaveLink(text), false));
  }
  for (const text of ['example.com', 'tom点qq点com', 'x。ＣＮ', 'a. co', 'http://1.2.3.4', 'me@x', 'qq(dot)com']) {
    test(`says yes on ${JSON.stringify(text)}`, () => assert.equal(mayHaveLink(text), true));
  }
});

describe('mayFindContacts: the gate the normalizer feeds', () => {
  const windowsOf = (text: string): number[] => findWindows(text, () => mayHaveLink(text));

  test('says yes wherever the prefilter finds a part to read, on texts of digits, keywords, links, Han and Latin', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        if (windowsOf(text).length > 0) assert.equal(mayFindContacts(text), true, JSON.stringify(text));
      }),
      { numRuns: 3000 },
    );
  });

  for (const text of tricky) {
    test(`says yes on ${JSON.stringify(text)}, where findContacts finds something or reads a part`, () => {
      if (findContacts(text).length > 0 || windowsOf(text).length > 0) assert.equal(mayFindContacts(text), true);
    });
  }

  // What makes the gate worth its notes: ordinary text, and text with short numbers, skips the detector's own pass.
  for (const text of [
    '周末我们全家去博物馆',
    '2026年11月29日，3点半在5号门见，票价39元。',
    '我的手机坏了，微信也登不上',
    'hello world, see you tomorrow, ok?',
    '加油！第1名',
  ]) {
    test(`says no on ${JSON.stringify(text)}`, () => {
      assert.deepEqual(findContacts(text), []);
      assert.equal(mayFindContacts(text), false);
    });
  }

  for (const text of ['加薇信：幺三八 一二三四 五六七八', '联系 13812345678', '看我主页', 'tom点qq点com', '①②③④⑤⑥⑦']) {
    test(`says yes on ${JSON.stringify(text)}`, () => assert.equal(mayFindContacts(text), true));
  }
});
