import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countArticles, getEditable } from '../../src/modules/articles/index.js';
import { type NewsroomVisitor, staffVisitor } from '../support/newsroom-visitor.js';
import { sharedPath } from '../support/shared.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** 匯入 in the newsroom: page texts uploaded (or pasted) become drafts, each file judged on its own. */
let t: TestApp;
let editor: NewsroomVisitor;

beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  editor = (await staffVisitor(t, 'editor', '林編輯')).v;
});
afterAll(async () => t.close());

type Upload = { name: string; bytes: Uint8Array };

function pageTexts(): Upload[] {
  const seedDir = sharedPath('seed');
  const fixtureDir = sharedPath('fixtures', 'import');
  const seed = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).map((f) => `${seedDir}/${f}`);
  const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith('.txt')).map((f) => `${fixtureDir}/${f}`);
  return [...seed, ...fixtures].map((p) => ({ name: basename(p), bytes: readFileSync(p) }));
}

/** What each page should become, from the fixtures' expected parse (the seed's is seed.expected.json). */
function expected(name: string): { title: string; dropped: Array<{ line: number }>; repeats: number } {
  const file = name.startsWith('ettoday-') ? 'seed.expected.json' : name.replace(/\.txt$/, '.expected.json');
  const json = JSON.parse(readFileSync(sharedPath('fixtures', 'import', file), 'utf8')) as {
    title: string;
    dropped: Array<{ line: number }>;
    blocks: Array<{ repeatOf?: unknown }>;
  };
  return { title: json.title, dropped: json.dropped, repeats: json.blocks.filter((b) => b.repeatOf).length };
}

