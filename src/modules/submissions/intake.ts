// 我要投稿, the writer's side: a piece arrives through the form, then everything the writer does goes by the
// private tracking token (status, reply, revision, withdrawal).
import { type Db, inTransaction } from '../../platform/db/database.js';
import { toTaipeiIso } from '../../platform/time.js';
import { getEditorialSettings } from '../settings/index.js';
import { charCount } from '../zh/index.js';
import * as mails from './submission-mail.js';
import { AWAITING_DESK, type DisplayStatus, type IncomingImage, isSubmissionStatus, type RevisionForm, type SubmissionForm, UNDECIDED, type Words } from './submission.js';
import { newToken, plusDays, dueDate, mailContext, sendToWriter, checkImages, storeVersionImages, fullText, checkOverlaps, displayStatus, SubmissionRefused, type SubmissionsDeps } from './submissions.common.js';
import * as repo from './submissions.repo.js';

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

export async function byToken(deps: SubmissionsDeps, token: string): Promise<repo.SubmissionRow> {
  const row = /^[A-Za-z0-9_-]{43}$/.test(token) ? await repo.findByToken(deps.db.kysely, token) : undefined;
  if (!row) throw new SubmissionRefused('not_found', '找不到這份投稿（連結可能不完整）', 'No such submission (the link may be incomplete).');
  return row;
}

export const refusedClosed = () => new SubmissionRefused('closed', '這份投稿已有結果，無法再變更', 'This submission has been decided and can no longer be changed.');

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
