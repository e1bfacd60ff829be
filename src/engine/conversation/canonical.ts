import { ViewBuffer, createNormalizer, normalize } from '../normalize.js';
import { SYLLABLES, firstReadingOf } from '../tables/pinyin.js';

/**
 * A message re-spelled the way the stage cues are written: full-width, upper-case and traditional characters folded,
 * invisible characters dropped, and the chat spellings of the words the cues are about (pinyin, initials, homophones,
 * typos, emoji) written out. `start[i]`/`end[i]` give the span of the original text that unit `i` of `text` came from.
 */
export interface CanonicalText {
  readonly text: string;
  readonly start: readonly number[];
  readonly end: readonly number[];
}

const FOLD = createNormalizer(['width', 'case', 'invisible', 'traditional']);
// The layer is synchronous: one buffer serves every message.
const BUFFER = new ViewBuffer();

/**
 * How chat spells the words the cues are about, by concept: each entry is the written form and its other spellings.
 * Latin spellings are syllables: a space between them is optional, and they never match inside a longer Latin word.
 */
const SPELLINGS: readonly (readonly [string, readonly string[]])[] = [
  // family and the people a groomer plays
  ['爸妈', ['ba ma', '爸麻', '粑粑麻麻', '爸比妈咪', '爹妈', 'parents', 'mom and dad', 'mum and dad']],
  ['爸爸', ['ba ba', '粑粑', '爸比', '拔拔', 'dad', 'daddy', 'father', '老汉儿', '老汉']],
  ['妈妈', ['ma ma', '麻麻', '妈咪', '马麻', 'mom', 'mum', 'mommy', 'mummy', 'mother']],
  ['家长', ['jia zhang', 'jia长', '家zhang', '佳长']],
  ['哥哥', ['ge ge', 'gg', '锅锅', '葛格', '哥gie']],
  ['姐姐', ['jie jie', '结结', '姐jie', '姐几']],
  ['叔叔', ['shu shu', '蜀黍', '熟熟']],
  ['小妹妹', ['xmm', 'xiao mei mei']],
  ['小学生', ['xxs']],
  ['初中生', ['czs']],
  ['父母', ['fm']],
  ['别告诉', ['bgs']],
  ['睡衣', ['shui yi']],
  ['别走', ['莫走', '莫跑']],
  ['小弟弟', ['xdd', 'xiao di di']],
  ['妹妹', ['mei mei']],
  ['弟弟', ['di di']],
  ['你', ['妳', 'ni']],
  ['我', ['wo']],
  ['宝贝', ['bao bei', '宝bei', '宝呗', '饱贝']],
  // Cantonese (粤语) chat: the words of the stages as Hong Kong and Guangdong children and groomers write them. Only
  // forms that are Cantonese alone, so Mandarin text never changes (几大 alone is "several big …": only 你几大 is age).
  ['你多大', ['你几大']],
  ['多少岁', ['几多岁']],
  ['在读', ['读紧']],
  ['几年级', ['几年班', 'ji nian ji']],
  ['家', ['屋企']],
  ['现在', ['而家']],
  ['有没有', ['有冇']],
  ['没', ['冇']],
  ['在', ['喺度', '喺']],
  ['他们', ['佢哋']],
  ['的', ['嘅']],
  ['看', ['睇']],
  ['来', ['嚟']],
  ['睡', ['瞓']],
  ['给我', ['俾我']],
  ['不要告诉', ['唔好话俾', '唔好话畀', '唔好讲俾']],
  ['不要跟', ['唔好同']],
  ['不要', ['唔好']],
  ['不用', ['唔使', '唔洗']],
  ['拍照', ['影相']],
  ['拍张', ['影张', '影一张', '影幅']],
  ['照片', ['相片']],
  ['妈妈', ['阿妈']],
  ['爸爸', ['阿爸', '老豆', '老窦']],
  ['什么', ['乜嘢']],
  ['出来', ['出嚟']],
  // Whole sentences in pinyin: the phrases of the stages, as syllables (single syllables are too ambiguous to read).
  ['你家', ['ni jia']],
  ['加我', ['jia wo']],
  ['家里', ['jia li']],
  ['住哪', ['zhu na', 'zhu zai na']],
  ['小区', ['xiao qu']],
  ['周末', ['zhou mo']],
  ['开车', ['kai che']],
  ['接你', ['jie ni']],
  ['出去玩', ['chu qu wan']],
  ['出来', ['chu lai']],
  ['我们', ['wo men']],
  ['两个人', ['liang ge ren']],
  ['一个人', ['yi ge ren']],
  ['单独', ['dan du']],
  ['谁都', ['shei dou', 'shui dou']],
  ['别说', ['bie shuo']],
  ['别跟', ['bie gen']],
  ['说', ['shuo']],
  ['就', ['jiu']],
  ['大人', ['da ren']],
  ['你妈', ['ni ma']],
  ['你爸', ['ni ba']],
  ['手机', ['shou ji']],
  ['收到', ['shou dao']],
  ['短信', ['duan xin']],
  ['数字', ['shu zi']],
  ['免费送', ['mian fei song']],
  ['全部', ['quan bu']],
  ['要不要', ['yao bu yao']],
  ['的', ['de']],
  ['发', ['fa']],
  ['图', ['tu']],
  ['脱', ['tuo']],
  ['拍', ['pai']],
  // age and school
  ['今年', ['jn', 'jin nian']],
  ['几岁', ['ji sui', 'ji岁', '几sui', '鸡岁', 'how old are you', 'how old r u', 'how old']],
  ['家', ['屋头', '屋里头']],
  ['我', ['俺']],
  ['什么', ['啥子', '啥']],
  // typos of the input method: a near key or a same-sound character
  ['你们', ['你门']],
  ['不方便', ['不方边', '不放便', '不方面']],
  ['衣服', ['衣fu', 'yi服']],
  ['偷偷', ['偷摸', '悄咪咪']],
  ['别跟', ['莫跟', '莫和']],
  ['别告诉', ['莫告诉', "don't tell", 'dont tell', 'do not tell']],
  ['别让', ['莫让']],
  ['玩', ['耍']],
  ['一个人', ['alone']],
  // English of the stages: the reader, nakedness, the secret between two
  ['你', ['u', 'you']],
  ['你的', ['ur', 'your']],
  ['不穿衣服', ['no clothes', 'without clothes', 'naked']],
  ['裸照', ['nudes', 'nude']],
  ['我们的小秘密', ['our little secret']],
  ['我们的秘密', ['our secret']],
  ['年级', ['nian ji']],
  ['学校', ['xue xiao']],
  // pictures, camera, the body
  ['照片', ['zp', 'zhao pian', '照pian', '照骗', '相pian', '📷', '📸', 'photos', 'photo', 'pics', 'pic', 'picture']],
  ['视频', ['sp', 'shi pin', '视屏', '视pin', '📹', '🎥', 'video call', 'video', 'facetime']],
  ['裸照', ['果照', 'luo照', '裸zhao', 'luo zhao', '萝照']],
  ['自拍', ['zi pai', '自pai', 'selfies', 'selfie']],
  ['摄像头', ['she xiang tou', 'camera', 'webcam', 'cam']],
  ['发我', ['send me', 'send it to me']],
  ['告诉', ['tell']],
  ['睡衣', ['pyjamas', 'pajamas', 'pjs']],
  ['身体', ['body']],
  ['见面', ['meet up', 'meet']],
  ['看看', ['kan kan', '康康', '瞅瞅', '翘翘']],
  ['内裤', ['nei ku', '内内', '🩲']],
  ['内衣', ['nei yi', '👙', 'underwear', 'bra', 'bikini']],
  ['腿', ['tui', '🦵']],
  ['脚', ['jiojio', 'jio', '🦶']],
  ['身材', ['shen cai']],
  ['发育', ['fa yu']],
  ['衣服', ['yi fu']],
  ['洗澡', ['xi zao', '🛀']],
  // contact elsewhere
  ['微信', ['vx', 'wx', 'wei xin', 'v信', '威信', '薇信', '徽信', '卫星', '维信', '危信']],
  ['QQ', ['扣扣', '企鹅号', 'kou kou', '🐧']],
  // WeChat by its icon: the green bubble
  ['微信', ['绿泡泡', '小绿泡', '绿色泡泡']],
  ['私聊', ['si liao', '私liao']],
  // secrecy
  ['秘密', ['mi mi', 'mi密', '秘mi', '🤫', 'secret']],
  ['告诉', ['gao su', '告su', 'gao诉']],
  ['别', ['bie']],
  ['不要', ['bu yao', '不yao']],
  ['知道', ['zhi dao']],
  // meeting
  ['见面', ['jian mian', '奔现', '见mian']],
  ['开房', ['kai fang']],
  ['酒店', ['jiu dian', '🏨']],
  ['地址', ['di zhi', 'address']],
  // money, codes, scanning
  [
    '验证码',
    [
      'verification code',
      'verify code',
      'otp',
      'yzm',
      'yan zheng ma',
      '验证玛',
      '验正码',
      '验证ma',
      '验zheng码',
      '验证吗',
      '验证马',
    ],
  ],
  ['登录码', ['登陆码']],
  ['密码', ['mi ma', '密马', '密玛', 'password', 'pin']],
  ['扫码', ['sao ma', '扫ma', '扫马', '扫玛', 'scan the code', 'scan code', 'scan']],
  ['屏幕共享', ['screen share', 'share screen', 'share your screen', 'screen sharing']],
  ['银行卡', ['bank card', 'credit card', 'debit card']],
  ['卡号', ['card number']],
  ['退款', ['refund']],
  ['客服', ['support', 'customer service']],
  ['骗局', ['scam', 'fraud']],
  ['会议', ['meeting', 'zoom']],
  ['扫一下', ['sao yi xia', '扫yi下']],
  ['二维码', ['er wei ma', '二唯码', '2维码', '二维ma']],
  ['付款码', ['fu kuan ma', '付款ma']],
  ['皮肤', ['pf', 'pi fu', '皮fu', '批肤', 'skins', 'skin']],
  ['免费', ['mf', 'mian fei', '免fei', 'free']],
  ['红包', ['hong bao', '🧧']],
  ['转账', ['zhuan zhang']],
  ['充值', ['chong zhi']],
  ['钱', ['💰']],
  ['账号', ['帐号', 'zhang hao']],
  ['冻结', ['dong jie', '冻jie']],
  ['然后', ['ran hou']],
  ['快点', ['kuai dian']],
  ['发我', ['fa wo']],
  // insults, threats, humiliation
  ['傻逼', ['sb', 'sha bi', '沙比', '煞笔', '傻b', '傻bi', '啥比', '傻叉']],
  ['垃圾', ['lj', 'la ji', '拉圾', '垃ji']],
  ['废物', ['fw', 'fei wu', '废五', '废wu']],
  ['他妈的', ['tmd']],
  ['滚', ['gun', '衮']],
  ['去死', ['qu si', '趣死']],
  ['恶心', ['e xin', '恶xin']],
  ['孤立', ['gu li', '孤li']],
  ['揍', ['👊', '🤜', '🤛']],
  ['打死', ['kill you']],
  ['砍', ['🔪']],
];

