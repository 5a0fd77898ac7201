import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle } from '../support/factories.js';
import { NewsroomVisitor } from '../support/newsroom-visitor.js';
import { signedInAs, STAFF_ROLES } from '../support/newsroom-staff.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/**
 * Who may open and post what on the catalogue screens (docs/ROLES.md): every route × every role and anonymous.
 * Posts are empty forms: allowed roles get the form back (422), others 403, anonymous 401.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  await makeArticle(t, { author: '權限作者', tags: ['權限標籤'] });
});
afterAll(async () => t.close());

describe('catalogue screens by role', () => {
  it('follow the role table', async () => {
    const author = 1001;
    const routes: Array<[string, string]> = [
      ['GET', '/newsroom/settings'],
      ['POST', '/newsroom/settings'],
      ['GET', '/newsroom/authors'],
      ['GET', '/newsroom/authors/new'],
      ['POST', '/newsroom/authors/new'],
      ['GET', `/newsroom/authors/${author}`],
      ['POST', `/newsroom/authors/${author}`],
      ['GET', '/newsroom/taxonomy'],
      ['POST', '/newsroom/taxonomy/sections'],
      ['GET', '/newsroom/taxonomy/sections/1'],
      ['POST', '/newsroom/taxonomy/sections/1'],
      ['GET', '/newsroom/taxonomy/tags/1'],
      ['POST', '/newsroom/taxonomy/tags/1/rename'],
      ['POST', '/newsroom/taxonomy/tags/1/merge'],
      ['GET', '/newsroom/names'],
      ['POST', '/newsroom/names'],
      ['POST', '/newsroom/names/remove'],
    ];
    const visit = async (v: NewsroomVisitor) => {
      const out: Record<string, number> = {};
      for (const [method, url] of routes) {
        await v.get('/newsroom/login');
        if (v.lastToken === '') await v.get('/newsroom/password');
        out[`${method} ${url}`] = (method === 'GET' ? await v.get(url) : await v.post(url, {})).statusCode;
      }
      return out;
    };
    const expected = (allowed: (route: string) => boolean) => Object.fromEntries(routes.map(([m, u]) => [`${m} ${u}`, allowed(u) ? (m === 'GET' ? 200 : 422) : 403]));
    const of = (...prefixes: string[]) => (u: string) => prefixes.some((p) => u.startsWith(p));
    const everything = of('/newsroom/settings', '/newsroom/authors', '/newsroom/taxonomy', '/newsroom/names');
    const desk = of('/newsroom/authors', '/newsroom/taxonomy', '/newsroom/names');
    const none = () => false;
    const table: Record<(typeof STAFF_ROLES)[number], (u: string) => boolean> = {
      admin: everything,
      chief_editor: everything,
      editor: desk,
      copy_editor: none,
      complaint_officer: none,
    };
    const anonymous = await visit(new NewsroomVisitor(t));
    expect(anonymous).toEqual(Object.fromEntries(routes.map(([m, u]) => [`${m} ${u}`, m === 'GET' ? 303 : 401])));
    for (const role of STAFF_ROLES) {
      const v = await signedInAs(t, role);
      expect(await visit(v), role).toEqual(expected(table[role]));
      // The header shows exactly the screens the role may open.
      const home = (await v.get('/newsroom/')).body;
      expect(home.includes('href="/newsroom/authors"'), role).toBe(table[role]('/newsroom/authors'));
      expect(home.includes('href="/newsroom/settings"'), role).toBe(table[role]('/newsroom/settings'));
    }
  });
});
