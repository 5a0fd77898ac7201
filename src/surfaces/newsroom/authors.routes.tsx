import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTHOR_KINDS, type AuthorKind, type DeskAuthor, getAuthorForDesk, listAuthorsForDesk, saveAuthor } from '../../modules/authors/index.js';
import { reindexArticles } from '../../modules/search/index.js';
import { AppError } from '../../platform/errors.js';
import { emptyForm, type FormState, formValues } from '../../platform/http/forms.js';
import { ErrorSummary, SelectField, TextAreaField, TextField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { paths } from '../urls.js';
import { actorOf, fieldErrors, LinkRows, listQuery, pathId, readRows, rowsToShow, rowValues, sendHtml, staffWho } from './editorial.shared.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import { problemsHeading, type Translate } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout, Pager } from './newsroom.layout.js';

const LINKS = 5;
const LINK_ROWS = { links: { label: 'linkLabel', url: 'linkUrl' } };

export function kindLabel(kind: string, t: Translate): string {
  const labels: Record<AuthorKind, string> = {
    staff: t('本站記者／編輯', 'Staff'),
    columnist: t('專欄作家', 'Columnist'),
    guest: t('投書作者', 'Guest writer'),
    organisation: t('機構', 'Organisation'),
  };
  return (labels as Record<string, string>)[kind] ?? kind;
}

function valuesOf(a: DeskAuthor): Record<string, string> {
  return {
    name: a.name,
    kind: a.kind,
    bio: a.bio ?? '',
    longBio: a.longBio ?? '',
    photoImageId: a.photoImageId === null ? '' : String(a.photoImageId),
    realName: a.private.realName ?? '',
    email: a.private.email ?? '',
    phone: a.private.phone ?? '',
    ...rowValues(a.links, 'linkLabel', 'linkUrl'),
  };
}

/** /newsroom/authors: profiles as readers see them, and the private contact details only the desk sees (authors.manage). */
export async function registerAuthorRoutes(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  app.get('/authors', async (request, reply) => {
    staffWho(request, 'authors.manage');
    const p = pageFor(request, reply);
    const { t } = p;
    const { q, page } = listQuery(request.query);
    const list = await listAuthorsForDesk(deps, { q, page });
    const href = (n: number) => `/newsroom/authors?${new URLSearchParams({ ...(q ? { q } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;
    return sendHtml(
      reply,
      200,
      renderDocument(
        <NewsroomLayout page={p} title={t('作者', 'Authors')}>
          <section class="nr-card">
            <div class="nr-titlebar">
              <h1>{t('作者', 'Authors')}</h1>
              <a class="nr-button" href="/newsroom/authors/new">
                {t('新增作者', 'New author')}
              </a>
            </div>
            <form method="get" action="/newsroom/authors" class="nr-search" role="search">
              <label for="author-q">{t('依姓名搜尋', 'Search by name')}</label>
              <input id="author-q" type="search" name="q" value={q} maxLength={40} />
              <button class="nr-button" type="submit">
                {t('搜尋', 'Search')}
              </button>
            </form>
            <p class="nr-note">{q ? t(`「${q}」找到 ${list.total} 位作者`, `${list.total} authors match “${q}”`) : t(`共 ${list.total} 位作者`, `${list.total} authors`)}</p>
            {list.items.length === 0 ? null : (
              <table class="nr-table">
                <thead>
                  <tr>
                    <th scope="col">{t('顯示名稱', 'Display name')}</th>
                    <th scope="col">{t('類型', 'Kind')}</th>
                    <th scope="col">{t('簡介', 'Bio line')}</th>
                    <th scope="col" class="nr-num">
                      {t('文章數', 'Articles')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((a) => (
                    <tr>
                      <td data-label={t('顯示名稱', 'Display name')}>
                        <a href={`/newsroom/authors/${a.id}`}>{a.name}</a>
                        {a.realName && a.realName !== a.name ? <span class="nr-muted">（{a.realName}）</span> : null}
                      </td>
                      <td data-label={t('類型', 'Kind')} class="nr-nowrap">
                        {kindLabel(a.kind, t)}
                      </td>
                      <td data-label={t('簡介', 'Bio line')}>{a.bio ?? ''}</td>
                      <td data-label={t('文章數', 'Articles')} class="nr-num">
                        {a.articleCount.toLocaleString('zh-Hant-TW')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <Pager t={t} page={list.page} pageCount={list.pageCount} href={href} />
          </section>
        </NewsroomLayout>,
      ),
    );
  });

  const editPage = (request: FastifyRequest, reply: FastifyReply, form: FormState, author: DeskAuthor | null, notice: string | null) => {
    const p = pageFor(request, reply);
    const { t } = p;
    const title = author ? t(`編輯作者：${author.name}`, `Edit author: ${author.name}`) : t('新增作者', 'New author');
    const labels: Record<string, string> = {
      name: t('顯示名稱', 'Display name'),
      kind: t('類型', 'Kind'),
      bio: t('簡介', 'Bio line'),
      longBio: t('詳細介紹', 'Long bio'),
      photoImageId: t('照片', 'Photo'),
      realName: t('真實姓名', 'Real name'),
      email: t('電子郵件', 'E-mail'),
      phone: t('聯絡電話', 'Phone'),
      ...Object.fromEntries(Array.from({ length: LINKS }, (_, i) => [[`linkLabel${i}`, t(`第 ${i + 1} 個連結：文字`, `Link ${i + 1}: text`)], [`linkUrl${i}`, t(`第 ${i + 1} 個連結：網址`, `Link ${i + 1}: address`)]]).flat()),
    };
    return renderDocument(
      <NewsroomLayout page={p} title={title}>
        <section class="nr-card">
          <p class="nr-back">
            <a href="/newsroom/authors">← {t('作者', 'Authors')}</a>
          </p>
          <h1>{title}</h1>
          {notice ? (
            <p class="nr-notice" role="status">
              {notice}
            </p>
          ) : null}
          {author ? (
            <p class="nr-note">
              {t(`#${author.id}・${author.articleCount} 篇文章・`, `#${author.id} · ${author.articleCount} articles · `)}
              <a href={paths.author(author.id)}>{t('公開的作者頁', 'Public author page')}</a>
            </p>
          ) : null}
          <form method="post" action={author ? `/newsroom/authors/${author.id}` : '/newsroom/authors/new'} novalidate>
            <CsrfField token={p.csrf} />
            <ErrorSummary heading={problemsHeading(t)} form={form} labels={labels} />
            <fieldset class="nr-group">
              <legend>{t('公開資料（讀者看得到）', 'Public (readers see this)')}</legend>
              <TextField form={form} name="name" label={labels.name ?? ''} hint={t('署名用的名字，可以是筆名。', 'The name in bylines; may be a pen name.')} required maxLength={40} />
              <SelectField form={form} name="kind" label={labels.kind ?? ''} options={AUTHOR_KINDS.map((k) => [k, kindLabel(k, t)])} />
              <TextField form={form} name="bio" label={labels.bio ?? ''} hint={t('「●名字／」之後的那一行，例：台灣大學政治系教授。', 'The line after 「●Name／」, e.g. professor of political science.')} maxLength={60} />
              <TextAreaField form={form} name="longBio" label={labels.longBio ?? ''} hint={t('作者頁上的介紹（純文字，最多 2,000 字）。', 'Shown on the author page (plain text, 2,000 characters at most).')} rows={5} />
              <TextField
                form={form}
                name="photoImageId"
                label={labels.photoImageId ?? ''}
                hint={t('媒體庫中圖片的編號；留空則不顯示照片。', 'The id of an image in the media library; leave empty for none.')}
                maxLength={10}
              />
              <LinkRows
                form={form}
                t={t}
                count={rowsToShow(form.values, 'linkLabel', 'linkUrl', LINKS, 1)}
                labelPrefix="linkLabel"
                urlPrefix="linkUrl"
                legend={t('連結', 'Links')}
                hint={t('個人網站、專欄等，顯示在作者頁。網址以 https://、http:// 或 / 開頭。', 'Their site, other columns… shown on the author page. An address starts with https://, http:// or /.')}
              />
            </fieldset>
            <fieldset class="nr-group nr-private">
              <legend>{t('不公開資料（只有新聞室看得到）', 'Private (the newsroom only)')}</legend>
              <TextField form={form} name="realName" label={labels.realName ?? ''} maxLength={40} />
              <TextField form={form} name="email" label={labels.email ?? ''} type="email" maxLength={254} />
              <TextField form={form} name="phone" label={labels.phone ?? ''} type="tel" maxLength={30} />
            </fieldset>
            <button class="nr-button" type="submit">
              {author ? t('儲存', 'Save') : t('新增作者', 'Create author')}
            </button>
          </form>
        </section>
      </NewsroomLayout>,
    );
  };

  const input = (values: Readonly<Record<string, string>>) => ({
    name: values.name ?? '',
    kind: values.kind ?? '',
    bio: values.bio ?? '',
    longBio: values.longBio ?? '',
    photoImageId: values.photoImageId ?? '',
    realName: values.realName ?? '',
    email: values.email ?? '',
    phone: values.phone ?? '',
    links: readRows(values, 'linkLabel', 'linkUrl', LINKS),
  });

  app.get('/authors/new', async (request, reply) => {
    staffWho(request, 'authors.manage');
    return sendHtml(reply, 200, editPage(request, reply, { values: { kind: 'columnist' }, errors: emptyForm.errors }, null, null));
  });

  app.post('/authors/new', async (request, reply) => {
    staffWho(request, 'authors.manage');
    const { t } = pageFor(request, reply);
    const values = formValues(request.body);
    const result = await saveAuthor(deps, null, input(values), { actor: actorOf(request), reindex: reindexArticles, t });
    if (!result.ok) return sendHtml(reply, 422, editPage(request, reply, { values, errors: fieldErrors(result.errors, LINK_ROWS) }, null, null));
    return reply.redirect(`/newsroom/authors/${result.id}?saved=1`, 303);
  });

  app.get('/authors/:id', async (request, reply) => {
    staffWho(request, 'authors.manage');
    const author = await getAuthorForDesk(deps, pathId(request.params));
    if (!author) throw new AppError('page_not_found', 404, 'no such author');
    const { t } = pageFor(request, reply);
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return sendHtml(reply, 200, editPage(request, reply, { values: valuesOf(author), errors: {} }, author, saved ? t('已儲存。公開頁面已更新。', 'Saved. The public pages show the change now.') : null));
  });

  app.post('/authors/:id', async (request, reply) => {
    staffWho(request, 'authors.manage');
    const id = pathId(request.params);
    const author = await getAuthorForDesk(deps, id);
    if (!author) throw new AppError('page_not_found', 404, 'no such author');
    const { t } = pageFor(request, reply);
    const values = formValues(request.body);
    const result = await saveAuthor(deps, id, input(values), { actor: actorOf(request), reindex: reindexArticles, t });
    if (!result.ok) return sendHtml(reply, 422, editPage(request, reply, { values, errors: fieldErrors(result.errors, LINK_ROWS) }, author, null));
    return reply.redirect(`/newsroom/authors/${id}?saved=1`, 303);
  });
}
