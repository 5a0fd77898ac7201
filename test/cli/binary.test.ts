import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/platform/db/database.js';
import { ensureBuilt, runBinary } from '../support/cli.js';
import { sharedPath } from '../support/shared.js';
import { createDatabaseUrlForProcess } from '../support/test-app.js';

// The other CLI tests call main() in-process; this one checks that the installed command, a separate Node
// process started through bin/opdesk.js, still prints the same things and ends with the same exit codes.

let dir: string;
let env: Record<string, string>;
let drop: () => Promise<void>;
const seed = sharedPath('seed', 'ettoday-opinion-2026-01-08.txt');

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'opdesk-bin-'));
  const database = await createDatabaseUrlForProcess(dir);
  drop = database.cleanup;
  env = { DATABASE_URL: database.url, MEDIA_DIR: join(dir, 'media'), BASE_URL: 'https://opinion.example.tw' };
}, 300_000);
afterAll(async () => {
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

// Each call starts Node and loads the whole program: seconds apiece on a busy machine.
describe('bin/opdesk.js, a real process', { timeout: 120_000 }, () => {
  it('exits 0 with the parsed page on stdout', async () => {
    const res = await runBinary(['import', '--dry-run', '--json', seed], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const expected = JSON.parse(readFileSync(sharedPath('fixtures', 'import', 'seed.expected.json'), 'utf8')) as Record<string, unknown>;
    delete expected._notes;
    expect(JSON.parse(res.stdout)).toEqual(expected);
  });

  it('exits 1 when a file fails, 2 when the command line is wrong, and says why on stderr', async () => {
    const missing = join(dir, 'missing.txt');
    const [failed, wrong] = await Promise.all([
      runBinary(['import', '--dry-run', missing], env),
      runBinary(['import', '--published-at', '2026-13-45', seed], env),
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${missing}：檔案不存在`);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--published-at');
    expect(wrong.stdout).toBe('');
  });

  it('prints help on stdout and an unknown command on stderr', async () => {
    const [help, unknown] = await Promise.all([runBinary(['--help'], env), runBinary(['frobnicate'], env)]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: opdesk');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(unknown.stdout).toBe('');
  });

  it('stores an article in the database it is given', async () => {
    const res = await runBinary(['import', seed], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('已匯入');
    expect(res.stdout).toContain('https://opinion.example.tw/article/3100001');
    const db = createDatabase(env.DATABASE_URL ?? '');
    try {
      expect(await db.kysely.selectFrom('articles').select('id').execute()).toEqual([{ id: 3100001 }]);
    } finally {
      await db.destroy();
    }
  });

  it('lets two imports write the same database at once: one waits its turn, neither fails', async () => {
    const copies = (tag: string) =>
      // Enough files that the two processes' write loops overlap for a while.
      Array.from({ length: 25 }, (_, i) => i + 1).map((n) => {
        const file = join(dir, `concurrent-${tag}-${n}.txt`);
        writeFileSync(file, `${readFileSync(seed, 'utf8')}\n（${tag} 第 ${n} 份）\n`);
        return file;
      });
    const [a, b] = await Promise.all([runBinary(['import', ...copies('甲')], env), runBinary(['import', ...copies('乙')], env)]);
    expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    expect(`${a.stderr}${b.stderr}`).not.toContain('database is locked');
    expect((a.stdout + b.stdout).match(/已匯入/g)).toHaveLength(50);
  });
});
