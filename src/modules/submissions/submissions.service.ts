import { randomBytes } from 'node:crypto';
import type { ChangeFeed } from '../../platform/changes.js';
import { type Db, inTransaction } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import { forgetMail, queueMail } from '../../platform/mail/index.js';
import { toTaipeiIso, type Clock } from '../../platform/time.js';
import { articleStates, type BodyBlock, createDraft, emptyContent, type FigureBlock } from '../articles/index.js';
import { addBusinessDays, businessCalendar } from '../calendar/index.js';
import { bodyFromText } from '../importer/index.js';
import { checkedCleanCopy, ImageRejected, MAX_IMAGE_BYTES, storeImageInLibrary, updateImageDetails, getLibraryImage } from '../media/index.js';
import { findOverlaps, forgetText, indexText, type Overlap } from '../overlap/index.js';
import { type EditorialSettings, getEditorialSettings } from '../settings/index.js';
import { charCount } from '../zh/index.js';
import * as repo from './submissions.repo.js';
import {
  AWAITING_DESK,
  type DisplayStatus,
  type ImageProblemAt,
  imageDetailProblems,
  type IncomingImage,
  isSubmissionStatus,
  LIMITS,
  type RevisionForm,
  type SubmissionForm,
  type SubmissionStatus,
  UNDECIDED,
  type Words,
} from './submission.js';
import * as mails from './submission-mail.js';

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

const ref = (id: number) => ({ kind: 'submission' as const, id });
const mailRef = (id: number) => `submission:${id}`;

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

async function dueDate(deps: SubmissionsDeps, settings: EditorialSettings, from: Date): Promise<string> {
  const calendar = await businessCalendar(deps);
  return addBusinessDays(calendar, from, settings.submissionAnswerDays).toISOString();
}

function mailContext(deps: SubmissionsDeps, row: { code: string; title: string; pen_name: string; tracking_token: string }): mails.MailContext {
  return { siteName: deps.config.site.name, code: row.code, title: row.title, penName: row.pen_name, trackingUrl: deps.links.tracking(row.tracking_token) };
}

async function sendToWriter(deps: SubmissionsDeps, row: repo.SubmissionRow, mail: mails.MailText, at: string): Promise<void> {
  if (!row.email) return;
  await queueMail(deps, { to: row.email, ref: mailRef(row.id), zh: mail.zh, en: mail.en });
  await repo.insertEvent(deps.db.kysely, { submission_id: row.id, kind: 'email', user_id: null, status_from: null, status_to: null, body: mail.zh.subject, to_writer: 0, created_at: at });
}

