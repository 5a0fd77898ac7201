import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/platform/errors.js';
import { Overloaded, WorkGate } from '../../src/platform/fairness/gate.js';
import { startLane } from '../../src/platform/fairness/lane.js';
import { WorkerPool } from '../../src/platform/fairness/worker-pool.js';
import { createLogger } from '../../src/platform/logger.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { importPage } from '../../src/modules/importer/index.js';
import { runSearch, searchThroughLane, searchWorkerModule } from '../../src/modules/search/index.js';
import { createDatabase } from '../../src/platform/db/database.js';
import { systemClock } from '../../src/platform/time.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedText } from '../support/factories.js';
import { sharedPath } from '../support/shared.js';
import { importSeed, makeArticle } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const log = createLogger({ level: 'silent' });
const tick = () => new Promise((r) => setImmediate(r));

describe('WorkGate', () => {
  it('runs at most `concurrency` jobs, in arrival order', async () => {
    const gate = new WorkGate({ concurrency: 2, maxQueue: 10, maxWaitMs: 10_000 });
    const order: number[] = [];
    let running = 0;
    let peak = 0;
    const job = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return i;
    };
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => gate.run(job(i))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(gate.stats()).toMatchObject({ running: 0, queued: 0, completed: 6, shed: 0 });
  });

  it('starts each job in a later loop turn, so I/O runs between synchronous jobs', async () => {
    const gate = new WorkGate({ concurrency: 1, maxQueue: 10, maxWaitMs: 10_000 });
    const seen: string[] = [];
    const sync = (name: string) => async () => {
      seen.push(name);
      // Stands for an accept or a socket read that became ready while this job held the thread.
      setImmediate(() => seen.push(`io after ${name}`));
    };
    await Promise.all([gate.run(sync('a')), gate.run(sync('b')), gate.run(sync('c'))]);
    await tick();
    expect(seen).toEqual(['a', 'io after a', 'b', 'io after b', 'c', 'io after c']);
  });

  it('refuses when the queue is full, and after maxWaitMs in the queue', async () => {
    const gate = new WorkGate({ concurrency: 1, maxQueue: 1, maxWaitMs: 50, refuseDelayMs: 0 });
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (release = r)));
    await tick();
    const second = gate.run(async () => 'second');
    const third = gate.run(async () => 'third');
    await expect(third).rejects.toBeInstanceOf(Overloaded);
    const err = (await second.catch((e: unknown) => e)) as Overloaded;
    expect(err).toBeInstanceOf(Overloaded);
    expect(err).toMatchObject({ status: 503, code: 'overloaded' });
    expect(err.retryAfterS).toBeGreaterThanOrEqual(1);
    release();
    await first;
    expect(gate.stats()).toMatchObject({ running: 0, queued: 0, completed: 1, shed: 2 });
    await expect(gate.run(async () => 'later')).resolves.toBe('later');
  });
  it('holds a refusal for a while, so clients that retry at once cannot spin the event loop', async () => {
    const gate = new WorkGate({ concurrency: 1, maxQueue: 0, maxWaitMs: 10_000, refuseDelayMs: 120 });
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (release = r)));
    await tick();
    const t0 = Date.now();
    await expect(gate.run(async () => 'refused')).rejects.toBeInstanceOf(Overloaded);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    release();
    await first;
  });
});

