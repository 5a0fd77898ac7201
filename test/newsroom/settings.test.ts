import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/modules/accounts/index.js';
import { getEditorialSettings, saveEditorialSettings } from '../../src/modules/settings/index.js';
import { importSeed } from '../support/factories.js';
import type { NewsroomVisitor } from '../support/newsroom-visitor.js';
import { inEnglish, signedInAs } from '../support/newsroom-staff.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** /newsroom/settings: stored settings the site shows at once, on every instance, with no restart. */
let t: TestApp;
let articleId: number;
let chief: NewsroomVisitor;

const form = (over: Record<string, string> = {}) => ({
  disclaimer: '本文僅代表作者觀點。',
  readingCharsPerMinute: '450',
  editorsMaySchedule: 'on',
  submissionGuidelines: '請附真實姓名與聯絡方式。',
  linkLabel0: 'App',
  linkUrl0: 'https://app.example.tw/',
  linkLabel1: '投稿須知',
  linkUrl1: '/contribute',
  ...over,
});

beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000', APP_URL: 'https://old-app.example.tw/' });
  const seeded = await importSeed(t);
  if (seeded.status !== 'created') throw new Error('seed');
  articleId = seeded.id;
  chief = await signedInAs(t, 'chief_editor', '王總編');
});
afterAll(async () => t.close());

const deps = () => ({ ...t.deps, config: t.config });
const site = (url: string) => t.app.inject({ method: 'GET', url });

