import type { FastifyRequest } from 'fastify';

/**
 * The newsroom speaks zh-Hant first and English second. Every string a screen shows is written at its use as
 * `t('中文', 'English')`, so a screen can never show a key instead of words, and the two texts sit side by side
 * for whoever edits them. The choice is a cookie (a preference, not a secret), switched from the header.
 */
export type NewsroomLang = 'zh-Hant' | 'en';
export type Translate = (zh: string, en: string) => string;

export const LANG_COOKIE = 'opdesk_lang';

export function langOf(request: FastifyRequest): NewsroomLang {
  return request.cookies[LANG_COOKIE] === 'en' ? 'en' : 'zh-Hant';
}

export function translator(lang: NewsroomLang): Translate {
  return lang === 'en' ? (_zh, en) => en : (zh) => zh;
}

/** The html lang attribute and Intl locale for each choice. */
export const HTML_LANG: Record<NewsroomLang, string> = { 'zh-Hant': 'zh-Hant-TW', en: 'en' };

/** The first line of a form's problem summary, in the screen's language. */
export function problemsHeading(t: Translate): (count: number) => string {
  return (n) => t(`請修正以下 ${n} 個問題：`, n === 1 ? 'Please fix this problem:' : `Please fix these ${n} problems:`);
}
