import { finishSearchUpgrade } from '../modules/search/index.js';
import type { Db } from '../platform/db/database.js';
import type { Clock } from '../platform/time.js';
import { migrateToLatest } from '../db/migrate.js';

export interface UpgradeReport {
  readonly applied: string[];
  /** Set when a migration dropped the search index and it was rebuilt from the articles. */
  readonly searchRebuilt: { articles: number; reason: string } | null;
}

/**
 * Brings a database to the version this code expects: the schema migrations, then the data work some of them
 * leave behind (a search index that has to be rebuilt by the application's own tokeniser). Every entry point
 * that opens a database for work calls this, so no command ever runs against a half-upgraded one.
 */
export async function upgradeDatabase(
  db: Db,
  clock: Clock,
  onIndexProgress?: (done: number, total: number) => void,
): Promise<UpgradeReport> {
  const { applied } = await migrateToLatest(db);
  const searchRebuilt = await finishSearchUpgrade({ db, clock }, onIndexProgress);
  return { applied, searchRebuilt };
}
