import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createDatabase, type Db } from '../../src/platform/db/database.js';
import { acquireLease, type JobOutcome, JobRunner, leaseHolder, MIN_LEASE_MS, releaseLease } from '../../src/platform/jobs/index.js';
import { fixedClock } from '../../src/platform/time.js';
import { createDatabaseUrlForProcess } from '../support/test-app.js';

/**
 * The lease and the job runner on their own, with a job of the test's own. Every "instance" here has its own
 * connection (pool) to one database, as separate processes would; the clock is shared and moved by hand.
 */
const T0 = '2026-12-03T02:00:00.000Z';
let dir: string;
let database: { url: string; cleanup: () => Promise<void> };
const opened: Db[] = [];

function connect(): Db {
  const db = createDatabase(database.url, { poolSize: 4 });
  opened.push(db);
  return db;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opdesk-jobs-'));
  database = await createDatabaseUrlForProcess(dir);
  await migrateToLatest(connect());
});

afterAll(async () => {
  for (const db of opened) await db.destroy().catch(() => undefined);
  await database.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A pino logger whose lines the test can read. */
function capturedLog() {
  const lines: Array<{ level: number; msg: string; job?: string; err?: { message: string } }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as (typeof lines)[number]);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

/** Resolves with the first outcome of `job` that started after now and satisfies `test`. */
function nextOutcome(runner: JobRunner, job: string, test: (o: JobOutcome) => boolean = () => true, ms = 10_000): Promise<JobOutcome> {
  const since = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching run of ${job} within ${ms} ms`));
    }, ms);
    const stop = runner.onOutcome((o) => {
      if (o.job !== job || o.startedAt <= since || !test(o)) return;
      clearTimeout(timer);
      stop();
      resolve(o);
    });
  });
}

describe('job lease', () => {
  it('goes to one holder at a time, is renewed by its holder, and is taken over once it expires', async () => {
    const db = connect();
    const now = new Date(T0);
    expect(await acquireLease(db, 'lease-a', 'A', 30_000, now)).toBe(true);
    expect(await acquireLease(db, 'lease-a', 'B', 30_000, now)).toBe(false);
    expect(await leaseHolder(db, 'lease-a')).toEqual({ holder: 'A', expiresAt: '2026-12-03T02:00:30.000Z' });

    // Renewing moves the expiry on; B still cannot have it one moment before the renewed expiry.
    expect(await acquireLease(db, 'lease-a', 'A', 30_000, new Date('2026-12-03T02:00:20.000Z'))).toBe(true);
    expect(await leaseHolder(db, 'lease-a')).toEqual({ holder: 'A', expiresAt: '2026-12-03T02:00:50.000Z' });
    expect(await acquireLease(db, 'lease-a', 'B', 30_000, new Date('2026-12-03T02:00:49.999Z'))).toBe(false);

    // A stopped renewing (crashed): at the expiry B takes it, and A, back, cannot take it from B.
    expect(await acquireLease(db, 'lease-a', 'B', 30_000, new Date('2026-12-03T02:00:50.000Z'))).toBe(true);
    expect(await acquireLease(db, 'lease-a', 'A', 30_000, new Date('2026-12-03T02:00:51.000Z'))).toBe(false);
    expect((await leaseHolder(db, 'lease-a'))?.holder).toBe('B');

    // Releasing is for the holder only; after B releases, A gets it at once.
    await releaseLease(db, 'lease-a', 'A');
    expect((await leaseHolder(db, 'lease-a'))?.holder).toBe('B');
    await releaseLease(db, 'lease-a', 'B');
    expect(await leaseHolder(db, 'lease-a')).toBeNull();
    expect(await acquireLease(db, 'lease-a', 'A', 30_000, new Date('2026-12-03T02:00:52.000Z'))).toBe(true);

    // Leases of other names are independent.
    expect(await acquireLease(db, 'lease-b', 'B', 30_000, now)).toBe(true);
  });

  it('is won by exactly one of many holders asking at the same moment on separate connections', async () => {
    const connections = [connect(), connect(), connect(), connect()];
    for (let round = 0; round < 5; round++) {
      const name = `race-${round}`;
      const asks = Array.from({ length: 16 }, (_, i) => acquireLease(connections[i % connections.length] as Db, name, `H${i}`, 30_000, new Date(T0)));
      const won = (await Promise.all(asks)).flatMap((ok, i) => (ok ? [`H${i}`] : []));
      expect(won).toHaveLength(1);
      expect((await leaseHolder(connections[0] as Db, name))?.holder).toBe(won[0]);
      // And when it has expired, again exactly one of the others takes it over.
      const later = new Date(Date.parse(T0) + 30_000);
      const retakes = Array.from({ length: 16 }, (_, i) => acquireLease(connections[i % connections.length] as Db, name, `R${i}`, 30_000, later));
      expect((await Promise.all(retakes)).filter(Boolean)).toHaveLength(1);
    }
  });
});

describe('job runner', () => {
  it('runs a job on one instance only, at once and then on its interval; the other takes over when it stops', async () => {
    const clock = fixedClock(T0);
    const runs: string[] = [];
    const job = (who: string) => ({ name: 'count', lease: 'runner-handover', intervalMs: 20, run: async () => void runs.push(who) });
    const a = new JobRunner({ db: connect(), clock, log: capturedLog().log, holder: 'A' }).add(job('A'));
    const b = new JobRunner({ db: connect(), clock, log: capturedLog().log, holder: 'B' }).add(job('B'));
    const aFirst = nextOutcome(a, 'count');
    a.start();
    expect((await aFirst).ran).toBe(true);
    b.start();
    // Both tick many times; only A runs the job.
    for (let i = 0; i < 5; i++) {
      expect((await nextOutcome(b, 'count')).ran).toBe(false);
      expect((await nextOutcome(a, 'count')).ran).toBe(true);
    }
    expect(new Set(runs)).toEqual(new Set(['A']));

    // A shuts down cleanly: it gives the lease back and B runs at its next tick, with the clock not moved at all.
    await a.stop();
    const countAtStop = runs.length;
    expect((await nextOutcome(b, 'count', (o) => o.ran)).ran).toBe(true);
    expect(runs.slice(countAtStop).every((w) => w === 'B')).toBe(true);
    expect((await leaseHolder(opened[0] as Db, 'runner-handover'))?.holder).toBe('B');
    await b.stop();
    expect(await leaseHolder(opened[0] as Db, 'runner-handover')).toBeNull();
  });

  it('takes over from an instance that died holding the lease, once the lease expires by the clock', async () => {
    const clock = fixedClock(T0);
    const deadDb = connect();
    const a = new JobRunner({ db: deadDb, clock, log: capturedLog().log, holder: 'A' }).add({ name: 'work', lease: 'runner-crash', intervalMs: 20, run: async () => 'A' });
    const first = nextOutcome(a, 'work');
    a.start();
    expect(await first).toMatchObject({ ran: true, result: 'A' });
    // "Kill" A: its connection is gone, so it can neither renew nor release (its ticks fail and are logged).
    await deadDb.destroy();
    const b = new JobRunner({ db: connect(), clock, log: capturedLog().log, holder: 'B' }).add({ name: 'work', lease: 'runner-crash', intervalMs: 20, run: async () => 'B' });
    b.start();
    expect((await nextOutcome(b, 'work')).ran).toBe(false);
    clock.advance(MIN_LEASE_MS - 1);
    expect((await nextOutcome(b, 'work')).ran).toBe(false);
    clock.advance(1);
    expect(await nextOutcome(b, 'work')).toMatchObject({ ran: true, result: 'B' });
    await a.stop();
    await b.stop();
  });

  it('logs a failing job and keeps running it; a database that is gone does not crash the process', async () => {
    const clock = fixedClock(T0);
    const { log, lines } = capturedLog();
    let calls = 0;
    const db = connect();
    const runner = new JobRunner({ db, clock, log, holder: 'F' }).add({
      name: 'flaky',
      intervalMs: 20,
      run: async () => {
        calls++;
        if (calls % 2 === 1) throw new Error(`boom ${calls}`);
        return calls;
      },
    });
    const failed = nextOutcome(runner, 'flaky', (o) => o.error !== undefined);
    runner.start();
    expect(((await failed).error as Error).message).toBe('boom 1');
    expect(await nextOutcome(runner, 'flaky', (o) => o.error === undefined)).toMatchObject({ ran: true, result: 2 });
    const logged = lines.find((l) => l.msg.startsWith('job failed'));
    expect(logged).toMatchObject({ level: 50, job: 'flaky', err: { message: 'boom 1' } });

    await db.destroy();
    const lost = await nextOutcome(runner, 'flaky');
    expect(lost.ran).toBe(false);
    expect(lost.error).toBeInstanceOf(Error);
    expect(lines.some((l) => l.msg.startsWith('could not ask for the job lease') && l.level === 40)).toBe(true);
    // It no longer knows whether it holds the lease, so stopping claims nothing and still finishes.
    await runner.stop();
  });

  it('lets a run in progress finish on stop, and starts none after', async () => {
    const clock = fixedClock(T0);
    let release = () => undefined as void;
    let finished = 0;
    let started = 0;
    const runner = new JobRunner({ db: connect(), clock, log: capturedLog().log }).add({
      name: 'slow',
      intervalMs: 10,
      run: async () => {
        started++;
        await new Promise<void>((r) => (release = r));
        finished++;
      },
    });
    runner.start();
    await expect.poll(() => started).toBe(1);
    const stopping = runner.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toBe(1);
    expect(await leaseHolder(opened[0] as Db, 'slow')).toBeNull();
  });

  it('refuses a job added twice, with no interval, or after start', async () => {
    const runner = new JobRunner({ db: opened[0] as Db, clock: fixedClock(T0), log: capturedLog().log });
    const job = { name: 'x', intervalMs: 10, run: async () => undefined };
    runner.add(job);
    expect(() => runner.add(job)).toThrow(/already/);
    expect(() => new JobRunner({ db: opened[0] as Db, clock: fixedClock(T0), log: capturedLog().log }).add({ ...job, intervalMs: 0 })).toThrow(/positive/);
    runner.start();
    expect(() => runner.add({ ...job, name: 'y' })).toThrow(/before start/);
    await runner.stop();
  });
});
