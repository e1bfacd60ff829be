import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  SEVERITY_LABELS,
  type AgeBand,
  type Surface,
  type VariantKind,
} from '../../engine/index.js';
import type { Lang } from './messages.js';

export { formatPercent } from '../../engine/index.js';

/** A phrase in both console languages. */
export interface Phrase {
  readonly zh: string;
  readonly en: string;
}

/** How a person would name one kind of disguise, and a short plain-words explanation of it. */
export interface VariantLabel {
  readonly label: Phrase;
  readonly explain: Phrase;
}

const VARIANT_LABELS = {
  width: {
    label: { zh: '全角字符', en: 'Full-width characters' },
    explain: {
      zh: '用全角字母、数字或符号代替了普通字符',
      en: 'full-width letters, digits or symbols stand in for ordinary ones',
    },
  },
  case: {
    label: { zh: '大小写混写', en: 'Mixed letter case' },
    explain: { zh: '字母大小写被故意打乱', en: 'upper- and lower-case letters were mixed on purpose' },
  },
  invisible: {
    label: { zh: '隐形字符', en: 'Invisible characters' },
    explain: { zh: '字与字之间藏了看不见的零宽字符', en: 'zero-width characters were hidden between the letters' },
  },
  traditional: {
    label: { zh: '繁体字', en: 'Traditional characters' },
    explain: { zh: '用繁体字代替了简体字', en: 'traditional characters were used instead of simplified ones' },
  },
  confusable: {
    label: { zh: '外文仿冒字母', en: 'Look-alike letters' },
    explain: {
      zh: '用外观相同的其他文字字母（如西里尔字母）冒充',
      en: 'letters from another alphabet (such as Cyrillic) that look the same were swapped in',
    },
  },
  leet: {
    label: { zh: '数字符号代字母', en: 'Digits for letters' },
    explain: {
      zh: '用数字或符号代替形状相近的字母，如 0 代 o',
      en: 'digits or symbols replace similar-looking letters, like 0 for o',
    },
  },
  separator: {
    label: { zh: '插入符号', en: 'Separators inserted' },
    explain: {
      zh: '字与字之间插入了空格、星号等符号',
      en: 'spaces, asterisks or other symbols were put between the characters',
    },
  },
  repeat: {
    label: { zh: '重复字', en: 'Repeated characters' },
    explain: { zh: '把字重复打了几遍', en: 'characters were typed several times over' },
  },
  pinyin: {
    label: { zh: '拼音或拼音首字母', en: 'Pinyin or pinyin initials' },
    explain: {
      zh: '用拼音或拼音首字母代替了汉字',
      en: 'the word was written in pinyin or its initials instead of characters',
    },
  },
  homophone: {
    label: { zh: '谐音字', en: 'Sound-alike characters' },
    explain: {
      zh: '用读音相同或相近的字代替',
      en: 'characters that sound the same or nearly the same were used instead',
    },
  },
  split: {
    label: { zh: '拆字', en: 'Split characters' },
    explain: { zh: '把一个字拆成几个部件来写', en: 'one character was written as its separate parts' },
  },
  lookalike: {
    label: { zh: '形近字', en: 'Look-alike characters' },
    explain: { zh: '用字形相近的字代替', en: 'characters that look similar were used instead' },
  },
  emoji: {
    label: { zh: '表情代字', en: 'Emoji for words' },
    explain: { zh: '用表情符号代替了文字', en: 'emoji stand in for words' },
  },
  contact: {
    label: { zh: '变形联系方式', en: 'Disguised contact details' },
    explain: {
      zh: '联系方式被改写，如「V信」「扣扣」「幺三八」',
      en: 'contact details were rewritten, such as “V信”, “扣扣” or digits spelled out',
    },
  },
  numerals: {
    label: { zh: '数字变体', en: 'Numerals in other styles' },
    explain: {
      zh: '用大写数字、圈号数字或「幺」这类谐音数字代替普通数字',
      en: 'digits were written as Chinese or circled numerals, or sound-alikes such as 幺 for 1',
    },
  },
  acrostic: {
    label: { zh: '藏头藏尾', en: 'Hidden acrostic' },
    explain: {
      zh: '把词藏在各行或各句的第一个字或最后一个字里',
      en: 'the word is hidden in the first or last characters of lines or sentences',
    },
  },
} as const satisfies Record<VariantKind, VariantLabel>;

