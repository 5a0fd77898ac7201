import { createDatabase } from '../../platform/db/database.js';
import { serveTasks } from '../../platform/fairness/worker-pool.js';
import { runSearch, type SearchParams } from './search.service.js';

/**
 * A search worker thread (see search.lane.ts): its own read-only connection to the SQLite file the server uses
 * (WAL: it sees every committed change), and one task, a whole search with snippets. The caller's clock time
 * travels with each task, so "published by now" means the same as on the main thread.
 */
serveTasks((data) => {
  const { sqliteFile } = data as { sqliteFile: string };
  const db = createDatabase(`sqlite:${sqliteFile}`, { readonly: true });
  return {
    search: ({ params, now }: { params: SearchParams; now: string }) => runSearch({ db, clock: { now: () => new Date(now) } }, params),
  };
});
