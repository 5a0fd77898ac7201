import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type ContentDeps, countArticles } from '../modules/articles/index.js';
import { importPage } from '../modules/importer/index.js';
import { getEditorialSettings } from '../modules/settings/index.js';
import { receiveSubmission, requestRevision, submissionFormSchema, type SubmissionsDeps } from '../modules/submissions/index.js';
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

const demoSubmissionsSchema = z.object({
  submissions: z.array(
    z.object({
      file: z.string(),
      title: z.string(),
      lead: z.string(),
      penName: z.string(),
      bioLine: z.string(),
      realName: z.string(),
      email: z.string(),
      phone: z.string(),
      occupation: z.string(),
      conflicts: z.string(),
      /** A revision the desk has asked for, so the demo shows a piece in each state a newcomer meets first. */
      deskAsks: z.string().optional(),
    }),
  ),
});

/**
 * A couple of pieces waiting in 我要投稿's desk, sent through the same service as the public form. Called with
 * the demo articles, so only into a database that was empty.
 */
export async function loadDemoSubmissions(deps: SubmissionsDeps): Promise<{ loaded: number }> {
  const demo = demoSubmissionsSchema.parse(JSON.parse(readFileSync(`${demoDir}submissions/submissions.json`, 'utf8')));
  const settings = await getEditorialSettings(deps);
  const schema = submissionFormSchema({ minChars: settings.submissionMinChars, maxChars: settings.submissionMaxChars });
  for (const entry of demo.submissions) {
    const form = schema.parse({
      ...entry,
      address: '',
      body: readFileSync(`${demoDir}submissions/${entry.file}`, 'utf8'),
      declareOriginal: 'on',
      declareExclusive: 'on',
      declareLicence: 'on',
      consent: 'on',
      termsVersion: settings.submissionTermsVersion,
    });
    const received = await receiveSubmission(deps, form, []);
    if (entry.deskAsks) await requestRevision(deps, received.id, entry.deskAsks, { userId: null });
  }
  return { loaded: demo.submissions.length };
}
