import type { Unit } from './glyphs.js';

/** What a keyword points at: a platform whose id follows, an invitation to make contact, or benign numbers (订单号). */
export type KeywordKind = 'wechat' | 'qq' | 'phone' | 'email' | 'solicit' | 'negative';

/** Severity of a keyword that stands alone, without a number or id beside it; null: no finding on its own. */
export type AloneSeverity = 'medium' | 'low' | null;

interface KeywordEntry {
  readonly kind: KeywordKind;
  readonly alone: AloneSeverity;
  /** A deliberate misspelling of a platform name (薇信, 扣扣): a disguise in itself. */
  readonly disguised: boolean;
}

type Row = readonly [form: string, kind: KeywordKind, alone: AloneSeverity, disguised: boolean];

/**
 * The platform names and their disguises. Plain names (微信, QQ, 企鹅, 电话) are no finding alone — they are everywhere in
 * benign text (微信支付, QQ音乐, 南极的企鹅) — but they make a number or id beside them a contact detail.
 */
const PLATFORMS: readonly Row[] = [
  ['微信', 'wechat', null, false],
  ['wechat', 'wechat', null, false],
  ['weixin', 'wechat', 'low', true],
  ['威信', 'wechat', 'low', true],
  ['薇信', 'wechat', 'low', true],
  ['徽信', 'wechat', 'low', true],
  ['卫信', 'wechat', 'low', true],
  ['维信', 'wechat', 'low', true],
  ['危信', 'wechat', 'low', true],
  ['微芯', 'wechat', 'low', true],
  ['薇芯', 'wechat', 'low', true],
  ['v信', 'wechat', 'low', true],
  ['vx', 'wechat', 'low', true],
  ['wx', 'wechat', 'low', true],
  ['绿泡泡', 'wechat', 'low', true],
  ['绿色泡泡', 'wechat', 'low', true],
  ['qq', 'qq', null, false],
  ['q号', 'qq', 'low', true],
  ['扣扣', 'qq', 'low', true],
  ['koukou', 'qq', 'low', true],
  ['扣扣号', 'qq', 'low', true],
  ['蔻蔻', 'qq', 'low', true],
  ['抠抠', 'qq', 'low', true],
  ['寇寇', 'qq', 'low', true],
  ['叩叩', 'qq', 'low', true],
  ['企鹅', 'qq', null, false],
  ['企鹅号', 'qq', 'low', true],
  ['群号', 'qq', 'low', false],
  ['电话', 'phone', null, false],
  ['电话号码', 'phone', null, false],
  ['手机', 'phone', null, false],
  ['手机号', 'phone', null, false],
  ['号码', 'phone', null, false],
  ['tel', 'phone', null, false],
  ['邮箱', 'email', null, false],
  ['email', 'email', null, false],
  ['e-mail', 'email', null, false],
];

/** Invitations to move the conversation elsewhere; alone they are findings, since grooming and fraud begin with them. */
const SOLICITS: readonly Row[] = [
  ['加v', 'wechat', 'medium', true],
  ['加个v', 'wechat', 'medium', true],
  ['添加v', 'wechat', 'medium', true],
  ['加微', 'wechat', 'medium', true],
  ['加我', 'solicit', 'low', false],
  ['添加', 'solicit', null, false],
  ['加一下', 'solicit', null, false],
  ['添加一下', 'solicit', null, false],
  ['私聊', 'solicit', 'low', false],
  ['私信我', 'solicit', 'low', false],
  ['私我', 'solicit', 'low', false],
  ['滴滴我', 'solicit', 'medium', false],
  ['滴我', 'solicit', 'low', false],
  ['找我拿', 'solicit', 'medium', false],
  ['找我买', 'solicit', 'medium', false],
  ['联系方式', 'solicit', 'low', false],
  ['联系我', 'solicit', 'low', false],
  ['看我主页', 'solicit', 'medium', false],
  ['看主页', 'solicit', 'medium', false],
  ['见主页', 'solicit', 'medium', false],
  ['主页有', 'solicit', 'low', false],
  ['看我简介', 'solicit', 'medium', false],
  ['看简介', 'solicit', 'medium', false],
  ['看我头像', 'solicit', 'medium', false],
  ['看头像', 'solicit', 'medium', false],
  ['看我签名', 'solicit', 'medium', false],
  ['看签名', 'solicit', 'medium', false],
  ['加好友', 'solicit', 'low', false],
  ['加群', 'solicit', 'low', false],
  ['私下联系', 'solicit', 'medium', false],
  ['私下交易', 'solicit', 'medium', false],
  ['戳我', 'solicit', 'low', false],
];

