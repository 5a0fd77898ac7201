// 我要投稿, the desk's side: the queue, one submission with its private details, and the decisions.
import { type Db, inTransaction } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import { type BodyBlock, createDraft, emptyContent, type FigureBlock } from '../articles/index.js';
import { bodyFromText } from '../importer/index.js';
import { storeImageInLibrary, updateImageDetails, getLibraryImage } from '../media/index.js';
import { forgetText } from '../overlap/index.js';
import { getEditorialSettings } from '../settings/index.js';
import * as mails from './submission-mail.js';
import { AWAITING_DESK, type DisplayStatus, type SubmissionStatus, UNDECIDED } from './submission.js';
import { ref, plusDays, mailContext, sendToWriter, displayStatus, SubmissionRefused, type SubmissionsDeps, type OverlapFinding } from './submissions.common.js';
import * as repo from './submissions.repo.js';

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

export async function deskRow(deps: SubmissionsDeps, id: number): Promise<repo.SubmissionRow> {
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

export const wrongStatus = () =>
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
