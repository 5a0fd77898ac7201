import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CliOutput } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { projectRoot } from './shared.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function collector(): CliOutput & { text: string } {
  return {
    text: '',
    isTTY: false,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

/**
 * Runs `opdesk` inside the test process: the same commands a user runs, without paying for a Node start-up and a
 * TypeScript compile per call. Each command opens and closes its own database, as in a separate process.
 */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const code = await main(['node', 'opdesk', ...args], { stdout, stderr, env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the built `bin/opdesk.js` as a separate process, exactly as a user would; call ensureBuilt() first. */
export function runBinary(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'bin', 'opdesk.js'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const BUILD_INPUTS = ['src', 'tsconfig.json', 'package.json'];

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function builtAt(): number | null {
  try {
    return statSync(join(projectRoot, 'dist', 'cli', 'run.js')).mtimeMs;
  } catch {
    return null;
  }
}

function isStale(): boolean {
  const built = builtAt();
  return built === null || BUILD_INPUTS.some((p) => newestMtime(join(projectRoot, p)) > built);
}

/**
 * `npm run build` when dist/ is missing or older than the source, so the end-to-end tests run what a user runs.
 * Test files run in parallel processes: a lock directory makes one of them build while the others wait.
 */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  const lock = join(tmpdir(), `opdesk-build-${createHash('sha1').update(projectRoot).digest('hex').slice(0, 12)}.lock`);
  const giveUpAt = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A builder that died leaves its lock behind; no build takes this long.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > giveUpAt) throw new Error(`waited too long for another test process to build (${lock})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (isStale()) await promisify(execFile)('npm', ['run', 'build'], { cwd: projectRoot });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
