export { type SearchDocument, type SearchFilters, type SearchHit, type SearchProvider, searchProviderFor } from './providers.js';
export { type CompiledQuery, MAX_QUERY_CHARS, type QueryProblem, cleanQuery, compileQuery } from './query.js';
export {
  type NameVariantRow,
  type SearchDeps,
  type SearchDocumentSource,
  type SearchOptions,
  type SearchOutcome,
  type SnippetPart,
  addNameVariant,
  ensureSearchIndex,
  indexArticle,
  listNameVariants,
  nameVariants,
  reindexAll,
  removeFromIndex,
  removeNameVariant,
  search,
  snippet,
} from './search.service.js';
