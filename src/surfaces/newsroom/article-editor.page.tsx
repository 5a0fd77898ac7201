import type { FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../modules/accounts/index.js';
import {
  type ArticleContent,
  type EditableArticle,
  emptyContent,
  notePresence,
  publishProblems,
  type Transition,
  TRANSITIONS,
} from '../../modules/articles/index.js';
import { textFromBody } from '../../modules/importer/index.js';
import { getEditorialSettings, maySchedule } from '../../modules/settings/index.js';
import { submissionForArticle } from '../../modules/submissions/index.js';
import { listSections } from '../../modules/taxonomy/index.js';
import { charCount, readingMinutes } from '../../modules/zh/index.js';
import { type FormState } from '../../platform/http/forms.js';
import { ErrorSummary, FieldShell, TextAreaField, TextField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { formatTaipeiDateTime, toTaipeiIso } from '../../platform/time.js';
import { paths } from '../urls.js';
import { html, staffNames, TRANSITION_ACTION, user } from './article-shared.js';
import { ConflictPanel, ImportReport, nameGroups, styleWarnings, warningText } from './article-views.js';
import { EDITOR_JS, type NewsroomDeps, pageFor } from './newsroom.context.js';
import { problemsHeading } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';
import { fieldLabel, KINDS, stateLabel, transitionLabel } from './newsroom.labels.js';


export interface EditorView {
  article: EditableArticle | null;
  form: FormState;
  status?: number;
  notice?: string;
  conflict?: { current: EditableArticle; by: string; at: string; mine: ArticleContent | null };
  transitionErrors?: string[];
}

/** The editor: the form, and beside it the state and its steps, preview links, house style and import notes. */
export async function renderEditorPage(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply, view: EditorView) {
  const names = (ids: ReadonlyArray<number | null>) => staffNames(deps, ids);
  const me = user(request);
  const page = pageFor(request, reply);
  const { t } = page;
  const sections = await listSections(deps);
  const a = view.article;
  const readerFacing = a !== null && ['published', 'unlisted', 'retracted'].includes(a.state);
  const groups = await nameGroups(deps);
  const shown = a ?? { ...emptyContent(sections[0]?.id ?? 0), revision: 0 };
  const warnings = styleWarnings(shown, groups);
  const problems = a ? await publishProblems(deps, a) : [];
  const others = a ? await notePresence(deps, a.id, me.id) : [];
  const otherNames = await names(others.map((o) => o.userId));
  const chars = a ? charCount(textFromBody(a.body).replace(/^[●▲▼].*$/gmu, '')) : 0;
  const values = view.form.values;
  const action = a ? `/newsroom/articles/${a.id}` : '/newsroom/articles/new';
  const scheduling = await maySchedule(deps, me.role);
  const perMinute = (await getEditorialSettings(deps)).readingCharsPerMinute;
  const fromSubmission = a ? await submissionForArticle(deps, a.id) : null;
  const allowedTransitions = a
    ? (Object.keys(TRANSITIONS) as Transition[]).filter(
        (tr) => TRANSITIONS[tr].from.includes(a.state) && may(me.role, TRANSITION_ACTION[tr]) && (TRANSITION_ACTION[tr] !== 'article.schedule' || scheduling),
      )
    : [];
  const canEdit = a ? may(me.role, 'article.edit') : may(me.role, 'article.write');
  const labels = Object.fromEntries(['kind', 'title', 'leadLabel', 'lead', 'body', 'bylines', 'sectionId', 'tags', 'disclaimerOverride', 'ogTitle', 'ogDescription', 'ogImageId', 'sourceNote', 'reason'].map((f) => [f, f === 'reason' ? t('修改原因', 'Reason for the change') : fieldLabel(t, f)]));
  const body = renderDocument(
    <NewsroomLayout page={page} title={a ? a.title || t('（未命名）', '(untitled)') : t('寫新文章', 'New article')} wide>
      {view.notice ? (
        <p class="nr-notice" role="status">
          {view.notice}
        </p>
      ) : null}
      {view.conflict ? <ConflictPanel t={t} conflict={view.conflict} sections={sections} /> : null}
      {others.length > 0 ? (
        <p class="nr-notice nr-notice--warn" role="status" data-presence>
          {t(`${[...otherNames.values()].join('、')} 也開著這篇文章。同時修改時，後儲存的人會看到衝突。`, `${[...otherNames.values()].join(', ')} also has this article open. If you both edit, whoever saves second will see a conflict.`)}
        </p>
      ) : (
        <p class="nr-notice nr-notice--warn" role="status" data-presence hidden></p>
      )}
      {a ? (
        <p class="nr-jump">
          <a href="#state">{t('狀態、發布與預覽 ↓', 'State, publishing and preview ↓')}</a>
        </p>
      ) : null}
      <div class="nr-editor">
        <form class="nr-card nr-editor__main" method="post" action={action} novalidate data-editor>
          <CsrfField token={page.csrf} />
          <input type="hidden" name="baseRevision" value={values.baseRevision ?? String(a?.revision ?? 0)} />
          <ErrorSummary heading={problemsHeading(t)} form={view.form} labels={labels} />
          <h1 class="nr-visually-hidden">{a ? t('編輯文章', 'Edit article') : t('寫新文章', 'New article')}</h1>
          <div class="nr-row">
            <FieldShell name="kind" label={t('類型', 'Kind')} error={view.form.errors.kind}>
              <select id="field-kind" name="kind">
                {KINDS.map(([key, zh, en]) => (
                  <option value={key} selected={(values.kind ?? 'op-ed') === key}>
                    {t(zh, en)}
                  </option>
                ))}
              </select>
            </FieldShell>
            <FieldShell name="sectionId" label={t('分類', 'Section')} error={view.form.errors.sectionId}>
              <select id="field-sectionId" name="sectionId">
                {sections.map((s) => (
                  <option value={String(s.id)} selected={values.sectionId === String(s.id)}>
                    {s.name}
                  </option>
                ))}
              </select>
            </FieldShell>
          </div>
          <TextField form={view.form} name="title" label={t('標題', 'Title')} maxLength={200} />
          <div class="nr-row">
            <TextField form={view.form} name="leadLabel" label={t('導言標籤', 'Lead label')} maxLength={40} />
          </div>
          <TextAreaField form={view.form} name="lead" label={t('導言（「我們想讓你知道…」框）', 'Lead (the 「我們想讓你知道…」 box)')} rows={3} />
          <TextAreaField
            form={view.form}
            name="bylines"
            label={t('作者（每行一位：姓名／簡介）', 'Bylines (one per line: Name／bio)')}
            hint={t('簡介會在發布時定稿，之後修改作者資料不會改動已發布的文章。', 'The bio line is frozen at publication; later profile changes do not alter published pieces.')}
            rows={2}
          />
          <TextAreaField
            form={view.form}
            name="body"
            label={t('內文', 'Body')}
            hint={t(
              '每行一個段落。▲〔圖編號〕圖說（圖／來源）是圖片；● 是作者列的位置；短而無標點的行是小標（或用 ## 開頭）；> 引文；- 清單；--- 分隔線；單獨一行的 YouTube、X、Facebook 網址會顯示為連結卡片；以 \\ 開頭的行一律是段落。',
              'One paragraph per line. ▲〔圖ID〕caption（圖／credit） is a figure; ● marks the byline; a short unpunctuated line is a subheading (or start it with ##); > quote; - list; --- divider; a YouTube, X or Facebook link alone on a line becomes a link card; a line starting with \\ is always a paragraph.',
            )}
            rows={24}
          />
          <p class="nr-counts-live" aria-live="polite" data-counts data-per-minute={String(perMinute)}>
            {t(`字數 ${chars.toLocaleString('zh-Hant-TW')}・閱讀約 ${readingMinutes(chars, perMinute)} 分鐘`, `${chars.toLocaleString('en')} characters · about ${readingMinutes(chars, perMinute)} min to read`)}
          </p>
          <TextField form={view.form} name="tags" label={t('標籤（以、或逗號分隔）', 'Tags (separated by 、 or commas)')} />
          <details class="nr-details">
            <summary>{t('社群分享、免責聲明與來源', 'Social sharing, disclaimer and source')}</summary>
            <TextField form={view.form} name="ogTitle" label={t('社群標題（留白則用標題）', 'Social title (empty: the title)')} maxLength={200} />
            <TextAreaField form={view.form} name="ogDescription" label={t('社群描述（留白則用導言）', 'Social description (empty: the lead)')} rows={2} />
            <TextField form={view.form} name="ogImageId" label={t('社群圖片編號（留白則用首圖）', 'Social image number (empty: the first figure)')} />
            <div class="field">
              <label class="nr-check">
                <input type="checkbox" name="showDisclaimer" value="1" checked={values.showDisclaimer === '1'} />
                {t('顯示免責聲明', 'Show the disclaimer')}
              </label>
            </div>
            <TextField form={view.form} name="disclaimerOverride" label={t('本篇免責聲明（留白則用站內設定）', 'Disclaimer for this piece (empty: the site setting)')} />
            <TextField form={view.form} name="sourceNote" label={t('來源說明（轉載時）', 'Source note (for republished pieces)')} />
          </details>
          {readerFacing ? (
            <fieldset class="nr-fieldset">
              <legend>{t('這篇文章讀者看得到', 'Readers can see this article')}</legend>
              <TextField form={view.form} name="reason" label={t('修改原因（必填）', 'Reason for the change (required)')} maxLength={500} />
              <label class="nr-check">
                <input type="checkbox" name="visibleChange" value="1" checked={values.visibleChange === '1'} />
                {t('這是讀者需要知道的更新：頁面顯示「更新時間」', 'Readers should know: the page shows 「更新時間」 (updated)')}
              </label>
            </fieldset>
          ) : null}
          <TextField form={view.form} name="note" label={t('版本備註（選填）', 'Revision note (optional)')} maxLength={500} />
          {canEdit ? (
            <button class="nr-button" type="submit">
              {a ? t('儲存', 'Save') : t('建立草稿', 'Create draft')}
            </button>
          ) : (
            <p class="nr-note">{t('您的角色只能檢視這篇文章。', 'Your role can only view this article.')}</p>
          )}
        </form>
        <aside class="nr-editor__side">
          {a ? (
            <section class="nr-card" id="state">
              <h2>{t('狀態', 'State')}</h2>
              <p>
                <span class={`nr-state nr-state--${a.state}`}>{stateLabel(t, a.state, a.firstPublishedAt)}</span>
                {a.state === 'scheduled' && a.publishedAt ? ` ${t('預定', 'due')} ${formatTaipeiDateTime(a.publishedAt)}` : ''}
                {a.state === 'published' && a.publishedAt ? ` ${formatTaipeiDateTime(a.publishedAt)}` : ''}
              </p>
              <p class="nr-note">
                #{a.id} · {t(`第 ${a.revision} 版`, `revision ${a.revision}`)} · {formatTaipeiDateTime(a.updatedAt)}
              </p>
              {view.transitionErrors && view.transitionErrors.length > 0 ? (
                <div class="form-errors" role="alert">
                  <ul>
                    {view.transitionErrors.map((e) => (
                      <li>{e}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {problems.length > 0 && allowedTransitions.some((tr) => tr === 'publish' || tr === 'schedule') ? (
                <div class="nr-problems">
                  <p>{t('發布前還需要：', 'Before publishing:')}</p>
                  <ul>
                    {problems.map((p) => (
                      <li>{t(p.zh, p.en)}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {allowedTransitions.length > 0 ? (
                <form method="post" action={`/newsroom/articles/${a.id}/transition`} class="nr-actions">
                  <CsrfField token={page.csrf} />
                  <input type="hidden" name="baseRevision" value={String(a.revision)} />
                  {warnings.length > 0 && allowedTransitions.some((tr) => tr === 'publish' || tr === 'schedule') ? (
                    <p class="nr-note">{t(`尚有 ${warnings.length} 則用字提醒（見下方）。`, `${warnings.length} house-style warnings are open (below).`)}</p>
                  ) : null}
                  {allowedTransitions.includes('schedule') ? (
                    <div class="field">
                      <label class="field__label" for="field-at">
                        {t('排程時間（台北）', 'Scheduled time (Taipei)')}
                      </label>
                      <input id="field-at" type="datetime-local" name="at" value={a.state === 'scheduled' && a.publishedAt ? toTaipeiIso(a.publishedAt).slice(0, 16) : ''} />
                    </div>
                  ) : null}
                  {allowedTransitions.includes('retract') ? (
                    <div class="field">
                      <label class="field__label" for="field-notice">
                        {t('撤稿說明（撤稿時必填，會顯示在原網址）', 'Retraction notice (required to retract; shown at the URL)')}
                      </label>
                      <textarea id="field-notice" name="notice" rows={3}></textarea>
                    </div>
                  ) : null}
                  {allowedTransitions.map((tr) => (
                    <button class={`nr-button ${tr === 'retract' || tr === 'unpublish' ? 'nr-button--danger' : tr === 'publish' ? '' : 'nr-button--quiet'}`} type="submit" name="transition" value={tr}>
                      {transitionLabel(t, tr)}
                    </button>
                  ))}
                </form>
              ) : null}
            </section>
          ) : null}
          {a ? (
            <section class="nr-card">
              <h2>{t('預覽', 'Preview')}</h2>
              <p class="nr-links">
                <a href={`/newsroom/articles/${a.id}/preview`} target="_blank" rel="noopener">
                  {t('桌機版與手機版並排', 'Desktop and phone side by side')}
                </a>
                <a href={`/newsroom/articles/${a.id}/preview/page`} target="_blank" rel="noopener">
                  {t('桌機版', 'Desktop')}
                </a>
                <a href={`/newsroom/articles/${a.id}/preview/page?view=mobile`} target="_blank" rel="noopener">
                  {t('手機版', 'Phone')}
                </a>
              </p>
              <p class="nr-note">{t('預覽顯示已儲存的版本。', 'The preview shows the saved version.')}</p>
              {a.state === 'published' || a.state === 'unlisted' ? (
                <p>
                  <a href={paths.article(a.id)}>{t('讀者頁面', 'Reader page')}</a>
                </p>
              ) : null}
              <p>
                <a href={`/newsroom/articles/${a.id}/revisions`}>{t('版本紀錄', 'Revisions')}</a>
              </p>
            </section>
          ) : null}
          <section class="nr-card">
            <h2>{t(`用字提醒（${warnings.length}）`, `House style (${warnings.length})`)}</h2>
            {warnings.length === 0 ? (
              <p class="nr-note">{t('沒有提醒。', 'Nothing to flag.')}</p>
            ) : (
              <ul class="nr-warnings">
                {warnings.slice(0, 100).map((w) => (
                  <li>{warningText(t, w)}</li>
                ))}
              </ul>
            )}
            <p class="nr-note">{t('提醒只供參考，系統不會自動修改（直接引語可能需要原字）。', 'Warnings only: nothing is changed for you (a direct quote may need the original form).')}</p>
          </section>
          {a && a.importReport ? <ImportReport t={t} report={a.importReport} /> : null}
          {fromSubmission ? (
            <section class="nr-card">
              <h2>{t('來自投稿', 'From a submission')}</h2>
              <p>
                <a href={`/newsroom/submissions/${fromSubmission.id}`}>{fromSubmission.code}</a>
              </p>
              <p class="nr-note">{t('投稿原文與作者聯絡資料都保留在投稿頁；刊出後系統會寄信通知作者。', 'The text as sent and the writer’s contact details stay on the submission page; the writer is e-mailed when the piece is published.')}</p>
            </section>
          ) : null}
        </aside>
      </div>
      <script src={EDITOR_JS} defer></script>
    </NewsroomLayout>,
  );
  return html(reply, view.status ?? 200, body);
}
