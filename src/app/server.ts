import cluster from 'node:cluster';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp, type BuiltApp, searchGateOptions } from './app.js';
import type { Config } from '../config.js';
import { loadDemoContent, loadDemoSubmissions } from './demo-content.js';
import { submissionLinks } from '../surfaces/urls.js';
import { periodicJobs } from './jobs.js';
import { upgradeDatabase } from './upgrade.js';
import { RenditionWorker } from '../modules/media/index.js';
import { searchWorkerModule } from '../modules/search/index.js';
import { type Lane, startLane } from '../platform/fairness/lane.js';
import { ChangeFeed } from '../platform/changes.js';
import { createDatabase, describeDatabaseUrl, type Db } from '../platform/db/database.js';
import { JobRunner } from '../platform/jobs/index.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { type Clock, systemClock } from '../platform/time.js';

export interface RunningServer {
  readonly built: BuiltApp;
  readonly db: Db;
  readonly url: string;
  readonly renditions: RenditionWorker | null;
  /** Periodic jobs (scheduled publishing); every serving process runs one, a database lease picks who works. */
  readonly jobs: JobRunner;
  close(): Promise<void>;
}

/**
 * The once-per-deployment work: migrations, demo content into an empty database, and the background worker
 * that makes image renditions (started once the server listens). In a cluster only the primary does it, so
 * workers never race each other.
 */
async function prepareDatabase(config: Config, db: Db, clock: Clock, log: Logger, changes: ChangeFeed): Promise<RenditionWorker> {
  const started = Date.now();
  const { applied, searchRebuilt } = await upgradeDatabase(db, clock, (done, total) => {
    if (done === total || done % 5000 < 200) log.info({ done, total }, 'rebuilding the search index');
  });
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  if (searchRebuilt) log.info({ ...searchRebuilt, ms: Date.now() - started }, 'search index rebuilt');
  mkdirSync(resolve(config.mediaDir), { recursive: true });
  if (config.demoContent) {
    const demo = await loadDemoContent({ db, clock, mediaDir: config.mediaDir, changes }, log);
    if (demo.loaded > 0) {
      const submissions = await loadDemoSubmissions({ db, clock, log, changes, config, links: submissionLinks(config.baseUrl) });
      log.info({ articles: demo.loaded, submissions: submissions.loaded }, 'demo content loaded into the empty database');
    }
  }
  return new RenditionWorker({ db, clock, mediaDir: config.mediaDir, log, changes });
}

/**
 * Renditions still missing (new demo images, or ones made before AVIF) are queued once the server is listening:
 * encoding them takes both cores for seconds, which should not hold up the start.
 */
async function queueMissingRenditions(renditions: RenditionWorker, log: Logger): Promise<void> {
  const queued = await renditions.enqueueMissing();
  if (queued > 0) log.info({ images: queued }, 'making image renditions in the background');
}

/** One serving process: (config → db → migrations → demo content, unless a cluster primary did it) → app → listen. */
export async function startServer(config: Config, options: { clock?: Clock; log?: Logger } = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const db = createDatabase(config.databaseUrl);
  if (!cluster.isWorker) log.info({ database: describeDatabaseUrl(config.databaseUrl) }, 'opening database');
  let searchLane: Lane | null = null;
  try {
    const changes = new ChangeFeed(db, log);
    const renditions = cluster.isWorker ? null : await prepareDatabase(config, db, clock, log, changes);
    await changes.start(config.cache.changePollMs);
    // SQLite search off the main thread: worker threads with read-only connections of their own.
    const lane = await startLane(
      searchGateOptions(config, db),
      db.sqliteFile && config.search.workers > 0
        ? { module: searchWorkerModule, size: config.search.workers, workerData: { sqliteFile: db.sqliteFile }, name: 'search' }
        : null,
      log,
    );
    searchLane = lane;
    const built = await buildApp({ config, db, clock, log, changes, searchLane: lane });
    // Node's default backlog (511) overflowed at 1,000 simultaneous connects; the kernel caps this at somaxconn.
    const address = await built.app.listen({ port: config.port, host: config.host, backlog: 4096 });
    if (!cluster.isWorker) log.info({ url: config.baseUrl, listening: address }, 'Opinion Desk is serving');
    if (renditions) await queueMissingRenditions(renditions, log);
    // Started only once listening, so a process that fails to start never takes a lease. Each job runs at once:
    // whatever fell due while no instance was running (downtime, a deploy) is caught up now.
    const jobs = new JobRunner({ db, clock, log });
    for (const job of periodicJobs({ config, db, clock, log, changes })) jobs.add(job);
    jobs.start();

    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        // First, while the database is open: a run in progress finishes and the lease goes to another instance.
        await jobs.stop();
        changes.stop();
        await built.app.close();
        await lane.close();
        await renditions?.stop();
        await db.destroy();
      })());
    return { built, db, url: address, renditions, jobs, close };
  } catch (err) {
    // Worker threads would keep a process that failed to start (a port in use) alive.
    await searchLane?.close().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    throw err;
  }
}

/**
 * Several processes on one port (WEB_CONCURRENCY): the primary prepares the database and makes renditions,
 * then forks workers that serve; a worker that dies is replaced, at most once a second.
 */
export async function startCluster(config: Config, log: Logger): Promise<void> {
  const db = createDatabase(config.databaseUrl);
  log.info({ database: describeDatabaseUrl(config.databaseUrl), workers: config.workers }, 'opening database');
  const changes = new ChangeFeed(db, log);
  const renditions = await prepareDatabase(config, db, systemClock, log, changes);
  let stopping = false;
  let lastFork = 0;
  const fork = () => {
    lastFork = Date.now();
    cluster.fork();
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code, signal }, 'server worker died; starting another');
    setTimeout(fork, Math.max(0, 1000 - (Date.now() - lastFork)));
  });
  let listening = 0;
  cluster.on('listening', () => {
    listening++;
    if (listening !== config.workers) return;
    log.info({ url: config.baseUrl, workers: config.workers }, 'Opinion Desk is serving');
    queueMissingRenditions(renditions, log).catch((err: unknown) => log.error({ err }, 'could not queue image renditions'));
  });
  for (let i = 0; i < config.workers; i++) fork();

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down workers');
    const timer = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
    timer.unref();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      clearInterval(check);
      void renditions
        .idle()
        .then(() => db.destroy())
        .finally(() => process.exit(0));
    }, 50);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** SIGINT/SIGTERM: stop taking requests, finish those in flight, close the database; give up after a timeout. */
export function closeOnSignals(server: RunningServer, timeoutMs: number, log: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!cluster.isWorker) log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
