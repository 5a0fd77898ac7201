import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { importSeed, makeArticle } from '../support/factories.js';

let t: TestApp;
const ids: number[] = [];

beforeAll(async () => {
  // A page size of 3 makes pagination visible with a handful of articles.
  t = await buildTestApp({ PAGE_SIZE: '3', FANPAGE_URL: 'https://www.facebook.com/example', APP_URL: 'https://app.example.tw/' });
  await importSeed(t, ['川普', 'ＡＩ']);
  for (let i = 0; i < 5; i++) ids.push(await makeArticle(t, { author: i % 2 ? '王小明' : '李大華', tags: i % 2 ? ['交通'] : ['ai'] }));
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('home', () => {
  it('lists the latest first, paginated, with links to each article', async () => {
    const first = await get('/');
    expect(first.statusCode).toBe(200);
    const hrefs = [...first.body.matchAll(/class="card__title"><a href="\/article\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(hrefs).toEqual([ids[4], ids[3], ids[2]]);
    expect(first.body).toContain('第 1 / 2 頁');
    expect(first.body).toContain('href="/?page=2"');
    const second = await get('/?page=2');
    expect(second.statusCode).toBe(200);
    const more = [...second.body.matchAll(/class="card__title"><a href="\/article\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(more).toHaveLength(3);
    expect(more.slice(0, 2)).toEqual([ids[1], ids[0]]);
  });

  it('says plainly when a page number is wrong', async () => {
    for (const bad of ['0', '-1', 'abc', '1.5', '%E4%B8%80']) {
      const res = await get(`/?page=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toContain('頁碼必須是 1 以上的整數');
    }
    expect((await get('/?page=99')).statusCode).toBe(404);
  });

  it('shows the chrome from settings: site name, app, fan page, 我要投稿, 我要申訴, 手機版', async () => {
    const html = (await get('/')).body;
    expect(html).toContain('Opinion Desk 雲論');
    expect(html).toContain('href="https://app.example.tw/"');
    expect(html).toContain('href="https://www.facebook.com/example"');
    expect(html).toContain('雲論粉絲團');
    expect(html).toContain('>我要投稿</a>');
    expect(html).toContain('>我要申訴</a>');
    expect(html).toContain('>手機版</a>');
    const complaint = await get('/complaint');
    expect(complaint.statusCode).toBe(200);
    expect(complaint.body).toContain('即將開放');
    // 我要投稿 is its own surface now: the form, no notice.
    const contribute = await get('/contribute');
    expect(contribute.statusCode).toBe(200);
    expect(contribute.body).toContain('<form class="contribute__form"');
    expect(contribute.body).not.toContain('即將開放');
  });
});

describe('author, tag and section pages', () => {
  it('lists an author\'s articles with the profile', async () => {
    const html = (await get(`/article/${ids[1]}`)).body;
    const href = /class="byline__name" href="(\/author\/\d+)"/.exec(html)?.[1] ?? '';
    const res = await get(href);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="list-header__title">王小明</h1>');
    expect(res.body).toContain(`href="/article/${ids[1]}"`);
    expect(res.body).toContain(`href="/article/${ids[3]}"`);
    expect(res.body).not.toContain(`href="/article/${ids[0]}"`);
    expect((await get('/author/999999')).statusCode).toBe(404);
    expect((await get('/author/x')).statusCode).toBe(404);
  });

  it('finds a tag by its name in any width or case (ＡＩ = ai) and lists its articles', async () => {
    const res = await get(`/tag/${encodeURIComponent('ai')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="list-header__title">ＡＩ</h1>');
    expect(res.body).toContain('共 4 篇文章');
    const wide = await get(`/tag/${encodeURIComponent('ＡＩ')}`);
    expect(wide.statusCode).toBe(200);
    expect((await get(`/tag/${encodeURIComponent('沒有這個')}`)).statusCode).toBe(404);
    expect((await get(`/tag/${'長'.repeat(200)}`)).statusCode).toBe(404);
  });

  it('lists a section and 404s an unknown one', async () => {
    const res = await get('/section/opinion');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="list-header__title">雲論</h1>');
    expect((await get('/section/nope')).statusCode).toBe(404);
    expect((await get('/m/section/opinion')).statusCode).toBe(200);
  });
});

describe('error pages', () => {
  it('answers an unknown path with the zh-Hant 404 page, desktop or mobile', async () => {
    const res = await get('/no/such/page');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('找不到頁面');
    expect(res.body).toContain('<html lang="zh-Hant-TW">');
    const mobile = await get('/m/no/such/page');
    expect(mobile.statusCode).toBe(404);
    expect(mobile.body).toContain('class="is-mobile"');
  });

  it('renders a zh-Hant 500 page when the database is gone, without leaking the error', async () => {
    const broken = await buildTestApp();
    await broken.db.destroy();
    try {
      const res = await broken.app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('系統發生錯誤');
      expect(res.body).not.toMatch(/driver|destroyed|Error:/i);
      const api = await broken.app.inject({ method: 'GET', url: '/api/v1/articles' });
      expect(api.statusCode).toBe(500);
      expect(api.json()).toEqual({ errors: [{ code: 'internal_error', message: '系統發生錯誤，請稍後再試' }] });
    } finally {
      await broken.close();
    }
  });

  it('reports health for load balancers', async () => {
    const res = await get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });
});
