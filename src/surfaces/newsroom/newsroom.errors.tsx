import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { renderDocument } from '../../platform/html/render.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import type { Translate } from './newsroom.i18n.js';
import { NewsroomLayout } from './newsroom.layout.js';
import { MAX_UPLOAD_FILES } from './newsroom.uploads.js';

function wording(err: unknown, t: Translate): { status: number; title: string; message: string } {
  const code = (err as { code?: unknown }).code;
  const status = err instanceof AppError ? err.status : typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
  if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') {
    return { status: 403, title: t('表單已失效', 'This form has expired'), message: t('這個表單已過期，或不是從新聞室送出的。請重新整理頁面後再送出一次。', 'This form has expired or was not sent from the newsroom. Reload the page and send it again.') };
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return { status: 413, title: t('一次送出的檔案太多', 'Too many files at once'), message: t(`一次最多上傳 ${MAX_UPLOAD_FILES} 個檔案，請分批上傳。沒有任何檔案被存入。`, `At most ${MAX_UPLOAD_FILES} files at once; upload them in batches. Nothing was stored.`) };
  }
  if (status === 401) return { status: 401, title: t('請先登入', 'Please log in'), message: t('登入已逾時或尚未登入，請重新登入新聞室。', 'Your session has ended or you are not logged in. Please log in to the newsroom again.') };
  if (status === 403) return { status: 403, title: t('沒有權限', 'Not allowed'), message: t('您的角色不能使用這個功能。如需權限，請聯絡系統管理員。', 'Your role cannot use this. Ask an administrator if you need it.') };
  if (status === 404) return { status: 404, title: t('找不到頁面', 'Page not found'), message: t('新聞室沒有這個頁面。', 'The newsroom has no such page.') };
  if (status === 413) return { status: 413, title: t('上傳太大', 'Upload too large'), message: t('上傳的內容太大，請分批上傳。沒有任何檔案被存入。', 'The upload is too large; send it in smaller batches. Nothing was stored.') };
  if (status === 429) return { status: 429, title: t('嘗試次數太多', 'Too many attempts'), message: t('短時間內嘗試太多次，請稍候一分鐘再試。', 'Too many attempts in a short time. Wait a minute and try again.') };
  if (status < 500) return { status: 400, title: t('請求有誤', 'Bad request'), message: t('無法處理這個請求，請回上一頁再試。', 'This request could not be handled. Go back and try again.') };
  return { status: 500, title: t('系統發生錯誤', 'Something went wrong'), message: t('很抱歉，系統暫時無法處理您的要求。請稍後再試；若問題持續，請通知系統管理員。', 'Sorry, the system could not handle your request. Try again later; if it keeps happening, tell an administrator.') };
}

/** The newsroom's own error pages: zh-Hant, never cached, with a way back. */
export function installNewsroomErrors(app: FastifyInstance, deps: NewsroomDeps): void {
  const send = async (request: FastifyRequest, reply: FastifyReply, err: unknown) => {
    const page = pageFor(request, reply, { signedOut: true });
    const t = page.t;
    const w = wording(err, t);
    if (w.status >= 500) deps.log.error({ err, url: request.url }, 'newsroom request failed');
    const body = renderDocument(
      <NewsroomLayout page={page} title={w.title}>
        <section class="nr-card nr-narrow">
          <h1>{w.title}</h1>
          <p>{w.message}</p>
          <p>
            <a href={w.status === 401 ? '/newsroom/login' : '/newsroom/'}>{w.status === 401 ? t('前往登入', 'Go to login') : t('回到新聞室', 'Back to the newsroom')}</a>
          </p>
        </section>
      </NewsroomLayout>,
    );
    return reply.code(w.status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  };
  app.setErrorHandler(async (err, request, reply) => send(request, reply, err));
  app.setNotFoundHandler(async (request, reply) => send(request, reply, new AppError('page_not_found', 404, 'no such newsroom page')));
}
