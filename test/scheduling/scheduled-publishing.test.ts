import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/app/server.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { publishDueArticles } from '../../src/modules/articles/index.js';
import { createDatabase } from '../../src/platform/db/database.js';
import type { JobOutcome } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { type Clock, fixedClock } from '../../src/platform/time.js';
import { publishRecord, scheduleArticle } from '../support/scheduled.js';
import { createDatabaseUrlForProcess } from '../support/test-app.js';

/**
 * Scheduled publishing in a whole server (startServer: migrations, the app, the job runner) on an injected
 * clock. Between moving the clock and looking, nothing but the job runs: no request reaches the server, so
 * what readers see afterwards was published by the job, not worked out when a page was asked for.
 */
const T = '2026-12-03T04:00:00.000Z';
const before = (ms: number) => new Date(Date.parse(T) - ms).toISOString();
const after = (ms: number) => new Date(Date.parse(T) + ms).toISOString();

let dir: string;
const servers: RunningServer[] = [];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opdesk-schedule-'));
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const c of cleanups.splice(0)) await c();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function newDatabase(): Promise<string> {
  const database = await createDatabaseUrlForProcess(dir);
  cleanups.push(database.cleanup);
  return database.url;
}

async function serve(databaseUrl: string, clock: Clock, intervalMs: number): Promise<RunningServer> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    BASE_URL: 'https://opinion.example.tw',
    MEDIA_DIR: join(dir, 'media'),
    DEMO_CONTENT: 'false',
    SEARCH_WORKERS: '0',
    LOG_LEVEL: 'silent',
    SCHEDULER_INTERVAL_MS: String(intervalMs),
  });
  const server = await startServer(config, { clock, log: createLogger({ level: 'silent' }) });
  servers.push(server);
  return server;
}

/** The first run of the publishing job that begins after this call. */
function nextRun(server: RunningServer): Promise<JobOutcome> {
  const since = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the publishing job did not run within 10 s')), 10_000);
    const stop = server.jobs.onOutcome((o) => {
      if (o.job !== 'publish-scheduled' || o.startedAt <= since) return;
      clearTimeout(timer);
      stop();
      resolve(o);
    });
  });
}

/** Where a reader could meet the piece: its page, the mobile page, the API, the home page and search (site and API). */
async function whereVisible(server: RunningServer, id: number, word: string): Promise<Record<string, boolean>> {
  const get = (url: string) => server.built.app.inject({ method: 'GET', url });
  const q = encodeURIComponent(word);
  const [page, mobile, api, home, search, apiSearch] = await Promise.all([
    get(`/article/${id}`),
    get(`/m/article/${id}`),
    get(`/api/v1/articles/${id}`),
    get('/'),
    get(`/search?q=${q}`),
    get(`/api/v1/search?q=${q}`),
  ]);
  return {
    page: page.statusCode === 200,
    mobile: mobile.statusCode === 200,
    api: api.statusCode === 200,
    home: home.body.includes(`/article/${id}"`),
    search: search.body.includes(`/article/${id}"`),
    apiSearch: (JSON.parse(apiSearch.body) as { data: Array<{ id: number }> }).data.some((a) => a.id === id),
  };
}

const nowhere = { page: false, mobile: false, api: false, home: false, search: false, apiSearch: false };
const everywhere = { page: true, mobile: true, api: true, home: true, search: true, apiSearch: true };

