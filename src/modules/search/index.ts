import { type Db, inTransaction } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import { type Actor, audit } from '../accounts/index.js';
import { searchDocumentsAfter } from '../articles/index.js';
import { addNameVariant, ensureSearchIndex, forgetNameVariants, indexArticle, listNameVariants, reindexAll, removeNameVariant } from './engine/index.js';

export { type CompiledQuery, MAX_QUERY_CHARS, type NameVariantRow, addNameVariant, removeNameVariant } from './engine/index.js';
export { type SearchParams, type SearchResults, runSearch } from './search.service.js';
export { searchThroughLane, searchWorkerModule } from './search.lane.js';
export { type SnippetPart, snippet } from './snippet.js';

type Progress = (done: number, total: number) => void;

/** Rebuilds the whole index from the articles (after changing tokenisation rules): `opdesk search reindex`. */
export async function rebuildSearchIndex(deps: { readonly db: Db; readonly clock: Clock }, onProgress?: Progress): Promise<number> {
  return reindexAll(deps, searchDocumentsAfter, onProgress);
}

/** After migrations: rebuilds the index only when one of them had to drop it; null when nothing was needed. */
export async function finishSearchUpgrade(
  deps: { readonly db: Db; readonly clock: Clock },
  onProgress?: Progress,
): Promise<{ articles: number; reason: string } | null> {
  return ensureSearchIndex(deps, searchDocumentsAfter, onProgress);
}

/**
 * Rebuilds the search documents of these articles from what they are now (after a tag or an author was renamed
 * or merged), inside the caller's transaction. An id that no longer exists is skipped.
 */
export async function reindexArticles(deps: { readonly db: Db; readonly clock: Clock }, articleIds: readonly number[]): Promise<void> {
  for (const id of [...new Set(articleIds)].sort((a, b) => a - b)) {
    const [doc] = await searchDocumentsAfter(deps, id - 1, 1);
    if (doc && doc.articleId === id) await indexArticle(deps, doc);
  }
}

// ---- The name-variant table, as `opdesk names` and the newsroom edit it ------------------------------------

type Words = (zh: string, en: string) => string;
const zhOnly: Words = (zh) => zh;

/** A person's or place's name: letters (Han or other), the middle dots and hyphens names use, 1–30 characters. */
export const NAME_FORM = /^[\p{Script=Han}\p{L}·・．.\- ]{1,30}$/u;

export function nameFormProblem(name: string, t: Words = zhOnly): string | null {
  return NAME_FORM.test(name)
    ? null
    : t(`「${name.slice(0, 40)}」不像人名或地名（1–30 個文字，不含數字與符號）`, `“${name.slice(0, 40)}” does not look like a name of a person or place (1–30 letters, no digits or symbols)`);
}

/**
 * Adds a group: searching any of `forms` also finds `taiwan` (and the reverse). Every name is checked first;
 * one bad name adds nothing. Queries pick the table up within seconds on every server (variants are applied to
 * queries, not to the index, so nothing is reindexed).
 */
export async function addNameVariantGroup(
  deps: { readonly db: Db; readonly clock: Clock },
  input: { taiwan: string; forms: readonly string[] },
  actor: Actor,
  t: Words = zhOnly,
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const taiwan = input.taiwan.trim();
  const forms = [...new Set(input.forms.map((f) => f.trim()).filter((f) => f !== ''))];
  const errors: Record<string, string> = {};
  const taiwanProblem = nameFormProblem(taiwan, t);
  if (taiwan === '') errors.taiwan = t('請填台灣慣用的寫法', 'Enter the form used in Taiwan');
  else if (taiwanProblem) errors.taiwan = taiwanProblem;
  if (forms.length === 0) errors.forms = t('請至少填一個其他寫法', 'Enter at least one other form');
  else {
    const bad = forms.map((f) => nameFormProblem(f, t)).find((p) => p !== null);
    if (bad) errors.forms = bad;
    else if (forms.includes(taiwan)) errors.forms = t('其他寫法不能和台灣寫法相同', 'The other forms must differ from the Taiwan form');
    else if (forms.length > 10) errors.forms = t('一次最多 10 個寫法', '10 forms at most at a time');
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await inTransaction(deps, async (tx) => {
    for (const form of forms) await addNameVariant(tx, form, taiwan);
    await audit(tx, actor, 'names.add', taiwan, { forms });
  });
  // Again after commit: a search between the write and the commit may have kept the old table.
  forgetNameVariants();
  return { ok: true };
}

/** Removes an editor's form; the shipped table is changed in assets/search/name-variants.json instead. */
export async function removeNameVariantForm(deps: { readonly db: Db; readonly clock: Clock }, form: string, actor: Actor): Promise<boolean> {
  return inTransaction(deps, async (tx) => {
    const removed = await removeNameVariant(tx, form);
    if (removed) await audit(tx, actor, 'names.remove', form.trim(), {});
    return removed;
  }).finally(forgetNameVariants);
}

export { listNameVariants };
