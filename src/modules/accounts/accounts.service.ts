import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Db } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import {
  deleteSession,
  deleteSessionsOf,
  findSessionWithUser,
  findUserRowByEmail,
  findUserRowById,
  insertAudit,
  insertSession,
  insertUser,
  listAuditRows,
  listUserRows,
  toUser,
  touchSession,
  updateUser,
} from './accounts.repo.js';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { isRole, ROLE_LABELS, ROLES, type User } from './user.js';

export interface AccountsDeps {
  readonly db: Db;
  readonly clock: Clock;
}

/** A request about accounts that cannot be done, worded for whoever asked (an admin on the CLI or a screen). */
export class AccountProblem extends Error {
  constructor(
    readonly code: 'bad_email' | 'bad_name' | 'bad_role' | 'email_taken' | 'weak_password' | 'no_such_user',
    message: string,
  ) {
    super(message);
    this.name = 'AccountProblem';
  }
}

/** Who did something, from where: every staff action is recorded with it. */
export interface Actor {
  readonly userId: number | null;
  readonly ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, ip: null };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export async function audit(deps: AccountsDeps, actor: Actor, action: string, subject: string | null, details: Record<string, unknown> = {}): Promise<void> {
  await insertAudit(deps.db.kysely, { at: deps.clock.now().toISOString(), userId: actor.userId, action, subject, ip: actor.ip, details });
}

/**
 * Makes a staff account. Without a password one is generated, to be handed over once; either way the user must
 * choose their own at the first login.
 */
export async function createUser(
  deps: AccountsDeps,
  input: { email: string; displayName: string; role: string; password?: string },
  actor: Actor = SYSTEM_ACTOR,
): Promise<{ user: User; password: string }> {
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email)) throw new AccountProblem('bad_email', `「${input.email.slice(0, 80)}」不是有效的電子郵件地址`);
  const displayName = input.displayName.trim();
  if (displayName === '' || [...displayName].length > 40 || /\p{Cc}/u.test(displayName)) throw new AccountProblem('bad_name', '姓名必須是 1 到 40 個字，不含控制字元');
  if (!isRole(input.role)) {
    throw new AccountProblem('bad_role', `沒有「${input.role.slice(0, 40)}」這個角色；可用的角色：${ROLES.map((r) => `${r}（${ROLE_LABELS[r].zh}）`).join('、')}`);
  }
  const password = input.password ?? generatePassword();
  const problem = passwordProblem(password, { email, displayName });
  if (problem) throw new AccountProblem('weak_password', problem);
  if (await findUserRowByEmail(deps.db.kysely, email)) throw new AccountProblem('email_taken', `已經有帳號使用 ${email}`);
  const at = deps.clock.now().toISOString();
  const id = await insertUser(deps.db.kysely, { email, displayName, role: input.role, passwordHash: await hashPassword(password), mustChange: true, at });
  await audit(deps, actor, 'user.create', email, { role: input.role });
  const row = await findUserRowById(deps.db.kysely, id);
  if (!row) throw new Error(`user ${id} vanished`);
  return { user: toUser(row), password };
}

export async function listUsers(deps: AccountsDeps): Promise<User[]> {
  return (await listUserRows(deps.db.kysely)).map(toUser);
}

async function requireUser(deps: AccountsDeps, email: string) {
  const row = await findUserRowByEmail(deps.db.kysely, normaliseEmail(email));
  if (!row) throw new AccountProblem('no_such_user', `沒有帳號使用 ${email.slice(0, 80)}`);
  return row;
}

/** Disables an account and ends its sessions at once, on every instance (sessions live in the database). */
export async function disableUser(deps: AccountsDeps, email: string, actor: Actor = SYSTEM_ACTOR): Promise<{ user: User; sessionsEnded: number }> {
  const row = await requireUser(deps, email);
  const at = deps.clock.now().toISOString();
  await updateUser(deps.db.kysely, row.id, { disabled_at: row.disabled_at ?? at, updated_at: at });
  const sessionsEnded = await deleteSessionsOf(deps.db.kysely, row.id);
  await audit(deps, actor, 'user.disable', row.email, { sessionsEnded });
  return { user: toUser({ ...row, disabled_at: row.disabled_at ?? at }), sessionsEnded };
}