describe('editorial settings', () => {
  it('start from the environment, so an upgraded site looks the same until someone saves', async () => {
    const page = await chief.get('/newsroom/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="本文言論為作者個人意見，不代表本站立場。"');
    expect(page.body).toContain('value="https://old-app.example.tw/"');
    expect(page.body).toContain('value="450"');
    const article = await site(`/article/${articleId}`);
    expect(article.body).toContain('本文言論為作者個人意見，不代表本站立場。');
    expect(article.body).toContain('href="https://old-app.example.tw/"');
  });

  it('change what a cached article page, the home page, the mobile page and the API show, without a restart', async () => {
    const key = `/article/${articleId}`;
    for (const url of [key, '/', `/m${key}`, `/api/v1/articles/${articleId}`]) await site(url);
    expect(t.cache.get(key)).toBeDefined();
    const before = await site(key);
    const minutesBefore = /閱讀約 (\d+) 分鐘/.exec(before.body)?.[1];

    const saved = await chief.post('/newsroom/settings', form({ readingCharsPerMinute: '100' }));
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe('/newsroom/settings?saved=1');
    expect((await chief.get('/newsroom/settings?saved=1')).body).toContain('已儲存');

    expect(t.cache.get(key)).toBeUndefined();
    const after = await site(key);
    expect(after.body).toContain('<p class="disclaimer">本文僅代表作者觀點。</p>');
    expect(after.body).not.toContain('不代表本站立場');
    expect(after.body).toContain('<a href="https://app.example.tw/" rel="noopener">App</a>');
    expect(after.body).not.toContain('old-app.example.tw');
    expect(Number(/閱讀約 (\d+) 分鐘/.exec(after.body)?.[1])).toBeGreaterThan(Number(minutesBefore) * 3);
    const home = await site('/');
    expect(home.body).toContain('<a href="/contribute">投稿須知</a>');
    // A site link stays in the reader's version of the site.
    expect((await site(`/m${key}`)).body).toContain('<a href="/m/contribute">投稿須知</a>');
    const api = JSON.parse((await site(`/api/v1/articles/${articleId}`)).body);
    expect(api.data.disclaimer).toBe('本文僅代表作者觀點。');
    expect(api.data.readingMinutes).toBe(Number(/閱讀約 (\d+) 分鐘/.exec(after.body)?.[1]));

    const entry = (await listAudit(t.deps, 20, null)).find((e) => e.action === 'settings.update');
    expect(entry?.subject).toBe('editorial-settings');
    expect(JSON.stringify(entry?.details)).toContain('本文僅代表作者觀點。');
  });

  it('reach a page cached by another instance on its next poll of the change log', async () => {
    const key = `/article/${articleId}`;
    await site(key);
    // No change feed in these deps: another instance (or process) saving the settings.
    const other = { db: t.db, clock: t.clock, config: t.config };
    const r = await saveEditorialSettings(other, { ...(await getEditorialSettings(deps())), disclaimer: '另一台伺服器改的聲明。' }, { userId: null, ip: null });
    expect(r).toEqual({ ok: true, changed: ['disclaimer'] });
    expect((await site(key)).body).not.toContain('另一台伺服器改的聲明。');
    await t.changes.poll();
    expect((await site(key)).body).toContain('另一台伺服器改的聲明。');
  });

  it('refuse bad input with 422, the message beside the field and nothing changed', async () => {
    const before = await chief.get('/newsroom/settings');
    const auditBefore = (await listAudit(t.deps, 100, null)).length;
    const page = await site(`/article/${articleId}`);
    for (const [fields, field, message] of [
      [{ linkUrl0: 'javascript:alert(1)' }, 'linkUrl0', '網址必須以 http://、https:// 或 / 開頭'],
      [{ linkUrl0: 'JaVaScRiPt:alert(1)' }, 'linkUrl0', '網址必須以 http://、https:// 或 / 開頭'],
      [{ linkUrl0: '//evil.example/' }, 'linkUrl0', '站內網址以單一個 / 開頭'],
      [{ linkUrl0: 'data:text/html,<script>alert(1)</script>' }, 'linkUrl0', '網址必須以'],
      [{ linkUrl0: 'https://ok.example/ x' }, 'linkUrl0', '網址不可含空白'],
      [{ linkUrl1: '' }, 'linkUrl1', '請填寫網址'],
      [{ linkLabel0: '' }, 'linkLabel0', '請填寫連結文字'],
      [{ readingCharsPerMinute: 'fast' }, 'readingCharsPerMinute', '閱讀速度必須是 100 到 2000 之間的整數'],
      [{ readingCharsPerMinute: '99999' }, 'readingCharsPerMinute', '閱讀速度必須是'],
      [{ disclaimer: '第一行\n第二行' }, 'disclaimer', '不可含控制字元或換行'],
      [{ disclaimer: '長'.repeat(301) }, 'disclaimer', '最多 300 字'],
      [{ submissionGuidelines: 'a\u0000b' }, 'submissionGuidelines', '不可含控制字元'],
    ] as Array<[Record<string, string>, string, string]>) {
      const res = await chief.post('/newsroom/settings', form(fields));
      expect(res.statusCode, JSON.stringify(fields)).toBe(422);
      expect(new RegExp(`<p class="field__error" id="error-${field}">([^<]*)</p>`).exec(res.body)?.[1]).toContain(message);
      // What was typed stays in the form.
      const typed = Object.values(fields)[0] ?? '';
      if (typed && !/[<\n\u0000]/.test(typed)) expect(res.body).toContain(`value="${typed}"`);
    }
    expect((await chief.get('/newsroom/settings')).body.replace(/name="_csrf" value="[^"]+"/g, '')).toBe(before.body.replace(/name="_csrf" value="[^"]+"/g, ''));
    expect((await listAudit(t.deps, 100, null)).length).toBe(auditBefore);
    expect((await site(`/article/${articleId}`)).body).toBe(page.body);
  });

  it('keep a link typed in a late row when the form comes back', async () => {
    const res = await chief.post('/newsroom/settings', form({ linkLabel5: '第六個', linkUrl5: '/six', readingCharsPerMinute: 'x' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('name="linkUrl5" type="text" value="/six"');
    expect(res.body).toContain('name="linkUrl7"');
  });

  it('answer in English when the newsroom is switched to English', async () => {
    const en = await signedInAs(t, 'admin', 'Admin');
    await inEnglish(en);
    await en.get('/newsroom/settings');
    const res = await en.post('/newsroom/settings', form({ linkUrl0: 'javascript:alert(1)', readingCharsPerMinute: 'x' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The address must start with http://, https:// or /');
    expect(res.body).toContain('Reading speed must be a whole number from 100 to 2000');
    expect(res.body).toContain('Editorial settings');
  });

  it('show what staff typed as text, never as markup, in the newsroom and on the site', async () => {
    const payload = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';
    const res = await chief.post('/newsroom/settings', form({ disclaimer: payload, linkLabel0: '<b onclick=x()>x', submissionGuidelines: payload }));
    expect(res.statusCode, res.body).toBe(303);
    const desk = await chief.get('/newsroom/settings');
    const article = (await site(`/article/${articleId}`)).body;
    for (const body of [desk.body, article]) {
      expect(body).not.toContain('<script>alert(1)');
      expect(body).not.toContain('<img src=x');
      expect(body).not.toContain('<b onclick');
    }
    expect(article).toContain('&lt;script>alert(1)&lt;/script>');
    expect(article).toContain('&lt;b onclick=x()>x');
  });

  it('tell whether editors may schedule: the role table, then the setting', async () => {
    const { maySchedule } = await import('../../src/modules/settings/index.js');
    await chief.post('/newsroom/settings', form({ editorsMaySchedule: '' }));
    expect(await maySchedule(deps(), 'editor')).toBe(false);
    expect(await maySchedule(deps(), 'chief_editor')).toBe(true);
    expect(await maySchedule(deps(), 'copy_editor')).toBe(false);
    expect((await chief.get('/newsroom/settings')).body).not.toMatch(/name="editorsMaySchedule" value="on" checked/);
    await chief.post('/newsroom/settings', form());
    expect(await maySchedule(deps(), 'editor')).toBe(true);
  });
});
