import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never edit after it lands; write a new migration instead.
type AnyDb = Kysely<unknown>;

/**
 * The overlap detector's index (modules/overlap): a few fingerprints per text (winnowed character shingles),
 * looked up by hash. The primary key (hash, kind, doc_id) is the only index: lookups go by hash, and a text's
 * old fingerprints are removed by listing them from text_fingerprint_docs, so no second index by document is
 * needed (on SQLite the table is WITHOUT ROWID: the key is the table). kind is a small number (1 article,
 * 2 submission), not a word, because it is repeated in every row. text_fingerprint_progress remembers how far
 * the catch-up job has read the articles; an empty table means "from the beginning" (the backfill).
 */
export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let fingerprints = db.schema
    .createTable('text_fingerprints')
    .addColumn('hash', 'integer', (c) => c.notNull())
    .addColumn('kind', 'smallint', (c) => c.notNull())
    .addColumn('doc_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('text_fingerprints_pk', ['hash', 'kind', 'doc_id']);
  if (!postgres) fingerprints = fingerprints.modifyEnd(sql`without rowid`);
  await fingerprints.execute();
  await db.schema
    .createTable('text_fingerprint_docs')
    .addColumn('kind', 'smallint', (c) => c.notNull())
    .addColumn('doc_id', 'integer', (c) => c.notNull())
    // The doc's fingerprints as little-endian int32s: what to delete when the text changes or is forgotten.
    .addColumn('fingerprints', postgres ? sql`bytea` : 'blob', (c) => c.notNull())
    // For an article, the updated_at that was indexed (the catch-up job skips rows it has already read).
    .addColumn('version', 'text')
    .addPrimaryKeyConstraint('text_fingerprint_docs_pk', ['kind', 'doc_id'])
    .execute();
  await db.schema
    .createTable('text_fingerprint_progress')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('after_updated_at', 'text', (c) => c.notNull())
    .addColumn('after_id', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('text_fingerprint_progress').execute();
  await db.schema.dropTable('text_fingerprint_docs').execute();
  await db.schema.dropTable('text_fingerprints').execute();
}
