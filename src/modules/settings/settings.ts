import { z } from 'zod';

/** A link in the site's header and footer (App, 粉絲團 …). */
export interface ChromeLink {
  label: string;
  url: string;
}

/** A reply the desk starts from when it declines a submission (「題材近期已有刊出」 …). */
export interface DeclineTemplate {
  label: string;
  text: string;
}

/** A day off an admin adds on top of the shipped public-holiday calendar (颱風假, a company day). */
export interface ExtraHoliday {
  /** Taipei calendar date, YYYY-MM-DD. */
  date: string;
  name: string;
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
  /** Body length limits for a submission, in characters (字數); min < max. */
  submissionMinChars: number;
  submissionMaxChars: number;
  /** Images a writer may attach. */
  submissionMaxImages: number;
  /** Business days the desk has to answer before the writer is told they may offer the piece elsewhere. */
  submissionAnswerDays: number;
  /** Whether a declined writer gets an e-mail. */
  submissionTellDeclined: boolean;
  /** Days after which the personal data of declined, withdrawn, expired and spam submissions is purged. */
  submissionRetentionDays: number;
  /** Names the text below in each writer's consent record; a new text needs a new version. */
  submissionTermsVersion: string;
  /** The personal-data notice and licence terms a writer consents to (plain text, blank lines between paragraphs). */
  submissionTerms: string;
  /** Replies to start a decline from, in order. */
  submissionDeclineTemplates: DeclineTemplate[];
  /** Days off on top of the shipped calendar, sorted by date; the business-day calendar skips them. */
  extraHolidays: ExtraHoliday[];
}

export const SETTING_KEYS = [
  'disclaimer',
  'chromeLinks',
  'readingCharsPerMinute',
  'editorsMaySchedule',
  'submissionGuidelines',
  'submissionMinChars',
  'submissionMaxChars',
  'submissionMaxImages',
  'submissionAnswerDays',
  'submissionTellDeclined',
  'submissionRetentionDays',
  'submissionTermsVersion',
  'submissionTerms',
  'submissionDeclineTemplates',
  'extraHolidays',
] as const satisfies ReadonlyArray<keyof EditorialSettings>;

export const MAX_CHROME_LINKS = 8;
export const READING_SPEED = { min: 100, max: 2000, default: 450 } as const;
/** Bounds of the submission settings (inclusive). */
export const SUBMISSION_LIMITS = {
  chars: { min: 100, max: 20000 },
  images: { min: 0, max: 10 },
  answerDays: { min: 1, max: 30 },
  retentionDays: { min: 7, max: 3650 },
  termsChars: 10000,
  termsVersionChars: 40,
} as const;
export const MAX_DECLINE_TEMPLATES = 8;
export const MAX_EXTRA_HOLIDAYS = 200;

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

/** A whole number within bounds, typed into a form (a string) or stored (a number). */
function wholeNumber(min: number, max: number, message: string) {
  return z
    .union([z.number(), z.string()])
    .transform((v) => (typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v.trim())))
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, message);
}

function plainText(max: number, t: Words, what: { zh: string; en: string }, required: boolean) {
  return z
    .string()
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .refine((v) => !required || v !== '', t(`請填寫${what.zh}`, `Enter ${what.en.toLowerCase()}`))
    .refine((v) => [...v].length <= max, t(`${what.zh}最多 ${max.toLocaleString('en')} 字`, `${what.en} is ${max.toLocaleString('en')} characters at most`))
    .refine((v) => !CONTROL_EXCEPT_NEWLINE.test(v), t(`${what.zh}不可含控制字元`, `${what.en} must not contain control characters`));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether YYYY-MM-DD names a day that exists (no 2026-02-30), within years anyone would plan for. */
export function isCalendarDate(date: string): boolean {
  const m = ISO_DATE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000 || y > 2100) return false;
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/**
 * Extra days off, typed one a line (`2026-09-28 颱風假`) or stored as rows. Every problem names its line, so a long
 * list can be fixed without hunting; the result is sorted by date.
 */
function extraHolidaysSchema(t: Words) {
  const row = z.object({ date: z.string(), name: z.string() });
  return z.union([z.string(), z.array(row)]).transform((input, ctx) => {
    const lines = typeof input === 'string' ? input.split(/\r\n?|\n/) : input.map((r) => `${r.date} ${r.name}`);
    const problems: string[] = [];
    const out: ExtraHoliday[] = [];
    const seen = new Map<string, number>();
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      const n = i + 1;
      const shown = [...line].length > 30 ? `${[...line].slice(0, 30).join('')}…` : line;
      const m = /^(\S+)(?:\s+(.*))?$/u.exec(line);
      const date = m?.[1] ?? '';
      const name = (m?.[2] ?? '').trim();
      if (!ISO_DATE.test(date)) {
        problems.push(t(`第 ${n} 行「${shown}」：日期請寫成 YYYY-MM-DD，例：2026-09-28 颱風假`, `Line ${n} “${shown}”: write the date as YYYY-MM-DD, e.g. 2026-09-28 Typhoon day`));
      } else if (!isCalendarDate(date)) {
        problems.push(t(`第 ${n} 行「${shown}」：${date} 不是存在的日期`, `Line ${n} “${shown}”: ${date} is not a real date`));
      } else if (name === '') {
        problems.push(t(`第 ${n} 行「${shown}」：請在日期後寫上名稱，例：${date} 颱風假`, `Line ${n} “${shown}”: add a name after the date, e.g. ${date} Typhoon day`));
      } else if ([...name].length > 20 || CONTROL.test(name)) {
        problems.push(t(`第 ${n} 行「${shown}」：名稱最多 20 字，不含控制字元`, `Line ${n} “${shown}”: the name is 20 characters at most, without control characters`));
      } else if (seen.has(date)) {
        problems.push(t(`第 ${n} 行「${shown}」：${date} 已在第 ${seen.get(date)} 行列過`, `Line ${n} “${shown}”: ${date} is already on line ${seen.get(date)}`));
      } else {
        seen.set(date, n);
        out.push({ date, name });
      }
    });
    if (problems.length === 0 && out.length > MAX_EXTRA_HOLIDAYS) {
      problems.push(t(`最多 ${MAX_EXTRA_HOLIDAYS} 天；過去的日子可以刪掉`, `${MAX_EXTRA_HOLIDAYS} days at most; past days may be removed`));
    }
    if (problems.length > 0) {
      const more = problems.length > 3 ? t(`（另有 ${problems.length - 3} 行有問題）`, ` (and ${problems.length - 3} more lines)`) : '';
      ctx.addIssue({ code: 'custom', message: problems.slice(0, 3).join(t('；', '; ')) + more });
      return z.NEVER;
    }
    return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  });
}

