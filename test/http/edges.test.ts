import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeImage } from '../../src/modules/media/index.js';
import { importSeed } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** The edges a prober found: each answered by the surface that owns the URL, in its own words. */
let t: TestApp;
let port: number;
let seedId: number;

beforeAll(async () => {
  t = await buildTestApp({ HEADERS_TIMEOUT_MS: '500' });
  seedId = (await importSeed(t)).id;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** Raw bytes over a socket, for what fetch and inject cannot send; `halfClose` ends our side after writing. */
function raw(request: string, halfClose = false): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => {
      if (request) socket.write(request);
      if (halfClose) socket.end();
    });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), closedAfterMs: Date.now() - started }));
  });
}

describe('edges', () => {
  it('answers a path parameter of any length with the surface’s own page or JSON, not the router’s 414', async () => {
    const long = 'あ'.repeat(2000);
    for (const url of [`/tag/${encodeURIComponent(long)}`, `/m/tag/${encodeURIComponent(long)}`, `/author/${'9'.repeat(500)}`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.body).toContain('找不到');
      expect(res.body).not.toContain(long);
    }
    const api = await get(`/api/v1/articles/${'1'.repeat(500)}`);
    expect(api.statusCode).toBe(400);
    expect(api.json()).toEqual({ errors: [{ code: 'invalid_id', message: 'id 必須是 1 到 2147483647 的整數' }] });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a path whose percent-escapes do not decode in the surface’s own words', async () => {
    for (const path of ['/article/%zz', '/author/%ED%A0%80', '/m/tag/%E0%A4']) {
      const res = await raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(res.text, path).toMatch(/^HTTP\/1\.1 404/);
      expect(res.text).toContain('content-security-policy:');
      expect(res.text).toContain('找不到');
    }
    const api = await raw('GET /api/v1/authors/%80 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(api.text).toMatch(/^HTTP\/1\.1 400/);
    expect(api.text).toContain('"code":"invalid_id"');
  });

  it('gives API 404s nosniff and the error envelope', async () => {
    const res = await get('/api/v1/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.json().errors[0].code).toBe('route_not_found');
  });

  it('answers CONNECT with 405 instead of closing the socket silently', async () => {
    const { text } = await raw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 405 Method Not Allowed/);
    expect(text).toContain('此網站不提供代理連線');
  });

  it('reports the real content-length to HEAD on a page that is not yet cached', async () => {
    t.cache.clear();
    const head = await t.app.inject({ method: 'HEAD', url: `/article/${seedId}?x=1`, headers: { 'accept-encoding': 'identity' } });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    const get200 = await get(`/article/${seedId}`, { 'accept-encoding': 'identity' });
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(get200.body));
  });

  it('closes a connection that never sends its request', async () => {
    const { text, closedAfterMs } = await raw('');
    expect(closedAfterMs).toBeLessThan(5_000);
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(text).toContain('等候請求逾時');
  });

  it('serves a media file to a client that half-closes after its request', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } }).png().toBuffer();
    const image = await storeImage(t.deps, png, { caption: null, credit: null });
    const res = await raw(`GET /media/originals/${image.storageKey} HTTP/1.1\r\nHost: x\r\n\r\n`, true);
    expect(res.text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(res.text).toContain('content-type: image/png');
    expect(res.text).toMatch(new RegExp(`content-length: ${png.length}\\r\\n`));
    t.cache.clear();
    const page = await raw(`GET /article/${seedId} HTTP/1.1\r\nHost: x\r\n\r\n`, true);
    expect(page.text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(page.text).toContain('川普與高市早苗');
  });

  it('sends HSTS when the public address is https', async () => {
    expect((await get(`/article/${seedId}`)).headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await get('/api/v1/articles')).headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('gives a mobile error page the desktop URL as canonical and a 電腦版 link to the desktop page', async () => {
    const res = await get('/m/article/99999999');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<link rel="canonical" href="https://opinion.example.tw/article/99999999"/>');
    expect(res.body).toMatch(/<a href="\/article\/99999999" class="topbar__switch" rel="nofollow">電腦版<\/a>/);
  });
});
