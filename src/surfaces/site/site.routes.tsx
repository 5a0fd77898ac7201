import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { type ArticleSummary, type ContentDeps, getVisibleArticle, latestExcept, type ListScope, listPage, type Page } from '../../modules/articles/index.js';
import { findAuthorById } from '../../modules/authors/index.js';
import { findSectionBySlug, findTagByName, listSections } from '../../modules/taxonomy/index.js';
import { AppError, BadRequest, NotFound } from '../../platform/errors.js';
import type { CachedResponder, Produced, ResponderOptions } from '../../platform/http/cached-responder.js';
import { renderDocument } from '../../platform/html/render.js';
import { pageSecurityHeaders } from '../../platform/http/security-headers.js';
import { ArticlePage } from './article.page.js';
import type { SiteAssets } from './assets.js';
import type { SiteContext } from './layout.js';
import { ListPage, type ListPageProps, pageTitleSuffix } from './list.page.js';
import { MessagePage } from './message.page.js';
import { SearchPage } from './search.page.js';
import { runSearch, searchParamsFrom } from '../search-results.js';
import { mobilePath, paths } from './urls.js';

export interface SiteDeps extends ContentDeps {
  readonly config: Config;
  readonly responder: CachedResponder;
  readonly assets: SiteAssets;
}

const idParam = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/) });
const pageQuery = z.object({ page: z.string().optional() });

/** ?page=N: absent means 1; anything but a positive whole number is the reader's mistake, said plainly. */
function readPage(query: unknown): number {
  const parsed = pageQuery.safeParse(query);
  const raw = parsed.success ? parsed.data.page : undefined;
  if (raw === undefined) return 1;
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new BadRequest('invalid_page', '頁碼必須是 1 以上的整數');
  return Number(raw);
}

function readId(params: unknown, code: string): number {
  const parsed = idParam.safeParse(params);
  if (!parsed.success) throw new NotFound(code);
  return Number(parsed.data.id);
}

export async function siteContext(deps: SiteDeps): Promise<SiteContext> {
  return {
    site: deps.config.site,
    baseUrl: deps.config.baseUrl,
    assets: { css: deps.assets.cssPath, js: deps.assets.jsPath, icon: deps.assets.iconPath },
    sections: await listSections(deps.db.kysely),
  };
}

export function renderMessage(
  ctx: SiteContext,
  mobile: boolean,
  desktopPath: string,
  status: number,
  wording: { title: string; message: string },
): string {
  return renderDocument(
    <MessagePage ctx={ctx} mobile={mobile} title={wording.title} message={wording.message} code={String(status)} desktopPath={desktopPath} />,
  );
}

