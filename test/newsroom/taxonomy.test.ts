import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/modules/accounts/index.js';
import { makeArticle } from '../support/factories.js';
import type { NewsroomVisitor } from '../support/newsroom-visitor.js';
import { signedInAs } from '../support/newsroom-staff.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/**
 * /newsroom/taxonomy: sections (create, rename) and tags (rename, merge). Decided: a tag renamed or merged away
 * keeps its old URL as a 301 to the tag it became, so links readers shared keep working.
 */
let t: TestApp;
let editor: NewsroomVisitor;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  ids.a = await makeArticle(t, { title: '捷運票價調整', tags: ['交通政策', '捷運'] });
  ids.b = await makeArticle(t, { title: '公車路網重整', tags: ['交通', '公車'] });
  ids.c = await makeArticle(t, { title: '兩個標籤都有', tags: ['交通政策', '交通'] });
  editor = await signedInAs(t, 'editor', '編輯乙');
});
afterAll(async () => t.close());

const site = (url: string) => t.app.inject({ method: 'GET', url });
const tagId = async (name: string) => {
  const page = await editor.get(`/newsroom/taxonomy?q=${encodeURIComponent(name)}`);
  const id = new RegExp(`href="/newsroom/taxonomy/tags/(\\d+)">${name}</a>`).exec(page.body)?.[1];
  return Number(id);
};
const searchIds = async (q: string, tag?: string) =>
  (JSON.parse((await site(`/api/v1/search?q=${encodeURIComponent(q)}${tag ? `&tag=${encodeURIComponent(tag)}` : ''}`)).body).data ?? []).map((a: { id: number }) => a.id).sort();

describe('sections', () => {
  it('are created with a checked, unique slug and appear in every page’s menu at once', async () => {
    await site('/');
    await editor.get('/newsroom/taxonomy');
    for (const [slug, message] of [
      ['Politics', '網址代稱只能用小寫英文字母'],
      ['政治', '網址代稱只能用小寫英文字母'],
      ['opinion', '已有網址代稱為「opinion」的分類'],
    ]) {
      const bad = await editor.post('/newsroom/taxonomy/sections', { name: '政治', slug: slug ?? '' });
      expect(bad.statusCode).toBe(422);
      expect(/<p class="field__error" id="error-slug">([^<]*)</.exec(bad.body)?.[1]).toContain(message);
    }
    expect((await site('/')).body).not.toContain('/section/politics');
    const ok = await editor.post('/newsroom/taxonomy/sections', { name: '政治', slug: 'politics' });
    expect(ok.statusCode, ok.body).toBe(303);
    expect((await site('/')).body).toContain('<a href="/section/politics">政治</a>');
    expect((await site('/section/politics')).statusCode).toBe(200);
  });

  it('are renamed, keeping their URL; menus and section pages follow', async () => {
    const list = await editor.get('/newsroom/taxonomy');
    const id = /href="\/newsroom\/taxonomy\/sections\/(\d+)">雲論</.exec(list.body)?.[1];
    await site('/section/opinion');
    await editor.get(`/newsroom/taxonomy/sections/${id}`);
    expect((await editor.post(`/newsroom/taxonomy/sections/${id}`, { name: '' })).statusCode).toBe(422);
    const res = await editor.post(`/newsroom/taxonomy/sections/${id}`, { name: '觀點' });
    expect(res.statusCode).toBe(303);
    expect((await site('/section/opinion')).body).toContain('<h1 class="list-header__title">觀點</h1>');
    expect((await site(`/article/${ids.a}`)).body).toContain('>觀點</a>');
  });
});

