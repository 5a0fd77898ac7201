import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never edit after it lands; write a new migration instead.
type AnyDb = Kysely<unknown>;

/**
 * SQLite: next to the archive-wide FTS5 table, the newest articles get small tables of their own
 * (search_fts_<shard>, 10,000 article ids each, created when the first article of the range is indexed, listed
 * in search_shards; `warm` once one holds enough articles for its own statistics — see modules/search/
 * providers.ts). bm25 counts each phrase's matching documents by reading all of them in the table it runs on,
 * on every query; ranking the newest matches in a small table bounds that read. The existing index has no
 * shards yet, so search_state asks the application to rebuild it from the articles (`ensureSearchIndex`).
 * PostgreSQL's index is unchanged; search_state exists there too so both engines share the bookkeeping.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('search_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await db.schema
    .createTable('search_shards')
    .addColumn('shard', 'integer', (c) => c.primaryKey())
    .addColumn('warm', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const hasArticles = (await sql<{ n: number }>`select exists (select 1 from articles) as n`.execute(db)).rows[0]?.n;
  if (hasArticles) {
    await sql`insert into search_state (key, value) values ('rebuild', '搜尋索引為最新文章另建分段')`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    const shards = await sql<{ shard: number }>`select shard from search_shards`.execute(db);
    for (const { shard } of shards.rows) await sql.raw(`drop table if exists search_fts_${Number(shard)}`).execute(db);
    await db.schema.dropTable('search_shards').execute();
  }
  await db.schema.dropTable('search_state').execute();
}
