import type { Signal } from './types.js';

/**
 * One way a stage shows in a message: a pattern over the message, how strongly a match speaks for the stage (0–1), and
 * whether it is `strong` (a request or threat no ordinary role makes) or weak (what a parent, teacher or shop also says).
 */
export interface Cue {
  readonly signal: Signal;
  readonly pattern: RegExp;
  readonly strength: number;
  readonly strong?: boolean;
}

// Clause-bounded gaps: a cue's parts must stand in one clause, so two unrelated clauses never make one cue.
const G = (n: number): string => `[^，,。.！!？?；;\\n]{0,${n}}`;
const PARENTS = '(?:爸妈|爸爸|妈妈|爸|妈|父母|家长|家里人|家里|大人|家人)';
const ADULTS = `(?:${PARENTS.slice(3, -1)}|老师|别人|任何人|同学|朋友|哥哥|姐姐)`;
const GIFTS =
  '(?:皮肤|红包|点券|钻石|礼物|零花钱|手办|口红|衣服|新手机|手机|充值|会员|[qQ]币|金币|装备|英雄|游戏币|月卡|战令)';
const SELF_IMAGES = '(?:自拍|照片|相片|视频|图|全身照|私照|生活照|样子|正脸|露脸|身材|素颜)';
const BODY =
  '(?:腿|脚|胸|身体|全身|下面|私处|隐私部位|屁股|肚子|内衣|内裤|睡衣|校服|泳衣|丝袜|裙底|没穿|光着|洗澡|换衣服)';

function cue(signal: Signal, source: string, strength: number, strong = false): Cue {
  return { signal, pattern: new RegExp(source, 'giu'), strength, ...(strong ? { strong } : {}) };
}

