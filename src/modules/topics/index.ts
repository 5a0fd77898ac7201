/**
 * What a change is about, in one vocabulary: writers record these topics in the change log in the same
 * transaction as the change, and every cached page or API response lists the topics it shows, so a change drops
 * exactly what depended on it, on every instance. Nobody builds these strings by hand.
 */
export const topics = {
  /** Every listing of articles (home, author, tag and section pages, the API's article list). */
  list: 'list',
  /**
   * What every public page shows around its content: editorial settings (disclaimer, chrome links, reading speed)
   * and the section menu. Every cached page and article response carries it.
   */
  site: 'site',
  article: (id: number) => `article:${id}`,
  author: (id: number) => `author:${id}`,
  tag: (id: number) => `tag:${id}`,
  section: (id: number) => `section:${id}`,
  image: (id: number) => `image:${id}`,
} as const;
