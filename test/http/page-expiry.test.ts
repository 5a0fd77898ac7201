import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, TEST_NOW, type TestApp } from '../support/test-app.js';
import { importSeed, makeArticle } from '../support/factories.js';

/**
 * An article page's 「最新文章」 list is not invalidated by every publish (that would empty the cache of every
 * article page many times an hour), so the page may live at most SIDEBAR_MAX_AGE seconds. These cases show the
 * entry outliving an unrelated publish, then being produced again once that age has passed, both through
 * Fastify and through the fast path in front of it.
 *
 * PageCache reads Date.now(), so only Date is faked: timers, sockets and the database keep real time.
 */
const SIDEBAR_MAX_AGE_S = 300;
const MAX_AGE_MS = SIDEBAR_MAX_AGE_S * 1000;

let t: TestApp;
let seedId: number;

beforeAll(async () => {
  t = await buildTestApp({ SIDEBAR_MAX_AGE: String(SIDEBAR_MAX_AGE_S) });
  seedId = (await importSeed(t)).id;
});
afterAll(async () => t.close());
afterEach(() => {
  vi.useRealTimers();
});

/** The links of the 「最新文章」 list in the sidebar. */
function latestIds(html: string): number[] {
  const sidebar = html.slice(html.indexOf('class="sidebar"'));
  const list = sidebar.slice(sidebar.indexOf('>最新文章<'));
  const end = list.indexOf('</section>');
  return [...list.slice(0, end === -1 ? undefined : end).matchAll(/href="\/article\/(\d+)"/g)].map((m) => Number(m[1]));
}

describe('page cache expiry', () => {
  it('keeps an article page through an unrelated publish, and makes it again after SIDEBAR_MAX_AGE', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date(TEST_NOW).getTime();
    vi.setSystemTime(start);
    const path = `/article/${seedId}`;
    const get = () => t.app.inject({ method: 'GET', url: path });

    const first = await get();
    expect(first.statusCode).toBe(200);
    expect(t.cache.get(path)).toBeDefined();

    // Another author, no shared tags: none of the topics this publish announces is one the open page names.
    const fresh = await makeArticle(t, { author: '過期測試的另一位作者', title: '過期前發布的新文章' });
    vi.setSystemTime(start + MAX_AGE_MS - 1);
    const stillCached = await get();
    expect(stillCached.headers.etag).toBe(first.headers.etag);
    expect(latestIds(stillCached.body)).not.toContain(fresh);

    vi.setSystemTime(start + MAX_AGE_MS);
    expect(t.cache.get(path)).toBeUndefined();
    const after = await get();
    expect(after.statusCode).toBe(200);
    expect(latestIds(after.body)).toContain(fresh);
    expect(after.body).toContain('過期前發布的新文章');
    expect(after.headers.etag).not.toBe(first.headers.etag);
  });

  it('is honoured by the fast path over a real socket', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/article/${seedId}`;
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date(TEST_NOW).getTime() + 3_600_000;
    vi.setSystemTime(start);
    // Whatever the first case left in the cache was made at another (fake) time; start from nothing.
    t.changes.announce([`article:${seedId}`]);

    const first = await fetch(url);
    const firstBody = await first.text();
    const hits = t.cache.hits;
    const second = await fetch(url);
    expect(await second.text()).toBe(firstBody);
    expect(t.cache.hits).toBe(hits + 1);

    const fresh = await makeArticle(t, { author: '快速路徑測試的另一位作者', title: '快速路徑過期前的新文章' });
    vi.setSystemTime(start + MAX_AGE_MS - 1);
    const stale = await fetch(url);
    expect(latestIds(await stale.text())).not.toContain(fresh);
    expect(t.cache.hits).toBe(hits + 2);

    vi.setSystemTime(start + MAX_AGE_MS);
    const misses = t.cache.misses;
    const after = await fetch(url);
    const afterBody = await after.text();
    expect(after.status).toBe(200);
    expect(t.cache.misses).toBe(misses + 1);
    expect(latestIds(afterBody)).toContain(fresh);
    expect(after.headers.get('etag')).not.toBe(first.headers.get('etag'));

    // The page made again is kept for a new SIDEBAR_MAX_AGE, counted from when it was made.
    vi.setSystemTime(start + 2 * MAX_AGE_MS - 1);
    const hitsNow = t.cache.hits;
    expect(await (await fetch(url)).text()).toBe(afterBody);
    expect(t.cache.hits).toBe(hitsNow + 1);
  });
});
