import type { Db, DialectName, Executor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import { fold, foldChar, NameVariants, shippedNameGroups, type NameGroup } from '../zh/index.js';
import { searchProviderFor, type SearchDocument, type SearchFilters, type SearchHit } from './providers.js';
import { type CompiledQuery, compileQuery, type QueryProblem } from './query.js';

export interface SearchDeps {
  readonly db: Db;
  readonly clock: Clock;
}

/** Called by the articles module inside the transaction that publishes or edits a piece. */
export async function indexArticle(ex: Executor, dialect: DialectName, doc: SearchDocument, at: string): Promise<void> {
  await searchProviderFor(dialect).index(ex, doc, at);
}

export async function removeFromIndex(ex: Executor, dialect: DialectName, articleId: number): Promise<void> {
  await searchProviderFor(dialect).remove(ex, articleId);
}

// The shipped table plus editors' additions; reread at most every few seconds so an addition made by
// `opdesk names add` in another process shows up without a restart.
let namesCache: { at: number; db: Db; names: NameVariants } | null = null;
const NAMES_TTL_MS = 5000;

export async function nameVariants(db: Db): Promise<NameVariants> {
  if (namesCache && namesCache.db === db && Date.now() - namesCache.at < NAMES_TTL_MS) return namesCache.names;
  const extra = await db.kysely.selectFrom('name_variants').select(['form', 'taiwan']).orderBy('form').execute();
  const groups: NameGroup[] = [...shippedNameGroups(), ...extra.map((e) => ({ taiwan: e.taiwan, variants: [e.form], kind: 'editor' }))];
  const names = new NameVariants(groups);
  namesCache = { at: Date.now(), db, names };
  return names;
}

export function forgetNameVariants(): void {
  namesCache = null;
}

export type SearchOutcome =
  | { status: 'ok'; query: CompiledQuery; hits: SearchHit[]; total: number; atLeast: boolean }
  | { status: 'problem'; problem: QueryProblem };

export interface SearchOptions {
  filters?: Omit<SearchFilters, 'publicAt'>;
  /** Newsroom search: drafts and every other state too. */
  allStates?: boolean;
  limit: number;
  offset: number;
}

export async function search(deps: SearchDeps, raw: string, options: SearchOptions): Promise<SearchOutcome> {
  const compiled = compileQuery(raw, await nameVariants(deps.db));
  if (typeof compiled === 'string') return { status: 'problem', problem: compiled };
  const filters: SearchFilters = { ...options.filters, publicAt: options.allStates ? null : deps.clock.now().toISOString() };
  const { hits, total, atLeast } = await searchProviderFor(deps.db.dialect).search(deps.db.kysely, compiled, filters, options.limit, options.offset);
  return { status: 'ok', query: compiled, hits, total, atLeast };
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * About `max` characters of `text` around the first place any spelling occurs, split into plain and matched
 * parts (the page wraps matched parts in <mark>, escaped like everything else). Matching compares folded
 * characters one code point at a time, so 臺灣 in the article lights up for a search for 台灣 and the parts are
 * always the text as written.
 */
export function snippet(text: string, spellings: readonly string[], max = 110): SnippetPart[] {
  const chars = [...text];
  const folded = chars.map(foldChar);
  const needles = [...new Set(spellings.map((s) => [...fold(s)]))].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < folded.length; i++) {
    const needle = needles.find((n) => n.every((c, k) => folded[i + k] === c));
    if (!needle) continue;
    ranges.push([i, i + needle.length]);
    i += needle.length - 1;
  }
  const first = ranges[0];
  if (!first) {
    const head = chars.slice(0, max).join('');
    return [{ text: chars.length > max ? `${head}…` : head, hit: false }];
  }
  const start = Math.max(0, first[0] - Math.floor(max / 4));
  const end = Math.min(chars.length, start + max);
  const parts: SnippetPart[] = start > 0 ? [{ text: '…', hit: false }] : [];
  let cursor = start;
  for (const [a, b] of ranges) {
    if (a >= end) break;
    if (a > cursor) parts.push({ text: chars.slice(cursor, a).join(''), hit: false });
    parts.push({ text: chars.slice(a, Math.min(b, end)).join(''), hit: true });
    cursor = Math.min(b, end);
  }
  if (cursor < end) parts.push({ text: chars.slice(cursor, end).join(''), hit: false });
  if (end < chars.length) parts.push({ text: '…', hit: false });
  return parts;
}

/** Where a rebuild reads documents: the next `limit` after an article id, in id order (the articles module's). */
export type SearchDocumentSource = (ex: Executor, afterId: number, limit: number) => Promise<SearchDocument[]>;

/** Rebuilds the whole index from `source`; `onProgress(done, total)` after each batch. */
export async function reindexAll(
  deps: SearchDeps,
  source: SearchDocumentSource,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<number> {
  const provider = searchProviderFor(deps.db.dialect);
  const ex = deps.db.kysely;
  const counts = await ex
    .selectFrom('articles')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max<number | null>('id').as('newest')])
    .executeTakeFirstOrThrow();
  const total = Number(counts.n);
  await provider.clear(ex, counts.newest === null ? null : Number(counts.newest));
  let done = 0;
  let after = 0;
  for (;;) {
    const docs = await source(ex, after, 200);
    if (docs.length === 0) break;
    const at = deps.clock.now().toISOString();
    await ex.transaction().execute(async (trx) => {
      for (const doc of docs) await provider.index(trx, doc, at);
    });
    done += docs.length;
    after = docs[docs.length - 1]?.articleId ?? after;
    onProgress(done, total);
  }
  await provider.optimize(ex);
  await ex.deleteFrom('search_state').where('key', '=', 'rebuild').execute();
  return done;
}

/**
 * When an upgrade had to drop the index (a migration leaves search_state.rebuild with its reason), rebuilds it
 * from the articles; otherwise does nothing. Every command that migrates calls this right after.
 */
export async function ensureSearchIndex(
  deps: SearchDeps,
  source: SearchDocumentSource,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ articles: number; reason: string } | null> {
  const pending = await deps.db.kysely.selectFrom('search_state').select('value').where('key', '=', 'rebuild').executeTakeFirst();
  if (!pending) return null;
  return { articles: await reindexAll(deps, source, onProgress), reason: pending.value };
}

export interface NameVariantRow {
  form: string;
  taiwan: string;
}

export async function addNameVariant(deps: SearchDeps, form: string, taiwan: string): Promise<void> {
  await deps.db.kysely
    .insertInto('name_variants')
    .values({ form: form.trim(), taiwan: taiwan.trim(), created_at: deps.clock.now().toISOString() })
    .onConflict((oc) => oc.column('form').doUpdateSet({ taiwan: taiwan.trim() }))
    .execute();
  forgetNameVariants();
}

export async function removeNameVariant(deps: SearchDeps, form: string): Promise<boolean> {
  const r = await deps.db.kysely.deleteFrom('name_variants').where('form', '=', form.trim()).executeTakeFirst();
  forgetNameVariants();
  return Number(r.numDeletedRows) > 0;
}

export async function listNameVariants(deps: SearchDeps): Promise<{ shipped: NameGroup[]; editors: NameVariantRow[] }> {
  const editors = await deps.db.kysely.selectFrom('name_variants').select(['form', 'taiwan']).orderBy('taiwan').orderBy('form').execute();
  return { shipped: shippedNameGroups(), editors };
}
