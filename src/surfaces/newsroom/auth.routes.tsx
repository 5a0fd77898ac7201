import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  beginTwoStepSetup,
  changePassword,
  checkPassword,
  completeTwoStep,
  confirmTwoStep,
  endAllSessions,
  endSession,
  pendingTwoStepUri,
  startSession,
} from '../../modules/accounts/index.js';
import { emptyForm, type FormState, readForm } from '../../platform/http/forms.js';
import { ErrorSummary, TextField } from '../../platform/html/form.js';
import { renderDocument } from '../../platform/html/render.js';
import { formatTaipeiDateTime } from '../../platform/time.js';
import { clearSessionCookie, csrfFor, type NewsroomDeps, pageFor, setSessionCookie } from './newsroom.context.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';

const loginForm = z.object({
  email: z.string().trim().min(1, '請輸入電子郵件').max(254, '電子郵件太長'),
  password: z.string().min(1, '請輸入密碼').max(200, '密碼太長'),
});
const codeForm = z.object({ code: z.string().trim().regex(/^\d{3}\s?\d{3}$/, '請輸入驗證器 App 顯示的 6 位數字') });
const passwordForm = z
  .object({
    current: z.string().min(1, '請輸入目前的密碼'),
    next: z.string().min(1, '請輸入新密碼'),
    confirm: z.string(),
  })
  .refine((f) => f.next === f.confirm, { path: ['confirm'], message: '兩次輸入的新密碼不一樣' });

/** Only newsroom paths may be a place to go back to after login: never another site. */
function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/newsroom\/[^\\/]?/.test(raw) && !raw.startsWith('//') ? raw : '/newsroom/';
}

const client = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
const actorOf = (request: FastifyRequest) => ({ userId: request.staff?.user.id ?? null, ip: request.ip });

