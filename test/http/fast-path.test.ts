import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedArticle, BODY_SCHEMA_VERSION } from '../../src/modules/articles/index.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { importSeed } from '../support/factories.js';

let t: TestApp;
let base: string;
let seedId: number;

beforeAll(async () => {
  t = await buildTestApp();
  seedId = (await importSeed(t)).id;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => t.close());

describe('requests Node has to parse', () => {
  it('takes a 10,000-character search in the URL and answers with the friendly page', async () => {
    const res = await fetch(`${base}/search?q=${encodeURIComponent('川普'.repeat(5000))}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('查詢太長，只用了前 100 個字');
  });

  it('refuses a URL past the limit in Chinese', async () => {
    const res = await fetch(`${base}/search?q=${encodeURIComponent('川'.repeat(40_000))}`);
    expect(res.status).toBe(431);
    expect(await res.text()).toContain('網址或請求標頭太長');
  });
});

describe('cached pages over a real socket', () => {
  it('answers the second request from the fast path with the same bytes and headers', async () => {
    const hitsBefore = t.cache.hits;
    const first = await fetch(`${base}/article/${seedId}`);
    const firstBody = await first.text();
    const second = await fetch(`${base}/article/${seedId}`);
    const secondBody = await second.text();
    expect(second.status).toBe(200);
    expect(secondBody).toBe(firstBody);
    expect(t.cache.hits).toBe(hitsBefore + 1);
    for (const h of ['etag', 'last-modified', 'cache-control', 'content-type', 'content-security-policy', 'vary']) {
      expect(second.headers.get(h), h).toBe(first.headers.get(h));
    }
  });

  it('answers conditional and HEAD requests on the fast path', async () => {
    const first = await fetch(`${base}/article/${seedId}`);
    await first.arrayBuffer();
    const notModified = await fetch(`${base}/article/${seedId}`, { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
    expect(notModified.status).toBe(304);
    const head = await fetch(`${base}/article/${seedId}`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(10_000);
    expect(await head.text()).toBe('');
  });

  it('hears about a change written by another process on its next poll of the change log', async () => {
    const before = await (await fetch(`${base}/`)).text();
    // No ChangeFeed in these deps: exactly what `opdesk import` in another process does.
    await createPublishedArticle(
      { db: t.db, clock: t.clock },
      {
        title: '另一個行程寫入的文章',
        lead: null,
        body: { schemaVersion: BODY_SCHEMA_VERSION, blocks: [{ id: 'p', type: 'paragraph', text: '內文。' }] },
        bylines: [{ name: '某作者', bio: null }],
        tags: [],
        publishedAt: '2026-11-01T00:00:00.000Z',
      },
    );
    const stale = await (await fetch(`${base}/`)).text();
    expect(stale).toBe(before);
    await t.changes.poll();
    const fresh = await (await fetch(`${base}/`)).text();
    expect(fresh).toContain('另一個行程寫入的文章');
  });

  it('never serves a fast-path hit for a method other than GET or HEAD', async () => {
    await (await fetch(`${base}/article/${seedId}`)).text();
    const post = await fetch(`${base}/article/${seedId}`, { method: 'POST' });
    expect(post.status).toBe(404);
  });
});
