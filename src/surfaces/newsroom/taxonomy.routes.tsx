import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { reindexArticles } from '../../modules/search/index.js';
import { createSection, getSectionForDesk, getTagForDesk, listSectionsForDesk, listTagsForDesk, mergeTags, renameSection, renameTag } from '../../modules/taxonomy/index.js';
import { AppError } from '../../platform/errors.js';
import { emptyForm, type FormState, formValues } from '../../platform/http/forms.js';
import { ErrorSummary, TextField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { paths } from '../urls.js';
import { actorOf, fieldErrors, listQuery, pathId, sendHtml, staffWho } from './editorial.shared.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import { problemsHeading } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout, Pager } from './newsroom.layout.js';

/**
 * /newsroom/taxonomy: sections (create, rename; the slug is the URL and stays) and tags (rename, merge). A tag
 * renamed or merged away keeps its old pages as redirects to the tag it became (taxonomy's tag_redirects).
 */
export async function registerTaxonomyRoutes(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const overview = async (request: FastifyRequest, reply: FastifyReply, createForm: FormState, notice: string | null) => {
    const p = pageFor(request, reply);
    const { t } = p;
    const { q, page } = listQuery(request.query);
    const [sections, tags] = await Promise.all([listSectionsForDesk(deps), listTagsForDesk(deps, { q, page })]);
    const href = (n: number) => `/newsroom/taxonomy?${new URLSearchParams({ ...(q ? { q } : {}), ...(n > 1 ? { page: String(n) } : {}) })}#tags`;
    const labels = { slug: t('網址代稱', 'URL slug'), name: t('分類名稱', 'Section name') };
    return renderDocument(
      <NewsroomLayout page={p} title={t('分類與標籤', 'Sections & tags')}>
        {notice ? (
          <p class="nr-notice" role="status">
            {notice}
          </p>
        ) : null}
        <section class="nr-card">
          <h1>{t('分類', 'Sections')}</h1>
          <table class="nr-table">
            <thead>
              <tr>
                <th scope="col">{t('分類名稱', 'Name')}</th>
                <th scope="col">{t('網址代稱', 'Slug')}</th>
                <th scope="col" class="nr-num">
                  {t('文章數', 'Articles')}
                </th>
              </tr>
            </thead>
            <tbody>
              {sections.map((s) => (
                <tr>
                  <td data-label={t('分類名稱', 'Name')}>
                    <a href={`/newsroom/taxonomy/sections/${s.id}`}>{s.name}</a>
                  </td>
                  <td data-label={t('網址代稱', 'Slug')}>
                    <a href={paths.section(s.slug)}>{s.slug}</a>
                  </td>
                  <td data-label={t('文章數', 'Articles')} class="nr-num">
                    {s.articleCount.toLocaleString('zh-Hant-TW')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 class="nr-subhead">{t('新增分類', 'New section')}</h2>
          <form method="post" action="/newsroom/taxonomy/sections" novalidate class="nr-inline-form">
            <CsrfField token={p.csrf} />
            <ErrorSummary heading={problemsHeading(t)} form={createForm} labels={labels} />
            <TextField form={createForm} name="name" label={labels.name} maxLength={20} required />
            <TextField form={createForm} name="slug" label={labels.slug} hint={t('小寫英文字母、數字與 -，例：politics。設定後不能改（它是網址）。', 'Lower-case letters, digits and -, e.g. politics. It cannot change later (it is the URL).')} maxLength={40} required />
            <button class="nr-button" type="submit">
              {t('新增分類', 'Add section')}
            </button>
          </form>
        </section>
        <section class="nr-card" id="tags">
          <h1>{t('標籤', 'Tags')}</h1>
          <form method="get" action="/newsroom/taxonomy#tags" class="nr-search" role="search">
            <label for="tag-q">{t('搜尋標籤', 'Search tags')}</label>
            <input id="tag-q" type="search" name="q" value={q} maxLength={60} />
            <button class="nr-button" type="submit">
              {t('搜尋', 'Search')}
            </button>
          </form>
          <p class="nr-note">
            {t(`共 ${tags.total} 個標籤。寬窄與大小寫不同的寫法視為同一個標籤（ＡＩ＝ai）。`, `${tags.total} tags. Spellings that differ only in width or case are one tag (ＡＩ = ai).`)}
          </p>
          {tags.items.length === 0 ? null : (
            <table class="nr-table">
              <thead>
                <tr>
                  <th scope="col">{t('標籤', 'Tag')}</th>
                  <th scope="col" class="nr-num">
                    {t('文章數', 'Articles')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {tags.items.map((tag) => (
                  <tr>
                    <td data-label={t('標籤', 'Tag')}>
                      <a href={`/newsroom/taxonomy/tags/${tag.id}`}>{tag.name}</a>
                    </td>
                    <td data-label={t('文章數', 'Articles')} class="nr-num">
                      {tag.articleCount.toLocaleString('zh-Hant-TW')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager t={t} page={tags.page} pageCount={tags.pageCount} href={href} />
        </section>
      </NewsroomLayout>,
    );
  };

  app.get('/taxonomy', async (request, reply) => {
    staffWho(request, 'taxonomy.manage');
    const { t } = pageFor(request, reply);
    const done = (request.query as Record<string, unknown>).saved === '1';
    return sendHtml(reply, 200, await overview(request, reply, emptyForm, done ? t('已儲存。網站頁面已更新。', 'Saved. The site shows the change now.') : null));
  });

  app.post('/taxonomy/sections', async (request, reply) => {
    staffWho(request, 'taxonomy.manage');
    const { t } = pageFor(request, reply);
    const values = formValues(request.body);
    const result = await createSection(deps, { slug: values.slug ?? '', name: values.name ?? '' }, { actor: actorOf(request), t });
    if (!result.ok) return sendHtml(reply, 422, await overview(request, reply, { values, errors: fieldErrors(result.errors) }, null));
    return reply.redirect('/newsroom/taxonomy?saved=1', 303);
  });

  const sectionPage = (request: FastifyRequest, reply: FastifyReply, section: { id: number; slug: string; name: string; articleCount: number }, form: FormState) => {
    const p = pageFor(request, reply);
    const { t } = p;
    return renderDocument(
      <NewsroomLayout page={p} title={t(`分類：${section.name}`, `Section: ${section.name}`)}>
        <section class="nr-card nr-medium">
          <p class="nr-back">
            <a href="/newsroom/taxonomy">← {t('分類與標籤', 'Sections & tags')}</a>
          </p>
          <h1>{t(`分類：${section.name}`, `Section: ${section.name}`)}</h1>
          <p class="nr-note">
            {t(`網址 ${paths.section(section.slug)}・${section.articleCount} 篇文章。網址代稱不會改變，已分享的連結都繼續有效。`, `Address ${paths.section(section.slug)} · ${section.articleCount} articles. The slug never changes, so shared links keep working.`)}
          </p>
          <form method="post" action={`/newsroom/taxonomy/sections/${section.id}`} novalidate>
            <CsrfField token={p.csrf} />
            <ErrorSummary heading={problemsHeading(t)} form={form} labels={{ name: t('分類名稱', 'Section name') }} />
            <TextField form={form} name="name" label={t('分類名稱', 'Section name')} maxLength={20} required />
            <button class="nr-button" type="submit">
              {t('改名', 'Rename')}
            </button>
          </form>
        </section>
      </NewsroomLayout>,
    );
  };

  app.get('/taxonomy/sections/:id', async (request, reply) => {
    staffWho(request, 'taxonomy.manage');
    const section = await getSectionForDesk(deps, pathId(request.params));
    if (!section) throw new AppError('page_not_found', 404, 'no such section');
    return sendHtml(reply, 200, sectionPage(request, reply, section, { values: { name: section.name }, errors: {} }));
  });

  app.post('/taxonomy/sections/:id', async (request, reply) => {
    staffWho(request, 'taxonomy.manage');
    const section = await getSectionForDesk(deps, pathId(request.params));
    if (!section) throw new AppError('page_not_found', 404, 'no such section');
    const { t } = pageFor(request, reply);
    const values = formValues(request.body);
    const result = await renameSection(deps, section.id, { name: values.name ?? '' }, { actor: actorOf(request), t });
    if (!result.ok) return sendHtml(reply, 422, sectionPage(request, reply, section, { values, errors: fieldErrors(result.errors) }));
    return reply.redirect('/newsroom/taxonomy?saved=1', 303);
  });

  const tagPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    tag: { id: number; name: string; articleCount: number },
    forms: { rename: FormState; merge: FormState },
    notice: string | null,
  ) => {
    const p = pageFor(request, reply);
    const { t } = p;
    return renderDocument(
      <NewsroomLayout page={p} title={t(`標籤：${tag.name}`, `Tag: ${tag.name}`)}>
        <section class="nr-card nr-medium">
          <p class="nr-back">
            <a href="/newsroom/taxonomy#tags">← {t('分類與標籤', 'Sections & tags')}</a>
          </p>
          <h1>{t(`標籤：${tag.name}`, `Tag: ${tag.name}`)}</h1>
          {notice ? (
            <p class="nr-notice" role="status">
              {notice}
            </p>
          ) : null}
          <p class="nr-note">
            {t(`${tag.articleCount} 篇文章・`, `${tag.articleCount} articles · `)}
            <a href={paths.tag(tag.name)}>{t('公開的標籤頁', 'Public tag page')}</a>
          </p>
          <h2>{t('改名', 'Rename')}</h2>
          <form method="post" action={`/newsroom/taxonomy/tags/${tag.id}/rename`} novalidate>
            <CsrfField token={p.csrf} />
            <ErrorSummary heading={problemsHeading(t)} form={forms.rename} labels={{ name: t('新名稱', 'New name') }} />
            <TextField form={forms.rename} name="name" label={t('新名稱', 'New name')} hint={t('舊名稱的標籤頁會轉到新名稱；搜尋索引同時更新。', 'The old name’s page redirects to the new one; the search index is updated at once.')} maxLength={30} required />
            <button class="nr-button" type="submit">
              {t('改名', 'Rename')}
            </button>
          </form>
          <h2 class="nr-subhead">{t('合併到另一個標籤', 'Merge into another tag')}</h2>
          <form method="post" action={`/newsroom/taxonomy/tags/${tag.id}/merge`} novalidate>
            <CsrfField token={p.csrf} />
            <ErrorSummary heading={problemsHeading(t)} form={forms.merge} labels={{ into: t('併入的標籤', 'Merge into') }} />
            <TextField
              form={forms.merge}
              name="into"
              label={t('併入的標籤', 'Merge into')}
              hint={t(`「${tag.name}」的文章都改掛到這個現有標籤，「${tag.name}」隨即刪除，它的標籤頁轉到併入的標籤。`, `Articles tagged “${tag.name}” move to this existing tag; “${tag.name}” is deleted and its page redirects there.`)}
              maxLength={30}
              required
            />
            <button class="nr-button nr-button--danger" type="submit">
              {t('合併', 'Merge')}
            </button>
          </form>
        </section>
      </NewsroomLayout>,
    );
  };

  const tagOr404 = async (params: unknown) => {
    const tag = await getTagForDesk(deps, pathId(params));
    if (!tag) throw new AppError('page_not_found', 404, 'no such tag');
    return tag;
  };

  app.get('/taxonomy/tags/:id', async (request, reply) => {
    staffWho(request, 'taxonomy.manage');
    const tag = await tagOr404(request.params);
    const { t } = pageFor(request, reply);
    const query = request.query as Record<string, unknown>;
    const notice = query.saved === '1' ? t('已儲存。網站頁面與搜尋已更新。', 'Saved. The site and search show the change now.') : query.merged === '1' ? t('已合併。', 'Merged.') : null;
    return sendHtml(reply, 200, tagPage(request, reply, tag, { rename: { values: { name: tag.name }, errors: {} }, merge: emptyForm }, notice));
  });

  app.post('/taxonomy/tags/:id/rename', async (request, reply) => {
    staffWho(request, 'taxonomy.manage');
    const tag = await tagOr404(request.params);
    const { t } = pageFor(request, reply);
    const values = formValues(request.body);
    const result = await renameTag(deps, tag.id, { name: values.name ?? '' }, { actor: actorOf(request), reindex: reindexArticles, t });
    if (!result.ok) return sendHtml(reply, 422, tagPage(request, reply, tag, { rename: { values, errors: fieldErrors(result.errors) }, merge: emptyForm }, null));
    return reply.redirect(`/newsroom/taxonomy/tags/${tag.id}?saved=1`, 303);
  });

  app.post('/taxonomy/tags/:id/merge', async (request, reply) => {
    staffWho(request, 'taxonomy.manage');
    const tag = await tagOr404(request.params);
    const { t } = pageFor(request, reply);
    const values = formValues(request.body);
    const result = await mergeTags(deps, { fromId: tag.id, into: values.into ?? '' }, { actor: actorOf(request), reindex: reindexArticles, t });
    if (!result.ok) return sendHtml(reply, 422, tagPage(request, reply, tag, { rename: { values: { name: tag.name }, errors: {} }, merge: { values, errors: fieldErrors(result.errors) } }, null));
    return reply.redirect(`/newsroom/taxonomy/tags/${result.id}?merged=1`, 303);
  });
}
