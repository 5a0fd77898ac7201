/**
 * The search engine: tokens, the index on either database, query compilation and matching. Its door is for the
 * articles module, which keeps the index inside its own transactions, and for the search use case one level
 * up (`modules/search/index.ts`), which is what surfaces call.
 */
export { type SearchDocument, type SearchFilters, type SearchHit, RANK_WINDOW } from './providers.js';
export { type CompiledQuery, MAX_QUERY_CHARS, type QueryProblem, cleanQuery } from './query.js';
export {
  type SearchDeps,
  type SearchDocumentSource,
  type SearchOptions,
  type SearchOutcome,
  ensureSearchIndex,
  findMatches,
  indexArticle,
  reindexAll,
  removeFromIndex,
} from './engine.js';
export { type NameVariantRow, addNameVariant, forgetNameVariants, listNameVariants, removeNameVariant } from './names.js';
