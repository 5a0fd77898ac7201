import { bylinePreview, STATUS_LABELS, type TrackingMessage, type TrackingView } from '../../modules/submissions/index.js';
import { ErrorSummary, TextAreaField, TextField } from '../../platform/html/form.js';
import type { FormState } from '../../platform/http/forms.js';
import { formatTaipeiDateTime } from '../../platform/time.js';
import { Layout, type SiteContext } from '../site/index.js';
import { paths } from '../urls.js';
import { CharCounter, FORM_LABELS } from './contribute.page.js';
import { type ImageSlot, ImageSlots, slotLabels } from './image-slots.js';

export const trackingPaths = {
  page: (token: string) => paths.submissionTracking(token),
  image: (token: string, imageId: number) => `${paths.submissionTracking(token)}/images/${imageId}`,
  reply: (token: string) => `${paths.submissionTracking(token)}/reply`,
  revise: (token: string) => `${paths.submissionTracking(token)}/revise`,
  withdraw: (token: string) => `${paths.submissionTracking(token)}/withdraw`,
};

/** What just happened, shown once above the page (after a redirect). */
export type Done = 'sent' | 'reply' | 'revised' | 'withdrawn';

export interface TrackingPageProps {
  readonly ctx: SiteContext;
  readonly view: TrackingView;
  readonly token: string;
  readonly done: Done | null;
  readonly reply: FormState;
  readonly revision: FormState;
  readonly revisionSlots: readonly ImageSlot[] | null;
  /** A refusal of the last action (decided meanwhile …). */
  readonly notice?: string;
  readonly scripts: readonly string[];
}

const when = (iso: string) => `${formatTaipeiDateTime(iso)}（台北時間）`;

function messageText(m: TrackingMessage): { who: string; text: string | null } {
  const status = m.statusTo ? STATUS_LABELS[m.statusTo].zh : null;
  switch (m.kind) {
    case 'received':
      return { who: '您', text: '送出投稿' };
    case 'reply':
      return { who: '您', text: m.body };
    case 'revised':
      return { who: '您', text: m.body ? `送出修改稿。修改說明：${m.body}` : '送出修改稿' };
    case 'withdrawn':
      return { who: '您', text: '撤回投稿' };
    case 'expired':
      return { who: '系統', text: '編輯部未在回覆期限內回覆，您可以改投他處；編輯部仍可能回覆。' };
    case 'published':
      return { who: '編輯部', text: '文章已刊出' };
    default:
      if (m.body && status) return { who: '編輯部', text: `狀態改為「${status}」：${m.body}` };
      if (m.body) return { who: '編輯部', text: m.body };
      if (status) return { who: '編輯部', text: `狀態改為「${status}」` };
      return { who: '編輯部', text: null };
  }
}

function Banner(props: { done: Done; view: TrackingView; link: string }) {
  if (props.done === 'sent') {
    return (
      <section class="notice notice--ok" data-clear-draft role="status">
        <h2 class="notice__title">投稿已送出，謝謝您！</h2>
        <p>
          追蹤碼：<strong class="tracking-code">{props.view.code}</strong>
        </p>
        <p>這是您的專屬追蹤連結，請加入書籤或另存；確認信也會寄到您填寫的電子郵件：</p>
        <p class="tracking-link">
          <a href={props.link}>{props.link}</a>
        </p>
        <p class="notice__small">拿到這個連結的人都能看到稿件與訊息，也能撤回投稿，請勿轉傳。</p>
      </section>
    );
  }
  const text = { reply: '已送出您的回覆。', revised: '已收到您的修改稿，編輯部會再審閱。', withdrawn: '已撤回這份投稿。您可以改投他處。' }[props.done];
  return (
    <section class="notice notice--ok" role="status">
      <p>{text}</p>
    </section>
  );
}

