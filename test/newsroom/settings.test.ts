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
let DEFAULT_TERMS: string;

const form = (over: Record<string, string> = {}) => ({
  disclaimer: '本文僅代表作者觀點。',
  readingCharsPerMinute: '450',
  editorsMaySchedule: 'on',
  submissionGuidelines: '請附真實姓名與聯絡方式。',
  linkLabel0: 'App',
  linkUrl0: 'https://app.example.tw/',
  linkLabel1: '投稿須知',
  linkUrl1: '/contribute',
  submissionMinChars: '800',
  submissionMaxChars: '3000',
  submissionMaxImages: '3',
  submissionAnswerDays: '3',
  submissionTellDeclined: 'on',
  submissionRetentionDays: '90',
  submissionTermsVersion: '2026-12-01',
  submissionTerms: DEFAULT_TERMS,
  declineLabel0: '題材近期已有刊出',
  declineText0: '感謝您的投稿。本站近期已刊出相近題材的評論。',
  extraHolidays: '',
  ...over,
});

beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000', APP_URL: 'https://old-app.example.tw/' });
  const seeded = await importSeed(t);
  if (seeded.status !== 'created') throw new Error('seed');
  articleId = seeded.id;
  chief = await signedInAs(t, 'chief_editor', '王總編');
  DEFAULT_TERMS = (await getEditorialSettings({ ...t.deps, config: t.config })).submissionTerms;
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
      [{ submissionMinChars: 'many' }, 'submissionMinChars', '最少字數必須是 100 到 20000 之間的整數'],
      [{ submissionMinChars: '99' }, 'submissionMinChars', '最少字數必須是 100 到 20000 之間的整數'],
      [{ submissionMaxChars: '20001' }, 'submissionMaxChars', '最多字數必須是 100 到 20000 之間的整數'],
      [{ submissionMinChars: '3000' }, 'submissionMaxChars', '最多字數必須大於最少字數（3000）'],
      [{ submissionMaxImages: '11' }, 'submissionMaxImages', '圖片張數上限必須是 0 到 10 之間的整數'],
      [{ submissionMaxImages: '2.5' }, 'submissionMaxImages', '圖片張數上限必須是'],
      [{ submissionAnswerDays: '0' }, 'submissionAnswerDays', '回覆期限必須是 1 到 30 之間的整數（工作天）'],
      [{ submissionRetentionDays: '6' }, 'submissionRetentionDays', '保存天數必須是 7 到 3650 之間的整數'],
      [{ submissionTermsVersion: '' }, 'submissionTermsVersion', '請填寫條款版本'],
      [{ submissionTermsVersion: 'v1\nv2' }, 'submissionTermsVersion', '不可含控制字元或換行'],
      [{ submissionTerms: '  ' }, 'submissionTerms', '請填寫投稿條款'],
      [{ submissionTerms: '新條款：本站不保存個資。' }, 'submissionTermsVersion', '條款內容已修改，請一併更新條款版本'],
      [{ declineText0: '' }, 'declineText0', '請填寫回覆內容'],
      [{ declineLabel0: '' }, 'declineLabel0', '請填寫範本名稱'],
      [{ declineLabel3: '名'.repeat(21), declineText3: '內容' }, 'declineLabel3', '範本名稱最多 20 字'],
      [{ extraHolidays: '2026-09-28 颱風假\n2026-02-30 公司假' }, 'extraHolidays', '第 2 行「2026-02-30 公司假」：2026-02-30 不是存在的日期'],
      [{ extraHolidays: '\n9/28 颱風假' }, 'extraHolidays', '第 2 行「9/28 颱風假」：日期請寫成 YYYY-MM-DD'],
      [{ extraHolidays: '2026-09-28' }, 'extraHolidays', '第 1 行「2026-09-28」：請在日期後寫上名稱'],
      [{ extraHolidays: '2026-09-28 颱風假\n2026-09-28 又一天' }, 'extraHolidays', '第 2 行「2026-09-28 又一天」：2026-09-28 已在第 1 行列過'],
    ] as Array<[Record<string, string>, string, string]>) {
      const res = await chief.post('/newsroom/settings', form(fields));
      expect(res.statusCode, JSON.stringify(fields)).toBe(422);
      expect(new RegExp(`<p class="field__error" id="error-${field}">([^<]*)</p>`).exec(res.body)?.[1]).toContain(message);
      // What was typed stays in the form.
      const [name = '', typed = ''] = Object.entries(fields)[0] ?? [];
      if (typed && !/[<\n\u0000]/.test(typed)) expect(res.body).toContain(/^(extraHolidays|declineText\d|submissionTerms)$/.test(name) ? `>${typed}</textarea>` : `value="${typed}"`);
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
    const submissions = await en.post('/newsroom/settings', form({ submissionMinChars: '5000', extraHolidays: '2026-13-01 Typhoon', submissionTerms: 'Changed terms.' }));
    expect(submissions.statusCode).toBe(422);
    expect(submissions.body).toContain('The maximum length must be more than the minimum (5000)');
    expect(submissions.body).toContain('Line 1 “2026-13-01 Typhoon”: 2026-13-01 is not a real date');
    expect(submissions.body).toContain('<h2 id="submissions">Submissions</h2>');
    expect(submissions.body).toContain('Extra days off');
    const terms = await en.post('/newsroom/settings', form({ submissionTerms: 'Changed terms.' }));
    expect(terms.body).toContain('The terms changed: give them a new version');
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

  it('start 我要投稿 from sensible defaults, under the 投稿 heading', async () => {
    const fresh = await buildTestApp();
    try {
      const admin = await signedInAs(fresh, 'admin', '管理員');
      const page = (await admin.get('/newsroom/settings')).body;
      const heading = page.indexOf('<h2 id="submissions">投稿</h2>');
      expect(heading).toBeGreaterThan(0);
      for (const [name, value] of [
        ['submissionMinChars', '800'],
        ['submissionMaxChars', '3000'],
        ['submissionMaxImages', '3'],
        ['submissionAnswerDays', '3'],
        ['submissionRetentionDays', '90'],
        ['submissionTermsVersion', '2026-12-01'],
        ['declineLabel0', '題材近期已有刊出'],
        ['declineLabel1', '論點未能聚焦'],
        ['declineLabel2', '不符投稿須知'],
      ]) {
        const at = page.indexOf(`name="${name}" type="text" value="${value}"`);
        expect(at, name).toBeGreaterThan(heading);
      }
      expect(page).toMatch(/name="submissionTellDeclined" value="on" checked/);
      expect(page).toContain('個人資料保護法第八條');
      expect(page).toContain('非專屬方式授權本站於網站、App 及本站經營的社群平台');
      expect(page).toContain('name="extraHolidays"');
      const s = await getEditorialSettings({ ...fresh.deps, config: fresh.config });
      expect(s).toMatchObject({
        submissionMinChars: 800,
        submissionMaxChars: 3000,
        submissionMaxImages: 3,
        submissionAnswerDays: 3,
        submissionTellDeclined: true,
        submissionRetentionDays: 90,
        submissionTermsVersion: '2026-12-01',
        extraHolidays: [],
      });
      expect(s.submissionDeclineTemplates.length).toBeGreaterThanOrEqual(2);
      expect(s.submissionDeclineTemplates.length).toBeLessThanOrEqual(4);
      for (const word of ['蒐集目的', '個人資料類別', '利用期間', '利用地區', '利用對象及方式', '查詢或閱覽', '刪除', '著作權仍屬作者所有', '刪節']) {
        expect(s.submissionTerms, word).toContain(word);
      }
    } finally {
      await fresh.close();
    }
  });

  it('store the submission settings as typed values, the extra holidays sorted, and show them again', async () => {
    const terms = `${DEFAULT_TERMS}\n\n三、補充：稿件請勿附檔。`;
    const res = await chief.post(
      '/newsroom/settings',
      form({
        submissionMinChars: ' 600 ',
        submissionMaxChars: '2500',
        submissionMaxImages: '0',
        submissionAnswerDays: '5',
        submissionTellDeclined: '',
        submissionRetentionDays: '30',
        submissionTermsVersion: '2027-01-15',
        submissionTerms: terms.replace(/\n/g, '\r\n'),
        declineLabel0: '時效已過',
        declineText0: '感謝投稿。\r\n事件時效已過。',
        declineLabel1: '',
        declineText1: '',
        declineLabel2: '重複投稿',
        declineText2: '本文已在他處刊出。',
        extraHolidays: '2026-10-02  公司尾牙補休\r\n\r\n  2026-09-28 颱風假  \n',
      }),
    );
    expect(res.statusCode, res.body).toBe(303);
    const s = await getEditorialSettings(deps());
    expect(s).toMatchObject({
      submissionMinChars: 600,
      submissionMaxChars: 2500,
      submissionMaxImages: 0,
      submissionAnswerDays: 5,
      submissionTellDeclined: false,
      submissionRetentionDays: 30,
      submissionTermsVersion: '2027-01-15',
      submissionTerms: terms,
    });
    expect(s.submissionDeclineTemplates).toEqual([
      { label: '時效已過', text: '感謝投稿。\n事件時效已過。' },
      { label: '重複投稿', text: '本文已在他處刊出。' },
    ]);
    expect(s.extraHolidays).toEqual([
      { date: '2026-09-28', name: '颱風假' },
      { date: '2026-10-02', name: '公司尾牙補休' },
    ]);
    const page = (await chief.get('/newsroom/settings')).body;
    expect(page).toContain('>2026-09-28 颱風假\n2026-10-02 公司尾牙補休</textarea>');
    expect(page).toContain('name="submissionAnswerDays" type="text" value="5"');
    expect(page).not.toMatch(/name="submissionTellDeclined" value="on" checked/);
    expect(page).toContain('name="declineLabel1" type="text" value="重複投稿"');
    const entry = (await listAudit(t.deps, 5, null)).find((e) => e.action === 'settings.update');
    expect(Object.keys(entry?.details ?? {})).toEqual(
      expect.arrayContaining(['submissionMinChars', 'submissionAnswerDays', 'submissionTermsVersion', 'submissionTerms', 'submissionDeclineTemplates', 'extraHolidays']),
    );
    // Back to the shared form, for the tests after this one (a new text needs a new version there too).
    DEFAULT_TERMS = terms;
    expect((await chief.post('/newsroom/settings', form({ submissionTermsVersion: '2027-01-15' }))).statusCode).toBe(303);
  });

  it('keep the settings a caller leaves out, so older code cannot wipe newer ones', async () => {
    const before = await getEditorialSettings(deps());
    const r = await saveEditorialSettings({ db: t.db, clock: t.clock, config: t.config, changes: t.changes }, { submissionAnswerDays: 7 }, { userId: null, ip: null });
    expect(r).toEqual({ ok: true, changed: ['submissionAnswerDays'] });
    expect(await getEditorialSettings(deps())).toEqual({ ...before, submissionAnswerDays: 7 });
    const bad = await saveEditorialSettings({ db: t.db, clock: t.clock, config: t.config }, { extraHolidays: [{ date: '2026-02-29', name: '不存在' }] }, { userId: null, ip: null });
    expect(bad).toEqual({ ok: false, errors: { extraHolidays: '第 1 行「2026-02-29 不存在」：2026-02-29 不是存在的日期' } });
    expect((await getEditorialSettings(deps())).submissionAnswerDays).toBe(7);
    await saveEditorialSettings({ db: t.db, clock: t.clock, config: t.config, changes: t.changes }, { submissionAnswerDays: 3 }, { userId: null, ip: null });
  });
});
