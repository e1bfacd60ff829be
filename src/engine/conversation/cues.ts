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
const PARENTS =
  '(?:爸妈|爸爸|妈妈|爸|妈|父母|家长|家里人|家里|大人|家人|爹|娘|老爸|老妈|爷爷|奶奶|外公|外婆|姥姥|姥爷|爷爷奶奶)';
const ADULTS = `(?:${PARENTS.slice(3, -1)}|老师|别人|任何人|其他人|同学|朋友|哥哥|姐姐|人)`;
/** Whom a bully names: a third person, this one, the one over there. */
const THEM = '(?:她|他|这个人|这种人|那个人|此人|这货|这家伙|这个丑女|这个胖子)';
/** How a groomer names himself: by the role he plays (叔叔家, 给哥哥看) as often as by 我. */
const SELF = '(?:我|叔叔|哥哥|哥|姐姐|阿姨|老公|干爹)';
/** The violence a bully threatens: beating, cornering, "teaching a lesson". */
const HIT = '(?:打|揍|收拾|弄|削|砍|捅|踹|扁|修理|教训|干)';
/** Animals a bully likens someone to. */
const ANIMALS = '(?:公鸭|猴子|猩猩|猪|狗|蛤蟆|癞蛤蟆|老鼠|蟑螂|苍蝇|猴|驴|鸭子|乌龟|狒狒)';
const GIFTS =
  '(?:外卖|礼包|兑换码|京东卡|购物卡|礼品卡|充值卡|游戏卡|皮肤|红包|点券|钻石|礼物|零花钱|手办|口红|衣服|新手机|手机|充值|会员|[qQ]币|金币|装备|英雄|游戏币|月卡|战令|耳机|球鞋|鞋|包包|玩具|零食|平板|首饰|项链|娃娃|盲盒|奶茶|周边)';
const SELF_IMAGES =
  '(?:自拍|照片|相片|视频|图|短片|小视频|音频|录音|语音|全身照|体态照|形体照|身材照|腿照|脚照|美照|近照|睡衣照|私照|生活照|样子|正脸|露脸|身材|素颜|全身|写真|试镜照|泳装照)';
const BODY =
  '(?:光膀子|赤膊|光着上身|腿|脚|胸|身体|下面|私处|隐私部位|屁股|肚子|内衣|内裤|睡衣|泳衣|泳装|比基尼|丝袜|裙底|没穿|光着|洗澡|换衣服|肌肉|腹肌|袜子)';

function cue(signal: Signal, source: string, strength: number, strong = false): Cue {
  return { signal, pattern: new RegExp(source, 'giu'), strength, ...(strong ? { strong } : {}) };
}

