import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp, type BuiltApp } from './app.js';
import type { Config } from './config.js';
import { loadDemoContent } from './db/demo/load-demo.js';
import { migrateToLatest } from './db/migrate.js';
import { RenditionWorker } from './modules/media/index.js';
import { ChangeFeed, recordChange } from './platform/changes.js';
import { createDatabase, describeDatabaseUrl, type Db } from './platform/db/database.js';
import { createLogger, type Logger } from './platform/logger.js';
import { type Clock, systemClock } from './platform/time.js';

export interface RunningServer {
  readonly built: BuiltApp;
  readonly db: Db;
  readonly url: string;
  readonly renditions: RenditionWorker;
  close(): Promise<void>;
}

/** config → db → migrations → demo content → app → listen. */
export async function startServer(config: Config, options: { clock?: Clock; log?: Logger } = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const db = createDatabase(config.databaseUrl);
  log.info({ database: describeDatabaseUrl(config.databaseUrl) }, 'opening database');
  try {
    const { applied } = await migrateToLatest(db);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');

    mkdirSync(resolve(config.mediaDir), { recursive: true });
    const changes = new ChangeFeed(db, log);
    const renditions = new RenditionWorker({
      db,
      clock,
      mediaDir: config.mediaDir,
      log,
      onReady: async (imageId) => {
        await recordChange(db.kysely, [`image:${imageId}`], clock.now().toISOString());
        changes.announce([`image:${imageId}`]);
      },
    });

    if (config.demoContent) {
      const demo = await loadDemoContent({ db, clock, mediaDir: config.mediaDir, changes }, log);
      if (demo.loaded > 0) log.info({ articles: demo.loaded }, 'demo content loaded into the empty database');
    }
    await changes.start(config.cache.changePollMs);
    const queued = await renditions.enqueueMissing();
    if (queued > 0) log.info({ images: queued }, 'making image renditions in the background');

    const built = await buildApp({ config, db, clock, log, changes });
    const address = await built.app.listen({ port: config.port, host: config.host });
    log.info({ url: config.baseUrl, listening: address }, 'Opinion Desk is serving');

    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        changes.stop();
        await built.app.close();
        await renditions.idle();
        await db.destroy();
      })());
    return { built, db, url: address, renditions, close };
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw err;
  }
}

/** SIGINT/SIGTERM: stop taking requests, finish those in flight, close the database; give up after a timeout. */
export function closeOnSignals(server: RunningServer, timeoutMs: number, log: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
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