/** The stage cues of the three kinds of risk, each a concept (a request, a question, a threat), not a stock phrase. */
export const CUES: readonly Cue[] = [
  // --- grooming: rapport and gifts ---
  cue('grooming.rapport', `(?:送|给|帮)你${G(6)}${GIFTS}`, 0.5),
  cue('grooming.rapport', `(?:帮|给)你(?:充|买|氪|付)`, 0.5),
  cue('grooming.rapport', `(?:叫|喊)我(?:哥哥|姐姐|叔叔|老公|老婆|主人|爸爸|干爹)`, 0.6),
  cue('grooming.rapport', `(?:只有|就)我(?:最)?(?:懂|理解|心疼|在乎|关心|对你好)`, 0.6),
  cue(
    'grooming.rapport',
    `(?:你|妹妹|弟弟|小朋友)(?:好|真|太|特别)(?:可爱|漂亮|好看|乖|懂事|成熟|有气质|迷人|性感)`,
    0.35,
  ),
  cue('grooming.rapport', `(?:小)?宝贝|乖乖|小可爱|小仙女`, 0.25),
  // --- grooming: probing (age, school, parents away, alone) ---
  cue('grooming.probing', `几岁|多大了|多大啦|多大呀|多少岁|今年多大`, 0.6),
  cue(
    'grooming.probing',
    `(?:读|上)${G(2)}(?:几年级|初几|高几|小学|初中)|几年级|初[一二三]的?吗|哪(?:个|所)(?:学校|小学|中学|初中|班)|在哪(?:里)?上学`,
    0.55,
  ),
  cue(
    'grooming.probing',
    `(?:家里|家)(?:有人|没人|就你|还有谁|有谁)|一个人(?:在家|睡|住|在房间)|(?:姐姐|哥哥|家人|亲戚|奶奶|爷爷)(?:在家|在不在)`,
    0.75,
  ),
  cue(
    'grooming.probing',
    `(?:旁边|身边|附近|家里|屋里)(?:有人|有没有人|有谁|有大人)|(?:大人|家长|爸妈|你爸|你妈)(?:呢|在吗|去哪了?)|几点(?:放学|下课|到家)|放学(?:后)?${G(2)}(?:去哪|一个人|自己回|谁接)`,
    0.6,
  ),
  cue(
    'grooming.probing',
    `${PARENTS}${G(4)}(?:在家|不在|回来|出差|上班|下班|几点|管你|查你|看你手机|在旁边|在身边|睡了)`,
    0.6,
  ),
  cue('grooming.probing', `房间${G(3)}(?:锁|就你|没人)|(?:锁|关)上?(?:房)?门`, 0.6),
  cue('grooming.probing', `(?:有|交)(?:过)?(?:男朋友|女朋友|对象)|(?:谈|早)恋爱`, 0.4),
  cue('grooming.probing', `(?:身高|体重|多高|多重|三围)`, 0.45),
  // --- grooming: isolation and moving off the platform ---
  cue(
    'grooming.isolation',
    `(?:加|添加|加一下|\\+)(?:我|一下)?的?${G(2)}(?:qq|扣扣|企鹅|微信|vx|v信|wx|薇信|威信|卫星|抖音|快手|小号|私人号|电话|手机号)`,
    0.75,
  ),
  cue('grooming.isolation', `(?:去|到|换到?|来|上)${G(6)}(?:私聊|私信|单独聊|那边聊|里聊|上聊|小窗)`, 0.65),
  cue(
    'grooming.isolation',
    `(?:去|到|换到?|上|用)${G(2)}(?:telegram|tg|电报|line|whatsapp|soul|陌陌|探探|小号|另一个(?:软件|app|号))`,
    0.75,
  ),
  cue(
    'grooming.isolation',
    `(?:这里|这儿|这个平台|这边|群里)${G(2)}(?:不方便|不安全|有人看|会被看|会被封|聊不了|说不了)`,
    0.75,
  ),
  cue('grooming.isolation', `${PARENTS}${G(3)}(?:不懂|不理解|根本不|不会懂|不在乎|不关心|管太多|太凶)`, 0.5),
  cue('grooming.isolation', `你(?:别|不要|少)(?:跟|和|理)(?:他们|别人|同学|朋友)`, 0.45),
  // --- grooming: secrecy ---
  cue(
    'grooming.secrecy',
    `(?:别|不要|不许|不能|千万别|不准|不可以)(?:告诉|跟|和|让|给)${G(3)}${ADULTS}${G(4)}(?:说|讲|知道|看|发现)?`,
    0.85,
    true,
  ),
  cue('grooming.secrecy', `${ADULTS}${G(3)}(?:不能|不许|别|不要|不可以|不会)(?:知道|发现|看到)`, 0.85, true),
  cue(
    'grooming.secrecy',
    `谁(?:都|也)不(?:能|许|要)(?:说|告诉|知道)|不(?:能|要|许)(?:跟|告诉|让)(?:任何人|别人|其他人)`,
    0.85,
    true,
  ),
  cue('grooming.secrecy', `(?:我们|咱们|咱俩|我俩)(?:之间)?的(?:小)?秘密|保守秘密|要保密|替我保密`, 0.85, true),
  cue(
    'grooming.secrecy',
    `(?:删|删掉|删除|清空|清除|撤回)${G(4)}(?:聊天记录|记录|消息|对话|照片|截图)|(?:聊天记录|记录)${G(3)}(?:删|清)`,
    0.8,
    true,
  ),
  cue('grooming.secrecy', `(?:偷偷|悄悄)的?(?:加|发|拍|来|出来|聊|下载|开)`, 0.6),
  cue(
    'grooming.secrecy',
    `(?:就|你就)(?:说|跟${G(2)}说)(?:你)?(?:去|在|住)|(?:跟|和|对)你?${PARENTS}(?:说|讲)(?:你)?(?:去|在|住)(?:同学|朋友)`,
    0.8,
    true,
  ),
  // --- grooming: sexualisation and remote indecency ---
  cue('grooming.sexualisation', `(?:检查|看看|量一?下|测一?下|摸)${G(4)}(?:身体|发育|胸|下面|私处|隐私部位)`, 1, true),
  cue(
    'grooming.sexualisation',
    `脱(?:了|掉|下|光)|把${G(3)}(?:衣服|裤子|上衣|外套|裙子)${G(2)}脱|(?:不穿|没穿)(?:衣服|内衣)`,
    1,
    true,
  ),
  cue('grooming.sexualisation', `(?:穿|换)(?:着|了|上)?${G(3)}(?:什么|内衣|内裤|睡衣|丝袜|泳衣|裙子)`, 0.5),
  cue('grooming.sexualisation', `发育|身材|胸(?:部)?|屁股|大腿|私处|隐私部位|第一次|处女`, 0.5),
  cue(
    'grooming.sexualisation',
    `(?:做|当)我(?:的)?(?:女朋友|男朋友|老婆|媳妇|小女友|女人)|(?:想|要)(?:亲|抱|睡)你|一起睡|陪我睡`,
    0.85,
    true,
  ),
  cue(
    'grooming.sexualisation',
    `(?:内裤|内衣|胸罩|文胸|睡衣)${G(6)}(?:颜色|什么样|款式|大小|尺码)|穿(?:的|着)?(?:是)?什么(?:颜色的)?(?:内裤|内衣|胸罩)`,
    1,
    true,
  ),
  cue(
    'grooming.sexualisation',
    `穿(?:少|露|性感|暴露|得少)|少穿|别穿|(?:跳|扭)(?:个)?舞给我(?:一个人)?看|单独(?:给我)?(?:跳|表演|直播)`,
    0.85,
    true,
  ),
  cue('grooming.sexualisation', `主人|奴隶|小奴|听话的(?:孩子|宝贝)`, 0.5),
  cue(
    'grooming.sexualisation',
    `童模|小模特|星探|小演员|童星|试镜|选角|签约${G(3)}(?:网红|主播|艺人)|(?:模特|演员)${G(4)}(?:身材|尺寸|面试)`,
    0.55,
  ),
  // --- grooming: images and camera requested from the child ---
  cue(
    'grooming.images',
    `(?:开|打开)(?:个|一下)?(?:摄像头|视频|镜头|相机)|视频通话|(?:开|打)(?:个)?视频|视频(?:聊|一下)|(?:跟|和|给)你(?:开|打)?视频`,
    0.7,
  ),
  cue('grooming.images', `(?:发|拍|给我|传|来)${G(6)}${SELF_IMAGES}`, 0.65),
  cue('grooming.images', `(?:发|拍|给我|传|看看|看下|看一下|露)${G(6)}${BODY}`, 1, true),
  cue('grooming.images', `${BODY}${G(3)}(?:照|图|视频|给我看|拍给我|发给我)`, 1, true),
  cue(
    'grooming.images',
    `(?:一张|每张|一段|每段|拍一次)${G(3)}\\d+${G(1)}(?:块|元|钻石|点券)|(?:照片|自拍|视频)${G(4)}(?:换|给你)${G(3)}(?:钱|红包|皮肤|点券|钻石)`,
    1,
    true,
  ),
  cue('grooming.images', `长什么样|(?:让我|给我)(?:看看|看一下|瞧瞧)你`, 0.45),
  // --- grooming: coercion (threats to spread images or tell) ---
  cue(
    'grooming.coercion',
    `(?:不然|否则|要不然|要是不|如果不|不发|不听话|不来|不给|敢不)${G(10)}(?:发到|发给|曝光|公开|传到|散播|挂到|贴到|告诉你|让你(?:爸|妈|同学|老师))`,
    1,
    true,
  ),
  cue(
    'grooming.coercion',
    `(?:把|将)你的?${G(2)}(?:照片|视频|裸照|聊天记录|截图|丑事)${G(6)}(?:发到|发给|公开|曝光|传|挂)`,
    1,
    true,
  ),
  cue(
    'grooming.coercion',
    `(?:让|叫)${G(2)}(?:全校|所有人|你爸妈|你爸|你妈|你同学|大家)(?:都)?(?:看到|知道)`,
    0.9,
    true,
  ),
  // --- grooming: meeting ---
  cue('grooming.meeting', `见面|见个面|见一面|面基|线下见|出来(?:玩|见|吃|一趟)|约你|(?:单独|偷偷)出来`, 0.7),
  cue(
    'grooming.meeting',
    `(?:我)?(?:来|去|到)(?:你家|你学校|你们学校|校门口)${G(4)}(?:接你|找你|等你)?|(?:来|去)(?:接你|找你)|等你放学`,
    0.55,
  ),
  cue(
    'grooming.meeting',
    `(?:你家|你)(?:住(?:在)?|在)(?:哪里|哪儿|哪个小区|几栋|什么地方|哪)(?!个学校|所|个班|上学|个年级)|(?:家庭|家里|你家)(?:住址|地址)|(?:发|给我|共享|开)${G(3)}(?:定位|位置|地址)`,
    0.8,
    true,
  ),
  cue(
    'grooming.meeting',
    `(?:来|到|去)我家${G(4)}(?:玩|住|睡|过夜|吃饭)?|过夜|在我(?:这|这儿|那)(?:睡|住)|住我家`,
    0.75,
  ),
  cue(
    'grooming.meeting',
    `(?:你)?(?:自己|一个人|单独)(?:来|过来|出来)|别带(?:同学|朋友|人|别人|大人)|带你去(?:个地方|一个地方|玩|兜风)`,
    0.8,
    true,
  ),
  cue('grooming.meeting', `(?:住|睡)(?:一个|同一个|一间)(?:房|屋)|开(?:个)?房间|订了?(?:个|一个)?房`, 0.9, true),
  cue('grooming.meeting', `开房|酒店|宾馆|我家(?:没人|就我)`, 0.9, true),

  // --- fraud aimed at minors ---
  cue('fraud.lure', `(?:免费|白送|白嫖|0元|零元|无门槛|不要钱)${G(6)}(?:领|送|得|拿|抢)?${G(4)}${GIFTS}`, 0.75),
  cue('fraud.lure', `(?:中奖|恭喜你?|幸运(?:用户|玩家|粉丝)|被抽中|获得了?)${G(6)}(?:奖|名额|资格|福利|礼包)`, 0.7),
  cue('fraud.lure', `返利|返现|返钱|双倍|翻倍|提现|(?:发|转|充|投)我?\\d+${G(2)}(?:返|回|得)\\d+`, 0.9),
  cue('fraud.lure', `(?:这个|去|在|到)${G(4)}(?:平台|网站|链接|小程序)${G(4)}(?:交易|下单|付款|领取|登记|提现)`, 0.6),
  cue(
    'fraud.lure',
    `刷单|日结|一单\\d+|动动手指|在家就能(?:赚|做)|学生(?:兼职|赚钱)|点赞(?:赚|一单|任务)|做任务${G(4)}(?:赚|佣金|返)`,
    0.85,
  ),
  cue('fraud.lure', `(?:解除|取消|关掉|绕过|破解|去掉)${G(4)}(?:防沉迷|实名|未成年|时间限制|青少年模式|游戏限制)`, 0.9),
  cue(
    'fraud.lure',
    `(?:退款|退费|赔偿|理赔|补偿|退还|双倍赔)${G(6)}(?:订单|商品|异常|多扣|续费|会员|快递|丢失)|(?:订单|快递|会员)${G(6)}(?:退款|赔偿|理赔)`,
    0.6,
  ),
  cue(
    'fraud.lure',
    `(?:账户|账号|资金|钱包|银行卡|支付宝|微信)${G(2)}(?:冻结|异常|被锁|违规|涉嫌)|(?:冻结|解冻)${G(4)}(?:账户|账号|资金)|解冻`,
    0.7,
  ),
  cue('fraud.lure', `(?:应援|爱豆|偶像|明星|粉丝群)${G(8)}(?:返|福利|名额|抽奖|集资|签名)`, 0.7),
  cue(
    'fraud.lure',
    `(?:买|卖|收|出|交易)(?:号|账号|装备|皮肤|游戏号)|(?:号|账号)${G(2)}(?:卖|出售|收)|(?:代练|租号|卖号|账号交易)`,
    0.45,
  ),
  cue('fraud.credentials', `验证码|动态码|校验码|短信码`, 0.8, true),
  cue('fraud.credentials', `(?:告诉|发|给|输入|填)${G(4)}(?:支付密码|登录密码|密码|账号密码|卡号)`, 0.85, true),
  cue('fraud.credentials', `(?:扫|扫一扫|扫描)${G(4)}(?:码|二维码)|付款码|收款码`, 0.75, true),
  cue('fraud.credentials', `屏幕共享|共享屏幕|分享屏幕|开启共享|远程(?:控制|协助)|录屏给我`, 1, true),
  cue('fraud.credentials', `(?:下载|安装)${G(6)}(?:app|软件|应用|会议|链接|客户端)`, 0.55),
  cue('fraud.credentials', `(?:身份证|银行卡)(?:号|照片|正反面)`, 0.7, true),
  cue('fraud.payment', `(?:转账|转钱|打钱|付款|支付|汇款|充值|交|付|转)${G(6)}\\d+${G(1)}(?:元|块|rmb|￥)?`, 0.65),
  cue(
    'fraud.payment',
    `(?:转|打|汇|存)(?:到|进|入)${G(4)}(?:指定|安全|验证|监管|对公)账户|安全账户|指定账户`,
    0.9,
    true,
  ),
  cue('fraud.payment', `押金|保证金|解冻费|手续费|激活费|认证费|会员费|担保费|验资|刷流水|做流水`, 0.9, true),
  cue('fraud.payment', `(?:先)?(?:发|给我|转|包)${G(3)}红包`, 0.5),
  cue(
    'fraud.payment',
    `先(?:发|转|给|付|交|充值|充)${G(6)}(?:红包|钱|款|押金|\\d+)|(?:再|还要)(?:转|交|付|充)${G(4)}\\d+`,
    0.85,
    true,
  ),
  cue('fraud.parent_payment', `${PARENTS}${G(4)}(?:的)?(?:手机|微信|支付宝|银行卡|付款码|支付密码|钱包)`, 0.9, true),
  cue(
    'fraud.authority',
    `(?:我是|我们是|这里是)${G(6)}(?:警察|公安|民警|网警|客服|官方|工作人员|法院|检察院|管理员)|官方客服`,
    0.6,
  ),
  cue('fraud.authority', `派出所|公安局|网警|立案|逮捕|通缉|涉嫌|犯罪|违法|坐牢|拘留|征信|洗钱`, 0.7),
  cue(
    'fraud.pressure',
    `(?:不然|否则|要不然|逾期|不转|不交|不给|不还|不付)${G(10)}(?:坐牢|抓|冻结|封号|报警|起诉|后果|上门|通知学校|通知家长|拘留|清空|找你|告诉你(?:老师|爸|妈|家长)|你学校)`,
    1,
    true,
  ),
  cue('fraud.pressure', `马上|立刻|赶紧|立即|\\d+分钟内|今天之内|尽快|限时`, 0.3),
  cue('fraud.pressure', `(?:别|不要|不能|千万别)(?:告诉|跟|和|让)${G(3)}${PARENTS}`, 0.7, true),

  // --- bullying ---
  cue(
    'bullying.insult',
    `去死|死全家|废物|垃圾|贱人|贱货|丑八怪|恶心死|婊|傻逼|傻b|脑残|狗东西|滚(?:开|出去|远点)?|肥猪|死胖子|蠢货|白痴|神经病|不要脸|没人(?:要|喜欢|理)(?:你|她|他)|smd|nmsl|丑死|恶心`,
    0.6,
  ),
  cue('bullying.insult', `(?:丑|穷|胖|臭|蠢|笨|土)(?:鬼|猪|死了|货|成这样|逼)|辣眼睛|滚出|退群吧|建议退群|丢人`, 0.55),
  cue('bullying.insult', `菜鸡|坑货|猪队友|送人头|演员|菜狗|青铜`, 0.25),
  cue(
    'bullying.exclusion',
    `(?:踢|移)(?:出|了)?(?:群|她|他|出去)|(?:别|不要|都别|谁也别|谁都别)(?:跟|和|理|带)(?:她|他|这个人|这种人)|(?:孤立|拉黑|屏蔽)(?:她|他)|(?:没人|谁都不|谁也不)(?:跟|和|理)(?:你|她|他)|谁(?:跟|和|理)(?:她|他)${G(2)}(?:玩|说话)|(?:别|不要)(?:跟|和|理)${G(5)}(?:玩|说话)了`,
    0.9,
    true,
  ),
  cue(
    'bullying.doxxing',
    `(?:她|他|这个人|此人)(?:家)?(?:住|在)${G(10)}(?:小区|路|号|栋|村|单元)|(?:她|他)(?:叫|名字是)${G(4)}(?:中学|小学|学校|班)|人肉|开盒|挂出来|挂(?:她|他)|曝光(?:她|他)`,
    0.9,
    true,
  ),
  cue('bullying.doxxing', `(?:发到|传到|挂到|转到|发在|发进)${G(4)}(?:群|贴吧|朋友圈|网上|班群|大群|年级)`, 0.7),
  cue('bullying.humiliation', `(?:大家|都|全班|全校)(?:去|来)?(?:围观|看看|来看|看笑话)`, 0.7),
  cue(
    'bullying.doxxing',
    `(?:把|将)(?:她|他)的?${G(2)}(?:照片|丑照|视频|聊天记录|电话|地址|手机号)${G(4)}(?:发|挂|传|贴)`,
    0.9,
    true,
  ),
  cue(
    'bullying.threat',
    `打(?:死|残|哭)你|揍你|弄死你|砍你|捅你|(?:带|叫|找)人${G(2)}(?:打|揍|收拾|堵|弄)你?|死定了|你(?:给我)?等着|你完了|小心点你|(?:放学|明天|下课)${G(4)}(?:别走|等着|堵你|收拾你)`,
    0.9,
    true,
  ),
  cue('bullying.humiliation', `跪下|下跪|磕头|学狗叫|舔我|扇自己|自己扇|道歉视频|当众道歉|给我(?:跪|爬)`, 0.9, true),
] as const;

