import { Secret, TOTP } from 'otpauth';
import { createUser } from '../../src/modules/accounts/index.js';
import { NewsroomVisitor } from './newsroom-visitor.js';
import type { TestApp } from './test-app.js';

export const STAFF_ROLES = ['admin', 'chief_editor', 'editor', 'copy_editor', 'complaint_officer'] as const;

/**
 * A colleague signed in as a person would be on day one: the one-time password replaced and, for the roles
 * that need it, two-step verification set up (codes at the app's fixed clock).
 */
export async function signedInAs(t: TestApp, role: string, name = `${role} 帳號`): Promise<NewsroomVisitor> {
  const email = `${role}.${Math.random().toString(36).slice(2, 8)}@example.tw`;
  const { password } = await createUser(t.deps, { email, displayName: name, role });
  const v = new NewsroomVisitor(t);
  await v.login(email, password);
  await v.get('/newsroom/password');
  const mine = '一句只有我知道的密碼 2026!';
  const changed = await v.post('/newsroom/password', { current: password, next: mine, confirm: mine });
  if (changed.statusCode !== 303) throw new Error(`password change failed: ${changed.statusCode}`);
  if (role === 'admin' || role === 'chief_editor') {
    const setup = await v.get('/newsroom/two-step');
    const secret = /class="nr-secret">([A-Z2-7 ]+)</.exec(setup.body)?.[1]?.replace(/ /g, '') ?? '';
    const app = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    const on = await v.post('/newsroom/two-step', { code: app.generate({ timestamp: t.clock.now().getTime() }) });
    if (on.statusCode !== 303) throw new Error(`two-step setup failed: ${on.statusCode}`);
  }
  return v;
}

/** Switches a visitor's newsroom to English, as the header's button does. */
export async function inEnglish(v: NewsroomVisitor): Promise<void> {
  await v.get('/newsroom/');
  await v.post('/newsroom/lang', { lang: 'en', back: '/newsroom/' });
}
