import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createDatabase, type Db } from '../../src/platform/db/database.js';
import { leaseHolder } from '../../src/platform/jobs/index.js';
import { fixedClock } from '../../src/platform/time.js';
import { setClockFile } from '../support/clock-file.js';
import { publishRecord, scheduleArticle } from '../support/scheduled.js';
import { type ServerProcess, startClockedServer } from '../support/server-process.js';
import { createDatabaseUrlForProcess } from '../support/test-app.js';

/**
 * Exactly once with several instances: two real server processes (test/support/clocked-server.ts: startServer
 * from source on a clock read from a file both share) on one database, both running the publishing job every
 * 50 ms. The clock moves in steps past the scheduled times; one instance is killed with SIGKILL half-way (its
 * lease is left behind and must expire), the other carries on. Every piece must end published once: one
 * publish revision, the promised time, visible through both instances.
 */
const T0 = '2026-12-03T02:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(T0) + n * 60_000).toISOString();

let dir: string;
let clockFile: string;
let database: { url: string; cleanup: () => Promise<void> };
let db: Db;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opdesk-two-'));
  clockFile = join(dir, 'clock');
  setClockFile(clockFile, T0);
  database = await createDatabaseUrlForProcess(dir);
  db = createDatabase(database.url);
  await migrateToLatest(db);
});

afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL');
  await db.destroy();
  await database.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function apiStatus(server: ServerProcess, id: number): Promise<number> {
  return (await fetch(`${server.url}/api/v1/articles/${id}`)).status;
}

describe('scheduled publishing with two server processes on one database', () => {
  it('publishes every piece exactly once, through a crash of the instance that held the lease', async () => {
    const deps = { db, clock: fixedClock(T0) };
    // Minute 1 one piece, minute 2 five at once, minute 3 and 4 one each, minute 6 one, minute 8 four at once.
    const schedule = [1, 2, 2, 2, 2, 2, 3, 4, 6, 8, 8, 8, 8];
    const ids: number[] = [];
    for (const m of schedule) ids.push(await scheduleArticle(deps, minutes(m), '雙機排程'));

    const env = { DATABASE_URL: database.url, SCHEDULER_INTERVAL_MS: '50', CHANGE_POLL_MS: '100' };
    const [a, b] = await Promise.all([startClockedServer(clockFile, env), startClockedServer(clockFile, env)]);
    processes.push(a, b);
    const output = () => `A:\n${a.output()}\nB:\n${b.output()}`;
    // Both instances answer "not found" first, so each has something in its page cache to drop later.
    for (const id of ids) expect([await apiStatus(a, id), await apiStatus(b, id)]).toEqual([404, 404]);

    const publishedBy = async (minute: number, live: ServerProcess[]) => {
      setClockFile(clockFile, minutes(minute));
      for (const [i, id] of ids.entries()) {
        if ((schedule[i] ?? Infinity) > minute) continue;
        await expect.poll(async () => (await publishRecord({ db }, id)).state, { timeout: 15_000, interval: 25, message: output() }).toBe('published');
        for (const server of live) await expect.poll(() => apiStatus(server, id), { timeout: 5_000, interval: 25 }).toBe(200);
      }
    };
    // Both alive: after each step of the clock the old lease has expired, so either may take it.
    await publishedBy(1, [a, b]);
    await publishedBy(2, [a, b]);
    await publishedBy(3, [a, b]);

    // The instance holding the lease crashes: no clean shutdown, its lease stays in the table.
    const holder = await leaseHolder(db, 'publish-scheduled');
    const [leader, survivor] = holder?.holder.includes(`:${a.pid}:`) ? [a, b] : [b, a];
    expect(holder?.holder, output()).toContain(`:${leader.pid}:`);
    await leader.kill('SIGKILL');
    expect((await leaseHolder(db, 'publish-scheduled'))?.holder).toContain(`:${leader.pid}:`);

    // Minute 4: the dead holder's lease (renewed at 3:00, for 15 s) has expired by the clock; the survivor takes over.
    await publishedBy(4, [survivor]);
    expect((await leaseHolder(db, 'publish-scheduled'))?.holder).toContain(`:${survivor.pid}:`);
    await publishedBy(6, [survivor]);
    await publishedBy(8, [survivor]);

    for (const [i, id] of ids.entries()) {
      expect(await publishRecord({ db }, id), `article ${id}`).toEqual({ state: 'published', publishedAt: minutes(schedule[i] ?? 0), publishRevisions: 1 });
    }

    // A clean shutdown gives the lease back for the next instance.
    expect(await survivor.kill('SIGTERM'), output()).toBe(0);
    expect(await leaseHolder(db, 'publish-scheduled')).toBeNull();
  }, 120_000);
});
