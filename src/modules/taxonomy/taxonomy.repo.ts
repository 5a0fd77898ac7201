import type { Executor } from '../../platform/db/database.js';
import type { SectionRef, TagRef } from './taxonomy.js';
import { foldKey } from '../zh/index.js';

export async function ensureSection(ex: Executor, slug: string, name: string, at: string): Promise<SectionRef> {
  const found = await ex.selectFrom('sections').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
  if (found) return found;
  const inserted = await ex.insertInto('sections').values({ slug, name, created_at: at }).returning('id').executeTakeFirstOrThrow();
  return { id: inserted.id, slug, name };
}

export async function findSectionBySlug(ex: Executor, slug: string): Promise<SectionRef | null> {
  return (await ex.selectFrom('sections').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst()) ?? null;
}

export async function listSections(ex: Executor): Promise<SectionRef[]> {
  return ex.selectFrom('sections').select(['id', 'slug', 'name']).orderBy('id').execute();
}

export async function ensureTag(ex: Executor, name: string, at: string): Promise<TagRef> {
  const clean = name.trim().replace(/\s+/g, ' ');
  const key = foldKey(clean);
  const found = await ex.selectFrom('tags').select(['id', 'name']).where('key', '=', key).executeTakeFirst();
  if (found) return found;
  const inserted = await ex.insertInto('tags').values({ name: clean, key, created_at: at }).returning('id').executeTakeFirstOrThrow();
  return { id: inserted.id, name: clean };
}

export async function findTagByName(ex: Executor, name: string): Promise<TagRef | null> {
  return (await ex.selectFrom('tags').select(['id', 'name']).where('key', '=', foldKey(name)).executeTakeFirst()) ?? null;
}
