import type { ComponentChildren } from 'preact';
import type { EditorialSettings } from '../../modules/settings/index.js';
import { bylinePreview, LIMITS } from '../../modules/submissions/index.js';
import { charCount } from '../../modules/zh/index.js';
import { ErrorSummary, TextAreaField, TextField } from '../../platform/html/form.js';
import type { FormState } from '../../platform/http/forms.js';
import { Layout, type SiteContext } from '../site/index.js';
import { paths } from '../urls.js';
import { type ImageSlot, ImageSlots, slotLabels } from './image-slots.js';

export const HONEYPOT = 'website';

export const FORM_LABELS: Readonly<Record<string, string>> = {
  realName: '真實姓名',
  penName: '筆名（刊出的署名）',
  email: '電子郵件',
  phone: '聯絡電話',
  address: '通訊地址',
  occupation: '職業',
  bioLine: '作者簡介（一行）',
  title: '標題',
  lead: '導言',
  body: '內文',
  conflicts: '利益揭露',
  declareOriginal: '原創聲明',
  declareExclusive: '未一稿多投',
  declareLicence: '授權條款',
  consent: '個人資料告知事項',
  note: '修改說明',
  message: '訊息',
};

/** Plain text with blank lines between paragraphs (the guidelines, the terms), as paragraphs. */
export function Paragraphs(props: { text: string; className?: string }) {
  return (
    <>
      {props.text
        .split(/\n\s*\n/u)
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .map((p) => (
          <p class={props.className}>{p}</p>
        ))}
    </>
  );
}

const thousands = (n: number) => n.toLocaleString('en-US');

/** When no editor has written 投稿須知 yet, what the settings already say. */
function defaultGuidelines(s: EditorialSettings): string {
  return [
    `歡迎投稿評論。來稿請以 ${thousands(s.submissionMinChars)} 至 ${thousands(s.submissionMaxChars)} 字為原則，須為未曾發表的原創作品，請勿一稿多投。`,
    '請附真實姓名與聯絡方式（僅供編輯部聯絡，不會公開），以及刊出時的筆名與一行作者簡介，刊出時署名為「●筆名／簡介」。如與文中議題有利益關係，請一併揭露。',
    `編輯部會在 ${s.submissionAnswerDays} 個工作天內回覆；逾期未獲回覆，您可以改投他處。編輯部得修改、刪節及下標，文責由作者自負。`,
  ].join('\n\n');
}

/** The word count as the server counts it (characters without spaces), against the desk's limits. */
export function CharCounter(props: { id: string; forField: string; text: string; min: number; max: number }) {
  const n = charCount(props.text);
  const state = n === 0 ? '' : n < props.min ? ' counter--under' : n > props.max ? ' counter--over' : ' counter--ok';
  return (
    <p class={`counter${state}`} id={props.id} data-count-for={props.forField} data-min={String(props.min)} data-max={String(props.max)} aria-live="polite">
      {`字數：${thousands(n)}（須 ${thousands(props.min)}–${thousands(props.max)} 字）`}
    </p>
  );
}

