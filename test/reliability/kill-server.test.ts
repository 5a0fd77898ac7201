import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/cli.js';
import { writeBatch } from './support/batch.js';
import { integrityProblems, migrationState, processDatabase, type ProcessDatabase } from './support/database.js';
import { freePort, killNow, type Running, sleep, start } from './support/processes.js';
import { rng, seedFromEnv } from './support/random.js';

const SEED = seedFromEnv(20_261_129);
const TRIALS = 5;

let dir: string;
let files: string[];
let db: ProcessDatabase;
let port: number;
let server: Running | null = null;

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'opdesk-kill-server-'));
  files = writeBatch(join(dir, 'pages'), 6);
  db = await processDatabase(dir, 'served');
  port = await freePort();
});
afterAll(async () => {
  if (server) await killNow(server);
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({
  DATABASE_URL: db.url,
  MEDIA_DIR: join(dir, 'media'),
  PORT: String(port),
  HOST: '127.0.0.1',
  BASE_URL: `http://127.0.0.1:${port}`,
  DEMO_CONTENT: 'true',
  CHANGE_POLL_MS: '200',
});

const get = async (path: string): Promise<number> => (await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) })).status;

async function startServer(): Promise<Running> {
  const running = start('dist/main.js', [], env());
  const giveUp = Date.now() + 60_000;
  while (Date.now() < giveUp) {
    if (running.child.exitCode !== null) throw new Error(`server exited: ${(await running.done).stderr}`);
    if ((await get('/healthz').catch(() => 0)) === 200) return running;
    await sleep(50);
  }
  throw new Error('server did not answer /healthz within 60 s');
}

describe(`the server killed with SIGKILL while an importer writes (seed ${SEED})`, () => {
  it(`restarts ${TRIALS} times, migrations current, every acknowledged import present`, async () => {
    const r = rng(SEED);
    const acknowledged = new Map<string, number>();
    const log: string[] = [];
    let next = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      server = await startServer();
      const live = server;
      // Writes come only from the importer today: one file per process, so each success printed is one
      // acknowledged article, imported while the server serves and at the moment it dies.
      let stop = false;
      // Two importers side by side, three files each per process (a Node start costs more than the imports).
      const importer = async () => {
        while (!stop && next < files.length) {
          const batch = files.slice(next, next + 3);
          next += batch.length;
          const run = await start('bin/opdesk.js', ['import', '--json', '--no-progress', ...batch], { ...env(), LOG_LEVEL: 'warn' }).done;
          expect(run.code, `import ${batch.join(' ')}: ${run.stderr}`).toBe(0);
          const out = JSON.parse(run.stdout) as Array<{ file: string; status: string; id: number }>;
          for (const one of out) {
            expect(['created', 'unchanged']).toContain(one.status);
            acknowledged.set(one.file, one.id);
          }
        }
      };
      const importers = Promise.all([importer(), importer()]);
      // Readers, so the kill lands mid-request too.
      const readers = (async () => {
        while (!stop) {
          await get(r.pick(['/', '/m/', '/api/v1/articles', `/search?q=${encodeURIComponent('交通')}`, '/api/v1/articles?limit=50'])).catch(() => 0);
        }
      })();
      const delay = r.int(300, 4_000);
      await sleep(delay);
      const killed = await killNow(live);
      server = null;
      // The importer keeps going for a moment with the server down, then the trial's writes end.
      await sleep(r.int(0, 500));
      stop = true;
      await Promise.all([importers, readers]);
      log.push(`trial ${trial}: server killed after ${delay} ms (${killed.signal ?? killed.code}), ${acknowledged.size} imports acknowledged so far`);

      server = await startServer();
      expect(await get('/healthz')).toBe(200);
      const migrated = await migrationState(db);
      expect(migrated.applied).toEqual(migrated.expected);
      for (const [file, id] of acknowledged) {
        expect(await get(`/api/v1/articles/${id}`), `${file} → #${id} through the API`).toBe(200);
        expect(await get(`/article/${id}`), `${file} → #${id} as a page`).toBe(200);
      }
      expect(await integrityProblems(db, { everyArticleTagged: false })).toEqual([]);
      await killNow(server);
      server = null;
    }
    const rows = await db.query('select count(*) as n from articles where import_key is not null');
    // The demo articles plus one per acknowledged file, nothing doubled.
    expect(Number(rows[0]?.n)).toBe(8 + acknowledged.size);
    console.log(`kill-server (${db.dialect}):\n  ${log.join('\n  ')}`);
  });
});