/** A new generated password to hand over; the old one, any lockout and every session end. */
export async function resetPassword(deps: AccountsDeps, email: string, actor: Actor = SYSTEM_ACTOR): Promise<{ user: User; password: string }> {
  const row = await requireUser(deps, email);
  const password = generatePassword();
  const at = deps.clock.now().toISOString();
  await updateUser(deps.db.kysely, row.id, {
    password_hash: await hashPassword(password),
    must_change_password: 1,
    failed_logins: 0,
    locked_until: null,
    password_changed_at: at,
    updated_at: at,
  });
  await deleteSessionsOf(deps.db.kysely, row.id);
  await audit(deps, actor, 'user.reset_password', row.email);
  const fresh = await findUserRowById(deps.db.kysely, row.id);
  if (!fresh) throw new Error(`user ${row.id} vanished`);
  return { user: toUser(fresh), password };
}

/** Failed logins before an account is locked for a while; each further failure doubles the wait. */
export const LOCK_AFTER_FAILURES = 5;
const LOCK_MINUTES = 15;

export type LoginOutcome =
  | { status: 'ok'; user: User }
  | { status: 'invalid' }
  | { status: 'locked'; until: string }
  | { status: 'disabled' };

/**
 * Checks an e-mail and password. Wrong passwords count towards a temporary lock; an unknown e-mail costs the
 * same time as a known one (a hash is computed anyway) so the answer does not reveal who has an account.
 */
export async function checkPassword(deps: AccountsDeps, email: string, password: string, actor: Actor): Promise<LoginOutcome> {
  const now = deps.clock.now();
  const row = await findUserRowByEmail(deps.db.kysely, normaliseEmail(email));
  if (!row) {
    await verifyPassword(password, DUMMY_HASH);
    await audit(deps, actor, 'login.failed', normaliseEmail(email).slice(0, 200), { reason: 'unknown' });
    return { status: 'invalid' };
  }
  if (row.disabled_at) {
    // Only someone who knows the password learns that the account is disabled; to anyone else it is a wrong guess.
    const right = await verifyPassword(password, row.password_hash);
    await audit(deps, actor, 'login.failed', row.email, { reason: 'disabled' });
    return right ? { status: 'disabled' } : { status: 'invalid' };
  }
  if (row.locked_until && row.locked_until > now.toISOString()) {
    await audit(deps, actor, 'login.failed', row.email, { reason: 'locked' });
    return { status: 'locked', until: row.locked_until };
  }
  if (!(await verifyPassword(password, row.password_hash))) {
    const failures = row.failed_logins + 1;
    const lock = failures >= LOCK_AFTER_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000 * 2 ** (failures - LOCK_AFTER_FAILURES)).toISOString() : null;
    await updateUser(deps.db.kysely, row.id, { failed_logins: failures, locked_until: lock, updated_at: now.toISOString() });
    await audit(deps, { ...actor, userId: row.id }, lock ? 'login.locked' : 'login.failed', row.email, { failures });
    return lock ? { status: 'locked', until: lock } : { status: 'invalid' };
  }
  await updateUser(deps.db.kysely, row.id, { failed_logins: 0, locked_until: null, updated_at: now.toISOString() });
  return { status: 'ok', user: toUser(row) };
}

// A real scrypt hash of a random password: verifying against it costs what a real check costs.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export interface SessionLimits {
  /** A session unused this long ends. */
  readonly idleMs: number;
  /** A session ends this long after login, however busy. */
  readonly absoluteMs: number;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** How long the step between a right password and the verification code may take. */
const TWO_STEP_WINDOW_MS = 5 * 60_000;

export type SessionStage = 'active' | 'two_step';

/**
 * A new session with a fresh token (a token planted before login is never promoted). A user with two-step
 * verification first gets a 'two_step' session that is good for nothing but entering the code.
 */
