import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/modules/accounts/index.js';
import { storeImage } from '../../src/modules/media/index.js';
import { makeArticle } from '../support/factories.js';
import type { NewsroomVisitor } from '../support/newsroom-visitor.js';
import { signedInAs } from '../support/newsroom-staff.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** /newsroom/authors: profiles readers see, private details they never do, and the pages and search that follow. */
let t: TestApp;
let editor: NewsroomVisitor;
let articleId: number;
let authorId: number;

beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  articleId = await makeArticle(t, { author: '林筆名', bio: '自由作家', title: '關於捷運延伸線的評論', tags: [] });
  await makeArticle(t, { author: '林筆名', title: '第二篇' });
  await makeArticle(t, { author: '陳另一位', title: '別人的文章' });
  editor = await signedInAs(t, 'editor', '編輯甲');
  const list = await editor.get('/newsroom/authors?q=林');
  authorId = Number(/href="\/newsroom\/authors\/(\d+)">林筆名</.exec(list.body)?.[1]);
});
afterAll(async () => t.close());

const site = (url: string) => t.app.inject({ method: 'GET', url });
const fields = (over: Record<string, string> = {}) => ({
  name: '林筆名',
  kind: 'columnist',
  bio: '自由作家',
  longBio: '',
  photoImageId: '',
  realName: '',
  email: '',
  phone: '',
  ...over,
});

