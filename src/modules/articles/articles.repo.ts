import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { ArticlesTable } from './articles.table.js';
import type { SearchDocument } from '../search/engine/index.js';
import { imageIds } from './body.js';
import { listedToReaders } from './visibility.js';
import type {
  Article,
  ArticleBody,
  ArticleState,
  ArticleSummary,
  BylineEntry,
  ImageRef,
  SectionRef,
  TagRef,
} from './article.js';

/** Images by id, from the media module; the service passes it in so this file reaches no other module. */
export type ImageLookup = (ids: readonly number[]) => Promise<Map<number, ImageRef>>;

type ArticleRow = Selectable<ArticlesTable>;

const SUMMARY_COLUMNS = [
  'a.id',
  'a.kind',
  'a.title',
  'a.lead',
  'a.published_at',
  'a.content_updated_at',
  'a.section_id',
  'a.hero_image_id',
  'a.hero_caption',
  'a.hero_credit',
] as const;

export interface NewArticleRow {
  kind: string;
  sectionId: number;
  title: string;
  leadLabel: string;
  lead: string | null;
  body: ArticleBody;
  bodyText: string;
  charCount: number;
  state: ArticleState;
  publishedAt: string | null;
  createdAt: string;
  importKey: string | null;
  sourceNote: string | null;
  hero: { imageId: number | null; caption: string | null; credit: string | null } | null;
  importReport?: string | null;
  updatedBy?: number | null;
}

export async function insertArticle(ex: Executor, row: NewArticleRow): Promise<number> {
  const inserted = await ex
    .insertInto('articles')
    .values({
      kind: row.kind,
      section_id: row.sectionId,
      title: row.title,
      subtitle: null,
      short_title: null,
      lead_label: row.leadLabel,
      lead: row.lead,
      body: JSON.stringify(row.body),
      body_text: row.bodyText,
      char_count: row.charCount,
      state: row.state,
      first_published_at: row.publishedAt,
      published_at: row.publishedAt,
      content_updated_at: null,
      created_at: row.createdAt,
      updated_at: row.createdAt,
      revision: 1,
      show_disclaimer: 1,
      import_key: row.importKey,
      source_note: row.sourceNote,
      canonical_url: null,
      og_title: null,
      og_description: null,
      hero_image_id: row.hero?.imageId ?? null,
      hero_caption: row.hero?.caption ?? null,
      hero_credit: row.hero?.credit ?? null,
      disclaimer_override: null,
      og_image_id: null,
      retraction_notice: null,
      retracted_at: null,
      import_report: row.importReport ?? null,
      updated_by: row.updatedBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertBylines(
  ex: Executor,
  articleId: number,
  bylines: ReadonlyArray<{ authorId: number; role: string; bioLine: string | null }>,
): Promise<void> {
  if (bylines.length === 0) return;
  await ex
    .insertInto('article_authors')
    .values(bylines.map((b, position) => ({ article_id: articleId, position, author_id: b.authorId, role: b.role, bio_line: b.bioLine })))
    .execute();
}

export async function insertArticleTags(ex: Executor, articleId: number, tagIds: readonly number[]): Promise<void> {
  const unique = [...new Set(tagIds)];
  if (unique.length === 0) return;
  await ex
    .insertInto('article_tags')
    .values(unique.map((tagId, position) => ({ article_id: articleId, tag_id: tagId, position })))
    .execute();
}

export async function findIdByImportKey(ex: Executor, importKey: string): Promise<number | null> {
  const row = await ex.selectFrom('articles').select('id').where('import_key', '=', importKey).executeTakeFirst();
  return row?.id ?? null;
}

export async function countArticles(ex: Executor): Promise<number> {
  const row = await ex.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Which rows a listing may show: listed to readers at `now` (visibility.ts), narrowed by scope. */
export interface ListFilter {
  now: Date;
  authorId?: number;
  tagId?: number;
  sectionId?: number;
  excludeId?: number;
}

export type ListPosition = { offset: number } | { after: { publishedAt: string; id: number } | null };

function visibleArticles(ex: Executor, filter: ListFilter) {
  let q = ex.selectFrom('articles as a').where(listedToReaders('a', filter.now));
  if (filter.authorId !== undefined) {
    const authorId = filter.authorId;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('article_authors as aa').select('aa.article_id').whereRef('aa.article_id', '=', 'a.id').where('aa.author_id', '=', authorId)),
    );
  }
  if (filter.tagId !== undefined) {
    const tagId = filter.tagId;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('article_tags as at').select('at.article_id').whereRef('at.article_id', '=', 'a.id').where('at.tag_id', '=', tagId)),
    );
  }
  if (filter.sectionId !== undefined) q = q.where('a.section_id', '=', filter.sectionId);
  if (filter.excludeId !== undefined) q = q.where('a.id', '<>', filter.excludeId);
  return q;
}

