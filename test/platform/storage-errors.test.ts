import { sql } from 'kysely';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { countArticles } from '../../src/modules/articles/index.js';
import { importPage } from '../../src/modules/importer/index.js';
import { createDatabase } from '../../src/platform/db/database.js';
import { storageError } from '../../src/platform/db/storage-errors.js';
import { systemClock } from '../../src/platform/time.js';
import { runCli } from '../support/cli.js';
import { seedText } from '../support/factories.js';
import { sharedPath } from '../support/shared.js';
import { readFileSync } from 'node:fs';

/**
 * When the disk is the problem the user reads what is wrong, where, and what to do — and nothing is half
 * written. These cases are about SQLite files on a local disk, so they use one whatever TEST_DATABASE_URL says.
 */
const dir = mkdtempSync(join(tmpdir(), 'opdesk-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a full disk', () => {
  it('fails the import with the disk named as the cause, not "cannot rollback", and changes nothing', async () => {
    const file = join(dir, 'full.sqlite');
    const db = createDatabase(`sqlite:${file}`);
    try {
      await migrateToLatest(db);
      const deps = { db, clock: systemClock, mediaDir: join(dir, 'media') };
      await importPage(deps, seedText());
      // SQLite's own way to make a database file unable to grow: exactly what a full disk does to it.
      const pages = await sql<{ page_count: number }>`pragma page_count`.execute(db.kysely);
      await sql.raw(`pragma max_page_count = ${Number(pages.rows[0]?.page_count)}`).execute(db.kysely);
      const err: unknown = await importPage(deps, readFileSync(sharedPath('fixtures', 'import', 'synthetic-1.txt'))).then(
        () => null,
        (e: unknown) => e,
      );
      expect((err as { code?: string }).code).toBe('SQLITE_FULL');
      const described = storageError(err, file);
      expect(described?.problem).toBe('disk_full');
      expect(described?.message).toContain(`磁碟空間已滿，無法寫入 ${file}`);
      expect(described?.message).toContain('這次的變更沒有寫入');
      expect(await countArticles(deps)).toBe(1);
      const check = await sql<{ quick_check: string }>`pragma quick_check`.execute(db.kysely);
      expect(check.rows[0]?.quick_check).toBe('ok');
    } finally {
      await db.destroy();
    }
  });
});

describe('a database that cannot be opened', () => {
  it('names the path when DATABASE_URL points at a folder', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const res = await runCli(['migrate'], { DATABASE_URL: `sqlite:${folder}`, BASE_URL: 'https://opinion.example.tw' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`錯誤：無法開啟資料庫 ${folder}`);
    expect(res.stderr).toContain('請檢查 DATABASE_URL');
  });

  it('names the path when a parent of the file is a file', async () => {
    const notADir = join(dir, 'plain.txt');
    writeFileSync(notADir, 'x');
    const res = await runCli(['import', '--dry-run', sharedPath('seed', 'ettoday-opinion-2026-01-08.txt')], { DATABASE_URL: `sqlite:${join(notADir, 'db.sqlite')}`, BASE_URL: 'https://opinion.example.tw' });
    // A dry run never opens the database: it still works.
    expect(res.code).toBe(0);
    const migrate = await runCli(['migrate'], { DATABASE_URL: `sqlite:${join(notADir, 'db.sqlite')}`, BASE_URL: 'https://opinion.example.tw' });
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain('無法開啟資料庫');
    expect(migrate.stderr).toContain(notADir);
  });
});

describe('the wording for each kind of storage failure', () => {
  it.each([
    ['SQLITE_READONLY_DBMOVED', 'read_only', '資料庫是唯讀的'],
    ['EROFS', 'read_only', '資料庫是唯讀的'],
    ['25006', 'read_only', '資料庫是唯讀的'],
    ['EACCES', 'permission_denied', '沒有權限使用'],
    ['42501', 'permission_denied', '沒有權限使用'],
    ['ENOSPC', 'disk_full', '磁碟空間已滿'],
    ['53100', 'disk_full', '磁碟空間已滿'],
  ])('%s is %s', (code, problem, words) => {
    const described = storageError(Object.assign(new Error('driver words'), { code }), '/srv/opdesk/data/opdesk.sqlite');
    expect(described?.problem).toBe(problem);
    expect(described?.message).toContain(words);
    expect(described?.message).toContain('/srv/opdesk/data/opdesk.sqlite');
    // The driver's own words stay, for whoever reads the log.
    expect(described?.message).toContain(`${code}: driver words`);
  });

  it('leaves every other error alone', () => {
    expect(storageError(new Error('syntax error'), 'x')).toBeNull();
  });
});
