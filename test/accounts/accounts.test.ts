import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import {
  beginTwoStepSetup,
  checkPassword,
  completeTwoStep,
  confirmTwoStep,
  createUser,
  disableUser,
  endAllSessions,
  listAudit,
  LOCK_AFTER_FAILURES,
  may,
  resetPassword,
  startSession,
  userForSession,
} from '../../src/modules/accounts/index.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/modules/accounts/passwords.js';
import type { Db } from '../../src/platform/db/database.js';
import { fixedClock } from '../../src/platform/time.js';
import { runCli } from '../support/cli.js';
import { createDatabaseUrlForProcess, createTestDatabase } from '../support/test-app.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../../src/platform/db/database.js';

const clock = fixedClock('2026-12-01T01:00:00.000Z');
let db: Db;
let cleanup: () => Promise<void>;
const deps = () => ({ db, clock });
const here = { userId: null, ip: '203.0.113.9' };
const limits = { idleMs: 2 * 3600_000, absoluteMs: 12 * 3600_000 };

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(async () => cleanup());

describe('passwords', () => {
  it('are stored as scrypt hashes that verify only the right password', async () => {
    const hash = await hashPassword('一句好記的通關密語 2026');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toContain('通關密語');
    expect(await verifyPassword('一句好記的通關密語 2026', hash)).toBe(true);
    expect(await verifyPassword('一句好記的通關密語 2027', hash)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });

  it('must be long, varied and not the account name', () => {
    const who = { email: 'lin.editor@example.tw', displayName: '林編輯' };
    expect(passwordProblem('short', who)).toContain('至少要 12 個字元');
    expect(passwordProblem('aaaaaaaaaaaaaaaa', who)).toContain('太單調');
    expect(passwordProblem('my-lin.editor-pass', who)).toContain('不可包含帳號');
    expect(passwordProblem('一句好記的通關密語 2026', who)).toBeNull();
  });
});

describe('accounts', () => {
  it('refuse bad input in zh-Hant and write nothing', async () => {
    await expect(createUser(deps(), { email: 'not-an-email', displayName: '某人', role: 'editor' })).rejects.toThrow('不是有效的電子郵件地址');
    await expect(createUser(deps(), { email: 'a@example.tw', displayName: '某人', role: 'boss' })).rejects.toThrow('沒有「boss」這個角色');
    await expect(createUser(deps(), { email: 'a@example.tw', displayName: '', role: 'editor' })).rejects.toThrow('姓名必須是');
    await expect(createUser(deps(), { email: 'a@example.tw', displayName: '某人', role: 'editor', password: 'short' })).rejects.toThrow('至少要 12 個字元');
    expect(await db.kysely.selectFrom('users').select('id').execute()).toEqual([]);
  });

  it('log in with the right password, lock after repeated failures, and record every attempt', async () => {
    const { user, password } = await createUser(deps(), { email: 'Chief@Example.tw', displayName: '王總編', role: 'chief_editor' });
    expect(user.email).toBe('chief@example.tw');
    expect(user.mustChangePassword).toBe(true);
    await expect(createUser(deps(), { email: 'chief@example.tw', displayName: '又一位', role: 'editor' })).rejects.toThrow('已經有帳號使用');

    expect((await checkPassword(deps(), 'CHIEF@example.tw', password, here)).status).toBe('ok');
    expect((await checkPassword(deps(), 'nobody@example.tw', password, here)).status).toBe('invalid');
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) expect((await checkPassword(deps(), 'chief@example.tw', 'wrong password!!', here)).status).toBe('invalid');
    const locked = await checkPassword(deps(), 'chief@example.tw', 'wrong password!!', here);
    expect(locked.status).toBe('locked');
    // Even the right password waits out the lock.
    expect((await checkPassword(deps(), 'chief@example.tw', password, here)).status).toBe('locked');
    clock.advance(16 * 60_000);
    expect((await checkPassword(deps(), 'chief@example.tw', password, here)).status).toBe('ok');

    const actions = (await listAudit(deps(), 50)).map((e) => e.action);
    expect(actions).toContain('user.create');
    expect(actions).toContain('login.locked');
    expect(actions.filter((a) => a === 'login.failed').length).toBeGreaterThanOrEqual(LOCK_AFTER_FAILURES);
    const entry = (await listAudit(deps(), 50)).find((e) => e.action === 'login.locked');
    expect(entry?.ip).toBe('203.0.113.9');
  });

  it('keep sessions server-side: idle and absolute expiry, logout everywhere, disabled accounts', async () => {
    const { user } = await createUser(deps(), { email: 'editor@example.tw', displayName: '陳編輯', role: 'editor' });
    const client = { ip: '198.51.100.7', userAgent: 'test' };
    const a = await startSession(deps(), user, limits, client);
    const b = await startSession(deps(), user, limits, client);
    expect(a.token).not.toBe(b.token);
    expect((await userForSession(deps(), a.token, limits))?.user.id).toBe(user.id);
    const stored = await db.kysely.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(a.token);

    clock.advance(limits.idleMs + 1);
    expect(await userForSession(deps(), a.token, limits)).toBeNull();

    const c = await startSession(deps(), user, limits, client);
    // Busy all day: used every hour, so never idle, yet it ends 12 hours after login.
    for (let h = 0; h < 11; h++) {
      clock.advance(3600_000);
      expect((await userForSession(deps(), c.token, limits))?.user.id).toBe(user.id);
    }
    clock.advance(3600_000);
    expect(await userForSession(deps(), c.token, limits)).toBeNull();

    const d = await startSession(deps(), user, limits, client);
    const e = await startSession(deps(), user, limits, client);
    expect(await endAllSessions(deps(), user.id, { userId: user.id, ip: null })).toBeGreaterThanOrEqual(2);
    expect(await userForSession(deps(), d.token, limits)).toBeNull();
    expect(await userForSession(deps(), e.token, limits)).toBeNull();

    const f = await startSession(deps(), user, limits, client);
    const disabled = await disableUser(deps(), 'editor@example.tw');
    expect(disabled.sessionsEnded).toBe(1);
    expect(await userForSession(deps(), f.token, limits)).toBeNull();
    expect((await checkPassword(deps(), 'editor@example.tw', 'whatever password', here)).status).toBe('invalid');
  });

  it('reset a password to a new one-time password and end the old one', async () => {
    const { password } = await createUser(deps(), { email: 'copy@example.tw', displayName: '校對甲', role: 'copy_editor' });
    const { password: next } = await resetPassword(deps(), 'copy@example.tw');
    expect(next).not.toBe(password);
    expect((await checkPassword(deps(), 'copy@example.tw', password, here)).status).toBe('invalid');
    expect((await checkPassword(deps(), 'copy@example.tw', next, here)).status).toBe('ok');
  });
});

