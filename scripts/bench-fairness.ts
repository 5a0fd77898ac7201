/**
 * npm run bench:fairness — does a fresh visitor still get in while many clients hammer search?
 *
 * wrk keeps FAIRNESS_CONNECTIONS (default 200) keep-alive clients searching for FAIRNESS_DURATION (default 8 s,
 * at most 60 s) while this script opens a new TCP connection every 50 ms, alternately for /healthz and for a
 * cached article page, and times each from connect to the last byte. Prints, per load: the probes' p50/p99/max
 * with no load and under load, search throughput, and how many searches were answered 200, 503 (shed) or
 * otherwise. Everything is on 127.0.0.1 and stops by itself.
 *
 * Loads (FAIRNESS_LOADS, comma-separated; default api,site):
 *   api      /api/v1/search?q=國<a random CJK character>   (cheap, rare words: most of the cost is per request)
 *   site     /search?q=川普                                 (a common word: 1,000 matches ranked, a rendered page)
 *   healthz  /healthz                                      (control: the same number of clients, no search)
 *
 * Target: FAIRNESS_URL=http://127.0.0.1:PORT uses a server that is already running. Otherwise the script builds
 * the app and starts it from dist/ with FAIRNESS_DATABASE_URL (default: a temporary SQLite database with the
 * demo content, whose handful of articles makes search cheap; for figures that mean something point it at a
 * corpus from `BENCH_ARTICLES=15000 BENCH_KEEP=/tmp/corpus.sqlite npm run bench:search`).
 * FAIRNESS_BEFORE_ENV="KEY=value …" first runs the same loads against a server started with those extra
 * settings, labelled "before", so one run prints before and after on the same machine.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, waitFor } from './support/local-server.js';

const root = resolve(import.meta.dirname, '..');
const CONNECTIONS = Math.max(1, Math.min(2000, Number(process.env.FAIRNESS_CONNECTIONS ?? 200)));
const DURATION_S = Math.max(1, Math.min(60, Number.parseInt(process.env.FAIRNESS_DURATION ?? '8', 10)));
const THREADS = 2;
const PROBE_EVERY_MS = 50;
const PROBE_TIMEOUT_MS = 30_000;
const LOADS = (process.env.FAIRNESS_LOADS ?? 'api,site').split(',').map((s) => s.trim()).filter(Boolean);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function ensureWrk(): void {
  if (have('wrk')) return;
  if (process.getuid?.() !== 0) {
    process.stderr.write('bench:fairness needs wrk: sudo apt-get install -y wrk\n');
    process.exit(2);
  }
  process.stdout.write('installing wrk from Debian…\n');
  execFileSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}


interface Probe {
  ms: number;
  status: number | string;
}

/** One request on a connection of its own (no agent, Connection: close): connect, send, read to the end. */
function probe(base: URL, path: string): Promise<Probe> {
  return new Promise((done) => {
    const t0 = performance.now();
    const req = httpRequest(
      { host: base.hostname, port: base.port, path, agent: false, headers: { connection: 'close', 'accept-encoding': 'identity' } },
      (res) => {
        res.resume();
        res.on('end', () => done({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
        res.on('error', (e) => done({ ms: performance.now() - t0, status: e.message }));
      },
    );
    req.setTimeout(PROBE_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => done({ ms: performance.now() - t0, status: e.message }));
    req.end();
  });
}

/** Probes `paths` in turn, one every PROBE_EVERY_MS, for `ms`; returns each path's results once all have ended. */
async function probeFor(base: URL, paths: string[], ms: number): Promise<Map<string, Probe[]>> {
  const results = new Map(paths.map((p) => [p, [] as Probe[]]));
  const pending: Array<Promise<void>> = [];
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end; i++) {
    const path = paths[i % paths.length] as string;
    pending.push(probe(base, path).then((r) => void results.get(path)?.push(r)));
    await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
  }
  await Promise.all(pending);
  return results;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

function summary(list: Probe[]): string {
  const ms = list.map((r) => r.ms).sort((a, b) => a - b);
  const failed = list.filter((r) => r.status !== 200).length;
  const f = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`).padStart(9);
  return `p50 ${f(pct(ms, 0.5))}  p99 ${f(pct(ms, 0.99))}  max ${f(ms[ms.length - 1] ?? NaN)}  (n=${ms.length}${failed ? `, ${failed} not 200` : ''})`;
}

// wrk's Lua: the request to send, and per-status counts gathered from every thread when the run is done.
function wrkScript(kind: string): string {
  const request =
    kind === 'api'
      ? `local function utf8char(cp)
  return string.char(0xE0 + math.floor(cp / 4096), 0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
end
local function pct(s) return (s:gsub('.', function(c) return string.format('%%%02X', string.byte(c)) end)) end
request = function()
  return wrk.format('GET', '/api/v1/search?q=' .. pct('國' .. utf8char(0x4E00 + math.random(0, 20000))))
end`
      : `local path = '${kind === 'site' ? '/search?q=%E5%B7%9D%E6%99%AE' : '/healthz'}'
request = function() return wrk.format('GET', path) end`;
  return `${request}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  ok, shed, other = 0, 0, 0
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 503 then shed = shed + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local o, s, x = 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get('ok'); s = s + t:get('shed'); x = x + t:get('other') end
  io.write(string.format('STATUS %d %d %d\\n', o, s, x))
end
`;
}

interface LoadResult {
  rps: number;
  ok: number;
  shed: number;
  other: number;
  p50: string;
  p99: string;
  timeouts: number;
}

function runWrk(base: URL, kind: string, dir: string): Promise<LoadResult> {
  const script = join(dir, `${kind}.lua`);
  writeFileSync(script, wrkScript(kind));
  const args = ['-t', String(THREADS), '-c', String(CONNECTIONS), '-d', `${DURATION_S}s`, '--timeout', '10s', '--latency', '-s', script, base.origin];
  return new Promise((res, rej) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', rej);
    child.on('exit', () => {
      const status = /STATUS (\d+) (\d+) (\d+)/.exec(out);
      res({
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 'NaN'),
        ok: Number(status?.[1] ?? 0),
        shed: Number(status?.[2] ?? 0),
        other: Number(status?.[3] ?? 0),
        p50: /^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '?',
        p99: /^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '?',
        timeouts: Number(/timeout (\d+)/.exec(out)?.[1] ?? 0),
      });
    });
  });
}

async function measure(label: string, base: URL, dir: string): Promise<void> {
  // The article a reader would open from the home page; fetched twice so the page cache holds it.
  const newest = (await (await fetch(new URL('/api/v1/articles?limit=1', base))).json()) as { data: Array<{ id: number }> };
  const id = newest.data[0]?.id;
  if (id === undefined) throw new Error('no article to probe');
  const article = `/article/${id}`;
  for (let i = 0; i < 2; i++) await (await fetch(new URL(article, base))).arrayBuffer();
  // A few searches first, so the first seconds of load are not V8 compiling the search path.
  for (let i = 0; i < 20; i++) await (await fetch(new URL(`/api/v1/search?q=${encodeURIComponent(i % 2 ? '川普' : '國防')}`, base))).arrayBuffer();
  const paths = ['/healthz', article];
  const idle = await probeFor(base, paths, 2000);
  process.stdout.write(`\n[${label}] ${base.origin}; probes: a new connection every ${PROBE_EVERY_MS} ms, alternately ${paths.join(' and ')}\n`);
  for (const p of paths) process.stdout.write(`  no load         ${p.padEnd(18)} ${summary(idle.get(p) ?? [])}\n`);
  for (const kind of LOADS) {
    const loading = runWrk(base, kind, dir);
    // Probing starts a moment after wrk's connections and stops with the load, so each probe meets the load.
    await new Promise((r) => setTimeout(r, 300));
    const probes = await probeFor(base, paths, DURATION_S * 1000 - 600);
    const load = await loading;
    const name = { api: 'api 國<random>', site: 'site 川普', healthz: 'healthz' }[kind] ?? kind;
    for (const p of paths) process.stdout.write(`  ${name.padEnd(15)} ${p.padEnd(18)} ${summary(probes.get(p) ?? [])}\n`);
    process.stdout.write(
      `  ${''.padEnd(15)} load: ${load.rps.toFixed(0)} req/s; ${load.ok} × 200, ${load.shed} × 503, ${load.other} other, ${load.timeouts} timed out; wrk latency p50 ${load.p50} p99 ${load.p99}\n`,
    );
    await new Promise((r) => setTimeout(r, 1500));
  }
}

function startApp(dir: string, port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [join(root, 'dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: process.env.FAIRNESS_DATABASE_URL ?? `sqlite:${join(dir, 'fairness.sqlite')}`,
      MEDIA_DIR: join(dir, 'media'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function parseEnv(spec: string): Record<string, string> {
  return Object.fromEntries(
    spec
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => {
        const at = kv.indexOf('=');
        if (at < 1) throw new Error(`FAIRNESS_BEFORE_ENV: expected KEY=value, got ${kv}`);
        return [kv.slice(0, at), kv.slice(at + 1)];
      }),
  );
}

async function main(): Promise<void> {
  ensureWrk();
  const dir = mkdtempSync(join(tmpdir(), 'opdesk-fairness-'));
  const children: ChildProcess[] = [];
  process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));
  process.stdout.write(
    `wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION_S}s per load; ${availableParallelism()} cores (wrk, the server and the probes share them), Node ${process.version}\n`,
  );
  try {
    if (process.env.FAIRNESS_URL) {
      const base = new URL(process.env.FAIRNESS_URL);
      if (!LOOPBACK.has(base.hostname)) throw new Error(`FAIRNESS_URL must be on 127.0.0.1 (got ${base.hostname})`);
      await measure('running server', base, dir);
      return;
    }
    if (!process.env.FAIRNESS_DATABASE_URL) {
      process.stdout.write('(the demo database: a handful of articles, so searches are cheap; FAIRNESS_DATABASE_URL=sqlite:… for a real corpus)\n');
    }
    process.stdout.write('building…\n');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    const runs: Array<[string, Record<string, string>]> = [];
    if (process.env.FAIRNESS_BEFORE_ENV) runs.push([`before: ${process.env.FAIRNESS_BEFORE_ENV}`, parseEnv(process.env.FAIRNESS_BEFORE_ENV)]);
    runs.push([runs.length ? 'after: as configured' : 'as configured', {}]);
    for (const [label, env] of runs) {
      const port = await freePort();
      const app = startApp(dir, port, env);
      children.push(app);
      const base = new URL(`http://127.0.0.1:${port}`);
      await waitFor(new URL('/healthz', base).href, 120_000);
      await measure(label, base, dir);
      await stop(app);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
