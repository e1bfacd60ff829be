import { between, createRandom, deriveSeed, pick, type Random } from './random.js';

/**
 * The scenario templates of the conversation suite (data/eval/conversations/*.scenarios) and their rendering into
 * conversations in the CLI's input shape, each with its annotation.
 *
 * A template:
 *
 *     # scenario: grooming-game-skins            (a name, unique in its file)
 *     kind: grooming | fraud | bullying | none   (none: a benign conversation, a hard negative)
 *     note: why it is risky or why it is not
 *     people: A 24-40 | K 10-13 | B ?            (a letter, an age range or ? for unknown)
 *     target: K                                  (risky only: who is at risk)
 *     offenders: A                               (risky only)
 *     fill: chat                                 (optional: small talk the renderer may insert: chat | game | school | none)
 *     ---
 *     A> 你好{呀|啊}                              (a line: speaker> text; {a|b} picks one; {K} is K's name)
 *     !A> 你几岁了                                 (! marks where a careful moderator is sure; once, risky only)
 *     A> [+2d] 在吗                               ([+2d] [+3h] [+10m]: time passes before this line)
 */

export interface SuiteConversation {
  readonly id: string;
  readonly participants: Record<string, { readonly age: number | null }>;
  readonly messages: readonly { readonly from: string; readonly text: string; readonly t: number }[];
  readonly label: {
    readonly kind: 'grooming' | 'fraud' | 'bullying' | null;
    readonly certainAt: number | null;
    readonly target: string | null;
    readonly offenders: readonly string[];
    readonly scenario: string;
    readonly note: string;
  };
}

interface Template {
  readonly name: string;
  readonly kind: 'grooming' | 'fraud' | 'bullying' | null;
  readonly note: string;
  readonly people: ReadonlyMap<string, readonly [number, number] | null>;
  readonly target: string | null;
  readonly offenders: readonly string[];
  readonly fill: 'chat' | 'game' | 'school' | 'none';
  readonly lines: readonly {
    readonly who: string;
    readonly text: string;
    readonly certain: boolean;
    readonly wait: number;
  }[];
}

const KID_NAMES = [
  '小雨',
  '阿杰',
  '糖糖',
  '乐乐',
  '朵朵',
  '小鱼',
  '浩浩',
  '欣欣',
  '萌萌',
  '天天',
  '豆豆',
  '小雪',
  '轩轩',
  '琪琪',
  '子涵',
  '一一',
  '可可',
  '果果',
  '安安',
  '星星',
  '木木',
  '小满',
  '阳阳',
  '甜甜',
  '嘟嘟',
  '悠悠',
  '橙子',
  '米粒',
  '小鹿',
  '晨晨',
];
const ADULT_NAMES = [
  '夜风',
  '大白',
  '老K',
  '阿诚',
  '峰哥',
  '静姐',
  '木子李',
  'Leo',
  '小马哥',
  '追光者',
  '晴天',
  '老王',
  '海哥',
  '北辰',
  '安然',
  '枫叶',
  '蓝天',
  '阿强',
  '小周',
  '陈默',
];

const FILL: Record<'chat' | 'game' | 'school', readonly string[]> = {
  chat: [
    '哈哈',
    '嗯嗯',
    '好的',
    '在的',
    '刚吃完饭',
    '今天好热',
    '哦哦',
    '真的假的',
    '好吧',
    '我也是',
    '嘿嘿',
    '确实',
    '等我一下',
    '回来了',
  ],
  game: [
    '这把输了',
    '再来一把',
    '我去',
    '哈哈哈',
    '等我复活',
    '你用的什么英雄',
    '好的',
    '掉线了刚才',
    '稳住',
    '这个版本好难',
  ],
  school: [
    '作业写完了吗',
    '明天要交吗',
    '还没呢',
    '数学好难',
    '嗯嗯',
    '哈哈',
    '好困',
    '老师今天讲的听懂了吗',
    '我也不会',
  ],
};

