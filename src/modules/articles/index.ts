export * from './article.js';
export { blockId, bodyText, heroFigure, imageIds } from './body.js';
export {
  type ContentDeps,
  type CreateResult,
  type ListScope,
  type NewPublishedArticle,
  type Page,
  countArticles,
  countVisible,
  createPublishedArticle,
  deskOverview,
  getVisibleArticle,
  latestExcept,
  listAfter,
  listPage,
  searchDocumentsAfter,
  summariesInOrder,
} from './articles.service.js';
export { articleChangeTopics, articleViewTopics } from './topics.js';
export { listedToReaders, readerMayOpen } from './visibility.js';
