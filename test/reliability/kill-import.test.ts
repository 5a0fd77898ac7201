import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/cli.js';
import { writeBatch } from './support/batch.js';
import { hasTable, integrityProblems, migrationState, processDatabase, type ProcessDatabase } from './support/database.js';
import { killNow, sleep, start } from './support/processes.js';
import { rng, seedFromEnv } from './support/random.js';

const SEED = seedFromEnv(20_261_128);
const TRIALS = 6;
const TAG = '可靠性測試';

let dir: string;
let files: string[];
const databases: ProcessDatabase[] = [];

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'opdesk-kill-import-'));
  files = writeBatch(join(dir, 'pages'), 8);
});
afterAll(async () => {
  for (const db of databases) await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

const importAll = (db: ProcessDatabase) => start('bin/opdesk.js', ['import', '--no-progress', '--tag', TAG, ...files], { DATABASE_URL: db.url, MEDIA_DIR: join(dir, 'media'), BASE_URL: 'https://opinion.example.tw' });

async function articleCounts(db: ProcessDatabase): Promise<{ articles: number; keys: number }> {
  // A fresh PostgreSQL schema has no tables until the first migration (a fresh SQLite file does not exist yet).
  if (!(await hasTable(db, 'articles'))) return { articles: 0, keys: 0 };
  const rows = await db.query('select count(*) as n, count(distinct import_key) as k from articles');
  return { articles: Number(rows[0]?.n ?? 0), keys: Number(rows[0]?.k ?? 0) };
}

async function fresh(name: string): Promise<ProcessDatabase> {
  const db = await processDatabase(dir, name);
  databases.push(db);
  return db;
}

describe(`opdesk import killed with SIGKILL at random moments (seed ${SEED})`, () => {
  let fullRunMs = 0;

  it('imports the whole batch when left alone: one article per file, all intact', async () => {
    const db = await fresh('baseline');
    const began = Date.now();
    const run = await importAll(db).done;
    fullRunMs = Date.now() - began;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await articleCounts(db)).toEqual({ articles: files.length, keys: files.length });
    expect(await integrityProblems(db, { everyArticleTagged: true })).toEqual([]);
    console.log(`kill-import: batch of ${files.length} files imports in ${fullRunMs} ms on ${db.dialect}`);
  });

  it(`survives ${TRIALS} trials of kill -9, twice each, then completes on the re-run`, async () => {
    const r = rng(SEED);
    const log: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const db = await fresh(`trial-${trial}`);
      for (let round = 0; round < 2; round++) {
        // Most of a run is Node starting up; the writes take a fraction of it. So a kill moment is either a random
        // time (start-up included), or a random point in the work itself: once the migrations have begun, or once
        // k articles are stored, then a few more random milliseconds.
        const mode = r.pick(round === 0 ? (['time', 'migrating', 'importing', 'importing'] as const) : (['time', 'importing', 'importing'] as const));
        const stored = (await articleCounts(db)).articles;
        const target = stored + r.int(1, Math.max(1, files.length - stored - 1));
        const extra = r.int(0, 40);
        const running = importAll(db);
        const began = Date.now();
        if (mode === 'time') await sleep(r.int(100, Math.max(400, Math.round(fullRunMs * 0.95))));
        else {
          while (running.child.exitCode === null && Date.now() - began < fullRunMs * 3) {
            const reached = mode === 'migrating' ? await hasTable(db, 'kysely_migration_lock') : (await articleCounts(db).catch(() => ({ articles: 0 }))).articles >= target;
            if (reached) break;
            await sleep(3);
          }
          await sleep(extra);
        }
        const delay = Date.now() - began;
        const killed = await killNow(running);
        const counts = await articleCounts(db).catch(() => ({ articles: -1, keys: -1 }));
        const migrated = await migrationState(db);
        log.push(`trial ${trial}.${round} (${mode === 'importing' ? `at ${target} articles` : mode} +${extra} ms): killed after ${delay} ms (${killed.signal ?? `exit ${killed.code}`}), ${counts.articles} articles, migrations ${migrated.applied.length}/${migrated.expected.length}`);
        const problems = await integrityProblems(db, { everyArticleTagged: true });
        expect(problems, `after trial ${trial}.${round} (killed after ${delay} ms)`).toEqual([]);
      }
      const rerun = await importAll(db).done;
      expect(rerun.code, `re-run after trial ${trial}: ${rerun.stderr}`).toBe(0);
      expect(await articleCounts(db), `after the re-run of trial ${trial}`).toEqual({ articles: files.length, keys: files.length });
      expect(await integrityProblems(db, { everyArticleTagged: true })).toEqual([]);
      const migrated = await migrationState(db);
      expect(migrated.applied).toEqual(migrated.expected);
    }
    console.log(`kill-import (${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}):\n  ${log.join('\n  ')}`);
  });
});
