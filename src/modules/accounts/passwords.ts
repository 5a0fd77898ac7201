import { randomBytes, scrypt as scryptCallback, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are hashed with scrypt (memory-hard, in node:crypto, so no native package to build): N = 2^15,
 * r = 8, p = 1 takes 32 MiB and about 60 ms on this class of machine, which makes guessing offline expensive
 * while a login stays quick. The parameters are stored with each hash so they can be raised later.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const MAX_MEM = 64 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: MAX_MEM };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The rule staff passwords follow; null when acceptable, else the reason in zh-Hant. */
export function passwordProblem(password: string, context: { email: string; displayName: string }): string | null {
  const chars = [...password];
  if (chars.length < 12) return '密碼至少要 12 個字元（可以用一句好記的話）';
  if (chars.length > 200) return '密碼最多 200 個字元';
  if (new Set(chars).size < 5) return '密碼太單調，請混用不同的字元';
  const lower = password.toLowerCase();
  const local = context.email.split('@')[0]?.toLowerCase() ?? '';
  if ((local.length >= 4 && lower.includes(local)) || lower.includes(context.displayName.toLowerCase())) return '密碼不可包含帳號或姓名';
  return null;
}

/** A password for an administrator to hand over once: 20 characters from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