/** The stage cues of the three kinds of risk, each a concept (a request, a question, a threat), not a stock phrase. */
export const CUES: readonly Cue[] = [
  // --- grooming: rapport and gifts ---
  cue('grooming.rapport', `(?:送|给|帮|寄|买|请)(?:给)?你${G(6)}${GIFTS}|(?:寄|买|送)${G(6)}${GIFTS}${G(2)}给你`, 0.5),
  // Paying for the child: what it costs is "on me" (车费我出, 我包了).
  cue(
    'grooming.rapport',
    `我(?:来)?包了|(?:钱|费用|车费|路费|票钱|机票|高铁票|门票)(?:都)?(?:我|我来)(?:出|付|买|报销)|(?:我|我来)(?:给你)?(?:报销|买单)`,
    0.5,
  ),
  cue('grooming.rapport', `(?:帮|给)你(?:充|买|氪|付)`, 0.5),
  cue(
    'grooming.rapport',
    `(?:叫|喊)我(?:哥哥|姐姐|叔叔|老公|老婆|主人|爸爸|干爹)|(?:叫|喊)(?:我)?(?:一?声)?(?:老公|老婆|亲爱的|主人|干爹)`,
    0.6,
  ),
  cue('grooming.rapport', `(?:只有|就)我(?:最)?(?:懂|理解|心疼|在乎|关心|对你好)`, 0.6),
  cue(
    'grooming.rapport',
    `(?:你|妹妹|弟弟|小朋友)(?:好|真|太|特别)(?:可爱|漂亮|好看|乖|懂事|成熟|有气质|迷人|性感)`,
    0.35,
  ),
  cue('grooming.rapport', `(?:小)?宝贝|乖乖|小可爱|小仙女|长得${G(2)}(?:好看|漂亮|可爱|帅|标致)`, 0.25),
  // --- grooming: probing (age, school, parents away, alone) ---
  cue('grooming.probing', `几岁|多大了|多大啦|多大呀|多少岁|今年多大|多大年纪|年纪多大|属什么`, 0.6),
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
    `${PARENTS}${G(4)}(?:在家|不在|回来|出差|上班|下班|几点|管你|查你|看你手机|在旁边|在身边|睡了|外地|出门|旅游|加班|出远门)`,
    0.6,
  ),
  cue(
    'grooming.probing',
    `房间${G(3)}(?:锁|就你|没人|只有你)|(?:锁|关)上?(?:房)?门|门${G(2)}(?:关|锁)(?:了|好)?(?:没|吗|没有)|就你(?:自己|一个人?)(?:吗|嘛|在|呀)|(?:还有|有没有)(?:大人|别人|人)(?:在)?(?:没|吗|嘛|呀)?`,
    0.6,
  ),
  cue('grooming.probing', `(?:有|交)(?:过)?(?:男朋友|女朋友|对象)|(?:谈|早)恋爱`, 0.4),
  // Who is home, asked around other words (你们家一般几点有人), and the school year in short (读小几).
  cue(
    'grooming.probing',
    `家${G(4)}(?:有人|没人|就你|有大人|没大人)|(?:读|上)${G(2)}小几|小几(?=[了呀啊吗嘛呢?？]|$)|你(?:现在)?${G(2)}一个人(?=[吗嘛呢在?？\\s]|$)`,
    0.6,
  ),
  cue('grooming.probing', `(?:身高|体重|多高|多重|三围)`, 0.45),
  // --- grooming: isolation and moving off the platform ---
  cue(
    'grooming.isolation',
    `(?:加|添加|加一下|\\+)(?:我|一下)?的?${G(2)}(?:qq|扣扣|企鹅|微信|vx|v信|wx|薇信|威信|卫星|抖音|快手|小号|私人号|电话|手机号)|(?:qq|微信)(?:号)?${G(3)}(?:发你|给你|私你|加我)`,
    0.75,
  ),
  cue(
    'grooming.isolation',
    `(?:去|到|换到?|来|上)${G(6)}(?:私聊|私信|单独聊|那边聊|里聊|上聊|小窗)|(?:那|上面|里面|那边|那里)(?:聊|说话|联系)`,
    0.65,
  ),
  // Another app installed to talk in, and a channel kept for the two of them alone (只用它跟我联系).
  cue(
    'grooming.isolation',
    `(?:下|装|下载|换)${G(10)}(?:软件|app|应用)${G(8)}(?:聊|说话|联系|找我)|只(?:用|在|拿)${G(6)}(?:跟|和|联系|找)我|只(?:跟|和)我(?:一个人)?(?:联系|聊|说)`,
    0.7,
  ),
  cue(
    'grooming.isolation',
    `(?:去|到|换到?|上|用)${G(2)}(?:telegram|tg|电报|line|whatsapp|soul|陌陌|探探|小号|另一个(?:软件|app|号))`,
    0.75,
  ),
  cue(
    'grooming.isolation',
    `(?:这里|这儿|这个平台|这边|群里|游戏里|这个软件)${G(4)}(?:不方便|不安全|有人看|会被看|会被封|聊不了|说不了|被看到|监控)`,
    0.75,
  ),
  cue(
    'grooming.isolation',
    `${PARENTS}${G(3)}(?:不懂|不理解|根本不|不会懂|不会明白|不明白|不在乎|不关心|管太多|太凶|只看成绩|只会骂)|(?:他们|别人|同学)${G(2)}不(?:懂|理解|明白)你`,
    0.5,
  ),
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
    `谁(?:都|也)(?:不|别)(?:能|许|要)?(?:说|讲|告诉|知道)|不(?:能|要|许)(?:跟|告诉|让)(?:任何人|别人|其他人)`,
    0.85,
    true,
  ),
  cue(
    'grooming.secrecy',
    `(?:我们|咱们|咱俩|我俩|你我)(?:之间)?的(?:小)?秘密|保守秘密|要保密|替我保密|(?:只有|就|只)(?:我们|咱们|咱俩|我俩|你我|你和我)${G(3)}知道|天知地知|(?:别|不要|不许|不能|千万别|不用|不必|先别|暂时别)让${G(2)}${ADULTS}${G(3)}(?:知道|发现|看到|看见|听见)`,
    0.85,
    true,
  ),
  cue(
    'grooming.secrecy',
    `(?:删|删掉|删除|清空|清除|撤回)${G(4)}(?:聊天记录|记录|消息|对话|照片|截图)|(?:聊天记录|记录)${G(3)}(?:删|清)|(?:发|拍|看|聊)完(?:了)?(?:就|再|马上|记得)?(?:删|撤回|清)`,
    0.8,
    true,
  ),
  cue('grooming.secrecy', `(?:跟|和|对)你?${PARENTS}${G(2)}(?:说|讲)(?:你)?(?:是)?(?:去|在)`, 0.7, true),
  cue('grooming.secrecy', `(?:偷偷|悄悄)(?:的|地)?(?:加|发|拍|来|出来|溜|聊|下载|开)`, 0.6),
  // A parent noticing is trouble (你妈听见就麻烦了); a story ready for when someone asks or finds out; a thing hidden.
  cue(
    'grooming.secrecy',
    `${PARENTS}${G(4)}(?:听见|听到|看见|看到|知道|发现)(?:了)?${G(3)}(?:就)?(?:麻烦|完了|糟了|不好了|惨了|坏了)|(?:被|让|要是|如果|万一)${G(6)}(?:发现|看到|看见|问起|问到|问)(?:了)?${G(2)}(?:就)?说`,
    0.8,
    true,
  ),
  cue(
    'grooming.secrecy',
    `藏(?:好|起来|在|到)|(?:你)?(?:自己)?心里知道就(?:好|行|可以)|(?:你)?自己知道就(?:好|行)`,
    0.6,
  ),
  // Cut off from the parents for the time together: the phone off, their calls unanswered.
  cue(
    'grooming.secrecy',
    `(?:手机|电话)${G(2)}关(?:机|掉)|(?:电话|视频|语音)${G(3)}(?:别接|不要接|不接|挂掉)|关(?:掉|闭)${G(2)}定位`,
    0.8,
    true,
  ),
  // A parent coming in is the moment to hide it: cover the camera, switch the screen, hang up.
  cue(
    'grooming.secrecy',
    `${PARENTS}${G(4)}(?:进来|来了|回来|过来|进屋|敲门)${G(3)}(?:就|马上|赶紧)?(?:把|关|挂|扣|切|藏|删|盖)`,
    0.8,
    true,
  ),
  cue(
    'grooming.secrecy',
    `(?:就|你就)(?:说|跟${G(2)}说)(?:你)?(?:去|在|住)|(?:跟|和|对)你?${PARENTS}${G(2)}(?:说|讲)${G(6)}(?:同学|朋友|闺蜜)(?:家|那|那里|那儿)|(?:就|她就|他就|他们就)不会(?:问|知道|发现|管)|(?:你就|就)(?:跟|和|对)?${G(4)}(?:说|讲)(?:是)?${G(8)}(?:同学家|朋友家|闺蜜家|学校|补课|写作业|上课|活动|兴趣班|舞蹈课|培训|夏令营)`,
    0.8,
    true,
  ),
  // --- grooming: sexualisation and remote indecency ---
  cue(
    'grooming.sexualisation',
    `(?:检查|看看|量一?下|测一?下|摸)${G(4)}(?:身体|发育|胸|下面|私处|隐私部位)|(?:看|瞧)(?:一?下|一看)${G(4)}(?:发育|胸|下面|私处|隐私部位|第二性征)`,
    1,
    true,
  ),
  // Clothes lifted or pulled down, nothing worn, underwear only: undressing, however it is worded.
  cue(
    'grooming.sexualisation',
    `把${G(4)}(?:衣服|上衣|裙子|裤子|裙|衣|衫|t恤|睡衣)${G(3)}(?:往上|往下|向上|向下)?(?:撩|掀|扒|卷|褪|提|拉|拽)(?:起|开|高|上|下|一提|一拉)|(?:少穿|脱)(?:一件|一层)|没得脱|(?:撩|掀|扒|褪)(?:起|开|下|高)${G(2)}(?:衣服|上衣|裙子|裤子|裙|衣|衫|t恤)|(?:撩|掀)(?:起来|上去)|(?:什么|啥)(?:都|也)(?:别|不要|不|没)穿|(?:来|拍|发|录)(?:一)?(?:张|段|个)${G(3)}(?:不穿|没穿|光着)|只穿(?:条|个|一条|一件|着)?(?:内裤|四角|三角|裤衩|小裤|内衣|胸罩)`,
    1,
    true,
  ),
  // Sex presented as a lesson or a secret world of grown-ups (教你大人的事), and "the more private the better".
  cue(
    'grooming.sexualisation',
    `(?:大人|成年人|成人)(?:才)?(?:做)?的?(?:事|游戏|东西)|教你${G(4)}(?:大人|成年人|成人)|越(?:私密|少|露|暴露|性感|隐私)越好`,
    0.85,
    true,
  ),
  // Romance with a child, a game "marriage" included.
  cue(
    'grooming.sexualisation',
    `(?:绑|组|处|结)cp|游戏(?:老婆|老公|情侣)|(?:做|当)我(?:的)?游戏(?:老婆|老公)|萝莉|正太|幼女|呻吟|小媳妇|小老婆|小娇妻`,
    0.5,
  ),
  // Underwear asked about (你开始穿小背心了吗) and its size asked for.
  cue(
    'grooming.sexualisation',
    `穿${G(4)}(?:小背心|文胸|胸罩|内衣|bra)(?:了)?(?:吗|没|嘛)|(?:告诉|发)我${G(2)}(?:尺码|尺寸|罩杯)|罩杯`,
    0.85,
    true,
  ),
  // Questions of sexual experience, and sounds asked for (喘一点).
  cue(
    'grooming.sexualisation',
    `(?:亲|摸|抱|碰)过${G(3)}(?:没|吗|男生|女生|别人|男的|女的)|(?:有没有|有没)(?:自己)?摸过|自己摸|喘(?:一点|几声|给我)|娇喘`,
    0.85,
    true,
  ),
  cue(
    'grooming.sexualisation',
    `脱(?:了|掉|下|光)|脱${G(2)}(?:件|衣|裤|袜)|把${G(3)}(?:衣服|裤子|上衣|外套|裙子|袜子)${G(2)}脱|(?:不穿|没穿|不要穿|别穿|不用穿)(?:衣服|内衣|裤子)`,
    1,
    true,
  ),
  cue('grooming.sexualisation', `(?:穿|换)(?:着|了|上)?${G(3)}(?:什么|内衣|内裤|睡衣|丝袜|泳衣|裙子)`, 0.5),
  cue(
    'grooming.sexualisation',
    `发育|身材|胸(?:部)?|屁股|大腿|私处|隐私部位|第一次|处女|(?:躺|睡)(?:在)?床上|你在床上|被窝里|紧身衣|三围|三维|变声|长胡子|长毛|来那个|大姨妈|例假|月经|青春期`,
    0.5,
  ),
  cue(
    'grooming.sexualisation',
    `(?:做|当)我(?:的)?(?:女朋友|男朋友|老婆|媳妇|小女友|女人)|(?:想|要)(?:亲|抱|睡)你|一起睡|陪我睡|(?:想|好想|要)(?:亲亲|抱抱)你|(?:让|给)${G(3)}(?:抱|亲|摸)(?:一下|一会|抱|亲|摸)`,
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
    `穿(?:少|露|性感|暴露|得少)|少穿|别穿|(?:跳|扭)(?:个)?舞给我(?:一个人)?看|单独(?:给我)?(?:跳|表演|直播)|只(?:给|让)(?:我|哥哥|姐姐|叔叔|你老公)(?:一个人)?(?:看|瞧)|只(?:发|传)(?:给)?${SELF}(?:一个人)?|镜头(?:往|向)?(?:下|低|近)${G(3)}(?:点|一点|移|拍)?`,
    0.85,
    true,
  ),
  cue('grooming.sexualisation', `主人|奴隶|小奴|听话的(?:孩子|宝贝)|抱一下|亲一下|亲亲|摸摸|网恋|处对象`, 0.5),
  cue(
    'grooming.sexualisation',
    `童模|小模特|星探|小演员|童星|试镜|选角|约拍|签约${G(3)}(?:网红|主播|艺人)|(?:模特|演员)${G(4)}(?:身材|尺寸|面试)|(?:泳衣|泳装|内衣|睡衣)${G(2)}(?:照|写真|广告|拍)`,
    0.55,
  ),
  // --- grooming: images and camera requested from the child ---
  cue(
    'grooming.images',
    `(?:开|打开)(?:个|一下)?(?:摄像头|视频|镜头|相机)|(?:摄像头|镜头|相机)${G(2)}(?:打开|开一下|开开|开着)|视频通话|(?:开|打)(?:个)?视频|视频(?:聊|一下)|(?:跟|和|给)你(?:开|打)?视频`,
    0.7,
  ),
  cue('grooming.images', `(?:发|拍|给我|传|来|录|截)${G(6)}${SELF_IMAGES}`, 0.65),
  cue('grooming.images', `(?:拍|录)${G(6)}(?:发我|给我|发给我|私发|私我)`, 0.6),
  cue('grooming.images', `(?:发|拍|给我|传|看看|看下|看一下|露)${G(6)}${BODY}`, 1, true),
  cue('grooming.images', `${BODY}${G(3)}(?:照|图|视频|给我看|拍给我|发给我)`, 1, true),
  // The camera low, shooting upwards: under a skirt.
  cue('grooming.images', `(?:手机|镜头|相机)${G(4)}(?:放低|低一点)|往上拍|从下(?:面)?往上|裙底|裙子里`, 1, true),
  cue(
    'grooming.images',
    `裸照|裸体|私密照|私房照|私房(?=$|[，,。.！!？?\\s]|照|图|视频|写真)|张${G(2)}私房|(?:发|拍|给我|传|要)${G(4)}(?:私密|隐私)(?:照|视频)?|${BODY}${G(8)}(?:拍|发)(?:一张|张|个|段)|(?:别|不要|先别)(?:急着)?穿${G(4)}(?:拍|发|视频)`,
    1,
    true,
  ),
  cue(
    'grooming.images',
    `(?:拍|发|录|照片|自拍|视频)[^。.！!？?\\n]{0,12}(?:一张|每张|一段|每段|一次)${G(3)}\\d+${G(1)}(?:块|元|钻石|点券)|(?:照片|自拍|视频)${G(4)}(?:换|给你)${G(3)}(?:钱|红包|皮肤|点券|钻石)`,
    1,
    true,
  ),
  cue('grooming.images', `长什么样|(?:让我|给我|我要|我想|我)(?:看看|看一下|瞧瞧)你`, 0.45),
  // The camera pointed at the child, a picture of "you" however long the clause, the body from every side, and the
  // groomer naming himself by the role he plays (给哥哥看, 给老公看).
  cue(
    'grooming.images',
    `对着(?:镜头|摄像头|手机|相机)|(?:拍|发|来|录)${G(3)}你${G(8)}${SELF_IMAGES}|(?:前后左右|前后|各个角度|全方位|转(?:一|个)?圈)${G(6)}(?:拍|张|照|视频|录|短片)|(?:给|让|拍给|发给|传给)(?:哥哥|哥|叔叔|老公|干爹|主人)(?:看|瞧|欣赏|检查|听)`,
    0.55,
  ),
  // --- grooming: coercion (threats to spread images or tell) ---
  cue(
    'grooming.coercion',
    `(?:不然|否则|要不然|要是不|如果不|不听话|敢不|不[发来给开拍脱](?:的话|是吧|是吗|就|我就)?|不[\\u4e00-\\u9fa5](?:的话|是吧|我就))${G(10)}(?:发到|发给|发你|私发|曝光|公开|传到|散播|挂到|挂在|贴到|告诉你|让你(?:爸|妈|同学|老师)|(?:给|让)${G(3)}(?:爸|妈|家长|同学|老师|全校|班)${G(2)}(?:发|看|知道))`,
    1,
    true,
  ),
  cue(
    'grooming.coercion',
    `(?:把|将)(?:你的?)?(?!别人|他|她)${G(2)}(?:照片|视频|裸照|聊天记录|截图|截屏|录屏|录像|丑事)${G(6)}(?:发到|发给|发你|公开|曝光|传|挂)`,
    1,
    true,
  ),
  cue(
    'grooming.coercion',
    `(?:让|叫)${G(2)}(?:全校|所有人|你爸妈|你爸|你妈|你同学|大家)(?:都)?(?:看到|知道)`,
    0.9,
    true,
  ),
  // "Or else" followed by an audience the images would reach (不然明天你们班群人手一份), without a verb of sending.
  cue(
    'grooming.coercion',
    `(?:不然|否则|要不然|要是不|如果不|不听话|敢不)${G(16)}(?:班群|群里|全校|全班|朋友圈|网上|贴吧|人手一份|所有人都|大家都|全网)`,
    1,
    true,
  ),
  // The child's shame as leverage: what the parents would do if they knew (你爸妈要是知道…会打死你).
  cue(
    'grooming.coercion',
    `${PARENTS}${G(3)}(?:要是|如果|万一)?(?:知道|发现|看到)${G(12)}(?:打死|骂死|完了|不要你|揍死|杀了你)`,
    1,
    true,
  ),
  // Leverage kept (那张我还存着) and "do as I say" (乖乖听我的): short of coercion alone. (自己看着办 is also a service
  // desk's "up to you".)
  cue(
    'grooming.coercion',
    `(?:那张|那段|那些|上次那|你的?(?:照片|视频))${G(4)}(?:还)?(?:存着|留着|保存着|在我(?:这|手里|手上))|乖乖(?:听|照)${G(2)}(?:我|话)|(?:照|按)我说的(?:做|办)|(?:视频|通话|聊天)${G(4)}(?:录下来|录了|截图了|存下来)`,
    0.5,
  ),
  // --- grooming: meeting ---
  cue(
    'grooming.meeting',
    `见面|见个面|见一面|面基|线下见|出来(?:玩|见|吃|一趟)|约你|(?:单独|偷偷)(?:溜)?出来|溜出来|(?:楼下|门口|路口|车里)${G(2)}等你|(?:来|去|过来)(?:陪你|看你|你家)|开车${G(4)}(?:接你|带你|过去|过来)`,
    0.7,
  ),
  cue(
    'grooming.meeting',
    `(?:我)?(?:来|去|到)(?:你家|你学校|你们学校|校门口)${G(4)}(?:接你|找你|等你)?|(?:来|去)(?:接你|找你)|等你放学`,
    0.55,
  ),
  cue(
    'grooming.meeting',
    `(?:你家|你)(?:具体)?(?:住(?:在)?|在)(?:哪里|哪儿|哪个小区|几栋|什么地方|哪)(?!个学校|所|个班|上学|个年级)|(?:家庭|家里|你家)(?:具体)?(?:住址|地址)|(?:发|给我|共享|开)${G(3)}(?:定位|位置|地址)`,
    0.8,
    true,
  ),
  cue(
    'grooming.meeting',
    `(?:来|到|去)${SELF}家${G(4)}(?:玩|住|睡|过夜|吃饭)?|(?:就|只有)(?:我们|咱们|咱)(?:俩|两个)|过夜|在我(?:这|这儿|那)(?:睡|住)|住我(?:家|那|这)|(?:别|不用|不要)回(?:去|家)了|住一晚`,
    0.75,
  ),
  cue(
    'grooming.meeting',
    `(?:你)?(?:自己|一个人|单独)(?:来|过来|出来|下楼)|(?:别|不要|不用)(?:带|叫上?)(?:同学|朋友|人|别人|大人)|带你去(?:个地方|一个地方|玩|兜风)`,
    0.8,
    true,
  ),
  cue('grooming.meeting', `(?:住|睡)(?:一个|同一个|一间)(?:房|屋)|开(?:个)?房间|订了?(?:个|一个)?房`, 0.9, true),
  cue('grooming.meeting', `开房|酒店|宾馆|我家(?:没人|就我)`, 0.9, true),
  cue('grooming.meeting', `上(?:我的)?车|我的车|请(?:个)?假${G(6)}(?:见|来|出来|找我|等你)`, 0.6),
  // A place to wait at (地铁站B口等你) and a place booked for nights away.
  cue(
    'grooming.meeting',
    `(?:站|口|门|路口|楼下|车里|店|公园|广场|门外)${G(3)}(?:等你|接你)|住(?:[一两几三]|一两)晚|订(?:好)?了?${G(4)}(?:住的地方|房|民宿)`,
    0.65,
  ),
  cue('grooming.meeting', `门禁|单元门|门牌号|门锁密码|几号楼|几栋几|哪个单元`, 0.7),

  // --- fraud aimed at minors ---
  cue(
    'fraud.lure',
    `(?:免费|白送|白给|白嫖|0元|零元|无门槛|不要钱|福利)${G(6)}(?:领|送|得|拿|抢)?${G(4)}${GIFTS}`,
    0.75,
  ),
  cue(
    'fraud.lure',
    `(?:低价|折扣|打折|\\d折|特价|内部价|半价)${G(4)}(?:代充|充值|充|点券|钻石|皮肤|会员)|代充|比(?:官方|官网|商城|店里|原价|游戏里)${G(3)}(?:便宜|低|划算|少)`,
    0.75,
  ),
  // A return promised on money put in: a sum back as a bigger sum, the stake back with the gain, all "returned".
  cue(
    'fraud.lure',
    `\\d+${G(3)}返${G(2)}\\d+|连本带(?:利|息|钻|钱|奖)|本金${G(4)}(?:返|退)|(?:一起|全部|原路|双倍|加倍)(?:返|退)(?:还|回)?`,
    0.9,
  ),
  cue('fraud.lure', `(?:中奖|恭喜你?|幸运(?:用户|玩家|粉丝)|被抽中|获得了?)${G(6)}(?:奖|名额|资格|福利|礼包)`, 0.7),
  cue(
    'fraud.lure',
    `返利|返现|返钱|双倍|翻倍|提现|提出来|(?:发|转|充|投|给|垫付|垫|付|交)我?\\d+${G(5)}(?:返|回|得|送|变|赚)(?:你|给你)?\\d+`,
    0.9,
  ),
  cue('fraud.lure', `(?:这个|去|在|到)${G(4)}(?:平台|网站|链接|小程序)${G(4)}(?:交易|下单|付款|领取|登记|提现)`, 0.6),
  cue(
    'fraud.lure',
    `刷单|日结|一单\\d+|动动手指|(?:在家|躺着|手机)${G(2)}就能(?:赚|做|接|挣)|(?:代写|代做|代抄)(?:作业)?|(?:一天|一周|一个月|每天|每周|每月)(?:能|就能|可以)?(?:赚|挣)${G(3)}(?:\\d+|上千|上万|几百|几千)|(?:学生|暑期|暑假|寒假)${G(2)}(?:兼职|赚钱|小时工)|点赞${G(4)}(?:赚|一单|任务|\\d+(?:块|元))|做任务${G(4)}(?:赚|佣金|返)|(?:一天|日赚|每天)${G(4)}\\d{2,}`,
    0.85,
  ),
  cue(
    'fraud.lure',
    `(?:解除|解开|解锁|取消|关掉|关闭|绕过|破解|去掉|永久关)${G(6)}(?:防沉迷|实名|未成年|时间限制|限时|青少年模式|游戏限制)|(?:防沉迷|青少年模式|限时)${G(6)}(?:解开|解除|关掉|破解)|(?:换成|改成)${G(2)}成年|(?:改成|换成|绑成|实名成|认证成|绑到)${G(4)}(?:他|她|你爸|你妈|大人|成年人)的`,
    0.9,
  ),
  cue(
    'fraud.lure',
    `(?:退款|退费|赔偿|理赔|补偿|退还|双倍赔|赔付)${G(6)}(?:订单|商品|异常|多扣|续费|会员|快递|丢失|登记)|(?:订单|快递|会员|包裹)${G(6)}(?:退款|赔偿|理赔|丢失|丢了|损坏)|(?:三|双|几)倍(?:赔|赔付|赔偿)|自动(?:扣费|续费)|理赔专员|(?:退|要)回${G(4)}(?:充值|充的钱)`,
    0.6,
  ),
  cue(
    'fraud.lure',
    `(?:账户|账号|资金|钱包|银行卡|支付宝|微信|钱|款|号)${G(6)}(?:冻结|冻住|异常|被锁|锁定|违规|涉嫌|卡住)|(?:冻结|解冻)${G(4)}(?:账户|账号|资金)|解冻|(?:操作|备注|填)(?:失误|错了|错误|有误)|误操作`,
    0.7,
  ),
  cue(
    'fraud.lure',
    `(?:应援|爱豆|偶像|明星|粉丝群|真爱粉)${G(8)}(?:返|福利|名额|抽奖|集资|签名)|亲签|签名照|(?:被|已)?抽中`,
    0.7,
  ),
  cue(
    'fraud.lure',
    `(?:买|卖|收|出|交易)(?:号|账号|装备|皮肤|游戏号)|(?:号|账号)${G(2)}(?:卖|出售|收)|(?:代练|租号|卖号|账号交易)`,
    0.45,
  ),
  cue('fraud.credentials', `验证码|动态码|校验码|短信码|登录码|确认码|(?:\\d|[四五六八])位(?:数字|数|码)`, 0.8, true),
  cue(
    'fraud.credentials',
    `(?:收到|发来|来)的?${G(8)}(?:数字|码|短信)${G(6)}(?:发|报|告诉|念|截图|给)(?:给)?我|(?:发|报|告诉|念)(?:给)?我${G(6)}(?:收到的|手机上的)`,
    0.85,
    true,
  ),
  cue(
    'fraud.credentials',
    `刷(?:个)?脸|人脸(?:识别|验证|认证)|卡密|(?:话费|充值|游戏|购物|礼品)卡${G(6)}(?:密码|拍|发)`,
    0.85,
    true,
  ),
  // Borrowing "until tomorrow": a friend's stolen account asks the child to buy or pay for it.
  cue('fraud.lure', `(?:借|帮我(?:买|充|付|垫|交))${G(10)}(?:明天|马上|回头|过两天|下周)(?:就)?还(?:你)?`, 0.6),
  cue('fraud.credentials', `(?:告诉|发|给|输入|填)${G(4)}(?:支付密码|登录密码|密码|账号密码|卡号)`, 0.85, true),
  cue('fraud.credentials', `(?:扫|扫一扫|扫描)${G(6)}(?:码|二维码|图)|付款码|收款码`, 0.75, true),
  cue(
    'fraud.credentials',
    `屏幕共享|共享屏幕|分享屏幕|屏幕分享|(?:打开|开启|点)${G(2)}共享|远程(?:控制|协助)|录屏给我`,
    1,
    true,
  ),
  cue(
    'fraud.credentials',
    `(?:下载|安装|下个|下一个)${G(6)}(?:app|软件|应用|会议|链接|客户端)|会议号|房间号|点(?:击|开)?${G(3)}链接`,
    0.55,
  ),
  cue(
    'fraud.credentials',
    `(?:身份证|银行卡|信用卡|网银|户口本)${G(6)}(?:号|照片|正反|正面|反面|拍|图)|(?:拍|发|给)${G(8)}(?:身份证|银行卡|信用卡)|(?:登录|登)${G(3)}(?:网银|支付宝|银行)`,
    0.75,
    true,
  ),
  cue('fraud.payment', `(?:转账|转钱|打钱|付款|支付|汇款|充值|交|付|转)${G(6)}\\d+${G(1)}(?:元|块|rmb|￥)?`, 0.65),
  cue('fraud.payment', `(?:转|打|汇|存|移)(?:到|进|入)${G(8)}账户|(?:安全|指定|审查|核查|监管|验证)账户`, 0.9, true),
  cue(
    'fraud.payment',
    `押金|保证金|保障金|(?:解冻|手续|激活|认证|会员|担保|技术|入会|资料|服务|开通|验证|审核|解锁|违约|工本|注册|保险|过户|换绑|培训|绑定|实名|解卡|开卡)(?:费|金)|(?:充|交|付|转|补)${G(4)}\\d+${G(6)}(?:开通|激活|解冻|解锁|解卡|升级|认证|绑定|保证)|(?:个人)?所得税|个税|验资|刷流水|(?:做|流水)${G(2)}(?:流水|验证)|验证资金|资金验证`,
    0.9,
    true,
  ),
  cue('fraud.payment', `(?:先)?(?:发|给我|转|包)${G(3)}红包`, 0.5),
  cue(
    'fraud.payment',
    `先(?:发|转|给|付|交|充值|充)${G(10)}(?:红包|钱|款|押金|\\d+)|(?:再|还要|还得|只要|需要)(?:转|交|付|充|补|发)${G(4)}\\d+|(?:补齐|补交|连发|再发)`,
    0.85,
    true,
  ),
  cue('fraud.payment', `垫付|垫钱|先垫|垫资|垫单|(?:个人|私人)(?:收款|账户|账号|银行卡)|验证${G(4)}账户`, 0.85, true),
  cue('fraud.payment', `(?:交|缴|付|扣)${G(6)}税|税(?:费|金|款)`, 0.8, true),
  cue(
    'fraud.pressure',
    `(?:拿不回来|取不出来|提不出来|都没了|白做了|前功尽弃|都拿不回)|(?:不能|没法|无法|提不了)(?:提现|提|取出|退)`,
    0.8,
    true,
  ),
  cue('fraud.payment', `私下${G(2)}(?:转|交易|付|微信转|支付宝转)|(?:不走|绕开|别走)${G(2)}平台`, 0.85, true),
  cue(
    'fraud.payment',
    `(?:还差|还要|需要|先交|先付|再交|再付|要交|要付)(?:一个|个|一笔|笔)?${G(4)}(?:费|金)(?![^，,。.！!？?；;\\n]{0,2}险)`,
    0.8,
    true,
  ),
  cue(
    'fraud.parent_payment',
    // The parent's own things: a gap with 你 in it is the child's (你妈老查你手机 is not the mother's phone).
    `${PARENTS}[^，,。.！!？?；;\\n你]{0,4}(?:的)?(?:手机|微信|支付宝|银行卡|网银|付款码|支付密码|钱包|卡|身份证|户口本)|(?:家里|家)的钱`,
    0.9,
    true,
  ),
  cue(
    'fraud.authority',
    `(?:我是|我们是|这里是|这边是)${G(8)}(?:警察|警官|公安|民警|网警|刑警|刑侦|海关|缉私|客服|官方|工作人员|法院|检察院|管理员|专员|助理|班主任|运营)|官方客服|(?:官方|平台)(?:活动|福利)`,
    0.6,
  ),
  cue(
    'fraud.authority',
    `派出所|公安局|网警|网安|支队|立案|洗黑钱|逮捕|通缉|涉嫌|嫌疑|违禁|缉私|犯罪|违法|坐牢|拘留|征信|洗钱|调查|案件|涉案|传唤|传票|证明${G(3)}清白|(?:涉及|卷入)${G(4)}案`,
    0.7,
  ),
  cue(
    'fraud.pressure',
    `(?:不然|否则|要不然|逾期|不转|不交|不给|不还|不付|不充|不补|不配合)${G(10)}(?:坐牢|抓|冻结|封号|报警|起诉|后果|上门|通知|拘留|清空|找你|取消|告诉你(?:老师|爸|妈|家长)|你学校|没了|作废|失效|清零|征信|违约)`,
    1,
    true,
  ),
  cue(
    'fraud.pressure',
    `马上|立刻|赶紧|立即|\\d+分钟内|今天之内|尽快|限时|名额${G(4)}(?:只剩|不多|有限|没了)|手慢无`,
    0.3,
  ),
  cue(
    'fraud.pressure',
    `(?:别|不要|不能|千万别|不准|不许|不得)(?:告诉|跟|和|让|联系)${G(3)}(?:${PARENTS}|任何人|别人|家人)`,
    0.7,
    true,
  ),
  cue('fraud.pressure', `违反${G(2)}规定|违约|机密|保密协议`, 0.6),

  // --- bullying ---
  cue(
    'bullying.insult',
    `去死|死全家|废物|垃圾|贱人|贱货|丑八怪|恶心死|婊|傻逼|傻b|脑残|狗东西|滚(?:开|出去|远点)?|肥猪|死胖子|蠢货|白痴|神经病|不要脸|没人(?:要|喜欢|理)(?:你|她|他)|smd|nmsl|丑死|恶心|照照镜子|瓜娃子|太(?:难听|难看|丑|恶心|臭)了|(?:像|跟)(?:个|只|头|条)?${ANIMALS}(?:似的|一样)|(?:黑|丑|胖|矮|土|穷|脏)成(?:这样|那样)|一身(?:的)?(?:味|臭|骚)|黑炭|残废|瘸子|结巴|哑巴|瞎子|聋子|娘炮|四眼|平胸|矮冬瓜|肥宅|土狗|丑东西|也配|你配(?:吗|嘛|么)|(?:赶紧|快|快点)?爬(?:吧|远点|开|出去)|赶紧爬|滚蛋|没人想(?:看|理|要)|第一(?:丑|胖|蠢)`,
    0.6,
  ),
  cue(
    'bullying.insult',
    `(?:丑|穷|胖|臭|蠢|笨|土|矮|黑)(?:鬼|猪|死了|货|成这样|逼|女|男|八怪|球|子)|辣眼睛|滚出|退群吧|建议退群|丢人|油腻|(?:看|见)${G(3)}(?:吐|想吐)|🤮|(?:难听|难看|恶心|丑|臭|脏|烦)死了|鸭子叫|猪叫|污染|(?:我就|就)想吐|装货|最(?:丑|胖|恶心|讨厌|脏|臭|蠢|矮)|龅牙|塌鼻子|大饼脸|麻子|猪头|秃子|没(?:爹|妈|娘)(?:的|养)|有娘生没娘养|穷酸|穷鬼|收破烂|绿茶|小偷|手脚不干净|弱智|智障|狗东西|坑比|坑逼|人渣|败类|贱|长成这样|还好意思`,
    0.55,
  ),
  cue('bullying.insult', `菜鸡|坑货|猪队友|送人头|演员|菜狗|青铜`, 0.25),
  cue(
    'bullying.exclusion',
    `(?:踢|移)(?:出|了)?(?:群|她|他|出去)|(?:别|不要|都别|谁也别|谁都别|不)(?:跟|和|理|带|回)${G(2)}${THEM}|(?:孤立|拉黑|屏蔽)${G(2)}(?:她|他)|(?:没人|谁都不|谁也不|谁都不许|谁也不许|不许)(?:跟|和|理|带)(?:你|她|他)|(?:直接|马上|赶紧)(?:踢|移出)|把${THEM}${G(2)}(?:踢|移出|拉黑|屏蔽)|(?:下麦|退群|滚出去|出去)吧|谁(?:要是|再)?(?:跟|和|理|带|帮)${THEM}${G(4)}(?:玩|说话|就是|谁就|就不)|(?:别|不要)(?:跟|和|理)${G(5)}(?:玩|说话)了|(?:说话|消息)${G(2)}都别回|(?:不带|别带)${G(4)}(?:玩|了)|(?:踢|移|赶)${G(8)}(?:群|战队|队伍|出去)|谁(?:要是|再)?(?:跟|和|理|带|帮|叫|拉)${THEM}${G(6)}(?:谁|就)`,
    0.9,
    true,
  ),
  // Left out without a word of kicking: nobody calls him any more, a new group without her, don't show up here, keep
  // away from her, driven out of a game or a group until they leave it.
  cue(
    'bullying.exclusion',
    `(?:都别|别再|谁也别|谁都别|不要再|以后别|以后都别|以后不|再也别|都不)(?:叫|带|拉|喊|约|理|组)(?!我)|(?:没|不|别)(?:拉|带|加)(?:他|她)(?!们)|(?:别|不要|不许)(?:再)?(?:在)?群里${G(2)}(?:出现|说话|冒泡)|别(?:再)?出现|离${THEM}远(?:点|一点)|别让${THEM}靠近|(?:混|待|呆|玩)不下去|禁言|这(?:里|儿|房间|群)不欢迎|不欢迎你|跟${THEM}一伙|谁${G(4)}谁就(?:是)?跟${THEM}|(?:直到|逼)${G(4)}(?:删号|退游|退群|转学|退出)`,
    0.75,
  ),
  cue(
    'bullying.doxxing',
    `的(?:手机号|电话|住址|地址|qq号|微信号|qq|微信)${G(6)}(?:弄到|搞到)(?:了)?|(?:她|他|这个人|此人)(?:家)?(?:住|在)${G(10)}(?:小区|路|号|栋|村|单元|家园|花园)|(?:她|他)(?:叫|名字是)${G(4)}(?:中学|小学|学校|班)|人肉|开盒|挂出来|挂(?:她|他)|曝光(?:她|他)|(?:住|家在|住在)${G(8)}\\d+(?:栋|号楼|单元)|(?:她|他)(?:家)?(?:住哪|在哪住)|去(?:她|他)家(?:楼下|门口)|(?:手机号|电话|住址|地址|qq号|微信号)${G(4)}(?:发出去|公开|挂出来|发到|发群)|(?:你家|你每天|你放学|你住|你上学)${G(8)}我(?:都|早就)?知道`,
    0.9,
    true,
  ),
  cue(
    'bullying.doxxing',
    `(?:发到|传到|挂到|转到|发在|发进|投稿|投到|发|转|挂)${G(4)}(?:群|贴吧|朋友圈|网上|班群|大群|年级|表白墙|校园墙|频道|公屏|广场|超话|评论区)`,
    0.7,
  ),
  cue(
    'bullying.humiliation',
    `(?:大家|都|全班|全校|全年级|全网|所有人)(?:去|来|都)?(?:围观|看看|来看|看笑话|知道)|(?:都|一起|大家)${G(3)}学(?:他|她)${G(3)}(?:说话|走路|结巴|样子)|(?:拉|建)(?:了)?(?:个|一个)?群${G(4)}(?:吐槽|骂|黑|挂|嘲笑)|(?:做成|p成|弄成)${G(2)}表情包|(?:以后|都)${G(2)}叫(?:她|他)|(?:扒|挖)${G(4)}(?:破事|黑历史|丑事)|认认人|(?:有没有|还有|哪有)脸|轰炸|呼死|(?:都|一起|大家)(?:去)?(?:加|私信|找)(?:她|他)${G(2)}骂|骂到${G(2)}(?:换号|删号|退网)|(?:大家|一起)${G(2)}(?:骂|喷|转发|举报|围着)|贴(?:在)?(?:她|他)(?:的)?(?:桌|座位|书包|背|门)|全票当选|网暴|挂人|(?:一起|都去|去)(?:冲|喷)(?:她|他)|(?:冲|喷)(?:她|他)(?:的)?(?:评论|微博|主页|账号)|骂到${G(2)}(?:退|哭|死)|围着(?:她|他)`,
    0.7,
  ),
  cue(
    'bullying.doxxing',
    `(?:把|将)(?:她|他)的?${G(2)}(?:照片|丑照|视频|聊天记录|电话|地址|手机号)${G(4)}(?:发|挂|传|贴)`,
    0.9,
    true,
  ),
  cue(
    'bullying.threat',
    `打(?:死|残|哭|趴)|揍(?:你|他|她|一顿)|弄(?:不)?死|(?:带|拿|掏)(?:把)?(?:刀|棍|家伙|砖)|你再敢${G(8)}试试|砍你|捅你|(?:带|叫|找|喊)(?:了)?${G(3)}(?:人|兄弟|哥们|社会上的)${G(4)}${HIT}|(?:带|叫|找|喊)(?:了)?(?:几个|一帮|一群|一些|好多)(?:兄弟|哥们|社会上的人?|人)(?:来|过来)?|死定了|你(?:给我)?等着|你完了|小心点你|(?:你就|就)知道(?:后果|厉害)|有你(?:好)?受的|(?:你)?知道(?:会)?(?:怎么样|什么下场|啥下场)|(?:别|不要)(?:让|逼)我(?:动手|出手)|(?:见|遇到|碰到)(?:一次|一回)${G(1)}(?:杀|打|揍)(?:一次|一回)|全服追杀|(?:有|没)你好果子|(?:不来|不去|不录|不给|不做|不听话)${G(2)}更惨|(?:你)?(?:躲|跑|逃)不掉|有你好看|让你好看|后果自负|走着瞧|(?:别想|敢|再)${G(2)}告(?:状|老师|家长)|你(?:还|也)敢${G(3)}(?:顶嘴|还嘴|还手|告|回嘴)|我知道你(?:家|每天|住|放学)|(?:放(?:了)?学|明天|下课|周末)${G(4)}(?:别走|等着|堵|收拾|见)|非${HIT}(?:死)?你不可|老子${G(6)}${HIT}你|堵(?:你|他|她)|${HIT}${G(2)}一顿|(?:按住|摁住)${G(2)}${HIT}|给(?:你|他|她)(?:点)?(?:颜色|教训)|(?:校门口|厕所|楼道|小树林)${G(2)}(?:见|等着|堵)`,
    0.9,
    true,
  ),
  // Money demanded to be brought: extortion when a threat goes with it, a class fee when it does not (weak alone).
  cue('bullying.threat', `带${G(3)}(?:\\d+|[一二两三四五六七八九十百千]+)(?:块|元)(?:钱)?(?:来|过来|给我)`, 0.5),
  cue(
    'bullying.threat',
    `(?:想|要)?(?:不想|不让|不要)${G(4)}(?:看到|知道|发出去)${G(3)}(?:就)?(?:听话|照做|乖乖|按我说的)|(?:视频|照片|截图|把柄)${G(4)}(?:还)?在我(?:这|手里|手上)`,
    0.8,
    true,
  ),
  cue(
    'bullying.humiliation',
    `(?:录|拍|说|喊|叫|承认)${G(6)}我是(?:猪|狗|废物|垃圾|傻|蠢|贱|丑)|[pP](?:成|了)${G(4)}(?:猪|狗|丑|鬼)|跪(?:下|着|在|地)|下跪|磕头|学狗叫|舔我|(?:扇|抽|打)自己|自己(?:扇|抽|打)|耳光|(?:扇|抽)${G(4)}(?:巴掌|嘴巴)|道歉视频|当众(?:道歉|认错)|给我(?:跪|爬)|(?:当着|当)${G(6)}(?:面|全班|大家|全校)${G(6)}(?:道歉|认错|磕头|跪|脱)|录${G(4)}(?:道歉|认错)|(?:道歉|认错)${G(2)}(?:视频|录下来)`,
    0.9,
    true,
  ),
] as const;

