import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, may } from '../../modules/accounts/index.js';
import {
  type ArticleState,
  createDraft,
  emptyContent,
  getEditable,
  listDesk,
  notePresence,
  saveArticle,
  type Transition,
  TRANSITIONS,
  transitionArticle,
} from '../../modules/articles/index.js';
import { maySchedule } from '../../modules/settings/index.js';
import { runSearch } from '../../modules/search/index.js';
import { ensureSection, DEFAULT_SECTION, findTag, listSections } from '../../modules/taxonomy/index.js';
import { AppError } from '../../platform/errors.js';
import { formValues } from '../../platform/http/forms.js';
import { renderDocument } from '../../platform/html/render.js';
import { oneValue } from '../../platform/http/validation.js';
import { formatTaipeiDateTime, parseTaipeiTime } from '../../platform/time.js';
import { contentFromForm, formOf } from './article-form.js';
import { registerArticlePreviewRoutes } from './article-preview.routes.js';
import { registerArticleRevisionRoutes } from './article-revisions.routes.js';
import { actorOf, html, idParams, requireAction, staffNames, TRANSITION_ACTION, user } from './article-shared.js';
import { type EditorView, renderEditorPage } from './article-editor.page.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import { NewsroomLayout, Pager } from './newsroom.layout.js';
import { STATE_ORDER, stateLabel, transitionLabel } from './newsroom.labels.js';

const PAGE_SIZE = 50;


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


/** The article list, the editor, saving, the life-cycle steps and presence; preview and revisions have their own files. */
export async function registerArticleRoutes(fastify: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  await registerArticlePreviewRoutes(fastify, deps);
  await registerArticleRevisionRoutes(fastify, deps);
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const names = (ids: ReadonlyArray<number | null>) => staffNames(deps, ids);

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
            <table class="nr-articles">
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
          <Pager t={t} page={q.page ?? 1} pageCount={list.pageCount} href={(n) => query({ page: n })} />
        </section>
      </NewsroomLayout>,
    );
    return html(reply, 200, body);
  });

  // ── The editor ──
  const editorPage = (request: FastifyRequest, reply: FastifyReply, view: EditorView) => renderEditorPage(deps, request, reply, view);


  app.get('/articles/new', async (request, reply) => {
    requireAction(user(request), 'article.write');
    const sections = await listSections(deps);
    const section = sections[0] ?? (await ensureSection(deps, DEFAULT_SECTION.slug, DEFAULT_SECTION.name));
    return editorPage(request, reply, { article: null, form: { values: formOf({ ...emptyContent(section.id), revision: 0 }), errors: {} } });
  });

  app.post('/articles/new', async (request, reply) => {
    const me = user(request);
    requireAction(me, 'article.write');
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
    requireAction(me, 'article.edit');
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
    requireAction(me, TRANSITION_ACTION[transition]);
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

}
