import type { ContactFinding } from './contact.js';
import type { Severity } from './taxonomy.js';

/** What kind of personal information a finding is. */
export const PERSONAL_INFO_KINDS = ['phone', 'id_card', 'address', 'school_class', 'name_age'] as const;
export type PersonalInfoKind = (typeof PERSONAL_INFO_KINDS)[number];

/** One piece of personal information exposed in a text: a phone number, an ID number, a home address, a school and class, a full name beside an age or school. */
export interface PersonalInfoFinding {
  /** UTF-16 offset into the original text, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly kind: PersonalInfoKind;
  readonly severity: Severity;
  /** Whose it reads as: the writer's own (我家, 我叫), someone else's (他家, 她叫), or not said. */
  readonly owner: 'self' | 'other' | 'unknown';
}

/** What a finding of each kind is called in a match's `term`. */
export const PERSONAL_INFO_TERMS: Readonly<Record<PersonalInfoKind, string>> = {
  phone: '个人电话 personal phone number',
  id_card: '身份证号 resident ID number',
  address: '住址 home address',
  school_class: '学校班级 school and class',
  name_age: '姓名与年龄或学校 name with age or school',
};

/** GB 11643-1999 weights of the first 17 digits of a resident identity number. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/**
 * Whether an 18-character string is a resident identity number of GB 11643: an administrative region (first digit 1–8),
 * a real birth date from 1900 on, and the ISO 7064 MOD 11-2 check character.
 *
 * @example
 * isResidentId('11010519491231002X'); // true
 * isResidentId('110105194912310021'); // false (wrong check character)
 */
