import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/cli.js';
import { projectRoot } from '../support/shared.js';
import { createDatabaseUrlForProcess } from '../support/test-app.js';

const dirs: string[] = [];
// These run what a user runs: the compiled code, started the two ways the README gives.
beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForOk(url: string, ms = 40_000): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // starting
    }
    if (Date.now() > until) throw new Error(`${url} never answered`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const starts = [
  // The port and host as options: commander's parsing in a real process.
  { label: 'one process: bin/opdesk.js serve', workers: '1', command: (port: number) => ['bin/opdesk.js', 'serve', '--port', String(port), '--host', '127.0.0.1'], listenEnv: (): Record<string, string> => ({}) },
  { label: 'two workers: npm start, i.e. dist/main.js', workers: '2', command: () => ['dist/main.js'], listenEnv: (port: number) => ({ PORT: String(port), HOST: '127.0.0.1' }) },
];

describe.each(starts)('opdesk serve ($label)', ({ workers, command, listenEnv }) => {
  it('migrates, loads the demo content, serves it and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opdesk-serve-'));
    dirs.push(dir);
    const database = await createDatabaseUrlForProcess(dir);
    const port = await freePort();
    const child = spawn(process.execPath, command(port), {
      cwd: projectRoot,
      env: { ...process.env, BASE_URL: `http://127.0.0.1:${port}`, ...listenEnv(port), DATABASE_URL: database.url, MEDIA_DIR: join(dir, 'media'), LOG_LEVEL: 'warn', WEB_CONCURRENCY: workers },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const home = await waitForOk(`http://127.0.0.1:${port}/`).catch((err: Error) => {
        throw new Error(`${err.message}; server said:\n${output}`);
      });
      const html = await home.text();
      expect(html).toContain('川普與高市早苗　美日同盟新棋局中的合作與互動');
      expect([...html.matchAll(/class="card__title"/g)].length).toBeGreaterThanOrEqual(7);
      const article = await fetch(`http://127.0.0.1:${port}/article/3100001`);
      expect(article.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
    await database.cleanup();
  }, 60_000);
});
