import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/index.js';
import { periodicJobs } from '../../src/app/jobs.js';
import { JobRunner } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { CHROMIUM_PATH, launchChromium, signInChiefEditor } from '../support/browser.js';
import { startSmtpServer } from '../support/smtp.js';
import { opEdBody, photoBytes, WRITER } from '../support/submissions.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/**
 * 我要投稿 in a real Chromium, from both sides: a writer with no account sends a piece with a picture, the desk
 * asks for a revision, the writer revises on the private tracking page, the desk compares the versions, accepts,
 * edits and publishes, and readers see the pen-name byline and the picture — never the writer's private details.
 * Every e-mail goes through a real SMTP server started here. The server runs in this process on 127.0.0.1 with
 * the test app's fixed clock (the form's minimum fill time is a step of that clock, not a wait) and its own job
 * runner of the real periodic jobs, so mail is sent and the published notice goes out as on a live server.
 */

let t: TestApp;
let browser: Browser;
let base: string;
let shotsDir: string;
let jobs: JobRunner;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const chiefs = new Map<string, { email: string; password: string }>();
const JOB_INTERVAL_MS = 100;
const SITE_NAME = '雲論測試站';

/** A port free now, so BASE_URL (and with it every tracking link in the mail) points at this very server. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (see README)`);
  }
  smtp = await startSmtpServer();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await buildTestApp({
    BASE_URL: base,
    SITE_NAME,
    SMTP_URL: smtp.url,
    SCHEDULER_INTERVAL_MS: String(JOB_INTERVAL_MS),
    MAIL_INTERVAL_MS: String(JOB_INTERVAL_MS),
  });
  for (const [key, name] of [['journey', '張總編'], ['xss', '黃總編']] as const) {
    const email = `${key}@example.tw`;
    chiefs.set(key, { email, password: (await createUser(t.deps, { email, displayName: name, role: 'chief_editor' })).password });
  }
  await t.app.listen({ port, host: '127.0.0.1' });
  shotsDir = mkdtempSync(join(tmpdir(), 'opdesk-contribute-e2e-'));
  browser = await launchChromium();
  // The jobs `opdesk serve` starts once listening (src/app/server.ts), on this app's database and clock.
  jobs = new JobRunner({ db: t.db, clock: t.clock, log: createLogger({ level: 'silent' }) });
  for (const job of periodicJobs({ config: t.config, db: t.db, clock: t.clock, log: createLogger({ level: 'silent' }), changes: t.changes })) jobs.add(job);
  jobs.start();
});
afterAll(async () => {
  await jobs?.stop();
  await browser?.close();
  await t?.close();
  await smtp?.close();
  if (shotsDir) rmSync(shotsDir, { recursive: true, force: true });
});

/** Watches a page for script errors; neither the site's nor the newsroom's scripts may throw. */
function watch(page: Page): string[] {
  const errors: string[] = [];
  // With the page and the resource, so a failure says where it happened.
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()} (${m.location().url})`);
  });
  return errors;
}

async function shot(page: Page, name: string): Promise<void> {
  const file = join(shotsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  // A copy that outlives the run, to look at afterwards.
  copyFileSync(file, join(tmpdir(), `contribute-e2e-${name}.png`));
}

async function signIn(key: string): Promise<BrowserContext> {
  const chief = chiefs.get(key);
  if (!chief) throw new Error(`no user ${key}`);
  return signInChiefEditor(browser, base, t.clock, chief);
}

/** A fresh browser for the writer: no newsroom cookie, nothing shared with the desk. */
async function writerPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-TW' });
  const page = await context.newPage();
  return { context, page, errors: watch(page) };
}

/** Presses a form's submit button and waits for the page the server answers with (after its redirect). */
async function send(page: Page, button: string, to: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(to, { waitUntil: 'load' }), page.locator(button).click()]);
}

interface ContributeForm {
  realName: string;
  email: string;
  phone: string;
  address: string;
  occupation: string;
  penName: string;
  bioLine: string;
  title: string;
  lead: string;
  body: string;
  conflicts: string;
  image: { caption: string; credit: string; rights: 'own' | 'licensed' | 'free' };
}

/** Everything but the pen name, the bio line and the body, which the journey types and watches. */
async function fillRest(page: Page, f: ContributeForm): Promise<void> {
  await page.fill('#field-realName', f.realName);
  await page.fill('#field-email', f.email);
  await page.fill('#field-phone', f.phone);
  await page.fill('#field-address', f.address);
  await page.fill('#field-occupation', f.occupation);
  await page.fill('#field-title', f.title);
  await page.fill('#field-lead', f.lead);
  await page.fill('#field-conflicts', f.conflicts);
  await page.setInputFiles('#field-image1', { name: 'protest.jpg', mimeType: 'image/jpeg', buffer: photoBytes() });
  await page.fill('#field-image1Caption', f.image.caption);
  await page.fill('#field-image1Credit', f.image.credit);
  await page.selectOption('#field-image1Rights', f.image.rights);
  for (const box of ['declareOriginal', 'declareExclusive', 'declareLicence', 'consent']) await page.check(`#field-${box}`);
}

