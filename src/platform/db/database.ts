import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.js';
import { OwnSchemaPostgresDialect } from './postgres-own-schema.js';
import { storageError } from './storage-errors.js';

export type DialectName = 'sqlite' | 'postgres';

/** Ids are `integer` columns on PostgreSQL: a larger number names no row (and there would be an error, not a miss). */
export const MAX_ROW_ID = 2_147_483_647;

/** The whole data layer hands this around: one Kysely instance plus the facts about which engine is behind it. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** SQLite: the database file's absolute path, so another thread can open it too; null in memory and on PostgreSQL. */
  readonly sqliteFile: string | null;
  destroy(): Promise<void>;
}

export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseOptions {
  /** PostgreSQL only: run every connection inside this schema (tests give each file its own). */
  readonly pgSchema?: string;
  readonly poolSize?: number;
  /** SQLite only: open read-only (a search worker's own connection); the file must exist. */
  readonly readonly?: boolean;
}

export function describeDatabaseUrl(url: string): string {
  if (url.startsWith('sqlite:')) return `SQLite ${url.slice('sqlite:'.length)}`;
  try {
    const u = new URL(url);
    return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

export function createDatabase(url: string, options: DatabaseOptions = {}): Db {
  if (url.startsWith('sqlite:')) return createSqlite(url.slice('sqlite:'.length), options.readonly ?? false);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return createPostgres(url, options);
  throw new Error(`DATABASE_URL 不支援：${url}（use sqlite:PATH or postgres://…）`);
}

function createSqlite(path: string, readonly: boolean): Db {
  const file = path === ':memory:' ? ':memory:' : resolve(path);
  let sqlite: SQLite.Database;
  try {
    if (file !== ':memory:' && !readonly) mkdirSync(dirname(file), { recursive: true });
    sqlite = new SQLite(file, readonly ? { readonly: true, fileMustExist: true } : {});
    if (!readonly) {
      // WAL lets the CLI import while the server reads; busy_timeout turns brief lock contention into a wait, not an error.
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
    }
    sqlite.pragma('busy_timeout = 5000');
  } catch (err) {
    throw storageError(err, file) ?? err;
  }
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', sqliteFile: file === ':memory:' ? null : file, destroy: () => kysely.destroy() };
}

/**
 * Kysely prepares every query afresh; the SQL of our parameterised queries repeats, so keep the prepared
 * statements (a bounded map, oldest dropped first). Preparing was a seventh of an uncached page render.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return (source: string) => {
        // After SQLITE_FULL or an I/O error SQLite has already rolled the transaction back itself; Kysely's
        // ROLLBACK would then fail with "cannot rollback - no transaction is active" and hide the real cause.
        if (source === 'rollback') return rollbackIfActive(target);
        // Every transaction here writes. A deferred BEGIN starts as a reader, and when another process (the CLI
        // importing beside the server) writes first, SQLite answers the upgrade with SQLITE_BUSY at once,
        // busy_timeout or not; BEGIN IMMEDIATE takes the write lock up front and so waits its turn.
        if (source === 'begin') source = 'begin immediate';
        let statement = cache.get(source);
        if (!statement) {
          statement = target.prepare(source);
          if (cache.size >= max) cache.delete(cache.keys().next().value as string);
          cache.set(source, statement);
        }
        return statement;
      };
    },
  });
}

function rollbackIfActive(sqlite: SQLite.Database): SQLite.Statement {
  const statement = sqlite.prepare('rollback');
  return new Proxy(statement, {
    get(target, prop, receiver) {
      if (prop === 'run') return (...args: unknown[]) => (sqlite.inTransaction ? target.run(...args) : { changes: 0, lastInsertRowid: 0 });
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

// int8 (count(*), bigint ids) would otherwise arrive as strings; our ids and counts fit in a double.
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === 20) return (v: string) => Number.parseInt(v, 10);
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

function createPostgres(url: string, options: DatabaseOptions): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: pgTypes,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', sqliteFile: null, destroy: () => kysely.destroy() };
}

/**
 * Runs `work` in one transaction with deps whose database is that transaction, so services of several modules
 * can take part in one atomic change without anyone handing an executor across a module boundary. Inside a
 * transaction already, it joins it (Kysely has no nested transactions).
 */
export async function inTransaction<D extends { readonly db: Db }, T>(deps: D, work: (tx: D) => Promise<T>): Promise<T> {
  if (deps.db.kysely.isTransaction) return work(deps);
  return deps.db.kysely.transaction().execute((trx) => work({ ...deps, db: { ...deps.db, kysely: trx } }));
}

/** One round trip to the database: for health checks. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
