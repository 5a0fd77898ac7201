import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp, type BuiltApp } from '../../src/app/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ChangeFeed } from '../../src/platform/changes.js';
import { createDatabase, type Db } from '../../src/platform/db/database.js';
import type { Lane } from '../../src/platform/fairness/lane.js';
import { createLogger, type Logger } from '../../src/platform/logger.js';
import { fixedClock } from '../../src/platform/time.js';

export const TEST_NOW = '2026-11-27T04:00:00.000Z';

/** PostgreSQL when TEST_DATABASE_URL is set (each caller gets its own schema), else a fresh SQLite file. */
export async function createTestDatabase(): Promise<{ db: Db; url: string; cleanup: () => Promise<void> }> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const db = createDatabase(pgUrl, { pgSchema: schema, poolSize: 4 });
    await migrateToLatest(db);
    return {
      db,
      url: pgUrl,
      cleanup: async () => {
        // A test may already have closed the database on purpose (the "database is gone" case).
        await db.destroy().catch(() => undefined);
        const c = new pg.Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'opdesk-test-'));
  const url = `sqlite:${join(dir, 'test.sqlite')}`;
  const db = createDatabase(url);
  await migrateToLatest(db);
  return {
    db,
    url,
    cleanup: async () => {
      await db.destroy().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestApp extends BuiltApp {
  readonly db: Db;
  readonly config: Config;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly changes: ChangeFeed;
  readonly mediaDir: string;
  /** Content deps for calling modules directly (factories). */
  readonly deps: { db: Db; clock: ReturnType<typeof fixedClock>; changes: ChangeFeed; mediaDir: string };
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** A clock the test controls beyond set/advance, e.g. one that lands a change in the middle of a render. */
  clock?: ReturnType<typeof fixedClock>;
  /** Where searches run (a gate of the test's own, a worker pool); default: the app's own gate on this thread. */
  searchLane?: Lane;
  /** The app's logger (default: silent); privacy tests pass one whose output they read back. */
  log?: Logger;
}

export async function buildTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const { db, cleanup } = await createTestDatabase();
  const mediaDir = mkdtempSync(join(tmpdir(), 'opdesk-media-'));
  const config = loadConfig({
    BASE_URL: 'https://opinion.example.tw',
    MEDIA_DIR: mediaDir,
    LOG_LEVEL: 'silent',
    CHANGE_POLL_MS: '0',
    ...env,
  });
  const log = options.log ?? createLogger({ level: 'silent' });
  const clock = options.clock ?? fixedClock(TEST_NOW);
  const changes = new ChangeFeed(db, log);
  await changes.start(0);
  const built = await buildApp({ config, db, clock, log, changes, ...(options.searchLane ? { searchLane: options.searchLane } : {}) });
  await built.app.ready();
  return {
    ...built,
    db,
    config,
    clock,
    changes,
    mediaDir,
    deps: { db, clock, changes, mediaDir },
    close: async () => {
      await built.app.close();
      await cleanup();
      rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}

/**
 * A DATABASE_URL for a separate process (the CLI): a fresh SQLite file, or on PostgreSQL a fresh schema
 * selected through the connection string's `options` parameter.
 */
export async function createDatabaseUrlForProcess(dir: string): Promise<{ url: string; cleanup: () => Promise<void>; pgSchema?: string }> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (!pgUrl) return { url: `sqlite:${join(dir, `cli-${randomBytes(4).toString('hex')}.sqlite`)}`, cleanup: async () => undefined };
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const sep = pgUrl.includes('?') ? '&' : '?';
  return {
    url: `${pgUrl}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    pgSchema: schema,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
