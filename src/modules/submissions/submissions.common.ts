// What the writer's side, the desk and the housekeeping share: the deps, refusals, e-mail to the writer, the
// picture checks, due dates and the overlap check.
import { randomBytes } from 'node:crypto';
import type { ChangeFeed } from '../../platform/changes.js';
import type { Db } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import { queueMail } from '../../platform/mail/index.js';
import type { Clock } from '../../platform/time.js';
import { articleStates } from '../articles/index.js';
import { addBusinessDays, businessCalendar } from '../calendar/index.js';
import { checkedCleanCopy, ImageRejected, MAX_IMAGE_BYTES } from '../media/index.js';
import { findOverlaps, indexText, type Overlap } from '../overlap/index.js';
import { type EditorialSettings, getEditorialSettings } from '../settings/index.js';
import * as mails from './submission-mail.js';
import { type DisplayStatus, type ImageProblemAt, imageDetailProblems, type IncomingImage, type SubmissionStatus, type Words } from './submission.js';
import * as repo from './submissions.repo.js';

/** Absolute addresses the e-mails link to; the app builds them from the surfaces' paths and BASE_URL. */
export interface SubmissionLinks {
  tracking(token: string): string;
  article(id: number): string;
}

export interface SubmissionsDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
  readonly changes?: ChangeFeed;
  readonly config: Parameters<typeof getEditorialSettings>[0]['config'] & { readonly mediaDir: string; readonly site: { readonly name: string } };
  readonly links: SubmissionLinks;
}

/** A refusal the caller shows as it is, in both languages (the desk's wording or the writer's). */
export class SubmissionRefused extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(zh);
    this.name = 'SubmissionRefused';
  }
  say(t: Words): string {
    return t(this.zh, this.en);
  }
}

/** Images are refused one by one with the field to show the message beside. */
export class SubmissionImagesRejected extends Error {
  constructor(readonly problems: readonly ImageProblemAt[]) {
    super('images rejected');
    this.name = 'SubmissionImagesRejected';
  }
}

export const MAX_SUBMISSION_IMAGE_BYTES = Math.min(MAX_IMAGE_BYTES, 10 * 1024 * 1024);

export const ref = (id: number) => ({ kind: 'submission' as const, id });
export const mailRef = (id: number) => `submission:${id}`;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

export async function dueDate(deps: SubmissionsDeps, settings: EditorialSettings, from: Date): Promise<string> {
  const calendar = await businessCalendar(deps);
  return addBusinessDays(calendar, from, settings.submissionAnswerDays).toISOString();
}

export function mailContext(deps: SubmissionsDeps, row: { code: string; title: string; pen_name: string; tracking_token: string }): mails.MailContext {
  return { siteName: deps.config.site.name, code: row.code, title: row.title, penName: row.pen_name, trackingUrl: deps.links.tracking(row.tracking_token) };
}

export async function sendToWriter(deps: SubmissionsDeps, row: repo.SubmissionRow, mail: mails.MailText, at: string): Promise<void> {
  if (!row.email) return;
  await queueMail(deps, { to: row.email, ref: mailRef(row.id), zh: mail.zh, en: mail.en });
  await repo.insertEvent(deps.db.kysely, { submission_id: row.id, kind: 'email', user_id: null, status_from: null, status_to: null, body: mail.zh.subject, to_writer: 0, created_at: at });
}