describe('two-step verification', () => {
  it('is set up with a code from the app, then asked for after the password, with the same lock', async () => {
    const { user, password } = await createUser(deps(), { email: 'admin2@example.tw', displayName: '管理員乙', role: 'admin' });
    const actor = { userId: user.id, ip: null };
    const { secret, uri } = await beginTwoStepSetup(deps(), user.id);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Opinion%20Desk:admin2%40example\.tw\?/);
    const app = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    const codeNow = () => app.generate({ timestamp: clock.now().getTime() });
    expect(await confirmTwoStep(deps(), user.id, '000000' === codeNow() ? '111111' : '000000', actor)).toBe(false);
    expect(await confirmTwoStep(deps(), user.id, codeNow(), actor)).toBe(true);

    expect((await checkPassword(deps(), 'admin2@example.tw', password, here)).status).toBe('ok');
    const pending = await startSession(deps(), user, limits, { ip: null, userAgent: null }, 'two_step');
    // A pending session opens nothing but the code step.
    expect((await userForSession(deps(), pending.token, limits))?.stage).toBe('two_step');
    expect((await completeTwoStep(deps(), pending.token, '12345', limits, { ip: null, userAgent: null })).status).toBe('invalid');
    const done = await completeTwoStep(deps(), pending.token, codeNow(), limits, { ip: null, userAgent: null });
    expect(done.status).toBe('ok');
    if (done.status !== 'ok') return;
    expect(done.token).not.toBe(pending.token);
    expect((await userForSession(deps(), done.token, limits))?.stage).toBe('active');
    expect(await userForSession(deps(), pending.token, limits)).toBeNull();

    // Five minutes to type the code, no more.
    const late = await startSession(deps(), user, limits, { ip: null, userAgent: null }, 'two_step');
    clock.advance(5 * 60_000 + 1);
    expect((await completeTwoStep(deps(), late.token, codeNow(), limits, { ip: null, userAgent: null })).status).toBe('expired');

    const guessing = await startSession(deps(), user, limits, { ip: null, userAgent: null }, 'two_step');
    let last = '';
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) last = (await completeTwoStep(deps(), guessing.token, '999999' === codeNow() ? '888888' : '999999', limits, { ip: null, userAgent: null })).status;
    expect(last).toBe('locked');
    expect((await listAudit(deps(), 100)).map((e) => e.action)).toContain('user.two_step_enabled');
  });
});

