import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPage } from '../../../src/modules/importer/index.js';
import { parseTaipeiTime } from '../../../src/platform/time.js';
import { projectRoot } from '../../support/shared.js';
import type { TestApp } from '../../support/test-app.js';

export const demoDir = join(projectRoot, 'demo');

interface ManifestEntry {
  file: string;
  publishedAt?: string;
  tags?: string[];
}

export function demoManifest(): ManifestEntry[] {
  return (JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8')) as { articles: ManifestEntry[] }).articles;
}

/** The demo articles, imported the way the server's demo loader does (without images: nothing here needs them). */
export async function importDemo(t: TestApp): Promise<{ ids: number[]; tags: string[] }> {
  const ids: number[] = [];
  const tags = new Set<string>();
  for (const entry of demoManifest()) {
    const publishedAt = entry.publishedAt ? (parseTaipeiTime(entry.publishedAt) ?? undefined) : undefined;
    const outcome = await importPage(t.deps, readFileSync(join(demoDir, entry.file)), { tags: entry.tags ?? [], ...(publishedAt ? { publishedAt } : {}) });
    ids.push(outcome.id);
    for (const tag of entry.tags ?? []) tags.add(tag);
  }
  return { ids, tags: [...tags] };
}
