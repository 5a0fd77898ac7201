import type { Kysely } from 'kysely';

// Frozen in time: never edit after it lands; write a new migration instead.
type AnyDb = Kysely<unknown>;

/**
 * What the newsroom edits beside articles:
 * - editorial_settings: settings that change without a restart (disclaimer, chrome links, reading speed,
 *   whether editors may schedule, submission guidelines), one JSON value per key; a missing key means the
 *   default (taken from the environment where one existed before).
 * - authors: a photo from the media library, public links, and private contact fields never shown to readers.
 * - tag_redirects: the folded keys of tags that were renamed or merged away, so their old pages redirect.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('editorial_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .execute();

  // An images.id, checked when saved; no foreign key, so deleting an image is never blocked by a profile (a
  // missing image shows no photo) and SQLite can drop the column again on the way down.
  await db.schema.alterTable('authors').addColumn('photo_image_id', 'integer').execute();
  await db.schema.alterTable('authors').addColumn('links', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('authors').addColumn('real_name', 'text').execute();
  await db.schema.alterTable('authors').addColumn('email', 'text').execute();
  await db.schema.alterTable('authors').addColumn('phone', 'text').execute();

  await db.schema
    .createTable('tag_redirects')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tag_redirects_tag_idx').on('tag_redirects').column('tag_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('tag_redirects').execute();
  for (const column of ['phone', 'email', 'real_name', 'links', 'photo_image_id']) await db.schema.alterTable('authors').dropColumn(column).execute();
  await db.schema.dropTable('editorial_settings').execute();
}