export async function startSession(
  deps: AccountsDeps,
  user: User,
  limits: SessionLimits,
  client: { ip: string | null; userAgent: string | null },
  stage: SessionStage = 'active',
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + (stage === 'active' ? limits.absoluteMs : TWO_STEP_WINDOW_MS)).toISOString();
  await insertSession(deps.db.kysely, { tokenHash: tokenHash(token), userId: user.id, stage, at: now.toISOString(), expiresAt, ip: client.ip, userAgent: client.userAgent?.slice(0, 300) ?? null });
  if (stage === 'active') await audit(deps, { userId: user.id, ip: client.ip }, 'login', user.email);
  return { token, expiresAt };
}

/** The user behind a session token, or null when there is none, it expired, or the account was disabled. */
export async function userForSession(deps: AccountsDeps, token: string, limits: SessionLimits): Promise<{ user: User; stage: SessionStage } | null> {
  if (token.length < 20 || token.length > 100) return null;
  const hash = tokenHash(token);
  const row = await findSessionWithUser(deps.db.kysely, hash);
  if (!row) return null;
  const now = deps.clock.now();
  const idleEnd = new Date(Date.parse(row.last_seen_at) + limits.idleMs);
  if (row.expires_at <= now.toISOString() || idleEnd <= now || row.disabled_at) {
    await deleteSession(deps.db.kysely, hash);
    return null;
  }
  // One write a minute at most: enough for idle expiry, cheap for a busy screen.
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) await touchSession(deps.db.kysely, hash, now.toISOString());
  return { user: toUser(row), stage: row.stage === 'two_step' ? 'two_step' : 'active' };
}

