import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Clock } from '../../src/platform/time.js';

/**
 * A clock several processes share: each reading of the time reads FILE (one ISO time), and setClockFile() moves
 * it for all of them at once. Used by clocked-server.ts; nothing in src/ reads such a file.
 */
export function fileClock(file: string): Clock {
  return {
    now: () => {
      const text = readFileSync(file, 'utf8').trim();
      const t = Date.parse(text);
      if (Number.isNaN(t)) throw new Error(`clock file ${file} holds no time: ${JSON.stringify(text)}`);
      return new Date(t);
    },
  };
}

/** The rename makes the change atomic: a reader sees the old time or the new one, never half a line. */
export function setClockFile(file: string, iso: string): void {
  writeFileSync(`${file}.next`, `${new Date(iso).toISOString()}\n`);
  renameSync(`${file}.next`, file);
}
