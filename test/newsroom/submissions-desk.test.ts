import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IncomingImage,
  purgeExpiredPersonalData,
  receiveSubmission,
  replyFromWriter,
  reviseSubmission,
  revisionFormSchema,
  submissionFormSchema,
  type SubmissionsDeps,
} from '../../src/modules/submissions/index.js';
import { saveEditorialSettings } from '../../src/modules/settings/index.js';
import { charCount } from '../../src/modules/zh/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { fixedClock } from '../../src/platform/time.js';
import { submissionLinks } from '../../src/surfaces/urls.js';
import { inEnglish } from '../support/newsroom-staff.js';
import { NewsroomVisitor, staffVisitor } from '../support/newsroom-visitor.js';
import { buildTestApp, TEST_NOW, type TestApp } from '../support/test-app.js';

/** 投稿處理台 through HTTP, as the newsroom's pages let the desk use it; submissions arrive through the module. */
let t: TestApp;
let sdeps: SubmissionsDeps;
let editor: NewsroomVisitor;
let editorId: number;
let chief: NewsroomVisitor;
let chiefId: number;
let copyEditor: NewsroomVisitor;
let copyEditorId: number;
let complaints: NewsroomVisitor;

const limits = { minChars: 800, maxChars: 3000 };
const paragraphs = (word: string) =>
  Array.from({ length: 20 }, (_, i) => `第${i + 1}段：${word}需要更多公民參與，地方政府應該公開預算資料，讓民眾可以監督每一筆支出的用途與成效。`).join('\n\n');

function form(overrides: Record<string, string> = {}) {
  return submissionFormSchema(limits).parse({
    realName: '陳真名',
    penName: '山中人',
    email: 'writer@example.org',
    phone: '0912-345-678',
    address: '臺北市中正區重慶南路一段 122 號',
    occupation: '中學教師',
    bioLine: '中學教師、地方史研究者',
    title: '地方預算應該全面公開',
    lead: '公開預算不是施捨，而是民主的基本功。',
    body: paragraphs('台灣的公共政策'),
    conflicts: '無',
    declareOriginal: 'on',
    declareExclusive: 'on',
    declareLicence: 'on',
    consent: 'on',
    termsVersion: '',
    ...overrides,
  });
}

const photo = (seed = 0) =>
  sharp({ create: { width: 640, height: 420, channels: 3, background: { r: 90 + seed, g: 120, b: 60 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 80 })
    .toBuffer();

async function submit(overrides: Record<string, string> = {}, images: IncomingImage[] = []): Promise<{ id: number; code: string; token: string }> {
  return receiveSubmission(sdeps, form(overrides), images);
}

/** Receives a piece as if it had arrived `days` ago (its due date long past), without moving the app's clock. */
async function submitDaysAgo(days: number, overrides: Record<string, string> = {}) {
  const clock = fixedClock(new Date(Date.parse(TEST_NOW) - days * 86_400_000).toISOString());
  return receiveSubmission({ ...sdeps, clock }, form(overrides), []);
}

const detail = (v: NewsroomVisitor, id: number) => v.get(`/newsroom/submissions/${id}`);

function logRows(page: LightMyRequestResponse): string {
  return /<section class="nr-card" id="log">([\s\S]*?)<\/section>/.exec(page.body)?.[1] ?? '';
}

beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  sdeps = { db: t.db, clock: t.clock, log: createLogger({ level: 'silent' }), changes: t.changes, config: t.config, links: submissionLinks(t.config.baseUrl) };
  ({ v: editor, userId: editorId } = await staffVisitor(t, 'editor', '林編輯'));
  ({ v: chief, userId: chiefId } = await staffVisitor(t, 'chief_editor', '王總編'));
  ({ v: copyEditor, userId: copyEditorId } = await staffVisitor(t, 'copy_editor', '陳校對'));
  ({ v: complaints } = await staffVisitor(t, 'complaint_officer', '張申訴'));
});
afterAll(async () => t.close());

