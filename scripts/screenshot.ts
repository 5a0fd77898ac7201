/**
 * Takes full-page screenshots with Debian's Chromium, for looking at pages as readers see them:
 *   npx tsx scripts/screenshot.ts http://localhost:3000/article/3100001 out.png 390
 */
import { launchChromium } from '../test/support/browser.js';

const [url, out = 'screenshot.png', width = '1440'] = process.argv.slice(2);
if (!url) {
  process.stderr.write('usage: tsx scripts/screenshot.ts URL [OUT.png] [WIDTH]\n');
  process.exit(2);
}
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 900 }, deviceScaleFactor: 1 });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.screenshot({ path: out, fullPage: true });
  process.stdout.write(`${out}\n`);
} finally {
  await browser.close();
}