describe('WorkerPool', () => {
  const module = new URL('../support/pool-tasks.worker.ts', import.meta.url);

  it('runs tasks in worker threads and carries AppErrors back', async () => {
    const pool = new WorkerPool({ module, size: 2, workerData: { n: 1 }, name: 'test' }, log);
    try {
      await pool.ready();
      await expect(pool.run('echo', 'x')).resolves.toEqual({ x: 'x', data: { n: 1 } });
      const err = await pool.run('refuse', null).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'not_here', status: 404, details: { id: 7 } });
      // Two workers: two 200 ms spins take about 200 ms, not 400, and the main thread stays free meanwhile.
      const t0 = Date.now();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      await Promise.all([pool.run('spin', 200), pool.run('spin', 200)]);
      clearInterval(timer);
      expect(Date.now() - t0).toBeLessThan(380);
      expect(ticks).toBeGreaterThan(5);
    } finally {
      await pool.close();
    }
  });

  it('fails the task of a worker that dies and replaces the worker', async () => {
    const pool = new WorkerPool({ module, size: 1, name: 'test' }, log);
    try {
      await pool.ready();
      await expect(pool.run('exit', null)).rejects.toThrow(/exited/);
      await expect(pool.run('echo', 2)).resolves.toMatchObject({ x: 2 });
    } finally {
      await pool.close();
    }
  });

  it('a lane whose workers cannot start runs the work on this thread', async () => {
    const lane = await startLane(
      { concurrency: 1, maxQueue: 10, maxWaitMs: 1000 },
      { module: new URL('../support/no-such.worker.ts', import.meta.url), size: 1, name: 'broken' },
      log,
    );
    expect(lane.pool).toBeNull();
    await expect(lane.gate.run(async () => 1)).resolves.toBe(1);
    await lane.close();
  });
});

describe('search behind the gate', () => {
  let t: TestApp;
  let seedId: number;
  beforeAll(async () => {
    // One search that never ends holds the only slot and nothing may wait: every search is refused.
    const gate = new WorkGate({ concurrency: 1, maxQueue: 0, maxWaitMs: 60_000, refuseDelayMs: 0 });
    void gate.run(() => new Promise(() => undefined));
    t = await buildTestApp({}, { searchLane: { gate, pool: null, close: async () => undefined } });
    seedId = (await importSeed(t, ['川普'])).id;
    await makeArticle(t, { title: '能源轉型', paragraphs: ['談能源轉型與電網。'] });
  });
  afterAll(async () => t.close());

  it('the API refuses with 503, Retry-After and the error envelope, in Chinese or English', async () => {
    const res = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('川普')}` });
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toEqual({ errors: [{ code: 'overloaded', message: expect.stringContaining('請依 Retry-After') }] });
    const en = await t.app.inject({ url: '/api/v1/search?q=x', headers: { 'accept-language': 'en' } });
    expect(en.json().errors[0].message).toContain('Retry-After');
  });

  it('the site refuses with a 503 page in Chinese', async () => {
    for (const path of ['/search', '/m/search']) {
      const res = await t.app.inject({ url: `${path}?q=${encodeURIComponent('川普')}` });
      expect(res.statusCode).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.body).toContain('lang="zh-Hant');
      expect(res.body).toContain('搜尋忙碌中');
    }
  });

  it('health checks and article pages never wait for the gate', async () => {
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/article/${seedId}` })).statusCode).toBe(200);
  });

  it('a worker thread with its own read-only connection finds what this thread finds', async () => {
    // Worker threads serve SQLite files; on a PostgreSQL run this case still checks them, on a file of its own.
    const dir = mkdtempSync(join(tmpdir(), 'opdesk-lane-'));
    const db = createDatabase(`sqlite:${join(dir, 'lane.sqlite')}`);
    const deps = { db, clock: systemClock, mediaDir: join(dir, 'media') };
    const lane = await startLane(
      { concurrency: 1, maxQueue: 10, maxWaitMs: 10_000 },
      null,
      log,
    );
    try {
      await migrateToLatest(db);
      await importPage(deps, seedText(), { tags: ['川普'] });
      for (const n of [1, 2, 3]) await importPage(deps, readFileSync(sharedPath('fixtures', 'import', `synthetic-${n}.txt`)));
      const workers = await startLane(
        { concurrency: 1, maxQueue: 10, maxWaitMs: 10_000 },
        { module: searchWorkerModule, size: 1, workerData: { sqliteFile: db.sqliteFile }, name: 'search' },
        log,
      );
      try {
        expect(workers.pool).not.toBeNull();
        for (const q of ['川普', '特朗普', '能源', '沒有這個詞']) {
          const params = { q, page: 1, pageSize: 10 };
          const here = await runSearch(deps, params);
          const there = await searchThroughLane({ ...deps, searchLane: workers }, params);
          expect(there, q).toEqual(here);
          expect(await searchThroughLane({ ...deps, searchLane: lane }, params), q).toEqual(here);
        }
      } finally {
        await workers.close();
      }
    } finally {
      await lane.close();
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
