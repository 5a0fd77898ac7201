import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, listUsers, may, type User } from '../../modules/accounts/index.js';
import { articlesUsingImages, type ImageUseArticle } from '../../modules/articles/index.js';
import {
  CREDIT_TYPES,
  type CreditType,
  getLibraryImage,
  ImageRejected,
  type LibraryImage,
  listLibrary,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  RenditionWorker,
  RIGHTS,
  type Rights,
  updateImageDetails,
  uploadImage,
} from '../../modules/media/index.js';
import { AppError } from '../../platform/errors.js';
import { type FormState, readForm } from '../../platform/http/forms.js';
import { ErrorSummary, SelectField, TextAreaField, TextField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { idText, oneValue, plainText } from '../../platform/http/validation.js';
import { formatTaipeiDateTime } from '../../platform/time.js';
import { paths } from '../urls.js';
import { type NewsroomDeps, type NewsroomPage, pageFor } from './newsroom.context.js';
import { problemsHeading, type Translate } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';
import { filesIn, MAX_UPLOAD_FILES, MAX_UPLOAD_TOTAL_BYTES, type UploadedFile } from './newsroom.uploads.js';

/**
 * 媒體庫: the newsroom's images. Everyone in the newsroom may look (a complaint officer checks what ran);
 * uploading and editing the library's defaults need `media.manage` (docs/ROLES.md). Uploads are checked by
 * their content in the media module; renditions are made by a background worker, never in the request.
 */

const PAGE_SIZE = 24;
const MB = 1024 * 1024;

const CREDIT_TYPE_LABELS: Record<CreditType, [string, string]> = {
  staff: ['本報攝影', 'Staff'],
  agency: ['通訊社／圖庫（如路透、達志影像）', 'Agency (e.g. Reuters, TPG)'],
  contributor: ['特約／投稿者', 'Contributor'],
  handout: ['提供（官方、新聞稿）', 'Handout'],
  screenshot: ['翻攝／截圖', 'Screenshot'],
  cc: ['創用 CC', 'Creative Commons'],
};
const RIGHTS_LABELS: Record<Rights, [string, string]> = {
  owned: ['自有', 'Owned'],
  licensed: ['授權使用', 'Licensed'],
  one_time: ['單次使用', 'One-time use'],
};
const STATE_LABELS: Record<string, [string, string]> = {
  draft: ['草稿', 'Draft'],
  in_review: ['待審', 'In review'],
  scheduled: ['已排程', 'Scheduled'],
  published: ['已發布', 'Published'],
  unlisted: ['不公開列出', 'Unlisted'],
  retracted: ['已撤稿', 'Retracted'],
};

const listQuery = z.object({
  q: oneValue(z.string().max(200, '搜尋文字太長（最多 200 字）')).optional(),
  page: oneValue(idText('頁碼必須是正整數')).optional(),
});
const idParams = z.object({ id: idText('圖片編號必須是正整數') });

/** The edit form's rules, with messages in the screen's language. */
function detailsForm(t: Translate) {
  const optional = (max: number, zh: string, en: string) =>
    plainText(t(`${zh}最多 ${max} 字，且不能有控制字元`, `${en}: at most ${max} characters, no control characters`), max).transform((s) => s.trim() || null);
  const choice = <T extends string>(list: readonly T[]) =>
    z
      .string()
      .refine((s) => s === '' || (list as readonly string[]).includes(s), t('請從清單中選擇', 'Choose from the list'))
      .transform((s) => (s === '' ? null : (s as T)));
  return z
    .object({
      caption: optional(500, '圖說', 'Caption'),
      credit: optional(100, '來源', 'Credit'),
      credit_type: choice(CREDIT_TYPES),
      rights: choice(RIGHTS),
      licence_note: optional(500, '授權說明', 'Licence note'),
      licence_expires_at: z
        .string()
        .trim()
        .refine((s) => s === '' || /^\d{4}-\d{2}-\d{2}$/.test(s), t('請用 YYYY-MM-DD 格式輸入日期，例如 2027-06-30', 'Enter a date as YYYY-MM-DD, e.g. 2027-06-30'))
        .refine((s) => s === '' || !/^\d{4}-\d{2}-\d{2}$/.test(s) || isCalendarDate(s), t('沒有這一天：請檢查月份與日期', 'There is no such day: check the month and day'))
        .transform((s) => s || null),
      alt: optional(300, '替代文字', 'Alt text'),
    })
    .superRefine((f, ctx) => {
      if (f.rights === 'owned' && f.licence_expires_at) {
        ctx.addIssue({ code: 'custom', path: ['licence_expires_at'], message: t('自有圖片沒有授權到期日；若是授權圖片，請把權利改為「授權使用」', 'An owned image has no licence expiry; choose “Licensed” if it is licensed') });
      }
    });
}

function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function formOf(image: LibraryImage): FormState {
  return {
    values: {
      caption: image.caption ?? '',
      credit: image.credit ?? '',
      credit_type: image.creditType ?? '',
      rights: image.rights ?? '',
      licence_note: image.licenceNote ?? '',
      licence_expires_at: image.licenceExpiresAt ?? '',
      alt: image.alt ?? '',
    },
    errors: {},
  };
}

/** What an editor pastes into a body to place the image: ▲〔圖ID〕caption（圖／credit）. */
export function figureSnippet(image: Pick<LibraryImage, 'id' | 'caption' | 'credit'>): string {
  return `▲〔圖${image.id}〕${image.caption ?? ''}${image.credit ? `（圖／${image.credit}）` : ''}`;
}

function sizeText(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The smallest WebP rendition at least `width` wide (or the largest there is), else the original. */
function previewUrl(image: LibraryImage, width: number): string {
  const webp = image.renditions.filter((r) => r.format === 'webp').sort((a, b) => a.width - b.width);
  const pick = webp.find((r) => r.width >= width) ?? webp[webp.length - 1];
  return pick ? paths.rendition(pick.key) : paths.media(image.storageKey);
}

function licenceExpired(image: LibraryImage, today: string): boolean {
  return image.licenceExpiresAt !== null && image.licenceExpiresAt < today;
}


/** One upload's outcome, shown beside its file name. */
type UploadOutcome = { filename: string; image: LibraryImage; created: boolean } | { filename: string; reason: string };

export async function registerMediaRoutes(fastify: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Renditions for this process's uploads; at start the primary's worker (app/server.ts) makes any still missing.
  const worker = new RenditionWorker({ db: deps.db, clock: deps.clock, mediaDir: deps.config.mediaDir, log: deps.log, changes: deps.changes });
  app.addHook('onClose', async () => worker.stop());
  const mediaDeps = { db: deps.db, clock: deps.clock, mediaDir: deps.config.mediaDir, changes: deps.changes };
  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body);
  const today = () => new Date(deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);

  const staffOf = (request: FastifyRequest): User => {
    const user = request.staff?.user;
    if (!user) throw new AppError('signed_out', 401, 'no session');
    return user;
  };
  const manager = (request: FastifyRequest): User => {
    const user = staffOf(request);
    if (!may(user.role, 'media.manage')) throw new AppError('forbidden', 403, 'media.manage needed');
    return user;
  };
  /**
   * Before a multipart body is read: only an active session with media.manage gets its files read at all. (The
   * surface's guard runs after the body is parsed, which for an upload means after megabytes were buffered.)
   */
  const mayUploadBeforeBody = async (request: FastifyRequest) => {
    if (!request.staff || request.staff.stage !== 'active') throw new AppError('signed_out', 401, 'no active session');
    if (!may(request.staff.user.role, 'media.manage')) throw new AppError('forbidden', 403, 'media.manage needed');
  };

  // ---- the library ------------------------------------------------------------------------------------------

  app.get('/media', { schema: { querystring: listQuery } }, async (request, reply) => {
    const user = staffOf(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const query = request.query.q ?? '';
    const pageNo = request.query.page ?? 1;
    const { images, hasMore } = await listLibrary(deps, { query, page: pageNo, pageSize: PAGE_SIZE });
    const uses = await articlesUsingImages(deps, images.map((i) => i.id));
    const link = (n: number) => `/newsroom/media?${new URLSearchParams({ ...(query ? { q: query } : {}), ...(n > 1 ? { page: String(n) } : {}) }).toString()}`.replace(/\?$/, '');
    const day = today();
    const body = renderDocument(
      <NewsroomLayout page={page} title={t('媒體庫', 'Media library')} wide>
        <section class="nr-card">
          <div class="nr-titlebar">
            <h1>{t('媒體庫', 'Media library')}</h1>
            {may(user.role, 'media.manage') ? (
              <a class="nr-button" href="/newsroom/media/upload">
                {t('上傳圖片', 'Upload images')}
              </a>
            ) : null}
          </div>
          <form method="get" action="/newsroom/media" class="nr-search" role="search">
            <label for="media-q">{t('搜尋圖說、來源或檔名', 'Search captions, credits or file names')}</label>
            <div class="nr-search__row">
              <input id="media-q" type="search" name="q" value={query} maxLength={200} />
              <button class="nr-button" type="submit">
                {t('搜尋', 'Search')}
              </button>
            </div>
          </form>
          {images.length === 0 ? (
            <p>{query ? t(`沒有符合「${query}」的圖片。`, `No images match “${query}”.`) : t('媒體庫還沒有圖片。', 'The library has no images yet.')}</p>
          ) : (
            <ul class="nr-media-grid">
              {images.map((image) => {
                const used = uses.get(image.id)?.length ?? 0;
                return (
                  <li class="nr-media-card">
                    <a href={`/newsroom/media/${image.id}`} class="nr-media-card__thumb">
                      <img src={previewUrl(image, 320)} alt={image.alt ?? ''} loading="lazy" width={image.width} height={image.height} />
                    </a>
                    <div class="nr-media-card__body">
                      <p class="nr-media-card__id">
                        <a href={`/newsroom/media/${image.id}`}>{t(`圖 ${image.id}`, `Image ${image.id}`)}</a>
                      </p>
                      <p class={image.caption ? 'nr-media-card__caption' : 'nr-media-card__caption nr-muted'}>{image.caption ?? t('（沒有圖說）', '(no caption)')}</p>
                      <p class="nr-media-card__meta">
                        {image.credit ? `${t('圖／', 'Credit: ')}${image.credit}` : t('未填來源', 'No credit')}
                      </p>
                      <p class="nr-media-card__meta">
                        <span class="nr-nowrap">
                          {image.width} × {image.height}
                        </span>{' '}
                        · <span class="nr-nowrap">{sizeText(image.bytes)}</span> · <span class="nr-nowrap">{t(`用於 ${used} 篇`, `Used in ${used}`)}</span>
                      </p>
                      {!image.alt ? <p class="nr-flag">{t('缺替代文字', 'No alt text')}</p> : null}
                      {licenceExpired(image, day) ? <p class="nr-flag nr-flag--bad">{t('授權已到期', 'Licence expired')}</p> : null}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          {pageNo > 1 || hasMore ? (
            <nav class="nr-pager" aria-label={t('分頁', 'Pages')}>
              {pageNo > 1 ? <a href={link(pageNo - 1)}>{t('← 上一頁', '← Previous')}</a> : <span />}
              <span>{t(`第 ${pageNo} 頁`, `Page ${pageNo}`)}</span>
              {hasMore ? <a href={link(pageNo + 1)}>{t('下一頁 →', 'Next →')}</a> : <span />}
            </nav>
          ) : null}
        </section>
      </NewsroomLayout>,
    );
    return html(reply, 200, body);
  });

  // ---- upload -----------------------------------------------------------------------------------------------

  const uploadPage = (page: NewsroomPage, outcomes: UploadOutcome[], formError: string | null) => {
    const { t } = page;
    const refused = outcomes.flatMap((o) => ('reason' in o ? [o] : []));
    const stored = outcomes.flatMap((o) => ('image' in o ? [o] : []));
    return renderDocument(
      <NewsroomLayout page={page} title={t('上傳圖片', 'Upload images')}>
        <section class="nr-card">
          <p class="nr-crumbs">
            <a href="/newsroom/media">{t('媒體庫', 'Media library')}</a>
          </p>
          <h1>{t('上傳圖片', 'Upload images')}</h1>
          {outcomes.length > 0 ? (
            <p class="nr-upload-summary" role="status">
              {t(`收到 ${outcomes.length} 個檔案：${stored.length} 個已存入媒體庫，${refused.length} 個被拒絕。`, `${outcomes.length} files: ${stored.length} stored in the library, ${refused.length} refused.`)}
            </p>
          ) : null}
          {refused.length > 0 ? (
            <div class="form-errors" role="alert">
              <p class="form-errors__title">{t('以下檔案沒有存入：', 'These files were not stored:')}</p>
              <ul class="nr-upload-results">
                {refused.map((o) => (
                  <li class="nr-upload-results__refused">
                    <strong>{o.filename || t('（沒有檔名）', '(no name)')}</strong>：{o.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {stored.length > 0 ? (
            <div class="nr-notice">
              <p>{t('已存入媒體庫。請檢查圖說與來源，並補上替代文字與使用權利：', 'Stored in the library. Check the caption and credit, and add alt text and rights:')}</p>
              <ul class="nr-upload-stored">
                {stored.map((o) => (
                  <li>
                    <a href={`/newsroom/media/${o.image.id}`} class="nr-upload-stored__thumb">
                      <img src={previewUrl(o.image, 160)} alt="" width={o.image.width} height={o.image.height} />
                    </a>
                    <div>
                      <p>
                        <a href={`/newsroom/media/${o.image.id}`}>{t(`圖 ${o.image.id}`, `Image ${o.image.id}`)}</a>
                        <span class="nr-muted nr-break">
                          {' '}
                          {o.filename}
                          {o.created ? '' : t('（媒體庫已有同一個檔案）', ' (the library already had this file)')}
                        </span>
                      </p>
                      <p>{o.image.caption ? `${t('圖說', 'Caption')}：${o.image.caption}` : t('沒有圖說', 'No caption')}</p>
                      <p class="nr-muted">{o.image.credit ? `${t('來源', 'Credit')}：${o.image.credit}` : t('沒有來源', 'No credit')}</p>
                    </div>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {formError ? (
            <div class="form-errors" role="alert">
              <p class="form-errors__title">{formError}</p>
            </div>
          ) : null}
          <form method="post" action="/newsroom/media/upload" enctype="multipart/form-data">
            <CsrfField token={page.csrf} />
            <div class="field">
              <label class="field__label" for="field-files">
                {t('選擇圖片（可一次選多張）', 'Choose images (several at once is fine)')}
              </label>
              <p class="field__hint" id="hint-files">
                {t(
                  `JPEG、PNG、WebP 或 AVIF；每張最多 ${MAX_IMAGE_BYTES / MB} MB、${MAX_IMAGE_PIXELS / 1_000_000} 百萬像素，一次最多 ${MAX_UPLOAD_FILES} 張、共 ${MAX_UPLOAD_TOTAL_BYTES / MB} MB。圖檔內的 GPS 位置與相機資料會移除；IPTC／XMP 裡的圖說與來源會自動帶入。`,
                  `JPEG, PNG, WebP or AVIF; each at most ${MAX_IMAGE_BYTES / MB} MB and ${MAX_IMAGE_PIXELS / 1_000_000} megapixels, at most ${MAX_UPLOAD_FILES} files and ${MAX_UPLOAD_TOTAL_BYTES / MB} MB at once. GPS positions and camera data are removed; captions and credits in IPTC/XMP are filled in.`,
                )}
              </p>
              <input id="field-files" type="file" name="files" multiple accept="image/jpeg,image/png,image/webp,image/avif" aria-describedby="hint-files" />
            </div>
            <button class="nr-button" type="submit">
              {t('上傳', 'Upload')}
            </button>
          </form>
        </section>
      </NewsroomLayout>,
    );
  };

  app.get('/media/upload', async (request, reply) => {
    manager(request);
    return html(reply, 200, uploadPage(pageFor(request, reply), [], null));
  });

  app.post('/media/upload', { config: { newsroomUploads: true }, onRequest: mayUploadBeforeBody }, async (request, reply) => {
    const user = manager(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const files = filesIn(request.body, 'files');
    if (files.length === 0) return html(reply, 422, uploadPage(page, [], t('請選擇至少一個圖片檔。', 'Choose at least one image file.')));
    const outcomes: UploadOutcome[] = [];
    // One at a time: each decode can take a few hundred MB at the pixel limit.
    for (const file of files) outcomes.push(await storeUpload(file, user, t));
    const stored = outcomes.flatMap((o) => ('image' in o ? [o] : []));
    for (const o of stored) if (o.created) worker.enqueue(o.image);
    if (stored.length > 0) {
      await audit(deps, { userId: user.id, ip: request.ip }, 'media.upload', stored.map((o) => `image:${o.image.id}`).join(','), {
        files: stored.map((o) => ({ id: o.image.id, name: o.filename, new: o.created })),
      });
    }
    return html(reply, stored.length === outcomes.length ? 200 : 422, uploadPage(page, outcomes, null));
  });

  const storeUpload = async (file: UploadedFile, user: User, t: Translate): Promise<UploadOutcome> => {
    if (file.refused === 'too_large') return { filename: file.filename, reason: t(`檔案超過 ${MAX_IMAGE_BYTES / MB} MB，沒有存入`, `The file is larger than ${MAX_IMAGE_BYTES / MB} MB; not stored.`) };
    if (file.refused === 'too_much_at_once') {
      return { filename: file.filename, reason: t(`這次上傳的檔案合計超過 ${MAX_UPLOAD_TOTAL_BYTES / MB} MB，這個檔案沒有存入，請分批上傳`, `The files together are over ${MAX_UPLOAD_TOTAL_BYTES / MB} MB; this one was not stored. Upload in smaller batches.`) };
    }
    try {
      const { image, created } = await uploadImage(mediaDeps, { bytes: file.data, originalName: file.filename || null, uploadedBy: user.id });
      return { filename: file.filename, image, created };
    } catch (err) {
      if (err instanceof ImageRejected) return { filename: file.filename, reason: t(err.reasonZh, err.reasonEn) };
      throw err;
    }
  };

  // ---- one image --------------------------------------------------------------------------------------------

  const detailPage = async (page: NewsroomPage, image: LibraryImage, form: FormState, saved: boolean) => {
    const { t, user } = page;
    const canEdit = user !== null && may(user.role, 'media.manage');
    const uses: ImageUseArticle[] = (await articlesUsingImages(deps, [image.id])).get(image.id) ?? [];
    const uploader = image.uploadedBy === null ? null : ((await listUsers(deps)).find((u) => u.id === image.uploadedBy) ?? null);
    const snippet = figureSnippet(image);
    const labels = {
      caption: t('預設圖說', 'Default caption'),
      credit: t('來源（圖／…）', 'Credit'),
      credit_type: t('來源類型', 'Credit type'),
      rights: t('使用權利', 'Rights'),
      licence_note: t('授權說明', 'Licence note'),
      licence_expires_at: t('授權到期日', 'Licence expires'),
      alt: t('預設替代文字（alt）', 'Default alt text'),
    };
    const avif = image.renditions.filter((r) => r.format === 'avif').length;
    const webp = image.renditions.filter((r) => r.format === 'webp').length;
    return renderDocument(
      <NewsroomLayout page={page} title={t(`圖 ${image.id}`, `Image ${image.id}`)} wide>
        <section class="nr-card">
          <p class="nr-crumbs">
            <a href="/newsroom/media">{t('媒體庫', 'Media library')}</a>
          </p>
          <h1>{t(`圖 ${image.id}`, `Image ${image.id}`)}</h1>
          {saved ? (
            <p class="nr-notice" role="status">
              {t('已儲存。', 'Saved.')}
            </p>
          ) : null}
          <div class="nr-media-detail">
            <div class="nr-media-detail__image">
              <a href={paths.media(image.storageKey)}>
                <img src={previewUrl(image, 800)} alt={image.alt ?? ''} width={image.width} height={image.height} />
              </a>
              <dl class="nr-facts">
                <dt>{t('尺寸', 'Size')}</dt>
                <dd>
                  {image.width} × {image.height} {t('像素', 'px')} · {sizeText(image.bytes)} · {image.mime.replace('image/', '').toUpperCase()}
                </dd>
                <dt>{t('縮圖', 'Renditions')}</dt>
                <dd>{image.renditions.length > 0 ? `WebP ${webp} · AVIF ${avif}` : t('製作中（背景處理）', 'Being made in the background')}</dd>
                <dt>{t('上傳', 'Uploaded')}</dt>
                <dd>
                  {formatTaipeiDateTime(image.createdAt)}
                  {uploader ? ` · ${uploader.displayName}` : ''}
                </dd>
                {image.originalName ? (
                  <>
                    <dt>{t('原始檔名', 'Original file name')}</dt>
                    <dd class="nr-break">{image.originalName}</dd>
                  </>
                ) : null}
              </dl>
            </div>
            <div class="nr-media-detail__form">
              <div class="field">
                <label class="field__label" for="snippet">
                  {t('放進內文：複製這一行貼到文章中', 'To place it in a body, copy this line into the article')}
                </label>
                <textarea id="snippet" class="nr-snippet" readOnly rows={3}>
                  {snippet}
                </textarea>
              </div>
              {canEdit ? (
                <form method="post" action={`/newsroom/media/${image.id}`} novalidate>
                  <CsrfField token={page.csrf} />
                  <ErrorSummary heading={problemsHeading(t)} form={form} labels={labels} />
                  <TextAreaField form={form} name="caption" label={labels.caption} rows={3} hint={t('文章中每次使用可另寫圖說；這是預設的。', 'Each use in an article may have its own caption; this is the default.')} />
                  <TextField form={form} name="credit" label={labels.credit} hint={t('例如：路透、達志影像、本報記者王小明攝', 'e.g. Reuters, TPG, staff photographer')} maxLength={100} />
                  <SelectField form={form} name="credit_type" label={labels.credit_type} none={t('（未指定）', '(not set)')} options={CREDIT_TYPES.map((c) => [c, t(...CREDIT_TYPE_LABELS[c])])} />
                  <SelectField form={form} name="rights" label={labels.rights} none={t('（未指定）', '(not set)')} options={RIGHTS.map((r) => [r, t(...RIGHTS_LABELS[r])])} />
                  <TextAreaField form={form} name="licence_note" label={labels.licence_note} rows={2} hint={t('授權範圍、合約編號等', 'Scope, contract number and the like')} />
                  <TextField form={form} name="licence_expires_at" label={labels.licence_expires_at} hint={t('最後可使用的日期（YYYY-MM-DD），到期後不能發布使用它的文章', 'The last day of use (YYYY-MM-DD); after it, articles using the image cannot be published')} maxLength={10} />
                  <TextAreaField form={form} name="alt" label={labels.alt} rows={2} hint={t('為看不到圖片的讀者描述畫面；發布前必須有（文章中的圖說區塊也可各自填寫）', 'Describe the picture for readers who cannot see it; required before publishing (a figure may have its own)')} />
                  <button class="nr-button" type="submit">
                    {t('儲存', 'Save')}
                  </button>
                </form>
              ) : (
                <dl class="nr-facts">
                  <dt>{labels.caption}</dt>
                  <dd>{image.caption ?? '—'}</dd>
                  <dt>{labels.credit}</dt>
                  <dd>{image.credit ?? '—'}</dd>
                  <dt>{labels.credit_type}</dt>
                  <dd>{image.creditType ? t(...CREDIT_TYPE_LABELS[image.creditType]) : '—'}</dd>
                  <dt>{labels.rights}</dt>
                  <dd>{image.rights ? t(...RIGHTS_LABELS[image.rights]) : '—'}</dd>
                  <dt>{labels.licence_note}</dt>
                  <dd>{image.licenceNote ?? '—'}</dd>
                  <dt>{labels.licence_expires_at}</dt>
                  <dd>{image.licenceExpiresAt ?? '—'}</dd>
                  <dt>{labels.alt}</dt>
                  <dd>{image.alt ?? '—'}</dd>
                </dl>
              )}
            </div>
          </div>
        </section>
        <section class="nr-card">
          <h2>{t(`使用這張圖的文章（${uses.length}）`, `Articles using this image (${uses.length})`)}</h2>
          {uses.length === 0 ? (
            <p>{t('還沒有文章使用這張圖。', 'No article uses this image yet.')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('標題', 'Title')}</th>
                  <th scope="col">{t('狀態', 'State')}</th>
                  <th scope="col">{t('更新時間', 'Updated')}</th>
                </tr>
              </thead>
              <tbody>
                {uses.map((a) => (
                  <tr>
                    <td>{a.state === 'published' || a.state === 'unlisted' ? <a href={paths.article(a.id)}>{a.title}</a> : a.title}</td>
                    <td class="nr-nowrap">{t(...(STATE_LABELS[a.state] ?? [a.state, a.state]))}</td>
                    <td class="nr-nowrap">{formatTaipeiDateTime(a.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </NewsroomLayout>,
    );
  };

  const found = async (id: number) => {
    const image = await getLibraryImage(deps, id);
    if (!image) throw new AppError('image_not_found', 404, `no image ${id}`);
    return image;
  };

  app.get('/media/:id', { schema: { params: idParams } }, async (request, reply) => {
    staffOf(request);
    const image = await found(request.params.id);
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return html(reply, 200, await detailPage(pageFor(request, reply), image, formOf(image), saved));
  });

  app.post('/media/:id', { schema: { params: idParams } }, async (request, reply) => {
    const user = manager(request);
    const page = pageFor(request, reply);
    const image = await found(request.params.id);
    const form = readForm(detailsForm(page.t), request.body);
    if (!form.ok) return html(reply, 422, await detailPage(page, image, form.state, false));
    const d = form.data;
    const details = { caption: d.caption, credit: d.credit, creditType: d.credit_type, rights: d.rights, licenceNote: d.licence_note, licenceExpiresAt: d.licence_expires_at, alt: d.alt };
    await updateImageDetails(mediaDeps, image.id, details);
    await audit(deps, { userId: user.id, ip: request.ip }, 'media.edit', `image:${image.id}`, {});
    return reply.redirect(`/newsroom/media/${image.id}?saved=1`, 303);
  });
}