export async function listPublished(
  ex: Executor,
  images: ImageLookup,
  filter: ListFilter,
  position: ListPosition,
  limit: number,
): Promise<ArticleSummary[]> {
  let q = visibleArticles(ex, filter).select([...SUMMARY_COLUMNS]);
  if ('after' in position && position.after) {
    const { publishedAt, id } = position.after;
    q = q.where((eb) => eb.or([eb('a.published_at', '<', publishedAt), eb.and([eb('a.published_at', '=', publishedAt), eb('a.id', '<', id)])]));
  }
  // id breaks ties between pieces published at the same minute, so pages never repeat or skip a row.
  q = q.orderBy('a.published_at', 'desc').orderBy('a.id', 'desc').limit(limit);
  if ('offset' in position && position.offset > 0) q = q.offset(position.offset);
  return hydrateSummaries(ex, images, await q.execute());
}

export async function countPublished(ex: Executor, filter: ListFilter): Promise<number> {
  const row = await visibleArticles(ex, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findArticleRow(ex: Executor, id: number): Promise<ArticleRow | undefined> {
  return ex.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function hydrateArticle(ex: Executor, images: ImageLookup, row: ArticleRow): Promise<Article> {
  const [summary] = await hydrateSummaries(ex, images, [
    {
      id: row.id,
      kind: row.kind,
      title: row.title,
      lead: row.lead,
      published_at: row.published_at,
      content_updated_at: row.content_updated_at,
      section_id: row.section_id,
      hero_image_id: row.hero_image_id,
      hero_caption: row.hero_caption,
      hero_credit: row.hero_credit,
    },
  ]);
  if (!summary) throw new Error(`article ${row.id} vanished while loading`);
  const body = JSON.parse(row.body) as ArticleBody;
  return {
    ...summary,
    leadLabel: row.lead_label,
    subtitle: row.subtitle,
    body,
    bodyText: row.body_text,
    charCount: row.char_count,
    state: row.state as ArticleState,
    firstPublishedAt: row.first_published_at,
    updatedAt: row.updated_at,
    revision: row.revision,
    showDisclaimer: row.show_disclaimer === 1,
    sourceNote: row.source_note,
    canonicalUrl: row.canonical_url,
    ogTitle: row.og_title,
    ogDescription: row.og_description,
    disclaimerOverride: row.disclaimer_override,
    ogImageId: row.og_image_id,
    images: await images(imageIds(body)),
  };
}

interface SummaryRow {
  id: number;
  kind: string;
  title: string;
  lead: string | null;
  published_at: string | null;
  content_updated_at: string | null;
  section_id: number;
  hero_image_id: number | null;
  hero_caption: string | null;
  hero_credit: string | null;
}

/** Bylines of many articles at once, in byline order. */
function bylineRowsOf(ex: Executor, ids: readonly number[]) {
  return ex
    .selectFrom('article_authors as aa')
    .innerJoin('authors as au', 'au.id', 'aa.author_id')
    .select(['aa.article_id', 'aa.position', 'aa.author_id', 'aa.role', 'aa.bio_line', 'au.name'])
    .where('aa.article_id', 'in', ids)
    .orderBy('aa.article_id')
    .orderBy('aa.position')
    .execute();
}

/** Tags of many articles at once, in the article's order. */
function tagRowsOf(ex: Executor, ids: readonly number[]) {
  return ex
    .selectFrom('article_tags as at')
    .innerJoin('tags as t', 't.id', 'at.tag_id')
    .select(['at.article_id', 'at.position', 't.id', 't.name'])
    .where('at.article_id', 'in', ids)
    .orderBy('at.article_id')
    .orderBy('at.position')
    .execute();
}

/** Three batched look-ups for any number of rows: bylines, tags, sections and hero images. */
async function hydrateSummaries(ex: Executor, findImages: ImageLookup, rows: SummaryRow[]): Promise<ArticleSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [bylineRows, tagRows, sectionRows, images] = await Promise.all([
    bylineRowsOf(ex, ids),
    tagRowsOf(ex, ids),
    ex
      .selectFrom('sections')
      .select(['id', 'slug', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.section_id))])
      .execute(),
    findImages(rows.map((r) => r.hero_image_id).filter((v): v is number => v !== null)),
  ]);
  const bylines = new Map<number, BylineEntry[]>();
  for (const b of bylineRows) {
    const list = bylines.get(b.article_id) ?? [];
    list.push({ authorId: b.author_id, name: b.name, role: b.role, bioLine: b.bio_line });
    bylines.set(b.article_id, list);
  }
  const tags = new Map<number, TagRef[]>();
  for (const t of tagRows) {
    const list = tags.get(t.article_id) ?? [];
    list.push({ id: t.id, name: t.name });
    tags.set(t.article_id, list);
  }
  const sections = new Map<number, SectionRef>(sectionRows.map((s) => [s.id, s]));
  return rows.map((r) => {
    const section = sections.get(r.section_id);
    if (!section) throw new Error(`article ${r.id} points at missing section ${r.section_id}`);
    const hasHero = r.hero_image_id !== null || r.hero_caption !== null || r.hero_credit !== null;
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      lead: r.lead,
      publishedAt: r.published_at ?? '',
      contentUpdatedAt: r.content_updated_at,
      authors: bylines.get(r.id) ?? [],
      tags: tags.get(r.id) ?? [],
      section,
      hero: hasHero
        ? { image: r.hero_image_id === null ? null : (images.get(r.hero_image_id) ?? null), caption: r.hero_caption, credit: r.hero_credit }
        : null,
    };
  });
}

