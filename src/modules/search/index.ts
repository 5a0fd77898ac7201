import type { Db } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import { searchDocumentsAfter } from '../articles/index.js';
import { ensureSearchIndex, reindexAll } from './engine/index.js';

export { type CompiledQuery, MAX_QUERY_CHARS, type NameVariantRow, addNameVariant, listNameVariants, removeNameVariant } from './engine/index.js';
export { type SearchParams, type SearchResults, runSearch } from './search.service.js';
export { searchThroughLane, searchWorkerModule } from './search.lane.js';
export { type SnippetPart, snippet } from './snippet.js';

type Progress = (done: number, total: number) => void;

/** Rebuilds the whole index from the articles (after changing tokenisation rules): `opdesk search reindex`. */
export async function rebuildSearchIndex(deps: { readonly db: Db; readonly clock: Clock }, onProgress?: Progress): Promise<number> {
  return reindexAll(deps, searchDocumentsAfter, onProgress);
}

/** After migrations: rebuilds the index only when one of them had to drop it; null when nothing was needed. */
export async function finishSearchUpgrade(
  deps: { readonly db: Db; readonly clock: Clock },
  onProgress?: Progress,
): Promise<{ articles: number; reason: string } | null> {
  return ensureSearchIndex(deps, searchDocumentsAfter, onProgress);
}
