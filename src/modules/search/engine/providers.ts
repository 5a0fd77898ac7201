import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DialectName, Executor } from '../../../platform/db/database.js';
import { fold, gramTokens, wordTokens } from '../../zh/index.js';
import { fts5String, tsLexeme } from './escape.js';
import { type CompiledQuery, toFts5Match, toTsMatchQuery, toTsRankQuery } from './query.js';

/** What gets indexed for one article; the provider tokenises it. */
export interface SearchDocument {
  articleId: number;
  title: string;
  lead: string;
  body: string;
  /** Author names and tag names. */
  meta: string;
  /** What search can be narrowed by; SQLite keeps them in the index so a filter is a doclist to intersect. */
  facets: { authorIds: number[]; tagIds: number[]; sectionId: number | null };
}

export interface SearchFilters {
  /**
   * Which articles may be found, as a condition on the articles table aliased "a" — the articles module's rule
   * of what readers may see, passed in so that the rule is written once; null finds every state (the newsroom).
   */
  visible: Expression<SqlBool> | null;
  authorId?: number;
  tagId?: number;
  sectionId?: number;
  /** UTC ISO bounds on published_at, inclusive. */
  from?: string;
  to?: string;
}

export interface SearchHit {
  articleId: number;
  score: number;
}

/** The same behaviour on both engines: tokenisation happens here in JS; each engine only stores and matches. */
export interface SearchProvider {
  index(ex: Executor, doc: SearchDocument, at: string): Promise<void>;
  remove(ex: Executor, articleId: number): Promise<void>;
  /** Empties the index before a rebuild that will index every article in id order up to `newestArticleId`. */
  clear(ex: Executor, newestArticleId: number | null): Promise<void>;
  /** After a bulk load or rebuild: compact the index and refresh the planner's statistics. */
  optimize(ex: Executor): Promise<void>;
  /** `total` is exact unless `atLeast`: then there are at least that many matches and the count stopped there. */
  search(ex: Executor, q: CompiledQuery, filters: SearchFilters, limit: number, offset: number): Promise<{ hits: SearchHit[]; total: number; atLeast: boolean }>;
}

const MAX_TOKEN_CHARS = 60;

/** How many of the newest matches a query ranks by relevance; pages and the count stop there too. */
export const RANK_WINDOW = 1000;

function tokensOf(text: string): string[] {
  return gramTokens(fold(text)).map((t) => [...t].slice(0, MAX_TOKEN_CHARS).join(''));
}

/**
 * Dictionary words of the title and lead only: they lift whole-word matches where it matters most, and
 * segmenting whole bodies would be half of all indexing time (Intl.Segmenter is the slow part).
 */
function wordsOf(doc: SearchDocument): string[] {
  return wordTokens(fold(`${doc.title}\n${doc.lead}`));
}

/** Tokens that cannot be confused with text: the query compiler never targets the facets column. */
function facetTokens(f: SearchDocument['facets']): string[] {
  return [...f.authorIds.map((id) => `a${id}`), ...f.tagIds.map((id) => `t${id}`), ...(f.sectionId === null ? [] : [`s${f.sectionId}`])];
}

/**
 * Filters shared by both engines, on the articles table aliased "a". `articleId` names the article id column the
 * author and tag conditions use: given the index's own id, SQLite checks them before it looks the article up, so
 * an author's 30 pieces among 10,000 matches cost 10,000 index probes instead of 10,000 article reads.
 */
function filterSql(f: SearchFilters, articleId: RawBuilder<unknown> = sql.ref('a.id')) {
  const parts = [sql`1 = 1`];
  if (f.visible !== null) parts.push(sql`${f.visible}`);
  if (f.authorId !== undefined) {
    parts.push(sql`exists (select 1 from article_authors aa where aa.article_id = ${articleId} and aa.author_id = ${f.authorId})`);
  }
  if (f.tagId !== undefined) parts.push(sql`exists (select 1 from article_tags t where t.article_id = ${articleId} and t.tag_id = ${f.tagId})`);
  if (f.sectionId !== undefined) parts.push(sql`a.section_id = ${f.sectionId}`);
  if (f.from !== undefined) parts.push(sql`a.published_at >= ${f.from}`);
  if (f.to !== undefined) parts.push(sql`a.published_at <= ${f.to}`);
  return sql.join(parts, sql` and `);
}