/** Framing that quotes a scam or a danger to warn about it: a warning, a lesson, a news item, a report. */
export const WARNING =
  /骗子|骗局|诈骗|反诈|被骗|冒充|直接挂|直接拉黑|新闻|警惕|小心|提防|谨防|防骗|千万(?:别|不要)|不要相信|别相信|都是假的|是假的|套路|上当|受骗|举报|96110|提醒大家|注意安全|遇到这种|不会(?:索要|要求|让你)|(?:绝不|从不|不会)(?:向你|主动)|打110|报警|(?<![不别])(?:一定要|马上|赶紧|及时)[^，,。.！!？?；;\n]{0,4}(?:告诉|报告)(?:家长|老师|爸妈|大人|警察)/u;

/** A lesson or a talk about bullying: the insults it names are its examples, not aimed at anyone. */
export const BULLYING_LESSON = /欺凌|霸凌|校园暴力|班会|安全课|这些都是/u;

/** A title (《完美的呻吟》, an album, a book, a film): its words name a work, they ask nothing of anyone. */
export const TITLE = /《[^》]{1,40}》/gu;

/** Quotation marks around a scam's or a groomer's words: a warning or a lesson quotes them, it does not say them. */
export const QUOTED = /[“「『"'‘][^”」』"'’]{2,}[”」』"'’]/gu;

