/**
 * Groups of characters that stand in for each other by shape (形近字) or by 火星文 convention, hand-written and reviewed
 * for this project. How a group got in:
 * - the glyphs differ by a stroke or by a component of nearly the same shape (未/末, 裸/祼, 幼/幻, 自/白), or one is an
 *   old or variant form that renders almost the same (毒/毐, 淫/滛, 博/愽), or a 火星文 spelling of it (你/伱, 草/屮), or a
 *   kana of identical shape (口/ロ, 力/カ);
 * - at least one member occurs in a term of a harmful or conduct category (未成年, 吸毒, 裸聊, 幼女, 自杀, 口交…), so the
 *   swap is one that disguises such a term;
 * - homophones are not here (堵 for 赌 is the pinyin view's job), nor traditional forms that the t2s table folds (賭).
 * Each group is symmetric: any member may stand for any other. The engine should use it only for characters of lexicon
 * terms, like the recomposer.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['未', '末'], // 未成年 → 末成年
  ['己', '已', '巳'], // 伤害自己 → 自已
  ['人', '入'], // 杀人 → 杀入
  ['自', '白'], // 自杀 → 白杀, 自残
  ['口', '囗', 'ロ'], // 口交, 口活: the enclosure 囗 and katakana ロ look the same
  ['力', 'カ'], // 暴力 → 暴カ (katakana ka)
  ['二', 'ニ'], // 二逼 → ニ逼 (katakana ni)
  ['八', 'ハ'], // 王八 → 王ハ (katakana ha)
  ['干', '千', '于'], // 干你 (vulgar), 奸: one stroke apart
  ['毒', '毐'], // 吸毒 → 吸毐: 毐 is 士 over 毋, near-identical to 毒
  ['母', '毋'], // 毋 in 毐; 你母 insults
  ['冰', '氷'], // 冰毒 → 氷毒 (氷 is the variant used in Japanese)
  ['麻', '痲'], // 大麻 → 大痲
  ['药', '葯'], // 迷药, 春药 → 葯 (variant form)
  ['赌', '睹'], // 赌博 → 睹博: 目 for 贝 beside the same 者
  ['博', '搏', '愽'], // 赌博 → 赌搏, 赌愽: 扌 or 忄 for 十 beside the same 尃
  ['枪', '抢'], // 枪支 → 抢支: 扌 for 木
  ['炮', '砲'], // 约炮 → 约砲 (variant form)
  ['淫', '滛', '婬'], // 淫 and its variant forms, 卖淫 → 卖滛
  ['奸', '姧'], // 强奸 → 强姧 (variant form)
  ['裸', '祼'], // 裸聊, 裸照 → 祼: 礻 for 衤
  ['娼', '倡'], // 娼妓 → 倡妓 (倡 is the old form)
  ['妓', '伎'], // 妓女 → 伎女
  ['舔', '添'], // 舔: 氵 for 舌
  ['幼', '幻'], // 幼女 → 幻女: one stroke apart
  ['萝', '箩'], // 萝莉 → 箩莉: ⺮ for 艹
  ['恋', '娈'], // 恋童 and 娈童
  ['血', '皿'], // 血腥 → 皿腥: one stroke apart
  ['贷', '货'], // 裸贷, 网贷 → 网货: 化 for 代
  ['傻', '儍'], // 傻逼 → 儍逼 (variant form)
  ['鸡', '鷄'], // 鸡 (prostitute) → 鷄, a variant the t2s table does not fold
  ['草', '艸', '屮'], // 草 / 操 (vulgar): 艸 and 屮 are its 火星文 forms (我屮)
  ['你', '伱', '妳', '沵'], // 火星文 你 in insults (操伱妈)
  ['我', '莪'], // 火星文 我
];

const INDEX: ReadonlyMap<string, readonly string[]> = (() => {
  const index = new Map<string, readonly string[]>();
  for (const group of GROUPS) {
    for (const char of group) {
      const others = group.filter((other) => other !== char);
      index.set(
        char,
        Object.freeze([...(index.get(char) ?? []), ...others.filter((o) => !index.get(char)?.includes(o))]),
      );
    }
  }
  return index;
})();

const NONE: readonly string[] = Object.freeze([]);

/**
 * The characters that look like `char` or are its 火星文 form, in the order the table lists them; empty when none.
 *
 * @example
 * lookalikesOf('未'); // ['末']
 * lookalikesOf('毒'); // ['毐']
 * lookalikesOf('堵'); // [] (a homophone of 赌, not a look-alike)
 */
export function lookalikesOf(char: string): readonly string[] {
  return INDEX.get(char) ?? NONE;
}

/**
 * Every look-alike group, for review and for building a view over many characters at once.
 *
 * @example
 * LOOKALIKE_GROUPS.some((group) => group.includes('裸')); // true
 */
export const LOOKALIKE_GROUPS: readonly (readonly string[])[] = Object.freeze(GROUPS.map((g) => Object.freeze([...g])));