/** Checks every picture (by content, as the media library does) and the writer's words about it. */
async function checkImages(images: readonly IncomingImage[], settings: EditorialSettings, t: Words): Promise<Array<{ clean: Awaited<ReturnType<typeof checkedCleanCopy>>; image: IncomingImage }>> {
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

async function storeVersionImages(deps: SubmissionsDeps, submissionId: number, version: number, checked: Awaited<ReturnType<typeof checkImages>>): Promise<void> {
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

function fullText(title: string, lead: string | null, body: string): string {
  return [title, lead ?? '', body].join('\n');
}

/** Finds archive articles and other submissions the text largely repeats, and keeps the finding on the submission. */
async function checkOverlaps(deps: SubmissionsDeps, submissionId: number, text: string): Promise<void> {
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

function summariseOverlap(o: Overlap): OverlapFinding {
  return { kind: o.ref.kind, id: o.ref.id, share: o.share, passages: o.passages.slice(0, 8).map((p) => ({ ours: p.ours, theirs: p.theirs })) };
}

async function submissionText(deps: SubmissionsDeps, id: number): Promise<string | null> {
  const row = await repo.findById(deps.db.kysely, id);
  if (!row) return null;
  const versions = await repo.listVersions(deps.db.kysely, id);
  const current = versions.find((v) => v.version === row.current_version);
  return current ? fullText(current.title, current.lead, current.body) : null;
}

export interface Received {
  readonly id: number;
  readonly code: string;
  readonly token: string;
}

/**
 * 我要投稿: stores what the writer sent (text, cleaned pictures, declarations, the terms version consented to),
 * gives it a code and a private tracking token, sets the desk's due date and queues the acknowledgement — all or
 * nothing. Pictures that fail a check throw SubmissionImagesRejected and nothing is stored.
 */
export async function receiveSubmission(deps: SubmissionsDeps, form: SubmissionForm, images: readonly IncomingImage[], t: Words = (zh) => zh): Promise<Received> {
  const settings = await getEditorialSettings(deps);
  if (form.termsVersion !== '' && form.termsVersion !== settings.submissionTermsVersion) {
    // The writer read an older notice than the one in force (the form sat open across a change): ask again.
    throw new SubmissionRefused('terms_changed', '個人資料告知事項已更新，請重新閱讀後再勾選同意', 'The personal-data notice has changed; please read it again and tick to agree.');
  }
  const checked = await checkImages(images, settings, t);
  const now = deps.clock.now();
  const at = now.toISOString();
  const due = await dueDate(deps, settings, now);
  const token = newToken();
  const year = Number(toTaipeiIso(at).slice(0, 4));
  const received = await inTransaction(deps, async (tx) => {
    const n = await repo.nextNumber(tx.db.kysely, year);
    const code = `S-${year}-${String(n).padStart(6, '0')}`;
    const count = charCount(form.body);
    const id = await repo.insertSubmission(tx.db.kysely, {
      code,
      tracking_token: token,
      status: 'received',
      pen_name: form.penName,
      bio_line: form.bioLine,
      real_name: form.realName,
      email: form.email,
      phone: form.phone,
      address: form.address === '' ? null : form.address,
      occupation: form.occupation,
      conflicts: form.conflicts,
      declared_original: 1,
      declared_exclusive: 1,
      declared_licence: 1,
      terms_version: settings.submissionTermsVersion,
      consented_at: at,
      current_version: 1,
      title: form.title,
      char_count: count,
      assignee_id: null,
      due_at: due,
      expiry_noticed_at: null,
      decided_at: null,
      decision_reason: null,
      article_id: null,
      published_noticed_at: null,
      purge_after: null,
      purged_at: null,
      overlaps: '[]',
      created_at: at,
      updated_at: at,
    });
    await repo.insertVersion(tx.db.kysely, { submission_id: id, version: 1, title: form.title, lead: form.lead === '' ? null : form.lead, body: form.body, char_count: count, note: null, created_at: at });
    await storeVersionImages(tx, id, 1, checked);
    await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'received', user_id: null, status_from: null, status_to: 'received', body: null, to_writer: 1, created_at: at });
    const row = await repo.findById(tx.db.kysely, id);
    await sendToWriter(tx, row!, mails.receivedMail(mailContext(tx, row!), due), at);
    return { id, code, token };
  });
  // Logged by code only: the writer's name and address stay out of the logs.
  deps.log.info({ submission: received.code, chars: charCount(form.body), images: checked.length }, 'submission received');
  await checkOverlaps(deps, received.id, fullText(form.title, form.lead, form.body));
  return received;
}

// —— The writer's side: everything by the private token ——

export interface TrackingImage {
  id: number;
  version: number;
  caption: string;
  credit: string;
  width: number;
  height: number;
}

export interface TrackingMessage {
  at: string;
  from: 'desk' | 'writer';
  kind: string;
  body: string | null;
  statusTo: DisplayStatus | null;
}

export interface TrackingView {
  id: number;
  code: string;
  status: DisplayStatus;
  title: string;
  penName: string;
  bioLine: string;
  receivedAt: string;
  dueAt: string | null;
  version: number;
  latest: { title: string; lead: string | null; body: string; charCount: number } | null;
  images: TrackingImage[];
  messages: TrackingMessage[];
  articleId: number | null;
  mayWithdraw: boolean;
  mayRevise: boolean;
  mayReply: boolean;
  purged: boolean;
  limits: { minChars: number; maxChars: number; maxImages: number };
}

async function displayStatus(deps: SubmissionsDeps, row: repo.SubmissionRow): Promise<DisplayStatus> {
  if (row.status !== 'accepted' || row.article_id === null) return row.status as SubmissionStatus;
  const state = await articleState(deps, row.article_id);
  return state === 'published' ? 'published' : state === 'scheduled' ? 'scheduled' : 'accepted';
}

async function articleState(deps: SubmissionsDeps, articleId: number): Promise<string | null> {
  return (await articleStates(deps, [articleId])).get(articleId) ?? null;
}

export async function trackSubmission(deps: SubmissionsDeps, token: string): Promise<TrackingView | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await repo.findByToken(deps.db.kysely, token);
  if (!row) return null;
  const settings = await getEditorialSettings(deps);
  const versions = await repo.listVersions(deps.db.kysely, row.id);
  const latest = versions.find((v) => v.version === row.current_version) ?? null;
  const events = await repo.listEvents(deps.db.kysely, row.id, true);
  const images = (await repo.listImageMeta(deps.db.kysely, row.id)).filter((i) => i.version === row.current_version);
  const status = await displayStatus(deps, row);
  const open = row.purged_at === null && (UNDECIDED as readonly string[]).includes(row.status);
  return {
    id: row.id,
    code: row.code,
    status,
    title: row.title,
    penName: row.pen_name,
    bioLine: row.bio_line,
    receivedAt: row.created_at,
    dueAt: (AWAITING_DESK as readonly string[]).includes(row.status) ? row.due_at : null,
    version: row.current_version,
    latest: latest ? { title: latest.title, lead: latest.lead, body: latest.body, charCount: latest.char_count } : null,
    images: images.map((i) => ({ id: i.id, version: i.version, caption: i.caption, credit: i.credit, width: i.width, height: i.height })),
    messages: events.map((e) => ({
      at: e.created_at,
      from: e.kind === 'reply' || e.kind === 'revised' || e.kind === 'withdrawn' || e.kind === 'received' ? 'writer' : 'desk',
      kind: e.kind,
      body: e.body,
      statusTo: e.status_to && isSubmissionStatus(e.status_to) ? e.status_to : null,
    })),
    articleId: status === 'published' ? row.article_id : null,
    mayWithdraw: open,
    mayRevise: row.purged_at === null && row.status === 'revision_requested',
    mayReply: row.purged_at === null && row.status !== 'spam' && row.status !== 'withdrawn',
    purged: row.purged_at !== null,
    limits: { minChars: settings.submissionMinChars, maxChars: settings.submissionMaxChars, maxImages: settings.submissionMaxImages },
  };
}