/** Framing that quotes a scam or a danger to warn about it: a warning, a lesson, a news item, a report. */
export const WARNING =
  /骗子|骗局|诈骗|反诈|被骗|冒充|直接挂|新闻|警惕|小心|提防|谨防|防骗|千万(?:别|不要)|不要相信|别相信|都是假的|是假的|套路|上当|受骗|举报|96110|提醒大家|注意安全|遇到这种|不会(?:索要|要求|让你)|(?:绝不|从不|不会)(?:向你|主动)/u;

/** Reported speech: a child telling someone what a stranger said or asked (有人说…, 他让我…) is not the offer itself. */
export const REPORTED = /有(?:个)?人(?:说|让|叫|要|问)|(?:他|她|对方|那人|那个人|陌生人)(?:说|让我|叫我|要我|问我)/u;

/** A negation right before a credentials or payment cue: a real service telling you never to give a code. */
export const NEGATION = /(?:不要|别|不会|请勿|切勿|绝不|从不|不能|不用|无需|千万别)[^，,。.！!？?]{0,8}$/u;

/** A surprise kept from someone, not from the child's protectors: 生日惊喜, 给妈妈的礼物. */
export const SURPRISE = /惊喜|生日|偷偷准备|母亲节|父亲节|教师节/u;

/** Words of an ordinary role, in the message: a class, a clinic, a team, a shop's support desk. */
export const ROLE_CONTEXT = {
  teacher: /老师|班主任|作业|考试|家长会|班会|上课|网课|签字|成绩|试卷|期末|月考/u,
  doctor: /医生|医院|门诊|复诊|挂号|病历|伤口|药|体检|护士|过敏/u,
  coach: /教练|训练|比赛|球队|集训|队里|队员|体测/u,
  support: /订单号|工单|人工客服|请问有什么可以帮|官方(?:app|渠道|客服)|工号|为您/iu,
  family:
    /(?:妈妈|爸爸|奶奶|爷爷|外婆|姥姥|外公|姥爷|舅舅|姑姑|小姨|叔叔|阿姨)(?:给你|帮你|今天|晚上|明天|下班|在|来|买|做|带)|你(?:爸|妈|奶奶|爷爷)(?:说|让|叫)/u,
} as const;