export function CheckField(props: { form: FormState; name: string; children: ComponentChildren }) {
  const error = props.form.errors[props.name];
  const checked = ['on', 'yes', '1', 'true'].includes(props.form.values[props.name] ?? '');
  return (
    <div class={error ? 'field field--check field--error' : 'field field--check'}>
      <label class="check" for={`field-${props.name}`}>
        <input id={`field-${props.name}`} type="checkbox" name={props.name} checked={checked} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `error-${props.name}` : undefined} />
        <span>{props.children}</span>
      </label>
      {error ? (
        <p class="field__error" id={`error-${props.name}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface ContributeView {
  readonly ctx: SiteContext;
  readonly settings: EditorialSettings;
  readonly form: FormState;
  readonly slots: readonly ImageSlot[] | null;
  readonly issuedAt: number;
  /** A message for the form as a whole (sent too fast, too many sends), shown at the top. */
  readonly notice?: string;
  readonly scripts: readonly string[];
}

export function ContributePage(props: ContributeView) {
  const { ctx, settings, form } = props;
  const maxImages = settings.submissionMaxImages;
  const labels = { ...FORM_LABELS, ...slotLabels('image', maxImages) };
  const errorCount = Object.keys(form.errors).length;
  const values = form.values;
  return (
    <Layout
      ctx={ctx}
      mobile={false}
      versionSwitch={false}
      scripts={props.scripts}
      meta={{ title: '我要投稿', description: `投稿${ctx.site.sectionName}：投稿須知與線上投稿表單`, desktopPath: paths.contribute(), noAlternate: true }}
    >
      <article class="contribute">
        <header class="contribute__header">
          <p class="list-header__kicker">{ctx.site.sectionName}</p>
          <h1 class="contribute__title">我要投稿</h1>
        </header>
        <section class="contribute__guidelines" aria-labelledby="guidelines-title">
          <h2 id="guidelines-title">投稿須知</h2>
          <Paragraphs text={settings.submissionGuidelines.trim() !== '' ? settings.submissionGuidelines : defaultGuidelines(settings)} />
        </section>

        {props.notice ? (
          <div class="form-errors" role="alert" tabIndex={-1}>
            <p class="form-errors__title">{props.notice}</p>
          </div>
        ) : null}
        <ErrorSummary form={{ values, errors: form.errors }} labels={labels} heading={(n) => `還有 ${n} 個地方要修正，您填寫的內容都還在：`} />
        {errorCount > 0 && props.slots?.some((s) => s.held) ? <p class="contribute__kept">已通過檢查的圖片已保留，不必重新選擇。</p> : null}

        <form class="contribute__form" method="post" action={paths.contribute()} enctype="multipart/form-data" data-contribute-form novalidate>
          <input type="hidden" name="issuedAt" value={String(props.issuedAt)} />
          <input type="hidden" name="termsVersion" value={settings.submissionTermsVersion} />
          <div class="contribute__trap" aria-hidden="true">
            <label for="field-website">網站（請留空）</label>
            <input id="field-website" type="text" name={HONEYPOT} value="" tabIndex={-1} autocomplete="off" />
          </div>

          <fieldset class="contribute__group">
            <legend>作者資料</legend>
            <p class="contribute__private">真實姓名、電子郵件、電話與地址只供編輯部聯絡與查證，不會刊出，也不會出現在公開頁面。</p>
            <TextField form={form} name="realName" label={labels.realName ?? ''} required autocomplete="name" maxLength={LIMITS.realName} />
            <TextField form={form} name="email" label={labels.email ?? ''} type="email" required autocomplete="email" maxLength={LIMITS.email} hint="確認信與追蹤連結會寄到這裡" />
            <TextField form={form} name="phone" label={labels.phone ?? ''} type="tel" required autocomplete="tel" maxLength={LIMITS.phone} hint="例：0912-345-678" />
            <TextField form={form} name="address" label="通訊地址（選填）" autocomplete="street-address" maxLength={LIMITS.address} />
            <TextField form={form} name="occupation" label={labels.occupation ?? ''} required maxLength={LIMITS.occupation} />
            <TextField form={form} name="penName" label={labels.penName ?? ''} required maxLength={LIMITS.penName} hint="可用真名或筆名，刊出時以此署名" />
            <TextField form={form} name="bioLine" label={labels.bioLine ?? ''} required maxLength={LIMITS.bioLine} hint="例：大學教授、前外交官、執業律師" />
            <p class="byline-preview">
              <span class="byline-preview__label">刊出時署名：</span>
              <output id="byline-preview" for="field-penName field-bioLine" aria-live="polite">
                {bylinePreview(values.penName ?? '', values.bioLine ?? '')}
              </output>
            </p>
          </fieldset>

          <fieldset class="contribute__group">
            <legend>文章</legend>
            <TextField form={form} name="title" label={labels.title ?? ''} required maxLength={LIMITS.title} />
            <TextAreaField form={form} name="lead" label="導言（選填）" rows={3} hint={`一兩句說明本文重點，最多 ${LIMITS.lead} 字`} />
            <TextAreaField form={form} name="body" label={labels.body ?? ''} required rows={18} hint="請直接貼上全文；每一行（或空一行）成為一段。" />
            <CharCounter id="body-count" forField="field-body" text={values.body ?? ''} min={settings.submissionMinChars} max={settings.submissionMaxChars} />
            <TextAreaField form={form} name="conflicts" label={labels.conflicts ?? ''} required rows={2} hint="與本文議題有關的職務、利益或資助；沒有請填「無」" />
          </fieldset>

          <fieldset class="contribute__group" id="images">
            <legend>{`圖片（選填，最多 ${maxImages} 張）`}</legend>
            <p class="field__hint">請附您有權使用的圖片，並寫明圖說與來源。</p>
            <ImageSlots prefix="image" count={maxImages} form={form} slots={props.slots} />
          </fieldset>

          <fieldset class="contribute__group">
            <legend>聲明</legend>
            <CheckField form={form} name="declareOriginal">本文為我的原創作品，未抄襲或侵害他人權利。</CheckField>
            <CheckField form={form} name="declareExclusive">本文未同時投給其他媒體（無一稿多投）；在編輯部回覆或投稿逾期之前，不會另投他處。</CheckField>
            <CheckField form={form} name="declareLicence">我保有著作權，並以非專屬方式授權本站於網站、App 與社群平台刊登；編輯部得修改、刪節及下標。</CheckField>
            <details class="terms">
              <summary>{`個人資料蒐集告知事項（版本 ${settings.submissionTermsVersion}）`}</summary>
              <Paragraphs text={settings.submissionTerms} />
            </details>
            <CheckField form={form} name="consent">{`我已閱讀並同意個人資料蒐集告知事項（版本 ${settings.submissionTermsVersion}）。`}</CheckField>
          </fieldset>

          <p class="contribute__draft-note" data-draft-note hidden>
            這台裝置的瀏覽器會暫存您的草稿（不含聯絡資料），送出成功後自動清除。
          </p>
          <button class="button button--submit" type="submit">
            送出投稿
          </button>
        </form>
      </article>
    </Layout>
  );
}

