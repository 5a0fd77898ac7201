import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { type ContentDeps, countVisible, getVisibleArticle, listAfter } from '../../modules/articles/index.js';
import { findAuthorById } from '../../modules/authors/index.js';
import { findTagByName } from '../../modules/taxonomy/index.js';
import { BadRequest, NotFound } from '../../platform/errors.js';
import type { CachedResponder, Produced, ResponderOptions } from '../../platform/http/cached-responder.js';
import { apiSecurityHeaders } from '../../platform/http/security-headers.js';
import { presentArticle, presentAuthor, presentSummary } from './api.presenter.js';
import { runSearch, searchParamsFrom } from '../search-results.js';

export interface ApiDeps extends ContentDeps {
  readonly config: Config;
  readonly responder: CachedResponder;
}

export const MAX_LIMIT = 50;
const DEFAULT_LIMIT = 20;

const cursorShape = z.object({ p: z.string().datetime(), i: z.number().int().positive() });

export function encodeCursor(c: { publishedAt: string; id: number }): string {
  return Buffer.from(JSON.stringify({ p: c.publishedAt, i: c.id })).toString('base64url');
}

function decodeCursor(raw: string): { publishedAt: string; id: number } {
  try {
    if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error('shape');
    const c = cursorShape.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return { publishedAt: c.p, id: c.i };
  } catch {
    throw new BadRequest('invalid_cursor', 'cursor 無效：請使用上一頁回應中 next 欄位給的值');
  }
}

const listQuery = z
  .object({
    cursor: z.string().optional(),
    limit: z.string().optional(),
    author: z.string().optional(),
    tag: z.string().optional(),
  })
  .passthrough();

function readLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) {
    throw new BadRequest('invalid_limit', `limit 必須是 1 到 ${MAX_LIMIT} 之間的整數`, { min: 1, max: MAX_LIMIT });
  }
  return Number(raw);
}

function readPositiveId(raw: string | undefined, code: string, what: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,14}$/.test(raw)) throw new BadRequest(code, `${what} 必須是正整數`);
  return Number(raw);
}

