import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { may } from '../../modules/accounts/index.js';
import { getEditorialSettings } from '../../modules/settings/index.js';
import { AWAITING_DESK, bylinePreview, type DeskSubmission, getSubmissionForDesk, isUndecided } from '../../modules/submissions/index.js';
import type { FormState } from '../../platform/http/forms.js';
import { ErrorSummary, FieldShell, TextAreaField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { formatTaipeiDateTime } from '../../platform/time.js';
import { html } from './article-shared.js';
import { type NewsroomDeps, pageFor, SUBMISSIONS_JS } from './newsroom.context.js';
import { problemsHeading } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';
import { BODY_KINDS, eventWho, eventWhat, OverlapSection, rightsLabel, VersionDiff } from './submission-views.js';
import { ageText, assignable, staffById, submissionsDeps, submissionStatusLabel } from './submissions.shared.js';

/** The forms of the page, each shown again with what was typed and its message when it fails. */
export type SubmissionFormName = 'assign' | 'note' | 'message' | 'revision' | 'decline';

export interface SubmissionView {
  status?: number;
  /** A success line after a redirect (?done=…). */
  notice?: string;
  /** A refusal from the desk's rules (SubmissionRefused), in the page's language. */
  refusal?: string;
  forms?: Partial<Record<SubmissionFormName, FormState>>;
  /** The two versions to compare (?from=&to=). */
  compare?: { from?: number; to?: number };
}

const empty: FormState = { values: {}, errors: {} };

/** The submission as the desk sees it: the piece, the writer (private), checks, versions, the log, and the decisions now possible. */
export async function renderSubmissionPage(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply, d: DeskSubmission, view: SubmissionView) {
  const page = pageFor(request, reply);
  const { t } = page;
  const me = request.staff!.user;
  const now = deps.clock.now();
  const staff = await staffById(deps);
  const settings = await getEditorialSettings(deps);
  const forms = view.forms ?? {};
  const current = d.versions.find((v) => v.version === d.versions[d.versions.length - 1]?.version) ?? null;
  const purged = d.purgedAt !== null;
  const undecided = isUndecided(d.storedStatus) && !purged;
  const awaiting = (AWAITING_DESK as readonly string[]).includes(d.storedStatus);
  const mayRequestRevision = !purged && (awaiting || d.storedStatus === 'expired');
  const contact = d.contact;
  const mayMessage = !purged && contact.email !== null && d.storedStatus !== 'spam';
  const told = settings.submissionTellDeclined && contact.email !== null;
  const otherCodes = new Map<number, string>();
  // The codes of other submissions the text overlaps, so the desk reads S-2026-000123 rather than a row id.
  for (const o of d.overlaps) {
    if (o.kind !== 'submission') continue;
    const other = await getSubmissionForDesk(submissionsDeps(deps), o.id);
    if (other) otherCodes.set(o.id, other.code);
  }
  const assignee = d.assigneeId !== null ? (staff.get(d.assigneeId)?.displayName ?? `#${d.assigneeId}`) : null;
  const labels = {
    assignee: t('負責人', 'Assignee'),
    note: t('內部備註', 'Internal note'),
    message: t('給作者的訊息', 'Message to the writer'),
    revision: t('請作者修改的地方', 'What to revise'),
    reason: t('不採用的理由', 'Reason for declining'),
    template: t('理由範本', 'Reason template'),
  };
  const summary = (name: SubmissionFormName) => <ErrorSummary heading={problemsHeading(t)} form={forms[name] ?? empty} labels={labels} />;
  const fact = (label: string, value: ComponentChildren) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  const body = renderDocument(
    <NewsroomLayout page={page} title={`${d.code} ${d.title}`} wide>
      <p class="nr-back">
        <a href="/newsroom/submissions">{t('← 投稿列表', '← Submissions')}</a>
      </p>
      {view.notice ? (
        <p class="nr-notice" role="status">
          {view.notice}
        </p>
      ) : null}
      {view.refusal ? (
        <p class="nr-notice nr-notice--bad" role="alert">
          {view.refusal}
        </p>
      ) : null}
      {purged ? (
        <p class="nr-notice nr-notice--warn">
          {t(
            `投稿者的個人資料已於 ${formatTaipeiDateTime(d.purgedAt!)} 依保存期限刪除${d.storedStatus === 'accepted' ? '（只保留署名所需的筆名與簡介）' : ''}。`,
            `The writer's personal data was deleted on ${formatTaipeiDateTime(d.purgedAt!)} at the end of the retention period${d.storedStatus === 'accepted' ? ' (only the pen name and bio line the byline needs are kept)' : ''}.`,
          )}
        </p>
      ) : null}
      <div class="nr-editor">
        <div class="nr-editor__main">
          <section class="nr-card">
            <p class="nr-crumbs">
              <span class="nr-code">{d.code}</span> <span class={`nr-state nr-sub--${d.status}`}>{submissionStatusLabel(t, d.status)}</span>
              {d.overdue ? <span class="nr-flag nr-flag--bad">{t('逾期', 'Overdue')}</span> : null}
            </p>
            <h1 class="nr-break">{current?.title || d.title || t('（無標題）', '(no title)')}</h1>
            <p class="nr-links nr-sub-jump">
              <a href="#log">{t(`處理紀錄（${d.events.length}）↓`, `History (${d.events.length}) ↓`)}</a>
              {d.versions.length > 1 ? <a href="#diff">{t(`比較 ${d.versions.length} 個版本 ↓`, `Compare ${d.versions.length} versions ↓`)}</a> : null}
              <a href="#overlaps">{d.overlaps.length > 0 ? t(`重複比對：${d.overlaps.length} 筆 ↓`, `Overlaps: ${d.overlaps.length} ↓`) : t('重複比對 ↓', 'Overlap check ↓')}</a>
              <a href="#private-heading">{t('聯絡資料 ↓', 'Contact ↓')}</a>
              <a href="#decide">{t('審稿與決定 ↓', 'Decide ↓')}</a>
            </p>
            {current?.lead ? <p class="nr-sent-lead nr-break">{current.lead}</p> : null}
            <p class="nr-note">
              {current
                ? t(
                    `第 ${current.version} 版・${current.charCount.toLocaleString('zh-Hant-TW')} 字・${formatTaipeiDateTime(current.createdAt)} 送出`,
                    `Version ${current.version} · ${current.charCount.toLocaleString('en')} characters · sent ${formatTaipeiDateTime(current.createdAt)}`,
                  )
                : null}
            </p>
            {current && current.body !== '' ? (
              <div class="nr-sent" lang="zh-Hant-TW">
                {current.body}
              </div>
            ) : (
              <p class="nr-muted">{t('（內文已依保存期限刪除）', '(The text was deleted at the end of the retention period)')}</p>
            )}
            {current && current.images.length > 0 ? (
              <>
                <h2 class="nr-subhead">{t(`圖片（${current.images.length} 張）`, `Pictures (${current.images.length})`)}</h2>
                <ul class="nr-sub-images">
                  {current.images.map((image) => (
                    <li>
                      <a href={`/newsroom/submissions/${d.id}/images/${image.id}`}>
                        <img src={`/newsroom/submissions/${d.id}/images/${image.id}`} alt={image.caption} width={image.width} height={image.height} loading="lazy" />
                      </a>
                      <dl class="nr-facts">
                        {fact(t('圖說', 'Caption'), image.caption)}
                        {fact(t('來源', 'Credit'), image.credit)}
                        {fact(t('授權', 'Rights'), rightsLabel(t, image.rights))}
                        {fact(t('檔案', 'File'), `${image.originalName ?? ''} ${image.width} × ${image.height}`.trim())}
                      </dl>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <section class="nr-card">
            <h2>{t('署名', 'Byline')}</h2>
            <dl class="nr-facts">
              {fact(t('筆名', 'Pen name'), d.penName || t('（已刪除）', '(deleted)'))}
              {fact(t('簡介', 'Bio line'), d.bioLine || t('（已刪除）', '(deleted)'))}
              {fact(t('刊出時的署名', 'As printed'), <strong class="nr-byline-preview">{bylinePreview(d.penName, d.bioLine)}</strong>)}
            </dl>
          </section>

          <section class="nr-card nr-private" aria-labelledby="private-heading">
            <h2 id="private-heading">
              {t('投稿者聯絡資料', "The writer's contact details")} <span class="nr-flag nr-flag--bad">{t('不公開', 'Private')}</span>
            </h2>
            <p class="nr-note">{t('只供編輯部聯絡作者使用，不得刊出、轉寄或寫進文章。', 'For contacting the writer only: never publish, forward or put it in an article.')}</p>
            {purged ? (
              <p>{t('已依保存期限刪除。', 'Deleted at the end of the retention period.')}</p>
            ) : (
              <dl class="nr-facts">
                {fact(t('真實姓名', 'Real name'), contact.realName ?? '')}
                {fact(t('電子郵件', 'E-mail'), contact.email ?? '')}
                {fact(t('電話', 'Phone'), contact.phone ?? '')}
                {fact(t('地址', 'Address'), contact.address ?? t('（未填）', '(not given)'))}
                {fact(t('職業', 'Occupation'), contact.occupation ?? '')}
              </dl>
            )}
          </section>

          <section class="nr-card">
            <h2>{t('利益揭露與聲明', 'Conflicts and declarations')}</h2>
            <dl class="nr-facts">
              {fact(t('利益揭露', 'Conflicts of interest'), <span class="nr-break nr-prewrap">{contact.conflicts ?? (purged ? t('（已刪除）', '(deleted)') : '')}</span>)}
              {fact(t('原創', 'Original work'), d.declarations.original ? t('✓ 作者聲明為原創', '✓ declared original') : t('✗ 未聲明', '✗ not declared'))}
              {fact(t('未一稿多投', 'Not offered elsewhere'), d.declarations.exclusive ? t('✓ 作者聲明未同時投給其他媒體', '✓ declared not offered elsewhere') : t('✗ 未聲明', '✗ not declared'))}
              {fact(t('授權', 'Licence'), d.declarations.licence ? t('✓ 同意授權條款', '✓ licence granted') : t('✗ 未同意', '✗ not granted'))}
              {fact(
                t('個資告知', 'Personal-data notice'),
                t(`同意第 ${d.declarations.termsVersion} 版（${formatTaipeiDateTime(d.declarations.consentedAt)}）`, `Agreed to version ${d.declarations.termsVersion} (${formatTaipeiDateTime(d.declarations.consentedAt)})`),
              )}
            </dl>
          </section>

          <OverlapSection t={t} overlaps={d.overlaps} codes={otherCodes} />
          <VersionDiff t={t} d={d} compare={view.compare ?? {}} />

          <section class="nr-card" id="log">
            <h2>{t('處理紀錄', 'History')}</h2>
            <div class="nr-tablewrap">
              <table class="nr-table nr-sub-log">
                <thead>
                  <tr>
                    <th scope="col">{t('時間', 'Time')}</th>
                    <th scope="col">{t('人員', 'By')}</th>
                    <th scope="col">{t('事項', 'What')}</th>
                    <th scope="col">{t('內容', 'Text')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.events.map((e) => (
                    <tr class={`nr-sub-log__${e.kind}`}>
                      <td class="nr-nowrap" data-label={t('時間', 'Time')}>
                        {formatTaipeiDateTime(e.at)}
                      </td>
                      <td data-label={t('人員', 'By')}>{eventWho(t, e, d, staff)}</td>
                      <td data-label={t('事項', 'What')}>
                        {eventWhat(t, e, staff)}
                        {e.kind !== 'note' && e.kind !== 'email' && e.kind !== 'assigned' && e.toWriter && e.userId !== null ? <span class="nr-note">　{t('（作者看得到）', '(the writer sees it)')}</span> : null}
                      </td>
                      <td class="nr-break nr-prewrap" data-label={t('內容', 'Text')}>
                        {e.body !== null && e.kind !== 'assigned' ? e.body : BODY_KINDS.has(e.kind) && purged ? <span class="nr-muted">{t('（已刪除）', '(deleted)')}</span> : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </div>

        <div class="nr-editor__side">
          <section class="nr-card">
            <h2>{t('處理', 'Handling')}</h2>
            <dl class="nr-facts">
              {fact(t('狀態', 'Status'), submissionStatusLabel(t, d.status))}
              {fact(t('收件', 'Received'), `${formatTaipeiDateTime(d.receivedAt)}（${ageText(t, d.receivedAt, now)}）`)}
              {fact(
                t('回覆期限', 'Answer by'),
                d.dueAt ? (
                  <span class={d.overdue ? 'nr-danger' : undefined}>
                    {formatTaipeiDateTime(d.dueAt)}
                    {d.overdue ? t('（已逾期）', ' (overdue)') : ''}
                  </span>
                ) : (
                  t('—', '—')
                ),
              )}
              {d.expiryNoticedAt ? fact(t('逾期通知', 'Expiry notice'), formatTaipeiDateTime(d.expiryNoticedAt)) : null}
              {d.decidedAt ? fact(t('決定時間', 'Decided'), formatTaipeiDateTime(d.decidedAt)) : null}
              {d.decisionReason ? fact(t('不採用理由', 'Reason'), <span class="nr-prewrap nr-break">{d.decisionReason}</span>) : null}
              {d.articleId !== null ? fact(t('文章', 'Article'), <a href={`/newsroom/articles/${d.articleId}`}>{t('在編輯器開啟', 'Open in the editor')}</a>) : null}
              {fact(t('負責人', 'Assignee'), assignee ?? t('未指派', 'Unassigned'))}
            </dl>
            <form method="post" action={`/newsroom/submissions/${d.id}/assign`} class="nr-sub-form" novalidate>
              <CsrfField token={page.csrf} />
              {summary('assign')}
              <FieldShell name="assignee" label={t('指派給', 'Assign to')} error={forms.assign?.errors.assignee}>
                <select id="field-assignee" name="assignee">
                  <option value="" selected={d.assigneeId === null}>
                    {t('（不指派）', '(nobody)')}
                  </option>
                  {assignable(staff).map((u) => (
                    <option value={String(u.id)} selected={u.id === d.assigneeId}>
                      {u.id === me.id ? t(`${u.displayName}（我）`, `${u.displayName} (me)`) : u.displayName}
                    </option>
                  ))}
                </select>
              </FieldShell>
              <button class="nr-button nr-button--quiet" type="submit">
                {t('指派', 'Assign')}
              </button>
            </form>
          </section>

          {undecided ? (
            <section class="nr-card" id="decide">
              <h2>{t('審稿與決定', 'Review and decide')}</h2>
              {awaiting && d.storedStatus !== 'in_review' ? (
                <div class="nr-sub-buttons">
                  {d.storedStatus === 'received' ? (
                    <form method="post" action={`/newsroom/submissions/${d.id}/move`}>
                      <CsrfField token={page.csrf} />
                      <input type="hidden" name="to" value="screening" />
                      <button class="nr-button nr-button--quiet" type="submit">
                        {t('開始初審', 'Start screening')}
                      </button>
                    </form>
                  ) : null}
                  <form method="post" action={`/newsroom/submissions/${d.id}/move`}>
                    <CsrfField token={page.csrf} />
                    <input type="hidden" name="to" value="in_review" />
                    <button class="nr-button nr-button--quiet" type="submit">
                      {t('送審稿', 'Move to review')}
                    </button>
                  </form>
                </div>
              ) : null}
              <form method="post" action={`/newsroom/submissions/${d.id}/accept`} class="nr-sub-form">
                <CsrfField token={page.csrf} />
                <button class="nr-button" type="submit">
                  {t('採用：建立草稿', 'Accept: create a draft')}
                </button>
                <p class="nr-note">{t(`以第 ${current?.version ?? 1} 版建立草稿文章（署名、簡介、圖片與圖說一併帶入），並寄信通知作者。投稿原文保留不變。`, `Creates a draft article from version ${current?.version ?? 1} (byline, bio line, pictures and captions included) and e-mails the writer. The submission stays as sent.`)}</p>
              </form>
              {mayRequestRevision ? (
                <form method="post" action={`/newsroom/submissions/${d.id}/revision`} class="nr-sub-form" novalidate>
                  <CsrfField token={page.csrf} />
                  {summary('revision')}
                  <TextAreaField form={forms.revision ?? empty} name="revision" label={labels.revision} hint={t('作者會在追蹤頁和 e-mail 看到這段話。', 'The writer reads this on the tracking page and by e-mail.')} rows={4} />
                  <button class="nr-button nr-button--quiet" type="submit">
                    {t('請作者修改', 'Ask for a revision')}
                  </button>
                </form>
              ) : null}
              <form method="post" action={`/newsroom/submissions/${d.id}/decline`} class="nr-sub-form" novalidate>
                <CsrfField token={page.csrf} />
                {summary('decline')}
                {settings.submissionDeclineTemplates.length > 0 ? (
                  <div class="nr-sub-template">
                    <FieldShell name="template" label={labels.template} error={forms.decline?.errors.template}>
                      <select id="field-template" name="template" data-decline-template>
                        <option value="">{t('（自行撰寫）', '(write my own)')}</option>
                        {settings.submissionDeclineTemplates.map((tpl, i) => (
                          <option value={String(i)} data-text={tpl.text} selected={forms.decline?.values.template === String(i)}>
                            {tpl.label}
                          </option>
                        ))}
                      </select>
                    </FieldShell>
                    <button class="nr-button nr-button--quiet" type="submit" name="use" value="template" data-template-button>
                      {t('套用範本', 'Use template')}
                    </button>
                  </div>
                ) : null}
                <TextAreaField
                  form={forms.decline ?? empty}
                  name="reason"
                  label={labels.reason}
                  hint={
                    told
                      ? t('依編輯設定，作者會收到 e-mail，內容包含這段理由。', 'Per the editorial settings, the writer is e-mailed, with this reason.')
                      : contact.email === null
                        ? t('作者的聯絡資料已刪除，不會通知作者；理由只留在紀錄中。', "The writer's contact details are deleted; they are not told. The reason stays in the record.")
                        : t('依編輯設定，不會通知作者；理由只留在紀錄中。', 'Per the editorial settings, the writer is not told; the reason stays in the record.')
                  }
                  rows={4}
                />
                <button class="nr-button nr-button--danger" type="submit">
                  {t('不採用', 'Decline')}
                </button>
              </form>
              <form method="post" action={`/newsroom/submissions/${d.id}/spam`} class="nr-sub-form">
                <CsrfField token={page.csrf} />
                <button class="nr-button nr-button--quiet" type="submit">
                  {t('標為垃圾投稿', 'Mark as spam')}
                </button>
                <p class="nr-note">{t('不會寄信給作者；個人資料依保存期限刪除。', 'No e-mail is sent; personal data is deleted after the retention period.')}</p>
              </form>
            </section>
          ) : (
            <section class="nr-card" id="decide">
              <h2>{t('審稿與決定', 'Review and decide')}</h2>
              <p class="nr-note">
                {purged
                  ? t('個人資料已刪除，這份投稿不能再決定。', 'The personal data is deleted; this submission can no longer be decided.')
                  : t('這份投稿已有結果，沒有可做的決定。', 'This submission is decided; there is nothing left to decide.')}
              </p>
            </section>
          )}

          {mayMessage ? (
            <section class="nr-card">
              <h2>{t('聯絡作者', 'Write to the writer')}</h2>
              <form method="post" action={`/newsroom/submissions/${d.id}/message`} class="nr-sub-form" novalidate>
                <CsrfField token={page.csrf} />
                {summary('message')}
                <TextAreaField form={forms.message ?? empty} name="message" label={labels.message} hint={t('作者會在追蹤頁和 e-mail 看到。', 'The writer reads it on the tracking page and by e-mail.')} rows={4} />
                <button class="nr-button nr-button--quiet" type="submit">
                  {t('寄給作者', 'Send to the writer')}
                </button>
              </form>
            </section>
          ) : null}

          <section class="nr-card">
            <h2>{t('內部備註', 'Internal note')}</h2>
            <form method="post" action={`/newsroom/submissions/${d.id}/note`} class="nr-sub-form" novalidate>
              <CsrfField token={page.csrf} />
              {summary('note')}
              <TextAreaField form={forms.note ?? empty} name="note" label={labels.note} hint={t('只有編輯部看得到。', 'Only the desk sees it.')} rows={3} />
              <button class="nr-button nr-button--quiet" type="submit">
                {t('加入備註', 'Add note')}
              </button>
            </form>
          </section>
          {may(me.role, 'settings.manage') ? (
            <p class="nr-note">
              <a href="/newsroom/settings">{t('投稿設定（回覆期限、理由範本、是否通知作者）', 'Submission settings (answer days, reason templates, telling the writer)')}</a>
            </p>
          ) : null}
        </div>
      </div>
      <script src={SUBMISSIONS_JS} defer></script>
    </NewsroomLayout>,
  );
  return html(reply, view.status ?? 200, body);
}
