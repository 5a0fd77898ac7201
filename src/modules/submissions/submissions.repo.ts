import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { SubmissionEventsTable, SubmissionImagesTable, SubmissionsTable, SubmissionVersionsTable } from './submissions.table.js';

export type SubmissionRow = Selectable<SubmissionsTable>;
export type VersionRow = Selectable<SubmissionVersionsTable>;
export type EventRow = Selectable<SubmissionEventsTable>;
export type ImageMetaRow = Omit<Selectable<SubmissionImagesTable>, 'data'>;

/** The next number of the year's sequence; the row update serialises concurrent takers on both engines. */
export async function nextNumber(ex: Executor, year: number): Promise<number> {
  await ex.insertInto('submission_counters').values({ year, last: 0 }).onConflict((oc) => oc.column('year').doNothing()).execute();
  const row = await ex
    .updateTable('submission_counters')
    .set({ last: sql`last + 1` })
    .where('year', '=', year)
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function insertSubmission(ex: Executor, row: Omit<SubmissionsTable, 'id'>): Promise<number> {
  const inserted = await ex.insertInto('submissions').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertVersion(ex: Executor, row: Omit<SubmissionVersionsTable, 'id'>): Promise<void> {
  await ex.insertInto('submission_versions').values(row).execute();
}

export async function insertImages(ex: Executor, rows: ReadonlyArray<Omit<SubmissionImagesTable, 'id'>>): Promise<void> {
  if (rows.length > 0) await ex.insertInto('submission_images').values([...rows]).execute();
}

export async function insertEvent(ex: Executor, row: Omit<SubmissionEventsTable, 'id'>): Promise<void> {
  await ex.insertInto('submission_events').values(row).execute();
}

export async function findById(ex: Executor, id: number): Promise<SubmissionRow | undefined> {
  return ex.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByToken(ex: Executor, token: string): Promise<SubmissionRow | undefined> {
  return ex.selectFrom('submissions').selectAll().where('tracking_token', '=', token).executeTakeFirst();
}

export async function findByCode(ex: Executor, code: string): Promise<SubmissionRow | undefined> {
  return ex.selectFrom('submissions').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function updateSubmission(ex: Executor, id: number, set: Partial<Omit<SubmissionsTable, 'id'>>, onlyIfStatus?: readonly string[]): Promise<boolean> {
  let query = ex.updateTable('submissions').set(set).where('id', '=', id);
  if (onlyIfStatus) query = query.where('status', 'in', [...onlyIfStatus]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listVersions(ex: Executor, submissionId: number): Promise<VersionRow[]> {
  return ex.selectFrom('submission_versions').selectAll().where('submission_id', '=', submissionId).orderBy('version').execute();
}

export async function listImageMeta(ex: Executor, submissionId: number): Promise<ImageMetaRow[]> {
  return ex
    .selectFrom('submission_images')
    .select(['id', 'submission_id', 'version', 'position', 'mime', 'width', 'height', 'caption', 'credit', 'rights', 'original_name'])
    .where('submission_id', '=', submissionId)
    .orderBy('version')
    .orderBy('position')
    .execute();
}

export async function imageData(ex: Executor, submissionId: number, imageId: number): Promise<{ data: Buffer; mime: string } | undefined> {
  const row = await ex.selectFrom('submission_images').select(['data', 'mime']).where('submission_id', '=', submissionId).where('id', '=', imageId).executeTakeFirst();
  return row ? { data: Buffer.from(row.data), mime: row.mime } : undefined;
}

export async function listEvents(ex: Executor, submissionId: number, writerView: boolean): Promise<EventRow[]> {
  let query = ex.selectFrom('submission_events').selectAll().where('submission_id', '=', submissionId);
  if (writerView) query = query.where('to_writer', '=', 1);
  return query.orderBy('id').execute();
}

export interface QueueFilter {
  readonly statuses?: readonly string[];
  readonly assigneeId?: number | null;
  readonly unassigned?: boolean;
  readonly overdueAt?: string;
  readonly query?: string;
  readonly offset: number;
  readonly limit: number;
}

export async function listQueue(ex: Executor, filter: QueueFilter): Promise<SubmissionRow[]> {
  let query = ex.selectFrom('submissions').selectAll();
  if (filter.statuses && filter.statuses.length > 0) query = query.where('status', 'in', [...filter.statuses]);
  if (filter.assigneeId != null) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.unassigned) query = query.where('assignee_id', 'is', null);
  if (filter.overdueAt) query = query.where('due_at', '<=', filter.overdueAt);
  if (filter.query) {
    const like = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('title', 'like', sql<string>`${like} escape '\\'`), eb('pen_name', 'like', sql<string>`${like} escape '\\'`), eb('code', 'like', sql<string>`${like} escape '\\'`)]),
    );
  }
  // Oldest first: the desk answers in the order pieces arrived, and the oldest are the nearest their due date.
  return query.orderBy('created_at').orderBy('id').offset(filter.offset).limit(filter.limit).execute();
}

export async function countByStatus(ex: Executor): Promise<Map<string, number>> {
  const rows = await ex.selectFrom('submissions').select(['status', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** How many pieces await the desk, and how many of those are past their due date. */
export async function countAwaiting(ex: Executor, statuses: readonly string[], now: string): Promise<{ waiting: number; overdue: number }> {
  const row = await ex
    .selectFrom('submissions')
    .select([sql<number>`count(*)`.as('waiting'), sql<number>`sum(case when due_at <= ${now} then 1 else 0 end)`.as('overdue')])
    .where('status', 'in', [...statuses])
    .executeTakeFirst();
  return { waiting: Number(row?.waiting ?? 0), overdue: Number(row?.overdue ?? 0) };
}

export async function dueForExpiry(ex: Executor, now: string, statuses: readonly string[], limit: number): Promise<SubmissionRow[]> {
  return ex.selectFrom('submissions').selectAll().where('status', 'in', [...statuses]).where('due_at', '<=', now).orderBy('due_at').limit(limit).execute();
}

export async function dueForPurge(ex: Executor, now: string, limit: number): Promise<SubmissionRow[]> {
  return ex.selectFrom('submissions').selectAll().where('purge_after', '<=', now).where('purged_at', 'is', null).orderBy('purge_after').limit(limit).execute();
}

export async function acceptedAwaitingPublication(ex: Executor, limit: number): Promise<Array<{ id: number; articleId: number }>> {
  const rows = await ex
    .selectFrom('submissions')
    .select(['id', 'article_id'])
    .where('status', '=', 'accepted')
    .where('article_id', 'is not', null)
    .where('published_noticed_at', 'is', null)
    .where('email', 'is not', null)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, articleId: r.article_id! }));
}

/** Everything that can name the writer, gone; the piece's record (code, status, dates, title) stays for the desk's figures. */
export async function purgePersonalData(ex: Executor, id: number, at: string, keepByline: boolean): Promise<void> {
  await ex
    .updateTable('submissions')
    .set({
      real_name: null,
      email: null,
      phone: null,
      address: null,
      occupation: null,
      conflicts: null,
      purged_at: at,
      updated_at: at,
      ...(keepByline ? {} : { pen_name: '', bio_line: '' }),
    })
    .where('id', '=', id)
    .execute();
  // Messages both ways may quote anything personal; the log keeps that they happened.
  await ex.updateTable('submission_events').set({ body: null }).where('submission_id', '=', id).where('kind', 'in', ['message', 'reply', 'note', 'revised']).execute();
  if (!keepByline) {
    await ex.deleteFrom('submission_images').where('submission_id', '=', id).execute();
    await ex.updateTable('submission_versions').set({ body: '', lead: null, note: null }).where('submission_id', '=', id).execute();
  }
}

/** Claims an overdue piece for the expiry notice: only if it is still awaiting the desk and still past due. */
export async function expireIfDue(ex: Executor, id: number, now: string, awaiting: readonly string[], purgeAfter: string): Promise<boolean> {
  const result = await ex
    .updateTable('submissions')
    .set({ status: 'expired', expiry_noticed_at: now, updated_at: now, purge_after: purgeAfter })
    .where('id', '=', id)
    .where('status', 'in', [...awaiting])
    .where('due_at', '<=', now)
    .where('expiry_noticed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function versionImages(ex: Executor, submissionId: number, version: number): Promise<Array<Selectable<SubmissionImagesTable>>> {
  return ex.selectFrom('submission_images').selectAll().where('submission_id', '=', submissionId).where('version', '=', version).orderBy('position').execute();
}
