import type { Db } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import type { SectionRef, TagRef } from './taxonomy.js';

export type { SectionRef, TagRef } from './taxonomy.js';
import * as repo from './taxonomy.repo.js';

/** The section every imported 雲論 piece lands in unless told otherwise. */
export const DEFAULT_SECTION = { slug: 'opinion', name: '雲論' } as const;

interface TaxonomyDeps {
  readonly db: Db;
  readonly clock: Clock;
}

/** Section slugs as URLs carry them. */
export const SECTION_SLUG = /^[a-z0-9-]{1,40}$/;
/** Longest tag name a URL may ask for; stored names are at most 30 characters (tagNameProblem). */
export const MAX_TAG_LOOKUP_CHARS = 60;

/** Tag names: 1–30 characters, no control characters, no slashes (they become URL paths). */
export function tagNameProblem(name: string): string | null {
  const t = name.trim();
  if (t === '') return '標籤不可為空白';
  if ([...t].length > 30) return `標籤「${t.slice(0, 30)}…」超過 30 字`;
  if (/[\p{Cc}\/\\?#]/u.test(t)) return `標籤「${t}」含有不允許的字元（/ \\ ? # 或控制字元）`;
  return null;
}

export async function ensureSection(deps: TaxonomyDeps, slug: string, name: string): Promise<SectionRef> {
  return repo.ensureSection(deps.db.kysely, slug, name, deps.clock.now().toISOString());
}

export async function ensureTag(deps: TaxonomyDeps, name: string): Promise<TagRef> {
  return repo.ensureTag(deps.db.kysely, name, deps.clock.now().toISOString());
}

/** A section by the slug in a URL; null for any slug that cannot exist. */
export async function findSection(deps: { readonly db: Db }, slug: string): Promise<SectionRef | null> {
  return SECTION_SLUG.test(slug) ? repo.findSectionBySlug(deps.db.kysely, slug) : null;
}

/** A tag by any spelling that folds to its key (ＡＩ = ai); null for names no tag can have. */
export async function findTag(deps: { readonly db: Db }, name: string): Promise<TagRef | null> {
  if (name.length > MAX_TAG_LOOKUP_CHARS || /\p{Cc}/u.test(name)) return null;
  return repo.findTagByName(deps.db.kysely, name);
}

export async function listSections(deps: { readonly db: Db }): Promise<SectionRef[]> {
  return repo.listSections(deps.db.kysely);
}