/** A picture of the submission, for the tracking page and the desk only (never cached, never public). */
export async function submissionImage(deps: { readonly db: Db }, submissionId: number, imageId: number): Promise<{ data: Buffer; mime: string } | null> {
  return (await repo.imageData(deps.db.kysely, submissionId, imageId)) ?? null;
}

async function byToken(deps: SubmissionsDeps, token: string): Promise<repo.SubmissionRow> {
  const row = /^[A-Za-z0-9_-]{43}$/.test(token) ? await repo.findByToken(deps.db.kysely, token) : undefined;
  if (!row) throw new SubmissionRefused('not_found', '找不到這份投稿（連結可能不完整）', 'No such submission (the link may be incomplete).');
  return row;
}

const refusedClosed = () => new SubmissionRefused('closed', '這份投稿已有結果，無法再變更', 'This submission has been decided and can no longer be changed.');

export async function withdrawSubmission(deps: SubmissionsDeps, token: string): Promise<void> {
  const at = deps.clock.now().toISOString();
  const settings = await getEditorialSettings(deps);
  await inTransaction(deps, async (tx) => {
    const row = await byToken(tx, token);
    const changed = await repo.updateSubmission(
      tx.db.kysely,
      row.id,
      { status: 'withdrawn', decided_at: at, updated_at: at, purge_after: plusDays(at, settings.submissionRetentionDays) },
      UNDECIDED,
    );
    if (!changed) throw refusedClosed();
    await repo.insertEvent(tx.db.kysely, { submission_id: row.id, kind: 'withdrawn', user_id: null, status_from: row.status, status_to: 'withdrawn', body: null, to_writer: 1, created_at: at });
    await sendToWriter(tx, row, mails.withdrawnMail(mailContext(tx, row)), at);
  });
}

export async function replyFromWriter(deps: SubmissionsDeps, token: string, message: string): Promise<void> {
  const at = deps.clock.now().toISOString();
  await inTransaction(deps, async (tx) => {
    const row = await byToken(tx, token);
    if (row.purged_at !== null || row.status === 'spam' || row.status === 'withdrawn') throw refusedClosed();
    await repo.insertEvent(tx.db.kysely, { submission_id: row.id, kind: 'reply', user_id: null, status_from: null, status_to: null, body: message, to_writer: 1, created_at: at });
    await repo.updateSubmission(tx.db.kysely, row.id, { updated_at: at });
  });
}

