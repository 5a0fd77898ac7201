import type { ComponentChildren } from 'preact';
import type { ArticleSummary, FigureBlock, ImageRef } from '../../modules/articles/index.js';
import { formatTaipeiDate, formatTaipeiDateTime, toTaipeiIso } from '../../platform/time.js';
import { excerpt } from '../../modules/zh/index.js';
import { mobilePath, paths, shareLinks } from '../urls.js';

/** （圖／達志影像）: always full-width, whatever the source text used. */
export function creditText(label: string | null, credit: string | null): string {
  if (!credit) return '';
  return `（${label ?? '圖'}／${credit}）`;
}

export function Picture(props: { image: ImageRef; alt: string; sizes: string; eager?: boolean; className?: string }) {
  const { image } = props;
  const webp = image.renditions.filter((r) => r.format === 'webp');
  const avif = image.renditions.filter((r) => r.format === 'avif');
  return (
    <picture>
      {/* AVIF first: a browser takes the first source whose type it can show; WebP, then the original, after. */}
      {avif.length > 0 ? (
        <source type="image/avif" srcset={avif.map((r) => `${paths.rendition(r.key)} ${r.width}w`).join(', ')} sizes={props.sizes} />
      ) : null}
      {webp.length > 0 ? (
        <source type="image/webp" srcset={webp.map((r) => `${paths.rendition(r.key)} ${r.width}w`).join(', ')} sizes={props.sizes} />
      ) : null}
      <img
        class={props.className}
        src={paths.media(image.storageKey)}
        width={image.width}
        height={image.height}
        alt={props.alt}
        loading={props.eager ? 'eager' : 'lazy'}
        decoding="async"
        {...(props.eager ? { fetchpriority: 'high' } : {})}
      />
    </picture>
  );
}

/**
 * A figure as the original page shows it: ▲ caption under the photo, ▼ caption above it, ▲▼ for photos on
 * both sides. Without an image file (imported text carries captions only) a caption is shown on its own as a
 * captioned note; an empty caption or one repeating a paragraph would then show nothing new, so it is left out.
 */
export function Figure(props: { block: FigureBlock; image: ImageRef | null; eager?: boolean }) {
  const { block, image } = props;
  const credit = creditText(block.creditLabel, block.credit);
  if (!image && (block.caption === '' || block.repeatOf)) return null;
  const caption = (
    <figcaption class="fig__caption">
      <span class="fig__marker" aria-hidden="true">
        {block.marker}
      </span>
      {block.caption}
      {credit ? <span class="fig__credit">{credit}</span> : null}
    </figcaption>
  );
  if (!image) {
    return <figure class="fig fig--caption-only">{caption}</figure>;
  }
  const picture = (
    <Picture image={image} alt={block.alt ?? image.alt ?? block.caption} sizes="(max-width: 760px) 100vw, 720px" eager={props.eager ?? false} className="fig__img" />
  );
  return (
    <figure class={`fig fig--${block.marker === '▼' ? 'below' : 'above'}`}>
      {block.marker === '▼' ? caption : null}
      {picture}
      {block.marker === '▼' ? null : caption}
    </figure>
  );
}

/** A listing entry; `text` replaces the lead (search shows a snippet there). */
export function ArticleCard(props: { article: ArticleSummary; mobile: boolean; text?: ComponentChildren }) {
  const { article, mobile } = props;
  const href = mobile ? mobilePath(paths.article(article.id)) : paths.article(article.id);
  const image = article.hero?.image ?? null;
  return (
    <article class={`card${image ? ' card--with-image' : ''}`}>
      {image ? (
        <a class="card__thumb" href={href} tabIndex={-1} aria-hidden="true">
          <Picture image={image} alt="" sizes="(max-width: 640px) 100vw, 240px" />
        </a>
      ) : null}
      <div class="card__body">
        <h2 class="card__title">
          <a href={href}>{article.title}</a>
        </h2>
        <p class="card__meta">
          <time datetime={toTaipeiIso(article.publishedAt)}>{formatTaipeiDate(article.publishedAt)}</time>
          {article.authors.map((a) => (
            <span class="card__author">{a.name}</span>
          ))}
        </p>
        {props.text !== undefined ? <p class="card__lead">{props.text}</p> : article.lead ? <p class="card__lead">{excerpt(article.lead, 90)}</p> : null}
      </div>
    </article>
  );
}

export function CompactList(props: { title: string; articles: readonly ArticleSummary[]; mobile: boolean; moreHref?: string }) {
  if (props.articles.length === 0) return null;
  return (
    <section class="compact">
      <h2 class="compact__title">{props.title}</h2>
      <ol class="compact__list">
        {props.articles.map((a) => (
          <li>
            <a href={props.mobile ? mobilePath(paths.article(a.id)) : paths.article(a.id)}>{a.title}</a>
            <time datetime={toTaipeiIso(a.publishedAt)}>{formatTaipeiDate(a.publishedAt)}</time>
          </li>
        ))}
      </ol>
      {props.moreHref ? (
        <a class="compact__more" href={props.moreHref}>
          看更多
        </a>
      ) : null}
    </section>
  );
}

export function Pagination(props: { page: number; pageCount: number; href: (page: number) => string }) {
  if (props.pageCount <= 1) return null;
  const { page, pageCount } = props;
  return (
    <nav class="pager" aria-label="分頁">
      {page > 1 ? (
        <a rel="prev" href={props.href(page - 1)}>
          ‹ 上一頁
        </a>
      ) : (
        <span />
      )}
      <span class="pager__status">
        第 {page} / {pageCount} 頁
      </span>
      {page < pageCount ? (
        <a rel="next" href={props.href(page + 1)}>
          下一頁 ›
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

export function ShareBar(props: { canonicalUrl: string; title: string; position: 'top' | 'bottom' }) {
  const links = shareLinks(props.canonicalUrl);
  return (
    <div class={`share share--${props.position}`} role="group" aria-label="分享">
      <a class="share__btn share__btn--line" href={links.line} target="_blank" rel="noopener noreferrer">
        LINE
      </a>
      <a class="share__btn share__btn--fb" href={links.facebook} target="_blank" rel="noopener noreferrer">
        Facebook
      </a>
      <a class="share__btn share__btn--copy" href={props.canonicalUrl} data-copy-url={props.canonicalUrl}>
        複製連結
      </a>
    </div>
  );
}

export function DateLine(props: { publishedAt: string; updatedAt: string | null }) {
  return (
    <p class="article__date">
      <time datetime={toTaipeiIso(props.publishedAt)}>{formatTaipeiDateTime(props.publishedAt)}</time>
      {props.updatedAt ? (
        <span class="article__updated">
          更新時間：<time datetime={toTaipeiIso(props.updatedAt)}>{formatTaipeiDateTime(props.updatedAt)}</time>
        </span>
      ) : null}
    </p>
  );
}
