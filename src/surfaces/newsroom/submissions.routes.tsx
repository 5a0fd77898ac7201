import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, may, type User } from '../../modules/accounts/index.js';
import { getEditorialSettings } from '../../modules/settings/index.js';
import {
  acceptSubmission,
  addInternalNote,
  assignSubmission,
  AWAITING_DESK,
  declineSubmission,
  type DeskSubmission,
  getSubmissionForDesk,
  listSubmissionQueue,
  markSpam,
  messageSchema,
  messageWriter,
  moveSubmission,
  requestRevision,
  SUBMISSION_STATUSES,
  submissionImage,
  SubmissionRefused,
  type SubmissionStatus,
  UNDECIDED,
} from '../../modules/submissions/index.js';
import { AppError } from '../../platform/errors.js';
import { type FormState, formValues } from '../../platform/http/forms.js';
import { renderDocument } from '../../platform/html/render.js';
import { idText, oneValue } from '../../platform/http/validation.js';
import { formatTaipeiDateTime } from '../../platform/time.js';
import { actorOf, html } from './article-shared.js';
import { staffWho } from './editorial.shared.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import type { Translate } from './newsroom.i18n.js';
import { NewsroomLayout } from './newsroom.layout.js';
import { renderSubmissionPage, type SubmissionFormName, type SubmissionView } from './submission-detail.page.js';
import { ageText, OVERLAP_FLAG_SHARE, sharePercent, staffById, submissionsDeps, submissionStatusLabel } from './submissions.shared.js';

/**
 * 投稿處理台: the queue of what outside writers sent, one submission with everything the desk needs to decide,
 * and the decisions. Only roles with `submissions.handle` (docs/ROLES.md) see any of it: the pages carry the
 * writers' private contact details.
 */

const PAGE_SIZE = 30;
const STATUS_FILTERS = ['open', 'all', ...SUBMISSION_STATUSES] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];

const queueQuery = z.object({
  status: oneValue(z.enum(STATUS_FILTERS)).optional().catch(undefined),
  who: oneValue(z.enum(['mine', 'unassigned'])).optional().catch(undefined),
  overdue: oneValue(z.literal('1')).optional().catch(undefined),
  q: oneValue(z.string().max(60).transform((s) => s.replace(/\p{Cc}/gu, '').trim())).optional().catch(undefined),
  page: oneValue(z.string().regex(/^[1-9]\d{0,4}$/).transform(Number)).optional().catch(undefined),
});
const idParams = z.object({ id: idText('投稿編號必須是正整數') });
const imageParams = z.object({ id: idText('投稿編號必須是正整數'), image: idText('圖片編號必須是正整數') });
const versionNumber = z.string().regex(/^[1-9]\d{0,3}$/).transform(Number);
const detailQuery = z.object({
  from: oneValue(versionNumber).optional().catch(undefined),
  to: oneValue(versionNumber).optional().catch(undefined),
  done: oneValue(z.enum(['assigned', 'unassigned', 'moved', 'note', 'message', 'revision', 'declined', 'declined_told', 'spam'])).optional().catch(undefined),
});

function doneNotice(t: Translate, done: NonNullable<z.output<typeof detailQuery>['done']>): string {
  switch (done) {
    case 'assigned':
      return t('已指派。', 'Assigned.');
    case 'unassigned':
      return t('已取消指派。', 'Unassigned.');
    case 'moved':
      return t('狀態已更新。', 'Status updated.');
    case 'note':
      return t('已加入內部備註。', 'Note added.');
    case 'message':
      return t('訊息已寄給作者（追蹤頁與 e-mail）。', 'Message sent to the writer (tracking page and e-mail).');
    case 'revision':
      return t('已請作者修改；收到修改稿前沒有回覆期限。', 'Revision requested; no due date until the revision arrives.');
    case 'declined':
      return t('已不採用（依設定未通知作者）。', 'Declined (the writer was not told, per the settings).');
    case 'declined_told':
      return t('已不採用，並寄信通知作者。', 'Declined; the writer was e-mailed.');
    case 'spam':
      return t('已標為垃圾投稿。', 'Marked as spam.');
  }
}

