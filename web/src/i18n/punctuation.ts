import i18n from 'i18next';

/**
 * Punctuation in the reader's language: full-width in Chinese (状态：草稿、已发布), ASCII with a space
 * in English (Status: Draft, Published). Pages join labels and values with these, never with a
 * literal full-width character, so English pages read as English (issue 23).
 */
export interface Punctuation {
  /** 状态：… / Status: … */
  colon: string;
  /** Items of a list: 、 / , */
  list: string;
  /** Clauses: ； / ; */
  semicolon: string;
  /** 、 inside a sentence: ， / , */
  comma: string;
  /** （…） / (…), with a space before it in English. */
  paren(text: string | number): string;
}

const zh: Punctuation = { colon: '：', list: '、', semicolon: '；', comma: '，', paren: (text) => `（${text}）` };
const en: Punctuation = { colon: ': ', list: ', ', semicolon: '; ', comma: ', ', paren: (text) => ` (${text})` };

/** The punctuation of the language the pages are shown in now. */
export function punct(language: string = i18n.language ?? 'zh-CN'): Punctuation {
  return language.startsWith('en') ? en : zh;
}
