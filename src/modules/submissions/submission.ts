import { z } from 'zod';
import { charCount } from '../zh/index.js';

/**
 * A submission's life (../shared/design/content-model.md, 我要投稿):
 *   received → screening → in_review → (revision_requested ⇄ in_review) → accepted | declined | spam
 * and withdrawn (by the writer) or expired (the desk did not answer by the due date; the writer is then free to
 * offer the piece elsewhere, and the desk may still decide). Once accepted, "scheduled" and "published" are the
 * linked article's states, shown as the submission's (displayStatus).
 */
export const SUBMISSION_STATUSES = ['received', 'screening', 'in_review', 'revision_requested', 'accepted', 'declined', 'withdrawn', 'spam', 'expired'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export type DisplayStatus = SubmissionStatus | 'scheduled' | 'published';

export function isSubmissionStatus(value: string): value is SubmissionStatus {
  return (SUBMISSION_STATUSES as readonly string[]).includes(value);
}

/** The desk owes the writer an answer: these have a due date. */
export const AWAITING_DESK: readonly SubmissionStatus[] = ['received', 'screening', 'in_review'];
/** Still undecided (the writer may withdraw; the desk may decide). */
export const UNDECIDED: readonly SubmissionStatus[] = [...AWAITING_DESK, 'revision_requested', 'expired'];

export const STATUS_LABELS: Readonly<Record<DisplayStatus, { zh: string; en: string }>> = {
  received: { zh: '已收件', en: 'Received' },
  screening: { zh: '初審中', en: 'Screening' },
  in_review: { zh: '審稿中', en: 'In review' },
  revision_requested: { zh: '請作者修改', en: 'Revision requested' },
  accepted: { zh: '已採用', en: 'Accepted' },
  scheduled: { zh: '已排程刊出', en: 'Scheduled' },
  published: { zh: '已刊出', en: 'Published' },
  declined: { zh: '未採用', en: 'Declined' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  spam: { zh: '垃圾投稿', en: 'Spam' },
  expired: { zh: '逾期未回覆', en: 'Expired' },
};

/** What the writer declares about each picture's rights. */
export const IMAGE_RIGHTS = ['own', 'licensed', 'free'] as const;
export type ImageRights = (typeof IMAGE_RIGHTS)[number];
export const IMAGE_RIGHTS_LABELS: Readonly<Record<ImageRights, { zh: string; en: string }>> = {
  own: { zh: '本人拍攝或製作，同意授權本站使用', en: 'Taken or made by me; I license it to the site' },
  licensed: { zh: '已取得著作權人授權（請於來源註明）', en: 'Licensed from the rights holder (name them in the credit)' },
  free: { zh: '公有領域或創用 CC 授權（請於來源註明授權條款）', en: 'Public domain or Creative Commons (name the licence in the credit)' },
};

export const LIMITS = {
  realName: 40,
  penName: 20,
  bioLine: 60,
  email: 254,
  phone: 30,
  address: 200,
  occupation: 60,
  title: 60,
  lead: 300,
  conflicts: 500,
  caption: 200,
  credit: 60,
  message: 3000,
  note: 1000,
  reason: 3000,
} as const;

/** The body's limits, from the editorial settings (submissionMinChars / submissionMaxChars). */
export interface BodyLimits {
  readonly minChars: number;
  readonly maxChars: number;
}

export type Words = (zh: string, en: string) => string;
const zhOnly: Words = (zh) => zh;

// Control characters (other than line breaks and tabs in multi-line fields) are never meant: they come from
// broken copy-paste or from someone probing. Bidi overrides could make a name read differently in the desk.
const CONTROL_LINE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const CONTROL_TEXT = /[^\P{Cc}\n\t]|[\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/\u00A0/g, ' ').trim();
}

function line(t: Words, what: { zh: string; en: string }, max: number, required: boolean) {
  return z
    .string()
    .optional()
    .transform((v) => (v ?? '').replace(/\s+/gu, ' ').trim())
    .superRefine((v, ctx) => {
      if (required && v === '') ctx.addIssue({ code: 'custom', message: t(`請填寫${what.zh}`, `Enter ${what.en}`) });
      else if ([...v].length > max) ctx.addIssue({ code: 'custom', message: t(`${what.zh}最多 ${max} 字（目前 ${[...v].length} 字）`, `${cap(what.en)} is ${max} characters at most (now ${[...v].length})`) });
      else if (CONTROL_LINE.test(v)) ctx.addIssue({ code: 'custom', message: t(`${what.zh}含有無法顯示的控制字元，請重新輸入`, `${cap(what.en)} contains control characters; please type it again`) });
    });
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function text(t: Words, what: { zh: string; en: string }, max: number, required: boolean) {
  return z
    .string()
    .optional()
    .transform((v) => normaliseText(v ?? ''))
    .superRefine((v, ctx) => {
      if (required && v === '') ctx.addIssue({ code: 'custom', message: t(`請填寫${what.zh}`, `Enter ${what.en}`) });
      else if ([...v].length > max) ctx.addIssue({ code: 'custom', message: t(`${what.zh}最多 ${max} 字（目前 ${[...v].length} 字）`, `${cap(what.en)} is ${max} characters at most (now ${[...v].length})`) });
      else if (CONTROL_TEXT.test(v)) ctx.addIssue({ code: 'custom', message: t(`${what.zh}含有無法顯示的控制字元，請重新貼上`, `${cap(what.en)} contains control characters; please paste it again`) });
    });
}

/** The body: 字數 (characters without whitespace) within the desk's limits. */
export function bodySchema(limits: BodyLimits, t: Words = zhOnly) {
  return z
    .string()
    .optional()
    .transform((v) => normaliseText(v ?? ''))
    .superRefine((v, ctx) => {
      const n = charCount(v);
      if (n === 0) ctx.addIssue({ code: 'custom', message: t('請貼上或輸入文章內文', 'Paste or type the text of your piece') });
      else if (n < limits.minChars) ctx.addIssue({ code: 'custom', message: t(`內文至少 ${limits.minChars.toLocaleString('en-US')} 字（目前 ${n.toLocaleString('en-US')} 字）`, `The text needs at least ${limits.minChars.toLocaleString('en-US')} characters (now ${n.toLocaleString('en-US')})`) });
      else if (n > limits.maxChars) ctx.addIssue({ code: 'custom', message: t(`內文最多 ${limits.maxChars.toLocaleString('en-US')} 字（目前 ${n.toLocaleString('en-US')} 字），請刪減後再送出`, `The text is ${limits.maxChars.toLocaleString('en-US')} characters at most (now ${n.toLocaleString('en-US')}); please cut it`) });
      else if (CONTROL_TEXT.test(v)) ctx.addIssue({ code: 'custom', message: t('內文含有無法顯示的控制字元，請重新貼上', 'The text contains control characters; please paste it again') });
    });
}

const checked = (t: Words, zh: string, en: string) =>
  z
    .string()
    .optional()
    .refine((v) => v === 'on' || v === 'yes' || v === '1' || v === 'true', t(zh, en))
    .transform(() => true as const);

// A practical address check: one @, a dot in the domain, no spaces; what a mail server accepts is the real test.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/u;
const PHONE = /^[+\d][\d\s()#-]{6,29}$/u;

/** The public form's text fields (images are checked separately, by content). */
export function submissionFormSchema(limits: BodyLimits, t: Words = zhOnly) {
  return z.object({
    realName: line(t, { zh: '真實姓名', en: 'your real name' }, LIMITS.realName, true),
    penName: line(t, { zh: '筆名（刊出時的署名）', en: 'the name to publish under' }, LIMITS.penName, true).refine((v) => !/[／/●]/u.test(v), t('筆名不可含「／」或「●」（署名會寫成「●筆名／簡介」）', 'The name must not contain ／ or ● (the byline reads ●name／bio)')),
    email: line(t, { zh: '電子郵件', en: 'your e-mail address' }, LIMITS.email, true).refine((v) => v === '' || EMAIL.test(v), t('電子郵件格式不正確（例：name@example.com）', 'This is not an e-mail address (e.g. name@example.com)')),
    phone: line(t, { zh: '聯絡電話', en: 'a phone number' }, LIMITS.phone, true).refine((v) => v === '' || PHONE.test(v), t('電話只能有數字、空格、+、-、括號（例：0912-345-678）', 'A phone number has digits, spaces, +, - and brackets only (e.g. 0912-345-678)')),
    address: line(t, { zh: '通訊地址', en: 'a postal address' }, LIMITS.address, false),
    occupation: line(t, { zh: '職業', en: 'your occupation' }, LIMITS.occupation, true),
    bioLine: line(t, { zh: '作者簡介（一行）', en: 'the one-line bio' }, LIMITS.bioLine, true).refine((v) => !/^[●]/u.test(v), t('簡介不必加「●」，系統會自動排成「●筆名／簡介」', 'No need for ●: the byline is set as ●name／bio')),
    title: line(t, { zh: '標題', en: 'a title' }, LIMITS.title, true),
    lead: text(t, { zh: '導言', en: 'the lead' }, LIMITS.lead, false),
    body: bodySchema(limits, t),
    conflicts: text(t, { zh: '利益揭露（沒有請填「無」）', en: 'conflicts of interest (write “none” if there are none)' }, LIMITS.conflicts, true),
    declareOriginal: checked(t, '請確認本文為您的原創作品', 'Confirm that this is your original work'),
    declareExclusive: checked(t, '請確認本文未同時投給其他媒體（一稿多投）', 'Confirm that the piece is not offered to another outlet at the same time'),
    declareLicence: checked(t, '請確認同意授權條款', 'Agree to the licence terms'),
    consent: checked(t, '請閱讀並同意個人資料蒐集告知事項', 'Read and agree to the personal-data notice'),
    termsVersion: z.string().optional().transform((v) => (v ?? '').trim()),
  });
}
export type SubmissionForm = z.output<ReturnType<typeof submissionFormSchema>>;

/** A revision sent through the tracking page. */
export function revisionFormSchema(limits: BodyLimits, t: Words = zhOnly) {
  return z.object({
    title: line(t, { zh: '標題', en: 'a title' }, LIMITS.title, true),
    lead: text(t, { zh: '導言', en: 'the lead' }, LIMITS.lead, false),
    body: bodySchema(limits, t),
    note: text(t, { zh: '修改說明', en: 'a note on what changed' }, LIMITS.note, false),
  });
}
export type RevisionForm = z.output<ReturnType<typeof revisionFormSchema>>;

export function messageSchema(t: Words = zhOnly, what = { zh: '訊息', en: 'a message' }) {
  return z.object({ message: text(t, what, LIMITS.message, true) });
}

/** A picture as it arrives with a form: bytes plus what the writer typed beside it. */
export interface IncomingImage {
  readonly bytes: Buffer;
  readonly originalName: string | null;
  readonly caption: string;
  readonly credit: string;
  readonly rights: string;
}

export interface ImageProblemAt {
  /** 0-based position among the pictures sent. */
  readonly index: number;
  readonly field: 'file' | 'caption' | 'credit' | 'rights';
  readonly message: string;
}

/**
 * What the writer typed beside one picture (caption, credit, where the rights come from): the checks a form can
 * show before any file is read, and the same ones receiveSubmission makes.
 */
export function imageDetailProblems(image: Pick<IncomingImage, 'caption' | 'credit' | 'rights'>, index: number, t: Words = zhOnly): ImageProblemAt[] {
  const problems: ImageProblemAt[] = [];
  const caption = image.caption.replace(/\s+/gu, ' ').trim();
  const credit = image.credit.replace(/\s+/gu, ' ').trim();
  if (caption === '') problems.push({ index, field: 'caption', message: t('請填寫圖說', 'Enter a caption') });
  else if ([...caption].length > LIMITS.caption) problems.push({ index, field: 'caption', message: t(`圖說最多 ${LIMITS.caption} 字`, `A caption is ${LIMITS.caption} characters at most`) });
  if (credit === '') problems.push({ index, field: 'credit', message: t('請填寫圖片來源（例：作者提供、路透）', 'Enter the credit (e.g. the author, Reuters)') });
  else if ([...credit].length > LIMITS.credit) problems.push({ index, field: 'credit', message: t(`來源最多 ${LIMITS.credit} 字`, `A credit is ${LIMITS.credit} characters at most`) });
  if (!(IMAGE_RIGHTS as readonly string[]).includes(image.rights)) problems.push({ index, field: 'rights', message: t('請選擇這張圖片的授權來源', 'Say where the rights to this picture come from') });
  return problems;
}

/** 「●筆名／簡介」, the way the article will print it. */
export function bylinePreview(penName: string, bioLine: string): string {
  return `●${penName.trim() || '筆名'}／${bioLine.trim() || '簡介'}`;
}