describe('who may use the desk', () => {
  it('is for submissions.handle: copy editors and complaint officers get 403, no session goes to the login', async () => {
    const { id } = await submit();
    for (const v of [copyEditor, complaints]) {
      expect((await v.get('/newsroom/submissions')).statusCode).toBe(403);
      const page = await detail(v, id);
      expect(page.statusCode).toBe(403);
      expect(page.body).not.toContain('陳真名');
      expect((await v.post(`/newsroom/submissions/${id}/note`, { note: '偷看' })).statusCode).toBe(403);
      expect((await v.post(`/newsroom/submissions/${id}/accept`, {})).statusCode).toBe(403);
      expect((await v.get('/newsroom/')).body).not.toContain('href="/newsroom/submissions"');
    }
    const anonymous = await t.app.inject(`/newsroom/submissions/${id}`);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/newsroom/login?next=${encodeURIComponent(`/newsroom/submissions/${id}`)}`);
    expect((await t.app.inject(`/newsroom/submissions/${id}/images/1`)).statusCode).toBe(303);
    expect((await new NewsroomVisitor(t).post(`/newsroom/submissions/${id}/spam`, {})).statusCode).toBe(401);
    expect((await editor.get('/newsroom/')).body).toContain('href="/newsroom/submissions"');
    expect((await detail(editor, id)).body).not.toContain('偷看');
  });

  it('refuses a post without the form token and changes nothing', async () => {
    const { id } = await submit();
    await detail(editor, id);
    const res = await editor.post(`/newsroom/submissions/${id}/spam`, {}, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect((await detail(editor, id)).body).toContain('已收件');
  });
});

describe('the queue', () => {
  it('lists code, title, pen name, status, 字數, age, due date and assignee, with counts per status', async () => {
    const { id, code } = await submit({ title: '佇列裡的一篇', penName: '排隊的人' });
    const page = await editor.get('/newsroom/submissions');
    expect(page.statusCode).toBe(200);
    const row = new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*${code}[\\s\\S]*?</tr>`).exec(page.body)?.[0] ?? '';
    expect(row).toContain(`href="/newsroom/submissions/${id}"`);
    expect(row).toContain('佇列裡的一篇');
    expect(row).toContain('排隊的人');
    expect(row).toContain('已收件');
    expect(row).toContain(`>${charCount(form().body).toLocaleString('zh-Hant-TW')}<`);
    expect(row).toContain('0 分鐘前');
    expect(row).toMatch(/2026年12月0\d日/); // three business days after 2026-11-27
    expect(row).toContain('未指派');
    expect(row).not.toContain('逾期');
    expect(page.body).toMatch(/已收件<\/a><strong>\d+<\/strong>/);
    // The private contact never reaches the list.
    expect(page.body).not.toContain('陳真名');
    expect(page.body).not.toContain('writer@example.org');
  });

  it('filters by status, assignee, overdue and text, and pages', async () => {
    const late = await submitDaysAgo(10, { title: '十天前寄來的稿' });
    const fresh = await submit({ title: '剛寄來的稿' });
    const overdue = await editor.get('/newsroom/submissions?overdue=1');
    expect(overdue.body).toContain(late.code);
    expect(overdue.body).not.toContain(fresh.code);
    expect(overdue.body).toContain('nr-sub-overdue');
    expect(overdue.body).toContain('逾期');
    // The overview's line counts what waits and what is late.
    const overview = await editor.get('/newsroom/');
    expect(overview.body).toMatch(/篇等待回覆/);
    expect(overview.body).toMatch(/href="\/newsroom\/submissions\?overdue=1">\s*[1-9]\d* 篇逾期/);

    await detail(editor, fresh.id);
    expect((await editor.post(`/newsroom/submissions/${fresh.id}/assign`, { assignee: String(editorId) })).statusCode).toBe(303);
    const mine = await editor.get('/newsroom/submissions?who=mine');
    expect(mine.body).toContain(fresh.code);
    expect(mine.body).not.toContain(late.code);
    const unassigned = await editor.get('/newsroom/submissions?who=unassigned');
    expect(unassigned.body).toContain(late.code);
    expect(unassigned.body).not.toContain(fresh.code);

    const search = await editor.get(`/newsroom/submissions?q=${encodeURIComponent('十天前')}`);
    expect(search.body).toContain(late.code);
    expect(search.body).not.toContain(fresh.code);
    expect((await editor.get(`/newsroom/submissions?q=${encodeURIComponent(late.code)}`)).body).toContain('十天前寄來的稿');

    await detail(editor, late.id);
    await editor.post(`/newsroom/submissions/${late.id}/spam`, {});
    expect((await editor.get('/newsroom/submissions')).body).not.toContain(late.code);
    expect((await editor.get('/newsroom/submissions?status=spam')).body).toContain(late.code);
    expect((await editor.get('/newsroom/submissions?status=all')).body).toContain(late.code);
    expect((await editor.get('/newsroom/submissions?status=declined')).body).not.toContain(late.code);

    for (let i = 0; i < 31; i++) await submit({ title: `分頁測試第${i + 1}篇` });
    const first = await editor.get(`/newsroom/submissions?q=${encodeURIComponent('分頁測試')}`);
    expect(first.body.match(/分頁測試第\d+篇/g)).toHaveLength(30);
    const next = /href="([^"]*page=2[^"]*)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const second = await editor.get(next!);
    expect(second.body.match(/分頁測試第\d+篇/g)).toEqual(['分頁測試第31篇']);
    expect(second.body).toContain('上一頁');
  });
});

