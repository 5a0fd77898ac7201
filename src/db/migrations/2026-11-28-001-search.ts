import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never edit after it lands; write a new migration instead.
type AnyDb = Kysely<unknown>;

/**
 * The search index. Both engines index the same pre-tokenised text (see modules/search): SQLite in a
 * contentless FTS5 table whose rowid is the article id; PostgreSQL in a tsvector column with a GIN index.
 * The FTS5 prefix index on one character makes a one-character query (川*) a single doclist read.
 * Editors' additions to the shipped name-variant table live in name_variants.
 */
export async function up(db: AnyDb): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create table search_documents (
      article_id integer primary key references articles(id) on delete cascade,
      document tsvector not null,
      indexed_at text not null
    )`.execute(db);
    await sql`create index search_documents_document_idx on search_documents using gin (document)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(
      title, lead, body, meta, words,
      content = '', contentless_delete = 1, tokenize = 'unicode61', prefix = '1'
    )`.execute(db);
  }
  await db.schema
    .createTable('name_variants')
    .addColumn('form', 'text', (c) => c.primaryKey())
    .addColumn('taiwan', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('name_variants').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) await db.schema.dropTable('search_documents').execute();
  else await sql`drop table search_fts`.execute(db);
}
