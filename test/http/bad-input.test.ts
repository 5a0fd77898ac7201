import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/**
 * Input no database can answer — ids past PostgreSQL's integer range, NUL bytes PostgreSQL cannot store — is
 * refused at the edge by the route schemas, so both engines give the same 4xx (PostgreSQL used to answer 500).
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await importSeed(t);
});
afterAll(async () => t.close());

const big = '2147483648';
const cursor = (i: number) => Buffer.from(JSON.stringify({ p: '2026-01-01T00:00:00.000Z', i })).toString('base64url');

describe('bad input is a 4xx on every database', () => {
  it.each([
    [`/article/${big}`, 404],
    [`/m/article/${big}`, 404],
    [`/author/${big}`, 404],
    [`/m/author/${big}`, 404],
    [`/api/v1/articles/${big}`, 400],
    [`/api/v1/authors/${big}`, 400],
    [`/api/v1/articles?author=${big}`, 400],
    [`/api/v1/articles?cursor=${cursor(2 ** 31)}`, 400],
    ['/tag/%00', 404],
    ['/m/tag/a%00b', 404],
    ['/api/v1/articles?tag=%00', 404],
    ['/section/%00', 404],
  ])('%s → %i', async (url, status) => {
    const res = await t.app.inject(url);
    expect(res.statusCode).toBe(status);
  });

  it.each([`/search?q=川&tag=%00`, `/search?q=川&author=${big}`, `/api/v1/search?q=川&tag=%00`, `/api/v1/search?q=川&author=${big}`, '/search?q=%00川'])(
    '%s searches without the filter it cannot use',
    async (url) => {
      const res = await t.app.inject(url);
      expect(res.statusCode).toBe(200);
    },
  );
});