type Entry = readonly [pattern: string, canonical: string];

function syllables(form: string): string {
  // 'sao yi xia' also matches 'saoyixia' and 'sao yixia'.
  const parts = form.split(' ');
  const body = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('\\s?');
  return /^[a-z ]+$/u.test(form) ? `(?<![a-z])${body}(?![a-z])` : body;
}

const ENTRIES: readonly Entry[] = SPELLINGS.flatMap(([canonical, forms]) =>
  forms.map((f) => [syllables(f), canonical] as const),
).sort((a, b) => b[0].length - a[0].length);

const PATTERN = new RegExp(ENTRIES.map(([p]) => `(${p})`).join('|'), 'gu');
/** One QQ letter after 加 (加个q, 加我q): the platform's name, not a letter. */
const LONE_Q = /(?<=加(?:个|一下|我|下)?)q(?![a-z])/gu;

/**
 * The canonical spelling of a message for the stage cues, or null when it is the message as written.
 *
 * @example
 * canonicalize('加个q 别跟ba ma说')?.text; // '加个QQ 别跟爸妈说'
 */
export function canonicalize(text: string): CanonicalText | null {
  const view = normalize(FOLD, text, BUFFER);
  let folded = '';
  for (let u = 0; u < view.length; u++) folded += String.fromCodePoint(view.cp[u]!);
  const spaced = LETTER_SPACED.test(folded);
  const hits = findSpellings(folded);
  if (hits.length === 0 && folded === text && !spaced) return null;
  // Most messages need neither: the maps are built only for one that does.
  const start: number[] = [];
  const end: number[] = [];
  for (let u = 0; u < view.length; u++) {
    const units = view.cp[u]! > 0xffff ? 2 : 1;
    for (let k = 0; k < units; k++) {
      start.push(view.start[u]!);
      end.push(view.end[u]!);
    }
  }
  return spaced ? closeSpacing(respell(folded, hits, start, end)) : respell(folded, hits, start, end);
}

