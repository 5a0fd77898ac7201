import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { SectionRef, TagRef } from './taxonomy.js';
import { foldKey } from '../zh/index.js';

export async function ensureSection(ex: Executor, slug: string, name: string, at: string): Promise<SectionRef> {
  const found = await ex.selectFrom('sections').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
  if (found) return found;
  const inserted = await ex.insertInto('sections').values({ slug, name, created_at: at }).returning('id').executeTakeFirstOrThrow();
  return { id: inserted.id, slug, name };
}

export async function findSectionBySlug(ex: Executor, slug: string): Promise<SectionRef | null> {
  return (await ex.selectFrom('sections').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst()) ?? null;
}

export async function listSections(ex: Executor): Promise<SectionRef[]> {
  return ex.selectFrom('sections').select(['id', 'slug', 'name']).orderBy('id').execute();
}

export async function ensureTag(ex: Executor, name: string, at: string): Promise<TagRef> {
  const clean = name.trim().replace(/\s+/g, ' ');
  const key = foldKey(clean);
  const found = await ex.selectFrom('tags').select(['id', 'name']).where('key', '=', key).executeTakeFirst();
  if (found) return found;
  const inserted = await ex.insertInto('tags').values({ name: clean, key, created_at: at }).returning('id').executeTakeFirstOrThrow();
  return { id: inserted.id, name: clean };
}

export async function findTagByName(ex: Executor, name: string): Promise<TagRef | null> {
  return (await ex.selectFrom('tags').select(['id', 'name']).where('key', '=', foldKey(name)).executeTakeFirst()) ?? null;
}

export async function findSectionById(ex: Executor, id: number): Promise<SectionRef | null> {
  return (await ex.selectFrom('sections').select(['id', 'slug', 'name']).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertSection(ex: Executor, slug: string, name: string, at: string): Promise<number> {
  const r = await ex.insertInto('sections').values({ slug, name, created_at: at }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function renameSection(ex: Executor, id: number, name: string): Promise<void> {
  await ex.updateTable('sections').set({ name }).where('id', '=', id).execute();
}

/** Sections with how many articles (any state) each holds; articles.section_id is the one column read here. */
export async function sectionsWithCounts(ex: Executor) {
  const rows = await ex
    .selectFrom('sections as s')
    .select(['s.id', 's.slug', 's.name'])
    .select((eb) => eb.selectFrom('articles as a').select((e) => e.fn.countAll<number>().as('n')).whereRef('a.section_id', '=', 's.id').as('n'))
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, articleCount: Number(r.n ?? 0) }));
}

export async function findTagById(ex: Executor, id: number): Promise<TagRef | null> {
  return (await ex.selectFrom('tags').select(['id', 'name']).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function tagIdByKey(ex: Executor, key: string): Promise<number | null> {
  return (await ex.selectFrom('tags').select('id').where('key', '=', key).executeTakeFirst())?.id ?? null;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Tags with their article counts, most used first; `q` filters by folded key. */
export async function tagsWithCounts(ex: Executor, q: string, limit: number, offset: number) {
  let base = ex.selectFrom('tags as t');
  if (q !== '') base = base.where('t.key', 'like', sql<string>`${likePattern(foldKey(q))} escape '\\'`);
  const counted = ex.selectFrom('article_tags').select(['tag_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('tag_id').as('c');
  const [rows, total] = await Promise.all([
    base
      .leftJoin(counted, 'c.tag_id', 't.id')
      .select(['t.id', 't.name', sql<number>`coalesce(c.n, 0)`.as('n')])
      .orderBy(sql`coalesce(c.n, 0)`, 'desc')
      .orderBy('t.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), items: rows.map((r) => ({ id: r.id, name: r.name, articleCount: Number(r.n) })) };
}

export async function articleIdsTagged(ex: Executor, tagId: number): Promise<number[]> {
  const rows = await ex.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId).orderBy('article_id').execute();
  return rows.map((r) => r.article_id);
}

export async function renameTag(ex: Executor, id: number, name: string, key: string): Promise<void> {
  await ex.updateTable('tags').set({ name, key }).where('id', '=', id).execute();
}

/**
 * Moves every article of `fromId` to `intoId` (an article carrying both keeps one, at the better position) and
 * deletes the merged tag; its redirects and its own key now point at `intoId`.
 */
export async function mergeTagRows(ex: Executor, fromId: number, intoId: number, fromKey: string, at: string): Promise<void> {
  const rows = await ex.selectFrom('article_tags').select(['article_id', 'position']).where('tag_id', '=', fromId).execute();
  const already = new Map(
    (await ex.selectFrom('article_tags').select(['article_id', 'position']).where('tag_id', '=', intoId).execute()).map((r) => [r.article_id, r.position]),
  );
  for (const r of rows) {
    const kept = already.get(r.article_id);
    if (kept === undefined) {
      await ex.updateTable('article_tags').set({ tag_id: intoId }).where('article_id', '=', r.article_id).where('tag_id', '=', fromId).execute();
    } else {
      if (r.position < kept) await ex.updateTable('article_tags').set({ position: r.position }).where('article_id', '=', r.article_id).where('tag_id', '=', intoId).execute();
      await ex.deleteFrom('article_tags').where('article_id', '=', r.article_id).where('tag_id', '=', fromId).execute();
    }
  }
  await ex.updateTable('tag_redirects').set({ tag_id: intoId }).where('tag_id', '=', fromId).execute();
  await ex.deleteFrom('tags').where('id', '=', fromId).execute();
  await addRedirect(ex, fromKey, intoId, at);
}

/** An old key now leads to `tagId`; a key that is a live tag's own never is a redirect. */
export async function addRedirect(ex: Executor, key: string, tagId: number, at: string): Promise<void> {
  await ex
    .insertInto('tag_redirects')
    .values({ key, tag_id: tagId, created_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ tag_id: tagId, created_at: at }))
    .execute();
}

export async function dropRedirect(ex: Executor, key: string): Promise<void> {
  await ex.deleteFrom('tag_redirects').where('key', '=', key).execute();
}

export async function redirectTarget(ex: Executor, key: string): Promise<TagRef | null> {
  return (
    (await ex
      .selectFrom('tag_redirects as r')
      .innerJoin('tags as t', 't.id', 'r.tag_id')
      .select(['t.id', 't.name'])
      .where('r.key', '=', key)
      .executeTakeFirst()) ?? null
  );
}