export function isResidentId(id: string): boolean {
  if (!/^[1-8]\d{16}[\dX]$/u.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const days = [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  if (day > days[month - 1]!) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17];
}

/** Full-width digits and letters read as ASCII, one UTF-16 unit for one, so offsets stay those of the original. */
function halfWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/gu, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** 。！？；!?; and line breaks end a clause: a cue speaks only of what shares its clause. */
const CLAUSE_END = /[。！？；!?;\n\r]/u;

/** The text of the clause before `start`, at most `reach` units back. */
function before(text: string, start: number, reach: number): string {
  const from = Math.max(0, start - reach);
  const piece = text.slice(from, start);
  const parts = piece.split(CLAUSE_END);
  return parts[parts.length - 1] ?? '';
}

/** The text of the clause after `end`, at most `reach` units on. */
function after(text: string, end: number, reach: number): string {
  return text.slice(end, end + reach).split(CLAUSE_END)[0] ?? '';
}

/** Wording that says whose a detail is: the writer's, or someone else's they point at. */
const SELF = /我|俺|咱家|本人/u;
const OTHER = /他|她|TA|ta的|这人|此人|那个人|某某|同学|班上|人肉|扒出|曝光|开盒/u;
function ownerOf(context: string): PersonalInfoFinding['owner'] {
  if (OTHER.test(context)) return 'other';
  if (SELF.test(context)) return 'self';
  return 'unknown';
}

/**
 * Whose a personal_info match at `start` reads as, from the wording before it in its clause: the writer's own (我家), someone
 * else's (他家, 同学), or not said.
 *
 * @example
 * personalInfoOwner('她家在幸福家园12号楼', 3); // 'other'
 */
export function personalInfoOwner(text: string, start: number): PersonalInfoFinding['owner'] {
  return ownerOf(before(text, start, 16));
}

/** A phone number of a person, not of a business: mobile, or a landline with its area code. */
const PERSONAL_NUMBER = /^(?:86)?(?:1[3-9]\d{9}|0[1-9]\d{8,10})$/u;
/** Wording that makes a number a person's: the owner or the family. */
const PHONE_OWNER =
  /我|俺|他|她|妈|爸|爷|奶|姥|哥|姐|弟|妹|家里|家长|孩子|儿子|女儿|同学|本人|私人|手机号|手机是|微信同号/u;
/** Wording that makes a landline a home's. */
const HOME_LINE = /家|本人|私人|座机/u;
/** Wording of a business's number: customer service, hotlines, shops, bookings, news. */
const BUSINESS =
  /客服|热线|官方|服务|咨询|预约|预定|订购|订餐|外卖|门店|店铺|店里|本店|公司|商家|报名|举报|投诉|拨打|致电|招聘|物业|前台|办公室|售后|专线|总机|报警|急救|中心|银行|医院|学校电话|招生/u;

/** A character a number may be written with, plain or disguised (１, 幺, 叁, ③). */
const NUMBER_CHAR = /[0-9\uff10-\uff19〇零一二三四五六七八九幺两壹贰叁肆伍陆柒捌玖①-⑨]/u;

/** The phone findings of the contact detector that are a person's number. */
function phoneFindings(text: string, contacts: readonly ContactFinding[]): PersonalInfoFinding[] {
  const out: PersonalInfoFinding[] = [];
  for (const f of contacts) {
    if (f.kind !== 'phone' || !PERSONAL_NUMBER.test(f.value)) continue;
    const context = before(text, f.start, 16) + text.slice(f.start, f.end);
    const around = context + after(text, f.end, 8);
    if (BUSINESS.test(around) || !PHONE_OWNER.test(context)) continue;
    // A landline is a home's only when the words say so (我家电话); 我有电话，010-… in a chat about a museum is the venue's.
    if (f.value.replace(/^86/u, '').startsWith('0') && !HOME_LINE.test(context)) continue;
    // The number itself, not the keyword the contact finding starts with (手机号是…).
    const piece = text.slice(f.start, f.end);
    const first = piece.search(NUMBER_CHAR);
    let last = piece.length;
    while (last > first && !NUMBER_CHAR.test(piece.charAt(last - 1))) last--;
    const start = f.start + Math.max(0, first);
    out.push({ start, end: f.start + last, kind: 'phone', severity: 'medium', owner: ownerOf(context) });
  }
  return out;
}

/** Eighteen characters, perhaps grouped 6-4-4-4 or 6-8-4 with spaces or hyphens, standing apart from other digits. */
const ID_CANDIDATE =
  /(?<![0-9A-Za-z])\d{6}[ -]?\d{4}[ -]?\d{4}[ -]?\d{3}[\dXx](?![0-9A-Za-z])|(?<![0-9A-Za-z])\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx](?![0-9A-Za-z])/gu;

function idFindings(text: string, plain: string): PersonalInfoFinding[] {
  const out: PersonalInfoFinding[] = [];
  for (const m of plain.matchAll(ID_CANDIDATE)) {
    const id = m[0].replace(/[ -]/gu, '').toUpperCase();
    if (!isResidentId(id)) continue;
    const start = m.index;
    const end = start + m[0].length;
    out.push({ start, end, kind: 'id_card', severity: 'high', owner: ownerOf(before(text, start, 16)) });
  }
  return out;
}

const NUM = '[0-9一二三四五六七八九十两]';
/** A dwelling inside a building: 3栋2单元501, 5号楼1单元302室, 2单元1102, 12幢301. */
const DWELLING = new RegExp(
  `${NUM}{1,3}(?:栋|幢|号楼|座)(?:${NUM}{1,2}单元)?(?:[0-9]{1,2}(?:层|楼))?(?:[0-9]{2,4}(?:室|号|房|户)?)?` +
    `|[0-9]{1,2}单元[0-9]{2,4}(?:室|号|房|户)?|(?<=号|院|区|楼|苑|园)[0-9]{3,4}室`,
  'gu',
);
/** A residential estate's name ends: 阳光小区, 碧桂园, 金色家园. */
const ESTATE = /(?:小区|花园|公寓|家园|新村|新城|苑|府|庭|园|大院|社区|宿舍)$/u;
/** A street number: 人民路88号, 胡同12号. */
const STREET_NUMBER = /[\u4e00-\u9fa5]{1,8}(?:路|街|大道|巷|弄|胡同|里)[0-9一二三四五六七八九十]{1,4}号(?:院)?/gu;
/** Wording that makes a place someone's home. */
const HOME = /住在|住址|我家|家住|家在|住的|住哪|他家|她家|地址|送到|寄到|来我家|收货/u;
/**
 * Wording that makes a street number someone's home. Narrower than HOME: 地址是东城区景山前街4号 alone is how a museum,
 * a hotel or a restaurant is described in everyday talk, so a street number needs the home named.
 */