/** Three or more characters written one by one with separators between (你 几 岁 啦, 家*里*有*人): a word spelled apart. */
const LETTER_SPACED = /[\u4e00-\u9fff](?:[\s*\-_.·~|/]+[\u4e00-\u9fff](?![\u4e00-\u9fff])){2,}/u;
const SPACED_RUN = /[\u4e00-\u9fff](?:[\s*\-_.·~|/]+[\u4e00-\u9fff](?![\u4e00-\u9fff])){2,}/gu;

/** Closes up the letter-spaced runs of a respelled text, keeping each character's map. */
function closeSpacing(c: CanonicalText): CanonicalText {
  let text = '';
  const s: number[] = [];
  const e: number[] = [];
  let at = 0;
  SPACED_RUN.lastIndex = 0;
  for (let m = SPACED_RUN.exec(c.text); m !== null; m = SPACED_RUN.exec(c.text)) {
    for (let k = at; k < m.index + m[0].length; k++) {
      const ch = c.text[k]!;
      if (k >= m.index && /[\s*\-_.·~|/]/u.test(ch)) continue;
      text += ch;
      s.push(c.start[k]!);
      e.push(c.end[k]!);
    }
    at = m.index + m[0].length;
  }
  for (let k = at; k < c.text.length; k++) {
    text += c.text[k]!;
    s.push(c.start[k]!);
    e.push(c.end[k]!);
  }
  return { text, start: s, end: e };
}

