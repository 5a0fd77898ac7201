import { diffChars } from 'diff';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Action, audit, listUsers, may, type User } from '../../modules/accounts/index.js';
import {
  type ArticleContent,
  type ArticleState,
  createDraft,
  type EditableArticle,
  emptyContent,
  getArticleForPreview,
  getEditable,
  getRevision,
  listDesk,
  listRevisions,
  notePresence,
  publishProblems,
  saveArticle,
  type Transition,
  TRANSITIONS,
  transitionArticle,
} from '../../modules/articles/index.js';
import { textFromBody } from '../../modules/importer/index.js';
import { getEditorialSettings, maySchedule } from '../../modules/settings/index.js';
import { listNameVariants, runSearch } from '../../modules/search/index.js';
import { ensureSection, DEFAULT_SECTION, findTag, listSections, type SectionRef } from '../../modules/taxonomy/index.js';
import { charCount, houseStyleWarnings, type HouseStyleWarning, type NameGroup, readingMinutes } from '../../modules/zh/index.js';
import { AppError } from '../../platform/errors.js';
import { emptyForm, type FormState, formValues } from '../../platform/http/forms.js';
import { ErrorSummary, FieldShell, TextAreaField, TextField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { idText, oneValue } from '../../platform/http/validation.js';
import { formatTaipeiDateTime, parseTaipeiTime, toTaipeiIso } from '../../platform/time.js';
import { loadSiteAssets, renderArticlePreview } from '../site/index.js';
import { paths } from '../urls.js';
import { contentFromForm, formOf } from './article-form.js';
import { EDITOR_JS, type NewsroomDeps, type NewsroomPage, pageFor } from './newsroom.context.js';
import type { Translate } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';
import { actionLabel, fieldLabel, KINDS, STATE_ORDER, stateLabel, transitionLabel } from './newsroom.labels.js';

const PAGE_SIZE = 50;

/** Which role may take each step (docs/ROLES.md). */
const TRANSITION_ACTION: Readonly<Record<Transition, Action>> = {
  submit: 'article.submit_for_review',
  return: 'article.edit',
  schedule: 'article.schedule',
  unschedule: 'article.schedule',
  publish: 'article.publish',
  unlist: 'article.publish',
  relist: 'article.publish',
  unpublish: 'article.unpublish',
  retract: 'article.retract',
};

const idParams = z.object({ id: idText('文章編號必須是正整數') });
const revisionParams = z.object({ id: idText('文章編號必須是正整數'), rev: idText('版本編號必須是正整數') });
const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const listQuery = z.object({
  state: oneValue(z.enum(['draft', 'in_review', 'scheduled', 'published', 'unlisted', 'retracted', 'mine'])).optional().catch(undefined),
  section: oneValue(z.string().regex(/^\d{1,9}$/).transform(Number)).optional().catch(undefined),
  author: oneValue(z.string().regex(/^\d{1,9}$/).transform(Number)).optional().catch(undefined),
  tag: oneValue(z.string().max(60)).optional().catch(undefined),
  from: oneValue(dateText).optional().catch(undefined),
  to: oneValue(dateText).optional().catch(undefined),
  q: oneValue(z.string().max(200)).optional().catch(undefined),
  page: oneValue(z.string().regex(/^[1-9]\d{0,5}$/).transform(Number)).optional().catch(undefined),
});

const user = (request: FastifyRequest): User => {
  const u = request.staff?.user;
  if (!u) throw new AppError('signed_out', 401, 'no session');
  return u;
};
const require = (u: User, action: Action) => {
  if (!may(u.role, action)) throw new AppError('forbidden', 403, `${u.role} may not ${action}`);
};
const actorOf = (request: FastifyRequest) => ({ userId: request.staff?.user.id ?? null, ip: request.ip });
const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body);

