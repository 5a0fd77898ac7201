import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { ArticleRevisionsTable } from './articles.table.js';

/** Rows the newsroom reads and writes: revisions, who has what open, and the desk's list of every state. */

export async function bylinesOf(ex: Executor, articleId: number) {
  return ex
    .selectFrom('article_authors as aa')
    .innerJoin('authors as au', 'au.id', 'aa.author_id')
    .select(['aa.author_id', 'aa.role', 'aa.bio_line', 'au.name'])
    .where('aa.article_id', '=', articleId)
    .orderBy('aa.position')
    .execute();
}

export async function tagsOf(ex: Executor, articleId: number) {
  return ex
    .selectFrom('article_tags as at')
    .innerJoin('tags as t', 't.id', 'at.tag_id')
    .select(['t.id', 't.name'])
    .where('at.article_id', '=', articleId)
    .orderBy('at.position')
    .execute();
}

export async function replaceBylines(
  ex: Executor,
  articleId: number,
  bylines: ReadonlyArray<{ authorId: number; role: string; bioLine: string | null }>,
): Promise<void> {
  await ex.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
  if (bylines.length === 0) return;
  await ex
    .insertInto('article_authors')
    .values(bylines.map((b, position) => ({ article_id: articleId, position, author_id: b.authorId, role: b.role, bio_line: b.bioLine })))
    .execute();
}

export async function replaceTags(ex: Executor, articleId: number, tagIds: readonly number[]): Promise<void> {
  await ex.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  const unique = [...new Set(tagIds)];
  if (unique.length === 0) return;
  await ex
    .insertInto('article_tags')
    .values(unique.map((tagId, position) => ({ article_id: articleId, tag_id: tagId, position })))
    .execute();
}

export interface RevisionRow {
  articleId: number;
  revision: number;
  state: string;
  snapshot: string;
  changedFields: readonly string[];
  userId: number | null;
  action: string;
  note: string | null;
  reason: string | null;
  visibleChange: boolean;
  at: string;
}

export async function insertRevision(ex: Executor, r: RevisionRow): Promise<number> {
  const row = await ex
    .insertInto('article_revisions')
    .values({
      article_id: r.articleId,
      revision: r.revision,
      state: r.state,
      snapshot: r.snapshot,
      changed_fields: JSON.stringify(r.changedFields),
      user_id: r.userId,
      action: r.action,
      note: r.note,
      reason: r.reason,
      visible_change: r.visibleChange ? 1 : 0,
      created_at: r.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type RevisionRecord = Selectable<ArticleRevisionsTable>;

export async function revisionsOf(ex: Executor, articleId: number, limit: number) {
  return ex
    .selectFrom('article_revisions')
    .select(['id', 'revision', 'state', 'changed_fields', 'user_id', 'action', 'note', 'reason', 'visible_change', 'created_at'])
    .where('article_id', '=', articleId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function revisionById(ex: Executor, articleId: number, id: number): Promise<RevisionRecord | undefined> {
  return ex.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).where('id', '=', id).executeTakeFirst();
}

/** The newest revision row that holds content revision `revision` (what a conflicting editor saw). */
export async function latestSnapshotRow(ex: Executor, articleId: number): Promise<RevisionRecord | undefined> {
  return ex.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function touchPresence(ex: Executor, articleId: number, userId: number, at: string): Promise<void> {
  await ex
    .insertInto('article_presence')
    .values({ article_id: articleId, user_id: userId, seen_at: at })
    .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ seen_at: at }))
    .execute();
}

export async function presentSince(ex: Executor, articleId: number, since: string) {
  return ex.selectFrom('article_presence').select(['user_id', 'seen_at']).where('article_id', '=', articleId).where('seen_at', '>=', since).execute();
}

export interface DeskFilter {
  states?: readonly string[];
  authorId?: number;
  sectionId?: number;
  tagId?: number;
  /** Last change on or after / before these UTC instants. */
  from?: string;
  to?: string;
  updatedBy?: number;
  /** Published (or due) on or after this UTC instant. */
  publishedFrom?: string;
  ids?: readonly number[];
}

function deskQuery(ex: Executor, f: DeskFilter) {
  let q = ex.selectFrom('articles as a');
  if (f.states && f.states.length > 0) q = q.where('a.state', 'in', [...f.states]);
  if (f.sectionId !== undefined) q = q.where('a.section_id', '=', f.sectionId);
  if (f.updatedBy !== undefined) q = q.where('a.updated_by', '=', f.updatedBy);
  if (f.publishedFrom !== undefined) q = q.where('a.published_at', '>=', f.publishedFrom);
  if (f.from !== undefined) q = q.where('a.updated_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('a.updated_at', '<', f.to);
  if (f.ids !== undefined) q = q.where('a.id', 'in', f.ids.length > 0 ? [...f.ids] : [0]);
  if (f.authorId !== undefined) {
    const authorId = f.authorId;
    q = q.where((eb) => eb.exists(eb.selectFrom('article_authors as aa').select('aa.article_id').whereRef('aa.article_id', '=', 'a.id').where('aa.author_id', '=', authorId)));
  }
  if (f.tagId !== undefined) {
    const tagId = f.tagId;
    q = q.where((eb) => eb.exists(eb.selectFrom('article_tags as at').select('at.article_id').whereRef('at.article_id', '=', 'a.id').where('at.tag_id', '=', tagId)));
  }
  return q;
}

export async function deskRows(ex: Executor, f: DeskFilter, offset: number, limit: number) {
  return deskQuery(ex, f)
    .select(['a.id', 'a.title', 'a.state', 'a.updated_at', 'a.published_at', 'a.char_count', 'a.section_id', 'a.updated_by', 'a.revision'])
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function deskCount(ex: Executor, f: DeskFilter): Promise<number> {
  const row = await deskQuery(ex, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function dueScheduled(ex: Executor, now: string, limit: number): Promise<number[]> {
  const rows = await ex
    .selectFrom('articles')
    .select('id')
    .where('state', '=', 'scheduled')
    .where('published_at', '<=', now)
    .orderBy('published_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Keeps article_images in step with the body's figures (the media library's "used in"). */
export async function replaceImageUses(ex: Executor, articleId: number, imageIds: readonly number[]): Promise<void> {
  await ex.deleteFrom('article_images').where('article_id', '=', articleId).execute();
  const unique = [...new Set(imageIds)];
  if (unique.length === 0) return;
  await ex
    .insertInto('article_images')
    .values(unique.map((imageId) => ({ article_id: articleId, image_id: imageId })))
    .execute();
}

export async function statesOf(ex: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex.selectFrom('articles').select(['id', 'state']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.state]));
}