const EXACT: VariantLabel = {
  label: { zh: '原样出现', en: 'Written as is' },
  explain: { zh: '没有变形，词语原样出现在文本里', en: 'no disguise: the term appears in the text as it is' },
};

/** The label for a variant kind; an unknown kind (from a newer engine or an old log row) shows its id. */
export function describeVariant(kind: string): VariantLabel {
  if (Object.hasOwn(VARIANT_LABELS, kind)) return VARIANT_LABELS[kind as keyof typeof VARIANT_LABELS];
  return { label: { zh: kind, en: kind }, explain: { zh: kind, en: kind } };
}

/** The label used when a match needed no disguise at all. */
export function describeExactMatch(): VariantLabel {
  return EXACT;
}

/** Every kind with a label, for the legend on the playground. */
export const LABELLED_VARIANT_KINDS = Object.keys(VARIANT_LABELS) as readonly VariantKind[];

const AGE_BAND_LABELS = {
  under_3: { zh: '3 岁以下', en: 'Under 3' },
  age_3_8: { zh: '3–8 岁', en: '3–8' },
  age_8_12: { zh: '8–12 岁', en: '8–12' },
  age_12_16: { zh: '12–16 岁', en: '12–16' },
  age_16_18: { zh: '16–18 岁', en: '16–18' },
  adult: { zh: '成年人', en: 'Adult' },
} as const satisfies Record<AgeBand, Phrase>;

const SURFACE_LABELS = {
  comment: { zh: '评论', en: 'Comment' },
  chat: { zh: '私聊', en: 'Chat' },
  username: { zh: '用户名', en: 'Username' },
  bio: { zh: '个人简介', en: 'Bio' },
  post: { zh: '帖子', en: 'Post' },
  search: { zh: '搜索词', en: 'Search' },
} as const satisfies Record<Surface, Phrase>;

function pick(table: Readonly<Record<string, Phrase>>, id: string, lang: Lang): string {
  const text = Object.hasOwn(table, id) ? (table[id]?.[lang] ?? id) : id;
  // The engine's shared glossary is written in lower case for running text; a table cell or a tag starts with a capital.
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The display name of a category id, from the engine's glossary (the id itself when unknown). */
export function categoryLabel(id: string, lang: Lang): string {
  return pick(CATEGORY_LABELS, id, lang);
}

/** The display name of an action. */
export function actionLabel(id: string, lang: Lang): string {
  return pick(ACTION_LABELS, id, lang);
}

/** The display name of a severity. */
export function severityLabel(id: string, lang: Lang): string {
  return pick(SEVERITY_LABELS, id, lang);
}

/** The display name of an age band. */
export function ageBandLabel(id: string, lang: Lang): string {
  return pick(AGE_BAND_LABELS, id, lang);
}

/** The display name of a surface. */
export function surfaceLabel(id: string, lang: Lang): string {
  return pick(SURFACE_LABELS, id, lang);
}

/**
 * A match's term as a person reads it. Rule findings name their kind in both languages at once ("微信号 WeChat id",
 * "电话号码 phone number"); a page shows the half in its own language. A lexicon term is shown as it is.
 */
export function termLabel(term: string, lang: Lang): string {
  const both = /^(\S*[\u3400-\u9fff]\S*) ([A-Za-z][A-Za-z -]*)$/.exec(term);
  if (both === null) return term;
  return lang === 'zh' ? (both[1] ?? term) : (both[2] ?? term);
}
