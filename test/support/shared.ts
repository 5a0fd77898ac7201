import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** ../shared sits beside the checkout (on CI and in sessions); OPDESK_SHARED overrides it. */
export const sharedDir = process.env.OPDESK_SHARED ?? resolve(projectRoot, '../shared');

export function sharedPath(...parts: string[]): string {
  const p = join(sharedDir, ...parts);
  if (!existsSync(p)) throw new Error(`missing shared file ${p}: put ../shared beside the checkout or set OPDESK_SHARED`);
  return p;
}