interface Hit {
  readonly index: number;
  readonly length: number;
  readonly canonical: string;
}

/**
 * The words of the stages that voice input and hurried typing write with other characters of the same sound (几碎 for 几岁,
 * 有仁 for 有人): any run of characters whose common readings sound as one of them is read as the word. Only words of
 * two syllables or more, each with the reading it has here, and not the real words that sound the same (高速, 食品,
 * 游人 …): a word that exists is that word.
 */
const SOUND_WORDS: readonly (readonly [word: string, sound: string])[] = [
  ['几岁', 'ji sui'],
  ['有人', 'you ren'],
  ['告诉', 'gao su'],
  ['视频', 'shi pin'],
  ['照片', 'zhao pian'],
  ['自拍', 'zi pai'],
  ['摄像头', 'she xiang tou'],
  ['见面', 'jian mian'],
  ['地址', 'di zhi'],
  ['家长', 'jia zhang'],
  ['验证码', 'yan zheng ma'],
  ['密码', 'mi ma'],
  ['二维码', 'er wei ma'],
  ['转账', 'zhuan zhang'],
  ['押金', 'ya jin'],
  ['冻结', 'dong jie'],
  ['免费', 'mian fei'],
  ['内裤', 'nei ku'],
  ['内衣', 'nei yi'],
  ['洗澡', 'xi zao'],
  ['裸照', 'luo zhao'],
  ['聊天记录', 'liao tian ji lu'],
  ['私聊', 'si liao'],
  ['微信', 'wei xin'],
  ['定位', 'ding wei'],
  ['秘密', 'mi mi'],
];
const SOUND_TWINS = new Set([
  '高速',
  '食品',
  '饰品',
  '试品',
  '地质',
  '抵制',
  '密密',
  '蜜蜜',
  '咪咪',
  '眯眯',
  '饲料',
  '游人',
  '友人',
  '东街',
  '定为',
  '为新',
  '维新',
  '唯心',
  '威信',
  '微型',
  '有任',
  '动节',
  '订位',
  '位新',
  '为信',
  '件免',
]);