/** The revision the desk asked for: a new version (the earlier ones stay as sent), back to review with a new due date. */
export async function reviseSubmission(deps: SubmissionsDeps, token: string, form: RevisionForm, images: readonly IncomingImage[] | 'keep', t: Words = (zh) => zh): Promise<{ version: number }> {
  const settings = await getEditorialSettings(deps);
  const checked = images === 'keep' ? null : await checkImages(images, settings, t);
  const now = deps.clock.now();
  const at = now.toISOString();
  const due = await dueDate(deps, settings, now);
  const result = await inTransaction(deps, async (tx) => {
    const row = await byToken(tx, token);
    if (row.status !== 'revision_requested' || row.purged_at !== null) {
      throw new SubmissionRefused('not_requested', '編輯部目前沒有請您修改這份投稿', 'The desk has not asked for a revision of this submission.');
    }
    const version = row.current_version + 1;
    const count = charCount(form.body);
    const changed = await repo.updateSubmission(
      tx.db.kysely,
      row.id,
      { current_version: version, title: form.title, char_count: count, status: 'in_review', due_at: due, updated_at: at },
      ['revision_requested'],
    );
    if (!changed) throw refusedClosed();
    await repo.insertVersion(tx.db.kysely, { submission_id: row.id, version, title: form.title, lead: form.lead === '' ? null : form.lead, body: form.body, char_count: count, note: form.note === '' ? null : form.note, created_at: at });
    if (checked) await storeVersionImages(tx, row.id, version, checked);
    else {
      // The pictures the writer did not replace go with the new version as they were.
      const previous = await repo.versionImages(tx.db.kysely, row.id, row.current_version);
      await repo.insertImages(tx.db.kysely, previous.map(({ id: _id, ...rest }) => ({ ...rest, version })));
    }
    await repo.insertEvent(tx.db.kysely, { submission_id: row.id, kind: 'revised', user_id: null, status_from: row.status, status_to: 'in_review', body: form.note === '' ? null : form.note, to_writer: 1, created_at: at });
    await sendToWriter(tx, { ...row, title: form.title }, mails.revisionReceivedMail(mailContext(tx, { ...row, title: form.title }), version, due), at);
    return { id: row.id, version };
  });
  await checkOverlaps(deps, result.id, fullText(form.title, form.lead, form.body));
  return { version: result.version };
}

// —— The desk ——

export interface DeskActor {
  /** Null for the system itself (demo content, a script). */
  readonly userId: number | null;
}

export interface QueueItem {
  id: number;
  code: string;
  status: DisplayStatus;
  title: string;
  penName: string;
  charCount: number;
  receivedAt: string;
  updatedAt: string;
  dueAt: string | null;
  overdue: boolean;
  assigneeId: number | null;
  version: number;
  overlapShare: number;
}

export interface QueueOptions {
  statuses?: readonly SubmissionStatus[];
  assigneeId?: number | null;
  unassigned?: boolean;
  overdue?: boolean;
  query?: string;
  page: number;
  pageSize: number;
}

export async function listSubmissionQueue(deps: SubmissionsDeps, options: QueueOptions): Promise<{ items: QueueItem[]; hasMore: boolean; counts: Record<string, number> }> {
  const now = deps.clock.now().toISOString();
  const rows = await repo.listQueue(deps.db.kysely, {
    ...(options.statuses ? { statuses: options.statuses } : {}),
    ...(options.assigneeId != null ? { assigneeId: options.assigneeId } : {}),
    ...(options.unassigned ? { unassigned: true } : {}),
    ...(options.overdue ? { overdueAt: now, statuses: options.statuses ?? AWAITING_DESK } : {}),
    ...(options.query ? { query: options.query } : {}),
    offset: (options.page - 1) * options.pageSize,
    limit: options.pageSize + 1,
  });
  const items: QueueItem[] = [];
  for (const row of rows.slice(0, options.pageSize)) {
    const overlaps = JSON.parse(row.overlaps) as OverlapFinding[];
    const awaiting = (AWAITING_DESK as readonly string[]).includes(row.status);
    items.push({
      id: row.id,
      code: row.code,
      status: await displayStatus(deps, row),
      title: row.title,
      penName: row.pen_name,
      charCount: row.char_count,
      receivedAt: row.created_at,
      updatedAt: row.updated_at,
      dueAt: awaiting ? row.due_at : null,
      overdue: awaiting && row.due_at !== null && row.due_at <= now,
      assigneeId: row.assignee_id,
      version: row.current_version,
      overlapShare: overlaps.reduce((m, o) => Math.max(m, o.share), 0),
    });
  }
  return { items, hasMore: rows.length > options.pageSize, counts: Object.fromEntries(await repo.countByStatus(deps.db.kysely)) };
}

