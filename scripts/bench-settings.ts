/**
 * npm run bench:settings — what reading the editorial settings costs a page, on this machine.
 *
 * Every public page shows the settings (disclaimer, chrome links, reading speed). They are read through
 * getEditorialSettings: kept per process and dropped by the change feed. This times, on SQLite (and PostgreSQL
 * with BENCH_PG_URL), a read from the database (what a page would pay without the process cache) against the
 * cached read, and an uncached article page render through the app for scale.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp } from '../src/app/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { getEditorialSettings, saveEditorialSettings } from '../src/modules/settings/index.js';
import { importPage } from '../src/modules/importer/index.js';
import { ChangeFeed } from '../src/platform/changes.js';
import { createDatabase, type Db } from '../src/platform/db/database.js';
import { createLogger } from '../src/platform/logger.js';
import { systemClock } from '../src/platform/time.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const shared = process.env.OPDESK_SHARED ?? resolve(root, '../shared');
const CALLS = Number(process.env.BENCH_CALLS ?? 5000);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return `p50 ${(at(0.5) * 1000).toFixed(1)} µs, p99 ${(at(0.99) * 1000).toFixed(1)} µs`;
}

async function timed(n: number, f: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}

async function measure(label: string, db: Db, databaseUrl: string): Promise<void> {
  await migrateToLatest(db);
  const log = createLogger({ level: 'silent' });
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', CACHE_MAX_MB: '0', CHANGE_POLL_MS: '0' });
  const changes = new ChangeFeed(db, log);
  await changes.start(0);
  const deps = { db, clock: systemClock, config, changes };
  await saveEditorialSettings(deps, { disclaimer: '本文言論為作者個人意見，不代表本站立場。', chromeLinks: [{ label: 'App', url: 'https://app.example.tw/' }, { label: '粉絲團', url: 'https://fb.example.tw/' }], readingCharsPerMinute: 450, editorsMaySchedule: true, submissionGuidelines: '投稿須知'.repeat(200) }, { userId: null, ip: null });
  const imported = await importPage({ db, clock: systemClock, changes, mediaDir: mkdtempSync(join(tmpdir(), 'bench-media-')) }, readFileSync(join(shared, 'seed', 'ettoday-opinion-2026-01-08.txt')), { tags: ['川普'] });
  const id = imported.id;
  const fromDb = await timed(CALLS, () => getEditorialSettings({ db, config }));
  const cached = await timed(CALLS, () => getEditorialSettings(deps));
  const built = await buildApp({ config, db, clock: systemClock, log, changes });
  await built.app.ready();
  const render = await timed(300, () => built.app.inject({ method: 'GET', url: `/article/${id}` }));
  await built.app.close();
  console.log(`${label}: settings read from the database ${stats(fromDb)}; cached ${stats(cached)}; uncached article render ${stats(render)} (${CALLS} reads, 300 renders)`);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-settings-'));
try {
  const url = `sqlite:${join(dir, 'b.sqlite')}`;
  const db = createDatabase(url);
  await measure('SQLite', db, url);
  await db.destroy();
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const pdb = createDatabase(pgUrl, { pgSchema: schema });
    try {
      await measure('PostgreSQL', pdb, pgUrl);
    } finally {
      await pdb.destroy();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