/** Posts the import form as a browser does (multipart/form-data), with the page's CSRF token unless told not to. */
async function upload(v: NewsroomVisitor, files: Upload[], options: { pasted?: string; csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
  const form = new FormData();
  if (options.csrf !== false) form.append('_csrf', v.lastToken);
  for (const f of files) form.append('files', new Blob([Uint8Array.from(f.bytes)], { type: 'text/plain' }), f.name);
  if (files.length === 0) form.append('files', new Blob([], { type: 'application/octet-stream' }), '');
  form.append('pasted', options.pasted ?? '');
  const encoded = new Response(form);
  const payload = Buffer.from(await encoded.arrayBuffer());
  return t.app.inject({
    method: 'POST',
    url: '/newsroom/import',
    headers: { cookie: v.cookieHeader, 'content-type': encoded.headers.get('content-type') ?? '' },
    payload,
  });
}

/** The result line of one file on the result page. */
function resultOf(body: string, name: string): string {
  const items = body.split('<li>').slice(1);
  const found = items.find((li) => li.includes(`<span class="nr-import-results__file">${name}</span>`));
  if (!found) throw new Error(`no result for ${name}`);
  return found.slice(0, found.indexOf('</li>'));
}

const editorLink = (li: string) => Number(/href="\/newsroom\/articles\/(\d+)"/.exec(li)?.[1]);

describe('import page texts as drafts', () => {
  it('makes each page a draft with its title, not on the site, with the dropped lines on the editor page', async () => {
    const texts = pageTexts();
    expect(texts.length).toBeGreaterThanOrEqual(4);
    expect((await editor.get('/newsroom/import')).statusCode).toBe(200);
    const before = await countArticles(t.deps);
    const res = await upload(editor, texts);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain(`新增 ${texts.length} 篇草稿，0 篇先前已匯入，0 個無法匯入。`);
    expect(await countArticles(t.deps)).toBe(before + texts.length);

    for (const text of texts) {
      const want = expected(text.name);
      const li = resultOf(res.body, text.name);
      expect(li).toContain('已建立草稿');
      expect(li).toContain(`略過 ${want.dropped.length} 行，重複 ${want.repeats} 段`);
      const id = editorLink(li);
      const article = await getEditable(t.deps, id);
      expect(article.state).toBe('draft');
      expect(article.title).toBe(want.title);
      expect(article.bylines[0]?.role).toBe('作者');
      expect(article.importReport).toMatchObject({ repeats: want.repeats, dropped: want.dropped });

      expect((await t.app.inject(`/article/${id}`)).statusCode).toBe(404);
      const page = await editor.get(`/newsroom/articles/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('匯入提醒');
      for (const d of want.dropped) expect(page.body).toContain(`第 ${d.line} 行`);
    }
    const home = await t.app.inject('/');
    for (const text of texts) expect(home.body).not.toContain(expected(text.name).title);
  });

  it('reports a page imported before (as a draft or published) with a link, and makes nothing new', async () => {
    const seed = pageTexts()[0]!;
    // The same page saved with Windows line ends and a BOM is still the same page.
    const crlf = { name: 'again.txt', bytes: Buffer.from(`\uFEFF${Buffer.from(seed.bytes).toString('utf8').replace(/\n/g, '\r\n')}`, 'utf8') };
    const before = await countArticles(t.deps);
    await editor.get('/newsroom/import');
    const res = await upload(editor, [seed, crlf]);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('新增 0 篇草稿，2 篇先前已匯入，0 個無法匯入。');
    const first = resultOf(res.body, seed.name);
    expect(first).toContain('先前已匯入');
    expect(editorLink(first)).toBe(editorLink(resultOf(res.body, 'again.txt')));
    expect(await countArticles(t.deps)).toBe(before);
  });

  it('refuses Big5, binary, empty and oversized files with the reason, and still imports the good one beside them', async () => {
    const good = { name: 'pasted-later.txt', bytes: Buffer.from(Buffer.from(pageTexts()[1]!.bytes).toString('utf8').replace(/通勤月票/g, '城際月票'), 'utf8') };
    const bad: Upload[] = [
      { name: 'big5.txt', bytes: Buffer.from([0xa4, 0xa4, 0xa4, 0xe5, 0xa4, 0xe5, 0xb3, 0xb9]) },
      { name: 'photo.txt', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a]) },
      { name: 'empty.txt', bytes: new Uint8Array(0) },
      { name: 'huge.txt', bytes: Buffer.alloc(1024 * 1024 + 1, 0x61) },
      { name: 'no-title.txt', bytes: Buffer.from('只有一段沒有標題也沒有作者的文字。\n', 'utf8') },
    ];
    const before = await countArticles(t.deps);
    await editor.get('/newsroom/import');
    const res = await upload(editor, [bad[0]!, bad[1]!, good, bad[2]!, bad[3]!, bad[4]!]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('新增 1 篇草稿，0 篇先前已匯入，5 個無法匯入。');
    expect(resultOf(res.body, 'big5.txt')).toContain('不是 UTF-8 編碼的文字');
    expect(resultOf(res.body, 'photo.txt')).toContain('這是二進位檔');
    expect(resultOf(res.body, 'empty.txt')).toContain('檔案是空的');
    expect(resultOf(res.body, 'huge.txt')).toContain('檔案太大');
    expect(resultOf(res.body, 'no-title.txt')).toMatch(/找不到/);
    expect(resultOf(res.body, 'pasted-later.txt')).toContain('已建立草稿');
    expect(await countArticles(t.deps)).toBe(before + 1);
  });

  it('gives the reasons in English when the newsroom is switched to English', async () => {
    const { v } = await staffVisitor(t, 'editor', 'Reader of English');
    await v.get('/newsroom/import');
    await v.post('/newsroom/lang', { lang: 'en', back: '/newsroom/import' });
    await v.get('/newsroom/import');
    const res = await upload(v, [{ name: 'big5.txt', bytes: Buffer.from([0xa4, 0xa4, 0xa4, 0xe5]) }]);
    expect(res.statusCode).toBe(200);
    expect(resultOf(res.body, 'big5.txt')).toContain('The text is not UTF-8');
    expect(res.body).toContain('0 new drafts, 0 already imported, 1 refused.');
  });

  it('imports a pasted page, and asks for a file or a paste when the form is sent empty', async () => {
    const text = Buffer.from(pageTexts()[2]!.bytes).toString('utf8').replace(/包租代管/g, '社會住宅');
    await editor.get('/newsroom/import');
    const res = await upload(editor, [], { pasted: text.replace(/\n/g, '\r\n') });
    expect(res.statusCode).toBe(200);
    const li = resultOf(res.body, '貼上的文字');
    expect(li).toContain('已建立草稿');
    expect((await getEditable(t.deps, editorLink(li))).title).toContain('社會住宅');

    const before = await countArticles(t.deps);
    const empty = await upload(editor, [], { pasted: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('請選擇至少一個檔案，或貼上一頁的文字。');
    expect(await countArticles(t.deps)).toBe(before);
  });

  it('refuses more files than the limit at once, creating nothing', async () => {
    const before = await countArticles(t.deps);
    await editor.get('/newsroom/import');
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `f${i}.txt`, bytes: Buffer.from(`date 2026-01-0${(i % 9) + 1}\n標題${i}\n●某人\n內文。\n`, 'utf8') }));
    const res = await upload(editor, many);
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('一次最多上傳 20 個檔案');
    expect(await countArticles(t.deps)).toBe(before);
  });

  it('refuses a multipart post without the form token', async () => {
    const before = await countArticles(t.deps);
    await editor.get('/newsroom/import');
    const res = await upload(editor, [{ name: 'x.txt', bytes: Buffer.from('標題\n●某人\n內文。\n', 'utf8') }], { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('表單已失效');
    expect(await countArticles(t.deps)).toBe(before);
  });

  it('is for those who may write: others get 403, visitors are sent to log in', async () => {
    for (const role of ['copy_editor', 'complaint_officer']) {
      const { v } = await staffVisitor(t, role);
      expect((await v.get('/newsroom/import')).statusCode).toBe(403);
      await v.get('/newsroom/');
      const res = await upload(v, pageTexts().slice(0, 1));
      expect(res.statusCode).toBe(403);
      expect((await v.get('/newsroom/')).body).not.toContain('href="/newsroom/import"');
    }
    const anonymous = await t.app.inject('/newsroom/import');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/newsroom/login?next=%2Fnewsroom%2Fimport');
    const post = await t.app.inject({ method: 'POST', url: '/newsroom/import', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--\r\n' });
    expect(post.statusCode).toBe(401);
  });
});
