import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/index.js';
import { importSeed } from '../support/factories.js';
import { NewsroomVisitor } from '../support/newsroom-visitor.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** The newsroom's front door: sessions, CSRF, forced setup, two-step login, roles — through HTTP. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  await importSeed(t);
});
afterAll(async () => t.close());

async function account(role: string, name = `${role} 帳號`) {
  const email = `${role}.${Math.random().toString(36).slice(2, 8)}@example.tw`;
  const { password } = await createUser(t.deps, { email, displayName: name, role });
  return { email, password };
}

/** Signs in and replaces the one-time password, as a new colleague does on day one. */
async function signedIn(role: string, name?: string) {
  const who = await account(role, name);
  const v = new NewsroomVisitor(t);
  await v.login(who.email, who.password);
  await v.get('/newsroom/password');
  const mine = '一句只有我知道的密碼 2026!';
  const res = await v.post('/newsroom/password', { current: who.password, next: mine, confirm: mine });
  expect(res.statusCode, res.body).toBe(303);
  return { v, ...who, password: mine };
}

/** The code the app shows at the server's time (the tests' clock is fixed). */
const code = (app: TOTP) => app.generate({ timestamp: t.clock.now().getTime() });

function totpOf(body: string): TOTP {
  const secret = /class="nr-secret">([A-Z2-7 ]+)</.exec(body)?.[1]?.replace(/ /g, '') ?? '';
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
}