/** Words that make a number beside them benign (an order, a parcel, an id card) unless the number itself is disguised. */
const NEGATIVES: readonly Row[] = [
  ['订单', 'negative', null, false],
  ['单号', 'negative', null, false],
  ['快递', 'negative', null, false],
  ['运单', 'negative', null, false],
  ['编号', 'negative', null, false],
  ['学号', 'negative', null, false],
  ['工号', 'negative', null, false],
  ['身份证', 'negative', null, false],
  ['卡号', 'negative', null, false],
  ['邮编', 'negative', null, false],
  ['车牌', 'negative', null, false],
  ['验证码', 'negative', null, false],
  ['价格', 'negative', null, false],
  ['售价', 'negative', null, false],
  ['金额', 'negative', null, false],
];

/** Prefixes that turn a platform name into an invitation: 加微信, 加个QQ, ＋V信, 添加绿泡泡. */
const ADD_PREFIXES = ['加', '加个', '添加'] as const;

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  entry: KeywordEntry | undefined;
  form: string;
}

function newNode(): TrieNode {
  return { children: new Map(), entry: undefined, form: '' };
}

function insert(root: TrieNode, form: string, entry: KeywordEntry): void {
  let node = root;
  for (const ch of form) {
    let next = node.children.get(ch);
    if (next === undefined) {
      next = newNode();
      node.children.set(ch, next);
    }
    node = next;
  }
  if (node.entry === undefined) {
    node.entry = entry;
    node.form = form;
  }
}

/** What the matcher holds for one keyword form (the first row that names it), or undefined for no keyword. */
export function keywordEntry(form: string): { readonly kind: KeywordKind; readonly alone: AloneSeverity } | undefined {
  let node: TrieNode | undefined = TRIE;
  for (const ch of form) node = node?.children.get(ch);
  return node?.entry;
}

/** Every keyword form the trie holds, the 加/加个/添加 forms of the platform names included. */
export const KEYWORD_FORMS: readonly string[] = [...SOLICITS, ...PLATFORMS, ...NEGATIVES].flatMap(([form, kind]) =>
  kind === 'wechat' || kind === 'qq' ? [form, ...ADD_PREFIXES.map((prefix) => prefix + form)] : [form],
);

function buildTrie(): TrieNode {
  const root = newNode();
  for (const [form, kind, alone, disguised] of [...SOLICITS, ...PLATFORMS, ...NEGATIVES]) {
    insert(root, form, { kind, alone, disguised });
    if (kind === 'wechat' || kind === 'qq') {
      for (const prefix of ADD_PREFIXES) insert(root, prefix + form, { kind, alone: 'medium', disguised });
    }
  }
  return root;
}

const TRIE = buildTrie();

/** The most separators skipped between two characters of one keyword (加 V, 薇-信). */
const MAX_INNER_SEPARATORS = 2;

/** Characters allowed between a keyword and its number: punctuation aside, 'QQ号码是', '微信搜', '加我的'. */
export const FILLERS: ReadonlySet<string> = new Set([...'号號码碼是為为搜加我的了吧哦呀啊呢同', '+', '=', '$']);

/** A keyword found in the text, or several adjacent ones merged (加我 + 微信). Unit indices are end exclusive. */
export interface KeywordGroup {
  readonly firstUnit: number;
  readonly endUnit: number;
  readonly start: number;
  readonly end: number;
  /** The platform named, if any. */
  readonly platform: 'wechat' | 'qq' | 'phone' | 'email' | null;
  readonly solicit: boolean;
  readonly negative: boolean;
  readonly alone: AloneSeverity;
  readonly disguised: boolean;
  readonly width: boolean;
  readonly separated: boolean;
}

