import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, may } from '../../modules/accounts/index.js';
import { getEditable, getRevision, listRevisions, saveArticle } from '../../modules/articles/index.js';
import { listSections } from '../../modules/taxonomy/index.js';
import { AppError } from '../../platform/errors.js';
import { emptyForm, type FormState, formValues } from '../../platform/http/forms.js';
import { ErrorSummary, TextField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { idText } from '../../platform/http/validation.js';
import { formatTaipeiDateTime } from '../../platform/time.js';
import { actorOf, html, idParams, requireAction, staffNames, user } from './article-shared.js';
import { CharDiff, versionText } from './article-views.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import { problemsHeading } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';
import { actionLabel, fieldLabel } from './newsroom.labels.js';

const revisionParams = z.object({ id: idText('文章編號必須是正整數'), rev: idText('版本編號必須是正整數') });

/** Revisions: the list, a side-by-side diff by character, and restore (as a new revision). */
export async function registerArticleRevisionRoutes(fastify: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // ── Revisions: the list, a side-by-side diff by character, restore ──
  app.get('/articles/:id/revisions', { schema: { params: idParams } }, async (request, reply) => {
    user(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const a = await getEditable(deps, request.params.id);
    const revisions = await listRevisions(deps, a.id);
    const who = await staffNames(deps, revisions.map((r) => r.userId));
    const body = renderDocument(
      <NewsroomLayout page={page} title={t(`版本紀錄：${a.title}`, `Revisions: ${a.title}`)}>
        <section class="nr-card">
          <h1>{t('版本紀錄', 'Revisions')}</h1>
          <p>
            <a href={`/newsroom/articles/${a.id}`}>{a.title || t('（未命名）', '(untitled)')}</a>
          </p>
          <div class="nr-tablewrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('時間', 'Time')}</th>
                  <th scope="col">{t('人員', 'By')}</th>
                  <th scope="col">{t('動作', 'Action')}</th>
                  <th scope="col">{t('修改的欄位', 'Fields changed')}</th>
                  <th scope="col">{t('備註／原因', 'Note / reason')}</th>
                  <th scope="col"></th>
                </tr>
              </thead>
              <tbody>
                {revisions.map((r) => (
                  <tr>
                    <td class="nr-nowrap">{formatTaipeiDateTime(r.at)}</td>
                    <td>{r.userId === null ? t('系統', 'System') : (who.get(r.userId) ?? `#${r.userId}`)}</td>
                    <td>
                      {actionLabel(t, r.action)}
                      {r.action === 'save' || r.action === 'create' || r.action === 'restore' ? ` ${t(`第 ${r.revision} 版`, `r${r.revision}`)}` : ''}
                      {r.visibleChange ? <span class="nr-note">　{t('（讀者可見的更新）', '(visible update)')}</span> : null}
                    </td>
                    <td>{r.changedFields.map((f) => fieldLabel(t, f)).join('、')}</td>
                    <td>{[r.note, r.reason].filter(Boolean).join('／')}</td>
                    <td>{r.changedFields.length > 0 ? <a href={`/newsroom/articles/${a.id}/revisions/${r.id}`}>{t('比較', 'Compare')}</a> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </NewsroomLayout>,
    );
    return html(reply, 200, body);
  });

  const revisionPage = async (request: FastifyRequest, reply: FastifyReply, articleId: number, revisionId: number, form: FormState, status = 200) => {
    const me = user(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const a = await getEditable(deps, articleId);
    const found = await getRevision(deps, articleId, revisionId);
    if (!found) throw new AppError('page_not_found', 404, 'no such revision');
    const all = await listRevisions(deps, articleId);
    const earlier = all.find((r) => r.id < revisionId && r.changedFields.length > 0);
    const before = earlier ? await getRevision(deps, articleId, earlier.id) : null;
    const sections = await listSections(deps);
    const readerFacing = ['published', 'unlisted', 'retracted'].includes(a.state);
    const body = renderDocument(
      <NewsroomLayout page={page} title={t('比較版本', 'Compare revisions')} wide>
        <section class="nr-card">
          <h1>{t(`第 ${found.entry.revision} 版（${formatTaipeiDateTime(found.entry.at)}）`, `Revision ${found.entry.revision} (${formatTaipeiDateTime(found.entry.at)})`)}</h1>
          <p class="nr-links">
            <a href={`/newsroom/articles/${a.id}`}>{t('回到編輯', 'Back to the editor')}</a>
            <a href={`/newsroom/articles/${a.id}/revisions`}>{t('版本紀錄', 'Revisions')}</a>
          </p>
          <CharDiff
            t={t}
            before={before ? versionText(before.content, sections) : ''}
            after={versionText(found.content, sections)}
            beforeLabel={before ? t(`前一版（第 ${before.entry.revision} 版）`, `Previous (r${before.entry.revision})`) : t('（無）', '(none)')}
            afterLabel={t(`這一版（第 ${found.entry.revision} 版）`, `This one (r${found.entry.revision})`)}
          />
          {may(me.role, 'article.edit') && found.entry.revision !== a.revision ? (
            <form method="post" action={`/newsroom/articles/${a.id}/revisions/${revisionId}/restore`} class="nr-restore" novalidate>
              <CsrfField token={page.csrf} />
              <input type="hidden" name="baseRevision" value={String(a.revision)} />
              <ErrorSummary heading={problemsHeading(t)} form={form} labels={{ reason: t('修改原因', 'Reason') }} />
              {readerFacing ? <TextField form={form} name="reason" label={t('修改原因（讀者看得到這篇文章，必填）', 'Reason (readers can see this article; required)')} maxLength={500} /> : null}
              <button class="nr-button" type="submit">
                {t('還原成這一版', 'Restore this revision')}
              </button>
              <p class="nr-note">{t('還原會成為新的一版，原有版本都保留。', 'Restoring makes a new revision; every earlier one is kept.')}</p>
            </form>
          ) : null}
        </section>
      </NewsroomLayout>,
    );
    return html(reply, status, body);
  };

  app.get('/articles/:id/revisions/:rev', { schema: { params: revisionParams } }, async (request, reply) =>
    revisionPage(request, reply, request.params.id, request.params.rev, emptyForm),
  );

  app.post('/articles/:id/revisions/:rev/restore', { schema: { params: revisionParams } }, async (request, reply) => {
    const me = user(request);
    requireAction(me, 'article.edit');
    const { t } = pageFor(request, reply);
    const { id, rev } = request.params;
    const found = await getRevision(deps, id, rev);
    if (!found) throw new AppError('page_not_found', 404, 'no such revision');
    const values = formValues(request.body);
    const outcome = await saveArticle(
      deps,
      id,
      { ...found.content, body: { ...found.content.body } },
      { baseRevision: Number(values.baseRevision), note: t(`還原第 ${found.entry.revision} 版`, `Restored revision ${found.entry.revision}`), reason: values.reason?.trim() || null, visibleChange: false, action: 'restore' },
      { userId: me.id },
    );
    if (outcome.status === 'reason_required') {
      return revisionPage(request, reply, id, rev, { values, errors: { reason: t('讀者看得到這篇文章：請寫下修改原因', 'Readers can see this article: give a reason for the change') } }, 422);
    }
    if (outcome.status === 'conflict') {
      return revisionPage(request, reply, id, rev, { values, errors: { '': t('這篇文章剛被別人修改過，請重新整理後再還原。', 'Someone changed this article meanwhile; reload and restore again.') } }, 409);
    }
    if (outcome.status === 'saved') await audit(deps, actorOf(request), 'article.restore', `article:${id}`, { from: found.entry.revision, revision: outcome.revision });
    return reply.redirect(`/newsroom/articles/${id}?saved=1`, 303);
  });
}
