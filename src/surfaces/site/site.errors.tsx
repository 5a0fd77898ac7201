import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { Overloaded } from '../../platform/fairness/gate.js';
import { renderDocument } from '../../platform/html/render.js';
import { pageSecurityHeaders } from '../../platform/http/security-headers.js';
import { inputProblems } from '../../platform/http/validation.js';
import { desktopPath } from '../urls.js';
import { MessagePage } from './message.page.js';
import { type SiteDeps, siteContext } from './site.routes.js';

/** Wording readers see for each error code; the code itself is for logs and the API. */
export function siteErrorWording(err: unknown): { status: number; title: string; message: string } {
  if (err instanceof AppError && err.status === 404) {
    const what: Record<string, string> = {
      article_not_found: '找不到這篇文章，可能網址有誤，或文章已下架。',
      author_not_found: '找不到這位作者。',
      tag_not_found: '找不到這個關鍵字。',
      section_not_found: '找不到這個分類。',
      page_not_found: '這一頁沒有內容了。',
    };
    return { status: 404, title: '找不到頁面', message: what[err.code] ?? '找不到您要的頁面，可能網址有誤，或頁面已移除。' };
  }
  if (err instanceof AppError && err.code === 'overloaded') {
    return { status: 503, title: '搜尋忙碌中', message: '目前搜尋的人太多，請稍候幾秒再試一次。文章頁與其他頁面不受影響。' };
  }
  if (err instanceof AppError && err.status === 400) return { status: 400, title: '網址有誤', message: `${err.message}。` };
  return { status: 500, title: '系統發生錯誤', message: '很抱歉，系統暫時無法處理您的要求。請稍後再試；若問題持續，請告訴我們。' };
}

/** Any failure as the site's own error: a bad path parameter names nothing (404), a bad query is the reader's (400). */
function asSiteError(err: unknown, request: FastifyRequest): unknown {
  if (err instanceof AppError) return err;
  const problems = inputProblems(err);
  if (problems) {
    const first = problems[0];
    if (first?.part === 'params') return new AppError(request.routeOptions.config.notFound ?? 'page_not_found', 404, 'bad path parameter');
    return new AppError(first?.code ?? 'bad_request', 400, first?.message || '請求格式錯誤');
  }
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status === 404) return new AppError('page_not_found', 404, 'not found');
  if (typeof status === 'number' && status < 500) return new AppError('bad_request', 400, '請求格式錯誤');
  return err;
}

/**
 * The site's error and not-found pages, for one registration (desktop or 手機版). Error pages are never cached;
 * a mobile error page still names the desktop URL as canonical and its 電腦版 link goes to the desktop page.
 */
export function installSiteErrors(app: FastifyInstance, deps: SiteDeps, mobile: boolean): void {
  const sendError = async (request: FastifyRequest, reply: FastifyReply, err: unknown) => {
    const wording = siteErrorWording(err);
    // Refusing a search under load is the plan working, not a failure: say when to come back, log nothing.
    if (err instanceof Overloaded) reply.header('retry-after', String(err.retryAfterS));
    else if (wording.status >= 500) deps.log.error({ err, url: request.url }, 'request failed');
    const path = request.url.split('?')[0] ?? '/';
    let body: string;
    try {
      const ctx = await siteContext(deps);
      body = renderDocument(
        <MessagePage ctx={ctx} mobile={mobile} title={wording.title} message={wording.message} code={String(wording.status)} desktopPath={mobile ? desktopPath(path) : path} />,
      );
    } catch (renderErr) {
      // The error page itself failed (database down?): fall back to a page that needs nothing.
      deps.log.error({ err: renderErr }, 'error page failed to render');
      body = `<!DOCTYPE html><html lang="zh-Hant-TW"><meta charset="utf-8"><title>${wording.title}</title><h1>${wording.title}</h1><p>${wording.message}</p></html>`;
    }
    return reply
      .code(wording.status)
      .headers({ ...pageSecurityHeaders(deps.config.baseUrl), 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .send(body);
  };
  app.setErrorHandler(async (err, request, reply) => sendError(request, reply, asSiteError(err, request)));
  app.setNotFoundHandler(async (request, reply) => sendError(request, reply, new AppError('page_not_found', 404, 'no such route')));
}
