import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit, may, ROLE_LABELS } from '../../modules/accounts/index.js';
import { type ArticleState, deskOverview } from '../../modules/articles/index.js';
import { AppError } from '../../platform/errors.js';
import { renderDocument } from '../../platform/html/render.js';
import { idText, oneValue } from '../../platform/http/validation.js';
import { formatTaipeiDateTime } from '../../platform/time.js';
import { paths } from '../urls.js';
import { csrfFor, type NewsroomDeps, pageFor } from './newsroom.context.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';

/** The glossary's words for each state, in the order a piece moves through them. */
const STATE_LABELS: ReadonlyArray<[ArticleState, string]> = [
  ['draft', '草稿'],
  ['in_review', '待審'],
  ['scheduled', '已排程'],
  ['published', '已發布'],
  ['unlisted', '不公開列出'],
  ['retracted', '已撤稿'],
];
const stateLabel = (s: ArticleState) => STATE_LABELS.find(([k]) => k === s)?.[1] ?? s;

const auditQuery = z.object({ before: oneValue(idText('before 必須是正整數')).optional() });

export async function registerDeskRoutes(fastify: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/', async (request, reply) => {
    const user = request.staff?.user ?? null;
    if (!user) throw new AppError('signed_out', 401, 'no session');
    const desk = await deskOverview(deps, 10);
    const body = renderDocument(
      <NewsroomLayout page={pageFor(request, reply)} title="總覽">
        <section class="nr-card">
          <h1>總覽</h1>
          <ul class="nr-counts" aria-label="各狀態的文章數">
            {STATE_LABELS.map(([state, label]) => (
              <li>
                {label}
                <strong>{(desk.byState[state] ?? 0).toLocaleString('zh-Hant-TW')}</strong>
              </li>
            ))}
          </ul>
        </section>
        <section class="nr-card">
          <h2>最近更新的文章</h2>
          {desk.recent.length === 0 ? (
            <p>還沒有文章。</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">標題</th>
                  <th scope="col">狀態</th>
                  <th scope="col">更新時間</th>
                </tr>
              </thead>
              <tbody>
                {desk.recent.map((a) => (
                  <tr>
                    <td>{a.state === 'published' || a.state === 'unlisted' ? <a href={paths.article(a.id)}>{a.title}</a> : a.title}</td>
                    <td class="nr-nowrap">{stateLabel(a.state)}</td>
                    <td>{formatTaipeiDateTime(a.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="nr-note">文章編輯、審稿與排程的畫面陸續加入；目前文章由 opdesk import 匯入。</p>
        </section>
        <section class="nr-card">
          <h2>我的帳號</h2>
          <p>
            {user.displayName}（{user.email}，{ROLE_LABELS[user.role].zh}）· 兩步驟驗證：{user.twoStepEnabled ? '已啟用' : <a href="/newsroom/two-step">尚未設定</a>}
          </p>
          <form method="post" action="/newsroom/logout-everywhere">
            <CsrfField token={csrfFor(reply)} />
            <button class="nr-button" type="submit">
              登出所有裝置
            </button>
          </form>
        </section>
      </NewsroomLayout>,
    );
    return reply.header('content-type', 'text/html; charset=utf-8').send(body);
  });

  app.get('/audit', { schema: { querystring: auditQuery } }, async (request, reply) => {
    const user = request.staff?.user ?? null;
    if (!user) throw new AppError('signed_out', 401, 'no session');
    if (!may(user.role, 'audit.view')) throw new AppError('forbidden', 403, 'audit log is for admins');
    const entries = await listAudit(deps, 100, request.query.before ?? null);
    const last = entries[entries.length - 1];
    const body = renderDocument(
      <NewsroomLayout page={pageFor(request, reply)} title="操作紀錄">
        <section class="nr-card">
          <h1>操作紀錄</h1>
          <table>
            <thead>
              <tr>
                <th scope="col">時間</th>
                <th scope="col">人員</th>
                <th scope="col">動作</th>
                <th scope="col">對象</th>
                <th scope="col">來源位址</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>{formatTaipeiDateTime(e.at)}</td>
                  <td>{e.actor ? `${e.actor.displayName ?? ''}（${e.actor.email ?? e.actor.id}）` : '系統'}</td>
                  <td>{e.action}</td>
                  <td>{e.subject ?? ''}</td>
                  <td>{e.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length === 100 && last ? <a href={`/newsroom/audit?before=${last.id}`}>較早的紀錄</a> : null}
        </section>
      </NewsroomLayout>,
    );
    return reply.header('content-type', 'text/html; charset=utf-8').send(body);
  });
}
