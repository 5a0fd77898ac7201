import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './test-app.js';

/**
 * A signed-in (or not) visitor of the newsroom through fastify.inject: keeps cookies like a browser and reads
 * each form's CSRF token from the page, so tests post exactly what the pages let a person post.
 */
export class NewsroomVisitor {
  private readonly cookies = new Map<string, string>();
  lastToken = '';

  constructor(private readonly t: TestApp) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) {
      // clearCookie sends an empty value that expired in 1970; session cookies carry a relative Max-Age.
      if (c.value === '' || (c.expires instanceof Date && c.expires.getTime() <= 0) || (c.maxAge !== undefined && c.maxAge <= 0)) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.lastToken = token;
    return res;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader } }));
  }

  /** Posts a form; the CSRF token of the last page seen is added unless `csrf: false`. */
  async post(url: string, fields: Record<string, string>, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams({ ...(options.csrf === false ? {} : { _csrf: this.lastToken }), ...fields }).toString();
    return this.keep(
      await this.t.app.inject({ method: 'POST', url, headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' }, payload: body }),
    );
  }

  async login(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/newsroom/login');
    return this.post('/newsroom/login', { email, password });
  }
}

/**
 * A colleague of the given role, signed in and past day one: the one-time password replaced and, for the roles
 * that need it, two-step verification set up (codes at the app's fixed clock).
 */
export async function staffVisitor(t: TestApp, role: string, displayName = `${role} 同仁`): Promise<{ v: NewsroomVisitor; userId: number; email: string }> {
  const { createUser } = await import('../../src/modules/accounts/index.js');
  const { Secret, TOTP } = await import('otpauth');
  const email = `${role}.${Math.random().toString(36).slice(2, 10)}@example.tw`;
  const { user, password } = await createUser(t.deps, { email, displayName, role });
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
  return { v, userId: user.id, email };
}