/** Checks every picture (by content, as the media library does) and the writer's words about it. */
export async function checkImages(images: readonly IncomingImage[], settings: EditorialSettings, t: Words): Promise<Array<{ clean: Awaited<ReturnType<typeof checkedCleanCopy>>; image: IncomingImage }>> {
  const problems: ImageProblemAt[] = [];
  const out: Array<{ clean: Awaited<ReturnType<typeof checkedCleanCopy>>; image: IncomingImage }> = [];
  if (images.length > settings.submissionMaxImages) {
    problems.push({ index: settings.submissionMaxImages, field: 'file', message: t(`最多附 ${settings.submissionMaxImages} 張圖片`, `At most ${settings.submissionMaxImages} pictures`) });
  }
  for (const [index, image] of images.slice(0, settings.submissionMaxImages).entries()) {
    const caption = image.caption.replace(/\s+/gu, ' ').trim();
    const credit = image.credit.replace(/\s+/gu, ' ').trim();
    problems.push(...imageDetailProblems(image, index, t));
    if (image.bytes.length > MAX_SUBMISSION_IMAGE_BYTES) {
      problems.push({ index, field: 'file', message: t(`圖片超過 ${MAX_SUBMISSION_IMAGE_BYTES / 1048576} MB，請縮小後再上傳`, `The picture is over ${MAX_SUBMISSION_IMAGE_BYTES / 1048576} MB; resize it first`) });
      continue;
    }
    try {
      out.push({ clean: await checkedCleanCopy(image.bytes), image: { ...image, caption, credit } });
    } catch (error) {
      if (!(error instanceof ImageRejected)) throw error;
      problems.push({ index, field: 'file', message: t(error.reasonZh, error.reasonEn) });
    }
  }
  if (problems.length > 0) throw new SubmissionImagesRejected(problems);
  return out;
}

export async function storeVersionImages(deps: SubmissionsDeps, submissionId: number, version: number, checked: Awaited<ReturnType<typeof checkImages>>): Promise<void> {
  await repo.insertImages(
    deps.db.kysely,
    checked.map(({ clean, image }, position) => ({
      submission_id: submissionId,
      version,
      position,
      data: clean.bytes,
      mime: clean.mime,
      width: clean.width,
      height: clean.height,
      caption: image.caption,
      credit: image.credit,
      rights: image.rights,
      original_name: image.originalName ? [...image.originalName].slice(0, 200).join('') : null,
    })),
  );
}

export function fullText(title: string, lead: string | null, body: string): string {
  return [title, lead ?? '', body].join('\n');
}

/** Finds archive articles and other submissions the text largely repeats, and keeps the finding on the submission. */
export async function checkOverlaps(deps: SubmissionsDeps, submissionId: number, text: string): Promise<void> {
  try {
    const found = await findOverlaps(deps, text, { exclude: ref(submissionId), limit: 5, textOf: (r) => submissionText(deps, r.id) });
    await indexText(deps, ref(submissionId), text);
    await repo.updateSubmission(deps.db.kysely, submissionId, { overlaps: JSON.stringify(found.map(summariseOverlap)) });
  } catch (error) {
    // The check helps the desk; a piece that could not be checked is still received.
    deps.log.error({ err: error, submission: submissionId }, 'overlap check failed');
  }
}

export interface OverlapFinding {
  kind: 'article' | 'submission';
  id: number;
  share: number;
  passages: Array<{ ours: string; theirs: string }>;
}

export function summariseOverlap(o: Overlap): OverlapFinding {
  return { kind: o.ref.kind, id: o.ref.id, share: o.share, passages: o.passages.slice(0, 8).map((p) => ({ ours: p.ours, theirs: p.theirs })) };
}

export async function submissionText(deps: SubmissionsDeps, id: number): Promise<string | null> {
  const row = await repo.findById(deps.db.kysely, id);
  if (!row) return null;
  const versions = await repo.listVersions(deps.db.kysely, id);
  const current = versions.find((v) => v.version === row.current_version);
  return current ? fullText(current.title, current.lead, current.body) : null;
}

export async function displayStatus(deps: SubmissionsDeps, row: repo.SubmissionRow): Promise<DisplayStatus> {
  if (row.status !== 'accepted' || row.article_id === null) return row.status as SubmissionStatus;
  const state = await articleState(deps, row.article_id);
  return state === 'published' ? 'published' : state === 'scheduled' ? 'scheduled' : 'accepted';
}

export async function articleState(deps: SubmissionsDeps, articleId: number): Promise<string | null> {
  return (await articleStates(deps, [articleId])).get(articleId) ?? null;
}
