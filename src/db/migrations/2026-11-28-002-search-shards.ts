import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never edit after it lands; write a new migration instead.
type AnyDb = Kysely<unknown>;

/**
 * SQLite: the archive-wide FTS5 table gains a `facets` column (author, tag and section ids as tokens), so an
 * author, tag or section filter narrows inside FTS5 instead of checking every match against the tables; and the
 * newest articles get small tables of their own (search_fts_<shard>, 10,000 article ids each, created when the
 * first article of the range is indexed, listed in search_shards; `warm` once one holds enough articles for its
 * own statistics — see modules/search/providers.ts). bm25 counts each phrase's matching documents by reading all
 * of them in the table it runs on, on every query; ranking the newest matches in a small table bounds that read.
 * A contentless table cannot be copied, so search_state asks the application to rebuild the index from the
 * articles (`ensureSearchIndex`). Going down leaves the old table empty: run `opdesk search reindex` then.
 * Both engines: search_state, and an index that makes the visibility check of every match an index probe
 * instead of a read of the whole article row (a filtered search at 30,000 articles went from 30 to 6 ms).
 * PostgreSQL's search index is unchanged.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('search_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_visibility_idx').on('articles').columns(['id', 'state', 'published_at']).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`drop table search_fts`.execute(db);
  await sql`create virtual table search_fts using fts5(
    title, lead, body, meta, words, facets,
    content = '', contentless_delete = 1, tokenize = 'unicode61', prefix = '1'
  )`.execute(db);
  await db.schema
    .createTable('search_shards')
    .addColumn('shard', 'integer', (c) => c.primaryKey())
    .addColumn('warm', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const hasArticles = (await sql<{ n: number }>`select exists (select 1 from articles) as n`.execute(db)).rows[0]?.n;
  if (hasArticles) {
    await sql`insert into search_state (key, value) values ('rebuild', '搜尋索引加入篩選欄位並為最新文章分段')`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    const shards = await sql<{ shard: number }>`select shard from search_shards`.execute(db);
    for (const { shard } of shards.rows) await sql.raw(`drop table if exists search_fts_${Number(shard)}`).execute(db);
    await db.schema.dropTable('search_shards').execute();
    await sql`drop table search_fts`.execute(db);
    await sql`create virtual table search_fts using fts5(
      title, lead, body, meta, words,
      content = '', contentless_delete = 1, tokenize = 'unicode61', prefix = '1'
    )`.execute(db);
  }
  await db.schema.dropTable('search_state').execute();
  await db.schema.dropIndex('articles_visibility_idx').execute();
}
