import { sql } from 'kysely';
import type { DialectName, Executor } from '../../platform/db/database.js';
import { fold, gramTokens, wordTokens } from '../zh/index.js';
import { type CompiledQuery, toFts5Match, toTsQuery } from './query.js';

/** What gets indexed for one article; the provider tokenises it. */
export interface SearchDocument {
  articleId: number;
  title: string;
  lead: string;
  body: string;
  /** Author names and tag names. */
  meta: string;
}

export interface SearchFilters {
  /** Only what readers may see at this time (published, not unlisted, not in the future); otherwise any state. */
  publicAt: string | null;
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
  clear(ex: Executor): Promise<void>;
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

// Filters shared by both engines, on the articles table aliased "a".
function filterSql(f: SearchFilters) {
  const parts = [sql`1 = 1`];
  if (f.publicAt !== null) parts.push(sql`a.state = 'published' and a.published_at <= ${f.publicAt}`);
  if (f.authorId !== undefined) {
    parts.push(sql`exists (select 1 from article_authors aa where aa.article_id = a.id and aa.author_id = ${f.authorId})`);
  }
  if (f.tagId !== undefined) parts.push(sql`exists (select 1 from article_tags t where t.article_id = a.id and t.tag_id = ${f.tagId})`);
  if (f.sectionId !== undefined) parts.push(sql`a.section_id = ${f.sectionId}`);
  if (f.from !== undefined) parts.push(sql`a.published_at >= ${f.from}`);
  if (f.to !== undefined) parts.push(sql`a.published_at <= ${f.to}`);
  return sql.join(parts, sql` and `);
}

/**
 * SQLite: one contentless FTS5 table. A query takes the RANK_WINDOW most recently stored matches (FTS5 walks
 * its doclists newest first and stops there, so a one-character query over a large archive costs about what a
 * rare word does) and ranks them with bm25 — title above authors/tags above lead above words above body — then
 * recency. With filters the window is taken after filtering. CROSS JOIN makes SQLite run the match first and look
 * articles up by id; left to itself the planner may scan articles and re-run the match per row.
 */
export const sqliteSearch: SearchProvider = {
  async index(ex, doc) {
    await sql`delete from search_fts where rowid = ${doc.articleId}`.execute(ex);
    await sql`insert into search_fts (rowid, title, lead, body, meta, words) values (${doc.articleId}, ${tokensOf(doc.title).join(' ')}, ${tokensOf(doc.lead).join(' ')}, ${tokensOf(doc.body).join(' ')}, ${tokensOf(doc.meta).join(' ')}, ${wordsOf(doc).join(' ')})`.execute(ex);
  },
  async remove(ex, articleId) {
    await sql`delete from search_fts where rowid = ${articleId}`.execute(ex);
  },
  async clear(ex) {
    await sql`delete from search_fts`.execute(ex);
  },
  async optimize(ex) {
    // Merges FTS5's segments into one b-tree: fewer doclists to merge on every query.
    await sql`insert into search_fts (search_fts) values ('optimize')`.execute(ex);
    await sql`analyze`.execute(ex);
  },
  async search(ex, q, filters, limit, offset) {
    const match = toFts5Match(q);
    const where = filterSql(filters);
    const narrowed = filters.authorId !== undefined || filters.tagId !== undefined || filters.sectionId !== undefined || filters.from !== undefined || filters.to !== undefined;
    const window = narrowed
      ? sql`select search_fts.rowid as id, bm25(search_fts, 10.0, 4.0, 1.0, 6.0, 2.0) as score
            from search_fts cross join articles a on a.id = search_fts.rowid
            where search_fts match ${match} and ${where}
            order by search_fts.rowid desc limit ${RANK_WINDOW}`
      : sql`select rowid as id, bm25(search_fts, 10.0, 4.0, 1.0, 6.0, 2.0) as score
            from search_fts where search_fts match ${match}
            order by rowid desc limit ${RANK_WINDOW}`;
    const rows = await sql<{ id: number; score: number; total: number }>`
      with hits as materialized (${window})
      select h.id as id, h.score as score, count(*) over () as total
      from hits h cross join articles a on a.id = h.id
      where ${where}
      order by h.score, a.published_at desc, a.id desc
      limit ${limit} offset ${offset}`.execute(ex);
    let total = Number(rows.rows[0]?.total ?? 0);
    if (rows.rows.length === 0 && offset > 0) {
      total = Number(
        (
          await sql<{ n: number }>`with hits as materialized (${window})
            select count(*) as n from hits h cross join articles a on a.id = h.id where ${where}`.execute(ex)
        ).rows[0]?.n ?? 0,
      );
    }
    // bm25 is lower-is-better; expose higher-is-better like PostgreSQL.
    return { hits: rows.rows.map((r) => ({ articleId: r.id, score: -r.score })), total, atLeast: total >= RANK_WINDOW };
  },
};

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
    const query = toTsQuery(q);
    const where = filterSql(filters);
    // As on SQLite: rank the RANK_WINDOW most recent matches (after filters), newest first by id.
    const rows = await sql<{ id: number; score: number; total: number }>`
      with hits as materialized (
        select d.article_id as id, d.document as document
        from search_documents d join articles a on a.id = d.article_id
        where d.document @@ ${query}::tsquery and ${where}
        order by d.article_id desc limit ${RANK_WINDOW}
      )
      select h.id as id, ts_rank('{0.1, 0.3, 0.5, 1.0}', h.document, ${query}::tsquery) as score, count(*) over () as total
      from hits h join articles a on a.id = h.id
      order by score desc, a.published_at desc, a.id desc
      limit ${limit} offset ${offset}`.execute(ex);
    let total = Number(rows.rows[0]?.total ?? 0);
    if (rows.rows.length === 0 && offset > 0) {
      total = Number(
        (
          await sql<{ n: number }>`select count(*) as n from (select d.article_id from search_documents d join articles a on a.id = d.article_id
            where d.document @@ ${query}::tsquery and ${where} limit ${RANK_WINDOW}) x`.execute(ex)
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
  const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return [...positions].map(([token, list]) => `${lit(token)}:${list.join(',')}`).join(' ');
}

export function searchProviderFor(dialect: DialectName): SearchProvider {
  return dialect === 'postgres' ? postgresSearch : sqliteSearch;
}
