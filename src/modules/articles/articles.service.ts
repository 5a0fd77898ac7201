import { NotFound } from '../../platform/errors.js';
import { recordChange, type ChangeFeed } from '../../platform/changes.js';
import { type Db, inTransaction } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import { ensureAuthor } from '../authors/index.js';
import { findImages } from '../media/index.js';
import { indexArticle, type SearchDocument } from '../search/engine/index.js';
import { DEFAULT_SECTION, ensureSection, ensureTag } from '../taxonomy/index.js';
import { type Article, type ArticleBody, type ArticleState, type ArticleSummary, DEFAULT_LEAD_LABEL } from './article.js';
import {
  type ArticleTextRow,
  articleTextsByIds,
  articleTextsFrom,
  countArticles as countAllRows,
  countByState,
  recentlyUpdated,
  countPublished,
  findArticleRow,
  findIdByImportKey,
  hydrateArticle,
  type ImageLookup,
  insertArticle,
  insertArticleTags,
  insertBylines,
  type ListFilter,
  listPublished,
  searchDocument,
  searchDocumentsAfter as documentsAfter,
  summariesByIds,
} from './articles.repo.js';
import { bodyCharCount, bodyText, heroFigure, imageIds } from './body.js';
import { replaceImageUses } from './editing.repo.js';
import { articleChangeTopics } from './topics.js';
import { readerMayOpen } from './visibility.js';

export interface ContentDeps {
  readonly db: Db;
  readonly clock: Clock;
  /** When present, this process hears about its own changes at once instead of on the next poll. */
  readonly changes?: ChangeFeed;
}

const imagesOf = (deps: { readonly db: Db }): ImageLookup => (ids) => findImages(deps, ids);

/** An article a reader may open (visibility.ts); anything else does not exist for them. */
export async function getVisibleArticle(deps: ContentDeps, id: number): Promise<Article> {
  const row = await findArticleRow(deps.db.kysely, id);
  if (!row || !readerMayOpen({ state: row.state, publishedAt: row.published_at }, deps.clock.now())) {
    throw new NotFound('article_not_found', `article ${id} is not visible`);
  }
  return hydrateArticle(deps.db.kysely, imagesOf(deps), row);
}

/**
 * Any article as its page would show it, whatever its state: for the newsroom's preview. A piece not yet out
 * shows the time it is scheduled for, or now.
 */
export async function getArticleForPreview(deps: ContentDeps, id: number): Promise<Article> {
  const row = await findArticleRow(deps.db.kysely, id);
  if (!row) throw new NotFound('article_not_found', `article ${id} does not exist`);
  return hydrateArticle(deps.db.kysely, imagesOf(deps), { ...row, published_at: row.published_at ?? deps.clock.now().toISOString() });
}

export interface ListScope {
  authorId?: number;
  tagId?: number;
  sectionId?: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageCount: number;
  total: number;
}

