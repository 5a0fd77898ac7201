/**
 * What a change is about, in one vocabulary: writers record these topics in the change log in the same
 * transaction as the change, and every cached page or API response lists the topics it shows, so a change drops
 * exactly what depended on it, on every instance. Nobody builds these strings by hand.
 */
export const topics = {
  /** Every listing of articles (home, author, tag and section pages, the API's article list). */
  list: 'list',
  article: (id: number) => `article:${id}`,
  author: (id: number) => `author:${id}`,
  tag: (id: number) => `tag:${id}`,
  section: (id: number) => `section:${id}`,
  image: (id: number) => `image:${id}`,
} as const;