/** Article ids per SQLite shard. Frozen by migration 2026-11-28-002: a new span would need the shards rebuilt. */
export const SHARD_SPAN = 10_000;
/** Articles a new shard needs before its own statistics rank it; until then the shard before ranks them. */
export const SHARD_WARM = 2_500;

const ARCHIVE = sql.raw('search_fts');
// Shard numbers only ever come from Math.floor or from search_shards' integer column, so the name is safe raw.
const shardTable = (shard: number) => sql.raw(`search_fts_${Math.trunc(shard)}`);

interface Shard {
  shard: number;
  warm: number;
}

async function shardsNewestFirst(ex: Executor): Promise<Shard[]> {
  return ex.selectFrom('search_shards').select(['shard', 'warm']).orderBy('shard', 'desc').execute();
}

/**
 * The shard tables an article's tokens go to: its own, made when the first article of a new range arrives (which
 * closes the older shards: warm from then on, and all but the one just before dropped — the archive table has
 * their articles), plus the shard before while its own is not warm yet. An older article whose shard is gone
 * lives in the archive table only.
 */
async function shardsFor(ex: Executor, articleId: number): Promise<{ own: Shard | null; previous: number | null }> {
  const shard = Math.floor(articleId / SHARD_SPAN);
  const existing = await shardsNewestFirst(ex);
  let own = existing.find((s) => s.shard === shard) ?? null;
  if (!own && (existing[0]?.shard ?? -1) < shard) {
    for (const old of existing.slice(1)) await sql`drop table ${shardTable(old.shard)}`.execute(ex);
    await ex.deleteFrom('search_shards').where('shard', '<', existing[0]?.shard ?? shard).execute();
    await ex.updateTable('search_shards').set({ warm: 1 }).execute();
    await sql`create virtual table ${shardTable(shard)} using fts5(
      title, lead, body, meta, words, facets,
      content = '', contentless_delete = 1, tokenize = 'unicode61', prefix = '1'
    )`.execute(ex);
    await ex.insertInto('search_shards').values({ shard, warm: 0 }).execute();
    own = { shard, warm: 0 };
    existing.unshift(own);
  }
  const before = existing.find((s) => s.shard < shard)?.shard ?? null;
  return { own, previous: own && !own.warm ? before : null };
}

function windowSql(table: RawBuilder<unknown>, match: string, older: number | null, filters: SearchFilters, want: number, needed: number) {
  const t = table;
  const where = filterSql(filters, sql`${t}.rowid`);
  // Each table ranks its part of the window and returns only what the asked page could need, plus how many of
  // the window it filled: a thousand rows never cross into JS.
  return sql<{ n: number; id: number | null; score: number | null; published_at: string | null }>`
    with hits as materialized (
      select ${t}.rowid as id, bm25(${t}, 10.0, 4.0, 1.0, 6.0, 2.0, 0.0) as score, a.published_at as published_at
      from ${t} cross join articles a on a.id = ${t}.rowid
      where ${t} match ${match} and ${older === null ? sql`1 = 1` : sql`${t}.rowid < ${older}`} and ${where}
      order by ${t}.rowid desc limit ${want}
    ), top as (
      select id, score, published_at from hits order by score, published_at desc, id desc limit ${needed}
    )
    select (select count(*) from hits) as n, top.id as id, top.score as score, top.published_at as published_at
    from (select 1) as one left join top on 1`;
}

/**
 * SQLite: contentless FTS5. Every article is in the archive table search_fts; the newest ones are also in a
 * shard table of SHARD_SPAN consecutive ids. bm25 counts each phrase's matching documents by reading all of them
 * in the table it runs on, on every query — for a common word over 100,000 articles that read was most of the
 * query. So a query ranks its RANK_WINDOW newest matches (FTS5 walks doclists newest first and stops there) in
 * the newest shard, bounded by the shard's size, and goes to the archive table for older articles only when the
 * shard had fewer: then the words are rare lately, and usually rare overall, so cheap to count (a word common
 * years ago and rare now costs what every query cost with the archive table alone). Two statements at most,
 * however large the archive. Scores from the two tables use their own statistics — the trade-off Elasticsearch
 * makes with per-shard scoring; a shard is a large sample of the same archive.
 *
 * A shard that has just begun is not a large sample: with a handful of articles every word looks common and
 * bm25 scores them near zero, burying the newest pieces. So until a shard holds SHARD_WARM articles they are
 * also written to the shard before it, and a query starts there.
 *
 * Weights: title above authors/tags above lead above words above body; ties go to the newer piece. Filters
 * apply before the window. CROSS JOIN makes SQLite run the match first and look articles up by id; left to
 * itself the planner may scan articles and re-run the match per row.
 */