/**
 * The settings as one validated object. Chrome links arrive as rows (label, url); a row with both empty is
 * skipped, a half-filled row is an error beside the missing half.
 */
export function editorialSettingsSchema(t: Words = zhOnly) {
  const L = SUBMISSION_LIMITS;
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
    submissionMinChars: wholeNumber(
      L.chars.min,
      L.chars.max,
      t(`最少字數必須是 ${L.chars.min} 到 ${L.chars.max} 之間的整數`, `The minimum length must be a whole number from ${L.chars.min} to ${L.chars.max}`),
    ),
    submissionMaxChars: wholeNumber(
      L.chars.min,
      L.chars.max,
      t(`最多字數必須是 ${L.chars.min} 到 ${L.chars.max} 之間的整數`, `The maximum length must be a whole number from ${L.chars.min} to ${L.chars.max}`),
    ),
    submissionMaxImages: wholeNumber(
      L.images.min,
      L.images.max,
      t(`圖片張數上限必須是 ${L.images.min} 到 ${L.images.max} 之間的整數`, `The image limit must be a whole number from ${L.images.min} to ${L.images.max}`),
    ),
    submissionAnswerDays: wholeNumber(
      L.answerDays.min,
      L.answerDays.max,
      t(`回覆期限必須是 ${L.answerDays.min} 到 ${L.answerDays.max} 之間的整數（工作天）`, `The answer time must be a whole number from ${L.answerDays.min} to ${L.answerDays.max} (business days)`),
    ),
    submissionTellDeclined: z.boolean(),
    submissionRetentionDays: wholeNumber(
      L.retentionDays.min,
      L.retentionDays.max,
      t(`保存天數必須是 ${L.retentionDays.min} 到 ${L.retentionDays.max} 之間的整數`, `The retention must be a whole number of days from ${L.retentionDays.min} to ${L.retentionDays.max}`),
    ),
    submissionTermsVersion: plainLine(L.termsVersionChars, t, { zh: '條款版本', en: 'The terms version' }).refine((v) => v !== '', t('請填寫條款版本（例：2026-12-01）', 'Enter the terms version (e.g. 2026-12-01)')),
    submissionTerms: plainText(L.termsChars, t, { zh: '投稿條款', en: 'The submission terms' }, true),
    submissionDeclineTemplates: z
      .array(z.object({ label: z.string(), text: z.string() }))
      .superRefine((rows, ctx) => {
        rows.forEach((row, i) => {
          const label = row.label.trim();
          const text = row.text.replace(/\r\n?/g, '\n').trim();
          if (label === '' && text === '') return;
          if (label === '') ctx.addIssue({ code: 'custom', path: [i, 'label'], message: t('請填寫範本名稱', 'Enter the template’s name') });
          else if ([...label].length > 20 || CONTROL.test(label)) {
            ctx.addIssue({ code: 'custom', path: [i, 'label'], message: t('範本名稱最多 20 字，不含控制字元', 'A template’s name is 20 characters at most, without control characters') });
          }
          if (text === '') ctx.addIssue({ code: 'custom', path: [i, 'text'], message: t('請填寫回覆內容', 'Enter the reply') });
          else if ([...text].length > 2000 || CONTROL_EXCEPT_NEWLINE.test(text)) {
            ctx.addIssue({ code: 'custom', path: [i, 'text'], message: t('回覆內容最多 2,000 字，不含控制字元', 'A reply is 2,000 characters at most, without control characters') });
          }
        });
      })
      .transform((rows) => rows.map((r) => ({ label: r.label.trim(), text: r.text.replace(/\r\n?/g, '\n').trim() })).filter((r) => r.label !== '' || r.text !== ''))
      .refine((rows) => rows.length <= MAX_DECLINE_TEMPLATES, t(`最多 ${MAX_DECLINE_TEMPLATES} 個範本`, `${MAX_DECLINE_TEMPLATES} templates at most`)),
    extraHolidays: extraHolidaysSchema(t),
  }).superRefine(
    (s, ctx) => {
      if (s.submissionMinChars >= s.submissionMaxChars) {
        ctx.addIssue({
          code: 'custom',
          path: ['submissionMaxChars'],
          message: t(`最多字數必須大於最少字數（${s.submissionMinChars}）`, `The maximum length must be more than the minimum (${s.submissionMinChars})`),
        });
      }
    },
    // Compared whenever both lengths are good, so this shows up with the form's other problems, not after them.
    { when: ({ value }) => [(value as Partial<EditorialSettings>).submissionMinChars, (value as Partial<EditorialSettings>).submissionMaxChars].every((n) => Number.isInteger(n) && (n as number) >= L.chars.min && (n as number) <= L.chars.max) },
  );
}

export type EditorialSettingsInput = z.input<ReturnType<typeof editorialSettingsSchema>>;
