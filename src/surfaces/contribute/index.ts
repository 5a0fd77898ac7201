import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { MAX_SUBMISSION_IMAGE_BYTES } from '../../modules/submissions/index.js';
import { AppError } from '../../platform/errors.js';
import { pageSecurityHeaders } from '../../platform/http/security-headers.js';
import type { AppDeps, Surface } from '../../platform/http/surface.js';
import { multipartOptions } from '../../platform/http/uploads.js';
import { inputProblems } from '../../platform/http/validation.js';
import type { SiteAssets } from '../site/index.js';
import { paths, submissionLinks } from '../urls.js';
import { type ContributeDeps, formAgain, messagePage, registerContributeRoutes, TooManySends } from './contribute.routes.js';
import { HeldImages } from './held-images.js';

/** Pictures in one 我要投稿 form: a ceiling above any sensible setting; the setting itself is checked per form. */
const MAX_FILES = 12;
const MAX_TOTAL_BYTES = 40 * 1024 * 1024;

const isTracking = (url: string) => url.startsWith(`${paths.contribute()}/track/`);

/** A tracking URL with its key cut out, for the log. */
const redacted = (url: string) => url.replace(/\/track\/[^/?#]+/, '/track/…');

function wording(err: unknown, tracking: boolean): { status: number; title: string; message: string } {
  const code = (err as { code?: unknown }).code;
  const status = (err as { statusCode?: unknown; status?: unknown }).statusCode ?? (err as { status?: unknown }).status;
  if (err instanceof AppError && err.status === 404) {
    return tracking
      ? { status: 404, title: '找不到這份投稿', message: '這個追蹤連結不正確或不完整。請從確認信中的連結開啟，或確認網址是否完整複製。' }
      : { status: 404, title: '找不到頁面', message: '找不到您要的頁面，可能網址有誤，或頁面已移除。' };
  }
  if (err instanceof TooManySends) {
    return { status: 429, title: '送出次數過多', message: `這個網路位址在一小時內送出太多次了，請約 ${Math.ceil(err.retryAfterS / 60)} 分鐘後再試。` };
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || status === 413) {
    return { status: 413, title: '送出的內容太大', message: '一次送出的檔案太多或太大，沒有收下。請按瀏覽器的「上一頁」回到表單，減少或縮小圖片後再送出。' };
  }
  const problems = inputProblems(err);
  // A malformed path parameter names nothing, like a missing one.
  if (problems?.[0]?.part === 'params') return wording(new AppError('page_not_found', 404, 'bad path parameter'), tracking);
  if (problems || (typeof status === 'number' && status >= 400 && status < 500)) {
    return { status: 400, title: '無法讀取送出的內容', message: '送出的內容格式不正確。請回到表單重新送出。' };
  }
  return { status: 500, title: '系統發生錯誤', message: '很抱歉，系統暫時無法處理您的要求，請稍後再試。' };
}

/**
 * 我要投稿: the guidelines and the form at /contribute, and each writer's private tracking page at
 * /contribute/track/:token. Session-free but never cached: the form carries the time it was shown and every
 * tracking page is one person's. It renders in the site's layout and assets.
 */
export function contributeSurface(assets: SiteAssets): Surface {
  return {
    name: 'contribute',
    prefix: paths.contribute(),
    publicCache: false,
    plugin: async (app: FastifyInstance, appDeps: AppDeps) => {
      const { config } = appDeps;
      const deps: ContributeDeps = {
        ...appDeps,
        assets,
        held: new HeldImages(config.mediaDir, appDeps.clock),
        submissions: { db: appDeps.db, clock: appDeps.clock, log: appDeps.log, changes: appDeps.changes, config, links: submissionLinks(config.baseUrl) },
      };
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
      await app.register(
        fastifyMultipart,
        multipartOptions(
          { fileBytes: MAX_SUBMISSION_IMAGE_BYTES, totalBytes: MAX_TOTAL_BYTES, files: MAX_FILES, fields: 80, fieldBytes: 1024 * 1024, parts: 100 },
          (request) => request.routeOptions.config.contributeUploads === true,
        ),
      );
      // Counted after the body is read (preHandler), so a refused send comes back with what was typed.
      await app.register(fastifyRateLimit, {
        global: false,
        hook: 'preHandler',
        errorResponseBuilder: (_request, context) => new TooManySends(Math.max(1, Math.ceil(context.ttl / 1000))),
      });

      const page = pageSecurityHeaders(config.baseUrl);
      app.addHook('onSend', async (request, reply) => {
        for (const [name, value] of Object.entries(page)) if (value !== undefined && !reply.hasHeader(name)) reply.header(name, value);
        // The form holds the time it was shown; a tracking page is one writer's: neither is ever stored.
        reply.header('cache-control', 'no-store');
        if (isTracking(request.url)) {
          // The key is in the URL: no search engine keeps it and no link out of the page passes it on.
          reply.header('x-robots-tag', 'noindex, nofollow');
          reply.header('referrer-policy', 'no-referrer');
        }
      });

      const sendError = async (request: FastifyRequest, reply: FastifyReply, err: unknown) => {
        const tracking = isTracking(request.url);
        const w = wording(err, tracking);
        if (err instanceof TooManySends) reply.header('retry-after', String(err.retryAfterS));
        if (w.status >= 500) deps.log.error({ err, url: redacted(request.url) }, 'request failed');
        // Whatever went wrong with a send, the writer gets the form back with what they typed.
        const isSend = request.method === 'POST' && request.routeOptions.url === paths.contribute() && request.body && typeof request.body === 'object';
        try {
          if (isSend && (w.status === 429 || w.status === 500)) {
            const notice = w.status === 429 ? `${w.message}您填寫的文字都還在下面（圖片需重新選擇）。` : '系統暫時無法儲存您的投稿，沒有送出。您填寫的文字都還在下面（圖片需重新選擇），請稍後再按一次「送出投稿」。';
            return await formAgain(request, reply, deps, w.status, notice);
          }
          const body = await messagePage(deps, { ...w, desktopPath: tracking ? paths.contribute() : redacted(request.url.split('?')[0] ?? '') });
          return reply.code(w.status).header('content-type', 'text/html; charset=utf-8').send(body);
        } catch (renderErr) {
          deps.log.error({ err: renderErr }, 'error page failed to render');
          return reply
            .code(w.status)
            .header('content-type', 'text/html; charset=utf-8')
            .send(`<!DOCTYPE html><html lang="zh-Hant-TW"><meta charset="utf-8"><title>${w.title}</title><h1>${w.title}</h1><p>${w.message}</p></html>`);
        }
      };
      app.setErrorHandler(async (err, request, reply) => sendError(request, reply, err));
      app.setNotFoundHandler(async (request, reply) => sendError(request, reply, new AppError('page_not_found', 404, 'no such route')));

      await registerContributeRoutes(app, deps);
    },
  };
}
