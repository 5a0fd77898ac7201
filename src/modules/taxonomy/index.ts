import { z } from 'zod';
import { type ChangeFeed, recordChange } from '../../platform/changes.js';
import { type Db, inTransaction } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import { type Actor, audit } from '../accounts/index.js';
import { topics } from '../topics/index.js';
import { foldKey } from '../zh/index.js';
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

/**
 * Where a tag name that no tag has any more (renamed, merged away) now leads: its pages redirect there instead of
 * disappearing from links readers kept.
 */
export async function findTagRedirect(deps: { readonly db: Db }, name: string): Promise<TagRef | null> {
  if (name.length > MAX_TAG_LOOKUP_CHARS || /\p{Cc}/u.test(name)) return null;
  return repo.redirectTarget(deps.db.kysely, foldKey(name));
}

// ---- The desk: sections and tags -------------------------------------------------------------------------

type Words = (zh: string, en: string) => string;
const zhOnly: Words = (zh) => zh;

/** Rebuilds the search documents of these articles inside the caller's transaction (the search module's reindexArticles). */
export type ReindexArticles = (tx: { readonly db: Db; readonly clock: Clock }, articleIds: readonly number[]) => Promise<void>;

interface DeskDeps extends TaxonomyDeps {
  readonly changes?: ChangeFeed;
}

export type TaxonomyResult = { ok: true; id: number; topics: string[] } | { ok: false; errors: Record<string, string> };

function problemsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[issue.path.join('.')] ??= issue.message;
  return errors;
}

function sectionNameSchema(t: Words) {
  return z
    .string()
    .trim()
    .min(1, t('請填寫分類名稱', 'Enter the section name'))
    .refine((v) => [...v].length <= 20, t('分類名稱最多 20 字', 'A section name is 20 characters at most'))
    .refine((v) => !/[\p{Cc}\u2028\u2029]/u.test(v), t('分類名稱不可含控制字元', 'A section name must not contain control characters'));
}

export function sectionInputSchema(t: Words = zhOnly) {
  return z.object({
    slug: z
      .string()
      .trim()
      .regex(SECTION_SLUG, t('網址代稱只能用小寫英文字母、數字與 -，1 到 40 個字元（例：opinion）', 'The URL slug uses lower-case letters, digits and - only, 1 to 40 characters (e.g. opinion)')),
    name: sectionNameSchema(t),
  });
}