/** Traditional forms of the characters in keywords, so 電話, 企鵝 and 看我主頁 match too. */
const TRADITIONAL: Readonly<Record<string, string>> = {
  電: '电',
  話: '话',
  機: '机',
  聯: '联',
  繫: '系',
  係: '系',
  鵝: '鹅',
  綠: '绿',
  衛: '卫',
  維: '维',
  號: '号',
  碼: '码',
  郵: '邮',
  頁: '页',
  簡: '简',
  頭: '头',
  簽: '签',
  單: '单',
  訂: '订',
  遞: '递',
  運: '运',
  編: '编',
  學: '学',
  證: '证',
  車: '车',
  驗: '验',
  價: '价',
  額: '额',
  見: '见',
  摳: '抠',
  個: '个',
  買: '买',
  羣: '群',
  們: '们',
  給: '给',
  圖: '图',
  應: '应',
};

/** The character a unit stands for inside a keyword (lower-case letter, simplified form, 加 for +), if any. */
export function keyOf(unit: Unit): string | undefined {
  if (unit.kind === 'letter') return unit.value;
  if (unit.kind === 'other') return unit.value === '+' ? '加' : (TRADITIONAL[unit.value] ?? unit.value);
  if (unit.kind === 'separator' && unit.value === '-') return '-';
  if (unit.kind === 'digit' && unit.glyph !== '') return unit.glyph;
  return undefined;
}

const SOFT_SEPARATORS = new Set([' ', '\u3000', '-', '_', '*', '.', '·', '~', '|', '/', '\\', "'", '"', '`']);
const PICTOGRAPH_RE = /\p{Extended_Pictographic}/u;

/**
 * A separator that may stand inside a keyword (加 V, 薇*信, 扣😀扣): spaces, invisible marks, emoji and light symbols, but
 * not sentence punctuation, so 联系。我们 is no 联系我.
 */
export function isSoftSeparator(unit: Unit): boolean {
  if (unit.kind !== 'separator') return false;
  return !unit.counted || SOFT_SEPARATORS.has(unit.value) || PICTOGRAPH_RE.test(unit.value);
}

function isAsciiLetter(ch: string): boolean {
  return ch >= 'a' && ch <= 'z';
}

interface Hit {
  firstUnit: number;
  endUnit: number;
  entry: KeywordEntry;
  width: boolean;
  separated: boolean;
}

function matchAt(units: readonly Unit[], i: number): Hit | undefined {
  const first = units[i];
  if (first === undefined) return undefined;
  const firstKey = keyOf(first);
  if (firstKey === undefined) return undefined;
  const root: TrieNode | undefined = TRIE.children.get(firstKey);
  if (root === undefined) return undefined;
  let node: TrieNode = root;
  const hits: Hit[] = [];
  let width = first.style === 'width';
  let separated = false;
  let j = i + 1;
  for (;;) {
    if (node.entry !== undefined) hits.push({ firstUnit: i, endUnit: j, entry: node.entry, width, separated });
    let k = j;
    let skipped = 0;
    while (k < units.length && skipped <= MAX_INNER_SEPARATORS) {
      const u = units[k];
      if (u === undefined || !isSoftSeparator(u) || (u.value === '-' && node.children.has('-'))) break;
      k += 1;
      if (u.counted) skipped += 1;
    }
    const unit = units[k];
    if (unit === undefined || skipped > MAX_INNER_SEPARATORS) break;
    const key = keyOf(unit);
    const next: TrieNode | undefined = key === undefined ? undefined : node.children.get(key);
    if (next === undefined) break;
    if (k > j) separated = true;
    if (unit.style === 'width') width = true;
    node = next;
    j = k + 1;
  }
  // The longest keyword that is not the middle of a longer Latin word (vx in 'vxyz', tel in 'hotel'): in '加V xdo123456'
  // 加V x is 加vx glued to 'do', so the keyword is 加V.
  for (let h = hits.length - 1; h >= 0; h -= 1) {
    const hit = hits[h];
    if (hit === undefined) continue;
    const form = nodeForm(hit, units);
    if (isAsciiLetter(form.charAt(0)) && units[i - 1]?.kind === 'letter') continue;
    if (isAsciiLetter(form.charAt(form.length - 1)) && units[hit.endUnit]?.kind === 'letter') continue;
    return hit;
  }
  return undefined;
}