const PERSONAL_HOME = /住在|住址|我家|家住|家在|住的|他家|她家|来我家|家的地址|家地址|寄到|送到|收货/u;
/** Wording of a place of business, an event, or a home for sale or rent rather than someone's. */
const NOT_HOME =
  /公司|门店|店址|分店|办公|营业|展厅|会场|举行|举办|召开|开幕|售楼|楼盘|房源|出租|出售|二手房|租房|招租|在售|均价|万元|新闻|记者|报道|消防|事故|起火|派出所|法院/u;
/** Han characters and digits an address is written with, walked back from its dwelling or street number. */
const ADDRESS_CHAR = /[\u4e00-\u9fa50-9]/u;
/** Where an address starts at the latest: after the cue that introduces it. */
const ADDRESS_LEAD =
  /(?:寄到|送到|寄给|送给|收件地址[:：]?|地址[:：]|住在|家住在|家住|家在|住址[是为]?|地址[是为]?|我住|在|是)$/u;
const ADDRESS_PART =
  /(?:省|自治区|市|州|盟|区|县|旗|镇|乡|街道|路|街|大道|巷|弄|胡同|里|村|号|院|小区|花园|公寓|家园|新村|新城|苑|府|庭|园|大院|社区|宿舍)/u;

/** Walks back from `end` over address characters to where the address begins (an address part must lie in what it takes). */
function addressStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && at - start < 32 && ADDRESS_CHAR.test(text.charAt(start - 1))) start--;
  // Keep from the first place name on: drop what precedes the last lead-in cue (我家住在, 地址是).
  const piece = text.slice(start, at);
  let cut = 0;
  for (let i = piece.length; i > 0; i--) {
    if (ADDRESS_LEAD.test(piece.slice(0, i))) {
      cut = i;
      break;
    }
  }
  return start + cut;
}

/** A home named by its estate alone, after wording that makes it someone's home: 我家就在翠苑小区. */
const HOME_ESTATE =
  /(?:我|他|她|俺)家(?:就)?(?:住)?在(?:旁边的|附近的|隔壁的)?([\u4e00-\u9fa50-9]{1,10}?(?:小区|花园|家园|新村|公寓|大院|宿舍|苑))/gu;

function addressFindings(text: string, plain: string): PersonalInfoFinding[] {
  const out: PersonalInfoFinding[] = [];
  for (const m of text.matchAll(HOME_ESTATE)) {
    const named = m.index + m[0].length;
    const end = named + (/^(?:小区|花园|家园|新村|公寓)/u.exec(text.slice(named))?.[0].length ?? 0);
    const start = named - m[1]!.length;
    if (NOT_HOME.test(text.slice(m.index, end) + after(text, end, 12))) continue;
    out.push({ start, end, kind: 'address', severity: 'medium', owner: ownerOf(m[0]) });
  }
  for (const m of plain.matchAll(DWELLING)) {
    const unit = m[0];
    const hasUnit = /单元|室|户|房/u.test(unit) || /[0-9]{3,4}$/u.test(unit);
    const start = addressStart(text, m.index);
    const end = m.index + unit.length;
    const lead = text.slice(start, m.index);
    const clause = before(text, start, 20) + text.slice(start, end) + after(text, end, 12);
    if (NOT_HOME.test(clause)) continue;
    const estate = ESTATE.test(lead) || /小区|花园|家园|新村|公寓|宿舍/u.test(lead);
    if (!(hasUnit && (estate || ADDRESS_PART.test(lead) || HOME.test(clause))) && !(estate && HOME.test(clause)))
      continue;
    out.push({ start, end, kind: 'address', severity: 'medium', owner: ownerOf(before(text, start, 16)) });
  }
  for (const m of text.matchAll(STREET_NUMBER)) {
    const end = m.index + m[0].length;
    const start = addressStart(text, end);
    if (out.some((f) => f.start <= end && f.end >= start)) continue;
    const cueText = before(text, start, 16);
    const clause = cueText + text.slice(start, end) + after(text, end, 12);
    if (!PERSONAL_HOME.test(cueText) || NOT_HOME.test(clause)) continue;
    out.push({ start, end, kind: 'address', severity: 'medium', owner: ownerOf(cueText) });
  }
  return out;
}

