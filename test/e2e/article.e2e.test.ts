import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPage } from '../../src/modules/importer/index.js';
import { CHROMIUM_PATH, launchChromium } from '../support/browser.js';
import { seedText } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let browser: Browser;
let base: string;
let seedId: number;

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (see README)`);
  }
  t = await buildTestApp();
  seedId = (await importPage(t.deps, seedText(), { tags: ['川普'] })).id;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(path: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const res = await page.goto(base + path, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  await page.evaluate(() => document.fonts.ready);
  expect(errors, `console errors on ${path}`).toEqual([]);
  return page;
}

/**
 * Without a CJK font Chromium draws every Chinese character as the same empty box (tofu). Draw two different
 * characters with the page's own font and compare the pixels: real glyphs differ, tofu boxes do not.
 */
async function rendersChinese(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const family = getComputedStyle(document.body).fontFamily;
    const draw = (ch: string) => {
      const canvas = document.createElement('canvas');
      canvas.width = 48;
      canvas.height = 48;
      const ctx = canvas.getContext('2d');
      if (!ctx) return '';
      ctx.font = `32px ${family}`;
      ctx.fillText(ch, 4, 36);
      return Array.from(ctx.getImageData(0, 0, 48, 48).data).join(',');
    };
    const a = draw('川');
    const b = draw('普');
    const inked = a.split(',').some((v) => v !== '0');
    return inked && a !== b;
  });
}

describe.each([
  ['desktop', 1440, (id: number) => `/article/${id}`],
  ['phone, desktop page', 390, (id: number) => `/article/${id}`],
  ['phone, 手機版', 390, (id: number) => `/m/article/${id}`],
])('article page: %s', (_label, width, pathOf) => {
  it('fits the viewport, draws Chinese glyphs and has the share links', async () => {
    const page = await open(pathOf(seedId), width);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await rendersChinese(page)).toBe(true);
    await expect(page.locator('h1').textContent()).resolves.toBe('川普與高市早苗　美日同盟新棋局中的合作與互動');
    const line = await page.locator('a.share__btn--line').first().getAttribute('href');
    const fb = await page.locator('a.share__btn--fb').first().getAttribute('href');
    expect(line).toBe(`https://social-plugins.line.me/lineit/share?url=${encodeURIComponent(`https://opinion.example.tw/article/${seedId}?from=line`)}`);
    expect(fb).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(`https://opinion.example.tw/article/${seedId}?from=fb`)}`);
    expect(await page.locator('a.share__btn--copy').count()).toBeGreaterThan(0);
    const fontSize = await page.locator('.article__body > p').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(17);
    await page.close();
  });
});

describe('share and navigation in the browser', () => {
  it('copies the article link with the copy button', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    await page.goto(`${base}/article/${seedId}`);
    await page.locator('a.share__btn--copy').first().click();
    // The label changes once the clipboard write resolves, a moment after the click: wait for it (5 s at most).
    await page.waitForFunction(() => document.querySelector('a.share__btn--copy')?.textContent === '已複製', undefined, { timeout: 5000 }).catch(() => undefined);
    await expect(page.locator('a.share__btn--copy').first().textContent()).resolves.toBe('已複製');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`https://opinion.example.tw/article/${seedId}`);
    await context.close();
  });

  it('switches to 手機版 and back to 電腦版', async () => {
    const page = await open(`/article/${seedId}`, 1440);
    await page.getByRole('link', { name: '手機版' }).first().click();
    expect(new URL(page.url()).pathname).toBe(`/m/article/${seedId}`);
    await page.getByRole('link', { name: '電腦版' }).first().click();
    expect(new URL(page.url()).pathname).toBe(`/article/${seedId}`);
    await page.close();
  });

  it('home lists the article and leads to it', async () => {
    const page = await open('/', 390);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: '川普與高市早苗　美日同盟新棋局中的合作與互動' }).click();
    expect(new URL(page.url()).pathname).toBe(`/article/${seedId}`);
    await page.close();
  });
});
