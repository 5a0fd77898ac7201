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

const routes: Array<[string, string]> = [
  ['GET', '/newsroom/settings'],
  ['POST', '/newsroom/settings'],
  ['GET', '/newsroom/authors'],
  ['GET', '/newsroom/authors/new'],
  ['POST', '/newsroom/authors/new'],
  ['GET', '/newsroom/authors/1001'],
  ['POST', '/newsroom/authors/1001'],
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

/** Every route once; each page seen carries a form token, so the posts that follow carry one too. */
async function visit(v: NewsroomVisitor): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [method, url] of routes) out[`${method} ${url}`] = (method === 'GET' ? await v.get(url) : await v.post(url, {})).statusCode;
  return out;
}

const of = (...prefixes: string[]) => (u: string) => prefixes.some((p) => u.startsWith(p));
const table: Record<(typeof STAFF_ROLES)[number], (u: string) => boolean> = {
  admin: of('/newsroom/settings', '/newsroom/authors', '/newsroom/taxonomy', '/newsroom/names'),
  chief_editor: of('/newsroom/settings', '/newsroom/authors', '/newsroom/taxonomy', '/newsroom/names'),
  editor: of('/newsroom/authors', '/newsroom/taxonomy', '/newsroom/names'),
  copy_editor: () => false,
  complaint_officer: () => false,
};

describe('catalogue screens by role', () => {
  it('send anonymous visitors to the login page (GET) or refuse them (POST, 401)', async () => {
    const v = new NewsroomVisitor(t);
    await v.get('/newsroom/login');
    expect(await visit(v)).toEqual(Object.fromEntries(routes.map(([m, u]) => [`${m} ${u}`, m === 'GET' ? 303 : 401])));
  });

  it.each(STAFF_ROLES)('follow the role table for %s, and the header links only what the role may open', async (role) => {
    const v = await signedInAs(t, role);
    const allowed = table[role];
    expect(await visit(v)).toEqual(Object.fromEntries(routes.map(([m, u]) => [`${m} ${u}`, allowed(u) ? (m === 'GET' ? 200 : 422) : 403])));
    const home = (await v.get('/newsroom/')).body;
    for (const screen of ['/newsroom/authors', '/newsroom/taxonomy', '/newsroom/names', '/newsroom/settings']) {
      expect(home.includes(`href="${screen}"`), `${role} ${screen}`).toBe(allowed(screen));
    }
  });
});
