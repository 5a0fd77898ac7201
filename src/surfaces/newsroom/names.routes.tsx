import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addNameVariantGroup, listNameVariants, removeNameVariantForm } from '../../modules/search/index.js';
import { emptyForm, type FormState, formValues } from '../../platform/http/forms.js';
import { ErrorSummary, TextField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { actorOf, sendHtml, staffWho } from './editorial.shared.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import { problemsHeading } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';

/** Other forms typed into one field, separated by 、 or commas (a name may contain spaces: 川普 總統 is one form). */
function splitForms(raw: string): string[] {
  return raw
    .split(/[、，,\n]+/)
    .map((f) => f.trim())
    .filter((f) => f !== '');
}

/**
 * /newsroom/names: the name-variant table `opdesk names` edits (names.manage). Variants are applied to queries,
 * not to the index: an addition reaches this server's searches at once and every other within seconds.
 */
export async function registerNamesRoutes(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, form: FormState, notice: string | null) => {
    const p = pageFor(request, reply);
    const { t } = p;
    const { shipped, editors } = await listNameVariants(deps);
    const labels = { taiwan: t('台灣寫法', 'Taiwan form'), forms: t('其他寫法', 'Other forms') };
    return renderDocument(
      <NewsroomLayout page={p} title={t('人名對照', 'Name variants')}>
        <section class="nr-card">
          <h1>{t('人名對照', 'Name variants')}</h1>
          {notice ? (
            <p class="nr-notice" role="status">
              {notice}
            </p>
          ) : null}
          <p class="nr-note">
            {t('搜尋其他寫法時，也會找到台灣寫法的文章（例：特朗普 → 川普），反之亦然。簡體字會先轉成繁體再比對，所以這裡用繁體字填寫。', 'Searching another form also finds articles with the Taiwan form (特朗普 → 川普) and the reverse. Simplified input is converted first, so write Traditional characters here.')}
          </p>
          <h2>{t('新增一組', 'Add a group')}</h2>
          <form method="post" action="/newsroom/names" novalidate>
            <CsrfField token={p.csrf} />
            <ErrorSummary heading={problemsHeading(t)} form={form} labels={labels} />
            <TextField form={form} name="taiwan" label={labels.taiwan} hint={t('台灣媒體慣用的寫法，例：川普。', 'The form Taiwanese media use, e.g. 川普.')} maxLength={30} required />
            <TextField form={form} name="forms" label={labels.forms} hint={t('一個或多個，以頓號或逗號分隔，例：特朗普、特朗普總統。', 'One or more, separated by 、 or commas, e.g. 特朗普、特朗普總統.')} maxLength={330} required />
            <button class="nr-button" type="submit">
              {t('加入', 'Add')}
            </button>
          </form>
        </section>
        <section class="nr-card">
          <h2>{t(`編輯新增的對照（${editors.length}）`, `Added by editors (${editors.length})`)}</h2>
          {editors.length === 0 ? (
            <p>{t('還沒有。', 'None yet.')}</p>
          ) : (
            <table class="nr-table">
              <thead>
                <tr>
                  <th scope="col">{t('台灣寫法', 'Taiwan form')}</th>
                  <th scope="col">{t('其他寫法', 'Other form')}</th>
                  <th scope="col">
                    <span class="nr-visually-hidden">{t('移除', 'Remove')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {editors.map((e) => (
                  <tr>
                    <td data-label={t('台灣寫法', 'Taiwan form')}>{e.taiwan}</td>
                    <td data-label={t('其他寫法', 'Other form')}>{e.form}</td>
                    <td class="nr-row-actions">
                      <form method="post" action="/newsroom/names/remove">
                        <CsrfField token={p.csrf} />
                        <input type="hidden" name="form" value={e.form} />
                        <button class="nr-linkbutton nr-danger" type="submit" aria-label={t(`移除「${e.form}」`, `Remove “${e.form}”`)}>
                          {t('移除', 'Remove')}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="nr-card">
          <details>
            <summary>{t(`內建的對照（${shipped.length} 組，改 assets/search/name-variants.json）`, `Shipped groups (${shipped.length}; edit assets/search/name-variants.json)`)}</summary>
            <table class="nr-table">
              <tbody>
                {shipped.map((g) => (
                  <tr>
                    <td>{g.taiwan}</td>
                    <td>{g.variants.join('、')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </section>
      </NewsroomLayout>,
    );
  };

  app.get('/names', async (request, reply) => {
    staffWho(request, 'names.manage');
    const { t } = pageFor(request, reply);
    const q = request.query as Record<string, unknown>;
    const notice = q.added === '1' ? t('已加入，搜尋立即適用。', 'Added; searches use it now.') : q.removed === '1' ? t('已移除。', 'Removed.') : null;
    return sendHtml(reply, 200, await page(request, reply, emptyForm, notice));
  });

  app.post('/names', async (request, reply) => {
    staffWho(request, 'names.manage');
    const { t } = pageFor(request, reply);
    const values = formValues(request.body);
    const result = await addNameVariantGroup(deps, { taiwan: values.taiwan ?? '', forms: splitForms(values.forms ?? '') }, actorOf(request), t);
    if (!result.ok) return sendHtml(reply, 422, await page(request, reply, { values, errors: result.errors }, null));
    return reply.redirect('/newsroom/names?added=1', 303);
  });

  app.post('/names/remove', async (request, reply) => {
    staffWho(request, 'names.manage');
    const { t } = pageFor(request, reply);
    const form = formValues(request.body).form ?? '';
    const removed = await removeNameVariantForm(deps, form, actorOf(request));
    if (!removed) {
      return sendHtml(reply, 422, await page(request, reply, { values: {}, errors: { '': t(`沒有編輯新增的「${form.slice(0, 40)}」（內建的對照請改 assets/search/name-variants.json）`, `No editor-added form “${form.slice(0, 40)}” (the shipped table is assets/search/name-variants.json)`) } }, null));
    }
    return reply.redirect('/newsroom/names?removed=1', 303);
  });
}