describe('one submission', () => {
  it('shows the piece as sent, its pictures through the newsroom, the byline preview, the private contact and the declarations', async () => {
    const { id, code } = await submit({}, [{ bytes: await photo(), originalName: 'market.jpg', caption: '市場裡的攤商', credit: '作者提供', rights: 'own' }]);
    const page = await detail(editor, id);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(code);
    expect(page.body).toContain('地方預算應該全面公開');
    expect(page.body).toContain('公開預算不是施捨');
    expect(page.body).toContain('第20段：台灣的公共政策');
    expect(page.body).toContain('●山中人／中學教師、地方史研究者');
    for (const s of ['陳真名', 'writer@example.org', '0912-345-678', '臺北市中正區重慶南路一段 122 號', '中學教師']) expect(page.body).toContain(s);
    expect(page.body).toContain('不公開');
    expect(page.body).toContain('同意第 2026-12-01 版');
    expect(page.body).toContain('市場裡的攤商');
    expect(page.body).toContain('作者提供');
    expect(page.body).toContain('本人拍攝或製作');
    const src = /<img src="(\/newsroom\/submissions\/\d+\/images\/\d+)"/.exec(page.body)?.[1];
    expect(src).toBeDefined();
    const image = await editor.get(src!);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['cache-control']).toBe('no-store');
    expect((await copyEditor.get(src!)).statusCode).toBe(403);
    expect((await editor.get(`/newsroom/submissions/${id}/images/999999`)).statusCode).toBe(404);
    expect((await editor.get('/newsroom/submissions/999999')).statusCode).toBe(404);
    // Buttons follow the status: a new piece can be screened, reviewed, revised, accepted, declined, spammed.
    for (const action of ['move', 'revision', 'accept', 'decline', 'spam', 'message', 'note', 'assign']) expect(page.body).toContain(`action="/newsroom/submissions/${id}/${action}"`);
    expect(page.body).toContain('開始初審');
  });

  it('assigns to a colleague who handles submissions, and refuses anyone else without changing anything', async () => {
    const { id, code } = await submit();
    await detail(editor, id);
    const bad = await editor.post(`/newsroom/submissions/${id}/assign`, { assignee: String(copyEditorId) });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('請從清單中選擇負責人');
    expect(logRows(await detail(editor, id))).not.toContain('指派給');
    const ok = await editor.post(`/newsroom/submissions/${id}/assign`, { assignee: String(chiefId) });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/newsroom/submissions/${id}?done=assigned`);
    const page = await editor.get(ok.headers.location!);
    expect(page.body).toContain('已指派。');
    expect(logRows(page)).toContain('指派給 王總編');
    expect((await chief.get('/newsroom/submissions?who=mine')).body).toContain(code);
    await editor.post(`/newsroom/submissions/${id}/assign`, { assignee: '' });
    expect(logRows(await detail(editor, id))).toContain('取消指派');
  });

  it('keeps internal notes and messages to the writer in the log; an empty one is refused beside its field', async () => {
    const { id } = await submit();
    await detail(editor, id);
    const empty = await editor.post(`/newsroom/submissions/${id}/note`, { note: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('請填寫備註');
    expect(empty.body).toContain('id="error-note"');
    expect((await editor.post(`/newsroom/submissions/${id}/note`, { note: '第三段的數字要查證' })).statusCode).toBe(303);
    const emptyMessage = await editor.post(`/newsroom/submissions/${id}/message`, { message: '' });
    expect(emptyMessage.statusCode).toBe(422);
    expect(emptyMessage.body).toContain('請填寫給作者的訊息');
    expect((await editor.post(`/newsroom/submissions/${id}/message`, { message: '請問第三段的數字出處？' })).statusCode).toBe(303);
    const log = logRows(await detail(editor, id));
    expect(log).toContain('內部備註');
    expect(log).toContain('第三段的數字要查證');
    expect(log).toContain('給作者的訊息');
    expect(log).toContain('請問第三段的數字出處？');
    expect(log).toContain('林編輯');
    expect(log.match(/第三段的數字要查證/g)).toHaveLength(1);
  });

  it('moves through screening and review, and refuses a step the status no longer allows with a message', async () => {
    const { id } = await submit();
    await detail(editor, id);
    expect((await editor.post(`/newsroom/submissions/${id}/move`, { to: 'screening' })).statusCode).toBe(303);
    let page = await detail(editor, id);
    expect(page.body).toContain('初審中');
    expect(page.body).not.toContain('開始初審');
    expect((await editor.post(`/newsroom/submissions/${id}/move`, { to: 'in_review' })).statusCode).toBe(303);
    page = await detail(editor, id);
    expect(page.body).not.toContain(`action="/newsroom/submissions/${id}/move"`);
    const again = await editor.post(`/newsroom/submissions/${id}/move`, { to: 'screening' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('這份投稿目前的狀態不能這樣變更');
    expect((await detail(editor, id)).body).toContain('審稿中');
  });

  it('asks for a revision (a message is required), then compares the writer’s versions side by side', async () => {
    const { id, token } = await submit();
    await detail(editor, id);
    const empty = await editor.post(`/newsroom/submissions/${id}/revision`, { revision: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('請填寫請作者修改的地方');
    expect((await detail(editor, id)).body).toContain('已收件');
    expect((await editor.post(`/newsroom/submissions/${id}/revision`, { revision: '請補上預算數字的來源。' })).statusCode).toBe(303);
    let page = await detail(editor, id);
    expect(page.body).toContain('請作者修改');
    expect(logRows(page)).toContain('請補上預算數字的來源。');
    expect(page.body).not.toContain(`action="/newsroom/submissions/${id}/revision"`);
    const twice = await editor.post(`/newsroom/submissions/${id}/revision`, { revision: '再改一次' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('正在等作者修改');

    await reviseSubmission(sdeps, token, revisionFormSchema(limits).parse({ title: '地方預算應該全面公開（修訂）', lead: '', body: paragraphs('臺灣的公共預算'), note: '補上來源' }), 'keep');
    page = await detail(editor, id);
    expect(page.body).toContain('審稿中');
    expect(page.body).toContain('作者的修改說明：補上來源');
    expect(page.body).toContain('class="nr-diff"');
    expect(page.body).toContain('<ins>（修訂）</ins>');
    expect(page.body).toMatch(/<del>台<\/del>/);
    expect(page.body).toMatch(/<ins>臺<\/ins>/);
    const pinned = await editor.get(`/newsroom/submissions/${id}?from=2&to=1`);
    expect(pinned.body).toMatch(/<del>（修訂）<\/del>/);
  });

  it('accepts into a draft whose editor shows the pen-name byline, the bio line and the figures with captions and credits', async () => {
    const { id } = await submit({ penName: '海風', bioLine: '漁村工作者' }, [
      { bytes: await photo(1), originalName: 'harbour.jpg', caption: '清晨的漁港', credit: '海風提供', rights: 'own' },
      { bytes: await photo(2), originalName: 'boat.jpg', caption: '等待出海的船', credit: 'Wikimedia Commons／CC BY 4.0', rights: 'free' },
    ]);
    await detail(editor, id);
    const res = await editor.post(`/newsroom/submissions/${id}/accept`, {});
    expect(res.statusCode).toBe(303);
    const articleId = Number(/^\/newsroom\/articles\/(\d+)$/.exec(res.headers.location ?? '')?.[1]);
    expect(articleId).toBeGreaterThan(0);
    const editorPage = await editor.get(`/newsroom/articles/${articleId}`);
    expect(editorPage.statusCode).toBe(200);
    expect(editorPage.body).toContain('海風／漁村工作者');
    expect(editorPage.body).toMatch(/▲〔圖\d+〕清晨的漁港（圖／海風提供）/);
    expect(editorPage.body).toMatch(/▲〔圖\d+〕等待出海的船（圖／Wikimedia Commons／CC BY 4.0）/);
    expect(editorPage.body).toContain('地方預算應該全面公開');
    expect(editorPage.body).toContain('草稿');
    const page = await detail(editor, id);
    expect(page.body).toContain('已採用');
    expect(page.body).toContain(`href="/newsroom/articles/${articleId}"`);
    expect(page.body).not.toContain(`action="/newsroom/submissions/${id}/accept"`);
    expect(page.body).not.toContain(`action="/newsroom/submissions/${id}/decline"`);
    // The submission stays as sent.
    expect(page.body).toContain('第20段：台灣的公共政策');
    const again = await editor.post(`/newsroom/submissions/${id}/accept`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('這份投稿已有結果');
  });

  it('declines with a reason from a template (filled without JavaScript) and says the writer is told', async () => {
    const templates = [{ label: '不符投稿須知', text: '本文不符投稿須知。' }];
    expect((await saveEditorialSettings({ ...t.deps, config: t.config }, { submissionDeclineTemplates: templates, submissionTellDeclined: true }, { userId: null, ip: null })).ok).toBe(true);
    const { id } = await submit();
    const page = await detail(editor, id);
    expect(page.body).toContain('data-decline-template');
    expect(page.body).toContain('data-text="本文不符投稿須知。"');
    expect(page.body).toContain('作者會收到 e-mail');
    const noTemplate = await editor.post(`/newsroom/submissions/${id}/decline`, { use: 'template', template: '', reason: '' });
    expect(noTemplate.statusCode).toBe(422);
    expect(noTemplate.body).toContain('請先選擇一個範本');
    const filled = await editor.post(`/newsroom/submissions/${id}/decline`, { use: 'template', template: '0', reason: '' });
    expect(filled.statusCode).toBe(200);
    expect(filled.body).toMatch(/name="reason"[^>]*>本文不符投稿須知。<\/textarea>/);
    expect(filled.body).toContain('已收件'); // nothing decided yet
    const empty = await editor.post(`/newsroom/submissions/${id}/decline`, { template: '0', reason: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('請填寫不採用的理由');
    const res = await editor.post(`/newsroom/submissions/${id}/decline`, { template: '0', reason: '本文不符投稿須知。' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/newsroom/submissions/${id}?done=declined_told`);
    const after = await editor.get(res.headers.location!);
    expect(after.body).toContain('已不採用，並寄信通知作者。');
    expect(after.body).toContain('未採用');
    expect(logRows(after)).toContain('寄出 e-mail');
    expect(logRows(after)).toContain('投稿審閱結果');
    const accept = await editor.post(`/newsroom/submissions/${id}/accept`, {});
    expect(accept.statusCode).toBe(409);
    expect(accept.body).toContain('這份投稿已有結果或正在等作者修改');

    // With the setting off, the desk is told the writer will not hear, and the writer is not e-mailed.
    expect((await saveEditorialSettings({ ...t.deps, config: t.config }, { submissionTellDeclined: false }, { userId: null, ip: null })).ok).toBe(true);
    const quiet = (await submit()).id;
    expect((await detail(editor, quiet)).body).toContain('依編輯設定，不會通知作者；理由只留在紀錄中。');
    const declined = await editor.post(`/newsroom/submissions/${quiet}/decline`, { reason: '論點未能聚焦。' });
    expect(declined.statusCode).toBe(303);
    expect(logRows(await editor.get(`/newsroom/submissions/${quiet}`))).not.toContain('投稿審閱結果');
    expect((await saveEditorialSettings({ ...t.deps, config: t.config }, { submissionTellDeclined: true }, { userId: null, ip: null })).ok).toBe(true);
  });

  it('marks spam without telling the writer; nothing is left to decide', async () => {
    const { id } = await submit();
    const mailsBefore = logRows(await detail(editor, id)).match(/寄出 e-mail/g)?.length ?? 0;
    const res = await editor.post(`/newsroom/submissions/${id}/spam`, {});
    expect(res.headers.location).toBe(`/newsroom/submissions/${id}?done=spam`);
    const page = await detail(editor, id);
    expect(page.body).toContain('垃圾投稿');
    expect(logRows(page).match(/寄出 e-mail/g)?.length ?? 0).toBe(mailsBefore);
    for (const action of ['accept', 'decline', 'spam', 'revision', 'message']) expect(page.body).not.toContain(`action="/newsroom/submissions/${id}/${action}"`);
    const again = await editor.post(`/newsroom/submissions/${id}/spam`, {});
    expect(again.statusCode).toBe(409);
  });
});

