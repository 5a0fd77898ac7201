import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { importSeed, makeArticle } from '../support/factories.js';

let t: TestApp;
let seedId: number;
const ids: number[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  seedId = (await importSeed(t, ['川普', '美日關係'])).id;
  // Two pieces at the same minute: the id must break the tie so no page repeats or skips one.
  for (let i = 0; i < 6; i++) ids.push(await makeArticle(t, { publishedAt: i < 2 ? '2026-08-01T00:00:00.000Z' : undefined }));
});
afterAll(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('GET /api/v1/articles', () => {
  it('lists newest first with the documented fields', async () => {
    const res = await get('/api/v1/articles?limit=50');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json() as { data: Array<Record<string, unknown>>; next: unknown };
    expect(body.data).toHaveLength(7);
    expect(body.next).toBeNull();
    const times = body.data.map((a) => a.publishedAt as string);
    expect([...times].sort().reverse()).toEqual(times);
    const seed = body.data.find((a) => a.id === seedId);
    expect(seed).toEqual({
      id: seedId,
      url: `https://opinion.example.tw/article/${seedId}`,
      mobileUrl: `https://opinion.example.tw/m/article/${seedId}`,
      title: '川普與高市早苗　美日同盟新棋局中的合作與互動',
      lead: expect.stringMatching(/^2026年初的高市訪美/),
      publishedAt: '2026-01-08T00:00:00+08:00',
      updatedAt: null,
      section: { slug: 'opinion', name: '雲論' },
      authors: [{ id: expect.any(Number), name: '楊聰榮', bio: '台中科技大學會計資訊系兼任教師、中台灣教授協會理事長，任教於台灣師範大學', role: '作者' }],
      tags: [
        { id: expect.any(Number), name: '川普', url: 'https://opinion.example.tw/tag/%E5%B7%9D%E6%99%AE' },
        { id: expect.any(Number), name: '美日關係', url: expect.any(String) },
      ],
      heroImage: null,
    });
  });

  it('pages with an opaque cursor, visiting every article exactly once', async () => {
    const seen: number[] = [];
    let url: string | null = '/api/v1/articles?limit=2';
    let pages = 0;
    while (url && pages < 10) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { data: Array<{ id: number }>; next: { cursor: string; url: string } | null };
      seen.push(...body.data.map((a) => a.id));
      url = body.next ? body.next.url.replace('https://opinion.example.tw', '') : null;
      pages++;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(7);
    expect(seen.sort()).toEqual([seedId, ...ids].sort());
  });

  it('filters by author and tag', async () => {
    const byTag = (await get(`/api/v1/articles?tag=${encodeURIComponent('川普')}`)).json() as { data: Array<{ id: number }> };
    expect(byTag.data.map((a) => a.id)).toEqual([seedId]);
    const detail = (await get(`/api/v1/articles/${seedId}`)).json() as { data: { authors: Array<{ id: number }> } };
    const authorId = detail.data.authors[0]?.id;
    const byAuthor = (await get(`/api/v1/articles?author=${authorId}`)).json() as { data: Array<{ id: number }> };
    expect(byAuthor.data.map((a) => a.id)).toEqual([seedId]);
    expect((await get('/api/v1/articles?tag=none-such')).statusCode).toBe(404);
    expect((await get('/api/v1/articles?author=987654')).statusCode).toBe(404);
  });

  it.each([
    ['limit=0', 'invalid_limit'],
    ['limit=51', 'invalid_limit'],
    ['limit=abc', 'invalid_limit'],
    ['limit=-5', 'invalid_limit'],
    ['cursor=not-a-cursor!', 'invalid_cursor'],
    [`cursor=${Buffer.from('{"p":"yesterday","i":1}').toString('base64url')}`, 'invalid_cursor'],
    ['author=abc', 'invalid_author'],
    ['limit=1&limit=2', 'invalid_query'],
  ])('rejects %s with 400 and a clear message', async (query, code) => {
    const res = await get(`/api/v1/articles?${query}`);
    expect(res.statusCode).toBe(400);
    const body = res.json() as { errors: Array<{ code: string; message: string }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.code).toBe(code);
    expect(body.errors[0]?.message.length).toBeGreaterThan(5);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('speaks English to a client that asks for it', async () => {
    const res = await get('/api/v1/articles?limit=500', { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.json()).toEqual({ errors: [{ code: 'invalid_limit', message: 'limit must be a whole number from 1 to 50.' }] });
    const zh = await get('/api/v1/articles?limit=500', { 'accept-language': 'zh-TW' });
    expect(zh.json().errors[0].message).toBe('limit 必須是 1 到 50 之間的整數');
  });
});

describe('GET /api/v1/articles/:id', () => {
  it('adds the structured body, never HTML', async () => {
    const res = await get(`/api/v1/articles/${seedId}`);
    expect(res.statusCode).toBe(200);
    const { data } = res.json() as { data: Record<string, unknown> & { body: { schemaVersion: number; blocks: Array<Record<string, unknown>> } } };
    expect(data.leadLabel).toBe('我們想讓你知道…');
    expect(data.charCount).toBeGreaterThan(1000);
    expect(data.body.schemaVersion).toBe(1);
    const types = data.body.blocks.map((b) => b.type);
    expect(types.filter((x) => x === 'paragraph')).toHaveLength(15);
    expect(types.filter((x) => x === 'heading')).toHaveLength(1);
    expect(types.filter((x) => x === 'figure')).toHaveLength(3);
    expect(data.body.blocks[0]).toMatchObject({ type: 'figure', marker: '▲', caption: '美國總統川普和日本首相高市早苗。', credit: '達志影像', creditLabel: '圖', image: null });
    expect(data.body.blocks.find((b) => b.type === 'paragraph' && b.repeatOf)).toMatchObject({ repeatOf: { kind: 'lead' } });
    expect(JSON.stringify(data)).not.toMatch(/<p>|<h2|<figure/);
  });

  it('answers 304 to a matching ETag and 404/400 to bad ids, as JSON errors', async () => {
    const res = await get(`/api/v1/articles/${seedId}`);
    expect(res.headers.etag).toBeDefined();
    expect(res.headers['cache-control']).toContain('max-age=');
    expect((await get(`/api/v1/articles/${seedId}`, { 'if-none-match': String(res.headers.etag) })).statusCode).toBe(304);
    const missing = await get('/api/v1/articles/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ errors: [{ code: 'article_not_found', message: expect.any(String) }] });
    expect((await get('/api/v1/articles/abc')).statusCode).toBe(400);
    expect((await get('/api/v1/nothing')).json().errors[0].code).toBe('route_not_found');
  });
});

describe('GET /api/v1/authors/:id', () => {
  it('returns the public profile and nothing private', async () => {
    const detail = (await get(`/api/v1/articles/${seedId}`)).json() as { data: { authors: Array<{ id: number }> } };
    const id = detail.data.authors[0]?.id;
    const res = await get(`/api/v1/authors/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      data: {
        id,
        name: '楊聰榮',
        kind: 'guest',
        bio: '台中科技大學會計資訊系兼任教師、中台灣教授協會理事長，任教於台灣師範大學',
        longBio: null,
        url: `https://opinion.example.tw/author/${id}`,
        mobileUrl: `https://opinion.example.tw/m/author/${id}`,
        articleCount: 1,
        articlesUrl: `https://opinion.example.tw/api/v1/articles?author=${id}`,
      },
    });
    expect((await get('/api/v1/authors/424242')).statusCode).toBe(404);
  });
});
