import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit, may, ROLE_LABELS } from '../../modules/accounts/index.js';
import { deskOverview, listDesk } from '../../modules/articles/index.js';
import { submissionDeskSummary } from '../../modules/submissions/index.js';
import { AppError } from '../../platform/errors.js';
import { renderDocument } from '../../platform/html/render.js';
import { idText, oneValue } from '../../platform/http/validation.js';
import { formatTaipeiDateTime, parseTaipeiTime, toTaipeiIso } from '../../platform/time.js';
import { STATE_ORDER, stateLabel } from './newsroom.labels.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';

const auditQuery = z.object({ before: oneValue(idText('before 必須是正整數')).optional() });

export async function registerDeskRoutes(fastify: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/', async (request, reply) => {
    const user = request.staff?.user ?? null;
    if (!user) throw new AppError('signed_out', 401, 'no session');
    const page = pageFor(request, reply);
    const { t } = page;
    const now = deps.clock.now();
    // "Today" is the Taipei calendar day.
    const todayStart = parseTaipeiTime(toTaipeiIso(now.toISOString()).slice(0, 10)) ?? now.toISOString();
    const [desk, inReview, scheduled, publishedToday, mine] = await Promise.all([
      deskOverview(deps, 10),
      listDesk(deps, { states: ['in_review'] }, 1, 10),
      listDesk(deps, { states: ['scheduled'] }, 1, 10),
      listDesk(deps, { states: ['published'], publishedFrom: todayStart }, 1, 10),
      listDesk(deps, { states: ['draft'], updatedBy: user.id }, 1, 10),
    ]);
    const submissions = may(user.role, 'submissions.handle') ? await submissionDeskSummary(deps) : null;
    const queue = (title: string, href: string, list: Awaited<ReturnType<typeof listDesk>>, when: 'updated' | 'published') => (
      <section class="nr-card nr-queue">
        <h2>
          <a href={href}>{title}</a> <span class="nr-note">{list.total.toLocaleString('zh-Hant-TW')}</span>
        </h2>
        {list.items.length === 0 ? (
          <p class="nr-note">{t('沒有文章。', 'Nothing here.')}</p>
        ) : (
          <ul>
            {list.items.map((a) => (
              <li>
                <a href={`/newsroom/articles/${a.id}`}>{a.title || t('（未命名）', '(untitled)')}</a>{' '}
                <span class="nr-note">{formatTaipeiDateTime(when === 'published' && a.publishedAt ? a.publishedAt : a.updatedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
    const body = renderDocument(
      <NewsroomLayout page={page} title={t('總覽', 'Overview')}>
        <section class="nr-card">
          <h1>{t('總覽', 'Overview')}</h1>
          <ul class="nr-counts" aria-label={t('各狀態的文章數', 'Articles by state')}>
            {STATE_ORDER.map((state) => (
              <li>
                <a href={`/newsroom/articles?state=${state}`}>{stateLabel(t, state)}</a>
                <strong>{(desk.byState[state] ?? 0).toLocaleString('zh-Hant-TW')}</strong>
              </li>
            ))}
          </ul>
          {submissions ? (
            <p class="nr-sub-line">
              <a href="/newsroom/submissions">{t('投稿', 'Submissions')}</a>
              {t(`：${submissions.waiting.toLocaleString('zh-Hant-TW')} 篇等待回覆`, `: ${submissions.waiting.toLocaleString('en')} waiting for an answer`)}
              {submissions.overdue > 0 ? (
                <>
                  {t('，其中 ', ', ')}
                  <a class="nr-danger" href="/newsroom/submissions?overdue=1">
                    {t(`${submissions.overdue.toLocaleString('zh-Hant-TW')} 篇逾期`, `${submissions.overdue.toLocaleString('en')} overdue`)}
                  </a>
                </>
              ) : (
                t('，沒有逾期', ', none overdue')
              )}
            </p>
          ) : null}
        </section>
        <div class="nr-queues">
          {queue(t('待審', 'In review'), '/newsroom/articles?state=in_review', inReview, 'updated')}
          {queue(t('已排程', 'Scheduled'), '/newsroom/articles?state=scheduled', scheduled, 'published')}
          {queue(t('今天發布', 'Published today'), '/newsroom/articles?state=published', publishedToday, 'published')}
          {queue(t('我的草稿', 'My drafts'), '/newsroom/articles?state=mine', mine, 'updated')}
        </div>
        <section class="nr-card">
          <h2>{t('我的帳號', 'My account')}</h2>
          <p>
            {user.displayName}（{user.email}，{page.lang === 'en' ? ROLE_LABELS[user.role].en : ROLE_LABELS[user.role].zh}）· {t('兩步驟驗證：', 'Two-step verification: ')}
            {user.twoStepEnabled ? t('已啟用', 'on') : <a href="/newsroom/two-step">{t('尚未設定', 'not set up')}</a>}
          </p>
          <form method="post" action="/newsroom/logout-everywhere">
            <CsrfField token={page.csrf} />
            <button class="nr-button" type="submit">
              {t('登出所有裝置', 'Log out everywhere')}
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
    const page = pageFor(request, reply);
    const { t } = page;
    const entries = await listAudit(deps, 100, request.query.before ?? null);
    const last = entries[entries.length - 1];
    const body = renderDocument(
      <NewsroomLayout page={page} title={t('操作紀錄', 'Audit log')}>
        <section class="nr-card">
          <h1>{t('操作紀錄', 'Audit log')}</h1>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('時間', 'Time')}</th>
                <th scope="col">{t('人員', 'Who')}</th>
                <th scope="col">{t('動作', 'Action')}</th>
                <th scope="col">{t('對象', 'Subject')}</th>
                <th scope="col">{t('來源位址', 'From address')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>{formatTaipeiDateTime(e.at)}</td>
                  <td>{e.actor ? `${e.actor.displayName ?? ''}（${e.actor.email ?? e.actor.id}）` : t('系統', 'System')}</td>
                  <td>{e.action}</td>
                  <td>{e.subject ?? ''}</td>
                  <td>{e.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length === 100 && last ? <a href={`/newsroom/audit?before=${last.id}`}>{t('較早的紀錄', 'Earlier entries')}</a> : null}
        </section>
      </NewsroomLayout>,
    );
    return reply.header('content-type', 'text/html; charset=utf-8').send(body);
  });
}
