import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type DeclineTemplate,
  type EditorialSettings,
  getEditorialSettings,
  MAX_CHROME_LINKS,
  MAX_DECLINE_TEMPLATES,
  READING_SPEED,
  SUBMISSION_LIMITS as L,
  saveEditorialSettings,
} from '../../modules/settings/index.js';
import { type FormState, formValues } from '../../platform/http/forms.js';
import { ErrorSummary, TextAreaField, TextField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { actorOf, CheckboxField, fieldErrors, LinkRows, readRows, rowsToShow, rowValues, sendHtml, staffWho } from './editorial.shared.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import { problemsHeading } from './newsroom.i18n.js';
import type { Translate } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';

const LIST_ROWS = { chromeLinks: { label: 'linkLabel', url: 'linkUrl' }, submissionDeclineTemplates: { label: 'declineLabel', text: 'declineText' } };

function valuesOf(s: EditorialSettings): Record<string, string> {
  const templates: Record<string, string> = {};
  s.submissionDeclineTemplates.forEach((row, i) => {
    templates[`declineLabel${i}`] = row.label;
    templates[`declineText${i}`] = row.text;
  });
  return {
    disclaimer: s.disclaimer,
    readingCharsPerMinute: String(s.readingCharsPerMinute),
    editorsMaySchedule: s.editorsMaySchedule ? 'on' : '',
    submissionGuidelines: s.submissionGuidelines,
    ...rowValues(s.chromeLinks, 'linkLabel', 'linkUrl'),
    submissionMinChars: String(s.submissionMinChars),
    submissionMaxChars: String(s.submissionMaxChars),
    submissionMaxImages: String(s.submissionMaxImages),
    submissionAnswerDays: String(s.submissionAnswerDays),
    submissionTellDeclined: s.submissionTellDeclined ? 'on' : '',
    submissionRetentionDays: String(s.submissionRetentionDays),
    submissionTermsVersion: s.submissionTermsVersion,
    submissionTerms: s.submissionTerms,
    ...templates,
    extraHolidays: s.extraHolidays.map((h) => `${h.date} ${h.name}`).join('\n'),
  };
}

function readTemplates(values: Readonly<Record<string, string>>): DeclineTemplate[] {
  return Array.from({ length: MAX_DECLINE_TEMPLATES }, (_, i) => ({ label: values[`declineLabel${i}`] ?? '', text: values[`declineText${i}`] ?? '' }));
}

/** Every template that holds something, then one empty row to add another. */
function templateRowsToShow(values: Readonly<Record<string, string>>): number {
  let last = -1;
  readTemplates(values).forEach((r, i) => {
    if (r.label !== '' || r.text !== '') last = i;
  });
  return Math.min(MAX_DECLINE_TEMPLATES, last + 2);
}

function DeclineTemplateRows(props: { form: FormState; t: Translate; count: number }) {
  const { form, t } = props;
  return (
    <fieldset class="nr-group">
      <legend>{t('婉拒回覆範本', 'Decline templates')}</legend>
      <p class="field__hint">
        {t(`婉拒投稿時可選用、再修改的回覆，最多 ${MAX_DECLINE_TEMPLATES} 個；清空一列即移除該範本。`, `Replies to start from when declining a piece, ${MAX_DECLINE_TEMPLATES} at most; clear a row to remove its template.`)}
      </p>
      <ol class="nr-linkrows">
        {Array.from({ length: props.count }, (_, i) => (
          <li>
            <TextField form={form} name={`declineLabel${i}`} label={t(`第 ${i + 1} 個範本：名稱`, `Template ${i + 1}: name`)} maxLength={40} />
            <TextAreaField form={form} name={`declineText${i}`} label={t(`第 ${i + 1} 個範本：回覆內容`, `Template ${i + 1}: reply`)} rows={3} />
          </li>
        ))}
      </ol>
    </fieldset>
  );
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
      submissionMinChars: t('最少字數', 'Minimum length'),
      submissionMaxChars: t('最多字數', 'Maximum length'),
      submissionMaxImages: t('圖片張數上限', 'Images at most'),
      submissionAnswerDays: t('回覆期限（工作天）', 'Time to answer (business days)'),
      submissionRetentionDays: t('個資保存天數', 'Personal data kept for (days)'),
      submissionTermsVersion: t('條款版本', 'Terms version'),
      submissionTerms: t('個資告知與授權條款', 'Personal-data notice and licence terms'),
      ...Object.fromEntries(Array.from({ length: MAX_DECLINE_TEMPLATES }, (_, i) => [[`declineLabel${i}`, t(`第 ${i + 1} 個範本：名稱`, `Template ${i + 1}: name`)], [`declineText${i}`, t(`第 ${i + 1} 個範本：回覆內容`, `Template ${i + 1}: reply`)]]).flat()),
      extraHolidays: t('額外放假日', 'Extra days off'),
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
            <h2 id="submissions">{t('投稿', 'Submissions')}</h2>
            <TextAreaField
              form={form}
              name="submissionGuidelines"
              label={labels.submissionGuidelines ?? ''}
              hint={t('「我要投稿」頁面顯示的說明（純文字，空行分段，最多 5,000 字）。', 'Shown on the “Submit a piece” page (plain text, blank lines between paragraphs, 5,000 characters at most).')}
              rows={8}
            />
            <TextField
              form={form}
              name="submissionMinChars"
              label={labels.submissionMinChars ?? ''}
              hint={t(`內文至少幾個字（${L.chars.min}–${L.chars.max}，須小於最多字數）。`, `Characters the body needs at least (${L.chars.min}–${L.chars.max}, below the maximum).`)}
              maxLength={5}
            />
            <TextField
              form={form}
              name="submissionMaxChars"
              label={labels.submissionMaxChars ?? ''}
              hint={t(`內文最多幾個字（${L.chars.min}–${L.chars.max}）。`, `Characters the body may have at most (${L.chars.min}–${L.chars.max}).`)}
              maxLength={5}
            />
            <TextField
              form={form}
              name="submissionMaxImages"
              label={labels.submissionMaxImages ?? ''}
              hint={t(`投稿可附的圖片張數（${L.images.min}–${L.images.max}；0 表示不收圖片）。`, `Images a writer may attach (${L.images.min}–${L.images.max}; 0 accepts none).`)}
              maxLength={2}
            />
            <TextField
              form={form}
              name="submissionAnswerDays"
              label={labels.submissionAnswerDays ?? ''}
              hint={t(
                `收稿後幾個工作天內回覆（${L.answerDays.min}–${L.answerDays.max}）；逾期即告知作者可改投他處。週末、國定假日與下方的額外放假日不算，補班日算。`,
                `Business days the desk has to answer (${L.answerDays.min}–${L.answerDays.max}); after that the writer is told they may offer the piece elsewhere. Weekends, public holidays and the extra days off below do not count; make-up workdays do.`,
              )}
              maxLength={2}
            />
            <CheckboxField
              form={form}
              name="submissionTellDeclined"
              label={t('婉拒時寄信通知作者', 'E-mail writers whose piece is declined')}
              hint={t('關閉時，未獲採用的投稿不另通知。', 'When off, declined writers are not told.')}
            />
            <TextField
              form={form}
              name="submissionRetentionDays"
              label={labels.submissionRetentionDays ?? ''}
              hint={t(
                `未採用、撤回、逾期或濫發的投稿，結案幾天後刪除投稿人的個人資料（${L.retentionDays.min}–${L.retentionDays.max}）。請與條款內文一致。`,
                `Days after a declined, withdrawn, expired or spam submission is closed before the writer's personal data is deleted (${L.retentionDays.min}–${L.retentionDays.max}). Keep the terms below in step.`,
              )}
              maxLength={4}
            />
            <TextField
              form={form}
              name="submissionTermsVersion"
              label={labels.submissionTermsVersion ?? ''}
              hint={t('記在每位投稿人的同意紀錄上；修改條款內容時必須一併更新（例：2026-12-01）。', 'Recorded with each writer’s consent; changing the terms needs a new version (e.g. 2026-12-01).')}
              maxLength={L.termsVersionChars}
            />
            <TextAreaField
              form={form}
              name="submissionTerms"
              label={labels.submissionTerms ?? ''}
              hint={t(
                `投稿人送出前須同意的個人資料告知（個資法第八條）與授權條款（純文字，空行分段，最多 ${L.termsChars.toLocaleString('en')} 字）。`,
                `The personal-data notice (Personal Data Protection Act, art. 8) and licence a writer agrees to before sending (plain text, blank lines between paragraphs, ${L.termsChars.toLocaleString('en')} characters at most).`,
              )}
              rows={14}
            />
            <DeclineTemplateRows form={form} t={t} count={templateRowsToShow(form.values)} />
            <TextAreaField
              form={form}
              name="extraHolidays"
              label={labels.extraHolidays ?? ''}
              hint={t(
                '內建的國定假日與補班日之外，另外不上班的日子（颱風假、公司假），一行一天：日期 名稱，例：2026-09-28 颱風假。回覆期限不計這些日子。',
                'Days off besides the shipped public holidays and make-up workdays (typhoon days, company days), one a line: date name, e.g. 2026-09-28 Typhoon day. They do not count toward the time to answer.',
              )}
              rows={5}
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
        submissionMinChars: values.submissionMinChars ?? '',
        submissionMaxChars: values.submissionMaxChars ?? '',
        submissionMaxImages: values.submissionMaxImages ?? '',
        submissionAnswerDays: values.submissionAnswerDays ?? '',
        submissionTellDeclined: values.submissionTellDeclined === 'on',
        submissionRetentionDays: values.submissionRetentionDays ?? '',
        submissionTermsVersion: values.submissionTermsVersion ?? '',
        submissionTerms: values.submissionTerms ?? '',
        submissionDeclineTemplates: readTemplates(values),
        extraHolidays: values.extraHolidays ?? '',
      },
      actorOf(request),
      t,
    );
    if (!result.ok) return sendHtml(reply, 422, page(request, reply, { values, errors: fieldErrors(result.errors, LIST_ROWS) }, null));
    return reply.redirect('/newsroom/settings?saved=1', 303);
  });
}