/** Reads a .scenarios file; every problem is reported with its line. */
export function parseScenarios(text: string, file: string): Template[] {
  const out: Template[] = [];
  const blocks = text.split(/^# scenario: /mu).slice(1);
  let lineBase = text.slice(0, text.indexOf('# scenario: ')).split('\n').length;
  const names = new Set<string>();
  for (const block of blocks) {
    const rows = block.split('\n');
    const where = `${file}:${lineBase}`;
    lineBase += rows.length - 1;
    const name = rows[0]!.trim();
    if (names.has(name)) throw new Error(`${where}: scenario "${name}" twice`);
    names.add(name);
    const sep = rows.indexOf('---');
    if (sep < 0) throw new Error(`${where}: no --- line`);
    const head = new Map<string, string>();
    for (const r of rows.slice(1, sep)) {
      const m = /^(\w+):\s*(.*)$/u.exec(r.trim());
      if (m) head.set(m[1]!, m[2]!);
    }
    const kindText = head.get('kind') ?? '';
    if (!['grooming', 'fraud', 'bullying', 'none'].includes(kindText)) throw new Error(`${where}: kind "${kindText}"`);
    const kind = kindText === 'none' ? null : (kindText as 'grooming' | 'fraud' | 'bullying');
    const people = new Map<string, readonly [number, number] | null>();
    for (const p of (head.get('people') ?? '').split('|')) {
      const m = /^\s*([A-Z])\s+(?:(\d+)-(\d+)|\?)\s*$/u.exec(p);
      if (!m) throw new Error(`${where}: people "${p}"`);
      people.set(m[1]!, m[2] === undefined ? null : [Number(m[2]), Number(m[3])]);
    }
    const lines = rows
      .slice(sep + 1)
      .map((r) => r.trim())
      .filter((r) => r.length > 0 && !r.startsWith('#'))
      .map((r) => {
        const m = /^(!?)([A-Z])>\s*(?:\[\+(\d+)([dhm])\]\s*)?(.*)$/u.exec(r);
        if (!m || !people.has(m[2]!)) throw new Error(`${where}: line "${r}"`);
        const unit = m[4] === 'd' ? 86_400 : m[4] === 'h' ? 3600 : 60;
        return { who: m[2]!, text: m[5]!, certain: m[1] === '!', wait: m[3] === undefined ? 0 : Number(m[3]) * unit };
      });
    const certain = lines.filter((l) => l.certain).length;
    if (kind !== null && certain !== 1) throw new Error(`${where}: a risky scenario marks exactly one line with !`);
    if (kind === null && certain !== 0) throw new Error(`${where}: a benign scenario marks no line with !`);
    const target = head.get('target')?.trim() ?? null;
    const offenders = (head.get('offenders') ?? '').split(/[ ,]+/u).filter((s) => s.length > 0);
    if (kind !== null && (target === null || offenders.length === 0))
      throw new Error(`${where}: a risky scenario names its target and offenders`);
    const fill = (head.get('fill') ?? 'chat').trim();
    if (!['chat', 'game', 'school', 'none'].includes(fill)) throw new Error(`${where}: fill "${fill}"`);
    out.push({
      name,
      kind,
      note: head.get('note') ?? '',
      people,
      target,
      offenders,
      fill: fill as Template['fill'],
      lines,
    });
  }
  return out;
}

/** Renders every template `variants` times: other names, ages, choices, pace and a little small talk. */
export function renderScenarios(
  templates: readonly Template[],
  split: string,
  seed: number,
  variants: number,
): SuiteConversation[] {
  const out: SuiteConversation[] = [];
  for (const tpl of templates)
    for (let v = 0; v < variants; v++)
      out.push(render(tpl, createRandom(deriveSeed(seed, `${tpl.name}#${v}`)), split, v));
  return out;
}

function render(tpl: Template, random: Random, split: string, variant: number): SuiteConversation {
  const refs = new Map<string, string>();
  const ages: Record<string, number | null> = {};
  const used = new Set<string>();
  for (const [letter, range] of tpl.people) {
    const adult = range !== null && range[0] >= 18;
    let name = '';
    do {
      const base = pick(random, adult || range === null ? ADULT_NAMES : KID_NAMES);
      name = random() < 0.5 ? base : `${base}${between(random, 1, 99)}`;
    } while (used.has(name));
    used.add(name);
    refs.set(letter, name);
    ages[name] = range === null ? null : between(random, range[0], range[1]);
  }
  const messages: { from: string; text: string; t: number }[] = [];
  let t = 0;
  let certainAt: number | null = null;
  const letters = [...tpl.people.keys()];
  for (const line of tpl.lines) {
    if (tpl.fill !== 'none' && messages.length > 0 && random() < 0.18) {
      const who = pick(random, letters);
      t += between(random, 5, 90);
      messages.push({ from: refs.get(who)!, text: pick(random, FILL[tpl.fill]), t });
    }
    t += line.wait + between(random, 3, 120);
    const text = line.text
      .replace(/\{([A-Z])\}/gu, (_, l: string) => refs.get(l) ?? l)
      .replace(/\{([^{}]*\|[^{}]*)\}/gu, (_, alts: string) => pick(random, alts.split('|')));
    if (line.certain) certainAt = messages.length;
    messages.push({ from: refs.get(line.who)!, text, t });
  }
  return {
    id: `${split}-${tpl.name}-${variant + 1}`,
    participants: Object.fromEntries(Object.entries(ages).map(([ref, age]) => [ref, { age }])),
    messages,
    label: {
      kind: tpl.kind,
      certainAt,
      target: tpl.target === null ? null : (refs.get(tpl.target) ?? null),
      offenders: tpl.offenders.map((o) => refs.get(o) ?? o),
      scenario: tpl.name,
      note: tpl.note,
    },
  };
}
