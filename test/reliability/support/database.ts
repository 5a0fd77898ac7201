import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrations } from '../../../src/db/migrations/index.js';
import { createDatabaseUrlForProcess } from '../../support/test-app.js';

export type Row = Record<string, unknown>;

/**
 * A database a separate process (the CLI, the server) writes to, opened here only to inspect it with SQL: a fresh
 * SQLite file, or on PostgreSQL (TEST_DATABASE_URL) a fresh schema named in the connection string.
 */
export interface ProcessDatabase {
  readonly url: string;
  readonly dialect: 'sqlite' | 'postgres';
  query(text: string): Promise<Row[]>;
  drop(): Promise<void>;
}

export async function processDatabase(dir: string, name: string): Promise<ProcessDatabase> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (!pgUrl) {
    const file = join(dir, `${name}.sqlite`);
    return {
      url: `sqlite:${file}`,
      dialect: 'sqlite',
      query: async (text) => {
        // Killed before it created the file: nothing was written, so there is nothing to find.
        if (!existsSync(file)) return [];
        // A fresh read-only handle per question: the writer may have been killed a moment ago.
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          const stmt = db.prepare(text);
          return stmt.reader ? (stmt.all() as Row[]) : [];
        } finally {
          db.close();
        }
      },
      drop: async () => undefined,
    };
  }
  const { url, cleanup, pgSchema } = await createDatabaseUrlForProcess(dir);
  return {
    url,
    dialect: 'postgres',
    query: async (text) => {
      const c = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${pgSchema ?? ''}` });
      await c.connect();
      try {
        return (await c.query(text)).rows as Row[];
      } finally {
        await c.end();
      }
    },
    drop: cleanup,
  };
}

export async function hasTable(db: ProcessDatabase, table: string): Promise<boolean> {
  const rows =
    db.dialect === 'sqlite'
      ? await db.query(`select name from sqlite_master where type in ('table') and name = '${table}'`)
      : await db.query(`select table_name from information_schema.tables where table_schema = current_schema() and table_name = '${table}'`);
  return rows.length > 0;
}

const ids = (rows: Row[]) => rows.map((r) => Number(Object.values(r)[0]));

/**
 * Everything that must hold after any crash, whatever moment it hit: the engine's own checks, then the app's
 * invariants — every article has its bylines, its tags (when the import gave some) and its search document, and
 * nothing points at a row that is not there. Returns what is wrong, or [] (an empty database is fine).
 */
export async function integrityProblems(db: ProcessDatabase, options: { everyArticleTagged: boolean }): Promise<string[]> {
  const problems: string[] = [];
  if (db.dialect === 'sqlite') {
    const check = await db.query('pragma integrity_check');
    if (check.length > 0 && String(Object.values(check[0] ?? {})[0]) !== 'ok') problems.push(`integrity_check: ${JSON.stringify(check)}`);
    const fk = await db.query('pragma foreign_key_check');
    if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);
  }
  // Before the first migration finished there is nothing of the app's to check.
  if (!(await hasTable(db, 'articles'))) return problems;
  const expectNone = async (what: string, text: string) => {
    const found = ids(await db.query(text));
    if (found.length > 0) problems.push(`${what}: ${found.slice(0, 10).join(', ')}${found.length > 10 ? ` (+${found.length - 10})` : ''}`);
  };
  await expectNone('articles without bylines', 'select a.id from articles a where not exists (select 1 from article_authors x where x.article_id = a.id)');
  if (options.everyArticleTagged) await expectNone('articles without tags', 'select a.id from articles a where not exists (select 1 from article_tags x where x.article_id = a.id)');
  await expectNone('bylines of missing articles', 'select x.article_id from article_authors x where not exists (select 1 from articles a where a.id = x.article_id)');
  await expectNone('bylines of missing authors', 'select x.author_id from article_authors x where not exists (select 1 from authors a where a.id = x.author_id)');
  await expectNone('authors of no article', 'select a.id from authors a where not exists (select 1 from article_authors x where x.author_id = a.id)');
  await expectNone('tag links of missing articles', 'select x.article_id from article_tags x where not exists (select 1 from articles a where a.id = x.article_id)');
  await expectNone('tag links of missing tags', 'select x.tag_id from article_tags x where not exists (select 1 from tags t where t.id = x.tag_id)');
  await expectNone('tags of no article', 'select t.id from tags t where not exists (select 1 from article_tags x where x.tag_id = t.id)');
  await expectNone('articles in a missing section', 'select a.id from articles a where not exists (select 1 from sections s where s.id = a.section_id)');
  await expectNone('articles with an empty body', "select id from articles where body is null or body = '' or body_text = ''");
  if (db.dialect === 'postgres') {
    await expectNone('articles without a search document', 'select a.id from articles a where not exists (select 1 from search_documents d where d.article_id = a.id)');
    await expectNone('search documents of missing articles', 'select d.article_id from search_documents d where not exists (select 1 from articles a where a.id = d.article_id)');
  } else if (await hasTable(db, 'search_fts_docsize')) {
    // Contentless FTS5 keeps one docsize row per indexed document, keyed by the article id.
    await expectNone('articles without a search document', 'select a.id from articles a where not exists (select 1 from search_fts_docsize d where d.id = a.id)');
    await expectNone('search documents of missing articles', 'select d.id from search_fts_docsize d where not exists (select 1 from articles a where a.id = d.id)');
  }
  for (const row of await db.query('select id, body from articles')) {
    try {
      const body = JSON.parse(String(row.body)) as { blocks?: unknown[] };
      if (!Array.isArray(body.blocks) || body.blocks.length === 0) problems.push(`article ${String(row.id)}: body has no blocks`);
    } catch {
      problems.push(`article ${String(row.id)}: body is not JSON`);
    }
  }
  return problems;
}

/** Migrations recorded as applied, against the list the build ships. */
export async function migrationState(db: ProcessDatabase): Promise<{ applied: string[]; expected: string[] }> {
  const applied = (await hasTable(db, 'kysely_migration')) ? (await db.query('select name from kysely_migration order by name')).map((r) => String(r.name)) : [];
  return { applied, expected: Object.keys(migrations).sort() };
}
