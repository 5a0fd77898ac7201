import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedArticle, BODY_SCHEMA_VERSION } from '../../src/modules/articles/index.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = '"><img src=x onerror=alert(1)>';
const hostile = (field: string) => `${field}${SCRIPT}${BREAKOUT}'</script><!--`;

let t: TestApp;
let id: number;

beforeAll(async () => {
  t = await buildTestApp();
  const created = await createPublishedArticle(t.deps, {
    title: hostile('title'),
    leadLabel: hostile('label'),
    lead: hostile('lead'),
    body: {
      schemaVersion: BODY_SCHEMA_VERSION,
      blocks: [
        { id: 'f1', type: 'figure', marker: '▲', caption: hostile('caption'), credit: hostile('credit'), creditLabel: hostile('creditlabel'), imageId: null, alt: hostile('alt') },
        { id: 'b1', type: 'byline' },
        { id: 'p1', type: 'paragraph', text: hostile('paragraph') },
        { id: 'h1', type: 'heading', text: hostile('heading') },
      ],
    },
    bylines: [{ name: hostile('author'), bio: hostile('bio') }],
    tags: ['<svg onload=alert(1)>'],
    publishedAt: '2026-06-01T00:00:00.000Z',
  });
  id = created.id;
});
afterAll(async () => t.close());

function assertInert(html: string) {
  expect(html).not.toContain(SCRIPT);
  expect(html).not.toContain('<img src=x');
  expect(html).not.toContain('<svg onload');
  expect(html).not.toMatch(/<script>alert/);
  // Exactly our own two scripts: the deferred site.js and the JSON-LD block.
  expect([...html.matchAll(/<script\b/g)].length).toBeLessThanOrEqual(2);
}

describe('hostile text in every stored field comes out escaped', () => {
  it.each(['/article/ID', '/m/article/ID', '/', '/m/', '/tag/%3Csvg%20onload%3Dalert(1)%3E', '/section/opinion'])('%s', async (path) => {
    const res = await t.app.inject({ method: 'GET', url: path.replace('ID', String(id)) });
    expect(res.statusCode).toBe(200);
    assertInert(res.body);
    expect(res.body).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('on the author page', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/article/${id}` });
    const href = /class="byline__name" href="(\/author\/\d+)"/.exec(page.body)?.[1] ?? '';
    const res = await t.app.inject({ method: 'GET', url: href });
    expect(res.statusCode).toBe(200);
    assertInert(res.body);
  });

  it('inside JSON-LD, where "<" is written as \\u003c so the script cannot be closed', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/article/${id}` });
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(res.body)?.[1] ?? '';
    expect(ld).not.toContain('<');
    expect(ld).toContain('\\u003cscript\\u003e');
    expect((JSON.parse(ld) as { headline: string }).headline).toBe(hostile('title'));
  });

  it('in attributes: meta description, og:title, alt text', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/article/${id}` });
    expect(res.body).toContain('content="title&lt;script>alert(1)&lt;/script>&quot;>&lt;img src=x onerror=alert(1)>');
  });

  it('as JSON data in the API, unchanged and served as JSON', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/articles/${id}` });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.json().data.title).toBe(hostile('title'));
  });

  it('with a Content-Security-Policy that allows no inline script', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/article/${id}` });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });
});