/** The desk overview's line: pieces waiting for the desk's answer, and how many of them are overdue. */
export async function submissionDeskSummary(deps: { readonly db: Db; readonly clock: Clock }): Promise<{ waiting: number; overdue: number }> {
  return repo.countAwaiting(deps.db.kysely, AWAITING_DESK, deps.clock.now().toISOString());
}

export interface DeskVersion {
  version: number;
  title: string;
  lead: string | null;
  body: string;
  charCount: number;
  note: string | null;
  createdAt: string;
  images: Array<{ id: number; caption: string; credit: string; rights: string; width: number; height: number; mime: string; originalName: string | null }>;
}

export interface DeskEvent {
  id: number;
  at: string;
  kind: string;
  userId: number | null;
  statusFrom: string | null;
  statusTo: string | null;
  body: string | null;
  toWriter: boolean;
}

export interface DeskSubmission {
  id: number;
  code: string;
  status: DisplayStatus;
  storedStatus: SubmissionStatus;
  title: string;
  penName: string;
  bioLine: string;
  /** Private: the desk only. Null once purged. */
  contact: { realName: string | null; email: string | null; phone: string | null; address: string | null; occupation: string | null; conflicts: string | null };
  declarations: { original: boolean; exclusive: boolean; licence: boolean; termsVersion: string; consentedAt: string };
  receivedAt: string;
  updatedAt: string;
  dueAt: string | null;
  overdue: boolean;
  expiryNoticedAt: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  assigneeId: number | null;
  articleId: number | null;
  purgeAfter: string | null;
  purgedAt: string | null;
  versions: DeskVersion[];
  events: DeskEvent[];
  overlaps: OverlapFinding[];
}

export async function getSubmissionForDesk(deps: SubmissionsDeps, id: number): Promise<DeskSubmission | null> {
  const row = await repo.findById(deps.db.kysely, id);
  if (!row) return null;
  const now = deps.clock.now().toISOString();
  const versions = await repo.listVersions(deps.db.kysely, id);
  const images = await repo.listImageMeta(deps.db.kysely, id);
  const events = await repo.listEvents(deps.db.kysely, id, false);
  const awaiting = (AWAITING_DESK as readonly string[]).includes(row.status);
  return {
    id: row.id,
    code: row.code,
    status: await displayStatus(deps, row),
    storedStatus: row.status as SubmissionStatus,
    title: row.title,
    penName: row.pen_name,
    bioLine: row.bio_line,
    contact: { realName: row.real_name, email: row.email, phone: row.phone, address: row.address, occupation: row.occupation, conflicts: row.conflicts },
    declarations: { original: row.declared_original === 1, exclusive: row.declared_exclusive === 1, licence: row.declared_licence === 1, termsVersion: row.terms_version, consentedAt: row.consented_at },
    receivedAt: row.created_at,
    updatedAt: row.updated_at,
    dueAt: awaiting ? row.due_at : null,
    overdue: awaiting && row.due_at !== null && row.due_at <= now,
    expiryNoticedAt: row.expiry_noticed_at,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
    assigneeId: row.assignee_id,
    articleId: row.article_id,
    purgeAfter: row.purge_after,
    purgedAt: row.purged_at,
    versions: versions.map((v) => ({
      version: v.version,
      title: v.title,
      lead: v.lead,
      body: v.body,
      charCount: v.char_count,
      note: v.note,
      createdAt: v.created_at,
      images: images
        .filter((i) => i.version === v.version)
        .map((i) => ({ id: i.id, caption: i.caption, credit: i.credit, rights: i.rights, width: i.width, height: i.height, mime: i.mime, originalName: i.original_name })),
    })),
    events: events.map((e) => ({ id: e.id, at: e.created_at, kind: e.kind, userId: e.user_id, statusFrom: e.status_from, statusTo: e.status_to, body: e.body, toWriter: e.to_writer === 1 })),
    overlaps: JSON.parse(row.overlaps) as OverlapFinding[],
  };
}

async function deskRow(deps: SubmissionsDeps, id: number): Promise<repo.SubmissionRow> {
  const row = await repo.findById(deps.db.kysely, id);
  if (!row) throw new SubmissionRefused('not_found', '找不到這份投稿', 'No such submission.');
  return row;
}

