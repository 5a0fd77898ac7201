import { topics } from '../topics/index.js';

/** What a write of an article touches: the article, every listing, its section, its authors' and tags' pages. */
export function articleChangeTopics(a: {
  id: number;
  sectionId: number;
  authorIds: readonly number[];
  tagIds: readonly number[];
}): string[] {
  return [topics.article(a.id), topics.list, topics.section(a.sectionId), ...a.authorIds.map(topics.author), ...a.tagIds.map(topics.tag)];
}

/**
 * What a rendered article depends on: its own text, the pieces shown beside it (their titles could change), its
 * images (renditions arrive later) and its authors (a renamed profile).
 */
export function articleViewTopics(a: {
  id: number;
  imageIds: readonly number[];
  authorIds: readonly number[];
  shownIds?: readonly number[];
}): string[] {
  return [topics.article(a.id), ...(a.shownIds ?? []).map(topics.article), ...a.imageIds.map(topics.image), ...a.authorIds.map(topics.author)];
}
