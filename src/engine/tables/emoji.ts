/**
 * Emoji that stand for a character or a word in disguised Chinese text, hand-written for this project. Each reading is
 * what the emoji is read as, so that the engine can put the reading in the emoji's place and match terms across it:
 * the depicted thing's name first (🎲 骰), then the character it is used for (🎲 赌). A row is here only when the use is
 * established in the slang the lexicon covers; each comment says what it stands for.
 *
 * Left out on purpose: emoji whose disguise value is a meaning rather than a character (🍆, 🍑, 💦, 🖕 — a classifier
 * signal, not a reading: no term contains 茄子 in that sense), emoji that read as harmless words (🐟 鱼, 🥬 菜), and
 * enclosed letters and digits that NFKC folds already (Ⓥ, ①). Keys carry no variation selector (U+FE0E, U+FE0F) and no
 * skin-tone modifier; use emojiKey to look up what a text holds.
 */
const ROWS: readonly (readonly [string, readonly string[]])[] = [
  // Gambling (赌博)
  ['🎲', ['骰', '赌']], // game die: 赌 in 🎲博, 🎲球; dice games
  ['🎰', ['赌', '老虎机']], // slot machine
  ['🃏', ['牌']], // joker: card gambling (牌局, 打牌)
  ['🀄', ['中', '麻将']], // mahjong tile showing 中: 麻将 gambling, and the character it shows
  ['💰', ['钱']], // money bag: 钱 in 赚💰, 💰庄
  ['💵', ['钱']], // banknote
  ['💴', ['钱', '元']], // yen note, read as 元 or 钱 in Chinese posts
  ['💸', ['钱']], // money with wings: 花钱, 转钱
  ['🪙', ['币']], // coin: 币 in 虚拟币 and coin scams
  ['💳', ['卡']], // card: 卡 in 银行卡 trading, 收卡, 出卡 (money laundering)
  // Drugs (毒品)
  ['💊', ['药', '丸']], // pill: 药 (迷药, 春药), 丸 (摇头丸)
  ['💉', ['针', '打针']], // syringe: injected drugs, 针
  ['❄', ['冰', '雪']], // snowflake: 冰 = methamphetamine (冰毒, 溜冰 = using it)
  ['🧊', ['冰']], // ice cube: 冰毒, 溜冰
  ['🍃', ['叶', '草']], // leaves in the wind: 叶子 / 草 = marijuana
  ['🌿', ['草', '叶']], // herb: 草 = marijuana
  ['🍁', ['叶', '草']], // maple leaf, the usual stand-in for a cannabis leaf
  ['🍀', ['叶', '草']], // four-leaf clover, same use
  ['🍄', ['蘑菇']], // mushroom: psilocybin (毒蘑菇, 魔菇)
  ['🍬', ['糖']], // candy: 糖 = pills (跳跳糖, 糖果 for ecstasy)
  ['🍭', ['糖']], // lollipop, same use
  // Tobacco and alcohol (烟酒)
  ['🚬', ['烟']], // cigarette: 烟, 电子烟
  ['🍺', ['啤', '酒']], // beer: 酒; also 🐮🍺 = 牛啤 = 牛批 (牛逼)
  ['🍻', ['酒']], // clinking beer mugs
  ['🍷', ['酒']], // wine glass
  ['🍶', ['酒']], // sake bottle
  ['🥃', ['酒']], // tumbler glass
  // Sexual and vulgar
  ['🐔', ['鸡']], // chicken: 鸡 = prostitute, also 鸡巴
  ['🐓', ['鸡']], // rooster, same use
  ['🐤', ['鸡']], // baby chick: 小鸡鸡
  ['🐥', ['鸡']], // front-facing baby chick, same use
  ['🦆', ['鸭']], // duck: 鸭 = male prostitute
  ['🥛', ['奶']], // milk: 奶 in sexual slang
  ['🍼', ['奶']], // baby bottle, same use
  ['👅', ['舌', '舔']], // tongue: 舔
  ['👄', ['口', '嘴']], // mouth: 口 in 口交, 口活
  ['🦌', ['鹿']], // deer: 鹿 lù = 撸 (masturbation: 🦌管, 冲🦌)
  ['☀', ['日']], // sun: 日 as the vulgar verb (☀你)
  ['🌞', ['日']], // sun with face, same use
  ['🔞', ['18禁', '十八禁']], // no one under eighteen: adult content
  // Insults (辱骂)
  ['🦙', ['草泥马', '羊驼']], // llama / alpaca: 草泥马 = 操你妈
  ['🐴', ['马']], // horse face: 马 = 妈 (你🐴, 草泥🐴)
  ['🐎', ['马']], // horse, same use
  ['🐮', ['牛']], // cow face: 🐮🍺 = 牛逼, 🐮B
  ['🐂', ['牛']], // ox, same use
  ['🐶', ['狗']], // dog face: 狗 as an insult (狗东西)
  ['🐕', ['狗']], // dog
  ['🐷', ['猪']], // pig face: 猪 as an insult
  ['🐖', ['猪']], // pig
  ['🐢', ['龟', '王八']], // turtle: 乌龟, 王八 (cuckold insult)
  ['🐍', ['蛇']], // snake: 蛇蝎, 蛇头 (people smuggler)
  ['💩', ['屎', '粪']], // pile of poo
  ['🍵', ['茶']], // tea: 绿茶婊 (🍵婊)
  ['🥚', ['蛋']], // egg: 滚蛋, 完蛋, 扯蛋
  // Violence, weapons, self-harm
  ['🔪', ['刀', '杀']], // kitchen knife: 刀, threats to kill (🔪了你)
  ['🗡', ['刀', '剑']], // dagger
  ['🔫', ['枪']], // pistol (water pistol since 2016, still read as 枪)
  ['💣', ['炸弹', '炸']], // bomb
  ['🧨', ['炸', '炮']], // firecracker: 炸
  ['💀', ['死', '骷髅']], // skull: 死
  ['☠', ['死', '毒']], // skull and crossbones: 死, 毒 (poison)
  ['⚰', ['棺材', '死']], // coffin
  ['🩸', ['血']], // drop of blood: 血, 割腕
  ['🪓', ['斧']], // axe
  ['🪢', ['绳']], // knot: 绳 (hanging, self-harm)
  ['🔥', ['火']], // fire: 火 in 放火, 自焚
  // Contact details (站外联系)
  ['🐧', ['企鹅', 'QQ']], // penguin: QQ's mascot, 加🐧
  ['✌', ['V']], // victory hand: V in V信, 加V
  ['📞', ['电话']], // telephone receiver
  ['☎', ['电话']], // telephone
  ['📱', ['手机']], // mobile phone
  ['💯', ['100']], // hundred points
  // Enclosed ideographs: the character they show (🈶没🈶, 🈲止)
  ['🈲', ['禁']],
  ['🈶', ['有']],
  ['🈚', ['无']],
  ['🉐', ['得']],
  ['🉑', ['可']],
  ['🈷', ['月']],
  ['🈸', ['申']],
  ['🈴', ['合']],
  ['🈳', ['空']],
  ['🈹', ['割']],
  ['🈺', ['营']],
  ['🈯', ['指']],
  ['🈵', ['满']],
  // Squared Latin letters and words used as letters (🅱 for B in 牛🅱)
  ['🅰', ['A']],
  ['🅱', ['B']],
  ['🅾', ['O']],
  ['🅿', ['P']],
  ['🆎', ['AB']],
  ['🆗', ['OK']],
  ['🆓', ['FREE']],
  ['🆚', ['VS']],
];