describe('the authors screens', () => {
  it('list profiles with their article counts, searchable by name', async () => {
    const all = await editor.get('/newsroom/authors');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('共 2 位作者');
    const found = await editor.get('/newsroom/authors?q=林');
    expect(found.body).toContain('「林」找到 1 位作者');
    expect(found.body).toMatch(/林筆名<\/a><\/td><td[^>]*>[^<]*<\/td><td[^>]*>自由作家<\/td><td[^>]*>2<\/td>/);
    expect(found.body).not.toContain('陳另一位');
    // LIKE wildcards are searched as text.
    expect((await editor.get('/newsroom/authors?q=%25')).body).toContain('找到 0 位作者');
  });

  it('create a profile with private details that no public page or the API shows', async () => {
    await editor.get('/newsroom/authors/new');
    const res = await editor.post('/newsroom/authors/new', fields({ name: '王專欄', bio: '前駐日記者', realName: '王大明', email: 'wang@example.tw', phone: '02-2345-6789', linkLabel0: '個人網站', linkUrl0: 'https://wang.example.tw/' }));
    expect(res.statusCode, res.body).toBe(303);
    const id = Number(/\/newsroom\/authors\/(\d+)\?saved=1/.exec(res.headers.location ?? '')?.[1]);
    const desk = await editor.get(`/newsroom/authors/${id}`);
    expect(desk.body).toContain('value="王大明"');
    expect(desk.body).toContain('value="wang@example.tw"');
    const page = await site(`/author/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('前駐日記者');
    expect(page.body).toContain('<a href="https://wang.example.tw/" rel="noopener nofollow">個人網站</a>');
    const api = await site(`/api/v1/authors/${id}`);
    for (const body of [page.body, api.body]) {
      expect(body).not.toContain('王大明');
      expect(body).not.toContain('wang@example.tw');
      expect(body).not.toContain('2345-6789');
    }
    expect((await listAudit(t.deps, 20, null)).some((e) => e.action === 'author.create' && e.subject === `author:${id}`)).toBe(true);
  });

  it('rename a pen name: the cached author and article pages, listings and search follow at once', async () => {
    for (const url of [`/author/${authorId}`, `/article/${articleId}`, '/']) await site(url);
    expect(t.cache.get(`/author/${authorId}`)).toBeDefined();
    const res = await editor.post(`/newsroom/authors/${authorId}`, fields({ name: '林新筆名', bio: '專欄作家，關心交通', longBio: '第一段介紹。\n第二段介紹。' }));
    expect(res.statusCode, res.body).toBe(303);
    const author = await site(`/author/${authorId}`);
    expect(author.body).toContain('<h1 class="list-header__title">林新筆名</h1>');
    expect(author.body).toContain('專欄作家，關心交通');
    expect(author.body).toContain('<p>第一段介紹。</p><p>第二段介紹。</p>');
    expect((await site(`/article/${articleId}`)).body).toContain('林新筆名');
    expect((await site('/')).body).toContain('林新筆名');
    // The search document holds bylines: the new name finds the pieces, the old one no longer does by byline.
    const byNew = JSON.parse((await site('/api/v1/search?q=林新筆名')).body);
    expect(byNew.meta.total).toBe(2);
    const entry = (await listAudit(t.deps, 20, null)).find((e) => e.action === 'author.update');
    expect(entry?.details).toMatchObject({ from: '林筆名', to: '林新筆名' });
    await editor.post(`/newsroom/authors/${authorId}`, fields({ name: '林新筆名', bio: '專欄作家，關心交通', longBio: '第一段介紹。\n第二段介紹。', email: 'lin@example.tw' }));
    const privateEntry = (await listAudit(t.deps, 1, null))[0];
    expect(privateEntry?.details).toEqual({ changed: ['email'] });
    expect(JSON.stringify(privateEntry)).not.toContain('lin@example.tw');
  });

  it('show a photo from the media library on the author page', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#8899aa' } }).jpeg().toBuffer();
    const image = await storeImage(t.deps, jpeg, { caption: null, credit: null });
    await site(`/author/${authorId}`);
    const res = await editor.post(`/newsroom/authors/${authorId}`, fields({ name: '林新筆名', photoImageId: String(image.id) }));
    expect(res.statusCode, res.body).toBe(303);
    const page = await site(`/author/${authorId}`);
    expect(page.body).toContain(`src="/media/originals/${image.storageKey}"`);
    expect(page.body).toContain('class="author-profile__photo"');
  });

  it('refuse bad input with 422, the message beside the field, and change nothing', async () => {
    const before = await editor.get(`/newsroom/authors/${authorId}`);
    const strip = (s: string) => s.replace(/name="_csrf" value="[^"]+"/g, '');
    for (const [over, field, message] of [
      [{ name: '' }, 'name', '請填寫顯示名稱'],
      [{ name: '陳另一位' }, 'name', '已有同名的作者'],
      [{ kind: 'alien' }, 'kind', '請選擇作者類型'],
      [{ email: 'not-an-address' }, 'email', '這不是有效的電子郵件地址'],
      [{ phone: 'call me' }, 'phone', '電話只能有數字'],
      [{ photoImageId: '999999' }, 'photoImageId', '媒體庫裡沒有這個編號的圖片'],
      [{ photoImageId: '-1' }, 'photoImageId', '照片請填媒體庫圖片的編號'],
      [{ linkLabel0: '網站', linkUrl0: 'javascript:alert(1)' }, 'linkUrl0', '網址必須以 http://、https:// 或 / 開頭'],
      [{ bio: '一行\n兩行' }, 'bio', '不可含控制字元或換行'],
    ] as Array<[Record<string, string>, string, string]>) {
      const res = await editor.post(`/newsroom/authors/${authorId}`, fields({ name: '林新筆名', ...over }));
      expect(res.statusCode, JSON.stringify(over)).toBe(422);
      expect(new RegExp(`<p class="field__error" id="error-${field}">([^<]*)</p>`).exec(res.body)?.[1]).toContain(message);
    }
    await editor.get('/newsroom/authors/new');
    const dup = await editor.post('/newsroom/authors/new', fields({ name: '陳另一位' }));
    expect(dup.statusCode).toBe(422);
    expect(strip((await editor.get(`/newsroom/authors/${authorId}`)).body)).toBe(strip(before.body));
    expect((await editor.get('/newsroom/authors')).body).toContain('共 3 位作者');
  });

  it('answer 404 for an author that does not exist', async () => {
    expect((await editor.get('/newsroom/authors/999999')).statusCode).toBe(404);
    expect((await editor.get('/newsroom/authors/abc')).statusCode).toBe(404);
  });

  it('show what staff typed as text, never as markup, in the newsroom and on the site', async () => {
    const payload = '<script>alert(1)</script>';
    await editor.get(`/newsroom/authors/${authorId}`);
    const res = await editor.post(
      `/newsroom/authors/${authorId}`,
      fields({ name: '<img src=x onerror=alert(1)>', bio: payload, longBio: `${payload}\n"'><svg onload=alert(2)>`, linkLabel0: '<i onclick=x()>', linkUrl0: 'https://ok.example/"><script>', realName: payload }),
    );
    expect(res.statusCode, res.body).toBe(303);
    for (const body of [(await editor.get(`/newsroom/authors/${authorId}`)).body, (await editor.get('/newsroom/authors')).body, (await site(`/author/${authorId}`)).body, (await site(`/article/${articleId}`)).body]) {
      expect(body).not.toContain('<script>alert(1)');
      expect(body).not.toContain('<img src=x');
      expect(body).not.toContain('<svg onload');
      expect(body).not.toContain('<i onclick');
      expect(body).not.toContain('"><script>');
    }
    expect((await site(`/author/${authorId}`)).body).toContain('&lt;img src=x onerror=alert(1)>');
  });
});