/** Reported speech: a child telling someone what a stranger said or asked (有人说…, 他让我…) is not the offer itself. */
export const REPORTED =
  /有(?:个)?(?:人|网友|陌生人)(?:说|让|叫|要|问)|(?:网友|陌生人)(?:说|让你|叫你|要你|问你)|(?:他|她|对方|那人|那个人|陌生人)(?:说|让我|叫我|要我|问我)/u;

/**
 * A negation right before a credentials or payment cue, in its clause: a real service telling you never to give a code.
 * A space ends a clause in chat (不用问 直接用家长手机扫: the negation is of asking).
 */
export const NEGATION = /(?:不要|别|不会|请勿|切勿|绝不|从不|不能|不用|无需|千万别)[^，,。.！!？?\s]{0,8}$/u;

/**
 * A surprise kept from someone, not from the child's protectors: 生日惊喜, 给妈妈的礼物. A bare "惊喜" with no occasion or
 * present is a groomer's cover as often as not, so it does not soften.
 */
export const SURPRISE = /生日|礼物|蛋糕|派对|纪念日|偷偷准备|母亲节|父亲节|教师节/u;

/** Words of an ordinary role, in the message: a class, a clinic, a team, a shop's support desk. */
export const ROLE_CONTEXT = {
  teacher: /老师|班主任|作业|考试|家长会|班会|上课|网课|签字|成绩|试卷|期末|月考/u,
  doctor: /医生|医院|门诊|复诊|挂号|病历|伤口|药|体检|护士|过敏|肿|扭伤|扭到|红疹|发烧|冰敷|拍片/u,
  coach: /教练|训练|比赛|球队|集训|队里|队员|体测/u,
  support: /订单号|工单|人工客服|请问有什么可以帮|官方(?:app|渠道|客服)|工号|为您/iu,
  family:
    /(?:妈妈|爸爸|奶奶|爷爷|外婆|姥姥|外公|姥爷|舅舅|姑姑|小姨|叔叔|阿姨)(?:给你|帮你|今天|晚上|明天|下班|在|来|买|做|带)|你(?:爸|妈|奶奶|爷爷)(?:说|让|叫)/u,
} as const;

