import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type EditorialSettings, getEditorialSettings, MAX_CHROME_LINKS, READING_SPEED, saveEditorialSettings } from '../../modules/settings/index.js';
import { type FormState, formValues } from '../../platform/http/forms.js';
import { ErrorSummary, TextAreaField, TextField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { actorOf, CheckboxField, fieldErrors, LinkRows, readRows, rowsToShow, rowValues, sendHtml, staffWho } from './editorial.shared.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import { problemsHeading } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';

const LINK_ROWS = { chromeLinks: { label: 'linkLabel', url: 'linkUrl' } };

function valuesOf(s: EditorialSettings): Record<string, string> {
  return {
    disclaimer: s.disclaimer,
    readingCharsPerMinute: String(s.readingCharsPerMinute),
    editorsMaySchedule: s.editorsMaySchedule ? 'on' : '',
    submissionGuidelines: s.submissionGuidelines,
    ...rowValues(s.chromeLinks, 'linkLabel', 'linkUrl'),
  };
}

/** /newsroom/settings: the editorial settings that change without a restart (settings.manage). */
export async function registerSettingsRoutes(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const page = (request: FastifyRequest, reply: FastifyReply, form: FormState, notice: string | null) => {
    const p = pageFor(request, reply);
    const { t } = p;
    const rows = rowsToShow(form.values, 'linkLabel', 'linkUrl', MAX_CHROME_LINKS, 2);
    const labels: Record<string, string> = {
      disclaimer: t('免責聲明', 'Disclaimer'),
      readingCharsPerMinute: t('閱讀速度', 'Reading speed'),
      submissionGuidelines: t('投稿須知', 'Submission guidelines'),
      ...Object.fromEntries(Array.from({ length: MAX_CHROME_LINKS }, (_, i) => [[`linkLabel${i}`, t(`第 ${i + 1} 個連結：文字`, `Link ${i + 1}: text`)], [`linkUrl${i}`, t(`第 ${i + 1} 個連結：網址`, `Link ${i + 1}: address`)]]).flat()),
    };
    return renderDocument(
      <NewsroomLayout page={p} title={t('編輯設定', 'Editorial settings')}>
        <section class="nr-card">
          <h1>{t('編輯設定', 'Editorial settings')}</h1>
          {notice ? (
            <p class="nr-notice" role="status">
              {notice}
            </p>
          ) : null}
          <p class="nr-note">
            {t('這些設定存在資料庫，儲存後所有網站頁面立即更新，不必重新啟動。網站名稱、網址與資料庫等基礎設定仍由環境變數決定。', 'These settings live in the database: every site page shows a change at once, without a restart. Site name, addresses and the database stay in environment variables.')}
          </p>
          <form method="post" action="/newsroom/settings" novalidate>
            <CsrfField token={p.csrf} />
            <ErrorSummary heading={problemsHeading(t)} form={form} labels={labels} />
            <TextField
              form={form}
              name="disclaimer"
              label={labels.disclaimer ?? ''}
              hint={t('每篇評論文末的一句話；留空則不顯示。', 'The sentence under every opinion piece; leave empty to show none.')}
              maxLength={300}
            />
            <LinkRows
              form={form}
              t={t}
              count={rows}
              labelPrefix="linkLabel"
              urlPrefix="linkUrl"
              legend={t('頁首與頁尾連結', 'Header and footer links')}
              hint={t(`依序顯示，最多 ${MAX_CHROME_LINKS} 個。網址以 https://、http:// 或站內路徑 / 開頭；清空一列即移除該連結。`, `Shown in this order, ${MAX_CHROME_LINKS} at most. An address starts with https://, http:// or a site path /; clear a row to remove its link.`)}
            />
            <TextField
              form={form}
              name="readingCharsPerMinute"
              label={labels.readingCharsPerMinute ?? ''}
              hint={t(`每分鐘閱讀字數，用來算「閱讀約 N 分鐘」（${READING_SPEED.min}–${READING_SPEED.max}，常見 400–500）。`, `Characters read a minute, for “about N minutes to read” (${READING_SPEED.min}–${READING_SPEED.max}; 400–500 is usual).`)}
              maxLength={4}
            />
            <CheckboxField
              form={form}
              name="editorsMaySchedule"
              label={t('編輯可自行排程發布', 'Editors may schedule pieces themselves')}
              hint={t('關閉時，只有總編輯與系統管理員能排程。', 'When off, only chief editors and admins may schedule.')}
            />
            <TextAreaField
              form={form}
              name="submissionGuidelines"
              label={labels.submissionGuidelines ?? ''}
              hint={t('「我要投稿」頁面顯示的說明（純文字，空行分段，最多 5,000 字）。', 'Shown on the “Submit a piece” page (plain text, blank lines between paragraphs, 5,000 characters at most).')}
              rows={8}
            />
            <button class="nr-button" type="submit">
              {t('儲存設定', 'Save settings')}
            </button>
          </form>
        </section>
      </NewsroomLayout>,
    );
  };

  app.get('/settings', async (request, reply) => {
    staffWho(request, 'settings.manage');
    const saved = (request.query as Record<string, unknown>).saved === '1';
    const settings = await getEditorialSettings(deps);
    const { t } = pageFor(request, reply);
    return sendHtml(reply, 200, page(request, reply, { values: valuesOf(settings), errors: {} }, saved ? t('已儲存。網站頁面已更新。', 'Saved. The site shows the change now.') : null));
  });

  app.post('/settings', async (request, reply) => {
    staffWho(request, 'settings.manage');
    const { t } = pageFor(request, reply);
    const values = formValues(request.body);
    const result = await saveEditorialSettings(
      deps,
      {
        disclaimer: values.disclaimer ?? '',
        readingCharsPerMinute: values.readingCharsPerMinute ?? '',
        editorsMaySchedule: values.editorsMaySchedule === 'on',
        submissionGuidelines: values.submissionGuidelines ?? '',
        chromeLinks: readRows(values, 'linkLabel', 'linkUrl', MAX_CHROME_LINKS),
      },
      actorOf(request),
      t,
    );
    if (!result.ok) return sendHtml(reply, 422, page(request, reply, { values, errors: fieldErrors(result.errors, LINK_ROWS) }, null));
    return reply.redirect('/newsroom/settings?saved=1', 303);
  });
}
