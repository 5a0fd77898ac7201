import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { ChangeFeed } from '../changes.js';
import type { Db } from '../db/database.js';
import type { Lane } from '../fairness/lane.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time.js';
import type { CachedResponder } from './cached-responder.js';

/** What every surface is given: the application's services' dependencies. */
export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
  readonly changes: ChangeFeed;
  /** Where searches run: a gate, and worker threads on SQLite (app/server.ts); buildApp makes a gate if absent. */
  readonly searchLane?: Lane;
}

/** A public surface also gets the page cache; only it may keep responses there. */
export interface PublicSurfaceDeps extends AppDeps {
  readonly responder: CachedResponder;
}

/**
 * An HTTP front door: one encapsulated Fastify plugin under its own URL prefix, with its own hooks, error and
 * not-found handlers and layout. Public, session-free surfaces (the site, the API) opt into the page cache and
 * the fast path in front of Fastify; any other surface (the newsroom, anything behind a login) is reached only
 * through Fastify, so its hooks run on every request. Adding a surface is writing one of these and listing it
 * in app/app.ts.
 */
export type Surface =
  | {
      readonly name: string;
      /** '' for the root; otherwise '/segment'. The longest prefix that covers a URL owns it. */
      readonly prefix: string;
      readonly publicCache: true;
      readonly plugin: (app: FastifyInstance, deps: PublicSurfaceDeps) => Promise<void>;
    }
  | {
      readonly name: string;
      readonly prefix: string;
      readonly publicCache: false;
      readonly plugin: (app: FastifyInstance, deps: AppDeps) => Promise<void>;
    };
