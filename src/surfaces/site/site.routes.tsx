import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { VNode } from 'preact';
import { z } from 'zod';
import {
  type ArticleSummary,
  articleViewTopics,
  findRetraction,
  getVisibleArticle,
  latestExcept,
  type ListScope,
  listPage,
  type Page,
} from '../../modules/articles/index.js';
import { type Author, findAuthor } from '../../modules/authors/index.js';
import { findImages, type ImageRef } from '../../modules/media/index.js';
import { getEditorialSettings } from '../../modules/settings/index.js';
import { searchThroughLane } from '../../modules/search/index.js';
import { findSection, findTag, findTagRedirect, listSections } from '../../modules/taxonomy/index.js';
import { topics } from '../../modules/topics/index.js';
import { NotFound } from '../../platform/errors.js';
import type { Produced, ResponderOptions } from '../../platform/http/cached-responder.js';
import { renderDocument } from '../../platform/html/render.js';
import { pageSecurityHeaders } from '../../platform/http/security-headers.js';
import type { PublicSurfaceDeps } from '../../platform/http/surface.js';
import { idText, oneValue } from '../../platform/http/validation.js';
import { mobilePath, paths } from '../urls.js';
import { ArticlePage, RetractedPage } from './article.page.js';
import { Picture } from './components.js';
import type { SiteAssets } from './assets.js';
import type { SiteContext } from './layout.js';
import { ListPage, type ListPageProps, pageTitleSuffix } from './list.page.js';
import { MessagePage } from './message.page.js';
import { SearchPage } from './search.page.js';

export interface SiteDeps extends PublicSurfaceDeps {
  readonly assets: SiteAssets;
}

/** Which 404 a route's bad path parameter means (a malformed id names nothing, like a missing one). */
declare module 'fastify' {
  interface FastifyContextConfig {
    notFound?: string;
  }
}

const pageQuery = z.object({ page: oneValue(z.string().regex(/^[1-9]\d{0,5}$/, '頁碼必須是 1 以上的整數').transform(Number)).optional() });
const idParams = z.object({ id: idText('not an id') });

/** Search is lenient: a filter or page it cannot read is ignored with a note, never refused. */
const lenient = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' ? v : undefined));
const searchQuery = z.object({
  q: lenient,
  page: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' && /^[1-9]\d{0,3}$/.test(v) ? Number(v) : 1)),
  author: lenient,
  tag: lenient,
  section: lenient,
  from: lenient,
  to: lenient,
});

/** What every page shows around its content; a change to any of it records the site topic (every page carries it). */
export async function siteContext(deps: Pick<SiteDeps, 'config' | 'assets' | 'db' | 'changes'>): Promise<SiteContext> {
  const [editorial, sections] = await Promise.all([getEditorialSettings(deps), listSections(deps)]);
  return {
    site: { ...deps.config.site, disclaimer: editorial.disclaimer },
    baseUrl: deps.config.baseUrl,
    assets: { css: deps.assets.cssPath, js: deps.assets.jsPath, icon: deps.assets.iconPath },
    sections,
    links: editorial.chromeLinks,
    readingCharsPerMinute: editorial.readingCharsPerMinute,
  };
}

/** A tag page whose name now belongs to another tag (renamed or merged): answered with a redirect, never kept. */
class TagMoved extends Error {
  constructor(readonly to: string) {
    super('tag moved');
  }
}