/** Summaries for the given ids in the given order (search results), with the plain body for snippets. */
export async function summariesByIds(ex: Executor, images: ImageLookup, ids: readonly number[]): Promise<Array<ArticleSummary & { bodyText: string }>> {
  if (ids.length === 0) return [];
  const rows = await ex
    .selectFrom('articles as a')
    .select([...SUMMARY_COLUMNS, 'a.body_text'])
    .where('a.id', 'in', [...ids])
    .execute();
  const summaries = await hydrateSummaries(ex, images, rows);
  const body = new Map(rows.map((r) => [r.id, r.body_text]));
  const byId = new Map(summaries.map((s) => [s.id, { ...s, bodyText: body.get(s.id) ?? '' }]));
  return ids.map((id) => byId.get(id)).filter((s): s is ArticleSummary & { bodyText: string } => s !== undefined);
}

/** The next `limit` articles after id `afterId`, in id order, as the search index takes them (any state). */
export async function searchDocumentsAfter(ex: Executor, afterId: number, limit: number): Promise<SearchDocument[]> {
  const rows = await ex
    .selectFrom('articles')
    .select(['id', 'title', 'lead', 'body_text', 'section_id'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [bylineRows, tagRows] = await Promise.all([bylineRowsOf(ex, ids), tagRowsOf(ex, ids)]);
  return rows.map((r) =>
    searchDocument({
      id: r.id,
      title: r.title,
      lead: r.lead,
      bodyText: r.body_text,
      sectionId: r.section_id,
      authors: bylineRows.filter((b) => b.article_id === r.id).map((b) => ({ id: b.author_id, name: b.name })),
      tags: tagRows.filter((t) => t.article_id === r.id),
    }),
  );
}

/** What of an article the search index holds: the one definition, for publishing and for rebuilding alike. */
export function searchDocument(a: {
  id: number;
  title: string;
  lead: string | null;
  bodyText: string;
  sectionId: number;
  authors: ReadonlyArray<{ id: number; name: string }>;
  tags: ReadonlyArray<{ id: number; name: string }>;
}): SearchDocument {
  return {
    articleId: a.id,
    title: a.title,
    lead: a.lead ?? '',
    body: a.bodyText,
    meta: [...a.authors.map((x) => x.name), ...a.tags.map((t) => t.name)].join('\n'),
    facets: { authorIds: a.authors.map((x) => x.id), tagIds: a.tags.map((t) => t.id), sectionId: a.sectionId },
  };
}

export async function countByState(ex: Executor): Promise<Array<{ state: string; n: number }>> {
  const rows = await ex.selectFrom('articles').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  return rows.map((r) => ({ state: r.state, n: Number(r.n) }));
}

export async function recentlyUpdated(ex: Executor, limit: number) {
  return ex.selectFrom('articles').select(['id', 'title', 'state', 'updated_at', 'published_at']).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The words of an article as text tools read them (any state), keyed for catching up by (updated_at, id). */
export interface ArticleTextRow {
  id: number;
  updated_at: string;
  title: string;
  lead: string | null;
  body_text: string;
}

export async function articleTextsByIds(ex: Executor, ids: readonly number[]): Promise<ArticleTextRow[]> {
  if (ids.length === 0) return [];
  return ex.selectFrom('articles').select(['id', 'updated_at', 'title', 'lead', 'body_text']).where('id', 'in', [...ids]).execute();
}

/** Articles written at or after (updatedAt, id), oldest first: articles_desk_idx (updated_at, id) answers it. */
export async function articleTextsFrom(ex: Executor, from: { updatedAt: string; id: number }, limit: number): Promise<ArticleTextRow[]> {
  return ex
    .selectFrom('articles')
    .select(['id', 'updated_at', 'title', 'lead', 'body_text'])
    .where((eb) => eb(eb.refTuple('updated_at', 'id'), '>=', eb.tuple(from.updatedAt, from.id)))
    .orderBy('updated_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}
