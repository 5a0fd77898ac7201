import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never edit after it lands; write a new migration instead.

// Migrations see the database as it was then, not the app's current schema types.
type AnyDb = Kysely<unknown>;

function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function idColumn(db: AnyDb) {
  return isPostgres(db)
    ? (c: import('kysely').ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity()
    : (c: import('kysely').ColumnDefinitionBuilder) => c.primaryKey().autoIncrement();
}

async function startIdsAt(db: AnyDb, table: string, first: number): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table ${sql.table(table)} alter column id restart with ${sql.lit(first)}`.execute(db);
  } else {
    await sql`insert into sqlite_sequence (name, seq) values (${table}, ${first - 1})`.execute(db);
  }
}

export async function up(db: AnyDb): Promise<void> {
  const id = idColumn(db);

  await db.schema
    .createTable('sections')
    .addColumn('id', 'integer', id)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('authors')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('columnist'))
    .addColumn('bio', 'text')
    .addColumn('long_bio', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('authors_name_idx').on('authors').column('name').execute();
  await startIdsAt(db, 'authors', 1001);

  await db.schema
    .createTable('images')
    .addColumn('id', 'integer', id)
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('credit', 'text')
    .addColumn('renditions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'integer', id)
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('op-ed'))
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text')
    .addColumn('short_title', 'text')
    .addColumn('lead_label', 'text', (c) => c.notNull())
    .addColumn('lead', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('char_count', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('draft', 'in_review', 'scheduled', 'published', 'unlisted', 'retracted')`),
    )
    .addColumn('first_published_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('content_updated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('show_disclaimer', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('import_key', 'text', (c) => c.unique())
    .addColumn('source_note', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('og_title', 'text')
    .addColumn('og_description', 'text')
    .addColumn('hero_image_id', 'integer', (c) => c.references('images.id'))
    .addColumn('hero_caption', 'text')
    .addColumn('hero_credit', 'text')
    .execute();
  await db.schema
    .createIndex('articles_listing_idx')
    .on('articles')
    .columns(['state', 'published_at', 'id'])
    .execute();
  await db.schema.createIndex('articles_section_idx').on('articles').columns(['section_id', 'published_at']).execute();
  await startIdsAt(db, 'articles', 3100001);

  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('bio_line', 'text')
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'position'])
    .execute();
  await db.schema.createIndex('article_authors_author_idx').on('article_authors').columns(['author_id', 'article_id']).execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_tag_idx').on('article_tags').columns(['tag_id', 'article_id']).execute();

  await db.schema
    .createTable('change_log')
    .addColumn('id', 'integer', id)
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['change_log', 'article_tags', 'tags', 'article_authors', 'articles', 'images', 'authors', 'sections']) {
    await db.schema.dropTable(table).execute();
  }
}