/** Object of a photo that is not the child: homework, a wound, a receipt. */
export const NOT_A_PERSON =
  /作业|试卷|题|卷子|伤口|小票|订单|截图|证件|准考证|成绩单|课本|笔记|奖状|风景|猫|狗|饭|菜|蛋糕|作品|画/u;

/** The target's reply that shows distress rather than play. */
export const DISTRESS =
  /别骂了|别说了|我没有|求求|呜呜|哭了|我错了|为什么都|你们别|不要这样|好难过|不想活|别这样|够了|我不是/u;

/** Laughter and play markers: teasing among friends. */
export const PLAY = /哈哈|hhh|233|笑死|doge|狗头|🐶|😂|🤣|😆|开玩笑|逗你/iu;

/** A participant addressed by an ordinary role (医生，… 老师好): whoever is answered so is in that role. */
export const ROLE_ADDRESS = /^(?:医生|大夫|老师|教练|护士|班主任|校医)(?:[，,！!～~ 。]|好|您|$)/u;

/** Who a child calls family: a reply that names the sender as a parent or relative. */
export const FAMILY_ADDRESS =
  /^(?:妈|爸|妈妈|爸爸|奶奶|爷爷|外婆|姥姥|外公|姥爷|舅舅|姑姑|小姨)(?:[，,！!～~ 。]|$|我|你)/u;

/** A participant saying their own age or school year: 我10岁, 五年级, 初一. */
export const STATED_AGE =
  /我(?:今年)?(\d{1,2})(?:岁|周岁)|(?:^|[^\d])(\d{1,2})岁|([一二三四五六])年级|(初[一二三])|(高[一二三])/u;
