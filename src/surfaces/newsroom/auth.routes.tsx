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
import { langOf, problemsHeading, type Translate, translator } from './newsroom.i18n.js';
import { CsrfField, NewsroomLayout } from './newsroom.layout.js';

const loginForm = (t: Translate) =>
  z.object({
    email: z.string().trim().min(1, t('請輸入電子郵件', 'Enter your e-mail address')).max(254, t('電子郵件太長', 'The e-mail address is too long')),
    password: z.string().min(1, t('請輸入密碼', 'Enter your password')).max(200, t('密碼太長', 'The password is too long')),
  });
const codeForm = (t: Translate) =>
  z.object({ code: z.string().trim().regex(/^\d{3}\s?\d{3}$/, t('請輸入驗證器 App 顯示的 6 位數字', 'Enter the 6 digits your authenticator app shows')) });
const passwordForm = (t: Translate) =>
  z
    .object({
      current: z.string().min(1, t('請輸入目前的密碼', 'Enter your current password')),
      next: z.string().min(1, t('請輸入新密碼', 'Enter a new password')),
      confirm: z.string(),
    })
    .refine((f) => f.next === f.confirm, { path: ['confirm'], message: t('兩次輸入的新密碼不一樣', 'The two new passwords differ') });
const tOf = (request: FastifyRequest) => translator(langOf(request));

/** Only newsroom paths may be a place to go back to after login: never another site. */
function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/newsroom\/[^\\/]?/.test(raw) && !raw.startsWith('//') ? raw : '/newsroom/';
}

const client = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
const actorOf = (request: FastifyRequest) => ({ userId: request.staff?.user.id ?? null, ip: request.ip });

