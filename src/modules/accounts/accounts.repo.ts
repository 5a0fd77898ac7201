import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { UsersTable } from './accounts.table.js';
import { isRole, type User } from './user.js';

export type UserRow = Selectable<UsersTable>;

export function toUser(r: UserRow): User {
  if (!isRole(r.role)) throw new Error(`user ${r.id} has unknown role ${r.role}`);
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    mustChangePassword: r.must_change_password === 1,
    twoStepEnabled: r.totp_enabled_at !== null,
    disabled: r.disabled_at !== null,
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
  };
}

export async function findUserRowByEmail(ex: Executor, email: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserRowById(ex: Executor, id: number): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  ex: Executor,
  row: { email: string; displayName: string; role: string; passwordHash: string; mustChange: boolean; at: string },
): Promise<number> {
  const inserted = await ex
    .insertInto('users')
    .values({
      email: row.email,
      display_name: row.displayName,
      role: row.role,
      password_hash: row.passwordHash,
      must_change_password: row.mustChange ? 1 : 0,
      totp_secret: null,
      totp_enabled_at: null,
      failed_logins: 0,
      locked_until: null,
      disabled_at: null,
      password_changed_at: row.at,
      created_at: row.at,
      updated_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function listUserRows(ex: Executor): Promise<UserRow[]> {
  return ex.selectFrom('users').selectAll().orderBy('id').execute();
}

export async function updateUser(ex: Executor, id: number, values: Partial<Omit<UserRow, 'id'>>): Promise<void> {
  await ex.updateTable('users').set(values).where('id', '=', id).execute();
}

export async function insertSession(
  ex: Executor,
  row: { tokenHash: string; userId: number; stage: 'active' | 'two_step'; at: string; expiresAt: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  await ex
    .insertInto('sessions')
    .values({ token_hash: row.tokenHash, user_id: row.userId, stage: row.stage, created_at: row.at, last_seen_at: row.at, expires_at: row.expiresAt, ip: row.ip, user_agent: row.userAgent })
    .execute();
}

export async function findSessionWithUser(ex: Executor, tokenHash: string) {
  return ex
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.token_hash', 's.stage', 's.last_seen_at', 's.expires_at', 's.created_at as session_created_at'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(ex: Executor, tokenHash: string, at: string): Promise<void> {
  await ex.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(ex: Executor, tokenHash: string): Promise<void> {
  await ex.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOf(ex: Executor, userId: number): Promise<number> {
  const r = await ex.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertAudit(
  ex: Executor,
  row: { at: string; userId: number | null; action: string; subject: string | null; ip: string | null; details: Record<string, unknown> },
): Promise<void> {
  await ex
    .insertInto('audit_log')
    .values({ at: row.at, user_id: row.userId, action: row.action, subject: row.subject, ip: row.ip, details: JSON.stringify(row.details) })
    .execute();
}

export async function listAuditRows(ex: Executor, limit: number, beforeId: number | null) {
  let q = ex
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.at', 'a.user_id', 'a.action', 'a.subject', 'a.ip', 'a.details', 'u.email', 'u.display_name'])
    .orderBy('a.id', 'desc')
    .limit(limit);
  if (beforeId !== null) q = q.where('a.id', '<', beforeId);
  return q.execute();
}