describe('tags', () => {
  it('are listed with how many articles carry them', async () => {
    const page = await editor.get('/newsroom/taxonomy');
    expect(page.body).toMatch(/>交通政策<\/a><\/td><td[^>]*>2</);
    expect(page.body).toMatch(/>捷運<\/a><\/td><td[^>]*>1</);
  });

  it('are renamed: the old URL redirects, article pages and search show the new name in the same transaction', async () => {
    const id = await tagId('捷運');
    for (const url of ['/tag/捷運', `/article/${ids.a}`].map(encodeURI)) await site(url);
    await editor.get(`/newsroom/taxonomy/tags/${id}`);
    const res = await editor.post(`/newsroom/taxonomy/tags/${id}/rename`, { name: '大眾運輸' });
    expect(res.statusCode, res.body).toBe(303);
    const old = await site(encodeURI('/tag/捷運?page=1'));
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(encodeURI('/tag/大眾運輸'));
    expect((await site(encodeURI('/m/tag/捷運'))).headers.location).toBe(encodeURI('/m/tag/大眾運輸'));
    expect((await site(encodeURI('/tag/大眾運輸'))).body).toContain('捷運票價調整');
    const article = (await site(`/article/${ids.a}`)).body;
    expect(article).toContain('>大眾運輸</a>');
    expect(await searchIds('大眾運輸')).toEqual([ids.a]);
    expect(await searchIds('票價', '大眾運輸')).toEqual([ids.a]);
    expect((await listAudit(t.deps, 20, null)).find((e) => e.action === 'tag.rename')?.details).toMatchObject({ from: '捷運', to: '大眾運輸' });
  });

  it('refuse a rename onto another tag’s name, however it is written (width and case fold)', async () => {
    await makeArticle(t, { title: '人工智慧', tags: ['AI', 'ＡＩ政策'] });
    const id = await tagId('ＡＩ政策');
    await editor.get(`/newsroom/taxonomy/tags/${id}`);
    const res = await editor.post(`/newsroom/taxonomy/tags/${id}/rename`, { name: 'ａｉ' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('已有標籤「ａｉ」（寬窄、大小寫視為相同）');
    for (const bad of ['', 'a/b', 'x'.repeat(31)]) expect((await editor.post(`/newsroom/taxonomy/tags/${id}/rename`, { name: bad })).statusCode).toBe(422);
    expect(await tagId('ＡＩ政策')).toBe(id);
    // Only the width changes: the same tag, no redirect needed.
    expect((await editor.post(`/newsroom/taxonomy/tags/${id}/rename`, { name: 'AI政策' })).statusCode).toBe(303);
    expect((await site(encodeURI('/tag/ＡＩ政策'))).statusCode).toBe(200);
  });

  it('are merged: articles move over (one tag per article), the merged tag’s page redirects, search follows', async () => {
    const from = await tagId('交通政策');
    const into = await tagId('交通');
    for (const url of ['/tag/交通政策', '/tag/交通', `/article/${ids.c}`].map(encodeURI)) await site(url);
    await editor.get(`/newsroom/taxonomy/tags/${from}`);
    for (const [name, message] of [
      ['沒有這個', '沒有標籤「沒有這個」'],
      ['交通政策', '不能把標籤併入自己'],
      ['', '標籤不可為空白'],
    ]) {
      const bad = await editor.post(`/newsroom/taxonomy/tags/${from}/merge`, { into: name ?? '' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain(message);
    }
    const res = await editor.post(`/newsroom/taxonomy/tags/${from}/merge`, { into: '交通' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/newsroom/taxonomy/tags/${into}?merged=1`);
    const old = await site(encodeURI('/tag/交通政策'));
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(encodeURI('/tag/交通'));
    const merged = (await site(encodeURI('/tag/交通'))).body;
    expect(merged).toContain('共 3 篇文章');
    // The article that had both shows the tag once.
    expect((await site(`/article/${ids.c}`)).body.match(/>交通<\/a>/g)).toHaveLength(1);
    expect(await searchIds('文章', '交通')).toEqual([ids.a, ids.b, ids.c].sort());
    expect(await searchIds('交通政策')).toEqual([]);
    expect((await editor.get(`/newsroom/taxonomy/tags/${from}`)).statusCode).toBe(404);
    expect((await listAudit(t.deps, 20, null)).find((e) => e.action === 'tag.merge')?.details).toMatchObject({ from: '交通政策', into: '交通', articles: 2 });
  });

  it('show what staff typed as text, never as markup', async () => {
    const id = await tagId('公車');
    await editor.get(`/newsroom/taxonomy/tags/${id}`);
    const res = await editor.post(`/newsroom/taxonomy/tags/${id}/rename`, { name: '<img src=x onerror=1>' });
    expect(res.statusCode, res.body).toBe(303);
    await editor.get('/newsroom/taxonomy');
    expect((await editor.post('/newsroom/taxonomy/sections', { name: '<script>x</script>', slug: 'xss' })).statusCode).toBe(303);
    for (const body of [(await editor.get('/newsroom/taxonomy')).body, (await editor.get(`/newsroom/taxonomy/tags/${id}`)).body, (await site(`/article/${ids.b}`)).body, (await site('/')).body]) {
      expect(body).not.toContain('<img src=x');
      expect(body).not.toContain('<script>x');
    }
  });
});