/** Sends the form once the writer has taken longer than the minimum fill time (on the server's clock) and returns the tracking URL. */
async function sendContribution(page: Page): Promise<string> {
  t.clock.advance(t.config.contribute.minFillMs + 60_000);
  await send(page, 'form[data-contribute-form] button[type="submit"]', /\/contribute\/track\/[^/?]+\?sent=1$/);
  const url = new URL(page.url());
  return `${url.origin}${url.pathname}`;
}

/** The desk's queue row for a code, opened. */
async function openFromQueue(page: Page, code: string): Promise<number> {
  await page.goto(`${base}/newsroom/submissions`);
  const link = page.locator('table.nr-sub-queue a', { hasText: code });
  await Promise.all([page.waitForURL(/\/newsroom\/submissions\/\d+$/), link.click()]);
  return Number(/\/newsroom\/submissions\/(\d+)$/.exec(page.url())?.[1]);
}

async function transition(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForURL(/\?moved=/), page.locator(`button[name="transition"][value="${name}"]`).click()]);
}

/** 字數 as the form counts it: characters that are not whitespace. */
const countChars = (text: string) => [...text.replace(/\s+/gu, '')].length;
const thousands = (n: number) => n.toLocaleString('en-US');

describe('我要投稿 journey: send with a picture, revise on request, accepted, edited, published', () => {
  it('takes a writer and an editor through it in the browser, and the writer hears of every step by e-mail', async () => {
    const started = performance.now();
    const form: ContributeForm = {
      ...WRITER,
      title: '媒體自律的下一步',
      lead: '自律組織成立一年，讀者看見了什麼？',
      body: opEdBody(11),
      conflicts: '無',
      image: { caption: '立法院前的集會', credit: '林思', rights: 'own' },
    };
    const bodyChars = countChars(form.body);
    expect(bodyChars).toBeGreaterThanOrEqual(800);
    expect(bodyChars).toBeLessThanOrEqual(3000);

    // —— 1. The writer fills in the form ——
    const writer = await writerPage();
    const w = writer.page;
    expect((await w.goto(`${base}/contribute`))?.status()).toBe(200);
    await expect(w.locator('h1').textContent()).resolves.toBe('我要投稿');
    const preview = w.locator('#byline-preview');
    const counter = w.locator('#body-count');
    await expect(counter.textContent()).resolves.toBe('字數：0（須 800–3,000 字）');

    // The byline preview follows each keystroke of the pen name and the bio line.
    await w.locator('#field-penName').pressSequentially(form.penName);
    await expect(preview.textContent()).resolves.toBe(`●${form.penName}／簡介`);
    await w.locator('#field-bioLine').pressSequentially(form.bioLine);
    await expect(preview.textContent()).resolves.toBe(`●${form.penName}／${form.bioLine}`);

    // The counter counts as the writer types, says how far to go, then settles on the whole pasted piece.
    const opening = '媒體自律不是口號。';
    await w.locator('#field-body').pressSequentially(opening);
    await expect(counter.textContent()).resolves.toBe(`字數：${countChars(opening)}（須 800–3,000 字），還差 ${800 - countChars(opening)} 字`);
    await expect(counter.getAttribute('class')).resolves.toContain('counter--under');
    await w.fill('#field-body', form.body);
    await expect(counter.textContent()).resolves.toBe(`字數：${thousands(bodyChars)}（須 800–3,000 字）`);
    await expect(counter.getAttribute('class')).resolves.toContain('counter--ok');

    await fillRest(w, form);
    const trackingUrl = await sendContribution(w);
    const code = ((await w.locator('.tracking-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^S-2026-\d{6}$/);
    await expect(w.locator('.tracking__facts .status').textContent()).resolves.toBe('已收件');
    await expect(w.locator('.tracking-link a').getAttribute('href')).resolves.toBe(trackingUrl);
    await expect(w.locator('.submitted .byline-preview').textContent()).resolves.toBe(`●${form.penName}／${form.bioLine}`);
    // The picture as sent, loaded through the private page.
    const sentImg = w.locator('.submitted figure img');
    await expect.poll(() => sentImg.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth), { timeout: 5000 }).toBeGreaterThan(0);
    await expect(w.locator('.submitted figcaption').textContent()).resolves.toBe(`▲${form.image.caption}（圖／${form.image.credit}）`);
    await shot(w, '1-tracking-sent');

    // —— 2. The chief editor finds it in the queue and asks for a revision ——
    const desk = await signIn('journey');
    const d = await desk.newPage();
    const deskErrors = watch(d);
    const submissionId = await openFromQueue(d, code);
    await expect(d.locator('h1').textContent()).resolves.toBe(form.title);
    await expect(d.locator('.nr-byline-preview').textContent()).resolves.toBe(`●${form.penName}／${form.bioLine}`);
    await expect(d.locator('.nr-sub-images img').evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).resolves.toBeGreaterThan(0);
    await shot(d, '2-desk-received');
    const ask = '第三段的論點很好，但請補上資料來源，並把結尾收短一些。';
    await d.fill('#field-revision', ask);
    await send(d, `form[action="/newsroom/submissions/${submissionId}/revision"] button[type="submit"]`, /\?done=revision$/);
    await expect(d.locator('.nr-crumbs .nr-state').textContent()).resolves.toBe('請作者修改');

    // —— 3. The writer opens the tracking link, reads the request and sends a revised text ——
    await w.goto(trackingUrl);
    await expect(w.locator('.tracking__facts .status').textContent()).resolves.toBe('請作者修改');
    await expect(w.locator('.thread').innerText()).resolves.toContain(ask);
    const added = '根據國家通訊傳播委員會二〇二五年的統計，申訴案件較前一年增加了三成。';
    const revisedBody = form.body.replace('第3段：', `第3段：${added}`);
    const revise = w.locator('#revise');
    // The form starts from the text as sent.
    await expect(revise.locator('textarea[name="body"]').inputValue()).resolves.toContain(form.body.split('\n')[0]);
    await revise.locator('textarea[name="body"]').fill(revisedBody);
    await expect(w.locator('#revision-count').textContent()).resolves.toBe(`字數：${thousands(countChars(revisedBody))}（須 800–3,000 字）`);
    await revise.locator('textarea[name="note"]').fill('第三段補上 NCC 的統計。');
    await send(w, '#revise button[type="submit"]', /\?done=revised$/);
    await expect(w.locator('.tracking__facts').innerText()).resolves.toContain('第 2 版');
    await expect(w.locator('.submitted__body').innerText()).resolves.toContain(added);

    // —— 4. The editor compares the versions, accepts, edits the draft and publishes it ——
    await d.goto(`${base}/newsroom/submissions/${submissionId}`);
    expect(await d.locator('.nr-versions li').count()).toBe(2);
    await expect(d.locator('.nr-version-note').textContent()).resolves.toContain('第三段補上 NCC 的統計。');
    await expect(d.locator('#diff .nr-diff ins').allTextContents()).resolves.toEqual([added]);
    await expect(d.locator('#diff .nr-diff del').count()).resolves.toBe(0);
    await shot(d, '3-desk-versions');
    await Promise.all([d.waitForURL(/\/newsroom\/articles\/\d+$/), d.locator(`form[action="/newsroom/submissions/${submissionId}/accept"] button[type="submit"]`).click()]);
    const articleId = Number(/\/newsroom\/articles\/(\d+)$/.exec(d.url())?.[1]);
    expect(articleId).toBeGreaterThan(0);
    await expect(d.locator('input[name="title"]').inputValue()).resolves.toBe(form.title);
    await expect(d.locator('textarea[name="bylines"]').inputValue()).resolves.toContain(`${form.penName}／${form.bioLine}`);
    const editorBody = await d.locator('textarea[name="body"]').inputValue();
    expect(editorBody).toMatch(new RegExp(`▲〔圖\\d+〕${form.image.caption}（圖／${form.image.credit}）`));
    expect(editorBody).toContain(added);
    const editedTitle = '媒體自律的下一步：讀者要看見更正';
    await d.fill('input[name="title"]', editedTitle);
    const [saved] = await Promise.all([d.waitForNavigation(), d.locator('form[data-editor] button[type="submit"]').click()]);
    if (!/\/newsroom\/articles\/\d+\?saved=1$/.test(d.url())) throw new Error(`save refused (${saved?.status()}): ${await d.locator('.form-errors').allTextContents()}`);
    await transition(d, 'publish');
    await expect(d.locator('.nr-state').first().textContent()).resolves.toBe('已發布');

    // —— 5. Readers see the pen-name byline and the picture, and nothing private ——
    const reader = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-TW' });
    const r = await reader.newPage();
    const readerErrors = watch(r);
    const res = await r.goto(`${base}/article/${articleId}`);
    expect(res?.status()).toBe(200);
    await expect(r.locator('h1').first().textContent()).resolves.toBe(editedTitle);
    await expect(r.locator('.byline__entry').first().innerText()).resolves.toBe(`●${form.penName}／${form.bioLine}`);
    const figure = r.locator('.article__body figure').first();
    const img = figure.locator('img');
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth), { timeout: 5000 }).toBeGreaterThan(0);
    const caption = (await figure.locator('figcaption').innerText()).replace(/\s+/g, '');
    expect(caption).toContain(form.image.caption);
    expect(caption).toContain(`（圖／${form.image.credit}）`);
    await expect(r.locator('.article__body').innerText()).resolves.toContain(added);
    const html = await r.content();
    for (const secret of [WRITER.realName, WRITER.email, WRITER.phone, WRITER.address]) expect(html, `the public page shows ${secret}`).not.toContain(secret);
    await shot(r, '4-article-published');

    // The tracking page links to the piece once it is out.
    await w.goto(trackingUrl);
    await expect(w.locator(`.tracking__facts a[href="/article/${articleId}"]`).count()).resolves.toBe(1);

    // —— 6. The writer received every e-mail, each with the tracking link ——
    const prefix = `【${SITE_NAME}投稿 ${code}】`;
    const expected = [
      `${prefix}已收到您的投稿〈${form.title}〉 / We received your piece`,
      `${prefix}請修改後再送 / Please revise your piece`,
      `${prefix}已收到修改稿（第 2 版） / Revision received (version 2)`,
      `${prefix}您的投稿已獲採用 / Your piece has been accepted`,
      `${prefix}您的文章已刊出 / Your piece is published`,
    ];
    // The submissions job notices the publication, then the mail job sends it: rounds of the running server.
    await expect.poll(() => smtp.arrived.filter((m) => m.to.includes(WRITER.email)).length, { timeout: 10_000, interval: 50 }).toBe(expected.length);
    const mails = smtp.arrived.filter((m) => m.to.includes(WRITER.email));
    expect(mails.map((m) => m.parsed.subject)).toEqual(expected);
    for (const mail of mails) {
      expect(mail.text, mail.parsed.subject).toContain(trackingUrl);
      for (const secret of [WRITER.realName, WRITER.phone, WRITER.address]) expect(mail.text).not.toContain(secret);
    }
    expect(mails[1]?.text).toContain(ask);
    expect(mails[4]?.text).toContain(`${base}/article/${articleId}`);
    // The link in the mail opens the writer's page.
    const linkInMail = new RegExp(`${base.replace(/[.]/g, '\\.')}/contribute/track/[A-Za-z0-9_-]+`).exec(mails[0]?.text ?? '')?.[0];
    expect(linkInMail).toBe(trackingUrl);

    expect(writer.errors.join('\n')).toBe('');
    expect(deskErrors.join('\n')).toBe('');
    expect(readerErrors.join('\n')).toBe('');
    await writer.context.close();
    await desk.close();
    await reader.close();
    console.log(`contribute journey: ${Math.round(performance.now() - started)} ms, screenshots in ${tmpdir()}/contribute-e2e-*.png`);
  });
});

