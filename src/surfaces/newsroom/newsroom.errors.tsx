import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { renderDocument } from '../../platform/html/render.js';
import { NEWSROOM_CSS, type NewsroomDeps } from './newsroom.context.js';
import { NewsroomLayout } from './newsroom.layout.js';

function wording(err: unknown): { status: number; title: string; message: string } {
  const code = (err as { code?: unknown }).code;
  const status = err instanceof AppError ? err.status : typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
  if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') {
    return { status: 403, title: '表單已失效', message: '這個表單已過期，或不是從新聞室送出的。請重新整理頁面後再送出一次。' };
  }
  if (status === 401) return { status: 401, title: '請先登入', message: '登入已逾時或尚未登入，請重新登入新聞室。' };
  if (status === 403) return { status: 403, title: '沒有權限', message: '您的角色不能使用這個功能。如需權限，請聯絡系統管理員。' };
  if (status === 404) return { status: 404, title: '找不到頁面', message: '新聞室沒有這個頁面。' };
  if (status === 429) return { status: 429, title: '嘗試次數太多', message: '短時間內登入嘗試太多次，請稍候一分鐘再試。' };
  if (status < 500) return { status: 400, title: '請求有誤', message: '無法處理這個請求，請回上一頁再試。' };
  return { status: 500, title: '系統發生錯誤', message: '很抱歉，系統暫時無法處理您的要求。請稍後再試；若問題持續，請通知系統管理員。' };
}

/** The newsroom's own error pages: zh-Hant, never cached, with a way back. */
export function installNewsroomErrors(app: FastifyInstance, deps: NewsroomDeps): void {
  const send = async (request: FastifyRequest, reply: FastifyReply, err: unknown) => {
    const w = wording(err);
    if (w.status >= 500) deps.log.error({ err, url: request.url }, 'newsroom request failed');
    const body = renderDocument(
      <NewsroomLayout page={{ css: NEWSROOM_CSS, user: null, csrf: '' }} title={w.title}>
        <section class="nr-card nr-narrow">
          <h1>{w.title}</h1>
          <p>{w.message}</p>
          <p>
            <a href={w.status === 401 ? '/newsroom/login' : '/newsroom/'}>{w.status === 401 ? '前往登入' : '回到新聞室'}</a>
          </p>
        </section>
      </NewsroomLayout>,
    );
    return reply.code(w.status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  };
  app.setErrorHandler(async (err, request, reply) => send(request, reply, err));
  app.setNotFoundHandler(async (request, reply) => send(request, reply, new AppError('page_not_found', 404, 'no such newsroom page')));
}
