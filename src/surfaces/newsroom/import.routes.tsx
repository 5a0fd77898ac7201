import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit, may, type User } from '../../modules/accounts/index.js';
import { type DraftImportOutcome, ImportProblem, importPageAsDraft, MAX_IMPORT_BYTES } from '../../modules/importer/index.js';
import { AppError } from '../../platform/errors.js';
import type { FormState } from '../../platform/http/forms.js';
import { ErrorSummary, FieldShell, TextAreaField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import { problemsHeading, type Translate } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';
import { filesIn, MAX_UPLOAD_FILES } from './newsroom.uploads.js';

type FileResult = { name: string; pasted: boolean } & ({ outcome: DraftImportOutcome } | { refused: { zh: string; en: string } });

const editor = (id: number) => `/newsroom/articles/${id}`;

function writer(request: FastifyRequest): User {
  const u = request.staff?.user;
  if (!u) throw new AppError('signed_out', 401, 'no session');
  if (!may(u.role, 'article.write')) throw new AppError('forbidden', 403, `${u.role} may not article.write`);
  return u;
}

/**
 * 匯入: page texts (files or a pasted copy) become drafts, each checked on its own, so one bad file never stops
 * the others; the importer's notes (dropped lines, repeats) go with the draft to the editor page.
 */
export async function registerImportRoutes(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const page = (request: FastifyRequest, reply: FastifyReply, view: { form: FormState; results?: FileResult[]; status?: number }) => {
    const p = pageFor(request, reply);
    const { t } = p;
    const labels = { files: t('檔案', 'Files'), pasted: t('貼上的文字', 'Pasted text') };
    const body = renderDocument(
      <NewsroomLayout page={p} title={t('匯入', 'Import')}>
        <div class="nr-titlebar">
          <h1>{t('匯入頁面文字', 'Import page texts')}</h1>
        </div>
        {view.results ? <Results t={t} results={view.results} /> : null}
        <section class="nr-card" aria-label={t('上傳', 'Upload')}>
          <p class="nr-import-intro">
            {t(
              '每份頁面文字都會成為一篇草稿，不會直接發布；匯入時略過的行與重複的段落會列在草稿的編輯頁上，請檢查後再送審。',
              'Each page text becomes a draft; nothing is published. Lines left out and repeated paragraphs are listed on the draft’s editor page: check them before sending it for review.',
            )}
          </p>
          <ErrorSummary heading={problemsHeading(t)} form={view.form} labels={labels} />
          <form method="post" action="/newsroom/import" enctype="multipart/form-data">
            <CsrfField token={p.csrf} />
            <FieldShell
              name="files"
              label={labels.files}
              hint={t(
                `UTF-8 編碼的 .txt 頁面文字，一次最多 ${MAX_UPLOAD_FILES} 個檔案，每個不超過 1 MB。`,
                `UTF-8 .txt page texts, up to ${MAX_UPLOAD_FILES} files at once, each at most 1 MB.`,
              )}
              error={view.form.errors.files}
            >
              <input id="field-files" type="file" name="files" multiple accept=".txt,text/plain" aria-describedby="hint-files" />
            </FieldShell>
            <TextAreaField
              form={view.form}
              name="pasted"
              label={t('或貼上一頁的文字', 'Or paste the text of a page')}
              hint={t('從瀏覽器複製整頁文字後貼在這裡，會和上面的檔案一起匯入。', 'Copy the whole page in the browser and paste it here; it is imported along with any files above.')}
              rows={10}
            />
            <button class="nr-button" type="submit">
              {t('匯入為草稿', 'Import as drafts')}
            </button>
          </form>
        </section>
      </NewsroomLayout>,
    );
    return reply.code(view.status ?? 200).header('content-type', 'text/html; charset=utf-8').send(body);
  };

  app.get('/import', async (request, reply) => {
    writer(request);
    return page(request, reply, { form: { values: {}, errors: {} } });
  });

  app.post(
    '/import',
    {
      // Files are read for this route only (newsroom.uploads.ts); one over a limit is refused on its own.
      config: { newsroomUploads: true },
    },
    async (request, reply) => {
      const me = writer(request);
      const { t } = pageFor(request, reply);
      const fields = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
      const pasted = typeof fields.pasted === 'string' ? fields.pasted : '';
      const files = filesIn(request.body, 'files');
      if (files.length === 0 && pasted.trim() === '') {
        return page(request, reply, {
          form: { values: { pasted }, errors: { files: t('請選擇至少一個檔案，或貼上一頁的文字。', 'Choose at least one file or paste the text of a page.') } },
          status: 422,
        });
      }
      const inputs: Array<{ name: string; pasted: boolean; bytes: Buffer; truncated: boolean }> = files.map((f) => ({
        name: f.filename || t('（未命名）', '(unnamed)'),
        pasted: false,
        bytes: f.data,
        truncated: f.refused !== null || f.data.length > MAX_IMPORT_BYTES,
      }));
      // The field limit cuts a longer paste off at 1 MB, so reaching it means the page was too large.
      const pastedBytes = Buffer.from(pasted, 'utf8');
      if (pasted.trim() !== '') inputs.push({ name: t('貼上的文字', 'Pasted text'), pasted: true, bytes: pastedBytes, truncated: pastedBytes.length >= MAX_IMPORT_BYTES });

      const results: FileResult[] = [];
      for (const input of inputs) {
        try {
          if (input.truncated) throw new ImportProblem('too_large', '檔案太大，上限 1 MB', 'The file is too large; the limit is 1 MB');
          const outcome = await importPageAsDraft(deps, input.bytes, { userId: me.id }, { note: `匯入：${input.name}` });
          if (outcome.status === 'created') {
            await audit(deps, { userId: me.id, ip: request.ip }, 'article.import', `article:${outcome.id}`, { title: outcome.title, file: input.name });
          }
          results.push({ name: input.name, pasted: input.pasted, outcome });
        } catch (err) {
          if (!(err instanceof ImportProblem)) throw err;
          results.push({ name: input.name, pasted: input.pasted, refused: { zh: err.messageZh, en: err.messageEn } });
        }
      }
      // A refused paste stays in the box to be fixed; an imported one is cleared so it is not sent twice.
      const pastedRefused = results.some((r) => r.pasted && 'refused' in r);
      return page(request, reply, { form: { values: { pasted: pastedRefused ? pasted : '' }, errors: {} }, results });
    },
  );
}

function Results(props: { t: Translate; results: FileResult[] }) {
  const { t, results } = props;
  const created = results.filter((r) => 'outcome' in r && r.outcome.status === 'created').length;
  const existing = results.filter((r) => 'outcome' in r && r.outcome.status === 'exists').length;
  const refused = results.length - created - existing;
  return (
    <section class="nr-card" aria-labelledby="import-results">
      <h2 id="import-results">{t('匯入結果', 'Import results')}</h2>
      <p role="status">
        {t(
          `新增 ${created} 篇草稿，${existing} 篇先前已匯入，${refused} 個無法匯入。`,
          `${created} new drafts, ${existing} already imported, ${refused} refused.`,
        )}
      </p>
      <ul class="nr-import-results">
        {results.map((r) => (
          <li>
            <span class="nr-import-results__file">{r.name}</span>
            {'refused' in r ? (
              <>
                <span class="nr-state nr-state--retracted">{t('無法匯入', 'Refused')}</span>
                <span>{t(r.refused.zh, r.refused.en)}</span>
              </>
            ) : r.outcome.status === 'created' ? (
              <>
                <span class="nr-state nr-state--scheduled">{t('已建立草稿', 'Draft created')}</span>
                <a href={editor(r.outcome.id)}>{r.outcome.title}</a>
                <span class="nr-note">
                  {t(
                    `略過 ${r.outcome.report.dropped.length} 行，重複 ${r.outcome.report.repeats} 段`,
                    `${r.outcome.report.dropped.length} lines left out, ${r.outcome.report.repeats} repeats`,
                  )}
                </span>
              </>
            ) : (
              <>
                <span class="nr-state">{t('先前已匯入', 'Already imported')}</span>
                <a href={editor(r.outcome.id)}>{r.outcome.title}</a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
