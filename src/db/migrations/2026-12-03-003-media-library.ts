import { type Kysely, sql } from 'kysely';
import { fold } from '../../modules/zh/index.js';

// Frozen in time: never edit after it lands; write a new migration instead.
type AnyDb = Kysely<unknown>;

/**
 * The newsroom's media library: per image the default alt text, who the credit is (staff, agency…), the rights
 * and licence (with an expiry date the publish step checks), who uploaded it under which file name, and a
 * folded search text (caption, credit, file name) that a LIKE can look through at library scale.
 */
export async function up(db: AnyDb): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const column of ['alt', 'credit_type', 'rights', 'licence_note', 'licence_expires_at', 'original_name', 'updated_at']) {
    await db.schema.alterTable('images').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('images').addColumn('uploaded_by', 'integer').execute();
  await db.schema.alterTable('images').addColumn('search_text', 'text', (c) => c.notNull().defaultTo('')).execute();

  // Images stored before this migration (imports, demo content) become searchable too.
  const rows = await sql<{ id: number; caption: string | null; credit: string | null }>`select id, caption, credit from images`.execute(db);
  for (const row of rows.rows) {
    const text = fold([row.caption ?? '', row.credit ?? ''].join('\n'));
    await sql`update images set search_text = ${text} where id = ${row.id}`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const column of ['search_text', 'uploaded_by', 'updated_at', 'original_name', 'licence_expires_at', 'licence_note', 'rights', 'credit_type', 'alt']) {
    await db.schema.alterTable('images').dropColumn(column).execute();
  }
}
