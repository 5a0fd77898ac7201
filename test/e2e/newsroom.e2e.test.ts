import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Frame, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/index.js';
import { periodicJobs } from '../../src/app/jobs.js';
import { JobRunner } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { formatTaipeiDateTime, toTaipeiIso } from '../../src/platform/time.js';
import { CHROMIUM_PATH, launchChromium, signInChiefEditor } from '../support/browser.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/**
 * The newsroom's editor in a real Chromium: Chinese typed through the browser's input-method interface, one
 * whole journey from sign-in to a scheduled piece going out, and script-looking text that must stay text.
 * The server runs in this process on 127.0.0.1 with the test app's fixed clock and the server's own job runner
 * (the publish-scheduled job, every 200 ms): "a couple of minutes later" is a step of that clock, after which the
 * scheduler publishes on its own, with no wait of minutes and no direct call.
 */

let t: TestApp;
let browser: Browser;
let base: string;
let shotsDir: string;
const chiefs = new Map<string, { email: string; password: string }>();
let jpeg: Buffer;
let jobs: JobRunner;
const publishedByScheduler: number[][] = [];
const SCHEDULER_INTERVAL_MS = 200;

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (see README)`);
  }
  t = await buildTestApp({ SCHEDULER_INTERVAL_MS: String(SCHEDULER_INTERVAL_MS) });
  // One chief editor per test, so the journey signs in from scratch however the tests are ordered or filtered.
  for (const [key, name] of [['ime', '林總編'], ['journey', '張總編'], ['xss', '黃總編']] as const) {
    const email = `${key}@example.tw`;
    chiefs.set(key, { email, password: (await createUser(t.deps, { email, displayName: name, role: 'chief_editor' })).password });
  }
  // The figure the journey uploads through the media library's screen.
  jpeg = await sharp({ create: { width: 960, height: 540, channels: 3, background: { r: 40, g: 110, b: 170 } } })
    .composite([{ input: Buffer.from('<svg width="960" height="540"><rect x="80" y="80" width="800" height="380" fill="#f5c542"/></svg>'), top: 0, left: 0 }])
    .jpeg({ quality: 80 })
    .toBuffer();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  shotsDir = mkdtempSync(join(tmpdir(), 'opdesk-newsroom-e2e-'));
  browser = await launchChromium();
  // The jobs `opdesk serve` starts once listening (src/app/server.ts), on this app's database and clock.
  jobs = new JobRunner({ db: t.db, clock: t.clock, log: createLogger({ level: 'silent' }) });
  for (const job of periodicJobs({ config: t.config, db: t.db, clock: t.clock, log: createLogger({ level: 'silent' }), changes: t.changes })) jobs.add(job);
  jobs.onOutcome((o) => {
    if (o.job === 'publish-scheduled' && Array.isArray(o.result) && o.result.length > 0) publishedByScheduler.push(o.result as number[]);
  });
  jobs.start();
});
afterAll(async () => {
  await jobs?.stop();
  await browser?.close();
  await t?.close();
  if (shotsDir) rmSync(shotsDir, { recursive: true, force: true });
});

/** Watches a page for script errors; the newsroom's own scripts must never throw. */
function watch(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

async function signIn(key: string): Promise<BrowserContext> {
  const chief = chiefs.get(key);
  if (!chief) throw new Error(`no user ${key}`);
  return signInChiefEditor(browser, base, t.clock, chief);
}

/** Submits the editor form and returns the article id it landed on. */
async function saveEditor(page: Page): Promise<number> {
  const [res] = await Promise.all([page.waitForNavigation(), page.locator('form[data-editor] button[type="submit"]').click()]);
  // A refused save comes back 422 with the messages: show them rather than a bare timeout.
  if (!/\/newsroom\/articles\/\d+\?saved=1$/.test(page.url())) {
    throw new Error(`save refused (${res?.status()}): ${await page.locator('.form-errors').allTextContents()}`);
  }
  return Number(/\/newsroom\/articles\/(\d+)/.exec(page.url())?.[1]);
}

async function transition(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForURL(/\?moved=/), page.locator(`button[name="transition"][value="${name}"]`).click()]);
}

/** The characters Chromium's IME interface produces: pre-edit strings, then a commit. */
class Ime {
  constructor(private readonly cdp: CDPSession) {}
  async compose(text: string): Promise<void> {
    const n = text.length;
    await this.cdp.send('Input.imeSetComposition', { text, selectionStart: n, selectionEnd: n });
  }
  async commit(text: string): Promise<void> {
    await this.cdp.send('Input.insertText', { text });
  }
  /** Cancelling (Esc in most IMEs) empties the pre-edit text; nothing reaches the field. */
  async cancel(): Promise<void> {
    await this.cdp.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 });
  }
  /** One character: each pre-edit step of its 注音, then the character. */
  async char(steps: readonly string[], result: string): Promise<void> {
    for (const s of steps) await this.compose(s);
    await this.commit(result);
  }
}

// 台灣的民主，需要每一個人。— each syllable as 注音 keys build it up (tone mark last; the first tone has none).
const SENTENCE: Array<[string[], string]> = [
  [['ㄊ', 'ㄊㄞ', 'ㄊㄞˊ'], '台'],
  [['ㄨ', 'ㄨㄢ'], '灣'],
  [['ㄉ', 'ㄉㄜ', 'ㄉㄜ˙'], '的'],
  [['ㄇ', 'ㄇㄧ', 'ㄇㄧㄣ', 'ㄇㄧㄣˊ'], '民'],
  [['ㄓ', 'ㄓㄨ', 'ㄓㄨˇ'], '主'],
  [[], '，'],
  [['ㄒ', 'ㄒㄩ'], '需'],
  [['ㄧ', 'ㄧㄠ', 'ㄧㄠˋ'], '要'],
  [['ㄇ', 'ㄇㄟ', 'ㄇㄟˇ'], '每'],
  [['ㄧ'], '一'],
  [['ㄍ', 'ㄍㄜ', 'ㄍㄜˋ'], '個'],
  [['ㄖ', 'ㄖㄣ', 'ㄖㄣˊ'], '人'],
  [[], '。'],
];

/** 字數 as the editor counts it: code points without whitespace and without the sign lines (▲ ● ▼). */
function charCount(text: string): number {
  const lines = text.split('\n').filter((l) => !/^\s*[●▲▼]/.test(l));
  return [...lines.join('').replace(/\s+/gu, '')].length;
}

const nonEmptyLines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

describe('newsroom editor: Chinese composed through the input method', () => {
  it('keeps every composed character exactly once, counts it live, and shows the same text in the preview and on the page', async () => {
    const context = await signIn('ime');
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${base}/newsroom/articles/new`);
    await page.fill('input[name="title"]', '注音輸入測試');
    await page.fill('textarea[name="bylines"]', '王小明／本報記者');
    const counts = page.locator('[data-counts]');
    await expect(counts.textContent()).resolves.toBe('字數 0・閱讀約 1 分鐘');

    // Count the composition events the page sees: proof that the text below went through the IME path.
    await page.evaluate(() => {
      const w = window as unknown as { __ime: { start: number; end: number } };
      w.__ime = { start: 0, end: 0 };
      const ta = document.querySelector('textarea[name="body"]');
      ta?.addEventListener('compositionstart', () => w.__ime.start++);
      ta?.addEventListener('compositionend', () => w.__ime.end++);
    });
    const cdp = await context.newCDPSession(page);
    const ime = new Ime(cdp);
    const body = page.locator('textarea[name="body"]');
    await body.focus();
    let expected = '';

    // The sentence, one character at a time.
    for (const [steps, ch] of SENTENCE) {
      await ime.char(steps, ch);
      expected += ch;
    }
    expect(await body.inputValue()).toBe(expected);
    await expect(counts.textContent()).resolves.toBe(`字數 ${charCount(expected)}・閱讀約 1 分鐘`);

    // A new paragraph with Enter, then a phrase held in the pre-edit buffer as 新注音 does, committed at once.
    await page.keyboard.press('Enter');
    expected += '\n';
    for (const s of ['ㄒ', 'ㄒㄩ', '需', '需ㄧ', '需ㄧㄠˋ', '需要', '需要ㄊ', '需要ㄊㄡˊ', '需要投', '需要投ㄆ', '需要投ㄆㄧㄠˋ', '需要投票']) await ime.compose(s);
    // Mid-composition the field holds the pre-edit text, as the writer sees it.
    expect(await body.inputValue()).toBe(`${expected}需要投票`);
    await ime.commit('需要投票');
    expected += '需要投票';

    // A composition cancelled half way leaves nothing behind.
    for (const s of ['ㄇ', 'ㄇㄚ', 'ㄇㄚˇ']) await ime.compose(s);
    expect(await body.inputValue()).toBe(`${expected}ㄇㄚˇ`);
    await ime.cancel();
    expect(await body.inputValue()).toBe(expected);

    // A candidate replaced before the commit: the IME proposed 大, the writer picked 達.
    for (const s of ['ㄉ', 'ㄉㄚ', 'ㄉㄚˊ', '大']) await ime.compose(s);
    await ime.compose('達');
    await ime.commit('達');
    expected += '達';
    await ime.commit('，');
    expected += '，';

    // Plain keys between compositions: digits and Latin letters straight from the keyboard.
    await page.keyboard.type('2026 年 AI');
    expected += '2026 年 AI';
    await ime.char(['ㄓ', 'ㄓˋ'], '治');
    await ime.char(['ㄌ', 'ㄌㄧ', 'ㄌㄧˇ'], '理');
    await ime.commit('。');
    expected += '治理。';
    await page.keyboard.press('Enter');
    expected += '\n';
    for (const s of ['ㄅ', 'ㄅㄠ', 'ㄅㄠˇ', '保', '保ㄏ', '保ㄏㄨˋ', '保護', '保護ㄧ', '保護ㄧㄢˊ', '保護言', '保護言ㄌ', '保護言ㄌㄨㄣˋ', '保護言論']) await ime.compose(s);
    await ime.commit('保護言論');
    await ime.commit('自由」');
    expected += '保護言論自由」';
    // Backspace over the stray 」 a real writer would have deleted too.
    await page.keyboard.press('Backspace');
    expected = expected.slice(0, -1);
    await ime.commit('。');
    expected += '。';

    expect(await body.inputValue()).toBe(expected);
    await expect(counts.textContent()).resolves.toBe(`字數 ${charCount(expected)}・閱讀約 1 分鐘`);
    const events = await page.evaluate(() => (window as unknown as { __ime: { start: number; end: number } }).__ime);
    // 11 characters of the sentence, 需要投票, the cancelled 媽, 達, 治, 理, 保護言論: each one composition, each ended.
    expect(events.start).toBe(17);
    expect(events.end).toBe(events.start);
    await cdp.detach();

    const id = await saveEditor(page);
    const savedText = await page.locator('textarea[name="body"]').inputValue();
    // The editor shows paragraphs one per line (a blank line may separate them); the characters are exactly these.
    expect(nonEmptyLines(savedText)).toEqual(nonEmptyLines(expected));
    expect(savedText.replace(/\s/g, '')).toBe(expected.replace(/\s/g, ''));
    await expect(page.locator('[data-counts]').textContent()).resolves.toBe(`字數 ${charCount(expected)}・閱讀約 1 分鐘`);

    const preview = await context.newPage();
    await preview.goto(`${base}/newsroom/articles/${id}/preview/page`);
    const previewParas = await preview.locator('.article__body > p').allTextContents();
    expect(previewParas).toEqual(nonEmptyLines(expected));
    await preview.close();

    await transition(page, 'publish');
    const reader = await context.newPage();
    const res = await reader.goto(`${base}/article/${id}`);
    expect(res?.status()).toBe(200);
    expect(await reader.locator('.article__body > p').allTextContents()).toEqual(nonEmptyLines(expected));
    await reader.close();
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('newsroom journey: write, add a figure, preview on desktop and phone, schedule, out at the set time', () => {
  it('goes from sign-in to the piece on the site, 手機版, the API and search', async () => {
    const started = performance.now();
    const context = await signIn('journey');
    const signedInAt = performance.now();
    const page = await context.newPage();
    const errors = watch(page);

    // The figure: uploaded on the media library's screen, its number read from the result.
    await page.goto(`${base}/newsroom/media/upload`);
    await page.setInputFiles('#field-files', { name: 'parliament.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await Promise.all([page.waitForLoadState('load'), page.waitForURL(`${base}/newsroom/media/upload`), page.locator('main form[enctype] button[type="submit"]').click()]);
    const storedLink = page.locator('.nr-upload-stored a[href^="/newsroom/media/"]').last();
    const imageId = Number(/\/newsroom\/media\/(\d+)$/.exec((await storedLink.getAttribute('href')) ?? '')?.[1]);
    expect(imageId).toBeGreaterThan(0);

    await page.goto(`${base}/newsroom/articles/new`);
    const title = '選舉公報該怎麼讀：給首投族的五個問題';
    await page.fill('input[name="title"]', title);
    await page.fill('textarea[name="lead"]', '公報不是廣告，而是候選人對選民的書面承諾。');
    await page.fill('textarea[name="bylines"]', '陳怡君／政治學者');
    await page.fill(
      'textarea[name="body"]',
      [
        '每到選前，家家戶戶都會收到一本選舉公報。',
        `▲〔圖${imageId}〕立法院議場（圖／本報資料照）`,
        '第一個問題：候選人的政見能不能檢驗？',
      ].join('\n'),
    );
    await page.fill('input[name="tags"]', '選舉、公民教育');
    const id = await saveEditor(page);
    await expect(page.locator('textarea[name="body"]').inputValue()).resolves.toContain(`▲〔圖${imageId}〕立法院議場（圖／本報資料照）`);

    // Preview: both frames draw the title and the figure (its image actually loaded).
    for (const [width, name] of [
      [1440, 'desktop'],
      [390, 'phone'],
    ] as const) {
      const preview = await context.newPage();
      const previewErrors = watch(preview);
      await preview.setViewportSize({ width, height: 1100 });
      await preview.goto(`${base}/newsroom/articles/${id}/preview`, { waitUntil: 'load' });
      const frames = [preview.frameLocator('iframe.nr-preview__desktop'), preview.frameLocator('iframe.nr-preview__phone')];
      for (const f of frames) {
        await expect(f.locator('h1').first().textContent()).resolves.toBe(title);
        const img = f.locator('.article__body figure img').first();
        await img.scrollIntoViewIfNeeded();
        await expect
          .poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth), { timeout: 5000 })
          .toBeGreaterThan(0);
        await expect(f.locator('.article__body figure figcaption').first().textContent()).resolves.toContain('立法院議場');
      }
      const file = join(shotsDir, `journey-preview-${name}.png`);
      await preview.screenshot({ path: file, fullPage: true });
      copyFileSync(file, `/tmp/journey-preview-${name}.png`);
      const overflow = await preview.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `preview at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
      expect(previewErrors).toEqual([]);
      await preview.close();
    }
    const editorShot = join(shotsDir, 'journey-editor-desktop.png');
    await page.screenshot({ path: editorShot, fullPage: true });
    copyFileSync(editorShot, '/tmp/journey-editor-desktop.png');
    await page.setViewportSize({ width: 390, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'editor at 390 px scrolls sideways').toBeLessThanOrEqual(0);
    const phoneShot = join(shotsDir, 'journey-editor-phone.png');
    await page.screenshot({ path: phoneShot, fullPage: true });
    copyFileSync(phoneShot, '/tmp/journey-editor-phone.png');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Schedule two minutes ahead of the server's clock, in Taipei time as the field asks.
    const due = new Date(t.clock.now().getTime() + 2 * 60_000);
    due.setUTCSeconds(0, 0);
    due.setUTCMinutes(due.getUTCMinutes() + 1);
    await page.fill('input[name="at"]', toTaipeiIso(due.toISOString()).slice(0, 16));
    await transition(page, 'schedule');
    await expect(page.locator('.nr-state').first().textContent()).resolves.toBe('已排程');

    // Before the time: the scheduler runs (several rounds) and readers find nothing anywhere.
    const reader = await context.newPage();
    await new Promise((r) => setTimeout(r, SCHEDULER_INTERVAL_MS * 4));
    expect(publishedByScheduler.flat()).not.toContain(id);
    expect((await reader.goto(`${base}/article/${id}`))?.status()).toBe(404);
    expect((await reader.goto(`${base}/api/v1/articles/${id}`))?.status()).toBe(404);

    // The time comes: the server's job runner publishes it on its next round, exactly once.
    const scheduledAt = performance.now();
    t.clock.set(new Date(due.getTime() + 1000).toISOString());
    await expect.poll(() => publishedByScheduler.flat().includes(id), { timeout: 10_000, interval: 50 }).toBe(true);
    const outAfter = performance.now() - scheduledAt;
    await new Promise((r) => setTimeout(r, SCHEDULER_INTERVAL_MS * 3));
    expect(publishedByScheduler.flat().filter((x) => x === id)).toEqual([id]);

    const site = await reader.goto(`${base}/article/${id}`);
    expect(site?.status()).toBe(200);
    await expect(reader.locator('h1').first().textContent()).resolves.toBe(title);
    expect(await reader.locator('.article__body figure img').count()).toBe(1);
    // Readers see the time the desk set, not the moment the scheduler happened to run.
    expect(await reader.locator('.article__header').first().textContent()).toContain(formatTaipeiDateTime(due.toISOString()));

    const mobile = await reader.goto(`${base}/m/article/${id}`);
    expect(mobile?.status()).toBe(200);
    await expect(reader.locator('h1').first().textContent()).resolves.toBe(title);

    const api = await reader.goto(`${base}/api/v1/articles/${id}`);
    expect(api?.status()).toBe(200);
    const json = (await api?.json()) as { data: { id: number; title: string; publishedAt: string } };
    expect(json.data.id).toBe(id);
    expect(json.data.title).toBe(title);
    expect(Date.parse(json.data.publishedAt)).toBe(due.getTime());

    const search = await reader.goto(`${base}/search?q=${encodeURIComponent('選舉公報')}`);
    expect(search?.status()).toBe(200);
    expect(await reader.locator(`a[href="/article/${id}"]`).count()).toBeGreaterThan(0);
    await reader.close();
    expect(errors).toEqual([]);
    await page.close();
    const finished = performance.now();
    console.log(
      `newsroom journey: sign-in ${Math.round(signedInAt - started)} ms, upload → out ${Math.round(finished - signedInAt)} ms, total ${Math.round(finished - started)} ms; published ${Math.round(outAfter)} ms after its time came (scheduler every ${SCHEDULER_INTERVAL_MS} ms)`,
    );
  });
});

describe('newsroom: text that looks like script stays text', () => {
  const IMG = '<img src=x onerror=window.__xss=1>';
  const SCRIPT = '<script>window.__xss=2</script>';
  const TAG_IMG = '<img src=x onerror=__xss=3>';
  const TAG_SVG = '<svg onload=__xss=4>';

  async function noScriptRan(page: Page): Promise<void> {
    const frames: Frame[] = page.frames();
    for (const f of frames) {
      expect(await f.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `script ran in ${f.url()}`).toBeUndefined();
    }
  }

  it('in the editor, the preview and the published page', async () => {
    const context = await signIn('xss');
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${base}/newsroom/articles/new`);
    await page.fill('input[name="title"]', `標題 ${IMG}`);
    await page.fill('textarea[name="lead"]', `導言 ${SCRIPT}`);
    await page.fill('textarea[name="bylines"]', `${IMG}／${SCRIPT}`);
    await page.fill('textarea[name="body"]', [`第一段 ${IMG}。`, `第二段 ${SCRIPT}。`].join('\n'));
    // Tags are at most 30 characters and may not hold a slash: the same attacks, shorter.
    await page.fill('input[name="tags"]', `${TAG_IMG}、${TAG_SVG}`);
    const id = await saveEditor(page);
    await noScriptRan(page);
    await expect(page.locator('input[name="title"]').inputValue()).resolves.toBe(`標題 ${IMG}`);
    await expect(page.locator('textarea[name="body"]').inputValue()).resolves.toContain(SCRIPT);
    await expect(page.locator('input[name="tags"]').inputValue()).resolves.toBe(`${TAG_IMG}、${TAG_SVG}`);

    const preview = await context.newPage();
    await preview.goto(`${base}/newsroom/articles/${id}/preview`, { waitUntil: 'load' });
    for (const cls of ['nr-preview__desktop', 'nr-preview__phone']) {
      const f = preview.frameLocator(`iframe.${cls}`);
      await expect(f.locator('h1').first().textContent()).resolves.toBe(`標題 ${IMG}`);
      await expect(f.locator('body').textContent()).resolves.toContain(`第二段 ${SCRIPT}。`);
    }
    await noScriptRan(preview);
    await preview.close();

    await transition(page, 'publish');
    await noScriptRan(page);
    for (const path of [`/article/${id}`, `/m/article/${id}`]) {
      const reader = await context.newPage();
      expect((await reader.goto(base + path))?.status()).toBe(200);
      await expect(reader.locator('h1').first().textContent()).resolves.toBe(`標題 ${IMG}`);
      const text = (await reader.locator('body').innerText()) ?? '';
      for (const s of [`第一段 ${IMG}。`, `第二段 ${SCRIPT}。`, `導言 ${SCRIPT}`, IMG, TAG_IMG]) expect(text, `${path} shows ${s} as text`).toContain(s);
      expect(await reader.locator('img[src="x"], script:not([src]):has-text("__xss")').count()).toBe(0);
      await noScriptRan(reader);
      await reader.close();
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