/** A school's name: two to twelve Han characters or digits ending in the kind of school. */
const SCHOOL =
  /[\u4e00-\u9fa50-9]{1,12}?(?:小学|中学|初中|高中|[一二三四五六七八九十]中(?!学)|附小|附中|实验学校|外国语学校|学校)/gu;
/** A grade or a class: 三年级, 初二, 高一(3)班, 5班. */
const GRADE_CLASS =
  /^[\s，,的读在上念]{0,3}(?:(?:[一二三四五六七八九]|[1-9])年级|初[一二三]|高[一二三]|(?:小学|初中|高中)?[一二三四五六]年级)?[（(]?(?:[0-9一二三四五六七八九十]{1,2})?[)）]?(?:班(?![主长级车会干底子]))?/u;
/** Wording of news, history, rankings or fiction: a school named there is not a child's. */
const NOT_PERSONAL =
  /据|报道|记者|新闻|消息|通报|获悉|名单|排名|录取|分数线|招生|校长|官网|宣传|历史|建于|创办|校友|小说|动画|动漫|漫画|电视剧|电影|剧中|主角|角色|故事|游戏里|番/u;
/** Wording that says the school is someone's: 我在, 他是, 在读, 上学. */
const ATTENDS = /我|俺|他|她|孩子|儿子|女儿|在读|就读|读|上学|念书|转学|同学|班主任/u;

function schoolFindings(text: string): PersonalInfoFinding[] {
  const out: PersonalInfoFinding[] = [];
  for (const m of text.matchAll(SCHOOL)) {
    // Start the name after a lead-in (我在, 就读于): the shortest tail of the run that reads as a name.
    let start = m.index;
    const name = m[0];
    const lead = /^(?:.*?(?:我在|他在|她在|在读|就读于|就读|读|在|是|上))(?=[\u4e00-\u9fa50-9]{2})/u.exec(name);
    if (lead) start += lead[0].length;
    const schoolEnd = m.index + name.length;
    const rest = GRADE_CLASS.exec(text.slice(schoolEnd))?.[0] ?? '';
    const hasGrade = /年级|初[一二三]|高[一二三]/u.test(rest);
    const hasClass = /班$/u.test(rest);
    if (!hasGrade && !hasClass) continue;
    const end = schoolEnd + rest.length;
    if (end - start - (name.length - (start - m.index)) > 12) continue;
    const clause = before(text, start, 24) + text.slice(start, end) + after(text, end, 24);
    if (NOT_PERSONAL.test(clause) || !ATTENDS.test(clause)) continue;
    out.push({ start, end, kind: 'school_class', severity: 'medium', owner: ownerOf(before(text, start, 16)) });
  }
  return out;
}

/** The commonest Chinese surnames (two-character ones first), enough for a name's first character to be read as one. */
const SURNAMES =
  '欧阳|司马|诸葛|上官|东方|慕容|令狐|皇甫|尉迟|公孙|夏侯|[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝]';
