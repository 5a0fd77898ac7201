import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type ContentDeps, countArticles } from '../modules/articles/index.js';
import { importPage } from '../modules/importer/index.js';
import type { MediaDeps } from '../modules/media/index.js';
import type { Logger } from '../platform/logger.js';
import { parseTaipeiTime } from '../platform/time.js';

// src/app and dist/app are both two levels below the project root.
export const demoDir = fileURLToPath(new URL('../../demo/', import.meta.url));

const manifestSchema = z.object({
  articles: z.array(
    z.object({
      file: z.string(),
      publishedAt: z.string().optional(),
      tags: z.array(z.string()).default([]),
      section: z.string().optional(),
      sourceNote: z.string().optional(),
      images: z.record(z.string(), z.string()).default({}),
    }),
  ),
});

/**
 * Fills an empty database with the demo articles in demo/ through the same importer editors use.
 * A database that already holds articles is never touched.
 */
export async function loadDemoContent(deps: ContentDeps & MediaDeps, log: Logger): Promise<{ loaded: number }> {
  if ((await countArticles(deps)) > 0) return { loaded: 0 };
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(`${demoDir}manifest.json`, 'utf8')));
  let loaded = 0;
  for (const entry of manifest.articles) {
    const images = new Map<number, Buffer>();
    for (const [index, file] of Object.entries(entry.images)) images.set(Number(index), readFileSync(`${demoDir}${file}`));
    const publishedAt = entry.publishedAt ? parseTaipeiTime(entry.publishedAt) : null;
    if (entry.publishedAt && !publishedAt) throw new Error(`demo/manifest.json: bad publishedAt ${entry.publishedAt}`);
    const outcome = await importPage(deps, readFileSync(`${demoDir}${entry.file}`), {
      tags: entry.tags,
      images,
      sourceNote: entry.sourceNote ?? null,
      ...(publishedAt ? { publishedAt } : {}),
      ...(entry.section ? { sectionSlug: entry.section } : {}),
    });
    if (outcome.status === 'created') loaded++;
    log.debug({ file: entry.file, id: outcome.id }, 'demo article loaded');
  }
  return { loaded };
}