function totpFor(secret: string, email: string): TOTP {
  return new TOTP({ issuer: 'Opinion Desk', label: email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** A six-digit code from the user's authenticator app, with one period of clock drift either way. */
function codeMatches(secret: string, email: string, code: string, now: Date): boolean {
  const clean = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(clean)) return false;
  return totpFor(secret, email).validate({ token: clean, timestamp: now.getTime(), window: 1 }) !== null;
}

/**
 * The second step of a login: a right code turns the pending session into a new, active one (a new token); a
 * wrong one counts towards the same lock as a wrong password.
 */
export async function completeTwoStep(
  deps: AccountsDeps,
  pendingToken: string,
  code: string,
  limits: SessionLimits,
  client: { ip: string | null; userAgent: string | null },
): Promise<{ status: 'ok'; token: string; user: User } | { status: 'invalid' } | { status: 'expired' } | { status: 'locked'; until: string }> {
  const found = await userForSession(deps, pendingToken, limits);
  if (!found || found.stage !== 'two_step') return { status: 'expired' };
  const row = await findUserRowById(deps.db.kysely, found.user.id);
  if (!row?.totp_secret || !row.totp_enabled_at) return { status: 'expired' };
  const now = deps.clock.now();
  if (row.locked_until && row.locked_until > now.toISOString()) return { status: 'locked', until: row.locked_until };
  if (!codeMatches(row.totp_secret, row.email, code, now)) {
    const failures = row.failed_logins + 1;
    const lock = failures >= LOCK_AFTER_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000 * 2 ** (failures - LOCK_AFTER_FAILURES)).toISOString() : null;
    await updateUser(deps.db.kysely, row.id, { failed_logins: failures, locked_until: lock, updated_at: now.toISOString() });
    await audit(deps, { userId: row.id, ip: client.ip }, 'login.two_step_failed', row.email, { failures });
    if (lock) {
      await deleteSession(deps.db.kysely, tokenHash(pendingToken));
      return { status: 'locked', until: lock };
    }
    return { status: 'invalid' };
  }
  await deleteSession(deps.db.kysely, tokenHash(pendingToken));
  await updateUser(deps.db.kysely, row.id, { failed_logins: 0, locked_until: null, updated_at: now.toISOString() });
  const session = await startSession(deps, found.user, limits, client);
  return { status: 'ok', token: session.token, user: found.user };
}

/** Starts (or restarts) setting up two-step verification: a new secret, not in force until a code confirms it. */
export async function beginTwoStepSetup(deps: AccountsDeps, userId: number): Promise<{ secret: string; uri: string }> {
  const row = await findUserRowById(deps.db.kysely, userId);
  if (!row) throw new AccountProblem('no_such_user', '帳號不存在');
  const secret = new Secret({ size: 20 }).base32;
  await updateUser(deps.db.kysely, userId, { totp_secret: secret, totp_enabled_at: null, updated_at: deps.clock.now().toISOString() });
  return { secret, uri: totpFor(secret, row.email).toString() };
}

/** The code from the app proves it holds the secret: two-step verification is on from now. */
export async function confirmTwoStep(deps: AccountsDeps, userId: number, code: string, actor: Actor): Promise<boolean> {
  const row = await findUserRowById(deps.db.kysely, userId);
  if (!row?.totp_secret) return false;
  const now = deps.clock.now();
  if (!codeMatches(row.totp_secret, row.email, code, now)) return false;
  await updateUser(deps.db.kysely, userId, { totp_enabled_at: now.toISOString(), updated_at: now.toISOString() });
  await audit(deps, actor, 'user.two_step_enabled', row.email);
  return true;
}

/** The secret being set up, to show again (QR code) when the first code was wrong. */
export async function pendingTwoStepUri(deps: AccountsDeps, userId: number): Promise<{ secret: string; uri: string } | null> {
  const row = await findUserRowById(deps.db.kysely, userId);
  if (!row?.totp_secret || row.totp_enabled_at) return null;
  return { secret: row.totp_secret, uri: totpFor(row.totp_secret, row.email).toString() };
}

export async function endSession(deps: AccountsDeps, token: string, actor: Actor): Promise<void> {
  await deleteSession(deps.db.kysely, tokenHash(token));
  await audit(deps, actor, 'logout', null);
}

/** Logs a user out everywhere: every session of theirs, on every instance. */
export async function endAllSessions(deps: AccountsDeps, userId: number, actor: Actor): Promise<number> {
  const ended = await deleteSessionsOf(deps.db.kysely, userId);
  await audit(deps, actor, 'logout.everywhere', null, { sessionsEnded: ended });
  return ended;
}

/** The user's own password change: the current one is required; other sessions end. */
export async function changePassword(
  deps: AccountsDeps,
  userId: number,
  current: string,
  next: string,
  actor: Actor,
): Promise<{ ok: true } | { ok: false; field: 'current' | 'next'; message: string }> {
  const row = await findUserRowById(deps.db.kysely, userId);
  if (!row) throw new AccountProblem('no_such_user', '帳號不存在');
  if (!(await verifyPassword(current, row.password_hash))) return { ok: false, field: 'current', message: '目前的密碼不正確' };
  const problem = passwordProblem(next, { email: row.email, displayName: row.display_name });
  if (problem) return { ok: false, field: 'next', message: problem };
  if (next === current) return { ok: false, field: 'next', message: '新密碼不可與目前的密碼相同' };
  const at = deps.clock.now().toISOString();
  await updateUser(deps.db.kysely, row.id, { password_hash: await hashPassword(next), must_change_password: 0, password_changed_at: at, updated_at: at });
  await deleteSessionsOf(deps.db.kysely, row.id);
  await audit(deps, actor, 'user.change_password', row.email);
  return { ok: true };
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  subject: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  actor: { id: number; email: string | null; displayName: string | null } | null;
}

export async function listAudit(deps: AccountsDeps, limit: number, beforeId: number | null = null): Promise<AuditEntry[]> {
  return (await listAuditRows(deps.db.kysely, limit, beforeId)).map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action,
    subject: r.subject,
    ip: r.ip,
    details: JSON.parse(r.details) as Record<string, unknown>,
    actor: r.user_id === null ? null : { id: r.user_id, email: r.email, displayName: r.display_name },
  }));
}