/** Moves a piece along the desk's own steps (screening, review) without telling the writer. */
export async function moveSubmission(deps: SubmissionsDeps, id: number, to: 'screening' | 'in_review', actor: DeskActor): Promise<void> {
  const at = deps.clock.now().toISOString();
  const from: readonly SubmissionStatus[] = to === 'screening' ? ['received'] : ['received', 'screening'];
  await inTransaction(deps, async (tx) => {
    const row = await deskRow(tx, id);
    if (!(await repo.updateSubmission(tx.db.kysely, id, { status: to, updated_at: at }, from))) {
      throw new SubmissionRefused('wrong_status', '這份投稿目前的狀態不能這樣變更（可能已有人處理），請重新整理', 'The submission is not in a state for this (someone may have acted on it); reload the page.');
    }
    await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'status', user_id: actor.userId, status_from: row.status, status_to: to, body: null, to_writer: 1, created_at: at });
  });
}

export async function assignSubmission(deps: SubmissionsDeps, id: number, assigneeId: number | null, actor: DeskActor): Promise<void> {
  const at = deps.clock.now().toISOString();
  await inTransaction(deps, async (tx) => {
    await deskRow(tx, id);
    await repo.updateSubmission(tx.db.kysely, id, { assignee_id: assigneeId, updated_at: at });
    await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'assigned', user_id: actor.userId, status_from: null, status_to: null, body: assigneeId === null ? null : String(assigneeId), to_writer: 0, created_at: at });
  });
}

export async function addInternalNote(deps: SubmissionsDeps, id: number, note: string, actor: DeskActor): Promise<void> {
  const at = deps.clock.now().toISOString();
  await inTransaction(deps, async (tx) => {
    await deskRow(tx, id);
    await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'note', user_id: actor.userId, status_from: null, status_to: null, body: note, to_writer: 0, created_at: at });
    await repo.updateSubmission(tx.db.kysely, id, { updated_at: at });
  });
}

/** A message the writer reads on the tracking page and receives by e-mail. */
export async function messageWriter(deps: SubmissionsDeps, id: number, message: string, actor: DeskActor): Promise<void> {
  const at = deps.clock.now().toISOString();
  await inTransaction(deps, async (tx) => {
    const row = await deskRow(tx, id);
    if (row.purged_at !== null || !row.email) throw new SubmissionRefused('no_contact', '投稿者的聯絡資料已依保存期限刪除，無法再聯絡', "The writer's contact details were deleted at the end of the retention period.");
    await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'message', user_id: actor.userId, status_from: null, status_to: null, body: message, to_writer: 1, created_at: at });
    await repo.updateSubmission(tx.db.kysely, id, { updated_at: at });
    await sendToWriter(tx, row, mails.messageMail(mailContext(tx, row), message), at);
  });
}

const wrongStatus = () =>
  new SubmissionRefused('wrong_status', '這份投稿已有結果或正在等作者修改，不能這樣處理（可能已有人處理），請重新整理', 'The submission is decided or awaiting the writer (someone may have acted on it); reload the page.');

export async function requestRevision(deps: SubmissionsDeps, id: number, message: string, actor: DeskActor): Promise<void> {
  const at = deps.clock.now().toISOString();
  await inTransaction(deps, async (tx) => {
    const row = await deskRow(tx, id);
    if (row.purged_at !== null) throw wrongStatus();
    // The desk is no longer late while the writer revises: no due date until the revision arrives.
    if (!(await repo.updateSubmission(tx.db.kysely, id, { status: 'revision_requested', due_at: null, updated_at: at }, [...AWAITING_DESK, 'expired']))) throw wrongStatus();
    await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'message', user_id: actor.userId, status_from: row.status, status_to: 'revision_requested', body: message, to_writer: 1, created_at: at });
    await sendToWriter(tx, row, mails.revisionRequestedMail(mailContext(tx, row), message), at);
  });
}

export async function declineSubmission(deps: SubmissionsDeps, id: number, reason: string, actor: DeskActor): Promise<{ told: boolean }> {
  const settings = await getEditorialSettings(deps);
  const at = deps.clock.now().toISOString();
  return inTransaction(deps, async (tx) => {
    const row = await deskRow(tx, id);
    const set = { status: 'declined', decided_at: at, decision_reason: reason, updated_at: at, purge_after: plusDays(at, settings.submissionRetentionDays) };
    if (!(await repo.updateSubmission(tx.db.kysely, id, set, UNDECIDED))) throw wrongStatus();
    const told = settings.submissionTellDeclined && row.email !== null;
    await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'status', user_id: actor.userId, status_from: row.status, status_to: 'declined', body: told ? reason : null, to_writer: 1, created_at: at });
    if (told) await sendToWriter(tx, row, mails.declinedMail(mailContext(tx, row), reason), at);
    return { told };
  });
}

