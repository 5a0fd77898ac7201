import { z } from 'zod';

/** A link in the site's header and footer (App, 粉絲團 …). */
export interface ChromeLink {
  label: string;
  url: string;
}

/** The settings editors change without a restart; the environment keeps infrastructure only. */
export interface EditorialSettings {
  /** The sentence under every opinion piece (「本文言論為作者個人意見…」); empty hides it. */
  disclaimer: string;
  /** Header and footer links, in order. */
  chromeLinks: ChromeLink[];
  /** Characters a reader reads a minute: 「閱讀約 N 分鐘」. */
  readingCharsPerMinute: number;
  /** Whether editors may schedule pieces themselves, or only a chief editor (or admin) may. */
  editorsMaySchedule: boolean;
  /** 投稿須知, shown by 我要投稿. */
  submissionGuidelines: string;
  submissionMinChars: number;
  submissionMaxChars: number;
  submissionMaxImages: number;
  submissionAnswerDays: number;
  submissionTellDeclined: boolean;
  submissionRetentionDays: number;
  submissionTermsVersion: string;
  submissionTerms: string;
  submissionDeclineTemplates: { label: string; text: string }[];
  extraHolidays: { date: string; name: string }[];
}

export const SETTING_KEYS = ['disclaimer', 'chromeLinks', 'readingCharsPerMinute', 'editorsMaySchedule', 'submissionGuidelines'] as const satisfies ReadonlyArray<keyof EditorialSettings>;

export const MAX_CHROME_LINKS = 8;
export const READING_SPEED = { min: 100, max: 2000, default: 450 } as const;

/** Any words that need two languages: the newsroom passes its translator; the default is zh-Hant. */
export type Words = (zh: string, en: string) => string;
const zhOnly: Words = (zh) => zh;

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_EXCEPT_NEWLINE = /[^\P{Cc}\n\t]|[\u2028\u2029]/u;

/**
 * A chrome link may go to the web (http, https) or to a page of this site (/contribute); never javascript:,
 * data: or a protocol-relative //host that a browser would read as another site.
 */
export function chromeUrlProblem(url: string, t: Words = zhOnly): string | null {
  if (url.length > 500) return t('網址太長（最多 500 字元）', 'The address is too long (500 characters at most)');
  if (/[\s\p{Cc}\\]/u.test(url)) return t('網址不可含空白、反斜線或控制字元', 'The address must not contain spaces, backslashes or control characters');
  if (url.startsWith('/')) {
    if (url.startsWith('//')) return t('站內網址以單一個 / 開頭（例：/contribute）', 'A site address starts with a single / (e.g. /contribute)');
    return null;
  }
  if (!/^https?:\/\//i.test(url)) return t('網址必須以 http://、https:// 或 / 開頭', 'The address must start with http://, https:// or /');
  try {
    const parsed = new URL(url);
    if (!parsed.hostname) throw new Error('no host');
  } catch {
    return t('這不是有效的網址', 'This is not a valid address');
  }
  return null;
}

function plainLine(max: number, t: Words, what: { zh: string; en: string }) {
  return z
    .string()
    .transform((v) => v.trim())
    .refine((v) => [...v].length <= max, t(`${what.zh}最多 ${max} 字`, `${what.en} is ${max} characters at most`))
    .refine((v) => !CONTROL.test(v), t(`${what.zh}不可含控制字元或換行`, `${what.en} must not contain control characters or line breaks`));
}

/**
 * The settings as one validated object. Chrome links arrive as rows (label, url); a row with both empty is
 * skipped, a half-filled row is an error beside the missing half.
 */
export function editorialSettingsSchema(t: Words = zhOnly) {
  const link = z.object({ label: z.string(), url: z.string() });
  return z.object({
    disclaimer: plainLine(300, t, { zh: '免責聲明', en: 'The disclaimer' }),
    readingCharsPerMinute: z
      .union([z.number(), z.string()])
      .transform((v) => (typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v.trim())))
      .refine(
        (n) => Number.isInteger(n) && n >= READING_SPEED.min && n <= READING_SPEED.max,
        t(`閱讀速度必須是 ${READING_SPEED.min} 到 ${READING_SPEED.max} 之間的整數（每分鐘字數）`, `Reading speed must be a whole number from ${READING_SPEED.min} to ${READING_SPEED.max} (characters a minute)`),
      ),
    editorsMaySchedule: z.boolean(),
    submissionGuidelines: z
      .string()
      .transform((v) => v.replace(/\r\n?/g, '\n').trim())
      .refine((v) => [...v].length <= 5000, t('投稿須知最多 5,000 字', 'Guidelines are 5,000 characters at most'))
      .refine((v) => !CONTROL_EXCEPT_NEWLINE.test(v), t('投稿須知不可含控制字元', 'Guidelines must not contain control characters')),
    chromeLinks: z
      .array(link)
      .superRefine((rows, ctx) => {
        rows.forEach((row, i) => {
          const label = row.label.trim();
          const url = row.url.trim();
          if (label === '' && url === '') return;
          if (label === '') ctx.addIssue({ code: 'custom', path: [i, 'label'], message: t('請填寫連結文字', 'Enter the link text') });
          else if ([...label].length > 20 || CONTROL.test(label)) {
            ctx.addIssue({ code: 'custom', path: [i, 'label'], message: t('連結文字最多 20 字，不含控制字元', 'Link text is 20 characters at most, without control characters') });
          }
          if (url === '') ctx.addIssue({ code: 'custom', path: [i, 'url'], message: t('請填寫網址', 'Enter the address') });
          else {
            const problem = chromeUrlProblem(url, t);
            if (problem) ctx.addIssue({ code: 'custom', path: [i, 'url'], message: problem });
          }
        });
      })
      .transform((rows) => rows.map((r) => ({ label: r.label.trim(), url: r.url.trim() })).filter((r) => r.label !== '' || r.url !== ''))
      .refine((rows) => rows.length <= MAX_CHROME_LINKS, t(`最多 ${MAX_CHROME_LINKS} 個連結`, `${MAX_CHROME_LINKS} links at most`)),
  });
}

export type EditorialSettingsInput = z.input<ReturnType<typeof editorialSettingsSchema>>;