describe('writers’ text is text', () => {
  const payload = (n: string) => `<script>alert(${n})</script>"><img src=x onerror=alert(${n})>`;

  it('escapes XSS in every writer field on the queue and the detail page, the diff, the overlaps and the log', async () => {
    const { id, token } = await submit(
      {
        realName: payload('1').slice(0, 40),
        penName: '<b onclick=x>筆名',
        address: payload('2'),
        occupation: payload('3'),
        bioLine: payload('4'),
        title: payload('5'),
        lead: payload('6'),
        body: `${payload('7')}\n\n${paragraphs('公共政策')}`,
        conflicts: payload('8'),
      },
      [{ bytes: await photo(3), originalName: '"><svg onload=alert(9)>.jpg', caption: payload('10'), credit: payload('11').slice(0, 60), rights: 'own' }],
    );
    await detail(editor, id);
    await editor.post(`/newsroom/submissions/${id}/revision`, { revision: payload('12') });
    await replyFromWriter(sdeps, token, payload('13'));
    await reviseSubmission(sdeps, token, revisionFormSchema(limits).parse({ title: payload('14'), lead: payload('15'), body: `${payload('16')}\n\n${paragraphs('公共預算')}`, note: payload('17') }), 'keep');
    await editor.post(`/newsroom/submissions/${id}/note`, { note: payload('18') });
    // An overlap finding quoting the writer's text (the overlap check is another module; its result is stored).
    await t.db.kysely
      .updateTable('submissions')
      .set({ overlaps: JSON.stringify([{ kind: 'article', id: 4242, share: 0.62, passages: [{ ours: payload('19'), theirs: payload('20') }] }]) })
      .where('id', '=', id)
      .execute();

    const pages = [await editor.get('/newsroom/submissions'), await editor.get(`/newsroom/submissions?q=${encodeURIComponent('<script>')}`), await detail(editor, id), await editor.get(`/newsroom/submissions/${id}?from=1&to=2`)];
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toMatch(/<script>alert/);
      expect(page.body).not.toMatch(/<img src=x/);
      expect(page.body).not.toMatch(/<svg/);
      expect(page.body).not.toContain('<b onclick=x>');
    }
    const queue = pages[1]!.body;
    expect(queue).toContain('&lt;script>alert(14)&lt;/script>');
    expect(queue).toContain('&lt;b onclick=x>筆名');
    expect(queue).toContain('重複 62%');
    const page = pages[2]!.body;
    for (const n of ['1', '2', '3', '4', '8', '10', '12', '13', '15', '16', '17', '18', '19', '20']) expect(page, `payload ${n}`).toContain(`&lt;script>alert(${n})&lt;/script>`);
    expect(page).toContain('&quot;>&lt;svg onload=alert(9)>.jpg');
    expect(page).toContain('●&lt;b onclick=x>筆名／');
    // The diff splits the text into pieces; none of them can become markup.
    expect(page).toContain('class="nr-diff"');
    expect(page).toContain('href="/article/4242"');
    expect(page).toContain('href="/newsroom/articles/4242"');
  });
});

