/** The languages of every page: Chinese first, English on request. */
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** True when the string names a page language. */
export function isLang(value: string | undefined): value is Lang {
  return value === 'zh' || value === 'en';
}