describe('scheduled publishing', () => {
  it('publishes on time with no traffic: hidden everywhere before T, shown everywhere at T', async () => {
    const clock = fixedClock(before(10 * 60_000));
    const server = await serve(await newDatabase(), clock, 20);
    const deps = { db: server.db, clock };
    const id = await scheduleArticle(deps, T, '燈塔守護者');
    // Asked for before its time: nowhere (and whatever the page cache kept of these answers must go at T).
    expect(await whereVisible(server, id, '燈塔守護者')).toEqual(nowhere);

    clock.set(before(1));
    expect((await nextRun(server)).result).toEqual([]);
    expect(await publishRecord(deps, id)).toEqual({ state: 'scheduled', publishedAt: T, publishRevisions: 0 });
    expect(await whereVisible(server, id, '燈塔守護者')).toEqual(nowhere);

    // T: the job alone publishes it, before anyone asks.
    clock.set(T);
    expect((await nextRun(server)).result).toEqual([id]);
    expect(await publishRecord(deps, id)).toEqual({ state: 'published', publishedAt: T, publishRevisions: 1 });
    expect(await whereVisible(server, id, '燈塔守護者')).toEqual(everywhere);

    // Later runs find nothing more to do and write nothing.
    clock.set(after(60_000));
    expect((await nextRun(server)).result).toEqual([]);
    expect((await publishRecord(deps, id)).publishRevisions).toBe(1);
  });

  it('catches up at start-up after downtime, keeping the promised time; what is not yet due waits', async () => {
    const databaseUrl = await newDatabase();
    const clock = fixedClock(before(10 * 60_000));
    const first = await serve(databaseUrl, clock, 20);
    const due = await scheduleArticle({ db: first.db, clock }, T, '颱風夜');
    const later = await scheduleArticle({ db: first.db, clock }, after(30 * 60_000), '颱風夜');
    await first.close();

    // Down from T − 10 min to T + 20 min. The restarted server's interval is an hour: only the run it makes at
    // start-up can publish within this test.
    clock.set(after(20 * 60_000));
    const second = await serve(databaseUrl, clock, 3_600_000);
    const deps = { db: second.db, clock };
    await expect.poll(async () => (await publishRecord(deps, due)).state, { timeout: 10_000, interval: 20 }).toBe('published');
    expect(await publishRecord(deps, due)).toEqual({ state: 'published', publishedAt: T, publishRevisions: 1 });
    expect(await whereVisible(second, due, '颱風夜')).toEqual(everywhere);
    expect(await publishRecord(deps, later)).toEqual({ state: 'scheduled', publishedAt: after(30 * 60_000), publishRevisions: 0 });
    expect(await whereVisible(second, later, '颱風夜')).toEqual(nowhere);
  });

  it('publishes each piece once even when instances run the job at the same moment (a lease holder frozen past its expiry)', async () => {
    const databaseUrl = await newDatabase();
    // No lease between them: only the conditional update stands between the runs. On PostgreSQL four
    // instances' pools run truly at once. SQLite connections in one thread would block each other's write lock
    // (busy_timeout waits synchronously), so there the runs interleave on one connection: each still reads the
    // same due list before the others flip it. (Separate SQLite processes: two-instances.test.ts.)
    const first = createDatabase(databaseUrl, { poolSize: 4 });
    const instances = first.dialect === 'postgres' ? [first, ...[1, 2, 3].map(() => createDatabase(databaseUrl, { poolSize: 4 }))] : [first, first, first, first];
    cleanups.unshift(async () => {
      for (const db of new Set(instances)) await db.destroy();
    });
    await migrateToLatest(first);
    const clock = fixedClock(before(10 * 60_000));
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push(await scheduleArticle({ db: first, clock }, after((i % 3) * 1000), '同時發布'));
    for (const step of [0, 1000, 2000]) {
      clock.set(after(step));
      const runs = await Promise.all(instances.flatMap((db) => [publishDueArticles({ db, clock }), publishDueArticles({ db, clock })]));
      // Between them the eight runs published each piece due at this step once: no id twice, none left out.
      const published = runs.flat().sort((x, y) => x - y);
      expect(published).toEqual(ids.filter((_, i) => (i % 3) * 1000 === step).sort((x, y) => x - y));
    }
    for (const [i, id] of ids.entries()) {
      expect(await publishRecord({ db: first }, id)).toEqual({ state: 'published', publishedAt: after((i % 3) * 1000), publishRevisions: 1 });
    }
  });
});
