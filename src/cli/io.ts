import { WriteStream } from 'node:tty';

/** Where a command writes: the process's stdout or stderr, or anything that collects text (tests). */
export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Everything a command reads from or writes to its surroundings, so it can run inside another program. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Read instead of process.env. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * cli-progress moves the cursor and clears lines, which needs a real terminal, not just something with write():
 * anything else (a pipe, a file, a test's buffer) gets no bar.
 */
export function terminalOf(output: CliOutput): WriteStream | null {
  return output instanceof WriteStream && output.isTTY ? output : null;
}
