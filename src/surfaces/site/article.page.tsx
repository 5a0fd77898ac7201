import type { Article, ArticleSummary, BodyBlock, BylineEntry, EmbedBlock } from '../../modules/articles/index.js';
import { excerpt, readingMinutes } from '../../modules/zh/index.js';
import { formatTaipeiDateTime, toTaipeiIso } from '../../platform/time.js';
import { CompactList, DateLine, Figure, ShareBar } from './components.js';
import { Layout, type PageMeta, type SiteContext } from './layout.js';
import { mobilePath, paths } from '../urls.js';

export interface ArticlePageData {
  article: Article;
  moreByAuthor: ArticleSummary[];
  latest: ArticleSummary[];
}

function Byline(props: { bylines: BylineEntry[]; mobile: boolean }) {
  if (props.bylines.length === 0) return null;
  return (
    <div class="byline">
      {props.bylines.map((b) => (
        <p class="byline__entry">
          ●
          <a class="byline__name" href={props.mobile ? mobilePath(paths.author(b.authorId)) : paths.author(b.authorId)} rel="author">
            {b.name}
          </a>
          {b.bioLine ? <span class="byline__bio">／{b.bioLine}</span> : null}
        </p>
      ))}
    </div>
  );
}

function Block(props: { block: BodyBlock; article: Article; mobile: boolean; heroId: string | null }) {
  const { block, article } = props;
  switch (block.type) {
    case 'paragraph':
      // A paragraph that repeats the lead is the author's own closing line: the original page prints it, so do we.
      return <p>{block.text}</p>;
    case 'heading':
      return <h2 class="article__subhead">{block.text}</h2>;
    case 'byline':
      return <Byline bylines={article.authors} mobile={props.mobile} />;
    case 'figure':
      return (
        <Figure
          block={block}
          image={block.imageId === null ? null : (article.images.get(block.imageId) ?? null)}
          eager={block.id === props.heroId}
        />
      );
    case 'quote':
      return <blockquote class="article__quote">{block.text}</blockquote>;
    case 'list':
      return block.ordered ? (
        <ol class="article__list">
          {block.items.map((item) => (
            <li>{item}</li>
          ))}
        </ol>
      ) : (
        <ul class="article__list">
          {block.items.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      );
    case 'divider':
      return <hr class="article__divider" />;
    case 'embed':
      return <EmbedCard block={block} />;
  }
}

const EMBED_LABELS: Record<EmbedBlock['provider'], string> = { youtube: 'YouTube 影片', x: 'X 貼文', facebook: 'Facebook 貼文' };

/** No third-party script or frame: a card that links out, so a reader's visit tells nobody else anything. */
function EmbedCard(props: { block: EmbedBlock }) {
  const { block } = props;
  return (
    <p class={`embed-card embed-card--${block.provider}`}>
      <a href={block.url} rel="noopener noreferrer nofollow" target="_blank">
        <span class="embed-card__provider">{EMBED_LABELS[block.provider]}</span>
        <span class="embed-card__url">{block.url}</span>
      </a>
    </p>
  );
}

export function articleMeta(ctx: SiteContext, article: Article): PageMeta {
  const desktop = paths.article(article.id);
  const canonical = ctx.baseUrl + desktop;
  const description = article.ogDescription ?? excerpt(article.lead ?? article.bodyText, 120);
  const heroImage = article.hero?.image ?? null;
  const rendition = heroImage?.renditions.filter((r) => r.format === 'webp').sort((a, b) => b.width - a.width)[0];
  const ogImage = heroImage
    ? {
        url: ctx.baseUrl + (rendition ? paths.rendition(rendition.key) : paths.media(heroImage.storageKey)),
        width: rendition ? rendition.width : heroImage.width,
        height: rendition ? Math.round((heroImage.height * rendition.width) / heroImage.width) : heroImage.height,
      }
    : null;
  const modified = article.contentUpdatedAt ?? article.publishedAt;
  return {
    title: article.ogTitle ?? article.title,
    description,
    desktopPath: desktop,
    ogType: 'article',
    ogImage,
    publishedTime: toTaipeiIso(article.publishedAt),
    modifiedTime: toTaipeiIso(modified),
    authorUrls: article.authors.map((a) => ctx.baseUrl + paths.author(a.authorId)),
    tags: article.tags.map((t) => t.name),
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'OpinionNewsArticle',
      headline: article.title,
      description,
      url: canonical,
      mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
      inLanguage: 'zh-Hant-TW',
      datePublished: toTaipeiIso(article.publishedAt),
      dateModified: toTaipeiIso(modified),
      articleSection: article.section.name,
      keywords: article.tags.map((t) => t.name),
      wordCount: article.charCount,
      ...(ogImage ? { image: [ogImage.url] } : {}),
      author: article.authors.map((a) => ({
        '@type': 'Person',
        name: a.name,
        url: ctx.baseUrl + paths.author(a.authorId),
        ...(a.bioLine ? { description: a.bioLine } : {}),
      })),
      publisher: { '@type': 'NewsMediaOrganization', name: ctx.site.publisher, url: `${ctx.baseUrl}/` },
    },
  };
}

