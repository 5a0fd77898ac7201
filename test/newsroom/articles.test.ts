import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDueArticles } from '../../src/modules/articles/index.js';
import { staffVisitor, type NewsroomVisitor } from '../support/newsroom-visitor.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** The editor and the article life cycle, through HTTP as the newsroom's pages let people use them. */
let t: TestApp;
let editor: NewsroomVisitor;
let copyEditor: NewsroomVisitor;
let chief: NewsroomVisitor;
let chiefTwo: NewsroomVisitor;

beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  editor = (await staffVisitor(t, 'editor', '林編輯')).v;
  copyEditor = (await staffVisitor(t, 'copy_editor', '陳校對')).v;
  chief = (await staffVisitor(t, 'chief_editor', '王總編')).v;
  chiefTwo = (await staffVisitor(t, 'chief_editor', '李副總編')).v;
});
afterAll(async () => t.close());

const body = [
  '▲〔｜兩人在會場握手〕美國總統川普和日本首相高市早苗。（圖／達志影像）',
  '●',
  '2025年10月，高市早苗當選自民黨總裁，隨即出任首相。',
  '美日同盟的新棋局',
  '峰會成果超出外界預期，雙方在經濟安全上取得共識。',
].join('\n\n');

function fields(v: NewsroomVisitor, overrides: Record<string, string> = {}) {
  void v;
  return {
    kind: 'op-ed',
    title: '川普與高市早苗　美日同盟新棋局',
    leadLabel: '我們想讓你知道…',
    lead: '2026年初的高市訪美，將是檢驗美日同盟的關鍵時刻。',
    body,
    bylines: '楊聰榮／台中科技大學兼任教師',
    sectionId: '',
    tags: '美日關係、高市早苗',
    showDisclaimer: '1',
    ...overrides,
  };
}