export async function listPage(deps: ContentDeps, scope: ListScope, page: number, pageSize: number): Promise<Page<ArticleSummary>> {
  const filter: ListFilter = { now: deps.clock.now(), ...scope };
  const [total, items] = await Promise.all([
    countPublished(deps.db.kysely, filter),
    listPublished(deps.db.kysely, imagesOf(deps), filter, { offset: (page - 1) * pageSize }, pageSize),
  ]);
  return { items, page, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** Keyset pagination for the app: stable while new pieces are published at the top. */
export async function listAfter(
  deps: ContentDeps,
  scope: ListScope,
  after: { publishedAt: string; id: number } | null,
  limit: number,
): Promise<{ items: ArticleSummary[]; next: { publishedAt: string; id: number } | null }> {
  const filter: ListFilter = { now: deps.clock.now(), ...scope };
  const rows = await listPublished(deps.db.kysely, imagesOf(deps), filter, { after }, limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? { publishedAt: last.publishedAt, id: last.id } : null };
}

export async function latestExcept(deps: ContentDeps, excludeId: number, limit: number, scope: ListScope = {}): Promise<ArticleSummary[]> {
  const filter: ListFilter = { now: deps.clock.now(), excludeId, ...scope };
  return listPublished(deps.db.kysely, imagesOf(deps), filter, { offset: 0 }, limit);
}

export interface NewPublishedArticle {
  kind?: string;
  sectionSlug?: string;
  sectionName?: string;
  title: string;
  leadLabel?: string;
  lead: string | null;
  body: ArticleBody;
  bylines: ReadonlyArray<{ name: string; bio: string | null; role?: string }>;
  tags: readonly string[];
  publishedAt: string;
  importKey?: string | null;
  sourceNote?: string | null;
}

export type CreateResult = { id: number; created: true } | { id: number; created: false };

/**
 * Stores a finished piece as published, with its bylines and tags, in one transaction. With an import key
 * the same source stored twice resolves to the first copy instead of a duplicate.
 */
export async function createPublishedArticle(deps: ContentDeps, input: NewPublishedArticle): Promise<CreateResult> {
  const at = deps.clock.now().toISOString();
  const result = await inTransaction(deps, async (tx) => {
    const ex = tx.db.kysely;
    if (input.importKey) {
      const existing = await findIdByImportKey(ex, input.importKey);
      if (existing !== null) return { id: existing, created: false as const, topics: [] as string[] };
    }
    const section = await ensureSection(tx, input.sectionSlug ?? DEFAULT_SECTION.slug, input.sectionName ?? DEFAULT_SECTION.name);
    const hero = heroFigure(input.body);
    const id = await insertArticle(ex, {
      kind: input.kind ?? 'op-ed',
      sectionId: section.id,
      title: input.title,
      leadLabel: input.leadLabel ?? DEFAULT_LEAD_LABEL,
      lead: input.lead,
      body: input.body,
      bodyText: bodyText(input.body),
      charCount: bodyCharCount(input.body),
      state: 'published',
      publishedAt: input.publishedAt,
      createdAt: at,
      importKey: input.importKey ?? null,
      sourceNote: input.sourceNote ?? null,
      hero: hero ? { imageId: hero.imageId, caption: hero.caption || null, credit: hero.credit } : null,
    });
    await replaceImageUses(ex, id, imageIds(input.body));
    const authors = [];
    for (const b of input.bylines) authors.push({ author: await ensureAuthor(tx, b.name, b.bio), byline: b });
    await insertBylines(
      ex,
      id,
      authors.map(({ author, byline }) => ({ authorId: author.id, role: byline.role ?? '作者', bioLine: byline.bio })),
    );
    const tags = [];
    for (const name of input.tags) tags.push(await ensureTag(tx, name));
    await insertArticleTags(
      ex,
      id,
      tags.map((t) => t.id),
    );
    await indexArticle(
      tx,
      searchDocument({
        id,
        title: input.title,
        lead: input.lead,
        bodyText: bodyText(input.body),
        sectionId: section.id,
        authors: authors.map((a) => a.author),
        tags,
      }),
    );
    const topics = articleChangeTopics({ id, sectionId: section.id, authorIds: authors.map((a) => a.author.id), tagIds: tags.map((t) => t.id) });
    await recordChange(ex, topics, at);
    return { id, created: true as const, topics };
  });
  deps.changes?.announce(result.topics);
  return result.created ? { id: result.id, created: true } : { id: result.id, created: false };
}

export async function countVisible(deps: ContentDeps, scope: ListScope): Promise<number> {
  return countPublished(deps.db.kysely, { now: deps.clock.now(), ...scope });
}

/** Summaries for the given ids in that order (search results), with the plain body for snippets; any state. */
export async function summariesInOrder(deps: { readonly db: Db }, ids: readonly number[]): Promise<Array<ArticleSummary & { bodyText: string }>> {
  return summariesByIds(deps.db.kysely, imagesOf(deps), ids);
}

/** How many articles exist in any state (an empty database gets the demo content). */
/** The article (any state) made from the page text with this import key, so a page is never imported twice. */
export async function findArticleIdByImportKey(deps: { readonly db: Db }, importKey: string): Promise<number | null> {
  return findIdByImportKey(deps.db.kysely, importKey);
}

export async function countArticles(deps: { readonly db: Db }): Promise<number> {
  return countAllRows(deps.db.kysely);
}

/** The search index's view of the next `limit` articles after `afterId`, any state: what a rebuild reads. */
export async function searchDocumentsAfter(deps: { readonly db: Db }, afterId: number, limit: number): Promise<SearchDocument[]> {
  return documentsAfter(deps.db.kysely, afterId, limit);
}

/** The newsroom's view of the desk: how many pieces are in each state, and what changed last (any state). */
export async function deskOverview(deps: { readonly db: Db }, recent = 10): Promise<{
  byState: Partial<Record<ArticleState, number>>;
  recent: Array<{ id: number; title: string; state: ArticleState; updatedAt: string; publishedAt: string | null }>;
}> {
  const [counts, rows] = await Promise.all([countByState(deps.db.kysely), recentlyUpdated(deps.db.kysely, recent)]);
  return {
    byState: Object.fromEntries(counts.map((c) => [c.state, c.n])),
    recent: rows.map((r) => ({ id: r.id, title: r.title, state: r.state as ArticleState, updatedAt: r.updated_at, publishedAt: r.published_at })),
  };
}

/** An article's words for text tools (the overlap detector): title, lead and body text, in any state. */
export interface ArticleText {
  id: number;
  /** The row's updated_at: it moves on every write, so (updatedAt, id) is where a reader catching up stands. */
  updatedAt: string;
  title: string;
  lead: string | null;
  bodyText: string;
}

const articleText = (r: ArticleTextRow): ArticleText => ({ id: r.id, updatedAt: r.updated_at, title: r.title, lead: r.lead, bodyText: r.body_text });

/** The words of these articles (any state), in no particular order; ids that name no article are left out. */
export async function articleTexts(deps: { readonly db: Db }, ids: readonly number[]): Promise<ArticleText[]> {
  return (await articleTextsByIds(deps.db.kysely, ids)).map(articleText);
}

/** The next `limit` articles written at or after (updatedAt, id), in that order: for indexes kept by catching up. */
export async function articleTextsWrittenFrom(deps: { readonly db: Db }, from: { updatedAt: string; id: number }, limit: number): Promise<ArticleText[]> {
  return (await articleTextsFrom(deps.db.kysely, from, limit)).map(articleText);
}
