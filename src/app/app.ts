import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../platform/errors.js';
import type { ChangeFeed } from '../platform/changes.js';
import type { Db } from '../platform/db/database.js';
import { CachedResponder } from '../platform/http/cached-responder.js';
import { PageCache, prepare, writeRaw } from '../platform/http/page-cache.js';
import { pageSecurityHeaders } from '../platform/http/security-headers.js';
import type { Logger } from '../platform/logger.js';
import type { Clock } from '../platform/time.js';
import { apiRoutes } from '../surfaces/api/api.routes.js';
import { apiErrorBody } from '../surfaces/api/api.errors.js';
import { assetRoutes, loadSiteAssets } from '../surfaces/site/assets.js';
import { renderMessage, siteContext, siteErrorWording, siteRoutes } from '../surfaces/site/site.routes.js';

export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
  readonly changes: ChangeFeed;
}

export interface BuiltApp {
  readonly app: FastifyInstance;
  readonly cache: PageCache;
  readonly responder: CachedResponder;
}

/**
 * Cached pages are answered before Fastify sees the request: a hit is one map lookup and one write, which is
 * what keeps the hot article page near a static server's rate. Everything else goes through Fastify.
 */
function fastPathServer(cache: PageCache) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server =>
    // A search for 10,000 Chinese characters is a 90 KB URL (each character is 9 bytes percent-encoded); Node's
    // 16 KB default would refuse it before search could say it only used the first 100.
    createServer({ maxHeaderSize: MAX_REQUEST_HEADER_BYTES }, (req, res) => {
      const method = req.method;
      if ((method === 'GET' || method === 'HEAD') && req.url !== undefined) {
        const entry = cache.get(req.url);
        if (entry !== undefined) {
          cache.hits++;
          writeRaw(res, prepare(entry, method, req.headers));
          return;
        }
        cache.misses++;
      }
      handler(req, res);
    });
}

const MAX_REQUEST_HEADER_BYTES = 256 * 1024;

/** Requests Node cannot parse never reach a route; answer them in the reader's language, not with a bare 400. */
function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = tooLarge ? '網址或請求標頭太長（上限 256 KB），請縮短搜尋關鍵字後再試。\n' : '無法讀取這個請求，請重新整理頁面再試。\n';
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const { config, log } = deps;
  const cache = new PageCache(config.cache.maxBytes);
  const responder = new CachedResponder(cache);
  const assets = loadSiteAssets();

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    serverFactory: fastPathServer(cache),
    clientErrorHandler,
    return503OnClosing: true,
    // Chinese paths arrive percent-encoded; Fastify decodes params for us.
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 300 },
  });

  deps.changes.subscribe((topics) => responder.invalidate(topics));

  const isApi = (url: string) => url.startsWith('/api/');
  const isMobile = (url: string) => url === '/m' || url.startsWith('/m/');

  const sendSiteError = async (request: FastifyRequest, reply: FastifyReply, err: unknown) => {
    const wording = siteErrorWording(err);
    const path = request.url.split('?')[0] ?? '/';
    let body: string;
    try {
      body = renderMessage(await siteContext({ ...deps, responder, assets }), isMobile(path), path, wording.status, wording);
    } catch (renderErr) {
      // The error page itself failed (database down?): fall back to a page that needs nothing.
      log.error({ err: renderErr }, 'error page failed to render');
      body = `<!DOCTYPE html><html lang="zh-Hant-TW"><meta charset="utf-8"><title>${wording.title}</title><h1>${wording.title}</h1><p>${wording.message}</p></html>`;
    }
    return reply
      .code(wording.status)
      .headers({ ...pageSecurityHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .send(body);
  };

  app.setErrorHandler(async (err, request, reply) => {
    const status = err instanceof AppError ? err.status : typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    if (status >= 500) log.error({ err, url: request.url }, 'request failed');
    if (isApi(request.url)) {
      return reply
        .code(status)
        .headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*' })
        .send(apiErrorBody(err, status, request.headers['accept-language']));
    }
    const appErr = err instanceof AppError ? err : status === 404 ? new AppError('page_not_found', 404, 'not found') : status < 500 ? new AppError('bad_request', 400, '請求格式錯誤') : err;
    return sendSiteError(request, reply, appErr);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const err = new AppError(isApi(request.url) ? 'route_not_found' : 'page_not_found', 404, 'no such route');
    if (isApi(request.url)) {
      return reply
        .code(404)
        .headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'access-control-allow-origin': '*' })
        .send(apiErrorBody(err, 404, request.headers['accept-language']));
    }
    return sendSiteError(request, reply, err);
  });

  app.get('/healthz', async (_request, reply) => {
    await deps.db.kysely.selectFrom('sections').select('id').limit(1).execute();
    return reply.header('cache-control', 'no-store').send({ status: 'ok', database: deps.db.dialect, cachedPages: cache.size });
  });

  await app.register(assetRoutes(assets));
  await app.register(fastifyStatic, {
    root: resolve(config.mediaDir),
    prefix: '/media/',
    // Media files are content-addressed: a changed image has a new name, so a year is safe.
    maxAge: '365d',
    immutable: true,
    index: false,
    list: false,
    dotfiles: 'deny',
    decorateReply: false,
  });
  await app.register(siteRoutes({ ...deps, responder, assets }));
  await app.register(apiRoutes({ ...deps, responder }));

  return { app, cache, responder };
}
