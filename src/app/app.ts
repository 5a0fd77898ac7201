import type { Duplex } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { CachedResponder } from '../platform/http/cached-responder.js';
import { FastPath, withDecodablePath } from '../platform/http/fast-path.js';
import { PageCache } from '../platform/http/page-cache.js';
import type { AppDeps, Surface } from '../platform/http/surface.js';
import type { Config } from '../config.js';
import type { Db } from '../platform/db/database.js';
import { type GateOptions, WorkGate } from '../platform/fairness/gate.js';
import { apiSurface } from '../surfaces/api/index.js';
import { mediaSurface } from '../surfaces/media/index.js';
import { newsroomSurface } from '../surfaces/newsroom/index.js';
import { opsSurface } from '../surfaces/ops/index.js';
import { contributeSurface } from '../surfaces/contribute/index.js';
import { loadSiteAssets, siteSurfaces } from '../surfaces/site/index.js';

export type { AppDeps };

/**
 * Searches at once and waiting. On this thread SQLite runs one at a time anyway, and the gate starts each in a
 * loop turn of its own so connections keep being accepted; PostgreSQL keeps most of its pool (10) for the rest.
 */
export function searchGateOptions(config: Config, db: Db): GateOptions {
  return { concurrency: db.dialect === 'postgres' ? 4 : 1, maxQueue: config.search.queue, maxWaitMs: config.search.maxWaitMs };
}

export interface BuiltApp {
  readonly app: FastifyInstance;
  readonly cache: PageCache;
  readonly responder: CachedResponder;
}

// A search for 10,000 Chinese characters is a 90 KB URL (each character is 9 bytes percent-encoded); Node's
// 16 KB default would refuse it before search could say it only used the first 100.
const MAX_REQUEST_HEADER_BYTES = 256 * 1024;

/** Requests Node cannot parse never reach a route; answer them in the reader's language, not with a bare 400. */
function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, body] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['431 Request Header Fields Too Large', '網址或請求標頭太長（上限 256 KB），請縮短搜尋關鍵字後再試。\n']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['408 Request Timeout', '等候請求逾時，連線已關閉。\n']
        : ['400 Bad Request', '無法讀取這個請求，請重新整理頁面再試。\n'];
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** The front doors, each one plugin under its own prefix. A new surface is one more line here. */
function surfaces(deps: AppDeps): Surface[] {
  // 我要投稿 renders in the site's look: the same fingerprinted stylesheet and scripts.
  const siteAssets = loadSiteAssets();
  return [opsSurface, mediaSurface(deps.config.mediaDir), ...siteSurfaces(siteAssets), contributeSurface(siteAssets), apiSurface, newsroomSurface];
}

export async function buildApp(given: AppDeps): Promise<BuiltApp> {
  const deps: AppDeps = { ...given, searchLane: given.searchLane ?? { gate: new WorkGate(searchGateOptions(given.config, given.db)), pool: null, close: async () => undefined } };
  const { config, log } = deps;
  const cache = new PageCache(config.cache.maxBytes);
  const responder = new CachedResponder(cache);
  const fastPath = new FastPath(cache);

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    serverFactory: fastPath.serverFactory({
      maxHeaderSize: MAX_REQUEST_HEADER_BYTES,
      // A connection that never finishes its headers is closed after HEADERS_TIMEOUT_MS (checked every second),
      // not after Node's 60 s + 30 s: idle sockets are what an attacker holds open to exhaust a server.
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: Math.max(30_000, config.headersTimeoutMs),
      connectionsCheckingInterval: 1_000,
    }),
    clientErrorHandler,
    return503OnClosing: true,
    rewriteUrl: (req) => (req.url?.includes('%') ? withDecodablePath(req.url) : (req.url ?? '/')),
    // Chinese paths arrive percent-encoded; Fastify decodes params for us. Any length that fits in the headers
    // reaches the route, whose schema and lookup answer it in the surface's own words (the router's own limit
    // answered a bare 414 JSON echoing the path, outside every surface).
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: MAX_REQUEST_HEADER_BYTES },
  });

  deps.changes.subscribe((changed) => responder.invalidate(changed));

  for (const surface of surfaces(deps)) {
    fastPath.declare(surface.prefix, surface.publicCache);
    if (surface.publicCache) {
      const plugin = surface.plugin;
      await app.register(async (scope) => plugin(scope, { ...deps, responder }), { prefix: surface.prefix });
    } else {
      const plugin = surface.plugin;
      await app.register(async (scope) => plugin(scope, deps), { prefix: surface.prefix });
    }
  }

  return { app, cache, responder };
}