describe('the newsroom door', () => {
  it('sends anonymous visitors to the login page and answers their posts with 401, never from the page cache', async () => {
    const v = new NewsroomVisitor(t);
    const home = await v.get('/newsroom/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/newsroom/login?next=%2Fnewsroom%2F');
    const audit = await v.get('/newsroom/audit');
    expect(audit.headers.location).toBe('/newsroom/login?next=%2Fnewsroom%2Faudit');
    const post = await v.post('/newsroom/logout-everywhere', {});
    expect(post.statusCode).toBe(401);
    expect(post.body).toContain('請先登入');
    const login = await v.get('/newsroom/login');
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    expect(login.headers['x-frame-options']).toBe('DENY');
    expect(login.headers['content-security-policy']).toContain("default-src 'self'");
    expect([...Array(10).keys()].every(() => t.cache.get('/newsroom/login') === undefined)).toBe(true);
  });

  it('refuses a wrong password in zh-Hant beside the form, keeping the e-mail typed', async () => {
    const who = await account('editor');
    const v = new NewsroomVisitor(t);
    const res = await v.login(who.email, 'not the password at all');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('電子郵件或密碼不正確');
    expect(res.body).toContain(`value="${who.email}"`);
    expect(res.body).not.toContain('not the password at all');
    expect(v.cookie('opdesk_session')).toBeUndefined();
  });

  it('gives a new session at login (a planted cookie is never promoted) and makes a new colleague change the one-time password', async () => {
    const who = await account('copy_editor', '校對乙');
    const v = new NewsroomVisitor(t);
    await v.get('/newsroom/login');
    const res = await v.post('/newsroom/login', { email: who.email, password: who.password });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/newsroom/');
    const first = v.cookie('opdesk_session');
    expect(first).toMatch(/^[\w-]{40,}$/);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/opdesk_session=[^;]+; Max-Age=43200; Path=\/newsroom; HttpOnly; Secure; SameSite=Lax/);
    // Setup comes first.
    expect((await v.get('/newsroom/')).headers.location).toBe('/newsroom/password');
    const weak = await v.post('/newsroom/password', { current: who.password, next: 'short', confirm: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('至少要 12 個字元');
    const ok = await v.post('/newsroom/password', { current: who.password, next: '一句新的通關密語 42 號', confirm: '一句新的通關密語 42 號' });
    expect(ok.statusCode).toBe(303);
    expect(v.cookie('opdesk_session')).not.toBe(first);
    const desk = await v.get('/newsroom/');
    expect(desk.statusCode).toBe(200);
    expect(desk.body).toContain('總覽');
    expect(desk.body).toContain('已發布');

    // The old cookie died with the old password.
    const stale = await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie: `opdesk_session=${first}` } });
    expect(stale.statusCode).toBe(303);
  });

  it('refuses a post without the form token, or with a token from another browser', async () => {
    const { v } = await signedIn('editor');
    await v.get('/newsroom/');
    const none = await v.post('/newsroom/logout-everywhere', {}, { csrf: false });
    expect(none.statusCode).toBe(403);
    expect(none.body).toContain('表單已失效');
    const other = new NewsroomVisitor(t);
    await other.get('/newsroom/login');
    const foreign = await v.post('/newsroom/logout-everywhere', { _csrf: other.lastToken }, { csrf: false });
    expect(foreign.statusCode).toBe(403);
    expect((await v.get('/newsroom/')).statusCode).toBe(200);
  });

  it('logs out here, or everywhere at once', async () => {
    const { v, email, password } = await signedIn('editor');
    const second = new NewsroomVisitor(t);
    await second.login(email, password);
    expect((await second.get('/newsroom/')).statusCode).toBe(200);
    await v.get('/newsroom/');
    const out = await v.post('/newsroom/logout-everywhere', {});
    expect(out.body).toContain('已從所有裝置登出');
    expect((await second.get('/newsroom/')).statusCode).toBe(303);
    expect((await v.get('/newsroom/')).statusCode).toBe(303);
  });

  it('requires two-step verification of a chief editor, then asks for the code at every login', async () => {
    const { v, email, password } = await signedIn('chief_editor', '王總編');
    const gate = await v.get('/newsroom/');
    expect(gate.headers.location).toBe('/newsroom/two-step');
    const setup = await v.get('/newsroom/two-step');
    expect(setup.body).toContain('設定兩步驟驗證');
    expect(setup.body).toMatch(/<img class="nr-qr" src="data:image\/svg\+xml;base64,/);
    const app = totpOf(setup.body);
    const wrong = await v.post('/newsroom/two-step', { code: '12345' });
    expect(wrong.statusCode).toBe(422);
    const on = await v.post('/newsroom/two-step', { code: code(app) });
    expect(on.statusCode).toBe(303);
    expect((await v.get('/newsroom/')).body).toContain('兩步驟驗證：已啟用');

    const next = new NewsroomVisitor(t);
    const step1 = await next.login(email, password);
    expect(step1.headers.location).toBe('/newsroom/login/code?next=%2Fnewsroom%2F');
    // Half-way in is not in.
    expect((await next.get('/newsroom/')).statusCode).toBe(303);
    await next.get('/newsroom/login/code');
    const bad = await next.post('/newsroom/login/code', { code: '000000' === code(app) ? '111111' : '000000' });
    expect(bad.body).toContain('驗證碼不正確');
    const good = await next.post('/newsroom/login/code', { code: code(app) });
    expect(good.statusCode).toBe(303);
    expect((await next.get('/newsroom/')).statusCode).toBe(200);
  });

  it('shows the audit log to admins only', async () => {
    const editor = await signedIn('editor');
    const denied = await editor.v.get('/newsroom/audit');
    expect(denied.statusCode).toBe(403);
    expect(denied.body).toContain('沒有權限');

    const admin = await signedIn('admin', '系統管理員甲');
    const setup = await admin.v.get('/newsroom/two-step');
    await admin.v.post('/newsroom/two-step', { code: code(totpOf(setup.body)) });
    const audit = await admin.v.get('/newsroom/audit');
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('user.two_step_enabled');
    expect(audit.body).toContain('login.failed');
    expect(audit.body).toContain('127.0.0.1');
  });

  it('escapes what staff typed wherever it is shown', async () => {
    const { v } = await signedIn('editor', '<script>alert(1)</script>');
    const desk = await v.get('/newsroom/');
    expect(desk.body).not.toContain('<script>alert(1)</script>');
    expect(desk.body).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('locks an account after five wrong passwords and says until when', async () => {
    const who = await account('editor');
    const v = new NewsroomVisitor(t);
    let res = await v.login(who.email, 'wrong password 1');
    for (let i = 2; i <= 5; i++) res = await v.post('/newsroom/login', { email: who.email, password: `wrong password ${i}` });
    expect(res.body).toContain('帳號暫時鎖定到');
    const right = await v.post('/newsroom/login', { email: who.email, password: who.password });
    expect(right.statusCode).toBe(422);
    expect(v.cookie('opdesk_session')).toBeUndefined();
  });

});

describe('who may open what', () => {
  it('follows the role table for every newsroom route, anonymous included', { timeout: 120_000 }, async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/newsroom/'],
      ['GET', '/newsroom/audit'],
      ['GET', '/newsroom/password'],
      ['GET', '/newsroom/two-step'],
      ['POST', '/newsroom/logout-everywhere'],
    ];
    const matrix: Record<string, number[]> = {};
    const visit = async (v: NewsroomVisitor) => {
      const statuses: number[] = [];
      for (const [method, url] of routes) {
        await v.get('/newsroom/password');
        statuses.push((method === 'GET' ? await v.get(url) : await v.post(url, {})).statusCode);
      }
      return statuses;
    };
    matrix.anonymous = await visit(new NewsroomVisitor(t));
    for (const role of ['editor', 'copy_editor', 'complaint_officer', 'chief_editor', 'admin']) {
      const { v } = await signedIn(role);
      if (role === 'chief_editor' || role === 'admin') await v.post('/newsroom/two-step', { code: code(totpOf((await v.get('/newsroom/two-step')).body)) });
      matrix[role] = await visit(v);
    }
    // Two-step is done for the chief editor and admin, so /two-step sends them back to the desk (303).
    expect(matrix).toEqual({
      anonymous: [303, 303, 303, 303, 401],
      editor: [200, 403, 200, 200, 200],
      copy_editor: [200, 403, 200, 200, 200],
      complaint_officer: [200, 403, 200, 200, 200],
      chief_editor: [200, 403, 200, 303, 200],
      admin: [200, 200, 200, 303, 200],
    });
  });
});

describe('a script trying passwords from one address', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '5' });
  });
  afterAll(async () => limited.close());

  it('is slowed down: 429 in zh-Hant after the attempts a minute allows', async () => {
    const v = new NewsroomVisitor(limited);
    await v.get('/newsroom/login');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await v.post('/newsroom/login', { email: `nobody${i}@example.tw`, password: 'x' })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([422, 422, 422, 422, 422]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const res = await v.post('/newsroom/login', { email: 'nobody@example.tw', password: 'x' });
    expect(res.body).toContain('嘗試次數太多');
  });
});
