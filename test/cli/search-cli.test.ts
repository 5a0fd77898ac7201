import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTo } from '../../src/db/migrate.js';
import { createDatabase } from '../../src/platform/db/database.js';
import { runCli } from '../support/cli.js';
import { sharedPath } from '../support/shared.js';
import { createDatabaseUrlForProcess } from '../support/test-app.js';

let dir: string;
let env: Record<string, string>;
let drop: () => Promise<void>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opdesk-search-cli-'));
  const database = await createDatabaseUrlForProcess(dir);
  drop = database.cleanup;
  env = { DATABASE_URL: database.url, MEDIA_DIR: join(dir, 'media'), BASE_URL: 'https://opinion.example.tw' };
  const imported = await runCli(['import', sharedPath('seed', 'ettoday-opinion-2026-01-08.txt'), sharedPath('fixtures', 'import', 'synthetic-1.txt')], env);
  expect(imported.code).toBe(0);
});
afterAll(async () => {
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('opdesk search', () => {
  it('rebuilds the index and reports how many articles it took', async () => {
    const res = await runCli(['search', 'reindex'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/已重建搜尋索引：2 篇文章/);
    const found = await runCli(['search', 'query', '--json', '特朗普'], env);
    expect(JSON.parse(found.stdout)).toMatchObject({ total: 1, alsoSearched: ['川普'], items: [{ id: 3100001 }] });
  });

  it('rebuilds the index by itself when an upgrade had to drop it', async () => {
    // The database as a site running the release before the SQLite index was split into shards has it.
    const db = createDatabase(env.DATABASE_URL as string);
    try {
      await migrateTo(db, '2026-11-28-001-search');
    } finally {
      await db.destroy();
    }
    const res = await runCli(['migrate'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('2026-11-28-002-search-shards');
    // Only SQLite's index changed shape; PostgreSQL keeps its index through this upgrade.
    if (!process.env.TEST_DATABASE_URL) expect(res.stderr).toContain('已重建搜尋索引（搜尋索引加入篩選欄位並為最新文章分段）：2 篇文章');
    const found = await runCli(['search', 'query', '--json', '特朗普'], env);
    expect(JSON.parse(found.stdout)).toMatchObject({ total: 1, items: [{ id: 3100001 }] });
    const again = await runCli(['migrate'], env);
    expect(again.stdout).toContain('資料庫已是最新版本');
    expect(again.stderr).not.toContain('已重建搜尋索引');
    if (!process.env.TEST_DATABASE_URL) {
      // `search reindex` on a database that needs the upgrade's rebuild rebuilds once, not twice.
      const db = createDatabase(env.DATABASE_URL as string);
      try {
        await migrateTo(db, '2026-11-28-001-search');
      } finally {
        await db.destroy();
      }
      const reindex = await runCli(['search', 'reindex'], env);
      expect(reindex.code).toBe(0);
      expect(reindex.stderr.match(/已重建搜尋索引/g)).toHaveLength(1);
      expect(reindex.stdout).toBe('');
    }
  });

  it('says plainly when a query has nothing to search or a limit is wrong', async () => {
    const empty = await runCli(['search', 'query', '？！'], env);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('沒有可以搜尋的文字');
    const limit = await runCli(['search', 'query', '--limit', 'many', '川普'], env);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit');
  });
});

describe('opdesk names', () => {
  it('lets an editor add a variant that search uses at once, and remove it', async () => {
    const before = await runCli(['search', 'query', '--json', '月季票'], env);
    expect(JSON.parse(before.stdout).total).toBe(0);
    const add = await runCli(['names', 'add', '通勤月票', '月季票'], env);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('搜尋 月季票 時也會找 通勤月票');
    const after = await runCli(['search', 'query', '--json', '月季票'], env);
    expect(JSON.parse(after.stdout).total).toBe(1);
    const list = await runCli(['names', 'list'], env);
    expect(list.stdout).toContain('川普 ← 特朗普');
    expect(list.stdout).toContain('通勤月票 ← 月季票');
    expect((await runCli(['names', 'remove', '月季票'], env)).code).toBe(0);
    expect((await runCli(['names', 'remove', '月季票'], env)).code).toBe(1);
  });

  it('refuses what is not a name', async () => {
    const res = await runCli(['names', 'add', '川普', 'drop;table'], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('不像人名或地名');
  });
});