describe('我要投稿: text that looks like script stays text, from the form to the published page', () => {
  const SCRIPT = '<script>window.__xss=1</script>';
  const IMG = '<img src=x onerror="window.__xss=1">';
  const SVG = '"><svg onload=window.__xss=1>';
  const JS = 'javascript:window.__xss=1';
  const ALL = `${SCRIPT} ${IMG} ${SVG} ${JS}`;
  // Each field within its limit: a pen name may not hold a slash (the byline is 筆名／簡介) and has 20 characters.
  const PEN = '<svg onload=__xss=1>';
  const fields = {
    realName: SCRIPT,
    email: 'xss.writer@example.net',
    phone: '02-2311-3456',
    address: ALL,
    occupation: IMG,
    penName: PEN,
    bioLine: IMG,
    title: `${SCRIPT}${SVG}`,
    lead: `導言 ${ALL}`,
    body: [`開頭 ${SCRIPT}`, `第二行 ${IMG}`, `第三行 ${SVG}`, `第四行 ${JS}`, opEdBody(11, '資訊安全')].join('\n\n'),
    conflicts: `利益 ${ALL}`,
    image: { caption: `圖說 ${IMG} ${SVG}`, credit: `${JS} ${SVG}`, rights: 'own' as const },
  };
  const replyText = `回覆 ${ALL}`;
  const deskText = `編輯部 ${ALL}`;

  async function noScriptRan(page: Page): Promise<void> {
    for (const f of page.frames()) {
      expect(await f.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `script ran in ${f.url()}`).toBeUndefined();
    }
    // Nothing the writer typed became an element or a link.
    expect(await page.locator('img[src="x"], svg[onload], a[href^="javascript:"], [onerror], [onload]').count(), `markup from the writer on ${page.url()}`).toBe(0);
    const inline = await page.locator('script:not([src])').evaluateAll((els) => els.map((e) => ({ type: e.getAttribute('type') ?? '', text: e.textContent ?? '' })));
    for (const script of inline) {
      if (script.type === 'application/ld+json') {
        // Structured data carries the title and byline as data: whole JSON, with no "<" to end the element early.
        expect(script.text).not.toContain('<');
        expect(() => JSON.parse(script.text) as unknown).not.toThrow();
      } else {
        expect(script.text).not.toContain('__xss');
      }
    }
  }

  async function showsAsText(page: Page, texts: readonly string[]): Promise<void> {
    const shown = await page.locator('body').innerText();
    for (const s of texts) expect(shown, `${new URL(page.url()).pathname} shows ${s} as text`).toContain(s);
  }

  it('on the tracking page, in the desk and on the public article, no script runs', async () => {
    const writer = await writerPage();
    const w = writer.page;
    await w.goto(`${base}/contribute`);
    await w.fill('#field-penName', fields.penName);
    await w.fill('#field-bioLine', fields.bioLine);
    // The live preview writes text, not markup.
    await expect(w.locator('#byline-preview').textContent()).resolves.toBe(`●${PEN}／${IMG}`);
    await w.fill('#field-body', fields.body);
    await fillRest(w, fields);
    await noScriptRan(w);
    const trackingUrl = await sendContribution(w);
    const code = ((await w.locator('.tracking-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^S-2026-\d{6}$/);

    // The writer answers on the tracking page.
    await w.fill('textarea[name="message"]', replyText);
    await send(w, 'form[action$="/reply"] button[type="submit"]', /\?done=reply/);

    const desk = await signIn('xss');
    const d = await desk.newPage();
    const deskErrors = watch(d);
    const submissionId = await openFromQueue(d, code);
    await d.fill('form[action$="/message"] textarea[name="message"]', deskText);
    await send(d, `form[action="/newsroom/submissions/${submissionId}/message"] button[type="submit"]`, /\?done=message$/);
    await expect(d.locator('h1').textContent()).resolves.toBe(fields.title);
    await showsAsText(d, [fields.title, fields.lead, `開頭 ${SCRIPT}`, `第二行 ${IMG}`, `第三行 ${SVG}`, `第四行 ${JS}`, `●${PEN}／${IMG}`, fields.image.caption, fields.image.credit, fields.conflicts, replyText, deskText, fields.address]);
    await noScriptRan(d);
    await shot(d, '5-xss-desk');

    await w.goto(trackingUrl);
    await expect(w.locator('h1').textContent()).resolves.toBe(fields.title);
    await showsAsText(w, [fields.title, fields.lead, `開頭 ${SCRIPT}`, `第四行 ${JS}`, `●${PEN}／${IMG}`, `▲${fields.image.caption}（圖／${fields.image.credit}）`, replyText, deskText]);
    await noScriptRan(w);
    await shot(w, '6-xss-tracking');

    await Promise.all([d.waitForURL(/\/newsroom\/articles\/\d+$/), d.locator(`form[action="/newsroom/submissions/${submissionId}/accept"] button[type="submit"]`).click()]);
    const articleId = Number(/\/newsroom\/articles\/(\d+)$/.exec(d.url())?.[1]);
    await expect(d.locator('input[name="title"]').inputValue()).resolves.toBe(fields.title);
    await noScriptRan(d);
    await transition(d, 'publish');
    await noScriptRan(d);

    for (const path of [`/article/${articleId}`, `/m/article/${articleId}`]) {
      const reader = await browser.newContext({ locale: 'zh-TW' });
      const r = await reader.newPage();
      expect((await r.goto(base + path))?.status()).toBe(200);
      await expect(r.locator('h1').first().textContent()).resolves.toBe(fields.title);
      await expect(r.locator('.byline__entry').first().innerText()).resolves.toBe(`●${PEN}／${IMG}`);
      await showsAsText(r, [`開頭 ${SCRIPT}`, `第二行 ${IMG}`, `第三行 ${SVG}`, `第四行 ${JS}`, ALL, fields.image.caption, `（圖／${fields.image.credit}）`]);
      await noScriptRan(r);
      if (path.startsWith('/article/')) await shot(r, '7-xss-article');
      await reader.close();
    }
    expect(writer.errors.join('\n')).toBe('');
    expect(deskErrors.join('\n')).toBe('');
    await writer.context.close();
    await desk.close();
  });
});
