import type { Lane } from '../../platform/fairness/lane.js';
import type { ContentDeps } from '../articles/index.js';
import { runSearch, type SearchParams, type SearchResults } from './search.service.js';

/**
 * Where a search runs: through the lane's gate (bounded concurrency and queue; 503 beyond), in its worker threads
 * when it has them (SQLite: each worker has its own read-only connection, search.worker.ts), else on this
 * thread. Without a lane (the CLI, scripts) it simply runs here.
 */
export async function searchThroughLane(deps: ContentDeps & { readonly searchLane?: Lane }, p: SearchParams): Promise<SearchResults> {
  const lane = deps.searchLane;
  if (!lane) return runSearch(deps, p);
  const { pool } = lane;
  return lane.gate.run(() => (pool ? pool.run<SearchResults>('search', { params: p, now: deps.clock.now().toISOString() }) : runSearch(deps, p)));
}

/** The worker module a search lane starts (built .js in production, .ts under tsx in development and tests). */
export const searchWorkerModule = new URL(`./search.worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