/** Under an author's name: their photo (from the media library), long bio and links. */
function AuthorProfile(props: { author: Author; photo: ImageRef | null }) {
  const { author, photo } = props;
  if (!photo && !author.longBio && author.links.length === 0) return null;
  return (
    <div class="author-profile">
      {photo ? <Picture image={photo} alt={author.name} sizes="120px" className="author-profile__photo" /> : null}
      <div class="author-profile__text">
        {(author.longBio ?? '').split('\n').filter((p) => p.trim() !== '').map((p) => (
          <p>{p}</p>
        ))}
        {author.links.length > 0 ? (
          <p class="author-profile__links">
            {author.links.map((l) => (
              <a href={l.url} rel="noopener nofollow">
                {l.label}
              </a>
            ))}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** The reader's pages, registered once for the desktop site and once under /m for the mobile version. */
export async function registerSiteRoutes(fastify: FastifyInstance, deps: SiteDeps, mobile: boolean): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config, responder } = deps;
  const pageOptions: ResponderOptions = {
    contentType: 'text/html; charset=utf-8',
    cacheControl: `public, max-age=${config.cache.maxAge}, stale-while-revalidate=${config.cache.staleWhileRevalidate}`,
    defaultTtlMs: config.cache.sidebarMaxAgeMs,
    extraHeaders: pageSecurityHeaders(config.baseUrl),
  };
  const now = () => deps.clock.now();
  // Every page shows the chrome (editorial settings, the section menu): it carries the site topic.
  const send = (request: FastifyRequest, reply: FastifyReply, desktopKey: string, produce: () => Promise<Produced>) =>
    responder.send(request, reply, mobile ? mobilePath(desktopKey) : desktopKey, pageOptions, async () => {
      const produced = await produce();
      return { ...produced, topics: [...produced.topics, topics.site] };
    });
  const html = (vnode: VNode) => renderDocument(vnode);

  // Home, author, tag and section pages: one listing, differing only in scope and wording.
  const listing = async (
    page: number,
    scope: ListScope,
    pageTopics: string[],
    view: (list: Page<ArticleSummary>) => Omit<ListPageProps, 'ctx' | 'mobile' | 'page'>,
  ): Promise<Produced> => {
    const [ctx, list] = await Promise.all([siteContext(deps), listPage(deps, scope, page, config.pageSize)]);
    if (page > list.pageCount) throw new NotFound('page_not_found');
    return {
      body: html(<ListPage ctx={ctx} mobile={mobile} page={list} {...view(list)} />),
      topics: pageTopics,
      lastModified: new Date(list.items[0]?.publishedAt ?? now()),
    };
  };

  app.get('/', { schema: { querystring: pageQuery }, prefixTrailingSlash: 'slash' }, async (request, reply) => {
    const page = request.query.page ?? 1;
    return send(request, reply, paths.home(page), () =>
      listing(page, {}, [topics.list], () => ({
        meta: { title: page > 1 ? `${config.site.name}${pageTitleSuffix(page)}` : config.site.name, description: config.site.description, desktopPath: paths.home(page) },
        heading: page > 1 ? `最新文章${pageTitleSuffix(page)}` : '最新文章',
        kicker: config.site.sectionName,
        pageHref: paths.home,
        emptyText: '目前還沒有文章。',
      })),
    );
  });

  app.get('/article/:id', { schema: { params: idParams }, config: { notFound: 'article_not_found' } }, async (request, reply) => {
    const { id } = request.params;
    try {
      return await articlePage(request, reply, id);
    } catch (err) {
      // A retracted piece keeps its URL: the tombstone says what happened (410, never from the cache).
      const retraction = err instanceof NotFound ? await findRetraction(deps, id) : null;
      if (!retraction) throw err;
      const ctx = await siteContext(deps);
      return reply
        .code(410)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(html(<RetractedPage ctx={ctx} mobile={mobile} retraction={retraction} desktopPath={paths.article(id)} />));
    }
  });

  const articlePage = (request: FastifyRequest, reply: FastifyReply, id: number) =>
    send(request, reply, paths.article(id), async () => {
      const article = await getVisibleArticle(deps, id);
      const firstAuthor = article.authors[0];
      const [ctx, moreByAuthor, latest] = await Promise.all([
        siteContext(deps),
        firstAuthor ? latestExcept(deps, id, 5, { authorId: firstAuthor.authorId }) : Promise.resolve([]),
        latestExcept(deps, id, 6),
      ]);
      return {
        body: html(<ArticlePage ctx={ctx} data={{ article, moreByAuthor, latest }} mobile={mobile} />),
        topics: articleViewTopics({
          id,
          shownIds: [...moreByAuthor, ...latest].map((a) => a.id),
          imageIds: [...article.images.keys()],
          authorIds: article.authors.map((a) => a.authorId),
        }),
        lastModified: new Date(article.updatedAt > article.publishedAt ? article.updatedAt : article.publishedAt),
      };
    });

  app.get(
    '/author/:id',
    { schema: { params: idParams, querystring: pageQuery }, config: { notFound: 'author_not_found' } },
    async (request, reply) => {
      const { id } = request.params;
      const page = request.query.page ?? 1;
      return send(request, reply, paths.author(id, page), async () => {
        const author = await findAuthor(deps, id);
        if (!author) throw new NotFound('author_not_found');
        const photo = author.photoImageId === null ? null : ((await findImages(deps, [author.photoImageId])).get(author.photoImageId) ?? null);
        const pageTopics = [topics.list, topics.author(id), ...(author.photoImageId === null ? [] : [topics.image(author.photoImageId)])];
        return listing(page, { authorId: id }, pageTopics, () => ({
          meta: {
            title: `${author.name}${pageTitleSuffix(page)}`,
            description: author.bio ?? `${author.name}在${config.site.name}發表的文章`,
            desktopPath: paths.author(id, page),
            ogType: 'profile',
            jsonLd: { '@context': 'https://schema.org', '@type': 'ProfilePage', mainEntity: { '@type': 'Person', name: author.name, description: author.bio ?? undefined, url: config.baseUrl + paths.author(id) } },
          },
          kicker: '作者',
          heading: author.name,
          intro: author.bio,
          profile: <AuthorProfile author={author} photo={photo} />,
          pageHref: (n) => paths.author(id, n),
          emptyText: '這位作者還沒有公開的文章。',
        }));
      });
    },
  );

  app.get(
    '/tag/:name',
    { schema: { params: z.object({ name: z.string() }), querystring: pageQuery }, config: { notFound: 'tag_not_found' } },
    async (request, reply) => {
      const { name } = request.params;
      const page = request.query.page ?? 1;
      try {
        return await send(request, reply, paths.tag(name, page), async () => {
        const tag = await findTag(deps, name);
        if (!tag) {
          const moved = await findTagRedirect(deps, name);
          if (moved) throw new TagMoved(paths.tag(moved.name, page));
          throw new NotFound('tag_not_found');
        }
        return listing(page, { tagId: tag.id }, [topics.list, topics.tag(tag.id)], (list) => ({
          meta: { title: `${tag.name}${pageTitleSuffix(page)}`, description: `關於「${tag.name}」的評論文章`, desktopPath: paths.tag(tag.name, page) },
          kicker: '關鍵字',
          heading: tag.name,
          intro: `共 ${list.total} 篇文章`,
          pageHref: (n) => paths.tag(tag.name, n),
          emptyText: '這個關鍵字還沒有公開的文章。',
        }));
        });
      } catch (err) {
        if (err instanceof TagMoved) return reply.redirect(mobile ? mobilePath(err.to) : err.to, 301);
        throw err;
      }
    },
  );

  app.get(
    '/section/:slug',
    { schema: { params: z.object({ slug: z.string() }), querystring: pageQuery }, config: { notFound: 'section_not_found' } },
    async (request, reply) => {
      const { slug } = request.params;
      const page = request.query.page ?? 1;
      return send(request, reply, paths.section(slug, page), async () => {
        const section = await findSection(deps, slug);
        if (!section) throw new NotFound('section_not_found');
        return listing(page, { sectionId: section.id }, [topics.list, topics.section(section.id)], () => ({
          meta: { title: `${section.name}${pageTitleSuffix(page)}`, description: config.site.description, desktopPath: paths.section(slug, page) },
          kicker: '分類',
          heading: section.name,
          pageHref: (n) => paths.section(slug, n),
          emptyText: '這個分類還沒有公開的文章。',
        }));
      });
    },
  );

  // Search pages are not kept in the page cache (any text makes a new URL); a CDN may keep them briefly.
  app.get('/search', { schema: { querystring: searchQuery } }, async (request, reply) => {
    const { q, page, author, tag, section, from, to } = request.query;
    const results = await searchThroughLane(deps, { q: q ?? '', page, pageSize: config.pageSize, author, tag, section, from, to });
    const body = html(<SearchPage ctx={await siteContext(deps)} mobile={mobile} results={results} />);
    return reply
      .headers({ ...pageSecurityHeaders(config.baseUrl), 'content-type': 'text/html; charset=utf-8', 'cache-control': `public, max-age=${config.cache.maxAge}` })
      .send(body);
  });

  // 我要投稿 is its own surface (surfaces/contribute), one responsive page with no twin under /m.
  if (mobile) app.get(paths.contribute(), async (_request, reply) => reply.redirect(paths.contribute(), 301));

  for (const [path, title, message] of [
    [paths.complaint(), '我要申訴', '線上申訴即將開放。如對本站文章內容有疑義，請來信編輯部並註明文章網址與申訴理由，我們會在 30 日內回覆。'],
  ] as const) {
    app.get(path, async (request, reply) =>
      send(request, reply, path, async () => ({
        body: renderDocument(<MessagePage ctx={await siteContext(deps)} mobile={mobile} title={title} message={message} desktopPath={path} />),
        topics: [],
        lastModified: new Date('2026-11-27T00:00:00Z'),
      })),
    );
  }
}
