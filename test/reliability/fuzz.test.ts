import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { importDemo } from './support/content.js';
import { nastyRaw, nastyText, oddHeaders, queryKeys } from './support/nasty.js';
import { rawGet, rawRequest } from './support/raw-http.js';
import { type Rng, rng, seedFromEnv } from './support/random.js';
import { enumerateRoutes, type RouteInfo, routeParams } from './support/routes.js';

// ≥ 5,000 requests per database, as the brief asks; the socket slice adds to it.
const INJECT_REQUESTS = Number(process.env.RELIABILITY_FUZZ_REQUESTS ?? 5_400);
const SOCKET_REQUESTS = 700;
const WARMUP_REQUESTS = 600;
const SEED = seedFromEnv(20_261_127);

// gc() gives heap figures that measure what is kept, not what the collector has not reached yet.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

let t: TestApp;
let routes: RouteInfo[];
let articleIds: number[];
let authorIds: number[];
let tagNames: string[];
let port: number;

/** Percent-encodes the UTF-8 bytes of any string (encodeURIComponent throws on a lone surrogate). */
function pct(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function real(r: Rng, name: string): string {
  if (name === 'id' || name === 'author') return String(r.pick(name === 'author' ? authorIds : [...articleIds, ...authorIds]));
  if (name === 'name' || name === 'tag') return pct(r.pick(tagNames));
  if (name === 'slug' || name === 'section') return 'opinion';
  if (name === 'page') return String(r.int(1, 3));
  if (name === 'q') return pct(r.pick(['川普', '交通', '能源轉型', '特朗普', '"美日 同盟"']));
  return pct(r.pick(['1', 'x', '']));
}

function value(r: Rng, name: string): string {
  const roll = r.next();
  if (roll < 0.25) return real(r, name);
  if (roll < 0.7) return pct(r.pick(nastyText));
  if (roll < 0.95) return r.pick(nastyRaw);
  // a valid value with nasty bytes around it
  return `${real(r, name)}${r.pick(nastyRaw)}`;
}

function query(r: Rng): string {
  const n = r.pick([0, 0, 1, 1, 2, 3, 5]);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = r.pick(queryKeys);
    const shaped = r.pick([key, key, key, `${key}[]`, `${key}[b]`, `${key}[0][x]`, `${key}.x`, pct(key)]);
    const v = value(r, key);
    parts.push(r.chance(0.05) ? shaped : `${shaped}=${v}`);
    if (r.chance(0.12)) parts.push(`${shaped}=${value(r, key)}`); // ?a=1&a=2
  }
  if (r.chance(0.03)) parts.push(r.pick(['&&', '=', '=x', '&', '?', '#frag']));
  return parts.length > 0 ? `?${parts.join('&')}` : r.chance(0.05) ? '?' : '';
}

