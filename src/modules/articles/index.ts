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
  findArticleIdByImportKey,
  getArticleForPreview,
  getVisibleArticle,
  latestExcept,
  listAfter,
  listPage,
  searchDocumentsAfter,
  summariesInOrder,
} from './articles.service.js';
export { articleChangeTopics, articleViewTopics } from './topics.js';
export { articlesUsingImages, type ImageUseArticle } from './image-uses.js';
export { listedToReaders, readerMayOpen } from './visibility.js';
export {
  type ArticleContent,
  articleStates,
  type BylineInput,
  CONTENT_FIELDS,
  changedFields,
  contentOf,
  createDraft,
  type DeskFilter,
  type DeskItem,
  type EditableArticle,
  type EditorActor,
  emptyContent,
  getEditable,
  getRevision,
  listDesk,
  listRevisions,
  notePresence,
  type RevisionEntry,
  type SaveOptions,
  type SaveOutcome,
  saveArticle,
} from './editing.js';
export {
  findRetraction,
  publishDueArticles,
  type PublishProblem,
  publishProblems,
  type Transition,
  TRANSITIONS,
  type TransitionOptions,
  type TransitionOutcome,
  transitionArticle,
} from './lifecycle.js';