export function TrackingPage(props: TrackingPageProps) {
  const { ctx, view, token } = props;
  const link = ctx.baseUrl + trackingPaths.page(token);
  const latest = view.latest;
  const replyLabels = { message: '回覆' };
  const revisionLabels = { ...FORM_LABELS, ...slotLabels('revImage', view.limits.maxImages) };
  return (
    <Layout
      ctx={ctx}
      mobile={false}
      versionSwitch={false}
      scripts={props.scripts}
      meta={{ title: `投稿追蹤 ${view.code}`, description: '投稿的處理進度', desktopPath: trackingPaths.page(token), noindex: true, noAlternate: true }}
    >
      <article class="contribute tracking">
        {props.done ? <Banner done={props.done} view={view} link={link} /> : null}
        {props.notice ? (
          <div class="form-errors" role="alert" tabIndex={-1}>
            <p class="form-errors__title">{props.notice}</p>
          </div>
        ) : null}
        <header class="contribute__header">
          <p class="list-header__kicker">{`投稿追蹤 ${view.code}`}</p>
          <h1 class="contribute__title">{view.title}</h1>
        </header>
        <dl class="tracking__facts">
          <dt>狀態</dt>
          <dd>
            <span class={`status status--${view.status}`}>{STATUS_LABELS[view.status].zh}</span>
          </dd>
          <dt>收件時間</dt>
          <dd>{when(view.receivedAt)}</dd>
          {view.dueAt ? (
            <>
              <dt>編輯部回覆期限</dt>
              <dd>
                {when(view.dueAt)}
                <span class="tracking__due-note">逾期未獲回覆，您可以改投他處。</span>
              </dd>
            </>
          ) : null}
          <dt>目前版本</dt>
          <dd>{`第 ${view.version} 版`}</dd>
          {view.articleId !== null ? (
            <>
              <dt>刊出</dt>
              <dd>
                <a href={paths.article(view.articleId)}>閱讀刊出的文章</a>
              </dd>
            </>
          ) : null}
        </dl>

        <section class="tracking__section" aria-labelledby="messages-title">
          <h2 id="messages-title">與編輯部的訊息</h2>
          <ol class="thread">
            {view.messages.map((m) => {
              const { who, text } = messageText(m);
              return (
                <li class={`thread__item thread__item--${m.from}`}>
                  <p class="thread__meta">
                    <strong>{who}</strong> · <time dateTime={m.at}>{when(m.at)}</time>
                  </p>
                  {text ? <p class="thread__text">{text}</p> : null}
                </li>
              );
            })}
          </ol>
          {view.mayReply ? (
            <form class="contribute__form" method="post" action={trackingPaths.reply(token)}>
              <ErrorSummary form={props.reply} labels={replyLabels} />
              <TextAreaField form={props.reply} name="message" label="回覆編輯部" rows={4} />
              <button class="button" type="submit">
                送出回覆
              </button>
            </form>
          ) : null}
        </section>

        {view.mayRevise ? (
          <section class="tracking__section tracking__revise" id="revise" aria-labelledby="revise-title">
            <h2 id="revise-title">送出修改稿</h2>
            <p>編輯部請您修改這份投稿。修改後的標題、導言與內文會成為新的一版；不附新圖片則沿用原來的圖片，附了新圖片則以新圖片取代全部舊圖片。</p>
            <ErrorSummary form={props.revision} labels={revisionLabels} heading={(n) => `還有 ${n} 個地方要修正，您填寫的內容都還在：`} />
            <form class="contribute__form" method="post" action={trackingPaths.revise(token)} enctype="multipart/form-data" novalidate>
              <TextField form={props.revision} name="title" label="標題" required maxLength={60} />
              <TextAreaField form={props.revision} name="lead" label="導言（選填）" rows={3} />
              <TextAreaField form={props.revision} name="body" label="內文" required rows={16} />
              <CharCounter id="revision-count" forField="field-body" text={props.revision.values.body ?? ''} min={view.limits.minChars} max={view.limits.maxChars} />
              <TextAreaField form={props.revision} name="note" label="修改說明（選填）" rows={3} />
              <fieldset class="contribute__group">
                <legend>{`新圖片（選填，最多 ${view.limits.maxImages} 張）`}</legend>
                <ImageSlots prefix="revImage" count={view.limits.maxImages} form={props.revision} slots={props.revisionSlots} />
              </fieldset>
              <button class="button button--submit" type="submit">
                送出修改稿
              </button>
            </form>
          </section>
        ) : null}

        <section class="tracking__section" aria-labelledby="text-title">
          <h2 id="text-title">{`您的稿件（第 ${view.version} 版）`}</h2>
          {view.purged || !latest ? (
            <p>這份投稿的內容已依保存期限刪除。</p>
          ) : (
            <div class="submitted">
              <h3 class="submitted__title">{latest.title}</h3>
              <p class="byline-preview">{bylinePreview(view.penName, view.bioLine)}</p>
              {latest.lead ? (
                <div class="lead-box">
                  <p>{latest.lead}</p>
                </div>
              ) : null}
              {view.images.map((image) => (
                <figure class="fig">
                  <img class="fig__img" src={trackingPaths.image(token, image.id)} width={image.width} height={image.height} alt={image.caption} loading="lazy" />
                  <figcaption class="fig__caption">
                    {`▲${image.caption}`}
                    <span class="fig__credit">{`（圖／${image.credit}）`}</span>
                  </figcaption>
                </figure>
              ))}
              <div class="submitted__body">
                {latest.body
                  .split('\n')
                  .map((p) => p.trim())
                  .filter((p) => p !== '')
                  .map((p) => (
                    <p>{p}</p>
                  ))}
              </div>
              <p class="submitted__count">{`字數：${latest.charCount.toLocaleString('en-US')}`}</p>
            </div>
          )}
        </section>

        {view.mayWithdraw ? (
          <section class="tracking__section tracking__withdraw">
            <h2>撤回投稿</h2>
            <p>撤回後編輯部不會再處理這份投稿，您可以改投他處。</p>
            <a class="button button--quiet" href={trackingPaths.withdraw(token)}>
              撤回投稿…
            </a>
          </section>
        ) : null}
      </article>
    </Layout>
  );
}

/** The confirmation step before withdrawing: a page of its own, so it works without any script. */
export function WithdrawPage(props: { ctx: SiteContext; view: TrackingView; token: string }) {
  const { view, token } = props;
  return (
    <Layout
      ctx={props.ctx}
      mobile={false}
      versionSwitch={false}
      meta={{ title: `撤回投稿 ${view.code}`, description: '確認撤回投稿', desktopPath: trackingPaths.withdraw(token), noindex: true, noAlternate: true }}
    >
      <section class="message">
        <p class="message__code">{view.code}</p>
        <h1 class="message__title">確定要撤回「{view.title}」嗎？</h1>
        <p class="message__text">撤回後無法復原，編輯部不會再處理這份投稿；您可以改投他處。</p>
        <form method="post" action={trackingPaths.withdraw(token)} class="confirm">
          <input type="hidden" name="confirm" value="yes" />
          <button class="button button--danger" type="submit">
            確定撤回
          </button>
          <a class="button button--quiet" href={trackingPaths.page(token)}>
            不撤回，回到追蹤頁
          </a>
        </form>
      </section>
    </Layout>
  );
}

