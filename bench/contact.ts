/**
 * Contact-detector benchmark: findContacts over (a) 2 MiB of benign Chinese chat and (b) the same with a contact detail
 * about every 2,000 characters and (c) in every message, with the prefilter and without it (the full scan over every character).
 * Run: npx tsc -b && node dist/bench/contact.js   (options: --mib N for the corpus size, --reps N)
 */
import { findContacts } from '../src/engine/contact.js';
import { createRandom } from '../scripts/eval/random.js';
import { parseScriptArgs } from '../scripts/args.js';

/** Frequent characters of everyday Chinese chat, so keyword characters (手, 看, 加, 电…) turn up as often as in life. */
const HAN =
  '的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都' +
  '然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实' +
  '回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听' +
  '世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期' +
  '叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色' +
  '字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候' +
  '七必城父强步完革深区准母友庄花早店饭菜吧呢啊哦嗯哈好玩游戏朋周末电影音乐作业考试老师同学妈妈爸爸天气下雨晴朗晚上明天';
const PUNCTUATION = '，，，。。！？、：～…';
const WORDS = ['OK', 'bug', 'app', 'iPhone', 'GPS', 'PPT', 'B站', 'up主', 'emo', 'cp', 'yyds', 'DIY'];

function number(random: () => number): string {
  const k = Math.floor(random() * 8);
  const n = (max: number): number => Math.floor(random() * max);
  switch (k) {
    case 0:
      return `¥${String(n(500))}.${String(n(10))}`;
    case 1:
      return `${String(n(3000))}元`;
    case 2:
      return `${String(1 + n(12))}月${String(1 + n(28))}日`;
    case 3:
      return `2026-${String(1 + n(12)).padStart(2, '0')}-${String(1 + n(28)).padStart(2, '0')}`;
    case 4:
      return `${String(n(24))}:${String(n(60)).padStart(2, '0')}`;
    case 5:
      return `${String(1 + n(12))}点半`;
    case 6:
      return `${String(n(100))}%`;
    default:
      return `第${String(1 + n(20))}名`;
  }
}

/** Messages of 20–400 characters of benign chat, `bytes` UTF-8 bytes in all. */
function makeChat(bytes: number, seed: number): string[] {
  const random = createRandom(seed);
  const messages: string[] = [];
  let total = 0;
  while (total < bytes) {
    const length = 20 + Math.floor(random() * 380);
    let text = '';
    while (text.length < length) {
      const r = random();
      if (r < 0.82) text += HAN.charAt(Math.floor(random() * HAN.length));
      else if (r < 0.92) text += PUNCTUATION.charAt(Math.floor(random() * PUNCTUATION.length));
      else if (r < 0.96) text += WORDS[Math.floor(random() * WORDS.length)] ?? '';
      else text += number(random);
    }
    messages.push(text);
    total += Buffer.byteLength(text);
  }
  return messages;
}

const DETAILS = [
  '加V：幺三八 一二三四 五六七八',
  'QQ 12345678',
  '微信 abc_12345',
  '来 example点com 看看',
  '邮箱name@qq.com',
  '看我主页',
  '电话13912345678',
  '扣扣①②③④⑤⑥⑦',
];

/** The same chat with a contact detail inserted about every `every` characters. */
function withDetails(messages: readonly string[], every: number): string[] {
  let since = 0;
  let next = 0;
  return messages.map((m) => {
    since += m.length;
    if (since < every) return m;
    since = 0;
    const detail = DETAILS[next % DETAILS.length] ?? '';
    next += 1;
    const at = Math.floor(m.length / 2);
    return `${m.slice(0, at)}，${detail}，${m.slice(at)}`;
  });
}

function measure(messages: readonly string[], full: boolean, reps: number): { mib: number; findings: number } {
  const mib = messages.reduce((sum, m) => sum + Buffer.byteLength(m), 0) / 1048576;
  const options = full ? { crossLines: true, prefilter: false } : { crossLines: true };
  let best = 0;
  let findings = 0;
  for (let r = 0; r < reps; r += 1) {
    findings = 0;
    const started = performance.now();
    for (const m of messages) findings += findContacts(m, options).length;
    best = Math.max(best, mib / ((performance.now() - started) / 1000));
  }
  return { mib: best, findings };
}

const { values } = parseScriptArgs('node dist/bench/contact.js [--mib N] [--reps N]', {
  mib: { type: 'string', default: '2' },
  reps: { type: 'string', default: '5' },
});
const bytes = Number(values.mib) * 1048576;
const reps = Number(values.reps);
const benign = makeChat(bytes, 17);
const corpora = [
  ['(a) benign chat', benign],
  ['(b) a contact every ~2,000 chars', withDetails(benign, 2000)],
  ['(c) a contact in every message', withDetails(benign, 1)],
] as const;

console.log(`findContacts, ${String(values.mib)} MiB per corpus, best of ${String(reps)} runs (MiB/s of UTF-8 input)`);
console.log('| corpus | full scan | prefilter | speed-up | findings |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, messages] of corpora) {
  const full = measure(messages, true, reps);
  const fast = measure(messages, false, reps);
  if (full.findings !== fast.findings) throw new Error(`${name}: ${String(full.findings)} ≠ ${String(fast.findings)}`);
  console.log(
    `| ${name} | ${full.mib.toFixed(1)} | ${fast.mib.toFixed(1)} | ${(fast.mib / full.mib).toFixed(1)}× | ${String(fast.findings)} |`,
  );
}
