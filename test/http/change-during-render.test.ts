import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BODY_SCHEMA_VERSION, createPublishedArticle } from '../../src/modules/articles/index.js';
import { fixedClock } from '../../src/platform/time.js';
import { buildTestApp, TEST_NOW, type TestApp } from '../support/test-app.js';
import { makeArticle } from '../support/factories.js';

/**
 * A change announced while a page is being produced must win: the page that was rendered from data read before
 * the change is sent to the reader who asked for it, but never kept. Without that rule the cache would hold a
 * page older than the change that should have dropped it, and serve it until the next change or its expiry.
 *
 * To land a change mid-render without sleeps or races, the app's clock runs a one-shot hook from inside
 * `now()`: every page producer asks the clock for the time while it renders (listings filter on it), so the
 * hook runs after the responder noted the cache generation and before the page is made.
 */
const base = fixedClock(TEST_NOW);
let duringRender: (() => void) | null = null;
const clock: ReturnType<typeof fixedClock> = {
  ...base,
  now: () => {
    const at = base.now();
    const hook = duringRender;
    duringRender = null;
    hook?.();
    return at;
  },
};

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({}, { clock });
  // The home page lists something, so it is a real listing and not the empty-site page.
  await makeArticle(t, { title: '首頁原有的文章' });
});
afterAll(async () => t.close());
afterEach(() => {
  // A hook that did not fire must not leak into the next case.
  duringRender = null;
});

const get = (url: string) => t.app.inject({ method: 'GET', url });

/** Stands for another process's write: stored and logged, but this process is not told (no change feed). */
async function writeUnannounced(title: string, publishedAt = '2026-11-01T00:00:00.000Z'): Promise<void> {
  await createPublishedArticle(
    { db: t.db, clock: base },
    {
      title,
      lead: null,
      body: { schemaVersion: BODY_SCHEMA_VERSION, blocks: [{ id: 'p', type: 'paragraph', text: '內文。' }] },
      bylines: [{ name: '另一個行程的作者', bio: null }],
      tags: [],
      publishedAt,
    },
  );
}

describe('a change that lands while a page is rendered', () => {
  it('sends the page it made but does not keep it, so the next request makes it again', async () => {
    // Start from an empty cache entry for "/" whatever earlier requests did.
    t.changes.announce(['list']);
    let fired = 0;
    duringRender = () => {
      fired++;
      t.changes.announce(['list']);
    };
    const during = await get('/');
    expect(fired).toBe(1);
    expect(during.statusCode).toBe(200);
    expect(during.body).toContain('首頁原有的文章');
    // Served, not kept.
    expect(t.cache.get('/')).toBeUndefined();

    // A write this process was not told about shows up only if the page is produced again.
    await writeUnannounced('渲染期間的變更之後寫入的文章');
    const next = await get('/');
    expect(next.statusCode).toBe(200);
    expect(next.body).toContain('渲染期間的變更之後寫入的文章');

    // A render with no change in the middle is kept as usual: the rule drops only the page that lost the race.
    expect(t.cache.get('/')).toBeDefined();
    await writeUnannounced('快取之後寫入、尚未通知的文章');
    expect((await get('/')).body).not.toContain('快取之後寫入、尚未通知的文章');
    t.changes.announce(['list']);
    expect((await get('/')).body).toContain('快取之後寫入、尚未通知的文章');
  });

  it('never serves the stale page over a real socket after the change (fast path included)', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    // A piece scheduled a minute ahead of the clock: a listing rendered before that minute cannot show it.
    const scheduledAt = new Date(base.now().getTime() + 60_000).toISOString();
    await writeUnannounced('排程上線的文章', scheduledAt);
    t.changes.announce(['list']);

    // Mid-render, the piece's time comes and the change is announced: the listing just read is now out of date.
    let fired = 0;
    duringRender = () => {
      fired++;
      base.advance(120_000);
      t.changes.announce(['list']);
    };
    const during = await fetch(`${url}/`);
    const duringBody = await during.text();
    expect(fired).toBe(1);
    expect(during.status).toBe(200);
    expect(duringBody).not.toContain('排程上線的文章');

    // Every later request sees the piece, whether answered by the fast path or by Fastify.
    for (let i = 0; i < 2; i++) {
      const after = await fetch(`${url}/`);
      expect(after.status).toBe(200);
      expect(await after.text()).toContain('排程上線的文章');
    }
    expect(t.cache.get('/')).toBeDefined();
  });
});