export function siteRoutes(deps: SiteDeps) {
  const { config, responder } = deps;
  const pageOptions: ResponderOptions = {
    contentType: 'text/html; charset=utf-8',
    cacheControl: `public, max-age=${config.cache.maxAge}, stale-while-revalidate=${config.cache.staleWhileRevalidate}`,
    defaultTtlMs: config.cache.sidebarMaxAgeMs,
    extraHeaders: pageSecurityHeaders,
  };
  const now = () => deps.clock.now();

  const send = (request: FastifyRequest, reply: FastifyReply, key: string, produce: () => Promise<Produced>) =>
    responder.send(request, reply, key, pageOptions, produce);

  const html = (vnode: VNode) => renderDocument(vnode);

  return async function register(app: FastifyInstance): Promise<void> {
    for (const mobile of [false, true]) {
      const prefix = mobile ? '/m' : '';
      const keyOf = (desktop: string) => (mobile ? mobilePath(desktop) : desktop);
      // Home, author, tag and section pages: one listing, differing only in scope and wording.
      const listing = async (
        page: number,
        scope: ListScope,
        topics: string[],
        view: (list: Page<ArticleSummary>) => Omit<ListPageProps, 'ctx' | 'mobile' | 'page'>,
      ): Promise<Produced> => {
        const [ctx, list] = await Promise.all([siteContext(deps), listPage(deps, scope, page, config.pageSize)]);
        if (page > list.pageCount) throw new NotFound('page_not_found');
        return {
          body: html(<ListPage ctx={ctx} mobile={mobile} page={list} {...view(list)} />),
          topics,
          lastModified: new Date(list.items[0]?.publishedAt ?? now()),
        };
      };

      app.get(mobile ? '/m/' : '/', async (request, reply) => {
        const page = readPage(request.query);
        return send(request, reply, keyOf(paths.home(page)), () =>
          listing(page, {}, ['list'], () => ({
            meta: { title: page > 1 ? `${config.site.name}${pageTitleSuffix(page)}` : config.site.name, description: config.site.description, desktopPath: paths.home(page) },
            heading: page > 1 ? `最新文章${pageTitleSuffix(page)}` : '最新文章',
            kicker: config.site.sectionName,
            pageHref: paths.home,
            emptyText: '目前還沒有文章。',
          })),
        );
      });

      app.get(`${prefix}/article/:id`, async (request, reply) => {
        const id = readId(request.params, 'article_not_found');
        return send(request, reply, keyOf(paths.article(id)), async () => {
          const article = await getVisibleArticle(deps, id);
          const firstAuthor = article.authors[0];
          const [ctx, moreByAuthor, latest] = await Promise.all([
            siteContext(deps),
            firstAuthor ? latestExcept(deps, id, 5, { authorId: firstAuthor.authorId }) : Promise.resolve([]),
            latestExcept(deps, id, 6),
          ]);
          const shown = [...moreByAuthor, ...latest];
          return {
            body: html(<ArticlePage ctx={ctx} data={{ article, moreByAuthor, latest }} mobile={mobile} />),
            topics: [
              `article:${id}`,
              ...shown.map((a) => `article:${a.id}`),
              ...[...article.images.keys()].map((i) => `image:${i}`),
              ...article.authors.map((a) => `author:${a.authorId}`),
            ],
            lastModified: new Date(article.updatedAt > article.publishedAt ? article.updatedAt : article.publishedAt),
          };
        });
      });

      app.get(`${prefix}/author/:id`, async (request, reply) => {
        const id = readId(request.params, 'author_not_found');
        const page = readPage(request.query);
        return send(request, reply, keyOf(paths.author(id, page)), async () => {
          const author = await findAuthorById(deps.db.kysely, id);
          if (!author) throw new NotFound('author_not_found');
          return listing(page, { authorId: id }, ['list', `author:${id}`], () => ({
            meta: {
              title: `${author.name}${pageTitleSuffix(page)}`,
              description: author.bio ?? `${author.name}在${config.site.name}發表的文章`,
              desktopPath: paths.author(id, page),
              ogType: 'profile',
              jsonLd: { '@context': 'https://schema.org', '@type': 'ProfilePage', mainEntity: { '@type': 'Person', name: author.name, description: author.bio ?? undefined, url: config.baseUrl + paths.author(id) } },
            },
            kicker: '作者',
            heading: author.name,
            intro: [author.bio, author.longBio].filter(Boolean).join('　') || null,
            pageHref: (n) => paths.author(id, n),
            emptyText: '這位作者還沒有公開的文章。',
          }));
        });
      });

      app.get(`${prefix}/tag/:name`, async (request, reply) => {
        const { name } = request.params as { name: string };
        const page = readPage(request.query);
        return send(request, reply, keyOf(paths.tag(name, page)), async () => {
          const tag = name.length <= 60 ? await findTagByName(deps.db.kysely, name) : null;
          if (!tag) throw new NotFound('tag_not_found');
          return listing(page, { tagId: tag.id }, ['list', `tag:${tag.id}`], (list) => ({
            meta: { title: `${tag.name}${pageTitleSuffix(page)}`, description: `關於「${tag.name}」的評論文章`, desktopPath: paths.tag(tag.name, page) },
            kicker: '關鍵字',
            heading: tag.name,
            intro: `共 ${list.total} 篇文章`,
            pageHref: (n) => paths.tag(tag.name, n),
            emptyText: '這個關鍵字還沒有公開的文章。',
          }));
        });
      });

      app.get(`${prefix}/section/:slug`, async (request, reply) => {
        const { slug } = request.params as { slug: string };
        const page = readPage(request.query);
        return send(request, reply, keyOf(paths.section(slug, page)), async () => {
          const section = /^[a-z0-9-]{1,40}$/.test(slug) ? await findSectionBySlug(deps.db.kysely, slug) : null;
          if (!section) throw new NotFound('section_not_found');
          return listing(page, { sectionId: section.id }, ['list', `section:${section.id}`], () => ({
            meta: { title: `${section.name}${pageTitleSuffix(page)}`, description: config.site.description, desktopPath: paths.section(slug, page) },
            kicker: '分類',
            heading: section.name,
            pageHref: (n) => paths.section(slug, n),
            emptyText: '這個分類還沒有公開的文章。',
          }));
        });
      });

      // Search pages are not kept in the page cache (any text makes a new URL); a CDN may keep them briefly.
      app.get(`${prefix}/search`, async (request, reply) => {
        const rawPage = (request.query as Record<string, unknown> | undefined)?.page;
        const page = typeof rawPage === 'string' && /^[1-9]\d{0,3}$/.test(rawPage) ? Number(rawPage) : 1;
        const results = await runSearch(deps, searchParamsFrom(request.query, page, config.pageSize));
        const body = html(<SearchPage ctx={await siteContext(deps)} mobile={mobile} results={results} />);
        return reply
          .headers({ ...pageSecurityHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': `public, max-age=${config.cache.maxAge}` })
          .send(body);
      });

      for (const [path, title, message] of [
        [paths.contribute(), '我要投稿', '線上投稿即將開放。在此之前，歡迎來信編輯部投稿：請附上真實姓名、聯絡方式與一行作者簡介，我們會在收到後與您聯繫。'],
        [paths.complaint(), '我要申訴', '線上申訴即將開放。如對本站文章內容有疑義，請來信編輯部並註明文章網址與申訴理由，我們會在 30 日內回覆。'],
      ] as const) {
        app.get(`${prefix}${path}`, async (request, reply) =>
          send(request, reply, keyOf(path), async () => ({
            body: renderDocument(
              <MessagePage ctx={await siteContext(deps)} mobile={mobile} title={title} message={message} desktopPath={path} />,
            ),
            topics: [],
            lastModified: new Date('2026-11-27T00:00:00Z'),
          })),
        );
      }
    }

    app.get('/m', async (_request, reply) => reply.redirect('/m/', 301));
  };
}

/** Wording readers see for each error code; the code itself is for logs and the API. */
export function siteErrorWording(err: unknown): { status: number; title: string; message: string } {
  if (err instanceof AppError && err.status === 404) {
    const what: Record<string, string> = {
      article_not_found: '找不到這篇文章，可能網址有誤，或文章已下架。',
      author_not_found: '找不到這位作者。',
      tag_not_found: '找不到這個關鍵字。',
      section_not_found: '找不到這個分類。',
      page_not_found: '這一頁沒有內容了。',
    };
    return { status: 404, title: '找不到頁面', message: what[err.code] ?? '找不到您要的頁面，可能網址有誤，或頁面已移除。' };
  }
  if (err instanceof AppError && err.status === 400) return { status: 400, title: '網址有誤', message: `${err.message}。` };
  return { status: 500, title: '系統發生錯誤', message: '很抱歉，系統暫時無法處理您的要求。請稍後再試；若問題持續，請告訴我們。' };
}