/** Spam gets no e-mail (the address is likely not the sender's) and is purged on the same schedule. */
export async function markSpam(deps: SubmissionsDeps, id: number, actor: DeskActor): Promise<void> {
  const settings = await getEditorialSettings(deps);
  const at = deps.clock.now().toISOString();
  await inTransaction(deps, async (tx) => {
    const row = await deskRow(tx, id);
    if (!(await repo.updateSubmission(tx.db.kysely, id, { status: 'spam', decided_at: at, updated_at: at, purge_after: plusDays(at, settings.submissionRetentionDays) }, UNDECIDED))) throw wrongStatus();
    await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'status', user_id: actor.userId, status_from: row.status, status_to: 'spam', body: null, to_writer: 0, created_at: at });
  });
  await forgetText(deps, ref(id));
}

/**
 * Accepts the current version: a draft article in the editor with the title, lead, body blocks, the pen-name
 * byline with its bio line, and the pictures entered into the media library with their captions and credits.
 * The submission keeps every version as sent. Returns the draft's id.
 */
export async function acceptSubmission(deps: SubmissionsDeps, id: number, actor: DeskActor): Promise<{ articleId: number }> {
  const settings = await getEditorialSettings(deps);
  const at = deps.clock.now().toISOString();
  const articleId = await inTransaction(deps, async (tx) => {
    const row = await deskRow(tx, id);
    if (!(UNDECIDED as readonly string[]).includes(row.status) || row.purged_at !== null) throw wrongStatus();
    const version = (await repo.listVersions(tx.db.kysely, id)).find((v) => v.version === row.current_version);
    if (!version) throw new Error(`submission ${id} has no version ${row.current_version}`);
    const imageRows = await repo.versionImages(tx.db.kysely, id, row.current_version);
    const figures: FigureBlock[] = [];
    for (const image of imageRows) {
      const { image: stored } = await storeImageInLibrary({ db: tx.db, clock: tx.clock, mediaDir: tx.config.mediaDir }, Buffer.from(image.data), {
        caption: image.caption,
        credit: image.credit,
        uploadedBy: actor.userId,
        originalName: image.original_name,
      });
      const library = await getLibraryImage(tx, stored.id);
      if (library && library.creditType === null) {
        await updateImageDetails({ db: tx.db, clock: tx.clock, mediaDir: tx.config.mediaDir }, stored.id, {
          caption: library.caption,
          credit: library.credit,
          creditType: image.rights === 'free' ? 'cc' : 'contributor',
          rights: 'licensed',
          licenceNote: `投稿 ${row.code}：${image.rights === 'own' ? '作者自攝／自製，授權本站使用' : image.rights === 'licensed' ? '作者聲明已取得著作權人授權' : '作者聲明為公有領域或創用 CC'}`,
          licenceExpiresAt: null,
          alt: library.alt ?? image.caption,
        });
      }
      figures.push({ id: `s${id}i${image.position}`, type: 'figure', marker: '▲', caption: image.caption, credit: image.credit, creditLabel: '圖', imageId: stored.id, alt: image.caption });
    }
    const parsed = bodyFromText(version.body, { lead: version.lead }).body;
    const blocks: BodyBlock[] = parsed.blocks.filter((b) => b.type !== 'byline');
    // The first picture sits under the byline like the seed page's hero; the others after evenly spaced paragraphs.
    const paragraphs = blocks.map((b, i) => (b.type === 'paragraph' ? i : -1)).filter((i) => i >= 0);
    const placed: BodyBlock[] = [];
    const after = new Map<number, FigureBlock[]>();
    figures.slice(1).forEach((figure, n) => {
      const at = paragraphs[Math.min(paragraphs.length - 1, Math.floor(((n + 1) * paragraphs.length) / figures.length))] ?? blocks.length - 1;
      after.set(at, [...(after.get(at) ?? []), figure]);
    });
    if (figures[0]) placed.push(figures[0]);
    placed.push({ id: `s${id}by`, type: 'byline' });
    blocks.forEach((block, i) => {
      placed.push(block);
      placed.push(...(after.get(i) ?? []));
    });
    const content = {
      ...emptyContent(0),
      title: version.title,
      lead: version.lead,
      body: { schemaVersion: parsed.schemaVersion, blocks: placed },
      bylines: [{ name: row.pen_name, bioLine: row.bio_line, role: '作者' }],
    };
    const articleId = await createDraft(tx, content, { userId: actor.userId }, { note: `由投稿 ${row.code}（第 ${version.version} 版）建立` });
    // Contact details stay until the retention period after acceptance (the desk may still need the writer);
    // then only the byline remains.
    await repo.updateSubmission(tx.db.kysely, id, { status: 'accepted', article_id: articleId, decided_at: at, updated_at: at, purge_after: plusDays(at, settings.submissionRetentionDays) });
    await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'status', user_id: actor.userId, status_from: row.status, status_to: 'accepted', body: null, to_writer: 1, created_at: at });
    await sendToWriter(tx, row, mails.acceptedMail(mailContext(tx, row)), at);
    return articleId;
  });
  return { articleId };
}

