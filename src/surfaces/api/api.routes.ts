import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { articleViewTopics, countVisible, getVisibleArticle, listAfter } from '../../modules/articles/index.js';
import { findAuthor } from '../../modules/authors/index.js';
import { getEditorialSettings } from '../../modules/settings/index.js';
import { searchThroughLane } from '../../modules/search/index.js';
import { findTag } from '../../modules/taxonomy/index.js';
import { topics } from '../../modules/topics/index.js';
import { BadRequest, NotFound } from '../../platform/errors.js';
import type { Produced, ResponderOptions } from '../../platform/http/cached-responder.js';
import { apiSecurityHeaders } from '../../platform/http/security-headers.js';
import type { PublicSurfaceDeps } from '../../platform/http/surface.js';
import { MAX_ROW_ID } from '../../platform/db/database.js';
import { coded, idText, oneValue } from '../../platform/http/validation.js';
import { presentArticle, presentAuthor, presentSummary } from './api.presenter.js';

export const MAX_LIMIT = 50;
const DEFAULT_LIMIT = 20;

const cursorShape = z.object({ p: z.string().datetime(), i: z.number().int().positive().max(MAX_ROW_ID) });

export function encodeCursor(c: { publishedAt: string; id: number }): string {
  return Buffer.from(JSON.stringify({ p: c.publishedAt, i: c.id })).toString('base64url');
}

const CURSOR_MESSAGE = 'cursor 無效：請使用上一頁回應中 next 欄位給的值';

function decodeCursor(raw: string): { publishedAt: string; id: number } | null {
  try {
    if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
    const c = cursorShape.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return { publishedAt: c.p, id: c.i };
  } catch {
    return null;
  }
}

const limitText = z
  .string()
  .regex(/^\d{1,3}$/, `limit 必須是 1 到 ${MAX_LIMIT} 之間的整數`)
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_LIMIT, `limit 必須是 1 到 ${MAX_LIMIT} 之間的整數`);

const listQuery = z.object({
  // '' means the first page, as an app building URLs naively would send it.
  cursor: oneValue(
    z.string().transform((raw, ctx) => {
      if (raw === '') return null;
      const c = decodeCursor(raw);
      if (!c) ctx.addIssue({ code: 'custom', ...coded('invalid_cursor', CURSOR_MESSAGE) });
      return c;
    }),
  ).optional(),
  limit: oneValue(limitText).optional(),
  author: oneValue(idText('author 必須是 1 到 2147483647 的整數')).optional(),
  tag: oneValue(z.string()).optional(),
});

const searchQuery = z.object({
  q: oneValue(z.string()).optional(),
  limit: oneValue(limitText).optional(),
  page: oneValue(z.string().regex(/^[1-9]\d{0,3}$/, 'page 必須是 1 到 9999 的整數').transform(Number)).optional(),
  author: oneValue(z.string()).optional(),
  tag: oneValue(z.string()).optional(),
  section: oneValue(z.string()).optional(),
  from: oneValue(z.string()).optional(),
  to: oneValue(z.string()).optional(),
});

const idParams = z.object({ id: idText('id 必須是 1 到 2147483647 的整數') });

/** The JSON API for the app, under /api/v1. */
export async function registerApiRoutes(fastify: FastifyInstance, deps: PublicSurfaceDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config, responder } = deps;
  const options: ResponderOptions = {
    contentType: 'application/json; charset=utf-8',
    cacheControl: `public, max-age=${config.cache.maxAge}, stale-while-revalidate=${config.cache.staleWhileRevalidate}`,
    defaultTtlMs: config.cache.sidebarMaxAgeMs,
    extraHeaders: apiSecurityHeaders(config.baseUrl),
  };
  const send = (request: FastifyRequest, reply: FastifyReply, key: string, produce: () => Promise<Produced>) =>
    responder.send(request, reply, key, options, produce);
  const base = config.baseUrl;

  app.get('/v1/articles', { schema: { querystring: listQuery } }, async (request, reply) => {
    const q = request.query;
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = q.cursor ?? null;
    const authorId = q.author;
    const cursorParam = after ? encodeCursor(after) : null;
    const key = `/api/v1/articles?limit=${limit}${cursorParam ? `&cursor=${cursorParam}` : ''}${authorId ? `&author=${authorId}` : ''}${q.tag ? `&tag=${encodeURIComponent(q.tag)}` : ''}`;
    return send(request, reply, key, async () => {
      let tagId: number | undefined;
      if (q.tag !== undefined) {
        const tag = await findTag(deps, q.tag);
        if (!tag) throw new NotFound('tag_not_found');
        tagId = tag.id;
      }
      if (authorId !== undefined && !(await findAuthor(deps, authorId))) throw new NotFound('author_not_found');
      const page = await listAfter(deps, { ...(authorId ? { authorId } : {}), ...(tagId ? { tagId } : {}) }, after, limit);
      const nextCursor = page.next ? encodeCursor(page.next) : null;
      const nextParams = new URLSearchParams({ limit: String(limit), ...(nextCursor ? { cursor: nextCursor } : {}), ...(authorId ? { author: String(authorId) } : {}), ...(q.tag ? { tag: q.tag } : {}) });
      return {
        body: JSON.stringify({
          data: page.items.map((a) => presentSummary(base, a)),
          next: nextCursor ? { cursor: nextCursor, url: `${base}/api/v1/articles?${nextParams}` } : null,
        }),
        topics: [topics.list, ...page.items.map((a) => topics.article(a.id))],
        lastModified: new Date(page.items[0]?.publishedAt ?? deps.clock.now()),
      };
    });
  });

  app.get('/v1/search', { schema: { querystring: searchQuery } }, async (request, reply) => {
    const { q, limit, page, author, tag, section, from, to } = request.query;
    const results = await searchThroughLane(deps, { q: q ?? '', page: page ?? 1, pageSize: limit ?? DEFAULT_LIMIT, author, tag, section, from, to });
      if (results.status === 'empty') throw new BadRequest('empty_query', '請提供搜尋關鍵字 q');
      if (results.status === 'no_searchable_text') throw new BadRequest('no_searchable_text', 'q 裡沒有可以搜尋的文字');
      return reply
        .headers({ ...apiSecurityHeaders(config.baseUrl), 'content-type': 'application/json; charset=utf-8', 'cache-control': `public, max-age=${config.cache.maxAge}` })
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

  app.get('/v1/articles/:id', { schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params;
    return send(request, reply, `/api/v1/articles/${id}`, async () => {
        const [article, editorial] = await Promise.all([getVisibleArticle(deps, id), getEditorialSettings(deps)]);
        return {
          body: JSON.stringify({ data: presentArticle(base, editorial, article) }),
          // The disclaimer and reading time come from the editorial settings (the site topic).
          topics: [...articleViewTopics({ id, imageIds: [...article.images.keys()], authorIds: article.authors.map((a) => a.authorId) }), topics.site],
          lastModified: new Date(article.updatedAt > article.publishedAt ? article.updatedAt : article.publishedAt),
          ttlMs: Number.MAX_SAFE_INTEGER,
        };
      });
    });

  app.get('/v1/authors/:id', { schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params;
    return send(request, reply, `/api/v1/authors/${id}`, async () => {
        const author = await findAuthor(deps, id);
        if (!author) throw new NotFound('author_not_found');
        const count = await countVisible(deps, { authorId: id });
        return {
          body: JSON.stringify({ data: presentAuthor(base, author, count) }),
          topics: [topics.author(id), topics.list],
          lastModified: new Date(deps.clock.now()),
        };
      });
    });
}