export function ArticlePage(props: { ctx: SiteContext; data: ArticlePageData; mobile: boolean }) {
  const { ctx, data, mobile } = props;
  const { article } = data;
  const meta = articleMeta(ctx, article);
  const canonical = ctx.baseUrl + meta.desktopPath;
  const heroId = (() => {
    for (const b of article.body.blocks) {
      if (b.type === 'byline') return null;
      if (b.type === 'figure') return b.id;
    }
    return null;
  })();
  const link = (p: string) => (mobile ? mobilePath(p) : p);
  const firstAuthor = article.authors[0];
  return (
    <Layout ctx={ctx} meta={meta} mobile={mobile}>
      <div class="article-layout">
        <article class="article" lang="zh-Hant-TW">
          <header class="article__header">
            <p class="article__section">
              <a href={link(paths.section(article.section.slug))}>{article.section.name}</a>
            </p>
            <DateLine publishedAt={article.publishedAt} updatedAt={article.contentUpdatedAt} />
            <h1 class="article__title">{article.title}</h1>
            <ShareBar canonicalUrl={canonical} title={article.title} position="top" />
          </header>
          {article.lead ? (
            <aside class="lead-box" aria-label="導言">
              <p>
                <strong class="lead-box__label">{article.leadLabel}</strong>
                {article.lead}
              </p>
            </aside>
          ) : null}
          <div class="article__body">
            {article.body.blocks.map((block) => (
              <Block block={block} article={article} mobile={mobile} heroId={heroId} />
            ))}
          </div>
          <footer class="article__footer">
            {article.showDisclaimer && (article.disclaimerOverride ?? ctx.site.disclaimer) ? <p class="disclaimer">{article.disclaimerOverride ?? ctx.site.disclaimer}</p> : null}
            <p class="article__stats">
              全文 {article.charCount.toLocaleString('zh-Hant-TW')} 字 · 閱讀約 {readingMinutes(article.charCount, ctx.readingCharsPerMinute)} 分鐘
            </p>
            {article.tags.length > 0 ? (
              <p class="tags">
                <span class="tags__label">關鍵字</span>
                {article.tags.map((t) => (
                  <a class="tag" href={link(paths.tag(t.name))}>
                    {t.name}
                  </a>
                ))}
              </p>
            ) : null}
            <ShareBar canonicalUrl={canonical} title={article.title} position="bottom" />
          </footer>
        </article>
        <aside class="sidebar" aria-label="相關文章">
          {firstAuthor ? (
            <CompactList
              title={`更多 ${firstAuthor.name} 的文章`}
              articles={data.moreByAuthor}
              mobile={mobile}
              moreHref={link(paths.author(firstAuthor.authorId))}
            />
          ) : null}
          <CompactList title="最新文章" articles={data.latest} mobile={mobile} moreHref={link('/')} />
        </aside>
      </div>
    </Layout>
  );
}

/** The page a retracted piece's URL shows: the title it had, when it was retracted, and the desk's notice. */
export function RetractedPage(props: {
  ctx: SiteContext;
  mobile: boolean;
  desktopPath: string;
  retraction: { title: string; notice: string; retractedAt: string; publishedAt: string | null };
}) {
  const { retraction } = props;
  return (
    <Layout
      ctx={props.ctx}
      mobile={props.mobile}
      meta={{ title: `【撤稿】${retraction.title}`, description: retraction.notice, desktopPath: props.desktopPath, noindex: true, noAlternate: true }}
    >
      <article class="article article--retracted">
        <p class="retraction__label">撤稿</p>
        <h1 class="article__title">{retraction.title}</h1>
        <div class="retraction" role="note">
          <p class="retraction__when">
            本文已於 <time datetime={toTaipeiIso(retraction.retractedAt)}>{formatTaipeiDateTime(retraction.retractedAt)}</time> 撤稿。
          </p>
          <p class="retraction__notice">{retraction.notice}</p>
        </div>
      </article>
    </Layout>
  );
}