describe('in English', () => {
  it('shows the queue, the submission and refusals in English after the language switch', async () => {
    const { v } = await staffVisitor(t, 'editor', 'Lin');
    await inEnglish(v);
    const { id } = await submit({ title: '英文介面測試' });
    const queue = await v.get('/newsroom/submissions');
    expect(queue.body).toContain('<html lang="en"');
    for (const s of ['Submissions', 'Answer by', 'Pen name', 'Received', 'Undecided', 'Overdue only']) expect(queue.body).toContain(s);
    expect(queue.body).not.toContain('回覆期限');
    const page = await detail(v, id);
    for (const s of ['Review and decide', 'History', "The writer's contact details", 'Private', 'Accept: create a draft', 'Use template', 'Per the editorial settings, the writer is e-mailed']) expect(page.body).toContain(s);
    expect(page.body).not.toContain('審稿與決定');
    const empty = await v.post(`/newsroom/submissions/${id}/note`, { note: '' });
    expect(empty.body).toContain('Enter a note');
    await v.post(`/newsroom/submissions/${id}/spam`, {});
    const refused = await v.post(`/newsroom/submissions/${id}/accept`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('The submission is decided or awaiting the writer');
    expect((await v.get('/newsroom/')).body).toMatch(/waiting for an answer/);
  });
});

describe('after the retention period', () => {
  it('shows that the personal data was deleted, and when', async () => {
    const { id } = await submit({ realName: '將被刪除的名字' });
    await detail(editor, id);
    await editor.post(`/newsroom/submissions/${id}/decline`, { reason: '本文不符投稿須知。' });
    const later = new Date(Date.parse(TEST_NOW) + 100 * 86_400_000).toISOString();
    await purgeExpiredPersonalData({ ...sdeps, clock: fixedClock(later) });
    const page = await detail(editor, id);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('將被刪除的名字');
    expect(page.body).not.toContain('writer@example.org');
    expect(page.body).toContain('投稿者的個人資料已於 2027年03月07日');
    expect(page.body).toContain('依保存期限刪除');
    expect(page.body).not.toContain(`action="/newsroom/submissions/${id}/message"`);
  });
});
