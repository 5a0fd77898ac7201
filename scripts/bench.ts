/**
 * npm run bench — the hot article page against nginx serving the identical bytes, in one run, on loopback.
 *
 * 1. builds the app and starts it (demo content, page cache on);
 * 2. saves the seed article page as the app serves it and starts nginx (Debian's package) serving that file;
 * 3. loads both with wrk, same threads, connections and duration, in two pairings with equal process counts:
 *    all cores (nginx `worker_processes auto`, opdesk `WEB_CONCURRENCY=auto`: how each is deployed) and one
 *    process each; prints req/s and the ratios;
 * 4. starts an app with the page cache off and loads it the same way: the uncached render rate.
 * Everything listens on 127.0.0.1 and stops by itself.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitFor } from './support/local-server.js';

const root = resolve(import.meta.dirname, '..');
const DURATION = process.env.BENCH_DURATION ?? '10s';
const CONNECTIONS = process.env.BENCH_CONNECTIONS ?? '50';
const THREADS = '1';

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function ensureTools(): void {
  const missing = [have('nginx') || existsNginx() ? null : 'nginx-light', have('wrk') ? null : 'wrk'].filter((x): x is string => x !== null);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    process.stderr.write(`bench needs ${missing.join(' and ')}: sudo apt-get install -y ${missing.join(' ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`installing ${missing.join(', ')} from Debian…\n`);
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function existsNginx(): boolean {
  return spawnSync('/usr/sbin/nginx', ['-v'], { stdio: 'ignore' }).status === 0;
}


function startApp(dir: string, port: number, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [join(root, 'dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
      MEDIA_DIR: join(dir, 'media'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

function wrk(url: string): { rps: number; latency: string; errors: string } {
  const out = execFileSync('wrk', ['-t', THREADS, '-c', CONNECTIONS, '-d', DURATION, '--latency', url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 'NaN');
  const latency = /50%\s+(\S+)/.exec(out)?.[1] ?? '?';
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
  return { rps, latency, errors };
}

function warm(url: string): void {
  // V8 needs ~15 s of load to finish optimising Node's HTTP path; nginx gets the same warm-up.
  execFileSync('wrk', ['-t', THREADS, '-c', CONNECTIONS, '-d', process.env.BENCH_WARMUP ?? '15s', url], { stdio: 'ignore' });
}

async function main(): Promise<void> {
  ensureTools();
  process.stdout.write('building…\n');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'opdesk-bench-'));
  chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const c of children) c.kill('SIGTERM');
  };
  process.on('exit', stopAll);
  try {
    const appPort = await freePort();
    children.push(startApp(dir, appPort, {}));
    const appBase = `http://127.0.0.1:${appPort}`;
    await waitFor(`${appBase}/healthz`);
    const path = '/article/3100001';
    const page = Buffer.from(await (await fetch(appBase + path, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    if (!page.toString('utf8').includes('川普與高市早苗')) throw new Error('the seed article is not at /article/3100001');

    const www = join(dir, 'www');
    execFileSync('mkdir', ['-p', www, join(dir, 'nginx')]);
    writeFileSync(join(www, 'article.html'), page);
    chmodSync(www, 0o755);
    const nginxPort = await freePort();
    const conf = join(dir, 'nginx', 'nginx.conf');
    const writeConf = (workers: string) => writeFileSync(
      conf,
      `worker_processes ${workers};
daemon off;
pid ${join(dir, 'nginx', 'nginx.pid')};
error_log ${join(dir, 'nginx', 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${join(dir, 'nginx')};
  proxy_temp_path ${join(dir, 'nginx')};
  fastcgi_temp_path ${join(dir, 'nginx')};
  uwsgi_temp_path ${join(dir, 'nginx')};
  scgi_temp_path ${join(dir, 'nginx')};
  server {
    listen 127.0.0.1:${nginxPort};
    root ${www};
    location = ${path} { default_type "text/html; charset=utf-8"; try_files /article.html =404; }
  }
}
`,
    );
    const nginxUrl = `http://127.0.0.1:${nginxPort}${path}`;
    const startNginx = async (workers: string): Promise<ChildProcess> => {
      writeConf(workers);
      const nginx = spawn('/usr/sbin/nginx', ['-c', conf, '-p', join(dir, 'nginx')], { stdio: ['ignore', 'inherit', 'inherit'] });
      children.push(nginx);
      await waitFor(nginxUrl);
      const fromNginx = Buffer.from(await (await fetch(nginxUrl)).arrayBuffer());
      if (!fromNginx.equals(page)) throw new Error('nginx does not serve the same bytes');
      return nginx;
    };
    const stop = async (child: ChildProcess) => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    };

    const clusterPort = await freePort();
    const clusterDir = join(dir, 'cluster');
    execFileSync('mkdir', ['-p', clusterDir]);
    const clusterApp = startApp(clusterDir, clusterPort, { WEB_CONCURRENCY: 'auto' });
    children.push(clusterApp);
    const clusterBase = `http://127.0.0.1:${clusterPort}`;
    await waitFor(`${clusterBase}/healthz`);

    const uncachedPort = await freePort();
    const uncachedDir = join(dir, 'uncached');
    execFileSync('mkdir', ['-p', uncachedDir]);
    children.push(startApp(uncachedDir, uncachedPort, { CACHE_MAX_MB: '0' }));
    const uncachedBase = `http://127.0.0.1:${uncachedPort}`;
    await waitFor(`${uncachedBase}/healthz`);

    const cores = availableParallelism();
    process.stdout.write(`\npage: ${path}, ${page.length} bytes; wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION}, keep-alive, no compression; ${cores} cores, Node ${process.version}\n\n`);
    const measure = (url: string) => {
      warm(url);
      return wrk(url);
    };
    // wrk runs on the same machine and needs a core too; both servers face the same contention.
    let nginx = await startNginx('auto');
    const refAll = measure(nginxUrl);
    await stop(nginx);
    const hotAll = measure(clusterBase + path);
    await stop(clusterApp);
    nginx = await startNginx('1');
    const refOne = measure(nginxUrl);
    await stop(nginx);
    const hotOne = measure(appBase + path);
    const cold = measure(uncachedBase + path);

    const row = (name: string, r: { rps: number; latency: string; errors: string }) =>
      `${name.padEnd(46)}${r.rps.toFixed(0).padStart(10)} req/s   p50 ${r.latency.padStart(8)}   non-2xx ${r.errors}\n`;
    process.stdout.write(row(`nginx static, worker_processes auto (${cores})`, refAll));
    process.stdout.write(row(`opdesk hot article, WEB_CONCURRENCY=auto (${cores})`, hotAll));
    process.stdout.write(row('nginx static, worker_processes 1', refOne));
    process.stdout.write(row('opdesk hot article, one process', hotOne));
    process.stdout.write(row('opdesk uncached render, one process', cold));
    process.stdout.write(`\nhot article / nginx static, all cores each   = ${(hotAll.rps / refAll.rps).toFixed(2)}×   (target ≥ 0.60, aim 0.80)\n`);
    process.stdout.write(`hot article / nginx static, one process each = ${(hotOne.rps / refOne.rps).toFixed(2)}×\n`);
    process.stdout.write(`uncached render rate = ${cold.rps.toFixed(0)} pages/s, one process (${(cold.rps / refOne.rps).toFixed(3)}× nginx)\n`);
  } finally {
    stopAll();
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
