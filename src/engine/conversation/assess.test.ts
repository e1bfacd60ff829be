import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createConversationState,
  observeMessage,
  readSignals,
  scanConversation,
  summarizeSender,
  type ConversationRisk,
  type Participant,
} from './index.js';

type Line = readonly [from: string, text: string, t?: number];

/** Runs lines through a fresh state (one minute apart unless a time is given) and returns the last risk. */
function run(participants: Record<string, Participant>, lines: readonly Line[]): ConversationRisk {
  const state = createConversationState();
  let risk: ConversationRisk | undefined;
  lines.forEach(([from, text, t], i) => {
    risk = observeMessage(state, { from, text, t: t ?? i * 60 }, i === 0 ? participants : {}).risk;
  });
  return risk!;
}

const STRANGER_AND_CHILD = { a: { age: 34 }, k: { age: 11 } } as const;
const GROOMING: readonly Line[] = [
  ['a', '你今年几岁了，读几年级'],
  ['k', '五年级'],
  ['a', '你爸妈几点下班'],
  ['a', '加我扣扣聊，这里不方便'],
  ['a', '别告诉你爸妈，这是我们的秘密'],
  ['a', '开个摄像头让我看看你'],
];

describe('conversation risk', () => {
  test('each stage alone is low; together they are critical, from the sender towards the child', () => {
    assert.equal(run(STRANGER_AND_CHILD, [GROOMING[0]!]).peakLevel, 'low');
    const risk = run(STRANGER_AND_CHILD, GROOMING);
    assert.equal(risk.peakLevel, 'critical');
    assert.equal(risk.flagged, true);
    assert.deepEqual(risk.kinds, ['grooming']);
    assert.equal(risk.target, 'k');
    assert.deepEqual(risk.offenders, ['a']);
    assert.ok(risk.flaggedAt !== null && risk.flaggedAt >= 3 && risk.flaggedAt <= 5, `flagged at ${risk.flaggedAt}`);
  });

  test('evidence spans are UTF-16 offsets into the message that carried them', () => {
    const text = '😀😀 别告诉你妈妈，我们的秘密';
    const risk = run(STRANGER_AND_CHILD, [
      ['a', '你几岁了'],
      ['a', '加我qq'],
      ['a', text],
    ]);
    const secrecy = risk.evidence.filter((e) => e.signal === 'grooming.secrecy');
    assert.ok(secrecy.length > 0, JSON.stringify(risk.evidence));
    for (const e of secrecy) assert.equal(e.message, 2);
    assert.ok(secrecy.some((e) => text.slice(e.start, e.end).startsWith('别告诉你妈妈')));
  });

  test('a guardian the platform vouches for, saying the same things, is not flagged', () => {
    const risk = run({ a: { age: 34, role: 'guardian' }, k: { age: 11 } }, GROOMING);
    assert.equal(risk.flagged, false, risk.peakLevel);
  });

  test('the same stages weeks apart fade; minutes apart they add up', () => {
    const spread: Line[] = GROOMING.slice(0, 5).map(([f, t], i) => [f, t, i * 60 * 86_400]);
    const close: Line[] = GROOMING.slice(0, 5).map(([f, t], i) => [f, t, i * 60]);
    assert.ok(['none', 'low', 'medium'].includes(run(STRANGER_AND_CHILD, spread).level));
    assert.ok(['high', 'critical'].includes(run(STRANGER_AND_CHILD, close).peakLevel));
    assert.notEqual(run(STRANGER_AND_CHILD, spread).peakLevel, 'critical');
  });

  test('an adult talking to an adult is not grooming, whatever the words', () => {
    const risk = run(
      { a: { age: 34 }, b: { age: 30 } },
      GROOMING.map(([f, t]) => [f === 'k' ? 'b' : f, t] as Line),
    );
    assert.notEqual(risk.peakLevel, 'critical');
  });

  test('an image of the body asked of a child is critical on its own', () => {
    assert.equal(run(STRANGER_AND_CHILD, [['a', '拍一张你穿内衣的照片发给我']]).peakLevel, 'critical');
  });

  test('three classmates against one is a pile-on; friends trading jokes with laughter is not', () => {
    const group = { a: { age: 13 }, b: { age: 13 }, c: { age: 13 }, v: { age: 13 } };
    const pileOn = run(group, [
      ['a', '@v 你真恶心'],
      ['b', '就是，丑八怪'],
      ['c', '大家都别理她'],
      ['v', '你们别这样'],
      ['a', '把她踢出群'],
    ]);
    assert.ok(pileOn.flagged);
    assert.deepEqual(pileOn.kinds, ['bullying']);
    assert.equal(pileOn.target, 'v');
    assert.deepEqual([...pileOn.offenders].sort(), ['a', 'b', 'c']);
    const banter = run(group, [
      ['a', '@v 你也太菜了吧哈哈哈'],
      ['v', '你才菜哈哈，上把谁送人头'],
      ['b', '哈哈你俩都是菜鸡'],
      ['v', '笑死'],
    ]);
    assert.equal(banter.flagged, false, banter.peakLevel);
  });

  test('a warning that quotes a scam is not the scam; the scam is', () => {
    const kids = { t: { age: 40 }, k: { age: 12 } };
    const warning = run(kids, [
      ['t', '同学们注意：说免费领皮肤、让你用爸妈手机扫码交保证金的，都是骗子'],
      ['t', '千万不要把验证码告诉别人'],
    ]);
    assert.equal(warning.flagged, false, warning.peakLevel);
    const scam = run({ s: { age: null }, k: { age: 12 } }, [
      ['s', '恭喜你获得免费皮肤名额'],
      ['s', '用你爸妈的手机扫这个二维码，先交20元保证金'],
    ]);
    assert.ok(scam.flagged);
    assert.deepEqual(scam.kinds, ['fraud']);
  });

  test('a warning runs over several messages: the quotes after it are not the scam; the same lines alone are', () => {
    const lines: Line[] = [
      ['s', '有人会说"加我扣扣，白送皮肤"'],
      ['s', '接着说：用你妈妈的手机扫这个码，把收到的6位数字报给我'],
    ];
    const scam = run({ s: { age: null }, k: { age: 11 } }, lines.slice(1));
    assert.ok(scam.flagged, scam.peakLevel);
    const lesson = run({ s: { age: 35 }, k: { age: 11 } }, [['s', '家长们注意，最近有骗子专找孩子'], ...lines]);
    assert.equal(lesson.flagged, false, lesson.peakLevel);
  });

  test('the stages are read through pinyin, initials and letter spacing, with spans in the message as written', () => {
    const text = '拍张zp发我，bie gao su ni ba ma';
    const disguised = run(STRANGER_AND_CHILD, [
      ['a', '你 今 年 几 岁'],
      ['a', text],
    ]);
    const plain = run(STRANGER_AND_CHILD, [
      ['a', '你今年几岁'],
      ['a', '拍张照片发我，别告诉你爸妈'],
    ]);
    assert.equal(disguised.peakLevel, plain.peakLevel);
    assert.ok(disguised.flagged, disguised.peakLevel);
    const secrecy = disguised.evidence.find((e) => e.signal === 'grooming.secrecy');
    assert.ok(secrecy !== undefined, JSON.stringify(disguised.evidence));
    assert.equal(text.slice(secrecy.start, secrecy.end), 'bie gao su ni ba ma');
  });

  test('a scam that asks for a private contact and secrecy is named fraud, not grooming', () => {
    const risk = run({ s: { age: null }, k: { age: 10 } }, [
      ['s', '福利活动，免费领限定英雄，先加我QQ'],
      ['s', '这个活动别告诉你爸妈，不然就没资格了'],
      ['s', '用你妈妈的微信支付，付款码截图发我'],
    ]);
    assert.ok(risk.flagged, risk.peakLevel);
    assert.equal(risk.kinds[0], 'fraud');
  });

  test('threats to corner and beat a child and a demand to kneel are bullying, at the alerting level', () => {
    const group = { a: { age: 14 }, b: { age: 14 }, v: { age: 14 } };
    const beating = run(group, [
      ['a', '@v 下课别跑，楼道里堵住你'],
      ['b', '揍他一顿就老实了'],
    ]);
    assert.ok(beating.flagged, beating.peakLevel);
    assert.deepEqual(beating.kinds, ['bullying']);
    assert.equal(beating.target, 'v');
    const kneel = run(group, [
      ['a', '@v 你还敢顶嘴'],
      ['b', '当着全班的面跪着认错，我们拍下来'],
    ]);
    assert.ok(kneel.flagged, kneel.peakLevel);
    assert.deepEqual(kneel.kinds, ['bullying']);
  });

  test("a hurt body part shown at a doctor's or a parent's request is not an image asked of a child", () => {
    const hurt = run({ d: { age: 45 }, k: { age: 12 } }, [['d', '把膝盖拍给我看看，肿了没有']]);
    assert.equal(hurt.flagged, false, hurt.peakLevel);
    const body = run({ d: { age: 45 }, k: { age: 12 } }, [['d', '把大腿拍给我看看']]);
    assert.ok(body.flagged, body.peakLevel);
  });

  test('clothes lifted for the camera are critical asked of a child; undressing "the child" for a rash, asked of a parent, is not', () => {
    const asked = run(STRANGER_AND_CHILD, [['a', '把衣服撩起来对着镜头']]);
    assert.equal(asked.peakLevel, 'critical');
    const clinic = run({ m: { age: 38 }, d: { age: 50 }, k: { age: 6 } }, [
      ['m', '医生您好，孩子肚子上起了红点'],
      ['d', '把孩子衣服撩起来，红点拍清楚发过来'],
    ]);
    assert.equal(clinic.flagged, false, clinic.peakLevel);
  });

  test("a code sent to the speaker's own phone asks nothing of the child; the code asked of the child does", () => {
    const own = run({ b: { age: 20 }, k: { age: 10 } }, [
      ['b', '我用自己的号给你买，验证码到我手机上'],
      ['b', '别跟妈说我又给你花钱了'],
    ]);
    assert.equal(own.flagged, false, own.peakLevel);
    const asked = run({ s: { age: null }, k: { age: 10 } }, [
      ['s', '验证码到你手机上了吧，发给我'],
      ['s', '别跟妈说'],
    ]);
    assert.ok(asked.flagged, asked.peakLevel);
    assert.deepEqual(asked.kinds, ['fraud']);
  });

  test('leaving a child out without a word of kicking, from several senders, is bullying', () => {
    const risk = run({ a: { age: 13 }, b: { age: 13 }, c: { age: 13 }, 小鹿: { age: 13 } }, [
      ['a', '以后组队都别叫小鹿了'],
      ['b', '新群我没拉他'],
      ['c', '谁再带他谁就别来'],
    ]);
    assert.ok(risk.flagged, risk.peakLevel);
    assert.deepEqual(risk.kinds, ['bullying']);
    assert.equal(risk.target, '小鹿');
  });

  test('the words of a title name a work; the same words asked of a child do not', () => {
    const album = run(STRANGER_AND_CHILD, [
      ['a', '你几岁了'],
      ['a', '听过《喘一点》这首歌吗'],
      ['a', '《别告诉你爸妈》是我最喜欢的电影'],
    ]);
    assert.equal(album.flagged, false, album.peakLevel);
    const asked = run(STRANGER_AND_CHILD, [
      ['a', '你几岁了'],
      ['a', '给我录一段，喘一点'],
      ['a', '别告诉你爸妈'],
    ]);
    assert.ok(asked.flagged, asked.peakLevel);
  });

  test('round 7 concepts reach the alerting level, each in wording of its own', () => {
    const cases: readonly { name: string; lines: readonly Line[]; kind: string }[] = [
      {
        name: 'an image held over the child, with the class group as the audience',
        lines: [
          ['a', '上回那段我存着'],
          ['a', '再拍一段，要不然全班同学明天都能收到'],
        ],
        kind: 'grooming',
      },
      {
        name: 'a prize stuck in the system, a fee to activate it and the stake returned with it',
        lines: [
          ['a', '你中的奖被系统卡住了'],
          ['a', '先充200激活 连本带奖一起返给你'],
        ],
        kind: 'fraud',
      },
      {
        name: 'left out by a vote and treated as a stranger, the laughter of the others no play',
        lines: [
          ['b', '@小鹿 投票让她滚出群'],
          ['c', '以后当不认识她'],
          ['d', '哈哈 当空气'],
        ],
        kind: 'bullying',
      },
    ];
    for (const c of cases) {
      const risk = run({ a: { age: 30 }, b: { age: 13 }, c: { age: 13 }, d: { age: 13 }, 小鹿: { age: 12 } }, c.lines);
      assert.ok(risk.flagged, `${c.name}: ${risk.peakLevel}`);
      assert.equal(risk.kinds[0], c.kind, c.name);
    }
  });

  test("what only looks like a stage is not one: a coat taken off, the speaker's own picture", () => {
    const coat = run(STRANGER_AND_CHILD, [
      ['a', '你几岁了'],
      ['a', '进屋把外套脱了'],
    ]);
    assert.notEqual(coat.peakLevel, 'critical');
    assert.equal(coat.flagged, false, coat.peakLevel);
    assert.deepEqual(
      readSignals('扫一下我发的图').map((x) => x.signal),
      ['fraud.credentials'],
    );
    assert.ok(readSignals('拍一张你的图发我').some((x) => x.signal === 'grooming.images'));
  });

  test('a sender who approached many minors elsewhere is judged sooner', () => {
    const lines: Line[] = [
      ['a', '你几岁了'],
      ['a', '加我微信聊'],
    ];
    const plain = run(STRANGER_AND_CHILD, lines);
    const known = run({ a: { age: 34, history: { minorsApproached: 4, flaggedBefore: true } }, k: { age: 11 } }, lines);
    assert.ok(['none', 'low', 'medium'].includes(plain.peakLevel));
    assert.ok(['medium', 'high', 'critical'].includes(known.peakLevel));
    assert.notEqual(known.peakLevel, plain.peakLevel);
  });

  test('a state saved as JSON and read back goes on exactly as one kept in memory', () => {
    const kept = createConversationState();
    let saved = createConversationState();
    let a: ConversationRisk | undefined;
    let b: ConversationRisk | undefined;
    GROOMING.forEach(([from, text], i) => {
      const p = i === 0 ? STRANGER_AND_CHILD : {};
      a = observeMessage(kept, { from, text, t: i * 60 }, p).risk;
      saved = JSON.parse(JSON.stringify(saved)) as typeof saved;
      b = observeMessage(saved, { from, text, t: i * 60 }, p).risk;
    });
    assert.deepEqual(b, a);
  });

  test('a class group of fifty stays small: context alone makes no track, and a saved state lacking a newer field reads', () => {
    const state = createConversationState();
    const pupils = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, { age: 12 }]));
    observeMessage(state, { from: 't', text: '同学们，明天考试，作业记得签字', t: 0 }, { t: { age: 40 }, ...pupils });
    observeMessage(state, { from: 'p1', text: '老师，收到', t: 60 });
    assert.equal(Object.keys(state.tracks).length, 0);
    const old = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    delete old['legitimacy'];
    const risk = observeMessage(old as unknown as typeof state, { from: 't', text: '你几岁了', t: 120 }).risk;
    assert.equal(risk.peakLevel, 'low');
  });

  test('summarizeSender counts distinct minors approached in the window, and earlier flags', () => {
    const day = 86_400;
    const history = summarizeSender(
      [
        { conversationRef: 'c1', target: 'k1', targetAge: 11, stages: ['probing'], peakLevel: 'low', at: 0 },
        { conversationRef: 'c2', target: 'k1', targetAge: 11, stages: ['isolation'], peakLevel: 'medium', at: day },
        { conversationRef: 'c3', target: 'k2', targetAge: 13, stages: ['rapport'], peakLevel: 'low', at: day },
        { conversationRef: 'c4', target: 'k3', targetAge: 30, stages: ['probing'], peakLevel: 'high', at: day },
        { conversationRef: 'c5', target: 'k4', targetAge: null, stages: ['secrecy'], peakLevel: 'low', at: -60 * day },
      ],
      2 * day,
    );
    assert.deepEqual(history, { minorsApproached: 1, flaggedBefore: true });
  });

  test('scanConversation without an engine gives the CLI shape', () => {
    const out = scanConversation(undefined, {
      id: 'c1',
      participants: STRANGER_AND_CHILD,
      messages: GROOMING.map(([from, text], i) => ({ from, text, t: i * 60 })),
    });
    assert.deepEqual(Object.keys(out), [
      'id',
      'flagged',
      'level',
      'kinds',
      'flaggedAt',
      'target',
      'offenders',
      'evidence',
    ]);
    assert.deepEqual(Object.keys(out.evidence[0]!), ['message', 'start', 'end', 'signal']);
    assert.equal(scanConversation(undefined, { id: 'e', participants: {}, messages: [] }).level, 'none');
  });
});
