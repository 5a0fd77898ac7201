export * from './article.js';
export { blockId, bodyText, heroFigure, imageIds } from './body.js';
export {
  type ContentDeps,
  type CreateResult,
  type ListScope,
  type NewPublishedArticle,
  type Page,
  countVisible,
  createPublishedArticle,
  getVisibleArticle,
  latestExcept,
  listAfter,
  listPage,
  summariesInOrder,
} from './articles.service.js';
export { countArticles, searchDocumentsAfter } from './articles.repo.js';