async function newDraft(v: NewsroomVisitor, overrides: Record<string, string> = {}): Promise<number> {
  const page = await v.get('/newsroom/articles/new');
  expect(page.statusCode, page.body).toBe(200);
  const sectionId = /<option value="(\d+)" selected/.exec(page.body)?.[1] ?? /name="sectionId"><option value="(\d+)"/.exec(page.body)?.[1] ?? '';
  const res = await v.post('/newsroom/articles/new', fields(v, { sectionId, ...overrides }));
  expect(res.statusCode, res.body).toBe(303);
  const id = Number(/\/newsroom\/articles\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

async function formOf(v: NewsroomVisitor, id: number): Promise<Record<string, string>> {
  const page = await v.get(`/newsroom/articles/${id}`);
  expect(page.statusCode).toBe(200);
  const value = (name: string) => {
    // preact writes an empty value as a bare `value` attribute: read only within this tag.
    const input = new RegExp(`<input[^>]*name="${name}"[^>]*?\\svalue(?:="([^"]*)")?[\\s/>]`).exec(page.body)?.[1] ?? (new RegExp(`<input[^>]*name="${name}"`).test(page.body) ? '' : undefined);
    const area = new RegExp(`name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(page.body)?.[1];
    const raw = input ?? area ?? '';
    return raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  };
  const out: Record<string, string> = {};
  for (const name of ['title', 'leadLabel', 'lead', 'body', 'bylines', 'tags', 'baseRevision', 'ogTitle', 'ogDescription', 'ogImageId', 'disclaimerOverride', 'sourceNote']) out[name] = value(name);
  out.kind = /name="kind"[\s\S]*?<option value="([^"]+)" selected/.exec(page.body)?.[1] ?? 'op-ed';
  out.sectionId = /name="sectionId"[\s\S]*?<option value="(\d+)" selected/.exec(page.body)?.[1] ?? '';
  out.showDisclaimer = /name="showDisclaimer" value="1" checked/.test(page.body) ? '1' : '';
  return out;
}

describe('the editor', () => {
  it('creates a draft that is invisible to readers, with its body as blocks and the byline it was given', async () => {
    const id = await newDraft(editor);
    const page = await editor.get(`/newsroom/articles/${id}`);
    expect(page.body).toContain('已儲存');
    expect(page.body).toContain('草稿');
    expect((await t.app.inject(`/article/${id}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/api/v1/articles/${id}`)).statusCode).toBe(404);
    const form = await formOf(editor, id);
    expect(form.body).toBe(`${body}\n`);
    expect(form.bylines).toBe('楊聰榮／台中科技大學兼任教師');
    expect(form.tags).toBe('美日關係、高市早苗');
  });

  it('refuses bad input beside the field in zh-Hant, keeps what was typed and changes nothing', async () => {
    const id = await newDraft(editor);
    const before = await formOf(editor, id);
    const res = await editor.post(`/newsroom/articles/${id}`, { ...before, title: '長'.repeat(201), bylines: '／沒有名字的簡介', tags: '好標籤、' + 'x'.repeat(80) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('標題最多 200 字');
    expect(res.body).toContain('長'.repeat(201));
    expect(await formOf(editor, id)).toEqual(before);
    const bylines = await editor.post(`/newsroom/articles/${id}`, { ...before, bylines: '／沒有名字的簡介' });
    expect(bylines.statusCode).toBe(422);
    expect(bylines.body).toContain('沒有姓名');
    expect(await formOf(editor, id)).toEqual(before);
    const long = '長'.repeat(31);
    const tags = await editor.post(`/newsroom/articles/${id}`, { ...before, tags: long });
    expect(tags.statusCode).toBe(422);
    // Named once, cut at 30 characters: not 標籤「…」：標籤「…」.
    expect(tags.body).toContain(`標籤「${'長'.repeat(30)}…」超過 30 字`);
    expect(tags.body).not.toContain(`標籤「${long}」`);
    expect(await formOf(editor, id)).toEqual(before);
  });

  it('shows house-style warnings without changing the text', async () => {
    const id = await newDraft(editor, { body: '特朗普说,这个软件很好。' });
    const page = await editor.get(`/newsroom/articles/${id}`);
    expect(page.body).toContain('用字提醒（');
    expect(page.body).toContain('「特朗普」本站譯名為「川普」');
    expect(page.body).toContain('半形「,」應為全形「，」');
    expect((await formOf(editor, id)).body).toBe('特朗普说,这个软件很好。\n');
  });

  it('keeps every save as a revision and shows a character diff between them, and restores an old one as a new revision', async () => {
    const id = await newDraft(editor);
    const form = await formOf(editor, id);
    const saved = await editor.post(`/newsroom/articles/${id}`, { ...form, title: '川普與高市早苗：同盟的新局', note: '改標題' });
    expect(saved.statusCode).toBe(303);
    const list = await editor.get(`/newsroom/articles/${id}/revisions`);
    expect(list.body).toContain('改標題');
    expect(list.body).toContain('標題');
    const revIds = [...list.body.matchAll(/\/revisions\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(revIds.length).toBe(2);
    const diff = await editor.get(`/newsroom/articles/${id}/revisions/${Math.max(...revIds)}`);
    const [before, after] = [...diff.body.matchAll(/<pre class="nr-diff__text">([\s\S]*?)<\/pre>/g)].map((m) => m[1] ?? '');
    expect(before?.replace(/<[^>]+>/g, '')).toContain('標題：川普與高市早苗　美日同盟新棋局');
    expect(after?.replace(/<[^>]+>/g, '')).toContain('標題：川普與高市早苗：同盟的新局');
    expect(before).toContain('<del>');
    expect(after).toContain('<ins>');
    expect(before).not.toContain('<ins>');
    const first = await editor.get(`/newsroom/articles/${id}/revisions/${Math.min(...revIds)}`);
    await editor.post(`/newsroom/articles/${id}/revisions/${Math.min(...revIds)}/restore`, { baseRevision: '2' });
    expect(first.statusCode).toBe(200);
    const back = await formOf(editor, id);
    expect(back.title).toBe('川普與高市早苗　美日同盟新棋局');
    expect(back.baseRevision).toBe('3');
  });

  it('turns the second of two saves from the same base into a conflict that shows both texts and loses nothing', async () => {
    const id = await newDraft(editor);
    const base = await formOf(editor, id);
    const mine = await formOf(copyEditor, id);
    expect((await editor.post(`/newsroom/articles/${id}`, { ...base, lead: '編輯改的導言。' })).statusCode).toBe(303);
    const clash = await copyEditor.post(`/newsroom/articles/${id}`, { ...mine, lead: '校對改的導言。' });
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain('儲存衝突');
    expect(clash.body).toContain('林編輯');
    // The copy editor's text is still in the form, and the newer saved text is shown beside it.
    expect(clash.body).toMatch(/name="lead"[^>]*>校對改的導言。<\/textarea>/);
    const saved = /<div class="nr-diff"><div>[\s\S]*?<\/pre>/.exec(clash.body)?.[0].replace(/<[^>]+>/g, '') ?? '';
    expect(saved).toContain('導言：編輯改的導言。');
    expect((await formOf(editor, id)).lead).toBe('編輯改的導言。');
    // Saving again from the form the conflict gave back (now based on the newest revision) goes through.
    const again = await copyEditor.post(`/newsroom/articles/${id}`, { ...mine, lead: '校對改的導言。', baseRevision: /name="baseRevision" value="(\d+)"/.exec(clash.body)?.[1] ?? '' });
    expect(again.statusCode).toBe(303);
  });

  it('shows who else has the article open', async () => {
    const id = await newDraft(editor);
    await copyEditor.get(`/newsroom/articles/${id}`);
    const page = await editor.get(`/newsroom/articles/${id}`);
    expect(page.body).toContain('陳校對 也開著這篇文章');
  });

  it('escapes script in every field on the newsroom page, the preview and the published page', async () => {
    const xss = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const id = await newDraft(editor, { title: `標題${xss}`, lead: `導言${xss}`, body: `段落${xss}。\n\n▲圖說${xss}（圖／來源${xss}）`, bylines: `作者${xss}／簡介${xss}`, tags: '標籤', ogTitle: xss, disclaimerOverride: xss });
    for (const url of [`/newsroom/articles/${id}`, `/newsroom/articles/${id}/preview/page`, `/newsroom/articles/${id}/preview/page?view=mobile`, '/newsroom/articles']) {
      const page = await editor.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain('<script>alert');
      expect(page.body, url).not.toContain('<img src=x');
    }
    const out = await chief.post(`/newsroom/articles/${id}/transition`, { transition: 'publish', baseRevision: '1' });
    expect(out.statusCode, out.body).toBe(303);
    const reader = await t.app.inject(`/article/${id}`);
    expect(reader.statusCode).toBe(200);
    expect(reader.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(reader.body).not.toContain('<script>alert');
  });
});

describe('the life cycle', () => {
  it('follows the role table: an editor submits, only a chief editor publishes, a copy editor does neither', async () => {
    const id = await newDraft(editor);
    expect((await copyEditor.post(`/newsroom/articles/${id}/transition`, { transition: 'submit' })).statusCode).toBe(403);
    expect((await editor.post(`/newsroom/articles/${id}/transition`, { transition: 'submit' })).statusCode).toBe(303);
    expect((await editor.post(`/newsroom/articles/${id}/transition`, { transition: 'publish' })).statusCode).toBe(403);
    expect((await t.app.inject(`/article/${id}`)).statusCode).toBe(404);
    const published = await chief.post(`/newsroom/articles/${id}/transition`, { transition: 'publish' });
    expect(published.statusCode).toBe(303);
    expect((await t.app.inject(`/article/${id}`)).statusCode).toBe(200);
    expect((await t.app.inject(`/m/article/${id}`)).statusCode).toBe(200);
    expect((await t.app.inject(`/api/v1/articles/${id}`)).statusCode).toBe(200);
  });

  it('lets an editor schedule only while the editorial setting allows it', async () => {
    const { getEditorialSettings, saveEditorialSettings } = await import('../../src/modules/settings/index.js');
    const deps = { ...t.deps, config: t.config };
    const current = await getEditorialSettings(deps);
    const off = await saveEditorialSettings(deps, { ...current, editorsMaySchedule: false }, { userId: null, ip: null });
    expect(off.ok).toBe(true);
    const id = await newDraft(editor);
    const page = await editor.get(`/newsroom/articles/${id}`);
    expect(page.body).not.toContain('value="schedule"');
    const refused = await editor.post(`/newsroom/articles/${id}/transition`, { transition: 'schedule', at: '2030-01-01T09:00' });
    expect(refused.statusCode).toBe(403);
    expect((await chief.get(`/newsroom/articles/${id}`)).body).toContain('value="schedule"');
    await saveEditorialSettings(deps, { ...current, editorsMaySchedule: true }, { userId: null, ip: null });
    expect((await editor.get(`/newsroom/articles/${id}`)).body).toContain('value="schedule"');
  });

  it('will not publish a figure whose image licence has expired or that has no alt text anywhere', async () => {
    const sharp = (await import('sharp')).default;
    const { storeImage, updateImageDetails } = await import('../../src/modules/media/index.js');
    const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg().toBuffer();
    const image = await storeImage(t.deps, bytes, { caption: null, credit: null });
    await updateImageDetails(t.deps, image.id, { caption: null, credit: '路透', creditType: null, rights: 'licensed', licenceNote: null, licenceExpiresAt: '2020-01-01', alt: null });
    const id = await newDraft(editor, { body: `▲〔圖${image.id}〕（圖／路透）\n\n●\n\n第一段。` });
    const res = await chief.post(`/newsroom/articles/${id}/transition`, { transition: 'publish' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`圖 ${image.id} 的授權已於 2020-01-01 到期`);
    expect(res.body).toContain(`圖 ${image.id} 缺少替代文字`);
    expect((await t.app.inject(`/article/${id}`)).statusCode).toBe(404);
  });

  it('will not publish a piece without a title or byline, and says so', async () => {
    const id = await newDraft(editor, { title: '', bylines: '', body: '只有一段。' });
    const res = await chief.post(`/newsroom/articles/${id}/transition`, { transition: 'publish' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('還沒有標題');
    expect(res.body).toContain('還沒有作者');
    expect((await t.app.inject(`/article/${id}`)).statusCode).toBe(404);
  });

  it('asks a reason for editing a published piece; a visible change shows 更新時間 and moves dateModified', async () => {
    const id = await newDraft(editor);
    await chief.post(`/newsroom/articles/${id}/transition`, { transition: 'publish' });
    const form = await formOf(editor, id);
    const noReason = await editor.post(`/newsroom/articles/${id}`, { ...form, lead: '更正後的導言。' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('請寫下修改原因');
    t.clock.advance(60 * 60 * 1000);
    const ok = await editor.post(`/newsroom/articles/${id}`, { ...form, lead: '更正後的導言。', reason: '導言數字有誤', visibleChange: '1' });
    expect(ok.statusCode).toBe(303);
    const page = await t.app.inject(`/article/${id}`);
    expect(page.body).toContain('更正後的導言。');
    expect(page.body).toContain('更新時間');
  });

  it('unlists, unpublishes and retracts: the tombstone keeps the URL and says why', async () => {
    const id = await newDraft(editor, { title: '將被撤稿的文章' });
    await chief.post(`/newsroom/articles/${id}/transition`, { transition: 'publish' });
    await chief.post(`/newsroom/articles/${id}/transition`, { transition: 'unlist' });
    expect((await t.app.inject(`/article/${id}`)).statusCode).toBe(200);
    expect((await t.app.inject('/')).body).not.toContain('將被撤稿的文章');
    const noNotice = await chiefTwo.post(`/newsroom/articles/${id}/transition`, { transition: 'retract', notice: '  ' });
    expect(noNotice.statusCode).toBe(422);
    expect(noNotice.body).toContain('撤稿必須寫撤稿說明');
    await chiefTwo.post(`/newsroom/articles/${id}/transition`, { transition: 'retract', notice: '本文引用之數據經查證有誤，撤下全文。' });
    const tomb = await t.app.inject(`/article/${id}`);
    expect(tomb.statusCode).toBe(410);
    expect(tomb.body).toContain('本文引用之數據經查證有誤，撤下全文。');
    expect(tomb.body).toContain('撤稿');
    expect(tomb.body).not.toContain('峰會成果超出外界預期');

    const other = await newDraft(editor, { title: '將被下架的文章' });
    await chief.post(`/newsroom/articles/${other}/transition`, { transition: 'publish' });
    await chief.post(`/newsroom/articles/${other}/transition`, { transition: 'unpublish' });
    expect((await t.app.inject(`/article/${other}`)).statusCode).toBe(404);
    expect((await editor.get(`/newsroom/articles/${other}`)).body).toContain('已下架');
  });

  it('lists every state with filters and finds drafts by Chinese search', async () => {
    const id = await newDraft(editor, { title: '離岸風電的在地供應鏈', body: '離岸風電需要在地的零組件產業。' });
    const all = await editor.get('/newsroom/articles?state=draft');
    expect(all.body).toContain('離岸風電的在地供應鏈');
    const found = await editor.get(`/newsroom/articles?q=${encodeURIComponent('風電')}`);
    expect(found.body).toContain(`/newsroom/articles/${id}"`);
    const none = await editor.get('/newsroom/articles?state=retracted&q=' + encodeURIComponent('風電'));
    expect(none.body).not.toContain(`/newsroom/articles/${id}"`);
  });

  it('shows the queues on the overview: in review, scheduled, published today, my drafts', async () => {
    const id = await newDraft(editor, { title: '等待審稿的投書' });
    await editor.post(`/newsroom/articles/${id}/transition`, { transition: 'submit' });
    const mine = await newDraft(editor, { title: '我自己的草稿' });
    const home = await editor.get('/newsroom/');
    const queue = (name: string) => home.body.split('<section class="nr-card nr-queue">').slice(1).find((part) => part.includes(`>${name}</a>`))?.split('</section>')[0] ?? '';
    expect(queue('待審')).toContain('等待審稿的投書');
    expect(queue('我的草稿')).toContain(`/newsroom/articles/${mine}`);
    expect(queue('已排程')).not.toContain('等待審稿的投書');
  });

  it('answers anonymous visitors with the login page and unknown articles with 404', async () => {
    const anon = await t.app.inject('/newsroom/articles');
    expect(anon.statusCode).toBe(303);
    expect((await editor.get('/newsroom/articles/999999')).statusCode).toBe(404);
    expect((await editor.get('/newsroom/articles/abc')).statusCode).toBe(400);
  });

  it('shows the login and its errors in English when switched, before anyone signs in', async () => {
    const { NewsroomVisitor } = await import('../support/newsroom-visitor.js');
    const v = new NewsroomVisitor(t);
    await v.get('/newsroom/login');
    await v.post('/newsroom/lang', { lang: 'en', back: '/newsroom/login' });
    const login = await v.get('/newsroom/login');
    expect(login.body).toContain('Log in to the newsroom');
    const wrong = await v.post('/newsroom/login', { email: 'nobody@example.tw', password: 'x' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Please fix this problem:');
    expect(wrong.body).toContain('The e-mail address or password is wrong');
    expect(wrong.body).not.toContain('請修正以下');
  });

  it('switches the editor to English', async () => {
    const id = await newDraft(editor);
    await editor.get(`/newsroom/articles/${id}`);
    const switched = await editor.post('/newsroom/lang', { lang: 'en', back: `/newsroom/articles/${id}` });
    expect(switched.headers.location).toBe(`/newsroom/articles/${id}`);
    const page = await editor.get(`/newsroom/articles/${id}`);
    expect(page.body).toContain('<html lang="en"');
    expect(page.body).toContain('House style (');
    expect(page.body).toContain('Submit for review');
    await editor.post('/newsroom/lang', { lang: 'zh-Hant', back: '/newsroom/' });
  });
  it('schedules a piece: not visible before its time, published exactly once at its time, in lists and search', async () => {
    const id = await newDraft(editor, { title: '排程測試：夜間捷運', tags: '排程' });
    const at = new Date(t.clock.now().getTime() + 2 * 60 * 60 * 1000);
    const local = new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16);
    const past = await editor.post(`/newsroom/articles/${id}/transition`, { transition: 'schedule', at: '2020-01-01T09:00' });
    expect(past.statusCode).toBe(422);
    expect(past.body).toContain('排程時間必須在未來');
    const res = await editor.post(`/newsroom/articles/${id}/transition`, { transition: 'schedule', at: local });
    expect(res.statusCode, res.body).toBe(303);
    expect(await publishDueArticles(t.deps)).toEqual([]);
    expect((await t.app.inject(`/article/${id}`)).statusCode).toBe(404);
    t.clock.set(at.toISOString());
    expect(await Promise.all([publishDueArticles(t.deps), publishDueArticles(t.deps)]).then((r) => r.flat())).toEqual([id]);
    expect((await t.app.inject(`/article/${id}`)).statusCode).toBe(200);
    expect((await t.app.inject('/')).body).toContain('排程測試：夜間捷運');
    const search = await t.app.inject(`/api/v1/search?q=${encodeURIComponent('夜間捷運')}`);
    expect(search.body).toContain(String(id));
    // Sessions idle out while the clock jumps: a colleague signing in now reads the history.
    const later = (await staffVisitor(t, 'editor', '晚班編輯')).v;
    const history = await later.get(`/newsroom/articles/${id}/revisions`);
    expect(history.body.match(/立即發布/g)?.length).toBe(1);
  });

});

describe('the article screens by role', () => {
  it('follow the role table for every route, anonymous included', { timeout: 180_000 }, async () => {
    const { NewsroomVisitor } = await import('../support/newsroom-visitor.js');
    // A writer of its own: earlier tests move the clock past other sessions' idle limit.
    const writer = (await staffVisitor(t, 'editor', '矩陣編輯')).v;
    const id = await newDraft(writer, { title: '權限矩陣用的草稿' });
    const form = await formOf(writer, id);
    const routes: Array<[string, string, Record<string, string>?]> = [
      ['GET', '/newsroom/articles'],
      ['GET', '/newsroom/articles/new'],
      ['POST', '/newsroom/articles/new', {}],
      ['GET', `/newsroom/articles/${id}`],
      ['POST', `/newsroom/articles/${id}`, form],
      ['POST', `/newsroom/articles/${id}/transition`, { transition: 'return' }],
      ['POST', `/newsroom/articles/${id}/transition`, { transition: 'retract', notice: '撤稿說明' }],
      ['GET', `/newsroom/articles/${id}/preview`],
      ['GET', `/newsroom/articles/${id}/preview/page`],
      ['GET', `/newsroom/articles/${id}/revisions`],
      ['POST', `/newsroom/articles/${id}/presence`, {}],
    ];
    const visit = async (v: NewsroomVisitor) => {
      const statuses: number[] = [];
      for (const [method, url, fields] of routes) {
        if (method === 'POST') await v.get(`/newsroom/articles/${id}`);
        statuses.push((method === 'GET' ? await v.get(url) : await v.post(url, fields ?? {})).statusCode);
      }
      return statuses;
    };
    const matrix: Record<string, number[]> = { anonymous: await visit(new NewsroomVisitor(t)) };
    for (const role of ['editor', 'copy_editor', 'complaint_officer', 'chief_editor', 'admin']) matrix[role] = await visit((await staffVisitor(t, role)).v);
    // 422 is "allowed, but not from this state / not with this input": the role passed, the piece said no.
    expect(matrix).toEqual({
      anonymous: [303, 303, 401, 303, 401, 401, 401, 303, 303, 303, 401],
      editor: [200, 200, 422, 200, 303, 422, 403, 200, 200, 200, 200],
      copy_editor: [200, 403, 403, 200, 303, 422, 403, 200, 200, 200, 200],
      complaint_officer: [200, 403, 403, 200, 403, 403, 403, 200, 200, 200, 200],
      chief_editor: [200, 200, 422, 200, 303, 422, 422, 200, 200, 200, 200],
      admin: [200, 200, 422, 200, 303, 422, 422, 200, 200, 200, 200],
    });
  });
});
