import { NotFound } from '../../platform/errors.js';
import { recordChange, type ChangeFeed } from '../../platform/changes.js';
import type { Db } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import { ensureAuthor } from '../authors/index.js';
import { indexArticle } from '../search/index.js';
import { DEFAULT_SECTION, ensureSection, ensureTag } from '../taxonomy/index.js';
import { type Article, type ArticleBody, type ArticleSummary, DEFAULT_LEAD_LABEL } from './article.js';
import {
  countPublished,
  findArticleRow,
  findIdByImportKey,
  hydrateArticle,
  insertArticle,
  insertArticleTags,
  insertBylines,
  type ListFilter,
  listPublished,
  searchDocument,
  summariesByIds,
} from './articles.repo.js';
import { bodyCharCount, bodyText, heroFigure } from './body.js';

export interface ContentDeps {
  readonly db: Db;
  readonly clock: Clock;
  /** When present, this process hears about its own changes at once instead of on the next poll. */
  readonly changes?: ChangeFeed;
}

/** Readers may open published and unlisted pieces whose time has come; nothing else exists for them. */
export async function getVisibleArticle(deps: ContentDeps, id: number): Promise<Article> {
  const row = await findArticleRow(deps.db.kysely, id);
  const now = deps.clock.now().toISOString();
  if (!row || (row.state !== 'published' && row.state !== 'unlisted') || !row.published_at || row.published_at > now) {
    throw new NotFound('article_not_found', `article ${id} is not visible`);
  }
  return hydrateArticle(deps.db.kysely, row);
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
  const filter: ListFilter = { now: deps.clock.now().toISOString(), ...scope };
  const [total, items] = await Promise.all([
    countPublished(deps.db.kysely, filter),
    listPublished(deps.db.kysely, filter, { offset: (page - 1) * pageSize }, pageSize),
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
  const filter: ListFilter = { now: deps.clock.now().toISOString(), ...scope };
  const rows = await listPublished(deps.db.kysely, filter, { after }, limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? { publishedAt: last.publishedAt, id: last.id } : null };
}

export async function latestExcept(deps: ContentDeps, excludeId: number, limit: number, scope: ListScope = {}): Promise<ArticleSummary[]> {
  const filter: ListFilter = { now: deps.clock.now().toISOString(), excludeId, ...scope };
  return listPublished(deps.db.kysely, filter, { offset: 0 }, limit);
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
  const result = await deps.db.kysely.transaction().execute(async (trx) => {
    if (input.importKey) {
      const existing = await findIdByImportKey(trx, input.importKey);
      if (existing !== null) return { id: existing, created: false as const, topics: [] as string[] };
    }
    const section = await ensureSection(
      trx,
      input.sectionSlug ?? DEFAULT_SECTION.slug,
      input.sectionName ?? DEFAULT_SECTION.name,
      at,
    );
    const hero = heroFigure(input.body);
    const id = await insertArticle(trx, {
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
    const authors = [];
    for (const b of input.bylines) authors.push({ author: await ensureAuthor(trx, b.name, b.bio, at), byline: b });
    await insertBylines(
      trx,
      id,
      authors.map(({ author, byline }) => ({ authorId: author.id, role: byline.role ?? '作者', bioLine: byline.bio })),
    );
    const tags = [];
    for (const name of input.tags) tags.push(await ensureTag(trx, name, at));
    await insertArticleTags(
      trx,
      id,
      tags.map((t) => t.id),
    );
    await indexArticle(
      trx,
      deps.db.dialect,
      searchDocument({
        id,
        title: input.title,
        lead: input.lead,
        bodyText: bodyText(input.body),
        sectionId: section.id,
        authors: authors.map((a) => a.author),
        tags,
      }),
      at,
    );
    const topics = [
      `article:${id}`,
      'list',
      `section:${section.id}`,
      ...authors.map(({ author }) => `author:${author.id}`),
      ...tags.map((t) => `tag:${t.id}`),
    ];
    await recordChange(trx, topics, at);
    return { id, created: true as const, topics };
  });
  deps.changes?.announce(result.topics);
  return result.created ? { id: result.id, created: true } : { id: result.id, created: false };
}

export async function countVisible(deps: ContentDeps, scope: ListScope): Promise<number> {
  return countPublished(deps.db.kysely, { now: deps.clock.now().toISOString(), ...scope });
}

export async function summariesInOrder(deps: ContentDeps, ids: readonly number[]) {
  return summariesByIds(deps.db.kysely, ids);
}
