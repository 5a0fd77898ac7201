import { sql } from 'kysely';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/platform/db/database.js';
import { main } from '../../src/cli/main.js';
import { runCli } from '../support/cli.js';
import { createDatabaseUrlForProcess } from '../support/test-app.js';
import { sharedPath } from '../support/shared.js';

let dir: string;
let env: Record<string, string>;
let dropDatabase: () => Promise<void>;
const seed = sharedPath('seed', 'ettoday-opinion-2026-01-08.txt');
const fixture = (n: number) => sharedPath('fixtures', 'import', `synthetic-${n}.txt`);
const expected = (name: string) => {
  const json = JSON.parse(readFileSync(sharedPath('fixtures', 'import', `${name}.expected.json`), 'utf8')) as Record<string, unknown>;
  delete json._notes;
  return json;
};

async function articleCount(): Promise<number> {
  const db = createDatabase(env.DATABASE_URL ?? '');
  try {
    const row = await db.kysely.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await db.destroy();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opdesk-cli-'));
  const database = await createDatabaseUrlForProcess(dir);
  dropDatabase = database.cleanup;
  env = { DATABASE_URL: database.url, MEDIA_DIR: join(dir, 'media'), BASE_URL: 'https://opinion.example.tw' };
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'blank.txt'), ' \n\u3000\n\n');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
  // 「川普」 in Big5: valid bytes, but not UTF-8.
  writeFileSync(join(dir, 'big5.txt'), Buffer.from([0xa4, 0x74, 0xb4, 0xb6, 0x0a]));
  writeFileSync(join(dir, 'nobody.txt'), ' date 2026-01-01\n只有標題\n\n●某人／某職\n');
  writeFileSync(join(dir, 'huge.txt'), 'x'.repeat(1024 * 1024 + 1));
  mkdirSync(join(dir, 'folder.txt'));
});
afterAll(async () => {
  await dropDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe('opdesk import --dry-run --json', () => {
  it('prints one object for one file, matching the shared fixture', async () => {
    const res = await runCli(['import', '--dry-run', '--json', seed], env);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual(expected('seed'));
    expect(await articleCount()).toBe(0);
  });

  it('prints an array for several files, in order', async () => {
    const res = await runCli(['import', '--dry-run', '--json', fixture(1), fixture(2), fixture(3)], env);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual([expected('synthetic-1'), expected('synthetic-2'), expected('synthetic-3')]);
  });
});

describe('opdesk import: bad input changes nothing and says why', () => {
  it.each([
    ['empty.txt', '檔案是空的'],
    ['blank.txt', '只有空白'],
    ['binary.txt', '二進位檔'],
    ['big5.txt', '不是 UTF-8'],
    ['nobody.txt', '找不到任何內文段落'],
    ['huge.txt', '上限 1 MB'],
    ['folder.txt', '資料夾'],
    ['missing.txt', '檔案不存在'],
  ])('%s', async (name, reason) => {
    const path = join(dir, name);
    const res = await runCli(['import', path], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(path);
    expect(res.stderr).toContain(reason);
    expect(await articleCount()).toBe(0);
  });

  it('refuses a wrong --published-at or --image before touching anything', async () => {
    const date = await runCli(['import', '--published-at', '2026-13-45', seed], env);
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('--published-at');
    const image = await runCli(['import', '--image', 'first=photo.jpg', seed], env);
    expect(image.code).toBe(2);
    expect(image.stderr).toContain('N=圖檔路徑');
    const bad = join(dir, 'not-an-image.jpg');
    writeFileSync(bad, 'hello');
    const notImage = await runCli(['import', '--image', `1=${bad}`, seed], env);
    expect(notImage.code).toBe(1);
    expect(notImage.stderr).toContain('第 1 張圖');
    const tag = await runCli(['import', '--tag', 'a/b', seed], env);
    expect(tag.code).toBe(1);
    expect(tag.stderr).toContain('標籤');
    expect(await articleCount()).toBe(0);
  });
});

describe('opdesk import: storing', () => {
  it('stores a batch, skips the bad file, lists it in the summary, and never duplicates', async () => {
    const res = await runCli(['import', '--tag', '川普', seed, join(dir, 'binary.txt'), fixture(1)], env);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/已匯入 {2}.*ettoday-opinion-2026-01-08\.txt → #3100001 https:\/\/opinion\.example\.tw\/article\/3100001/);
    expect(res.stdout).toContain('共 3 個檔案：新增 2 篇、已存在 0 篇、失敗 1 個');
    expect(res.stdout).toContain('binary.txt');
    expect(await articleCount()).toBe(2);

    const again = await runCli(['import', seed], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('已存在');
    expect(again.stdout).toContain('#3100001');
    expect(await articleCount()).toBe(2);

    // The same text with CRLF line endings is the same page.
    const crlf = join(dir, 'seed-crlf.txt');
    writeFileSync(crlf, readFileSync(seed, 'utf8').replace(/\n/g, '\r\n'));
    expect((await runCli(['import', crlf], env)).stdout).toContain('已存在');
    expect(await articleCount()).toBe(2);
  });

  it('publishes at the page date, 00:00 Taipei, unless --published-at says otherwise', async () => {
    const json = await runCli(['import', '--json', '--published-at', '2026-04-01 09:30', fixture(3)], env);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { status: string; id: number };
    expect(out.status).toBe('created');
    const db = createDatabase(env.DATABASE_URL ?? '');
    try {
      const rows = await db.kysely.selectFrom('articles').select(['id', 'published_at']).orderBy('id').execute();
      expect(rows[0]?.published_at).toBe('2026-01-07T16:00:00.000Z');
      expect(rows.find((r) => r.id === out.id)?.published_at).toBe('2026-04-01T01:30:00.000Z');
    } finally {
      await db.destroy();
    }
  });
});

describe('opdesk import: a record of what was stored', () => {
  it('reports each file the moment it is stored when there is no terminal, so a crash leaves an exact record', async () => {
    const before = await articleCount();
    const copies = [1, 2, 3].map((n) => {
      const file = join(dir, `record-${n}.txt`);
      writeFileSync(file, `${readFileSync(seed, 'utf8')}\n（第 ${n} 份副本）\n`);
      return file;
    });
    // The process "dies" at its first report: whatever it had reported is exactly what is stored.
    const reported: string[] = [];
    const stdout = {
      isTTY: false,
      write(text: string) {
        reported.push(text);
        throw new Error('killed right after reporting');
      },
    };
    const stderr = { isTTY: false, write: () => true };
    await main(['node', 'opdesk', 'import', ...copies], { stdout, stderr, env: { ...process.env, LOG_LEVEL: 'warn', ...env } }).catch(() => undefined);
    expect(reported[0]).toMatch(/^已匯入 {2}.*record-1\.txt → #\d+/);
    expect((await articleCount()) - before).toBe(1);
  });
});

describe('opdesk --help', () => {
  it('explains every command', async () => {
    for (const cmd of [[], ['serve'], ['migrate'], ['import']]) {
      const res = await runCli([...cmd, '--help'], env);
      expect(res.code, cmd.join(' ')).toBe(0);
      expect(res.stdout).toContain('Usage: opdesk');
    }
    const unknown = await runCli(['frobnicate'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('frobnicate');
  });

  it('migrates an empty database and says so', async () => {
    const freshDb = await createDatabaseUrlForProcess(dir);
    const fresh = { ...env, DATABASE_URL: freshDb.url };
    const first = await runCli(['migrate'], fresh);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/已套用 \d+ 個遷移/);
    const second = await runCli(['migrate'], fresh);
    expect(second.stdout).toContain('已是最新版本');
    const badUrl = await runCli(['migrate'], { ...env, DATABASE_URL: 'mysql://nope' });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('DATABASE_URL');
    // A database a newer release has upgraded (a rolled-back deploy): said plainly, and left as it is.
    const db = createDatabase(freshDb.url);
    await sql`insert into kysely_migration (name, timestamp) values ('2099-01-01-001-from-the-future', '2099-01-01T00:00:00.000Z')`.execute(db.kysely);
    await db.destroy();
    const newer = await runCli(['migrate'], fresh);
    expect(newer.code).toBe(1);
    expect(newer.stderr).toContain('資料庫已由較新版本的 Opinion Desk 更新過（遷移 2099-01-01-001-from-the-future）');
    await freshDb.cleanup();
  });
});
