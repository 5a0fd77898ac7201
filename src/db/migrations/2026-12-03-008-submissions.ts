import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: never edit after it lands; write a new migration instead.
type AnyDb = Kysely<unknown>;

function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * 我要投稿: op-eds sent by outside writers through the public form.
 * - submissions: one per piece; the writer's contact details are private columns, emptied by the retention job
 *   (purged_at) once a piece is declined, withdrawn, expired or spam; the tracking token is the writer's capability (256 random bits), stored as is because later e-mails (the expiry notice) repeat the link.
 * - submission_versions: the text as sent, then each revision the desk asked for; never edited afterwards.
 * - submission_images: pictures sent with a version, kept in the database (not the public media library) until
 *   the piece is accepted, so nothing unaccepted is ever reachable by URL and a purge is one delete.
 * - submission_events: the log the desk reads (status changes, messages both ways, internal notes, e-mails).
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = isPostgres(db);
  const id = pg
    ? (c: import('kysely').ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity()
    : (c: import('kysely').ColumnDefinitionBuilder) => c.primaryKey().autoIncrement();

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'integer', id)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('tracking_token', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('pen_name', 'text', (c) => c.notNull())
    .addColumn('bio_line', 'text', (c) => c.notNull())
    .addColumn('real_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('address', 'text')
    .addColumn('occupation', 'text')
    .addColumn('conflicts', 'text')
    .addColumn('declared_original', 'integer', (c) => c.notNull())
    .addColumn('declared_exclusive', 'integer', (c) => c.notNull())
    .addColumn('declared_licence', 'integer', (c) => c.notNull())
    .addColumn('terms_version', 'text', (c) => c.notNull())
    .addColumn('consented_at', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('char_count', 'integer', (c) => c.notNull())
    .addColumn('assignee_id', 'integer')
    .addColumn('due_at', 'text')
    .addColumn('expiry_noticed_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('article_id', 'integer')
    .addColumn('published_noticed_at', 'text')
    .addColumn('overlaps', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('purge_after', 'text')
    .addColumn('purged_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('submissions_queue_idx').on('submissions').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('submissions_due_idx').on('submissions').columns(['due_at']).execute();
  await db.schema.createIndex('submissions_purge_idx').on('submissions').columns(['purge_after']).execute();
  await db.schema.createIndex('submissions_article_idx').on('submissions').columns(['article_id']).execute();

  await db.schema
    .createTable('submission_versions')
    .addColumn('id', 'integer', id)
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lead', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('char_count', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('submission_versions_unique', ['submission_id', 'version'])
    .execute();

  await db.schema
    .createTable('submission_images')
    .addColumn('id', 'integer', id)
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('data', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('caption', 'text', (c) => c.notNull())
    .addColumn('credit', 'text', (c) => c.notNull())
    .addColumn('rights', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text')
    .execute();
  await db.schema.createIndex('submission_images_version_idx').on('submission_images').columns(['submission_id', 'version', 'position']).execute();

  await db.schema
    .createTable('submission_events')
    .addColumn('id', 'integer', id)
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('status_from', 'text')
    .addColumn('status_to', 'text')
    .addColumn('body', 'text')
    .addColumn('to_writer', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('submission_events_submission_idx').on('submission_events').columns(['submission_id', 'id']).execute();

  // The code's yearly sequence: S-2026-000123. A row per year; the number is taken by an update that both
  // engines serialise, so two submissions in the same instant never share a code.
  await db.schema
    .createTable('submission_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['submission_counters', 'submission_events', 'submission_images', 'submission_versions', 'submissions']) {
    await db.schema.dropTable(table).execute();
  }
}
