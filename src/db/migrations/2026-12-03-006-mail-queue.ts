import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: never edit after it lands; write a new migration instead.
type AnyDb = Kysely<unknown>;

/**
 * Outgoing e-mail (platform/mail): a message is a row first, written in the caller's transaction, and a periodic
 * job sends it; a mail server that is down only delays it.
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // AUTOINCREMENT on SQLite: the outbox names its files by id, and a deleted row's id must not come back.
  const id = (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('mail_queue')
    .addColumn('id', 'integer', id)
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  // The delivery job's question ("queued and due, oldest first") and the retention sweep's (finished and old).
  await db.schema.createIndex('mail_queue_due_idx').on('mail_queue').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('mail_queue_created_idx').on('mail_queue').columns(['status', 'created_at']).execute();
  // forgetMail: a purged submission's messages go with it.
  await db.schema.createIndex('mail_queue_ref_idx').on('mail_queue').column('ref').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('mail_queue').execute();
}