describe('roles', () => {
  it('follow the table: only the chief editor and admin publish; only admins manage users', () => {
    expect(may('chief_editor', 'article.publish')).toBe(true);
    expect(may('editor', 'article.publish')).toBe(false);
    expect(may('copy_editor', 'article.edit')).toBe(true);
    expect(may('copy_editor', 'article.write')).toBe(false);
    expect(may('complaint_officer', 'complaints.handle')).toBe(true);
    expect(may('chief_editor', 'users.manage')).toBe(false);
    expect(may('admin', 'audit.view')).toBe(true);
  });
});

describe('opdesk user', () => {
  let dir: string;
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opdesk-users-'));
    const database = await createDatabaseUrlForProcess(dir);
    drop = database.cleanup;
    env = { DATABASE_URL: database.url, BASE_URL: 'https://opinion.example.tw', MEDIA_DIR: join(dir, 'media') };
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes the first admin with a one-time password, lists, resets and disables', async () => {
    const empty = await runCli(['user', 'list'], env);
    expect(empty.stdout).toContain('還沒有任何帳號');
    const add = await runCli(['user', 'add', 'admin@example.tw', '--name', '管理員', '--role', 'admin'], env);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('已建立帳號：admin@example.tw（管理員，系統管理員）');
    const password = /一次性密碼：(\S+)/.exec(add.stdout)?.[1] ?? '';
    expect(password).toHaveLength(20);
    expect(add.stdout).toContain('兩步驟驗證');
    expect(add.stdout).toContain('新聞室登入：https://opinion.example.tw/newsroom/login');

    const list = await runCli(['user', 'list'], env);
    expect(list.stdout).toMatch(/#\d+ {2}admin@example\.tw {2}管理員 {2}系統管理員 {2}（待改密碼）/);
    const json = JSON.parse((await runCli(['user', 'list', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(json[0]).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(json)).not.toContain('scrypt$');

    const reset = await runCli(['user', 'reset-password', 'ADMIN@example.tw'], env);
    expect(reset.code).toBe(0);
    expect(/一次性密碼：(\S+)/.exec(reset.stdout)?.[1]).not.toBe(password);

    const disable = await runCli(['user', 'disable', 'admin@example.tw'], env);
    expect(disable.stdout).toContain('已停用：admin@example.tw');
    expect((await runCli(['user', 'list'], env)).stdout).toContain('已停用');
  });

  it('refuses bad input with exit code 2 and writes nothing', async () => {
    const bad = await runCli(['user', 'add', 'x@example.tw', '--name', '某人', '--role', 'boss'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('沒有「boss」這個角色');
    expect(bad.stderr).toContain('chief_editor（總編輯）');
    const missing = await runCli(['user', 'disable', 'ghost@example.tw'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('沒有帳號使用 ghost@example.tw');
    const noRole = await runCli(['user', 'add', 'y@example.tw', '--name', '某人'], env);
    expect(noRole.code).not.toBe(0);
    const check = createDatabase(env.DATABASE_URL ?? '');
    try {
      const rows = await check.kysely.selectFrom('users').select('email').execute();
      expect(rows.map((r) => r.email)).toEqual(['admin@example.tw']);
    } finally {
      await check.destroy();
    }
  });
});
