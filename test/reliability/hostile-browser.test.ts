import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPage } from '../../src/modules/importer/index.js';
import { tagNameProblem } from '../../src/modules/taxonomy/index.js';
import { CHROMIUM_PATH, launchChromium } from '../support/browser.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const all = JSON.parse(readFileSync(join(import.meta.dirname, 'hostile-payloads.json'), 'utf8')) as { payloads: string[] };
const payloads = process.env.RELIABILITY_PAYLOADS ? all.payloads.slice(0, Number(process.env.RELIABILITY_PAYLOADS)) : all.payloads;

/** A page text with the payload in every element the importer recognises (docs/IMPORT.md). */
function pageText(i: number, p: string): string {
  // A title is at most 60 characters (R4); a longer payload would turn the line into a paragraph.
  const title = `標題${i}${p}`.length <= 60 ? `標題${i}${p}` : `標題${i}${p.slice(0, 50)}`;
  return [
    ` date 2026-03-${String((i % 28) + 1).padStart(2, '0')} ETtoday 新聞雲| ETtoday App| 雲論粉絲團| 我要投稿| 我要申訴| 手機版`,
    'facebook Line',
    title,
    '',
    `我們想讓你知道…導言${p}。`,
    '',
    `▲圖說${p}（圖／${p}）`,
    '',
    `●作者${i}${p}／簡介${p}`,
    '',
    `第一段${p}，內文。`,
    '',
    `小標${i}${p}`,
    '',
    `第二段${p}。`,
    '',
    p,
    '',
    `▼另一圖說${p}。（${p}／來源${p}）`,
    '',
  ].join('\n');
}

interface Loaded {
  article: number;
  author: number;
  tag: string | null;
  section: string;
}