export async function registerAuthRoutes(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const limits = deps.config.newsroomSession;
  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body);

  const loginPage = (request: FastifyRequest, reply: FastifyReply, form: FormState, next: string, notice?: string) => {
    const page = pageFor(request, reply, { signedOut: true });
    const { t } = page;
    return renderDocument(
      <NewsroomLayout page={page} title={t('登入', 'Log in')}>
        <section class="nr-card nr-narrow">
          <h1>{t('登入新聞室', 'Log in to the newsroom')}</h1>
          {notice ? <p class="nr-notice" role="status">{notice}</p> : null}
          <form method="post" action="/newsroom/login" novalidate>
            <CsrfField token={csrfFor(reply)} />
            <input type="hidden" name="next" value={next} />
            <ErrorSummary heading={problemsHeading(t)} form={form} labels={{ email: t('電子郵件', 'E-mail'), password: t('密碼', 'Password') }} />
            <TextField form={form} name="email" label={t('電子郵件', 'E-mail')} type="email" autocomplete="username" required />
            <TextField form={{ values: {}, errors: form.errors }} name="password" label={t('密碼', 'Password')} type="password" autocomplete="current-password" required />
            <button class="nr-button" type="submit">
              {t('登入', 'Log in')}
            </button>
          </form>
          <p class="nr-note">{t('忘記密碼請洽系統管理員重設。連續輸錯 5 次，帳號會暫時鎖定。', 'Forgot your password? An administrator can reset it. Five wrong tries lock the account for a while.')}</p>
        </section>
      </NewsroomLayout>,
    );
  };

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
      const t = tOf(request);
      const form = readForm(loginForm(t), request.body);
      if (!form.ok) return html(reply, 422, loginPage(request, reply, form.state, next));
      const outcome = await checkPassword(deps, form.data.email, form.data.password, { userId: null, ip: request.ip });
      const refused = (message: string) => html(reply, 422, loginPage(request, reply, { values: { email: form.data.email }, errors: { '': message } }, next));
      if (outcome.status === 'invalid') return refused(t('電子郵件或密碼不正確', 'The e-mail address or password is wrong'));
      if (outcome.status === 'disabled') return refused(t('這個帳號已停用，請聯絡系統管理員', 'This account is disabled; ask an administrator'));
      if (outcome.status === 'locked') {
        return refused(t(`登入失敗次數太多，帳號暫時鎖定到 ${formatTaipeiDateTime(outcome.until)}（台北時間）`, `Too many failed logins: the account is locked until ${formatTaipeiDateTime(outcome.until)} (Taipei time)`));
      }
      // A fresh session at every login; any session cookie the browser had is replaced.
      const stage = outcome.user.twoStepEnabled ? 'two_step' : 'active';
      const session = await startSession(deps, outcome.user, limits, client(request), stage);
      setSessionCookie(reply, deps, session.token, session.expiresAt);
      return reply.redirect(stage === 'two_step' ? `/newsroom/login/code?next=${encodeURIComponent(next)}` : next, 303);
    },
  );

  const codePage = (request: FastifyRequest, reply: FastifyReply, form: FormState, next: string) => {
    const page = pageFor(request, reply, { signedOut: true });
    const { t } = page;
    return renderDocument(
      <NewsroomLayout page={page} title={t('兩步驟驗證', 'Two-step verification')}>
        <section class="nr-card nr-narrow">
          <h1>{t('兩步驟驗證', 'Two-step verification')}</h1>
          <p>{t('請輸入驗證器 App 上「Opinion Desk」顯示的 6 位數驗證碼。', 'Enter the 6-digit code your authenticator app shows for “Opinion Desk”.')}</p>
          <form method="post" action="/newsroom/login/code" novalidate>
            <CsrfField token={csrfFor(reply)} />
            <input type="hidden" name="next" value={next} />
            <ErrorSummary heading={problemsHeading(t)} form={form} labels={{ code: t('驗證碼', 'Code') }} />
            <TextField form={form} name="code" label={t('驗證碼', 'Code')} autocomplete="one-time-code" required maxLength={7} />
            <button class="nr-button" type="submit">
              {t('驗證', 'Verify')}
            </button>
          </form>
        </section>
      </NewsroomLayout>,
    );
  };

  app.get('/login/code', { config: { newsroomPublic: true } }, async (request, reply) => {
    if (request.staff?.stage !== 'two_step') return reply.redirect('/newsroom/login', 303);
    return html(reply, 200, codePage(request, reply, emptyForm, safeNext((request.query as Record<string, unknown>).next)));
  });

  app.post('/login/code', { config: { newsroomPublic: true, rateLimit: { max: deps.config.newsroomLoginPerMinute, timeWindow: '1 minute' } } }, async (request, reply) => {
    const next = safeNext((request.body as Record<string, unknown> | undefined)?.next);
    const staff = request.staff;
    if (staff?.stage !== 'two_step') return reply.redirect('/newsroom/login', 303);
    const t = tOf(request);
    const form = readForm(codeForm(t), request.body);
    if (!form.ok) return html(reply, 422, codePage(request, reply, form.state, next));
    const outcome = await completeTwoStep(deps, staff.token, form.data.code, limits, client(request));
    if (outcome.status === 'ok') {
      setSessionCookie(reply, deps, outcome.token, new Date(deps.clock.now().getTime() + limits.absoluteMs).toISOString());
      return reply.redirect(next, 303);
    }
    if (outcome.status === 'invalid') return html(reply, 422, codePage(request, reply, { values: {}, errors: { code: t('驗證碼不正確，請輸入 App 上目前的數字', 'Wrong code: enter the number the app shows now') } }, next));
    clearSessionCookie(reply, deps);
    const notice =
      outcome.status === 'locked'
        ? t(`嘗試次數太多，帳號暫時鎖定到 ${formatTaipeiDateTime(outcome.until)}（台北時間）`, `Too many tries: the account is locked until ${formatTaipeiDateTime(outcome.until)} (Taipei time)`)
        : t('驗證逾時，請重新登入。', 'Verification timed out; please log in again.');
    return html(reply, outcome.status === 'locked' ? 422 : 401, loginPage(request, reply, emptyForm, next, notice));
  });

  app.post('/logout', { config: { newsroomSetup: true } }, async (request, reply) => {
    if (request.staff) await endSession(deps, request.staff.token, actorOf(request));
    clearSessionCookie(reply, deps);
    return html(reply, 200, loginPage(request, reply, emptyForm, '/newsroom/', tOf(request)('已登出。', 'Logged out.')));
  });

  app.post('/logout-everywhere', async (request, reply) => {
    const staff = request.staff;
    if (staff) await endAllSessions(deps, staff.user.id, actorOf(request));
    clearSessionCookie(reply, deps);
    return html(reply, 200, loginPage(request, reply, emptyForm, '/newsroom/', tOf(request)('已從所有裝置登出。', 'Logged out on every device.')));
  });

  const passwordPage = (request: FastifyRequest, reply: FastifyReply, form: FormState) => {
    const user = request.staff?.user ?? null;
    const page = pageFor(request, reply);
    const { t } = page;
    return renderDocument(
      <NewsroomLayout page={page} title={t('變更密碼', 'Change password')}>
        <section class="nr-card nr-narrow">
          <h1>{t('變更密碼', 'Change password')}</h1>
          {user?.mustChangePassword ? (
            <p class="nr-notice">{t('這是管理員給您的一次性密碼，請先換成只有您知道的密碼。', 'This is a one-time password from an administrator: first change it to one only you know.')}</p>
          ) : null}
          <form method="post" action="/newsroom/password" novalidate>
            <CsrfField token={csrfFor(reply)} />
            <ErrorSummary heading={problemsHeading(t)} form={form} labels={{ current: t('目前的密碼', 'Current password'), next: t('新密碼', 'New password'), confirm: t('再輸入一次新密碼', 'New password again') }} />
            <TextField form={{ values: {}, errors: form.errors }} name="current" label={t('目前的密碼', 'Current password')} type="password" autocomplete="current-password" required />
            <TextField form={{ values: {}, errors: form.errors }} name="next" label={t('新密碼', 'New password')} type="password" autocomplete="new-password" hint={t('至少 12 個字元，可以用一句好記的話；不可包含帳號或姓名。', 'At least 12 characters — a sentence you remember works well; not your account name or your name.')} required />
            <TextField form={{ values: {}, errors: form.errors }} name="confirm" label={t('再輸入一次新密碼', 'New password again')} type="password" autocomplete="new-password" required />
            <button class="nr-button" type="submit">
              {t('變更密碼', 'Change password')}
            </button>
          </form>
          <p class="nr-note">{t('變更後，其他裝置上的登入都會結束。', 'After the change, every other device is logged out.')}</p>
        </section>
      </NewsroomLayout>,
    );
  };

  app.get('/password', { config: { newsroomSetup: true } }, async (request, reply) => html(reply, 200, passwordPage(request, reply, emptyForm)));

  app.post('/password', { config: { newsroomSetup: true } }, async (request, reply) => {
    const staff = request.staff;
    if (!staff) return reply.redirect('/newsroom/login', 303);
    const form = readForm(passwordForm(tOf(request)), request.body);
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
    const page = pageFor(request, reply);
    const { t } = page;
    return renderDocument(
      <NewsroomLayout page={page} title={t('設定兩步驟驗證', 'Set up two-step verification')}>
        <section class="nr-card nr-narrow">
          <h1>{t('設定兩步驟驗證', 'Set up two-step verification')}</h1>
          <p>
            {t(
              '用驗證器 App（如 Google Authenticator、Microsoft Authenticator、1Password）掃描下方條碼，再輸入 App 顯示的 6 位數驗證碼。',
              'Scan the code below with an authenticator app (such as Google Authenticator, Microsoft Authenticator or 1Password), then enter the 6 digits it shows.',
            )}
          </p>
          <img class="nr-qr" src={src} width={220} height={220} alt={t('兩步驟驗證設定條碼', 'Two-step verification setup code')} />
          <p>
            {t('無法掃描時，請在 App 手動輸入金鑰：', 'If you cannot scan it, type this key into the app:')}
            <br />
            <span class="nr-secret">{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</span>
          </p>
          <form method="post" action="/newsroom/two-step" novalidate>
            <CsrfField token={csrfFor(reply)} />
            <ErrorSummary heading={problemsHeading(t)} form={form} labels={{ code: t('驗證碼', 'Code') }} />
            <TextField form={form} name="code" label={t('驗證碼', 'Code')} autocomplete="one-time-code" required maxLength={7} />
            <button class="nr-button" type="submit">
              {t('啟用兩步驟驗證', 'Turn on two-step verification')}
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
    const t = tOf(request);
    const form = readForm(codeForm(t), request.body);
    if (!form.ok) return html(reply, 422, await twoStepPage(request, reply, setup, form.state));
    if (!(await confirmTwoStep(deps, staff.user.id, form.data.code, actorOf(request)))) {
      return html(reply, 422, await twoStepPage(request, reply, setup, { values: {}, errors: { code: t('驗證碼不正確：請確認手機時間正確，並輸入 App 上目前的數字', 'Wrong code: check that the phone’s clock is right and enter the number the app shows now') } }));
    }
    return reply.redirect('/newsroom/', 303);
  });
}
