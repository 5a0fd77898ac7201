import { type MigrationResultSet, Migrator } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { migrations } from './migrations/index.js';

export interface MigrationReport {
  readonly applied: string[];
}

// On PostgreSQL the connection's own schema holds Kysely's bookkeeping tables, and the dialect's introspector
// looks nowhere else (platform/db/postgres-own-schema.ts), so databases sharing a server do not confuse it.
function migratorFor(db: Db): Migrator {
  return new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
}

function reportOf(result: MigrationResultSet): MigrationReport {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    // Kysely's words for a database written by a newer release than the code now running (a rolled-back deploy).
    const newer = /previously executed migration (\S+) is missing/.exec(cause);
    if (newer) {
      throw new Error(
        `資料庫已由較新版本的 Opinion Desk 更新過（遷移 ${newer[1]}），這個版本無法使用它。請改用較新的版本；若必須退回，先用較新的版本執行遷移回退。（The database was upgraded by a newer release: ${newer[1]}.）`,
        { cause: result.error },
      );
    }
    throw new Error(`資料庫遷移失敗（migration ${failed?.migrationName ?? '?'} failed）: ${cause}`, { cause: result.error });
  }
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** Schema only; entry points call upgradeDatabase (app/upgrade.ts), which also finishes what a migration leaves. */
export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  return reportOf(await migratorFor(db).migrateToLatest());
}

/** Up or down to the named migration: for rolling back an upgrade, and for testing one. */
export async function migrateTo(db: Db, name: string): Promise<MigrationReport> {
  if (!(name in migrations)) throw new Error(`沒有名為「${name}」的遷移`);
  return reportOf(await migratorFor(db).migrateTo(name));
}