// A character in a message is read by its most common reading only: its rarer ones (地 as de, 内 as na) would make
// every other sentence sound like something.
const SOUND_OF = new Map<number, string | null>();
function soundOf(codePoint: number): string | null {
  let sound = SOUND_OF.get(codePoint);
  if (sound === undefined) {
    const id = firstReadingOf(codePoint);
    sound = id < 0 ? null : SYLLABLES[id]!;
    SOUND_OF.set(codePoint, sound);
  }
  return sound;
}

/** The sound words by the sound of their first syllable. */
const SOUND_INDEX = new Map<string, { word: string; sounds: readonly string[] }[]>();
for (const [word, sound] of SOUND_WORDS) {
  const sounds = sound.split(' ');
  const list = SOUND_INDEX.get(sounds[0]!) ?? [];
  list.push({ word, sounds });
  SOUND_INDEX.set(sounds[0]!, list);
}

function findSoundAlikes(folded: string, hits: Hit[]): void {
  for (let i = 0; i < folded.length; i++) {
    const cp = folded.charCodeAt(i);
    if (cp < 0x4e00 || cp > 0x9fff) continue;
    const sound = soundOf(cp);
    if (sound === null) continue;
    let best: { word: string } | undefined;
    for (const key of SOUND_INDEX.get(sound) ?? []) {
      if (best !== undefined && best.word.length >= key.word.length) continue;
      if (i + key.sounds.length > folded.length) continue;
      let ok = true;
      for (let k = 1; k < key.sounds.length && ok; k++) {
        const next = soundOf(folded.charCodeAt(i + k));
        ok = next === key.sounds[k];
      }
      if (ok) best = key;
    }
    if (best === undefined) continue;
    const run = folded.slice(i, i + best.word.length);
    if (run !== best.word && !SOUND_TWINS.has(run)) {
      hits.push({ index: i, length: run.length, canonical: best.word });
      i += run.length - 1;
    }
  }
}

function findSpellings(folded: string): Hit[] {
  const hits: Hit[] = [];
  findSoundAlikes(folded, hits);
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(folded); m !== null; m = PATTERN.exec(folded)) {
    let i = 1;
    while (m[i] === undefined) i++;
    hits.push({ index: m.index, length: m[0].length, canonical: ENTRIES[i - 1]![1] });
  }
  LONE_Q.lastIndex = 0;
  for (let m = LONE_Q.exec(folded); m !== null; m = LONE_Q.exec(folded)) {
    const at = m.index;
    if (!hits.some((h) => at >= h.index && at < h.index + h.length))
      hits.push({ index: at, length: 1, canonical: 'QQ' });
  }
  return hits.sort((a, b) => a.index - b.index);
}

function respell(folded: string, hits: readonly Hit[], start: number[], end: number[]): CanonicalText {
  let text = '';
  const s: number[] = [];
  const e: number[] = [];
  let at = 0;
  let previous = -1;
  for (const h of hits) {
    if (h.index < at) continue;
    // Words written in syllables are spaced apart (bie gao su ni): between two of them the space is not a pause.
    if (previous === at && /^\s+$/u.test(folded.slice(at, h.index))) at = h.index;
    text += folded.slice(at, h.index);
    for (let k = at; k < h.index; k++) {
      s.push(start[k]!);
      e.push(end[k]!);
    }
    const from = start[h.index]!;
    const to = end[h.index + h.length - 1]!;
    for (let k = 0; k < h.canonical.length; k++) {
      s.push(from);
      e.push(to);
    }
    text += h.canonical;
    at = h.index + h.length;
    previous = at;
  }
  text += folded.slice(at);
  for (let k = at; k < folded.length; k++) {
    s.push(start[k]!);
    e.push(end[k]!);
  }
  return { text, start: s, end: e };
}
