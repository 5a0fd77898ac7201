import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, waitFor } from '../../scripts/support/local-server.js';
import { projectRoot } from './shared.js';

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything it printed so far (pino lines), for failure messages. */
  output(): string;
  /** Resolves with the exit code (or signal) when it has exited. */
  readonly exited: Promise<number | string | null>;
  /** SIGTERM: a clean shutdown (a run finishes, the lease is released); SIGKILL: a crash. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): Promise<number | string | null>;
}

/**
 * A real server process on the test's clock (test/support/clocked-server.ts, run from source through tsx), on
 * 127.0.0.1 and a free port, ready once /healthz answers.
 */
export async function startClockedServer(clockFile: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/support/clocked-server.ts'), clockFile], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      DEMO_CONTENT: 'false',
      SEARCH_WORKERS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const url = `http://127.0.0.1:${port}`;
  const up = waitFor(`${url}/healthz`, 60_000);
  const died = exited.then((code) => {
    throw new Error(`server exited (${code}) before it answered:\n${output}`);
  });
  try {
    await Promise.race([up, died]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  died.catch(() => undefined);
  return {
    url,
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    kill: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}