export const sqliteSearch: SearchProvider = {
  async index(ex, doc) {
    const { own, previous } = await shardsFor(ex, doc.articleId);
    const columns = [tokensOf(doc.title), tokensOf(doc.lead), tokensOf(doc.body), tokensOf(doc.meta), wordsOf(doc), facetTokens(doc.facets)].map((t) => t.join(' '));
    const tables = [ARCHIVE];
    if (own) tables.push(shardTable(own.shard));
    if (previous !== null) tables.push(shardTable(previous));
    for (const table of tables) {
      await sql`delete from ${table} where rowid = ${doc.articleId}`.execute(ex);
      await sql`insert into ${table} (rowid, title, lead, body, meta, words, facets) values (${doc.articleId}, ${sql.join(columns)})`.execute(ex);
    }
    if (own && !own.warm) {
      const docs = await sql<{ n: number }>`select count(*) as n from ${sql.raw(`search_fts_${own.shard}_docsize`)}`.execute(ex);
      if (Number(docs.rows[0]?.n ?? 0) >= SHARD_WARM) await ex.updateTable('search_shards').set({ warm: 1 }).where('shard', '=', own.shard).execute();
    }
  },
  async remove(ex, articleId) {
    await sql`delete from ${ARCHIVE} where rowid = ${articleId}`.execute(ex);
    // From every shard that may hold it (its own, and the one before if it came while its own was new).
    for (const { shard } of await shardsNewestFirst(ex)) await sql`delete from ${shardTable(shard)} where rowid = ${articleId}`.execute(ex);
  },
  async clear(ex, newestArticleId) {
    for (const { shard } of await shardsNewestFirst(ex)) await sql`drop table ${shardTable(shard)}`.execute(ex);
    await ex.deleteFrom('search_shards').execute();
    await sql`delete from ${ARCHIVE}`.execute(ex);
    // Make the two shards the rebuild ends with now, so the older articles go to the archive table only
    // instead of into shards that would be dropped again on the way.
    if (newestArticleId !== null) {
      const newest = Math.floor(newestArticleId / SHARD_SPAN);
      if (newest > 0) await shardsFor(ex, (newest - 1) * SHARD_SPAN);
      await shardsFor(ex, newest * SHARD_SPAN);
    }
  },
  async optimize(ex) {
    // Merges each table's segments into one b-tree: fewer doclists to merge on every query.
    for (const table of [ARCHIVE, ...(await shardsNewestFirst(ex)).map((s) => shardTable(s.shard))]) {
      await sql`insert into ${table} (${table}) values ('optimize')`.execute(ex);
    }
    await sql`analyze`.execute(ex);
  },
  async search(ex, q, filters, limit, offset) {
    // An author, tag or section filter joins the match as a facet token (weight 0 in bm25: it narrows, it does
    // not score), so FTS5 intersects doclists instead of checking every match against the tables; the SQL
    // filters still decide.
    const facets = facetTokens({
      authorIds: filters.authorId === undefined ? [] : [filters.authorId],
      tagIds: filters.tagId === undefined ? [] : [filters.tagId],
      sectionId: filters.sectionId ?? null,
    });
    const match = [`(${toFts5Match(q)})`, ...facets.map((f) => `facets : ${fts5String(f)}`)].join(' AND ');
    const needed = offset + limit;
    const shards = await shardsNewestFirst(ex);
    // A new shard's articles are all in the shard before it: start there.
    const first = shards[0]?.warm || shards.length < 2 ? shards[0] : shards[1];
    const steps: Array<{ table: RawBuilder<unknown>; older: number | null }> = first
      ? [{ table: shardTable(first.shard), older: null }, { table: ARCHIVE, older: first.shard * SHARD_SPAN }]
      : [{ table: ARCHIVE, older: null }];
    const best: Array<{ id: number; score: number; published_at: string | null }> = [];
    let total = 0;
    for (const { table, older } of steps) {
      const rows = await windowSql(table, match, older, filters, RANK_WINDOW - total, needed).execute(ex);
      total += Number(rows.rows[0]?.n ?? 0);
      for (const r of rows.rows) if (r.id !== null && r.score !== null) best.push({ id: r.id, score: r.score, published_at: r.published_at });
      if (total >= RANK_WINDOW) break;
    }
    // bm25 is lower-is-better; then newer first (an undated draft last), then the later id.
    best.sort((a, b) => a.score - b.score || compareDesc(a.published_at ?? '', b.published_at ?? '') || b.id - a.id);
    return {
      // Exposed higher-is-better, like PostgreSQL.
      hits: best.slice(offset, needed).map((h) => ({ articleId: h.id, score: -h.score })),
      total,
      atLeast: total >= RANK_WINDOW,
    };
  },
};

