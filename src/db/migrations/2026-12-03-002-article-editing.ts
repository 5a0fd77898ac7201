import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never edit after it lands; write a new migration instead.
type AnyDb = Kysely<unknown>;

/**
 * The newsroom's editing: every save is a revision (a full snapshot, who, when, why); who has an article open;
 * and the article fields the editor adds (a disclaimer override, the social image, the retraction notice, the
 * importer's report for drafts made from page texts, who saved last).
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement());

  await db.schema.alterTable('articles').addColumn('disclaimer_override', 'text').execute();
  await db.schema.alterTable('articles').addColumn('og_image_id', 'integer').execute();
  await db.schema.alterTable('articles').addColumn('retraction_notice', 'text').execute();
  await db.schema.alterTable('articles').addColumn('retracted_at', 'text').execute();
  await db.schema.alterTable('articles').addColumn('import_report', 'text').execute();
  await db.schema.alterTable('articles').addColumn('updated_by', 'integer').execute();
  // The desk's list sorts every state by last change; readers' lists keep their own index.
  await db.schema.createIndex('articles_desk_idx').on('articles').columns(['updated_at', 'id']).execute();
  // …and within one state (the queues: in review, scheduled), without sorting the whole state.
  await db.schema.createIndex('articles_desk_state_idx').on('articles').columns(['state', 'updated_at', 'id']).execute();

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', 'integer', id)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('changed_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('user_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('reason', 'text')
    .addColumn('visible_change', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A row per save and per state change; `revision` is the content revision it saw (a state change keeps it).
  await db.schema.createIndex('article_revisions_article_idx').on('article_revisions').columns(['article_id', 'id']).execute();

  // Which images each article shows, kept on every save: the media library's "used in" without reading bodies.
  await db.schema
    .createTable('article_images')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('image_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_images_pk', ['article_id', 'image_id'])
    .execute();
  await db.schema.createIndex('article_images_image_idx').on('article_images').columns(['image_id', 'article_id']).execute();
  for (let after = 0; ; ) {
    const rows = await sql<{ id: number; body: string }>`select id, body from articles where id > ${after} order by id limit 500`.execute(db);
    if (rows.rows.length === 0) break;
    for (const row of rows.rows) {
      const blocks = (JSON.parse(row.body) as { blocks?: Array<{ type?: string; imageId?: number | null }> }).blocks ?? [];
      const ids = [...new Set(blocks.filter((b) => b.type === 'figure' && typeof b.imageId === 'number').map((b) => b.imageId as number))];
      for (const imageId of ids) await sql`insert into article_images (article_id, image_id) values (${row.id}, ${imageId})`.execute(db);
    }
    after = Number(rows.rows[rows.rows.length - 1]?.id ?? after);
  }

  await db.schema
    .createTable('article_presence')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_presence_pk', ['article_id', 'user_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('article_presence').execute();
  await db.schema.dropTable('article_images').execute();
  await db.schema.dropTable('article_revisions').execute();
  await db.schema.dropIndex('articles_desk_state_idx').execute();
  await db.schema.dropIndex('articles_desk_idx').execute();
  for (const column of ['updated_by', 'import_report', 'retracted_at', 'retraction_notice', 'og_image_id', 'disclaimer_override']) {
    await db.schema.alterTable('articles').dropColumn(column).execute();
  }
}
