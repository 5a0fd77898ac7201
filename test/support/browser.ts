import { Secret, TOTP } from 'otpauth';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { expect } from 'vitest';
import type { Clock } from '../../src/platform/time.js';

const MY_PASSWORD = '一句只有我知道的密碼 2026!';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with a fresh profile (Playwright makes a new temporary --user-data-dir for
 * every launch) and without the background networking that this
 * closed network would refuse. Never `npx playwright install`: that downloads a browser of its own.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return browser;
}

/**
 * The chief editor's first day, through the screens: sign in with the one-time password, choose a new one,
 * set up two-step verification with a code from an authenticator (otpauth, at the server's clock).
 */
export async function signInChiefEditor(browser: Browser, base: string, clock: Clock, chief: { email: string; password: string }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-TW' });
  const page = await context.newPage();
  await page.goto(`${base}/newsroom/login`);
  await page.fill('input[name="email"]', chief.email);
  await page.fill('input[name="password"]', chief.password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type="submit"]').click()]);
  await page.goto(`${base}/newsroom/password`);
  await page.fill('input[name="current"]', chief.password);
  await page.fill('input[name="next"]', MY_PASSWORD);
  await page.fill('input[name="confirm"]', MY_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/newsroom/password'), page.locator('main form button[type="submit"]').click()]);
  await page.goto(`${base}/newsroom/two-step`);
  const secret = ((await page.locator('.nr-secret').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const app = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  await page.fill('input[name="code"]', app.generate({ timestamp: clock.now().getTime() }));
  await Promise.all([page.waitForURL((u) => u.pathname !== '/newsroom/two-step'), page.locator('main form button[type="submit"]').click()]);
  // Signed in for real: the article list opens instead of the sign-in page.
  const list = await page.goto(`${base}/newsroom/articles`);
  expect(list?.status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe('/newsroom/articles');
  await page.close();
  return context;
}
