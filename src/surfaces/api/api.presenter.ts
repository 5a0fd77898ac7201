import type { Article, ArticleSummary, BodyBlock, ImageRef } from '../../modules/articles/index.js';
import type { Author } from '../../modules/authors/index.js';
import { readingMinutes } from '../../modules/zh/index.js';
import { toTaipeiIso } from '../../platform/time.js';
import { mobilePath, paths } from '../urls.js';

/**
 * The API's JSON, field by field. Nothing is serialised from a row directly, so a column added later
 * (a private e-mail, say) cannot leak into the app.
 */

export interface ApiImage {
  url: string;
  width: number;
  height: number;
  renditions: Array<{ url: string; width: number; type: string }>;
}

function image(baseUrl: string, img: ImageRef): ApiImage {
  return {
    url: baseUrl + paths.media(img.storageKey),
    width: img.width,
    height: img.height,
    renditions: img.renditions.map((r) => ({ url: baseUrl + paths.rendition(r.key), width: r.width, type: `image/${r.format}` })),
  };
}

export function presentSummary(baseUrl: string, a: ArticleSummary) {
  return {
    id: a.id,
    url: baseUrl + paths.article(a.id),
    mobileUrl: baseUrl + mobilePath(paths.article(a.id)),
    title: a.title,
    lead: a.lead,
    publishedAt: toTaipeiIso(a.publishedAt),
    updatedAt: a.contentUpdatedAt ? toTaipeiIso(a.contentUpdatedAt) : null,
    section: { slug: a.section.slug, name: a.section.name },
    authors: a.authors.map((b) => ({ id: b.authorId, name: b.name, bio: b.bioLine, role: b.role })),
    tags: a.tags.map((t) => ({ id: t.id, name: t.name, url: baseUrl + paths.tag(t.name) })),
    heroImage:
      a.hero?.image != null
        ? { ...image(baseUrl, a.hero.image), caption: a.hero.caption ?? '', credit: a.hero.credit }
        : null,
  };
}

function presentBlock(baseUrl: string, article: Article, b: BodyBlock) {
  switch (b.type) {
    case 'paragraph':
      return { id: b.id, type: b.type, text: b.text, ...(b.repeatOf ? { repeatOf: b.repeatOf } : {}) };
    case 'heading':
      return { id: b.id, type: b.type, text: b.text };
    case 'byline':
      return { id: b.id, type: b.type };
    case 'figure': {
      const img = b.imageId === null ? undefined : article.images.get(b.imageId);
      return {
        id: b.id,
        type: b.type,
        marker: b.marker,
        caption: b.caption,
        credit: b.credit,
        creditLabel: b.creditLabel,
        alt: b.alt,
        image: img ? image(baseUrl, img) : null,
        ...(b.repeatOf ? { repeatOf: b.repeatOf } : {}),
      };
    }
    case 'quote':
      return { id: b.id, type: b.type, text: b.text };
    case 'list':
      return { id: b.id, type: b.type, ordered: b.ordered, items: b.items };
    case 'divider':
      return { id: b.id, type: b.type };
    case 'embed':
      return { id: b.id, type: b.type, provider: b.provider, url: b.url };
  }
}

export function presentArticle(baseUrl: string, editorial: { disclaimer: string; readingCharsPerMinute: number }, a: Article) {
  const { disclaimer } = editorial;
  return {
    ...presentSummary(baseUrl, a),
    kind: a.kind,
    leadLabel: a.leadLabel,
    charCount: a.charCount,
    readingMinutes: readingMinutes(a.charCount, editorial.readingCharsPerMinute),
    disclaimer: a.showDisclaimer && disclaimer ? disclaimer : null,
    body: { schemaVersion: a.body.schemaVersion, blocks: a.body.blocks.map((b) => presentBlock(baseUrl, a, b)) },
  };
}

export function presentAuthor(baseUrl: string, author: Author, articleCount: number) {
  return {
    id: author.id,
    name: author.name,
    kind: author.kind,
    bio: author.bio,
    longBio: author.longBio,
    url: baseUrl + paths.author(author.id),
    mobileUrl: baseUrl + mobilePath(paths.author(author.id)),
    articleCount,
    articlesUrl: `${baseUrl}/api/v1/articles?author=${author.id}`,
  };
}