/** Everything checked in the words a desk uses: the house style over title, lead and body, line by line. */
function styleWarnings(content: Pick<ArticleContent, 'title' | 'lead' | 'body'>, names: readonly NameGroup[]) {
  const parts: Array<[string, string]> = [
    ['title', content.title],
    ['lead', content.lead ?? ''],
    ['body', textFromBody(content.body)],
  ];
  return parts.flatMap(([field, text]) => houseStyleWarnings(text, names).map((w) => ({ ...w, field })));
}

async function nameGroups(deps: NewsroomDeps): Promise<NameGroup[]> {
  const { shipped, editors } = await listNameVariants(deps);
  return [...shipped, ...editors.map((e) => ({ taiwan: e.taiwan, variants: [e.form], kind: 'editor' }))];
}

function warningText(t: Translate, w: HouseStyleWarning & { field: string }): string {
  const where = `${fieldLabel(t, w.field)}${w.field === 'body' ? t(` 第 ${w.line + 1} 行`, ` line ${w.line + 1}`) : ''}`;
  switch (w.kind) {
    case 'mainland':
      return t(`${where}：「${w.found}」是中國大陸用語或簡體字，台灣寫作「${w.suggest}」`, `${where}: "${w.found}" is mainland usage or simplified; Taiwan writes "${w.suggest}"`);
    case 'halfwidth':
      return t(`${where}：中文裡的半形「${w.found}」應為全形「${w.suggest}」`, `${where}: half-width "${w.found}" in Chinese text should be full-width "${w.suggest}"`);
    case 'quotes':
      return t(`${where}：引號「${w.found}」應改用「」『』`, `${where}: the quotation mark ${w.found} should be 「」 or 『』`);
    case 'name':
      return t(`${where}：「${w.found}」本站譯名為「${w.suggest}」`, `${where}: "${w.found}" is written "${w.suggest}" here`);
  }
}

/** Side by side, character by character (Chinese has no spaces to diff words by). */
function CharDiff(props: { before: string; after: string; t: Translate; beforeLabel: string; afterLabel: string }) {
  const parts = diffChars(props.before, props.after);
  return (
    <div class="nr-diff">
      <div>
        <h3>{props.beforeLabel}</h3>
        <pre class="nr-diff__text">{parts.filter((p) => !p.added).map((p) => (p.removed ? <del>{p.value}</del> : <span>{p.value}</span>))}</pre>
      </div>
      <div>
        <h3>{props.afterLabel}</h3>
        <pre class="nr-diff__text">{parts.filter((p) => !p.removed).map((p) => (p.added ? <ins>{p.value}</ins> : <span>{p.value}</span>))}</pre>
      </div>
    </div>
  );
}

/** The readable whole of a version, for diffs: the fields a reader sees, then the body as the editor shows it. */
function versionText(c: ArticleContent, sections: readonly SectionRef[]): string {
  const section = sections.find((s) => s.id === c.sectionId)?.name ?? String(c.sectionId);
  return [
    `標題：${c.title}`,
    `導言：${c.lead ?? ''}`,
    `作者：${c.bylines.map((b) => (b.bioLine ? `${b.name}／${b.bioLine}` : b.name)).join('；')}`,
    `分類：${section}　標籤：${c.tags.join('、')}`,
    '',
    textFromBody(c.body),
  ].join('\n');
}