export function tagNameSchema(t: Words = zhOnly) {
  return z
    .string()
    .transform((v) => v.trim().replace(/\s+/g, ' '))
    .superRefine((v, ctx) => {
      if (v === '') ctx.addIssue({ code: 'custom', message: t('標籤不可為空白', 'A tag cannot be empty') });
      else if ([...v].length > 30) ctx.addIssue({ code: 'custom', message: t('標籤最多 30 字', 'A tag is 30 characters at most') });
      else if (/[\p{Cc}\/\\?#\u2028\u2029]/u.test(v)) ctx.addIssue({ code: 'custom', message: t('標籤不可含 / \\ ? # 或控制字元', 'A tag must not contain / \\ ? # or control characters') });
    });
}

export async function listSectionsForDesk(deps: { readonly db: Db }) {
  return repo.sectionsWithCounts(deps.db.kysely);
}

export const TAG_PAGE_SIZE = 100;

export async function listTagsForDesk(deps: { readonly db: Db }, options: { q?: string; page?: number }) {
  const q = (options.q ?? '').trim().slice(0, MAX_TAG_LOOKUP_CHARS);
  const page = Math.max(1, options.page ?? 1);
  const found = await repo.tagsWithCounts(deps.db.kysely, q, TAG_PAGE_SIZE, (page - 1) * TAG_PAGE_SIZE);
  return { ...found, q, page, pageCount: Math.max(1, Math.ceil(found.total / TAG_PAGE_SIZE)) };
}

async function finish(deps: DeskDeps, work: (tx: DeskDeps, at: string) => Promise<TaxonomyResult>): Promise<TaxonomyResult> {
  const at = deps.clock.now().toISOString();
  const result = await inTransaction(deps, async (tx) => {
    const r = await work(tx, at);
    if (r.ok) await recordChange(tx.db.kysely, r.topics, at);
    return r;
  });
  if (result.ok) deps.changes?.announce(result.topics);
  return result;
}

/** A new section: in the menu of every page (the site topic). */
export async function createSection(deps: DeskDeps, input: unknown, options: { actor: Actor; t?: Words }): Promise<TaxonomyResult> {
  const t = options.t ?? zhOnly;
  const parsed = sectionInputSchema(t).safeParse(input);
  if (!parsed.success) return { ok: false, errors: problemsOf(parsed.error) };
  const { slug, name } = parsed.data;
  return finish(deps, async (tx, at): Promise<TaxonomyResult> => {
    if (await repo.findSectionBySlug(tx.db.kysely, slug)) return { ok: false, errors: { slug: t(`已有網址代稱為「${slug}」的分類`, `A section with the slug “${slug}” exists`) } };
    const id = await repo.insertSection(tx.db.kysely, slug, name, at);
    await audit(tx, options.actor, 'section.create', `section:${id}`, { slug, name });
    return { ok: true, id, topics: [topics.site, topics.section(id)] };
  });
}

/** A new name for a section (its slug, the URL, stays): its pages, every listing and every page's menu. */
export async function renameSection(deps: DeskDeps, id: number, input: unknown, options: { actor: Actor; t?: Words }): Promise<TaxonomyResult> {
  const t = options.t ?? zhOnly;
  const parsed = z.object({ name: sectionNameSchema(t) }).safeParse(input);
  if (!parsed.success) return { ok: false, errors: problemsOf(parsed.error) };
  return finish(deps, async (tx): Promise<TaxonomyResult> => {
    const before = await repo.findSectionById(tx.db.kysely, id);
    if (!before) return { ok: false, errors: { '': t('找不到這個分類', 'No such section') } };
    if (before.name === parsed.data.name) return { ok: true, id, topics: [] };
    await repo.renameSection(tx.db.kysely, id, parsed.data.name);
    await audit(tx, options.actor, 'section.rename', `section:${id}`, { from: before.name, to: parsed.data.name });
    // Article pages print their section's name; they carry the site topic like every page.
    return { ok: true, id, topics: [topics.site, topics.section(id), topics.list] };
  });
}

function tagChangeTopics(tagIds: readonly number[], articleIds: readonly number[]): string[] {
  return [topics.list, ...tagIds.map(topics.tag), ...articleIds.map(topics.article)];
}

/**
 * A new spelling for a tag. A name that folds to another tag's key is refused (merge them instead); the old
 * name's pages redirect to the new one; the tagged articles' search documents are rebuilt in the same transaction.
 */
export async function renameTag(deps: DeskDeps, id: number, input: unknown, options: { actor: Actor; reindex: ReindexArticles; t?: Words }): Promise<TaxonomyResult> {
  const t = options.t ?? zhOnly;
  const parsed = z.object({ name: tagNameSchema(t) }).safeParse(input);
  if (!parsed.success) return { ok: false, errors: problemsOf(parsed.error) };
  const name = parsed.data.name;
  const key = foldKey(name);
  return finish(deps, async (tx, at): Promise<TaxonomyResult> => {
    const ex = tx.db.kysely;
    const before = await repo.findTagById(ex, id);
    if (!before) return { ok: false, errors: { '': t('找不到這個標籤', 'No such tag') } };
    if (before.name === name) return { ok: true, id, topics: [] };
    const holder = await repo.tagIdByKey(ex, key);
    if (holder !== null && holder !== id) {
      return { ok: false, errors: { name: t(`已有標籤「${name}」（寬窄、大小寫視為相同）；要把兩者合而為一請用「合併」`, `A tag “${name}” exists (width and case are ignored); use Merge to make them one`) } };
    }
    const oldKey = foldKey(before.name);
    await repo.renameTag(ex, id, name, key);
    await repo.dropRedirect(ex, key);
    if (oldKey !== key) await repo.addRedirect(ex, oldKey, id, at);
    const articleIds = await repo.articleIdsTagged(ex, id);
    await options.reindex(tx, articleIds);
    await audit(tx, options.actor, 'tag.rename', `tag:${id}`, { from: before.name, to: name, articles: articleIds.length });
    return { ok: true, id, topics: tagChangeTopics([id], articleIds) };
  });
}

/**
 * Merges one tag into another: its articles move over, it is deleted, and its pages (and any that redirected to
 * it) redirect to the tag it joined. The moved articles' search documents are rebuilt in the same transaction.
 */
export async function mergeTags(
  deps: DeskDeps,
  input: { fromId: number; into: string },
  options: { actor: Actor; reindex: ReindexArticles; t?: Words },
): Promise<TaxonomyResult> {
  const t = options.t ?? zhOnly;
  const into = tagNameSchema(t).safeParse(input.into);
  if (!into.success) return { ok: false, errors: { into: into.error.issues[0]?.message ?? '' } };
  return finish(deps, async (tx, at): Promise<TaxonomyResult> => {
    const ex = tx.db.kysely;
    const from = await repo.findTagById(ex, input.fromId);
    if (!from) return { ok: false, errors: { '': t('找不到這個標籤', 'No such tag') } };
    const target = await repo.findTagByName(ex, into.data);
    if (!target) return { ok: false, errors: { into: t(`沒有標籤「${into.data}」；請填要併入的現有標籤`, `There is no tag “${into.data}”; enter an existing tag to merge into`) } };
    if (target.id === from.id) return { ok: false, errors: { into: t('不能把標籤併入自己', 'A tag cannot be merged into itself') } };
    const articleIds = await repo.articleIdsTagged(ex, from.id);
    await repo.mergeTagRows(ex, from.id, target.id, foldKey(from.name), at);
    await options.reindex(tx, articleIds);
    await audit(tx, options.actor, 'tag.merge', `tag:${target.id}`, { from: from.name, fromId: from.id, into: target.name, articles: articleIds.length });
    return { ok: true, id: target.id, topics: tagChangeTopics([from.id, target.id], articleIds) };
  });
}

export async function getSectionForDesk(deps: { readonly db: Db }, id: number) {
  return (await repo.sectionsWithCounts(deps.db.kysely)).find((s) => s.id === id) ?? null;
}

export async function getTagForDesk(deps: { readonly db: Db }, id: number): Promise<(TagRef & { articleCount: number }) | null> {
  const tag = await repo.findTagById(deps.db.kysely, id);
  return tag ? { ...tag, articleCount: (await repo.articleIdsTagged(deps.db.kysely, id)).length } : null;
}