let t: TestApp;
let browser: Browser;
let base: string;
const loaded: Loaded[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (see README)`);
  t = await buildTestApp();
  for (const [i, p] of payloads.entries()) {
    // Tags refuse slashes and control characters (tagNameProblem); a payload with one is put in a tag without them.
    const tagCandidate = `標籤${i}${p}`.slice(0, 30);
    const tag = tagNameProblem(tagCandidate) === null ? tagCandidate : `標籤${i}${p.replace(/[/\\?#\p{Cc}]/gu, '')}`.slice(0, 30);
    const section = `s${i}-${p}`;
    const outcome = await importPage(t.deps, Buffer.from(pageText(i, p), 'utf8'), { tags: [tag], sectionSlug: section });
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/articles/${outcome.id}` });
    const author = (api.json() as { data: { authors: Array<{ id: number }> } }).data.authors[0]?.id ?? 0;
    loaded.push({ article: outcome.id, author, tag, section });
  }
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const q = (s: string) => encodeURIComponent(s);

function pagesFor(i: number, p: string): string[] {
  const l = loaded[i];
  if (!l) throw new Error(`payload ${i} was not imported`);
  return [
    `/article/${l.article}`,
    `/m/article/${l.article}`,
    `/author/${l.author}`,
    `/m/author/${l.author}`,
    ...(l.tag ? [`/tag/${q(l.tag)}`, `/m/tag/${q(l.tag)}`] : []),
    `/section/${q(l.section)}`,
    `/search?q=${q(p)}&author=${q(p)}&tag=${q(p)}&section=${q(p)}&from=${q(p)}&to=${q(p)}`,
    `/m/search?q=${q(`作者${i}`)}&page=${q(p)}`,
    `/tag/${q(p.slice(0, 60))}`,
    `/api/v1/articles/${l.article}`,
    `/api/v1/search?q=${q(`標題${i}`)}`,
    `/api/v1/articles?tag=${q(p)}`,
  ];
}

interface Trapped {
  url: string;
  what: string;
}

/**
 * Loads each URL in its own page of one context with the trap set before any page script runs: dialogs,
 * alert/confirm/prompt replaced by recorders, page errors, console messages (a Content-Security-Policy report
 * means markup got through escaping and only the policy stopped it), and a DOM scan for what a payload would
 * leave if it were parsed as markup: on* attributes, javascript:/data: URLs, an <img src=x>, frames and objects.
 */
async function trapAll(context: BrowserContext, urls: string[]): Promise<Trapped[]> {
  const trapped: Trapped[] = [];
  await context.addInitScript(() => {
    const w = window as unknown as { __calls: string[] };
    w.__calls = [];
    for (const name of ['alert', 'confirm', 'prompt'] as const) {
      Object.defineProperty(window, name, { value: (...args: unknown[]) => void w.__calls.push(`${name}(${args.map(String).join(',')})`), configurable: false });
    }
  });
  // One page per context, navigated URL by URL (a new page costs more than a load); the trap is re-armed by
  // the init script on every navigation, and `current` says which URL a report belongs to.
  const page = await context.newPage();
  let current = '';
  page.on('dialog', (d) => {
    trapped.push({ url: current, what: `dialog ${d.type()}: ${d.message()}` });
    void d.dismiss();
  });
  page.on('pageerror', (e) => trapped.push({ url: current, what: `pageerror: ${e.message}` }));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) trapped.push({ url: current, what: `console: ${m.text().slice(0, 200)}` });
  });
  for (const url of urls) {
    current = url;
    const began = Date.now();
    const res = await page.goto(base + url, { waitUntil: 'load', timeout: 15_000 }).catch((e: Error) => (trapped.push({ url, what: `load failed: ${e.message.split('\n')[0]}` }), null));
    if (process.env.RELIABILITY_DEBUG) console.log(url.slice(0, 80), Date.now() - began);
    const status = res?.status() ?? 0;
    if (status >= 500) trapped.push({ url, what: `status ${status}` });
    const found = await page.evaluate(() => {
      const out: string[] = [...(window as unknown as { __calls: string[] }).__calls];
      for (const el of Array.from(document.querySelectorAll('*'))) {
        for (const attr of Array.from(el.attributes)) {
          const v = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
          if (attr.name.startsWith('on')) out.push(`<${el.localName} ${attr.name}>`);
          // `content` is a URL only on <meta http-equiv="refresh">; elsewhere (a description) it is text.
          const urlAttr = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(attr.name) || (attr.name === 'content' && el.hasAttribute('http-equiv'));
          if (urlAttr && (v.startsWith('javascript:') || v.startsWith('data:text/html') || v.includes('url=javascript:'))) {
            out.push(`<${el.localName} ${attr.name}="${attr.value.slice(0, 80)}">`);
          }
        }
      }
      for (const sel of ['img[src="x"]', 'iframe', 'object', 'embed', 'base', 'meta[http-equiv="refresh"]', 'input[autofocus]', 'details[ontoggle]']) {
        if (document.querySelector(sel)) out.push(`element ${sel}`);
      }
      const scripts = Array.from(document.scripts).filter((s) => s.type !== 'application/ld+json' && !(s.src && new URL(s.src).origin === location.origin));
      if (scripts.length > 0) out.push(`${scripts.length} foreign <script>`);
      return out;
    });
    for (const what of found) trapped.push({ url, what });
  }
  await page.close();
  return trapped;
}

describe('hostile text through every input, loaded in Chromium with a trap', () => {
  it(`runs no script from ${payloads.length} payloads on any page`, async () => {
    const started = Date.now();
    const trapped: Trapped[] = [];
    let pages = 0;
    // Home pages list every article (and the section nav lists every section) at once.
    const shared = await browser.newContext();
    trapped.push(...(await trapAll(shared, ['/', '/m/', '/?page=2'])));
    pages += 3;
    await shared.close();
    for (const [i, p] of payloads.entries()) {
      const context = await browser.newContext();
      const urls = pagesFor(i, p);
      trapped.push(...(await trapAll(context, urls)));
      pages += urls.length;
      await context.close();
    }
    console.log(`hostile-browser (${t.db.dialect}): ${payloads.length} payloads × ${pages - 3} payload pages + 3 listings = ${pages} page loads in ${Date.now() - started} ms, ${trapped.length} trapped`);
    expect(trapped.map((x) => `${x.url.slice(0, 160)} → ${x.what}`)).toEqual([]);
  });
});

describe('the trap itself', () => {
  it('catches a payload that does run (a page without our escaping, on the same origin)', async () => {
    // Without this control a broken trap would pass every page above.
    const context = await browser.newContext();
    await context.route(`${base}/trap-control`, (route) => route.fulfill({ contentType: 'text/html', body: '<img src=x onerror=alert(1)><a href="javascript:alert(2)">x</a>' }));
    const trapped = await trapAll(context, ['/trap-control']);
    await context.close();
    expect(trapped.map((x) => x.what)).toEqual(expect.arrayContaining(['alert(1)', '<img onerror>', '<a href="javascript:alert(2)">', 'element img[src="x"]']));
  });
});
