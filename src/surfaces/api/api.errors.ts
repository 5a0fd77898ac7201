import type { FastifyInstance } from 'fastify';
import { AppError, BadRequest } from '../../platform/errors.js';
import { Overloaded } from '../../platform/fairness/gate.js';
import { apiSecurityHeaders } from '../../platform/http/security-headers.js';
import { inputProblems } from '../../platform/http/validation.js';
import type { Logger } from '../../platform/logger.js';

const english: Record<string, string> = {
  article_not_found: 'No published article has this id.',
  author_not_found: 'No author has this id.',
  tag_not_found: 'No tag has this name.',
  route_not_found: 'No such API endpoint. See docs/API.md.',
  invalid_limit: 'limit must be a whole number from 1 to 50.',
  invalid_cursor: 'cursor is not valid: pass the value from the previous response\'s "next" field.',
  invalid_author: 'author must be a whole number from 1 to 2147483647.',
  invalid_id: 'id must be a whole number from 1 to 2147483647.',
  invalid_query: 'The query string is malformed.',
  invalid_page: 'page must be a whole number from 1 to 9999.',
  empty_query: 'Give the words to search for in q.',
  no_searchable_text: 'q has no letters or digits to search for.',
  internal_error: 'Something went wrong on our side. Please retry later.',
  overloaded: 'Too many searches at once. Please retry after the number of seconds in Retry-After.',
};

const chinese: Record<string, string> = {
  article_not_found: '找不到這篇文章（沒有已發布的文章使用這個 id）',
  author_not_found: '找不到這位作者',
  tag_not_found: '找不到這個關鍵字',
  route_not_found: '沒有這個 API 端點，請參考 docs/API.md',
  internal_error: '系統發生錯誤，請稍後再試',
  overloaded: '目前搜尋的人太多，請依 Retry-After 標頭的秒數稍候再試',
};

/** `{"errors":[{"code","message"}]}` in the caller's language: English when Accept-Language prefers it. */
export function apiErrorBody(err: unknown, status: number, acceptLanguage: string | undefined): { errors: Array<{ code: string; message: string }> } {
  const preferEnglish = /^\s*en\b/i.test(acceptLanguage ?? '');
  let code: string;
  let fallback: string;
  if (err instanceof AppError) {
    code = err.code;
    fallback = err.message;
  } else if (status < 500) {
    code = 'invalid_request';
    fallback = '請求格式錯誤';
  } else {
    code = 'internal_error';
    fallback = chinese.internal_error ?? '';
  }
  const message = preferEnglish ? (english[code] ?? fallback) : (chinese[code] ?? fallback);
  return { errors: [{ code, message }] };
}


/** Every API failure in the API's envelope, in the caller's language; a schema failure names its field's code. */
export function installApiErrors(app: FastifyInstance, log: Logger, baseUrl: string): void {
  const jsonErrorHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...apiSecurityHeaders(baseUrl) };
  app.setErrorHandler(async (err, request, reply) => {
    const problems = inputProblems(err);
    const first = problems?.[0];
    const known = first ? new BadRequest(first.code, first.message) : err;
    const status = known instanceof AppError ? known.status : typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    if (err instanceof Overloaded) reply.header('retry-after', String(err.retryAfterS));
    else if (status >= 500) log.error({ err, url: request.url }, 'request failed');
    return reply.code(status).headers(jsonErrorHeaders).send(apiErrorBody(known, status, request.headers['accept-language']));
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).headers(jsonErrorHeaders).send(apiErrorBody(new AppError('route_not_found', 404, 'no such route'), 404, request.headers['accept-language'])),
  );
}
