import { type MigrationResultSet, Migrator } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { migrations } from './migrations/index.js';

export interface MigrationReport {
  readonly applied: string[];
}

export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`資料庫遷移失敗（migration ${failed?.migrationName ?? '?'} failed）: ${cause}`, { cause: result.error });
  }
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