/** A full name after wording that introduces one: 我叫张小明, 她叫李思琪, 姓名：王梓涵. */
const NAMED = new RegExp(
  `(?:我叫|我是|名叫|叫做|他叫|她叫|名字叫|名字是|姓名[:：是]?\\s*)(${SURNAMES}[\\u4e00-\\u9fa5]{1,2})`,
  'gu',
);
/** An age of a child or a school year beside a name. */
const AGE =
  /(?:[1-9]|1[0-8]|[一二三四五六七八九十]|十[一二三四五六七八])岁|[一二三四五六七八九]年级|初[一二三]|高[一二三]|小学|中学|初中|高中/u;
/** Words that end a name read too long (我叫王明今年 → 王明). */
const NAME_TAIL = /(?:今|在|是|读|上|的|和|跟|住|家|从|去|来|岁|年)$/u;

function nameFindings(text: string): PersonalInfoFinding[] {
  const out: PersonalInfoFinding[] = [];
  for (const m of text.matchAll(NAMED)) {
    let name = m[1]!;
    while (name.length > 2 && NAME_TAIL.test(name)) name = name.slice(0, -1);
    const start = m.index + m[0].length - m[1]!.length;
    const end = start + name.length;
    const clause = before(text, m.index, 24) + m[0] + after(text, end, 24);
    const next = after(text, end, 24);
    if (!AGE.test(next) || NOT_PERSONAL.test(clause)) continue;
    out.push({ start, end, kind: 'name_age', severity: 'medium', owner: ownerOf(text.slice(m.index, start)) });
  }
  return out;
}

/** Characters without which no finding can be: a digit for numbers and dwellings, or a cue word for the rest. */
const GATE = /[0-9\uff10-\uff19]|[中学校叫名路街号室栋幢区苑园]/u;

/**
 * Finds personal information a text exposes: a person's phone number (from the contact detector's findings), resident
 * identity numbers with a valid GB 11643 check character, home addresses (a dwelling in a building, or a street number
 * given as someone's home), a school with a grade or class said of someone, and a full name beside a child's age or
 * school. Business numbers, places of business, news and fiction are not findings. Sorted by position.
 *
 * @example
 * findPersonalInfo('我家住在阳光小区3栋2单元501', [])[0]?.kind; // 'address'
 */
export function findPersonalInfo(text: string, contacts: readonly ContactFinding[]): readonly PersonalInfoFinding[] {
  if (!GATE.test(text) && !contacts.some((f) => f.kind === 'phone')) return [];
  const plain = halfWidth(text);
  const found = [
    ...phoneFindings(text, contacts),
    ...idFindings(text, plain),
    ...addressFindings(text, plain),
    ...schoolFindings(text),
    ...nameFindings(text),
  ];
  // One place is one finding: the longest there (an ID number before a phone of the same span), not what it contains.
  const rank = (f: PersonalInfoFinding): number => (f.kind === 'id_card' ? 0 : 1);
  found.sort((a, b) => a.start - b.start || b.end - a.end || rank(a) - rank(b));
  const kept: PersonalInfoFinding[] = [];
  for (const f of found) if (!kept.some((g) => g.start <= f.start && g.end >= f.end)) kept.push(f);
  return kept;
}

/**
 * The text with every finding's characters replaced by ＊ (spaces kept), so offsets of the original still hold: what a
 * platform may show instead of the original on a minor's surface.
 *
 * @example
 * maskSpans('电话13812345678', [{ start: 2, end: 13 }]); // '电话＊＊＊＊＊＊＊＊＊＊＊'
 */
export function maskSpans(text: string, spans: readonly { readonly start: number; readonly end: number }[]): string {
  if (spans.length === 0) return text;
  const units = text.split('');
  for (const { start, end } of spans)
    for (let i = start; i < end && i < units.length; i++) if (!/\s/u.test(units[i]!)) units[i] = '＊';
  return units.join('');
}