export async function registerAuthRoutes(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const limits = deps.config.newsroomSession;
  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body);

  const loginPage = (request: FastifyRequest, reply: FastifyReply, form: FormState, next: string, notice?: string) =>
    renderDocument(
      <NewsroomLayout page={pageFor(request, reply, { signedOut: true })} title="登入">
        <section class="nr-card nr-narrow">
          <h1>登入新聞室</h1>
          {notice ? <p class="nr-notice" role="status">{notice}</p> : null}
          <form method="post" action="/newsroom/login" novalidate>
            <CsrfField token={csrfFor(reply)} />
            <input type="hidden" name="next" value={next} />
            <ErrorSummary form={form} labels={{ email: '電子郵件', password: '密碼' }} />
            <TextField form={form} name="email" label="電子郵件" type="email" autocomplete="username" required />
            <TextField form={{ values: {}, errors: form.errors }} name="password" label="密碼" type="password" autocomplete="current-password" required />
            <button class="nr-button" type="submit">
              登入
            </button>
          </form>
          <p class="nr-note">忘記密碼請洽系統管理員重設。連續輸錯 5 次，帳號會暫時鎖定。</p>
        </section>
      </NewsroomLayout>,
    );

  app.get('/login', { config: { newsroomPublic: true } }, async (request, reply) => {
    if (request.staff?.stage === 'active') return reply.redirect('/newsroom/', 303);
    const next = safeNext((request.query as Record<string, unknown>).next);
    return html(reply, 200, loginPage(request, reply, emptyForm, next));
  });

  app.post(
    '/login',
    { config: { newsroomPublic: true, rateLimit: { max: deps.config.newsroomLoginPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const next = safeNext((request.body as Record<string, unknown> | undefined)?.next);
      const form = readForm(loginForm, request.body);
      if (!form.ok) return html(reply, 422, loginPage(request, reply, form.state, next));
      const outcome = await checkPassword(deps, form.data.email, form.data.password, { userId: null, ip: request.ip });
      const refused = (message: string) => html(reply, 422, loginPage(request, reply, { values: { email: form.data.email }, errors: { '': message } }, next));
      if (outcome.status === 'invalid') return refused('電子郵件或密碼不正確');
      if (outcome.status === 'disabled') return refused('這個帳號已停用，請聯絡系統管理員');
      if (outcome.status === 'locked') return refused(`登入失敗次數太多，帳號暫時鎖定到 ${formatTaipeiDateTime(outcome.until)}（台北時間）`);
      // A fresh session at every login; any session cookie the browser had is replaced.
      const stage = outcome.user.twoStepEnabled ? 'two_step' : 'active';
      const session = await startSession(deps, outcome.user, limits, client(request), stage);
      setSessionCookie(reply, deps, session.token, session.expiresAt);
      return reply.redirect(stage === 'two_step' ? `/newsroom/login/code?next=${encodeURIComponent(next)}` : next, 303);
    },
  );

  const codePage = (request: FastifyRequest, reply: FastifyReply, form: FormState, next: string) =>
    renderDocument(
      <NewsroomLayout page={pageFor(request, reply, { signedOut: true })} title="兩步驟驗證">
        <section class="nr-card nr-narrow">
          <h1>兩步驟驗證</h1>
          <p>請輸入驗證器 App 上「Opinion Desk」顯示的 6 位數驗證碼。</p>
          <form method="post" action="/newsroom/login/code" novalidate>
            <CsrfField token={csrfFor(reply)} />
            <input type="hidden" name="next" value={next} />
            <ErrorSummary form={form} labels={{ code: '驗證碼' }} />
            <TextField form={form} name="code" label="驗證碼" autocomplete="one-time-code" required maxLength={7} />
            <button class="nr-button" type="submit">
              驗證
            </button>
          </form>
        </section>
      </NewsroomLayout>,
    );

  app.get('/login/code', { config: { newsroomPublic: true } }, async (request, reply) => {
    if (request.staff?.stage !== 'two_step') return reply.redirect('/newsroom/login', 303);
    return html(reply, 200, codePage(request, reply, emptyForm, safeNext((request.query as Record<string, unknown>).next)));
  });

  app.post('/login/code', { config: { newsroomPublic: true, rateLimit: { max: deps.config.newsroomLoginPerMinute, timeWindow: '1 minute' } } }, async (request, reply) => {
    const next = safeNext((request.body as Record<string, unknown> | undefined)?.next);
    const staff = request.staff;
    if (staff?.stage !== 'two_step') return reply.redirect('/newsroom/login', 303);
    const form = readForm(codeForm, request.body);
    if (!form.ok) return html(reply, 422, codePage(request, reply, form.state, next));
    const outcome = await completeTwoStep(deps, staff.token, form.data.code, limits, client(request));
    if (outcome.status === 'ok') {
      setSessionCookie(reply, deps, outcome.token, new Date(deps.clock.now().getTime() + limits.absoluteMs).toISOString());
      return reply.redirect(next, 303);
    }
    if (outcome.status === 'invalid') return html(reply, 422, codePage(request, reply, { values: {}, errors: { code: '驗證碼不正確，請輸入 App 上目前的數字' } }, next));
    clearSessionCookie(reply, deps);
    const notice = outcome.status === 'locked' ? `嘗試次數太多，帳號暫時鎖定到 ${formatTaipeiDateTime(outcome.until)}（台北時間）` : '驗證逾時，請重新登入。';
    return html(reply, outcome.status === 'locked' ? 422 : 401, loginPage(request, reply, emptyForm, next, notice));
  });

  app.post('/logout', { config: { newsroomSetup: true } }, async (request, reply) => {
    if (request.staff) await endSession(deps, request.staff.token, actorOf(request));
    clearSessionCookie(reply, deps);
    return html(reply, 200, loginPage(request, reply, emptyForm, '/newsroom/', '已登出。'));
  });

  app.post('/logout-everywhere', async (request, reply) => {
    const staff = request.staff;
    if (staff) await endAllSessions(deps, staff.user.id, actorOf(request));
    clearSessionCookie(reply, deps);
    return html(reply, 200, loginPage(request, reply, emptyForm, '/newsroom/', '已從所有裝置登出。'));
  });

  const passwordPage = (request: FastifyRequest, reply: FastifyReply, form: FormState) => {
    const user = request.staff?.user ?? null;
    return renderDocument(
      <NewsroomLayout page={pageFor(request, reply)} title="變更密碼">
        <section class="nr-card nr-narrow">
          <h1>變更密碼</h1>
          {user?.mustChangePassword ? <p class="nr-notice">這是管理員給您的一次性密碼，請先換成只有您知道的密碼。</p> : null}
          <form method="post" action="/newsroom/password" novalidate>
            <CsrfField token={csrfFor(reply)} />
            <ErrorSummary form={form} labels={{ current: '目前的密碼', next: '新密碼', confirm: '再輸入一次新密碼' }} />
            <TextField form={{ values: {}, errors: form.errors }} name="current" label="目前的密碼" type="password" autocomplete="current-password" required />
            <TextField form={{ values: {}, errors: form.errors }} name="next" label="新密碼" type="password" autocomplete="new-password" hint="至少 12 個字元，可以用一句好記的話；不可包含帳號或姓名。" required />
            <TextField form={{ values: {}, errors: form.errors }} name="confirm" label="再輸入一次新密碼" type="password" autocomplete="new-password" required />
            <button class="nr-button" type="submit">
              變更密碼
            </button>
          </form>
          <p class="nr-note">變更後，其他裝置上的登入都會結束。</p>
        </section>
      </NewsroomLayout>,
    );
  };

  app.get('/password', { config: { newsroomSetup: true } }, async (request, reply) => html(reply, 200, passwordPage(request, reply, emptyForm)));

  app.post('/password', { config: { newsroomSetup: true } }, async (request, reply) => {
    const staff = request.staff;
    if (!staff) return reply.redirect('/newsroom/login', 303);
    const form = readForm(passwordForm, request.body);
    if (!form.ok) return html(reply, 422, passwordPage(request, reply, { values: {}, errors: form.state.errors }));
    const result = await changePassword(deps, staff.user.id, form.data.current, form.data.next, actorOf(request));
    if (!result.ok) return html(reply, 422, passwordPage(request, reply, { values: {}, errors: { [result.field]: result.message } }));
    // Every session ended with the old password: this browser gets a new one.
    const session = await startSession(deps, { ...staff.user, mustChangePassword: false }, limits, client(request));
    setSessionCookie(reply, deps, session.token, session.expiresAt);
    return reply.redirect('/newsroom/', 303);
  });

  const twoStepPage = async (request: FastifyRequest, reply: FastifyReply, setup: { secret: string; uri: string }, form: FormState) => {
    // The QR code is an SVG made here from the otpauth URI, shown as an image: no third party sees the secret.
    const qr = await QRCode.toString(setup.uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    const src = `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`;
    return renderDocument(
      <NewsroomLayout page={pageFor(request, reply)} title="設定兩步驟驗證">
        <section class="nr-card nr-narrow">
          <h1>設定兩步驟驗證</h1>
          <p>用驗證器 App（如 Google Authenticator、Microsoft Authenticator、1Password）掃描下方條碼，再輸入 App 顯示的 6 位數驗證碼。</p>
          <img class="nr-qr" src={src} width={220} height={220} alt="兩步驟驗證設定條碼" />
          <p>
            無法掃描時，請在 App 手動輸入金鑰：
            <br />
            <span class="nr-secret">{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</span>
          </p>
          <form method="post" action="/newsroom/two-step" novalidate>
            <CsrfField token={csrfFor(reply)} />
            <ErrorSummary form={form} labels={{ code: '驗證碼' }} />
            <TextField form={form} name="code" label="驗證碼" autocomplete="one-time-code" required maxLength={7} />
            <button class="nr-button" type="submit">
              啟用兩步驟驗證
            </button>
          </form>
        </section>
      </NewsroomLayout>,
    );
  };

  app.get('/two-step', { config: { newsroomSetup: true } }, async (request, reply) => {
    const staff = request.staff;
    if (!staff) return reply.redirect('/newsroom/login', 303);
    if (staff.user.twoStepEnabled) return reply.redirect('/newsroom/', 303);
    const setup = (await pendingTwoStepUri(deps, staff.user.id)) ?? (await beginTwoStepSetup(deps, staff.user.id));
    return html(reply, 200, await twoStepPage(request, reply, setup, emptyForm));
  });

  app.post('/two-step', { config: { newsroomSetup: true } }, async (request, reply) => {
    const staff = request.staff;
    if (!staff) return reply.redirect('/newsroom/login', 303);
    const setup = await pendingTwoStepUri(deps, staff.user.id);
    if (!setup) return reply.redirect('/newsroom/two-step', 303);
    const form = readForm(codeForm, request.body);
    if (!form.ok) return html(reply, 422, await twoStepPage(request, reply, setup, form.state));
    if (!(await confirmTwoStep(deps, staff.user.id, form.data.code, actorOf(request)))) {
      return html(reply, 422, await twoStepPage(request, reply, setup, { values: {}, errors: { code: '驗證碼不正確：請確認手機時間正確，並輸入 App 上目前的數字' } }));
    }
    return reply.redirect('/newsroom/', 303);
  });
}
