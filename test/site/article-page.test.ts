import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_NOW, type TestApp } from '../support/test-app.js';
import { importSeed, makeArticle } from '../support/factories.js';

let t: TestApp;
let seedId: number;

beforeAll(async () => {
  t = await buildTestApp();
  seedId = (await importSeed(t)).id;
});
afterAll(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

function textOf(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((m) => m[1] ?? '');
}

/** Every href of one kind of share button (top and bottom bars), as the browser would read the attribute. */
function shareHrefs(html: string, kind: 'line' | 'fb'): string[] {
  const found = textOf(html, new RegExp(`class="share__btn share__btn--${kind}" href="([^"]*)"`, 'g'));
  return found.map((href) => href.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

/**
 * What the app wrote into a share link: the sharer endpoint with one parameter whose value is the canonical
 * URL plus the from= marker, percent-encoded as a whole (a bare "?from=" or "&" inside it would be read by the
 * sharer as its own query, and the shared link would lose the marker or the article).
 */
function expectShareLink(href: string, endpoint: string, param: string, expected: string): void {
  const parsed = new URL(href);
  expect(parsed.origin + parsed.pathname).toBe(endpoint);
  expect([...parsed.searchParams.keys()]).toEqual([param]);
  expect(parsed.searchParams.get(param)).toBe(expected);
  expect(parsed.search.startsWith(`?${param}=`)).toBe(true);
  const raw = parsed.search.slice(param.length + 2);
  expect(raw).not.toContain('?from=');
  expect(raw).toMatch(/^[A-Za-z0-9%._~!*'()-]+$/);
  expect(decodeURIComponent(raw)).toBe(expected);
}

/** Both bars' LINE and Facebook links carry `canonical` (the desktop URL) with their own from= marker. */
function expectShareLinks(html: string, canonical: string): void {
  const line = shareHrefs(html, 'line');
  const fb = shareHrefs(html, 'fb');
  expect(line).toHaveLength(2);
  expect(fb).toHaveLength(2);
  for (const href of line) expectShareLink(href, 'https://social-plugins.line.me/lineit/share', 'url', `${canonical}?from=line`);
  for (const href of fb) expectShareLink(href, 'https://www.facebook.com/sharer/sharer.php', 'u', `${canonical}?from=fb`);
}

describe('article page /article/:id', () => {
  it('shows the seed page in reading order, with every element of its anatomy', async () => {
    const res = await get(`/article/${seedId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-Hant-TW">/);

    const order = [
      'class="article__section"',
      '2026年01月08日 00:00',
      '<h1 class="article__title">川普與高市早苗　美日同盟新棋局中的合作與互動</h1>',
      '<strong class="lead-box__label">我們想讓你知道…</strong>2026年初的高市訪美',
      '美國總統川普和日本首相高市早苗。<span class="fig__credit">（圖／達志影像）</span>',
      `●<a class="byline__name" href="/author/`,
      '楊聰榮</a><span class="byline__bio">／台中科技大學會計資訊系兼任教師、中台灣教授協會理事長，任教於台灣師範大學</span>',
      '<p>2025年10月，高市早苗當選自民黨總裁',
      '<h2 class="article__subhead">2026年初高市訪美　檢驗美日能否從「蜜月期」轉入成熟穩健的關鍵時刻</h2>',
      '<p>對台灣而言，密切關注這一進程',
      'class="disclaimer"',
    ];
    let at = 0;
    for (const piece of order) {
      const found = html.indexOf(piece, at);
      expect(found, `expected after position ${at}: ${piece}`).toBeGreaterThan(-1);
      at = found;
    }
    expect(html).toContain('<time datetime="2026-01-08T00:00:00+08:00">');
    // All 15 paragraphs, including the closing paragraph that repeats the lead, as on the original page.
    const body = html.slice(html.indexOf('class="article__body"'), html.indexOf('class="article__footer"'));
    expect(textOf(body, /<p>([^<]*)<\/p>/g)).toHaveLength(15);
  });

  it('leaves out caption-only figures that would add nothing: an empty caption and a caption repeating a paragraph', async () => {
    const html = (await get(`/article/${seedId}`)).body;
    expect(html).not.toContain('▲▼');
    const pullQuote = '從台灣視角觀之，高市政權對台海穩定的重視';
    expect(html.split(pullQuote).length - 1).toBe(1);
    expect(html).toContain('fig--caption-only');
  });

  it('links the byline to the author page and the section label to the section', async () => {
    const html = (await get(`/article/${seedId}`)).body;
    const authorHref = /class="byline__name" href="(\/author\/\d+)"/.exec(html)?.[1];
    expect(authorHref).toBeDefined();
    const author = await get(authorHref ?? '');
    expect(author.statusCode).toBe(200);
    expect(author.body).toContain('楊聰榮');
    expect(author.body).toContain('川普與高市早苗');
    expect(html).toContain('href="/section/opinion"');
  });

  it('has share links with the article URL encoded, and a copy-link button', async () => {
    const html = (await get(`/article/${seedId}`)).body;
    const url = `https://opinion.example.tw/article/${seedId}`;
    const line = `https://social-plugins.line.me/lineit/share?url=${encodeURIComponent(`${url}?from=line`)}`;
    const fb = `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(`${url}?from=fb`)}`;
    expect(html).toContain(`href="${line.replace(/&/g, '&amp;')}"`);
    expect(html).toContain(`href="${fb.replace(/&/g, '&amp;')}"`);
    expect(html).toContain(`data-copy-url="${url}"`);
    expectShareLinks(html, url);
  });

  it('carries canonical, Open Graph, Twitter and OpinionNewsArticle metadata', async () => {
    const html = (await get(`/article/${seedId}`)).body;
    const url = `https://opinion.example.tw/article/${seedId}`;
    expect(html).toContain(`<link rel="canonical" href="${url}"/>`);
    expect(html).toContain(`<link rel="alternate" media="only screen and (max-width: 640px)" href="https://opinion.example.tw/m/article/${seedId}"/>`);
    expect(html).toContain('<meta property="og:type" content="article"/>');
    expect(html).toContain('<meta property="og:title" content="川普與高市早苗　美日同盟新棋局中的合作與互動"/>');
    expect(html).toContain('<meta property="article:published_time" content="2026-01-08T00:00:00+08:00"/>');
    expect(html).toContain('<meta name="twitter:card"');
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
    const data = JSON.parse(ld ?? '{}') as Record<string, unknown>;
    expect(data['@type']).toBe('OpinionNewsArticle');
    expect(data.datePublished).toBe('2026-01-08T00:00:00+08:00');
    expect(data.headline).toBe('川普與高市早苗　美日同盟新棋局中的合作與互動');
    expect(data.author).toEqual([expect.objectContaining({ '@type': 'Person', name: '楊聰榮' })]);
  });

  it('lists more by the author and the latest articles', async () => {
    const other = await makeArticle(t, { author: '楊聰榮', title: '同一作者的另一篇' });
    const latest = await makeArticle(t, { author: '別的作者', title: '最新的一篇' });
    const html = (await get(`/article/${seedId}`)).body;
    const sidebar = html.slice(html.indexOf('class="sidebar"'));
    expect(sidebar).toContain('更多 楊聰榮 的文章');
    expect(sidebar).toContain(`href="/article/${other}"`);
    expect(sidebar).toContain('最新文章');
    expect(sidebar).toContain(`href="/article/${latest}"`);
    expect(sidebar).not.toContain(`href="/article/${seedId}"`);
  });

  it('answers unknown, malformed and future ids with the zh-Hant 404 page', async () => {
    const future = await makeArticle(t, { title: '排程中的文章', publishedAt: '2027-01-01T00:00:00.000Z' });
    for (const url of ['/article/9999999', '/article/abc', '/article/0', '/article/12345678901234567890', `/article/${future}`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<html lang="zh-Hant-TW">');
      expect(res.body).toContain('找不到');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('mobile version /m/…', () => {
  it('serves the same article with a canonical link to the desktop page and a 電腦版 link', async () => {
    const res = await get(`/m/article/${seedId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<body class="is-mobile">');
    expect(res.body).toContain(`<link rel="canonical" href="https://opinion.example.tw/article/${seedId}"/>`);
    expect(res.body).not.toContain('rel="alternate"');
    expect(res.body).toContain(`href="/article/${seedId}" class="topbar__switch" rel="nofollow">電腦版</a>`);
    expect(res.body).toContain('川普與高市早苗');
    expect(res.body).toMatch(/href="\/m\/author\/\d+"/);
  });

  it('shares the canonical desktop URL, not the /m/ one', async () => {
    const html = (await get(`/m/article/${seedId}`)).body;
    const url = `https://opinion.example.tw/article/${seedId}`;
    expectShareLinks(html, url);
    expect(html).toContain(`data-copy-url="${url}"`);
  });

  it('is reachable from every desktop page through a 手機版 link', async () => {
    // 我要投稿 (/contribute) is one responsive page with no twin under /m, so it has no switch.
    for (const url of ['/', `/article/${seedId}`, '/tag/%E5%B7%9D%E6%99%AE', '/section/opinion', '/complaint']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      const href = /<a href="([^"]+)" class="topbar__switch" rel="nofollow">手機版<\/a>/.exec(res.body)?.[1];
      expect(href, url).toBeDefined();
      expect((await get(href ?? '')).statusCode, href).toBe(200);
    }
  });

  it('does not vary by user: no Set-Cookie and no Vary on anything but encoding', async () => {
    const res = await get(`/m/article/${seedId}`, { cookie: 'session=abc', 'user-agent': 'iPhone' });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers.vary).toBe('Accept-Encoding');
  });

  it('redirects /m to /m/', async () => {
    const res = await get('/m');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/m/');
  });
});

describe('HTTP caching of pages', () => {
  it('sends ETag, Last-Modified and a CDN-friendly Cache-Control, and answers 304s', async () => {
    const res = await get(`/article/${seedId}`);
    expect(res.headers.etag).toMatch(/^W\/".+"$/);
    // Stored (imported) at TEST_NOW, after its publication date: the page last changed then.
    expect(res.headers['last-modified']).toBe(new Date(TEST_NOW).toUTCString());
    expect(res.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    const again = await get(`/article/${seedId}`, { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const byDate = await get(`/article/${seedId}`, { 'if-modified-since': String(res.headers['last-modified']) });
    expect(byDate.statusCode).toBe(304);
    const stale = await get(`/article/${seedId}`, { 'if-none-match': 'W/"something-else"' });
    expect(stale.statusCode).toBe(200);
  });

  it('compresses with brotli or gzip when asked', async () => {
    const br = await get(`/article/${seedId}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    const gz = await get(`/article/${seedId}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBeLessThan(Buffer.byteLength((await get(`/article/${seedId}`)).body));
  });

  it('drops a cached page the moment its article changes', async () => {
    const first = await get('/');
    const id = await makeArticle(t, { title: '剛剛發布的新文章' });
    const second = await get('/');
    expect(first.body).not.toContain('剛剛發布的新文章');
    expect(second.body).toContain('剛剛發布的新文章');
    expect(second.headers.etag).not.toBe(first.headers.etag);
    expect((await get(`/article/${id}`)).statusCode).toBe(200);
  });

  it('serves tracking-parameter variants of a page from the same cache entry', async () => {
    const plain = await get(`/article/${seedId}`);
    const shared = await get(`/article/${seedId}?from=line`);
    expect(shared.statusCode).toBe(200);
    expect(shared.headers.etag).toBe(plain.headers.etag);
  });
});