function nodeForm(hit: Hit, units: readonly Unit[]): string {
  const first = units[hit.firstUnit];
  const last = units[hit.endUnit - 1];
  return (first === undefined ? '' : (keyOf(first) ?? '')) + (last === undefined ? '' : (keyOf(last) ?? ''));
}

const SEVERITY_RANK = { medium: 2, low: 1 } as const;

function strongerAlone(a: AloneSeverity, b: AloneSeverity): AloneSeverity {
  if (a === null) return b;
  if (b === null) return a;
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/**
 * Every keyword in the text, leftmost-longest, with keywords that touch (at most one separator or 我 between them) merged
 * into one group: 加我 + 微信 is one invitation to WeChat.
 *
 * @example
 * findKeywordGroups(toUnits('加薇信：幺三八'))[0]; // { start: 0, end: 3, platform: 'wechat', solicit: true, … }
 */
export function findKeywordGroups(units: readonly Unit[]): KeywordGroup[] {
  const hits: Hit[] = [];
  let i = 0;
  while (i < units.length) {
    const hit = matchAt(units, i);
    if (hit === undefined) {
      i += 1;
    } else {
      hits.push(hit);
      i = hit.endUnit;
    }
  }
  const groups: KeywordGroup[] = [];
  let current: KeywordGroup | undefined;
  for (const hit of hits) {
    const { entry } = hit;
    const platform = entry.kind === 'solicit' || entry.kind === 'negative' ? null : entry.kind;
    const solicit = entry.kind === 'solicit' || entry.alone === 'medium';
    const startUnit = units[hit.firstUnit];
    const endUnit = units[hit.endUnit - 1];
    if (startUnit === undefined || endUnit === undefined) continue;
    // Merge an invitation with the platform it names (加我 + 微信, 看我主页 + 加V), never two platforms or a long chain.
    const merges =
      current !== undefined &&
      (current.platform === null) !== (platform === null) &&
      !current.negative &&
      entry.kind !== 'negative' &&
      touches(units, current.endUnit, hit.firstUnit);
    if (current !== undefined && merges) {
      const mergedPlatform = current.platform ?? platform;
      const mergedSolicit = current.solicit || solicit;
      let alone = strongerAlone(current.alone, entry.alone);
      if (mergedPlatform !== null && mergedSolicit && mergedPlatform !== 'phone' && mergedPlatform !== 'email') {
        alone = 'medium';
      }
      current = {
        ...current,
        endUnit: hit.endUnit,
        end: endUnit.end,
        platform: mergedPlatform,
        solicit: mergedSolicit,
        negative: current.negative,
        alone,
        disguised: current.disguised || entry.disguised,
        width: current.width || hit.width,
        separated: current.separated || hit.separated,
      };
      groups[groups.length - 1] = current;
      continue;
    }
    current = {
      firstUnit: hit.firstUnit,
      endUnit: hit.endUnit,
      start: startUnit.start,
      end: endUnit.end,
      platform,
      solicit,
      negative: entry.kind === 'negative',
      alone: entry.alone,
      disguised: entry.disguised,
      width: hit.width,
      separated: hit.separated,
    };
    groups.push(current);
  }
  return groups;
}

/** Words allowed between an invitation and the platform it names: 添加[我们的]QQ, 加[他的]微信. */
export const BETWEEN: ReadonlySet<string> = new Set([...'我们們的他她个個']);

function touches(units: readonly Unit[], endUnit: number, nextFirst: number): boolean {
  if (nextFirst - endUnit > 3) return false;
  for (let k = endUnit; k < nextFirst; k += 1) {
    const u = units[k];
    if (u === undefined) return false;
    if (isSoftSeparator(u) && u.value !== '\r') continue;
    if (u.kind === 'other' && BETWEEN.has(u.value)) continue;
    return false;
  }
  return true;
}