export async function registerArticleRoutes(fastify: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const siteAssets = loadSiteAssets();
  const names = async (ids: ReadonlyArray<number | null>) => {
    const users = await listUsers(deps);
    return new Map(users.filter((u) => ids.includes(u.id)).map((u) => [u.id, u.displayName]));
  };

  // ── The list: every state, filters, and the Chinese search across all of them ──
  app.get('/articles', { schema: { querystring: listQuery } }, async (request, reply) => {
    const me = user(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const q = request.query;
    const sections = await listSections(deps);
    const tag = q.tag ? await findTag(deps, q.tag) : null;
    let ids: number[] | undefined;
    if (q.q && q.q.trim() !== '') {
      const found = await runSearch(deps, { q: q.q, page: 1, pageSize: 200, allStates: true });
      ids = found.items.map((i) => i.article.id);
    }
    const filter = {
      ...(q.state && q.state !== 'mine' ? { states: [q.state] } : {}),
      ...(q.state === 'mine' ? { states: ['draft'], updatedBy: me.id } : {}),
      ...(q.section !== undefined ? { sectionId: q.section } : {}),
      ...(q.author !== undefined ? { authorId: q.author } : {}),
      ...(q.tag ? { tagId: tag?.id ?? 0 } : {}),
      ...(q.from ? { from: parseTaipeiTime(q.from) ?? undefined } : {}),
      ...(q.to ? { to: new Date(Date.parse(parseTaipeiTime(q.to) ?? '') + 86_400_000).toISOString() } : {}),
      ...(ids ? { ids } : {}),
    };
    const list = await listDesk(deps, filter, q.page ?? 1, PAGE_SIZE);
    const who = await names(list.items.map((i) => i.updatedBy));
    const query = (overrides: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...q, ...overrides })) if (v !== undefined && v !== '') params.set(k, String(v));
      const s = params.toString();
      return `/newsroom/articles${s ? `?${s}` : ''}`;
    };
    const body = renderDocument(
      <NewsroomLayout page={page} title={t('文章', 'Articles')} wide>
        <section class="nr-card">
          <div class="nr-titlebar">
            <h1>{t('文章', 'Articles')}</h1>
            {may(me.role, 'article.write') ? (
              <a class="nr-button" href="/newsroom/articles/new">
                {t('寫新文章', 'New article')}
              </a>
            ) : null}
          </div>
          <form class="nr-filters" method="get" action="/newsroom/articles" role="search">
            <label>
              {t('搜尋', 'Search')}
              <input type="search" name="q" value={q.q ?? ''} placeholder={t('標題、內文、作者、標籤', 'Title, text, author, tag')} />
            </label>
            <label>
              {t('狀態', 'State')}
              <select name="state">
                <option value="">{t('全部', 'All')}</option>
                <option value="mine" selected={q.state === 'mine'}>
                  {t('我的草稿', 'My drafts')}
                </option>
                {STATE_ORDER.map((s) => (
                  <option value={s} selected={q.state === s}>
                    {stateLabel(t, s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('分類', 'Section')}
              <select name="section">
                <option value="">{t('全部', 'All')}</option>
                {sections.map((s) => (
                  <option value={String(s.id)} selected={q.section === s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('作者編號', 'Author id')}
              <input type="text" inputMode="numeric" name="author" value={q.author === undefined ? '' : String(q.author)} size={6} />
            </label>
            <label>
              {t('標籤', 'Tag')}
              <input type="text" name="tag" value={q.tag ?? ''} size={10} />
            </label>
            <label>
              {t('更新自', 'Changed from')}
              <input type="date" name="from" value={q.from ?? ''} />
            </label>
            <label>
              {t('至', 'to')}
              <input type="date" name="to" value={q.to ?? ''} />
            </label>
            <button class="nr-button" type="submit">
              {t('篩選', 'Filter')}
            </button>
          </form>
          <p class="nr-note" role="status">
            {t(`共 ${list.total.toLocaleString('zh-Hant-TW')} 篇`, `${list.total.toLocaleString('en')} articles`)}
            {ids && ids.length === 200 ? t('（搜尋只列出最相關的 200 篇）', ' (search lists the 200 most relevant)') : ''}
          </p>
          <div class="nr-tablewrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('標題', 'Title')}</th>
                  <th scope="col">{t('狀態', 'State')}</th>
                  <th scope="col">{t('分類', 'Section')}</th>
                  <th scope="col">{t('字數', 'Chars')}</th>
                  <th scope="col">{t('最後更新', 'Last change')}</th>
                  <th scope="col">{t('發布時間', 'Publication')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((a) => (
                  <tr>
                    <td>
                      <a href={`/newsroom/articles/${a.id}`}>{a.title || t('（未命名）', '(untitled)')}</a>
                      <span class="nr-id">#{a.id}</span>
                    </td>
                    <td class="nr-nowrap">
                      <span class={`nr-state nr-state--${a.state}`}>{stateLabel(t, a.state)}</span>
                    </td>
                    <td>{sections.find((s) => s.id === a.sectionId)?.name ?? ''}</td>
                    <td>{a.charCount.toLocaleString('zh-Hant-TW')}</td>
                    <td>
                      {formatTaipeiDateTime(a.updatedAt)}
                      {a.updatedBy !== null && who.get(a.updatedBy) ? <span class="nr-note">　{who.get(a.updatedBy)}</span> : null}
                    </td>
                    <td>{a.publishedAt ? formatTaipeiDateTime(a.publishedAt) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.pageCount > 1 ? (
            <nav class="nr-pager" aria-label={t('分頁', 'Pages')}>
              {(q.page ?? 1) > 1 ? <a href={query({ page: (q.page ?? 1) - 1 })}>{t('上一頁', 'Previous')}</a> : null}
              <span>
                {q.page ?? 1} / {list.pageCount}
              </span>
              {(q.page ?? 1) < list.pageCount ? <a href={query({ page: (q.page ?? 1) + 1 })}>{t('下一頁', 'Next')}</a> : null}
            </nav>
          ) : null}
        </section>
      </NewsroomLayout>,
    );
    return html(reply, 200, body);
  });

  // ── The editor ──
  interface EditorView {
    article: EditableArticle | null;
    form: FormState;
    status?: number;
    notice?: string;
    conflict?: { current: EditableArticle; by: string; at: string; mine: ArticleContent | null };
    transitionErrors?: string[];
  }

  const editorPage = async (request: FastifyRequest, reply: FastifyReply, view: EditorView) => {
    const me = user(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const sections = await listSections(deps);
    const a = view.article;
    const readerFacing = a !== null && ['published', 'unlisted', 'retracted'].includes(a.state);
    const groups = await nameGroups(deps);
    const shown = a ?? { ...emptyContent(sections[0]?.id ?? 0), revision: 0 };
    const warnings = styleWarnings(shown, groups);
    const problems = a ? publishProblems(a) : [];
    const others = a ? await notePresence(deps, a.id, me.id) : [];
    const otherNames = await names(others.map((o) => o.userId));
    const chars = a ? charCount(textFromBody(a.body).replace(/^[●▲▼].*$/gmu, '')) : 0;
    const values = view.form.values;
    const action = a ? `/newsroom/articles/${a.id}` : '/newsroom/articles/new';
    const scheduling = await maySchedule(deps, me.role);
    const perMinute = (await getEditorialSettings(deps)).readingCharsPerMinute;
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
            <ErrorSummary form={view.form} labels={labels} />
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
          </aside>
        </div>
        <script src={EDITOR_JS} defer></script>
      </NewsroomLayout>,
    );
    return html(reply, view.status ?? 200, body);
  };

  app.get('/articles/new', async (request, reply) => {
    require(user(request), 'article.write');
    const sections = await listSections(deps);
    const section = sections[0] ?? (await ensureSection(deps, DEFAULT_SECTION.slug, DEFAULT_SECTION.name));
    return editorPage(request, reply, { article: null, form: { values: formOf({ ...emptyContent(section.id), revision: 0 }), errors: {} } });
  });

  app.post('/articles/new', async (request, reply) => {
    const me = user(request);
    require(me, 'article.write');
    const { t } = pageFor(request, reply);
    const sections = await listSections(deps);
    const read = contentFromForm(request.body, t, new Set(sections.map((s) => s.id)), null);
    if (!read.ok) return editorPage(request, reply, { article: null, form: read.state, status: 422 });
    const id = await createDraft(deps, read.content, { userId: me.id }, { note: formValues(request.body).note?.trim() || null });
    await audit(deps, actorOf(request), 'article.create', `article:${id}`, { title: read.content.title });
    return reply.redirect(`/newsroom/articles/${id}?saved=1`, 303);
  });

  app.get('/articles/:id', { schema: { params: idParams } }, async (request, reply) => {
    user(request);
    const { t } = pageFor(request, reply);
    const article = await getEditable(deps, request.params.id);
    const flags = request.query as Record<string, unknown>;
    const notice =
      flags.saved === '1'
        ? t('已儲存。', 'Saved.')
        : typeof flags.moved === 'string'
          ? t(`已改為「${stateLabel(t, flags.moved as ArticleState)}」。`, `Now ${stateLabel(t, flags.moved as ArticleState)}.`)
          : undefined;
    return editorPage(request, reply, { article, form: { values: formOf(article), errors: {} }, ...(notice ? { notice } : {}) });
  });

  app.post('/articles/:id', { schema: { params: idParams } }, async (request, reply) => {
    const me = user(request);
    require(me, 'article.edit');
    const { t } = pageFor(request, reply);
    const article = await getEditable(deps, request.params.id);
    const sections = await listSections(deps);
    const values = formValues(request.body);
    const read = contentFromForm(request.body, t, new Set(sections.map((s) => s.id)), article);
    if (!read.ok) return editorPage(request, reply, { article, form: { values: { ...read.state.values }, errors: read.state.errors }, status: 422 });
    const base = Number(values.baseRevision);
    const reason = values.reason?.trim() || null;
    if (reason !== null && [...reason].length > 500) {
      return editorPage(request, reply, { article, form: { values, errors: { reason: t('修改原因最多 500 字', 'The reason can have at most 500 characters') } }, status: 422 });
    }
    const outcome = await saveArticle(
      deps,
      article.id,
      read.content,
      { baseRevision: Number.isInteger(base) ? base : -1, note: values.note?.trim() || null, reason, visibleChange: values.visibleChange === '1' },
      { userId: me.id },
    );
    if (outcome.status === 'reason_required') {
      return editorPage(request, reply, {
        article,
        form: { values, errors: { reason: t('讀者看得到這篇文章：請寫下修改原因', 'Readers can see this article: give a reason for the change') } },
        status: 422,
      });
    }
    if (outcome.status === 'conflict') {
      const who = await names([outcome.theirs.userId]);
      // What this editor typed stays in the form; the newer version is shown beside it with the differences.
      return editorPage(request, reply, {
        article: outcome.current,
        form: { values: { ...values, baseRevision: String(outcome.current.revision) }, errors: {} },
        status: 409,
        conflict: {
          current: outcome.current,
          by: (outcome.theirs.userId !== null ? who.get(outcome.theirs.userId) : null) ?? t('系統', 'the system'),
          at: outcome.theirs.at,
          mine: read.content,
        },
      });
    }
    if (outcome.status === 'saved') await audit(deps, actorOf(request), 'article.save', `article:${article.id}`, { revision: outcome.revision, changed: outcome.changed, reason });
    return reply.redirect(`/newsroom/articles/${article.id}?saved=1`, 303);
  });

  app.post('/articles/:id/transition', { schema: { params: idParams } }, async (request, reply) => {
    const me = user(request);
    const { t } = pageFor(request, reply);
    const values = formValues(request.body);
    const transition = values.transition as Transition | undefined;
    if (!transition || !(transition in TRANSITIONS)) throw new AppError('bad_request', 400, 'unknown transition');
    require(me, TRANSITION_ACTION[transition]);
    // Editors schedule only while the editorial setting allows it (the role table's "schedule when allowed").
    if (TRANSITION_ACTION[transition] === 'article.schedule' && !(await maySchedule(deps, me.role))) {
      throw new AppError('forbidden', 403, 'scheduling by editors is turned off in the editorial settings');
    }
    const id = request.params.id;
    let at: string | undefined;
    if (transition === 'schedule') {
      const parsed = values.at ? parseTaipeiTime(values.at) : null;
      if (!parsed) {
        const article = await getEditable(deps, id);
        return editorPage(request, reply, {
          article,
          form: { values: formOf(article), errors: {} },
          status: 422,
          transitionErrors: [t('請填寫有效的排程時間（台北時間）', 'Give a valid scheduled time (Taipei time)')],
        });
      }
      at = parsed;
    }
    const base = Number(values.baseRevision);
    const outcome = await transitionArticle(
      deps,
      id,
      transition,
      { ...(at ? { at } : {}), ...(values.notice !== undefined ? { notice: values.notice.slice(0, 2000) } : {}), ...(Number.isInteger(base) ? { baseRevision: base } : {}) },
      { userId: me.id },
    );
    if (outcome.status === 'done') {
      await audit(deps, actorOf(request), `article.${transition}`, `article:${id}`, at ? { at } : {});
      return reply.redirect(`/newsroom/articles/${id}?moved=${outcome.state}`, 303);
    }
    const article = await getEditable(deps, id);
    const errors =
      outcome.status === 'not_ready'
        ? outcome.problems.map((p) => t(p.zh, p.en))
        : outcome.status === 'bad_time'
          ? [t(outcome.zh, outcome.en)]
          : outcome.status === 'notice_required'
            ? [t('撤稿必須寫撤稿說明', 'A retraction needs a notice')]
            : outcome.status === 'stale'
              ? [t('這篇文章剛被別人修改過，請先看過最新版本再操作。', 'Someone changed this article meanwhile; look at the newest version first.')]
              : [t(`目前是「${stateLabel(t, outcome.state)}」，不能${transitionLabel(t, transition)}`, `It is ${stateLabel(t, outcome.state)} now; cannot ${transitionLabel(t, transition)}`)];
    return editorPage(request, reply, { article, form: { values: formOf(article), errors: {} }, status: 422, transitionErrors: errors });
  });

  // Who else is here: the editor's script asks every half minute.
  app.post('/articles/:id/presence', { schema: { params: idParams } }, async (request, reply) => {
    const me = user(request);
    const { t } = pageFor(request, reply);
    await getEditable(deps, request.params.id);
    const others = await notePresence(deps, request.params.id, me.id);
    const who = [...(await names(others.map((o) => o.userId))).values()];
    return reply.send({
      data: {
        others: who,
        message: who.length > 0 ? t(`${who.join('、')} 也開著這篇文章。同時修改時，後儲存的人會看到衝突。`, `${who.join(', ')} also has this article open. If you both edit, whoever saves second will see a conflict.`) : '',
      },
    });
  });

  // ── Preview: the reader's page itself, in any state ──
  app.get('/articles/:id/preview', { schema: { params: idParams } }, async (request, reply) => {
    user(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const a = await getEditable(deps, request.params.id);
    const body = renderDocument(
      <NewsroomLayout page={page} title={t(`預覽：${a.title}`, `Preview: ${a.title}`)} wide>
        <section class="nr-card">
          <h1>{t('預覽', 'Preview')}</h1>
          <p class="nr-note">
            <a href={`/newsroom/articles/${a.id}`}>{t('回到編輯', 'Back to the editor')}</a>
          </p>
          <div class="nr-preview">
            <figure>
              <figcaption>{t('桌機版', 'Desktop')}</figcaption>
              <iframe class="nr-preview__desktop" src={`/newsroom/articles/${a.id}/preview/page`} title={t('桌機版預覽', 'Desktop preview')}></iframe>
            </figure>
            <figure>
              <figcaption>{t('手機版（390 px）', 'Phone (390 px)')}</figcaption>
              <iframe class="nr-preview__phone" src={`/newsroom/articles/${a.id}/preview/page?view=mobile`} title={t('手機版預覽', 'Phone preview')}></iframe>
            </figure>
          </div>
        </section>
      </NewsroomLayout>,
    );
    return html(reply, 200, body);
  });

  app.get('/articles/:id/preview/page', { schema: { params: idParams } }, async (request, reply) => {
    user(request);
    const mobile = (request.query as Record<string, unknown>).view === 'mobile';
    const article = await getArticleForPreview(deps, request.params.id);
    const page = await renderArticlePreview({ ...deps, assets: siteAssets }, article, mobile);
    // Framed by the preview screen (same origin only); never indexed, never cached.
    return reply
      .header('x-frame-options', 'SAMEORIGIN')
      .header('x-robots-tag', 'noindex')
      .header('content-type', 'text/html; charset=utf-8')
      .send(page);
  });

  // ── Revisions: the list, a side-by-side diff by character, restore ──
  app.get('/articles/:id/revisions', { schema: { params: idParams } }, async (request, reply) => {
    user(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const a = await getEditable(deps, request.params.id);
    const revisions = await listRevisions(deps, a.id);
    const who = await names(revisions.map((r) => r.userId));
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
              <ErrorSummary form={form} labels={{ reason: t('修改原因', 'Reason') }} />
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
    require(me, 'article.edit');
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

function ConflictPanel(props: { t: Translate; conflict: NonNullable<{ current: EditableArticle; by: string; at: string; mine: ArticleContent | null }>; sections: readonly SectionRef[] }) {
  const { t, conflict } = props;
  return (
    <section class="nr-card nr-conflict" role="alert">
      <h2>{t('儲存衝突：別人已先儲存了新版本', 'Conflict: someone saved a newer version first')}</h2>
      <p>
        {t(
          `${conflict.by} 在 ${formatTaipeiDateTime(conflict.at)} 儲存了第 ${conflict.current.revision} 版。您的修改沒有儲存，但都還在下方的表單裡；請對照兩邊，把要保留的內容合併後再按「儲存」。`,
          `${conflict.by} saved revision ${conflict.current.revision} at ${formatTaipeiDateTime(conflict.at)}. Your changes were not saved, but they are all still in the form below; compare both, merge what you want to keep, then press Save.`,
        )}
      </p>
      {conflict.mine ? (
        <CharDiff
          t={t}
          before={versionText(conflict.current, props.sections)}
          after={versionText(conflict.mine, props.sections)}
          beforeLabel={t(`已儲存的最新版（第 ${conflict.current.revision} 版）`, `The saved version (r${conflict.current.revision})`)}
          afterLabel={t('您的版本（尚未儲存）', 'Your version (not saved)')}
        />
      ) : null}
    </section>
  );
}

function ImportReport(props: { t: Translate; report: unknown }) {
  const { t } = props;
  const report = props.report as { dropped?: Array<{ line: number; text: string; reason: string }>; repeats?: number } | null;
  if (!report) return null;
  return (
    <section class="nr-card">
      <h2>{t('匯入提醒', 'Import notes')}</h2>
      {report.repeats ? <p>{t(`有 ${report.repeats} 段與導言或前文重複（已標記，頁面照原文顯示）。`, `${report.repeats} paragraphs repeat the lead or earlier text (flagged; shown as in the original).`)}</p> : null}
      {report.dropped && report.dropped.length > 0 ? (
        <>
          <p>{t('匯入時略過的行：', 'Lines left out on import:')}</p>
          <ul class="nr-warnings">
            {report.dropped.map((d) => (
              <li>
                {t(`第 ${d.line} 行（${d.reason}）`, `Line ${d.line} (${d.reason})`)}：{d.text}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="nr-note">{t('沒有略過任何一行。', 'No line was left out.')}</p>
      )}
    </section>
  );
}

export type { NewsroomPage };