export function apiRoutes(deps: ApiDeps) {
  const { config, responder } = deps;
  const options: ResponderOptions = {
    contentType: 'application/json; charset=utf-8',
    cacheControl: `public, max-age=${config.cache.maxAge}, stale-while-revalidate=${config.cache.staleWhileRevalidate}`,
    defaultTtlMs: config.cache.sidebarMaxAgeMs,
    extraHeaders: apiSecurityHeaders,
  };
  const send = (request: FastifyRequest, reply: FastifyReply, key: string, produce: () => Promise<Produced>) =>
    responder.send(request, reply, key, options, produce);
  const base = config.baseUrl;

  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/articles', async (request, reply) => {
      const parsed = listQuery.safeParse(request.query);
      if (!parsed.success) throw new BadRequest('invalid_query', '查詢參數格式錯誤');
      const q = parsed.data;
      if (Array.isArray(request.query) || Object.values(request.query as object).some(Array.isArray)) {
        throw new BadRequest('invalid_query', '每個查詢參數只能出現一次');
      }
      const limit = readLimit(q.limit);
      const after = q.cursor === undefined || q.cursor === '' ? null : decodeCursor(q.cursor);
      const authorId = readPositiveId(q.author, 'invalid_author', 'author');
      const key = `/api/v1/articles?limit=${limit}${after ? `&cursor=${q.cursor}` : ''}${authorId ? `&author=${authorId}` : ''}${q.tag ? `&tag=${encodeURIComponent(q.tag)}` : ''}`;
      return send(request, reply, key, async () => {
        let tagId: number | undefined;
        if (q.tag !== undefined) {
          const tag = q.tag.length <= 60 ? await findTagByName(deps.db.kysely, q.tag) : null;
          if (!tag) throw new NotFound('tag_not_found');
          tagId = tag.id;
        }
        if (authorId !== undefined && !(await findAuthorById(deps.db.kysely, authorId))) throw new NotFound('author_not_found');
        const page = await listAfter(deps, { ...(authorId ? { authorId } : {}), ...(tagId ? { tagId } : {}) }, after, limit);
        const nextCursor = page.next ? encodeCursor(page.next) : null;
        const nextParams = new URLSearchParams({ limit: String(limit), ...(nextCursor ? { cursor: nextCursor } : {}), ...(authorId ? { author: String(authorId) } : {}), ...(q.tag ? { tag: q.tag } : {}) });
        return {
          body: JSON.stringify({
            data: page.items.map((a) => presentSummary(base, a)),
            next: nextCursor ? { cursor: nextCursor, url: `${base}/api/v1/articles?${nextParams}` } : null,
          }),
          topics: ['list', ...page.items.map((a) => `article:${a.id}`)],
          lastModified: new Date(page.items[0]?.publishedAt ?? deps.clock.now()),
        };
      });
    });

    app.get('/api/v1/search', async (request, reply) => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      if (Object.values(query).some(Array.isArray)) throw new BadRequest('invalid_query', '每個查詢參數只能出現一次');
      const str = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : undefined);
      const limit = readLimit(str('limit'));
      const rawPage = str('page');
      if (rawPage !== undefined && !/^[1-9]\d{0,3}$/.test(rawPage)) throw new BadRequest('invalid_page', 'page 必須是 1 到 9999 的整數');
      const page = rawPage ? Number(rawPage) : 1;
      const results = await runSearch(deps, searchParamsFrom(query, page, limit));
      if (results.status === 'empty') throw new BadRequest('empty_query', '請提供搜尋關鍵字 q');
      if (results.status === 'no_searchable_text') throw new BadRequest('no_searchable_text', 'q 裡沒有可以搜尋的文字');
      return reply
        .headers({ ...apiSecurityHeaders, 'content-type': 'application/json; charset=utf-8', 'cache-control': `public, max-age=${config.cache.maxAge}` })
        .send({
          data: results.items.map(({ article, snippet, score }) => {
            let offset = 0;
            const highlights: Array<[number, number]> = [];
            for (const part of snippet) {
              const len = [...part.text].length;
              if (part.hit) highlights.push([offset, offset + len]);
              offset += len;
            }
            return { ...presentSummary(base, article), score, snippet: { text: snippet.map((p) => p.text).join(''), highlights } };
          }),
          meta: {
            query: results.query,
            truncated: results.truncated,
            total: results.total,
            totalIsLowerBound: results.totalIsLowerBound,
            page: results.page,
            pageCount: results.pageCount,
            alsoSearched: results.compiled?.suggestions ?? [],
            filters: results.filters.map((f) => ({ key: f.key, value: f.value })),
            ignored: results.ignored,
          },
        });
    });

    app.get('/api/v1/articles/:id', async (request, reply) => {
      const id = readPositiveId((request.params as { id: string }).id, 'invalid_id', 'id');
      if (id === undefined) throw new NotFound('article_not_found');
      return send(request, reply, `/api/v1/articles/${id}`, async () => {
        const article = await getVisibleArticle(deps, id);
        return {
          body: JSON.stringify({ data: presentArticle(base, config.site.disclaimer, article) }),
          topics: [`article:${id}`, ...[...article.images.keys()].map((i) => `image:${i}`)],
          lastModified: new Date(article.updatedAt > article.publishedAt ? article.updatedAt : article.publishedAt),
          ttlMs: Number.MAX_SAFE_INTEGER,
        };
      });
    });

    app.get('/api/v1/authors/:id', async (request, reply) => {
      const id = readPositiveId((request.params as { id: string }).id, 'invalid_id', 'id');
      if (id === undefined) throw new NotFound('author_not_found');
      return send(request, reply, `/api/v1/authors/${id}`, async () => {
        const author = await findAuthorById(deps.db.kysely, id);
        if (!author) throw new NotFound('author_not_found');
        const count = await countVisible(deps, { authorId: id });
        return {
          body: JSON.stringify({ data: presentAuthor(base, author, count) }),
          topics: [`author:${id}`, 'list'],
          lastModified: new Date(deps.clock.now()),
        };
      });
    });
  };
}