/** Keycap digits 0️⃣–9️⃣, #️⃣ and *️⃣ read as their digit or sign (加🐧 1️⃣2️⃣3️⃣…), and 🔟 as 10. */
const KEYCAPS: readonly (readonly [string, readonly string[]])[] = [
  ...'0123456789#*'.split('').map((c): readonly [string, readonly string[]] => [`${c}\u20e3`, [c]]),
  ['🔟', ['10']],
];

/** Regional indicator symbols 🇦–🇿 read as the letter they show when they stand alone (🇻信 for V信). */
const REGIONAL_INDICATORS: readonly (readonly [string, readonly string[]])[] = Array.from(
  { length: 26 },
  (_, i): readonly [string, readonly string[]] => [String.fromCodePoint(0x1f1e6 + i), [String.fromCharCode(0x41 + i)]],
);

/**
 * What each emoji stands for in disguised text, keyed by the emoji without variation selectors or skin-tone modifiers.
 *
 * @example
 * EMOJI_READINGS.get('🎲'); // ['骰', '赌']
 * EMOJI_READINGS.get(emojiKey('❄️')); // ['冰', '雪']
 */
export const EMOJI_READINGS: ReadonlyMap<string, readonly string[]> = new Map(
  [...ROWS, ...KEYCAPS, ...REGIONAL_INDICATORS].map(([emoji, readings]) => [emoji, Object.freeze([...readings])]),
);

const IGNORED = /[\ufe0e\ufe0f]|\p{Emoji_Modifier}/gu;

/**
 * The key of an emoji in EMOJI_READINGS: the emoji without variation selectors (U+FE0E, U+FE0F) and skin-tone modifiers.
 *
 * @example
 * emojiKey('8️⃣'); // '8\u20e3'
 * emojiKey('✌🏽'); // '✌'
 */
export function emojiKey(emoji: string): string {
  return emoji.replace(IGNORED, '');
}