function pathFor(r: Rng, route: RouteInfo): string {
  let path = route.url;
  for (const name of routeParams(route.url)) {
    const v = name === '*' ? r.pick(['originals/x.jpg', '../../etc/passwd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '.hidden', '', value(r, 'id')]) : value(r, name);
    path = path.replace(name === '*' ? '*' : `:${name}`, v);
  }
  // Sometimes a trailing slash, a doubled slash or a dot segment on a real route.
  if (r.chance(0.04)) path += r.pick(['/', '//', '/.', '/..', '%2F']);
  return path;
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

function generate(r: Rng): FuzzRequest {
  const route = r.pick(routes);
  const roll = r.next();
  const method = roll < 0.78 ? 'GET' : roll < 0.86 ? 'HEAD' : r.pick(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']);
  const headers: Record<string, string> = {};
  if (r.chance(0.3)) Object.assign(headers, r.pick(oddHeaders), r.chance(0.3) ? r.pick(oddHeaders) : {});
  const req: FuzzRequest = { method, url: pathFor(r, route) + query(r), headers };
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && r.chance(0.5)) {
    req.payload = r.pick(['{"a":', '{"__proto__":{"x":1}}', 'a=1&a[b]=2', '<xml/>', '\u0000'.repeat(10)]);
    headers['content-type'] = r.pick(['application/json', 'application/x-www-form-urlencoded', 'text/xml', 'application/octet-stream']);
  }
  return req;
}

interface Seen {
  status: number;
  headers: Readonly<Record<string, string | string[] | number | undefined>>;
  body: string;
}

interface Failure {
  label: string;
  req: FuzzRequest;
  status: number;
  problems: string[];
}
const failures: Failure[] = [];

/** One line per request, replayable (the URL and headers exactly as sent; long values shortened for reading). */
const cut = (s: string, n = 240) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
function describeFailure(f: Failure): string {
  const headers = Object.fromEntries(Object.entries(f.req.headers).map(([k, v]) => [k, cut(v, 80)]));
  return `${f.label} ${f.req.method} ${cut(f.req.url)} headers=${JSON.stringify(headers)}${f.req.payload !== undefined ? ` payload=${JSON.stringify(f.req.payload)}` : ''} → ${f.status}: ${f.problems.map((p) => cut(p, 300)).join('; ')}`;
}

/** Failures grouped by what went wrong (the status and the problem with its details removed), three examples each. */
function summary(from = 0): string[] {
  const groups = new Map<string, Failure[]>();
  for (const f of failures.slice(from)) {
    const key = `${f.status} ${f.problems.map((p) => p.replace(/:.*$/s, '')).join('; ')}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups].map(([key, list]) => `${list.length}× ${key}\n    ${list.slice(0, 3).map(describeFailure).join('\n    ')}`);
}
const stats = { requests: 0, byStatus: new Map<number, number>(), serverErrors: 0, parserRefusals: 0 };

function header(h: Seen['headers'], name: string): string {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v);
}

/** The invariants every response keeps, whatever was sent. Returns what is wrong, or []. */
function check(req: { method: string; url: string }, res: Seen): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`status ${res.status}`);
  const path = req.url.split('?')[0] ?? '';
  const type = header(res.headers, 'content-type');
  if (type.startsWith('text/html')) {
    if (!header(res.headers, 'content-security-policy')) problems.push('HTML without content-security-policy');
    if (header(res.headers, 'x-content-type-options') !== 'nosniff') problems.push('HTML without x-content-type-options: nosniff');
  }
  const site = !/^\/(api|media|healthz)(\/|$|\?)/.test(path);
  if (site && res.status >= 400 && res.status !== 405 && req.method === 'GET' && !type.startsWith('text/html')) {
    // docs/ARCHITECTURE.md: the site answers its errors with its own zh-Hant pages (a malformed path parameter is the route's 404).
    problems.push(`site error is not an HTML page (${type || 'no content-type'}): ${res.body.slice(0, 160)}`);
  }
  const api = path === '/api' || path.startsWith('/api/') || path.startsWith('/api?');
  if (api && res.status !== 304) {
    if (!type.startsWith('application/json')) problems.push(`API answered ${type || 'no content-type'}`);
    else if (req.method !== 'HEAD' && (res.status < 200 || res.status > 299)) {
      try {
        const parsed = JSON.parse(res.body) as { errors?: Array<{ code?: unknown; message?: unknown }> };
        const ok = Array.isArray(parsed.errors) && parsed.errors.length > 0 && parsed.errors.every((e) => typeof e.code === 'string' && typeof e.message === 'string' && e.message !== '');
        if (!ok) problems.push(`API error body not {"errors":[{code,message}]}: ${res.body.slice(0, 200)}`);
      } catch {
        problems.push(`API error body is not JSON: ${res.body.slice(0, 200)}`);
      }
    }
  }
  return problems;
}

function record(label: string, req: FuzzRequest, res: Seen): void {
  stats.requests++;
  stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
  if (res.status >= 500) stats.serverErrors++;
  const problems = check(req, res);
  if (problems.length > 0) {
    failures.push({ label, req, status: res.status, problems });
  }
}

beforeAll(async () => {
  t = await buildTestApp();
  const demo = await importDemo(t);
  articleIds = demo.ids;
  tagNames = demo.tags;
  authorIds = [];
  for (const id of articleIds) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/articles/${id}` });
    const authors = (res.json() as { data: { authors: Array<{ id: number }> } }).data.authors;
    authorIds.push(...authors.map((a) => a.id));
  }
  routes = enumerateRoutes(t.app);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  if (failures.length > 0) {
    // Every failing request, replayable: written beside the run and printed.
    const file = join(tmpdir(), `opdesk-fuzz-failures-${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}.txt`);
    writeFileSync(file, `${failures.map((f) => `${f.label} ${JSON.stringify({ method: f.req.method, url: f.req.url, headers: f.req.headers, payload: f.req.payload })} → ${f.status}: ${f.problems.join('; ')}`).join('\n')}\n`);
    console.log(`fuzz failures written to ${file}`);
  }
  await t?.close();
});