/** The submission an article came from, for the editor to link back. */
export async function submissionForArticle(deps: { readonly db: Db }, articleId: number): Promise<{ id: number; code: string } | null> {
  const row = await deps.db.kysely.selectFrom('submissions').select(['id', 'code']).where('article_id', '=', articleId).executeTakeFirst();
  return row ?? null;
}

// —— Housekeeping (periodic jobs) ——

/** Undecided past the due date: the writer is told, once, that they may offer the piece elsewhere. */
export async function expireOverdueSubmissions(deps: SubmissionsDeps): Promise<string[]> {
  const settings = await getEditorialSettings(deps);
  const now = deps.clock.now().toISOString();
  const due = await repo.dueForExpiry(deps.db.kysely, now, AWAITING_DESK, 100);
  const expired: string[] = [];
  for (const candidate of due) {
    await inTransaction(deps, async (tx) => {
      // The conditional update is the claim: two instances, or a desk decision at the same moment, expire it once.
      const won = await repo.expireIfDue(tx.db.kysely, candidate.id, now, AWAITING_DESK, plusDays(now, settings.submissionRetentionDays));
      if (!won) return;
      const row = await repo.findById(tx.db.kysely, candidate.id);
      if (!row) return;
      await repo.insertEvent(tx.db.kysely, { submission_id: row.id, kind: 'expired', user_id: null, status_from: candidate.status, status_to: 'expired', body: null, to_writer: 1, created_at: now });
      await sendToWriter(tx, row, mails.expiredMail(mailContext(tx, row)), now);
      expired.push(row.code);
    });
  }
  return expired;
}

/** Accepted pieces that have gone live: the writer gets the link, once. */
export async function noticePublishedSubmissions(deps: SubmissionsDeps): Promise<string[]> {
  const noticed: string[] = [];
  for (const { id, articleId } of await repo.acceptedAwaitingPublication(deps.db.kysely, 100)) {
    if ((await articleState(deps, articleId)) !== 'published') continue;
    const now = deps.clock.now().toISOString();
    await inTransaction(deps, async (tx) => {
      const row = await repo.findById(tx.db.kysely, id);
      if (!row || row.published_noticed_at !== null) return;
      if (!(await repo.updateSubmission(tx.db.kysely, id, { published_noticed_at: now, updated_at: now }))) return;
      await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'published', user_id: null, status_from: 'accepted', status_to: null, body: null, to_writer: 1, created_at: now });
      await sendToWriter(tx, row, mails.publishedMail(mailContext(tx, row), deps.links.article(articleId)), now);
      noticed.push(row.code);
    });
  }
  return noticed;
}

/**
 * Personal data past its retention date is deleted: for declined, withdrawn, expired and spam pieces everything
 * that can name the writer, their text and pictures; for accepted ones all but the byline (pen name, bio line).
 * Queued and sent e-mails to the writer go too.
 */
export async function purgeExpiredPersonalData(deps: SubmissionsDeps): Promise<string[]> {
  const now = deps.clock.now().toISOString();
  const purged: string[] = [];
  for (const row of await repo.dueForPurge(deps.db.kysely, now, 200)) {
    // An accepted piece that is still being worked on keeps its contact until it is published or let go.
    const keepByline = row.status === 'accepted';
    await inTransaction(deps, async (tx) => {
      await repo.purgePersonalData(tx.db.kysely, row.id, now, keepByline);
      await repo.insertEvent(tx.db.kysely, { submission_id: row.id, kind: 'purged', user_id: null, status_from: null, status_to: null, body: null, to_writer: 0, created_at: now });
      await forgetMailFor(tx, row.id);
      if (!keepByline) await forgetText(tx, ref(row.id));
    });
    purged.push(row.code);
  }
  return purged;
}

async function forgetMailFor(deps: SubmissionsDeps, id: number): Promise<void> {
  await forgetMail(deps, mailRef(id));
}

export function isUndecided(status: string): boolean {
  return (UNDECIDED as readonly string[]).includes(status);
}