export async function registerSubmissionRoutes(fastify: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const sdeps = submissionsDeps(deps);
  const desk = (request: FastifyRequest): User => staffWho(request, 'submissions.handle');

  // ── The queue ──
  app.get('/submissions', { schema: { querystring: queueQuery } }, async (request, reply) => {
    const me = desk(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const q = request.query;
    const status: StatusFilter = q.status ?? 'open';
    const pageNo = q.page ?? 1;
    let statuses: readonly SubmissionStatus[] | undefined = status === 'open' ? UNDECIDED : status === 'all' ? undefined : [status];
    // Only pieces awaiting the desk have a due date to be past.
    if (q.overdue) statuses = (statuses ?? AWAITING_DESK).filter((s) => (AWAITING_DESK as readonly string[]).includes(s));
    const nothing = statuses !== undefined && statuses.length === 0;
    const queue = nothing
      ? { items: [], hasMore: false, counts: (await listSubmissionQueue(sdeps, { page: 1, pageSize: 1 })).counts }
      : await listSubmissionQueue(sdeps, {
          ...(statuses ? { statuses } : {}),
          ...(q.who === 'mine' ? { assigneeId: me.id } : {}),
          ...(q.who === 'unassigned' ? { unassigned: true } : {}),
          ...(q.overdue ? { overdue: true } : {}),
          ...(q.q ? { query: q.q } : {}),
          page: pageNo,
          pageSize: PAGE_SIZE,
        });
    const staff = await staffById(deps);
    const now = deps.clock.now();
    const href = (overrides: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...q, page: undefined, ...overrides })) if (v !== undefined && v !== '' && !(k === 'page' && String(v) === '1')) params.set(k, String(v));
      const s = params.toString();
      return `/newsroom/submissions${s ? `?${s}` : ''}`;
    };
    const filtered = status !== 'open' || q.who !== undefined || q.overdue !== undefined || (q.q ?? '') !== '';
    const body = renderDocument(
      <NewsroomLayout page={page} title={t('投稿', 'Submissions')} wide>
        <section class="nr-card">
          <div class="nr-titlebar">
            <h1>{t('投稿', 'Submissions')}</h1>
          </div>
          <ul class="nr-counts nr-sub-counts" aria-label={t('各狀態的投稿數', 'Submissions by status')}>
            {SUBMISSION_STATUSES.map((s) => (
              <li class={status === s ? 'nr-counts--current' : undefined}>
                <a href={href({ status: s, overdue: undefined })}>{submissionStatusLabel(t, s)}</a>
                <strong>{(queue.counts[s] ?? 0).toLocaleString('zh-Hant-TW')}</strong>
              </li>
            ))}
          </ul>
        </section>
        <section class="nr-card">
          <form class="nr-filters" method="get" action="/newsroom/submissions" role="search">
            <label>
              {t('搜尋', 'Search')}
              <input type="search" name="q" value={q.q ?? ''} maxLength={60} placeholder={t('標題、筆名、編號', 'Title, pen name, code')} />
            </label>
            <label>
              {t('狀態', 'Status')}
              <select name="status">
                <option value="open" selected={status === 'open'}>
                  {t('尚未決定', 'Undecided')}
                </option>
                <option value="all" selected={status === 'all'}>
                  {t('全部', 'All')}
                </option>
                {SUBMISSION_STATUSES.map((s) => (
                  <option value={s} selected={status === s}>
                    {submissionStatusLabel(t, s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('負責人', 'Assignee')}
              <select name="who">
                <option value="">{t('全部', 'Anyone')}</option>
                <option value="mine" selected={q.who === 'mine'}>
                  {t('指派給我', 'Mine')}
                </option>
                <option value="unassigned" selected={q.who === 'unassigned'}>
                  {t('未指派', 'Unassigned')}
                </option>
              </select>
            </label>
            <label class="nr-check-label">
              <span>
                <input type="checkbox" name="overdue" value="1" checked={q.overdue === '1'} /> {t('只看逾期', 'Overdue only')}
              </span>
            </label>
            <button class="nr-button" type="submit">
              {t('篩選', 'Filter')}
            </button>
            {filtered ? <a href="/newsroom/submissions">{t('清除篩選', 'Clear filters')}</a> : null}
          </form>
          {queue.items.length === 0 ? (
            <p>{filtered ? t('沒有符合條件的投稿。', 'No submissions match.') : t('目前沒有待處理的投稿。', 'No submissions are waiting.')}</p>
          ) : (
            <div class="nr-tablewrap">
              <table class="nr-table nr-sub-queue">
                <thead>
                  <tr>
                    <th scope="col">{t('編號', 'Code')}</th>
                    <th scope="col">{t('標題', 'Title')}</th>
                    <th scope="col">{t('筆名', 'Pen name')}</th>
                    <th scope="col">{t('狀態', 'Status')}</th>
                    <th scope="col" class="nr-num">
                      {t('字數', 'Characters')}
                    </th>
                    <th scope="col">{t('收件', 'Received')}</th>
                    <th scope="col">{t('回覆期限', 'Answer by')}</th>
                    <th scope="col">{t('負責人', 'Assignee')}</th>
                    <th scope="col">{t('重複', 'Overlap')}</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.items.map((item) => (
                    <tr class={item.overdue ? 'nr-sub-overdue' : undefined}>
                      <td class="nr-nowrap" data-label={t('編號', 'Code')}>
                        <a href={`/newsroom/submissions/${item.id}`}>{item.code}</a>
                      </td>
                      <td class="nr-break" data-label={t('標題', 'Title')}>
                        <a href={`/newsroom/submissions/${item.id}`}>{item.title || t('（無標題）', '(no title)')}</a>
                        {item.version > 1 ? <span class="nr-id">{t(`第 ${item.version} 版`, `v${item.version}`)}</span> : null}
                      </td>
                      <td class="nr-break" data-label={t('筆名', 'Pen name')}>
                        {item.penName || <span class="nr-muted">{t('（已刪除）', '(deleted)')}</span>}
                      </td>
                      <td class="nr-nowrap" data-label={t('狀態', 'Status')}>
                        <span class={`nr-state nr-sub--${item.status}`}>{submissionStatusLabel(t, item.status)}</span>
                      </td>
                      <td class="nr-num" data-label={t('字數', 'Characters')}>
                        {item.charCount.toLocaleString('zh-Hant-TW')}
                      </td>
                      <td class="nr-nowrap" data-label={t('收件', 'Received')} title={formatTaipeiDateTime(item.receivedAt)}>
                        {ageText(t, item.receivedAt, now)}
                      </td>
                      <td class="nr-nowrap" data-label={t('回覆期限', 'Answer by')}>
                        {item.dueAt ? formatTaipeiDateTime(item.dueAt) : '—'}
                        {item.overdue ? (
                          <>
                            {' '}
                            <span class="nr-flag nr-flag--bad">{t('逾期', 'Overdue')}</span>
                          </>
                        ) : null}
                      </td>
                      <td class="nr-nowrap" data-label={t('負責人', 'Assignee')}>{item.assigneeId !== null ? (staff.get(item.assigneeId)?.displayName ?? `#${item.assigneeId}`) : <span class="nr-muted">{t('未指派', 'Unassigned')}</span>}</td>
                      <td class="nr-nowrap" data-label={item.overlapShare > 0 ? t('重複', 'Overlap') : undefined}>
                        {item.overlapShare > 0 ? (
                          <a href={`/newsroom/submissions/${item.id}#overlaps`} class={item.overlapShare >= OVERLAP_FLAG_SHARE ? 'nr-flag nr-flag--bad' : 'nr-flag'}>
                            {t(`重複 ${sharePercent(item.overlapShare)}%`, `${sharePercent(item.overlapShare)}%`)}
                          </a>
                        ) : (
                          ''
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {pageNo > 1 || queue.hasMore ? (
            <nav class="nr-pager" aria-label={t('分頁', 'Pages')}>
              {pageNo > 1 ? <a href={href({ page: pageNo - 1 })}>{t('← 上一頁', '← Previous')}</a> : <span />}
              <span>{t(`第 ${pageNo} 頁`, `Page ${pageNo}`)}</span>
              {queue.hasMore ? <a href={href({ page: pageNo + 1 })}>{t('下一頁 →', 'Next →')}</a> : <span />}
            </nav>
          ) : null}
        </section>
      </NewsroomLayout>,
    );
    return html(reply, 200, body);
  });

  // ── One submission ──
  const load = async (id: number): Promise<DeskSubmission> => {
    const found = await getSubmissionForDesk(sdeps, id);
    if (!found) throw new AppError('page_not_found', 404, 'no such submission');
    return found;
  };
  const show = async (request: FastifyRequest, reply: FastifyReply, id: number, view: SubmissionView) => renderSubmissionPage(deps, request, reply, await load(id), view);

  app.get('/submissions/:id', { schema: { params: idParams, querystring: detailQuery } }, async (request, reply) => {
    desk(request);
    const { t } = pageFor(request, reply);
    const { from, to, done } = request.query;
    return show(request, reply, request.params.id, { compare: { ...(from ? { from } : {}), ...(to ? { to } : {}) }, ...(done ? { notice: doneNotice(t, done) } : {}) });
  });

  // The writer's pictures stay in the database until acceptance: served only here, to the desk, never cached.
  app.get('/submissions/:id/images/:image', { schema: { params: imageParams } }, async (request, reply) => {
    desk(request);
    const found = await submissionImage(deps, request.params.id, request.params.image);
    if (!found) throw new AppError('page_not_found', 404, 'no such picture');
    return reply.header('content-type', found.mime).header('x-content-type-options', 'nosniff').header('content-disposition', 'inline').send(found.data);
  });

  /**
   * Runs a decision; a refusal of the desk's rules (wrong status, contact deleted) comes back on the page in the
   * user's language with nothing changed.
   */
  const act = async (request: FastifyRequest, reply: FastifyReply, id: number, run: () => Promise<string>, form?: { name: SubmissionFormName; state: FormState }) => {
    const { t } = pageFor(request, reply);
    try {
      const done = await run();
      return reply.redirect(done.startsWith('/') ? done : `/newsroom/submissions/${id}?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof SubmissionRefused)) throw error;
      if (error.code === 'not_found') throw new AppError('page_not_found', 404, 'no such submission');
      return show(request, reply, id, { status: 409, refusal: error.say(t), ...(form ? { forms: { [form.name]: form.state } } : {}) });
    }
  };

  /** A required text (message, note, reason) read from its field, with the message beside it when it is wrong. */
  const readText = (t: Translate, values: Readonly<Record<string, string>>, field: string, what: { zh: string; en: string }): { ok: true; text: string } | { ok: false; state: FormState } => {
    const parsed = messageSchema(t, what).safeParse({ message: values[field] });
    if (parsed.success) return { ok: true, text: parsed.data.message };
    return { ok: false, state: { values, errors: { [field]: parsed.error.issues[0]?.message ?? t('內容有誤', 'Check this field') } } };
  };

  app.post('/submissions/:id/assign', { schema: { params: idParams } }, async (request, reply) => {
    const me = desk(request);
    const { t } = pageFor(request, reply);
    const id = request.params.id;
    const values = formValues(request.body);
    const raw = values.assignee ?? '';
    const staff = await staffById(deps);
    const chosen = raw === '' ? null : /^[1-9]\d{0,9}$/.test(raw) ? (staff.get(Number(raw)) ?? null) : null;
    if (raw !== '' && (!chosen || chosen.disabled || !may(chosen.role, 'submissions.handle'))) {
      return show(request, reply, id, { status: 422, forms: { assign: { values, errors: { assignee: t('請從清單中選擇負責人', 'Choose someone from the list') } } } });
    }
    return act(request, reply, id, async () => {
      await assignSubmission(sdeps, id, chosen?.id ?? null, { userId: me.id });
      return chosen ? 'assigned' : 'unassigned';
    });
  });

  app.post('/submissions/:id/move', { schema: { params: idParams } }, async (request, reply) => {
    const me = desk(request);
    const id = request.params.id;
    const to = formValues(request.body).to;
    if (to !== 'screening' && to !== 'in_review') throw new AppError('bad_request', 400, 'unknown step');
    return act(request, reply, id, async () => {
      await moveSubmission(sdeps, id, to, { userId: me.id });
      return 'moved';
    });
  });

  app.post('/submissions/:id/note', { schema: { params: idParams } }, async (request, reply) => {
    const me = desk(request);
    const { t } = pageFor(request, reply);
    const id = request.params.id;
    const values = formValues(request.body);
    const read = readText(t, values, 'note', { zh: '備註', en: 'a note' });
    if (!read.ok) return show(request, reply, id, { status: 422, forms: { note: read.state } });
    return act(request, reply, id, async () => {
      await addInternalNote(sdeps, id, read.text, { userId: me.id });
      return 'note';
    }, { name: 'note', state: { values, errors: {} } });
  });

  app.post('/submissions/:id/message', { schema: { params: idParams } }, async (request, reply) => {
    const me = desk(request);
    const { t } = pageFor(request, reply);
    const id = request.params.id;
    const values = formValues(request.body);
    const read = readText(t, values, 'message', { zh: '給作者的訊息', en: 'a message to the writer' });
    if (!read.ok) return show(request, reply, id, { status: 422, forms: { message: read.state } });
    return act(request, reply, id, async () => {
      await messageWriter(sdeps, id, read.text, { userId: me.id });
      return 'message';
    }, { name: 'message', state: { values, errors: {} } });
  });

  app.post('/submissions/:id/revision', { schema: { params: idParams } }, async (request, reply) => {
    const me = desk(request);
    const { t } = pageFor(request, reply);
    const id = request.params.id;
    const values = formValues(request.body);
    const read = readText(t, values, 'revision', { zh: '請作者修改的地方', en: 'what the writer should revise' });
    if (!read.ok) return show(request, reply, id, { status: 422, forms: { revision: read.state } });
    return act(request, reply, id, async () => {
      await requestRevision(sdeps, id, read.text, { userId: me.id });
      await audit(deps, actorOf(request), 'submission.revision_request', `submission:${id}`);
      return 'revision';
    }, { name: 'revision', state: { values, errors: {} } });
  });

  app.post('/submissions/:id/accept', { schema: { params: idParams } }, async (request, reply) => {
    const me = desk(request);
    const id = request.params.id;
    return act(request, reply, id, async () => {
      const { articleId } = await acceptSubmission(sdeps, id, { userId: me.id });
      await audit(deps, actorOf(request), 'submission.accept', `submission:${id}`, { article: articleId });
      return `/newsroom/articles/${articleId}`;
    });
  });

  app.post('/submissions/:id/decline', { schema: { params: idParams } }, async (request, reply) => {
    const me = desk(request);
    const { t } = pageFor(request, reply);
    const id = request.params.id;
    const values = formValues(request.body);
    if (values.use === 'template') {
      // Without JavaScript: the page comes back with the template's text in the reason, to edit before declining.
      const templates = (await getEditorialSettings(deps)).submissionDeclineTemplates;
      const chosen = /^\d{1,3}$/.test(values.template ?? '') ? templates[Number(values.template)] : undefined;
      if (!chosen) return show(request, reply, id, { status: 422, forms: { decline: { values, errors: { template: t('請先選擇一個範本', 'Choose a template first') } } } });
      return show(request, reply, id, { forms: { decline: { values: { ...values, reason: chosen.text }, errors: {} } } });
    }
    const read = readText(t, values, 'reason', { zh: '不採用的理由', en: 'the reason for declining' });
    if (!read.ok) return show(request, reply, id, { status: 422, forms: { decline: read.state } });
    return act(request, reply, id, async () => {
      const { told } = await declineSubmission(sdeps, id, read.text, { userId: me.id });
      await audit(deps, actorOf(request), 'submission.decline', `submission:${id}`, { told });
      return told ? 'declined_told' : 'declined';
    }, { name: 'decline', state: { values, errors: {} } });
  });

  app.post('/submissions/:id/spam', { schema: { params: idParams } }, async (request, reply) => {
    const me = desk(request);
    const id = request.params.id;
    return act(request, reply, id, async () => {
      await markSpam(sdeps, id, { userId: me.id });
      await audit(deps, actorOf(request), 'submission.spam', `submission:${id}`);
      return 'spam';
    });
  });
}
