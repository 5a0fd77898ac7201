import type { Db } from '../../../platform/db/database.js';
import type { Clock } from '../../../platform/time.js';
import { nameVariants } from './names.js';
import { searchProviderFor, type SearchDocument, type SearchFilters, type SearchHit } from './providers.js';
import { type CompiledQuery, compileQuery, type QueryProblem } from './query.js';

export interface SearchDeps {
  readonly db: Db;
  readonly clock: Clock;
}

/** Called by the articles module inside the transaction that publishes or edits a piece (deps bound to it). */
export async function indexArticle(deps: SearchDeps, doc: SearchDocument): Promise<void> {
  await searchProviderFor(deps.db.dialect).index(deps.db.kysely, doc, deps.clock.now().toISOString());
}

export async function removeFromIndex(deps: { readonly db: Db }, articleId: number): Promise<void> {
  await searchProviderFor(deps.db.dialect).remove(deps.db.kysely, articleId);
}

export type SearchOutcome =
  | { status: 'ok'; query: CompiledQuery; hits: SearchHit[]; total: number; atLeast: boolean }
  | { status: 'problem'; problem: QueryProblem };

export interface SearchOptions {
  filters: SearchFilters;
  limit: number;
  offset: number;
}

/** Compiles the reader's words and returns the best matches' ids (ranked within the newest RANK_WINDOW). */
export async function findMatches(deps: { readonly db: Db }, raw: string, options: SearchOptions): Promise<SearchOutcome> {
  const compiled = compileQuery(raw, await nameVariants(deps.db));
  if (typeof compiled === 'string') return { status: 'problem', problem: compiled };
  const { hits, total, atLeast } = await searchProviderFor(deps.db.dialect).search(deps.db.kysely, compiled, options.filters, options.limit, options.offset);
  return { status: 'ok', query: compiled, hits, total, atLeast };
}

/** Where a rebuild reads documents: the next `limit` after an article id, in id order (the articles module's). */
export type SearchDocumentSource = (deps: { readonly db: Db }, afterId: number, limit: number) => Promise<SearchDocument[]>;

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
    const docs = await source(deps, after, 200);
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