/** Outer clothes: taking off a coat or shoes, for a check-up or indoors, is not undressing. */
export const OUTERWEAR = /外套|羽绒服|棉袄|大衣|风衣|鞋|帽子|口罩|手套|围巾|雨衣/u;

/** Object of a photo that is not the child: homework, a wound, a receipt. */
export const NOT_A_PERSON =
  /作业|试卷|题|卷子|伤口|小票|订单|截图|证件|准考证|成绩单|课本|笔记|奖状|风景|猫|狗|饭|菜|蛋糕|作品|画/u;

/** An injury or a symptom: a doctor or a parent asking to see a body part because it is hurt. */
export const INJURY =
  /伤口|肿|扭伤|扭到|淤青|红疹|疹子|起疹|湿疹|水痘|红点|红斑|痒|骨折|擦伤|烫伤|划伤|受伤|过敏|包扎|发炎|疼不疼|痛不痛|流血/u;

/**
 * The child spoken of in the third person (把孩子…, 让宝宝…): the words go to a carer about the child, as a doctor or a
 * teacher speaks to a parent, not to the child. A groomer talks to the child as 你.
 */
export const ABOUT_THE_CHILD = /(?:把|让|给|帮|替|叫)(?:孩子|宝宝|小孩|娃|闺女|儿子|女儿)/u;

/** A code that goes to the speaker's own phone (验证码发到我手机上): the speaker has it and asks nobody for it. */
export const OWN_CODE = /(?:发到|发在|来到|到|在)(?:我|我的|我自己的?)(?:手机|号|邮箱)/u;

/** Asking for the code: the words that hand it over to the speaker. */
export const HAND_OVER = /(?:发|告诉|给|念|报|截图)(?:给)?我|发过来/u;

/** The target's reply that shows distress rather than play. */
export const DISTRESS =
  /别(?:骂|说|学|笑|闹|发|传|拍|转|挂|这样)了|我没有|求求|呜呜|哭了|我错了|为什么都|你们别|不要这样|好难过|不想活|别这样|够了|我不是/u;

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