const compareDesc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/**
 * PostgreSQL: the same tokens written as a tsvector literal (weights: A title, B lead and authors/tags,
 * C dictionary words, D body), matched with a tsquery literal, ranked with ts_rank.
 */
export const postgresSearch: SearchProvider = {
  async index(ex, doc, at) {
    const vector = tsvectorLiteral([
      { tokens: tokensOf(doc.title), weight: 'A' },
      { tokens: tokensOf(doc.lead), weight: 'B' },
      { tokens: tokensOf(doc.meta), weight: 'B' },
      { tokens: wordsOf(doc), weight: 'C' },
      { tokens: tokensOf(doc.body), weight: 'D' },
    ]);
    await sql`insert into search_documents (article_id, document, indexed_at) values (${doc.articleId}, ${vector}::tsvector, ${at})
      on conflict (article_id) do update set document = excluded.document, indexed_at = excluded.indexed_at`.execute(ex);
  },
  async remove(ex, articleId) {
    await sql`delete from search_documents where article_id = ${articleId}`.execute(ex);
  },
  async clear(ex) {
    await sql`delete from search_documents`.execute(ex);
  },
  async optimize(ex) {
    // Without statistics after a bulk load the planner may scan every document instead of using the GIN index.
    await sql`analyze search_documents`.execute(ex);
    await sql`analyze articles`.execute(ex);
  },
  async search(ex, q, filters, limit, offset) {
    const match = toTsMatchQuery(q);
    const rank = toTsRankQuery(q);
    const where = filterSql(filters);
    // As on SQLite: rank the RANK_WINDOW most recent matches (after filters), newest first by id.
    const rows = await sql<{ id: number; score: number; total: number }>`
      with hits as materialized (
        select d.article_id as id, d.document as document
        from search_documents d join articles a on a.id = d.article_id
        where d.document @@ ${match}::tsquery and ${where}
        order by d.article_id desc limit ${RANK_WINDOW}
      )
      select h.id as id, ts_rank('{0.1, 0.3, 0.5, 1.0}', h.document, ${rank}::tsquery) as score, count(*) over () as total
      from hits h join articles a on a.id = h.id
      order by score desc, a.published_at desc, a.id desc
      limit ${limit} offset ${offset}`.execute(ex);
    let total = Number(rows.rows[0]?.total ?? 0);
    if (rows.rows.length === 0 && offset > 0) {
      total = Number(
        (
          await sql<{ n: number }>`select count(*) as n from (select d.article_id from search_documents d join articles a on a.id = d.article_id
            where d.document @@ ${match}::tsquery and ${where} limit ${RANK_WINDOW}) x`.execute(ex)
        ).rows[0]?.n ?? 0,
      );
    }
    return { hits: rows.rows.map((r) => ({ articleId: r.id, score: Number(r.score) })), total, atLeast: total >= RANK_WINDOW };
  },
};

// PostgreSQL keeps positions up to 16383; columns are spaced apart so a phrase never spans two of them.
const MAX_POSITION = 16383;

function tsvectorLiteral(columns: Array<{ tokens: string[]; weight: 'A' | 'B' | 'C' | 'D' }>): string {
  const positions = new Map<string, string[]>();
  let pos = 1;
  for (const col of columns) {
    for (const token of col.tokens) {
      if (pos > MAX_POSITION) break;
      let list = positions.get(token);
      if (!list) positions.set(token, (list = []));
      // PostgreSQL keeps at most 256 positions per lexeme.
      if (list.length < 256) list.push(`${pos}${col.weight}`);
      pos++;
    }
    pos += 64;
  }
  return [...positions].map(([token, list]) => `${tsLexeme(token)}:${list.join(',')}`).join(' ');
}

export function searchProviderFor(dialect: DialectName): SearchProvider {
  return dialect === 'postgres' ? postgresSearch : sqliteSearch;
}
