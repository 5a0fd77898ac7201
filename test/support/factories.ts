import { sql } from 'kysely';
import { readFileSync } from 'node:fs';
import { createPublishedArticle, type ArticleBody, BODY_SCHEMA_VERSION } from '../../src/modules/articles/index.js';
import { importPage } from '../../src/modules/importer/index.js';
import type { TestApp } from './test-app.js';
import { sharedPath } from './shared.js';

export const seedText = () => readFileSync(sharedPath('seed', 'ettoday-opinion-2026-01-08.txt'));

export async function importSeed(t: TestApp, tags: string[] = ['川普', '美日關係']) {
  return importPage(t.deps, seedText(), { tags });
}

let counter = 0;

/** A published article with sensible defaults; override what the test is about. */
export async function makeArticle(
  t: TestApp,
  overrides: Partial<{ title: string; lead: string | null; author: string; bio: string | null; tags: string[]; publishedAt: string; paragraphs: string[] }> = {},
): Promise<number> {
  counter++;
  const paragraphs = overrides.paragraphs ?? [`第 ${counter} 篇測試文章的第一段。`, '第二段文字。'];
  const body: ArticleBody = {
    schemaVersion: BODY_SCHEMA_VERSION,
    blocks: [
      { id: `by${counter}`, type: 'byline' },
      ...paragraphs.map((text, i) => ({ id: `p${counter}-${i}`, type: 'paragraph' as const, text })),
    ],
  };
  const result = await createPublishedArticle(t.deps, {
    title: overrides.title ?? `測試文章 ${counter}`,
    lead: overrides.lead === undefined ? `測試導言 ${counter}。` : overrides.lead,
    body,
    bylines: [{ name: overrides.author ?? '測試作者', bio: overrides.bio === undefined ? '測試簡介' : overrides.bio }],
    tags: overrides.tags ?? [],
    publishedAt: overrides.publishedAt ?? new Date(Date.parse('2026-06-01T00:00:00Z') + counter * 60_000).toISOString(),
  });
  return result.id;
}

/** The next article gets id `next`, as on a site whose archive has grown that far (ids never go back). */
export async function continueArticleIdsAt(t: TestApp, next: number): Promise<void> {
  if (t.db.dialect === 'postgres') await sql`alter table articles alter column id restart with ${sql.lit(next)}`.execute(t.db.kysely);
  else await sql`update sqlite_sequence set seq = ${next - 1} where name = 'articles'`.execute(t.db.kysely);
}
