import type { Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased; the login name. */
  email: string;
  display_name: string;
  role: string;
  /** scrypt$N$r$p$salt$hash (passwords.ts); never the password. */
  password_hash: string;
  /** 1 after an administrator set or reset the password: the user picks their own at the next login. */
  must_change_password: number;
  /** Base32 TOTP secret once two-step verification is set up. */
  totp_secret: string | null;
  totp_enabled_at: string | null;
  failed_logins: number;
  locked_until: string | null;
  disabled_at: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie's token: a copy of this table logs nobody in. */
  token_hash: string;
  user_id: number;
  /** 'active', or 'two_step' while the verification code is still to come (five minutes at most). */
  stage: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry; idle expiry is last_seen_at + the idle limit. */
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  action: string;
  subject: string | null;
  ip: string | null;
  /** JSON object text. */
  details: string;
}