describe(`fuzzer over every route (seed ${SEED})`, () => {
  it('finds the routes in the app itself, media and API included', () => {
    const urls = routes.map((r) => r.url);
    for (const expected of ['/healthz', '/article/:id', '/m/article/:id', '/tag/:name', '/api/v1/articles/:id', '/api/v1/search', '/media/*']) expect(urls).toContain(expected);
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  let heapAfterWarmup = 0;
  let heapAfterRun = 0;

  it(`answers ${INJECT_REQUESTS} generated requests (inject) without a 5xx, with headers and error shapes intact`, async () => {
    const r = rng(SEED);
    const started = Date.now();
    for (let i = 0; i < INJECT_REQUESTS; i++) {
      if (i === WARMUP_REQUESTS) heapAfterWarmup = heapMb();
      const req = generate(r);
      const res = await t.app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
      record('inject', req, { status: res.statusCode, headers: res.headers, body: res.body });
    }
    heapAfterRun = heapMb();
    console.log(
      `fuzz (${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}): ${INJECT_REQUESTS} inject requests in ${Date.now() - started} ms over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...stats.byStatus].sort((a, b) => a[0] - b[0])))}; 5xx ${stats.serverErrors}; heap after warm-up ${heapAfterWarmup.toFixed(1)} MB, after run ${heapAfterRun.toFixed(1)} MB`,
    );
    expect(summary()).toEqual([]);
  });

  it(`answers ${SOCKET_REQUESTS} requests over a real socket (raw URLs, the fast path) the same way`, async () => {
    const r = rng(SEED + 1);
    const before = stats.requests;
    const failuresBefore = failures.length;
    // Request lines no client library would build: raw bytes Node's parser must refuse or route.
    const rawTargets: Buffer[] = [
      Buffer.from('/tag/川普', 'utf8'),
      Buffer.from('/search?q=川普 關稅', 'utf8'),
      Buffer.concat([Buffer.from('/tag/'), Buffer.from([0xc0, 0xaf])]),
      Buffer.concat([Buffer.from('/search?q='), Buffer.from([0xed, 0xa0, 0x80])]),
      Buffer.concat([Buffer.from('/api/v1/search?q='), Buffer.from([0xff, 0xfe])]),
      Buffer.from('/article/3100001\u0000', 'latin1'),
      Buffer.from('/api/v1/articles\t', 'latin1'),
      Buffer.from('http://evil.example/article/3100001'),
      Buffer.from('*'),
      Buffer.from('//article/3100001'),
      Buffer.from('/m/../api/v1/articles'),
      Buffer.from('/api/v1/../../healthz'),
      Buffer.from('/media/../../../../etc/passwd'),
      Buffer.from('/media/%2e%2e/%2e%2e/etc/passwd'),
      Buffer.from('/media/..%5c..%5cpackage.json'),
      Buffer.from('\\article\\3100001'),
      Buffer.from(`/search?q=${'%E5%B7%9D'.repeat(20_000)}`),
      Buffer.from(`/api/v1/search?q=${'a'.repeat(300_000)}`),
      Buffer.from('/api/v1/articles?limit=1#frag'),
      Buffer.from('/article/3100001?from=line&from=fb'),
    ];
    const send = async (label: string, req: FuzzRequest, target: Buffer) => {
      const res = await rawRequest(port, rawGet(target, req.headers, req.method));
      const parserRefusal = res.headers.connection === 'close' && res.headers['content-type'] === 'text/plain; charset=utf-8' && (res.status === 400 || res.status === 431);
      if (parserRefusal) {
        // Node's HTTP parser refused the request line before any route (clientErrorHandler): no surface is
        // involved, so neither the API's JSON shape nor the page headers apply; only the status is checked.
        stats.parserRefusals++;
        stats.requests++;
        return;
      }
      record(label, req, { status: res.status, headers: res.headers, body: res.body.toString('utf8') });
    };
    for (const target of rawTargets) for (const method of ['GET', 'HEAD']) await send('socket-raw', { method, url: target.toString('latin1').slice(0, 300), headers: {} }, target);
    // Cached pages with odd conditional and encoding headers: these hits are answered by the fast path.
    const warm = [`/article/${articleIds[0]}`, '/', '/m/', `/api/v1/articles/${articleIds[1]}`, `/author/${authorIds[0]}`];
    for (const url of warm) await rawRequest(port, rawGet(url));
    for (let i = 0; i < 150; i++) {
      const headers = { ...r.pick(oddHeaders) };
      if ('host' in headers) continue;
      const url = r.pick(warm);
      await send('socket-fastpath', { method: r.pick(['GET', 'HEAD']), url, headers }, Buffer.from(url));
    }
    while (stats.requests - before < SOCKET_REQUESTS) {
      const req = generate(r);
      if ('host' in req.headers || req.payload !== undefined) continue;
      await send('socket', req, Buffer.from(req.url, 'latin1'));
    }
    console.log(`fuzz socket slice: ${stats.requests - before} requests, ${stats.parserRefusals} refused by Node's HTTP parser (400/431 before routing); total ${stats.requests} requests, 5xx ${stats.serverErrors}`);
    expect(summary(failuresBefore)).toEqual([]);
  });

  it('is still healthy afterwards, and still serves a real page', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const page = await t.app.inject({ method: 'GET', url: `/article/${articleIds[0]}` });
    expect(page.statusCode).toBe(200);
    const search = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('川普')}` });
    expect(search.statusCode).toBe(200);
    expect(stats.requests).toBeGreaterThanOrEqual(5_000);
    expect(stats.serverErrors).toBe(0);
  });

  it('keeps its heap bounded: after the run under 1.5× the heap after warm-up', () => {
    // Why 1.5×: after warm-up every code path is compiled and the page cache already holds the few pages of
    // the demo content (fuzzed URLs that name nothing are never cached, and the valid ones share canonical
    // keys), so a run that keeps nothing per request ends where it started plus noise. Measured on this
    // machine: see README (about +0–10 %). A leak of even 1 KB per request over 5,000 requests would cross it.
    expect(heapAfterWarmup).toBeGreaterThan(0);
    expect(heapAfterRun).toBeLessThan(heapAfterWarmup * 1.5);
  });
});
