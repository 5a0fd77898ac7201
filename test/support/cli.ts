import type { CliOutput } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

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
