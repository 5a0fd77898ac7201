import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest } from '../../src/db/migrate.js';
import type { Db } from '../../src/platform/db/database.js';
import { createTestDatabase } from '../support/test-app.js';

/**
 * Neighbours of our database on the same server come and go while we migrate: other schemas of the same
 * PostgreSQL database (other test files, other tenants), other database files beside a SQLite one.
 */
function churnNeighbours(): { stop(): Promise<number> } {
  let running = true;
  let created = 0;
  const pgUrl = process.env.TEST_DATABASE_URL;
  const loop = (async () => {
    if (pgUrl) {
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      while (running) {
        const schema = `neighbour_${process.pid}_${created++}`;
        await admin.query(`create schema ${schema}; create table ${schema}.t (id serial primary key, body text)`);
        await admin.query(`drop schema ${schema} cascade`);
      }
      await admin.end();
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'opdesk-neighbours-'));
      while (running) {
        const file = join(dir, `n${created++}.sqlite`);
        const neighbour = new SQLite(file);
        neighbour.exec('create table t (id integer primary key autoincrement, body text)');
        neighbour.close();
        rmSync(file);
        // better-sqlite3 is synchronous, so nothing here runs truly beside a migration: one neighbour per turn of
        // the event loop, between migration runs. (Yielding per microtask made each of a migration's many awaits
        // wait for a file to be made and removed: minutes on a busy disk.)
        await new Promise((r) => setImmediate(r));
      }
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return created;
    },
  };
}

describe('migrations', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await createTestDatabase());
  });
  afterAll(async () => cleanup());

  it('look only at their own database, whatever its neighbours do meanwhile', async () => {
    const neighbours = churnNeighbours();
    const failures: string[] = [];
    // Every run of the migrator reads the schema's tables twice (Kysely checks its bookkeeping tables); before
    // the fix about one read in twelve failed on PostgreSQL while a neighbour was being dropped.
    for (let run = 0; run < 50; run++) {
      await migrateToLatest(db).catch((err: unknown) => failures.push(String(err)));
      await new Promise((r) => setImmediate(r));
    }
    const neighboursSeen = await neighbours.stop();
    expect(failures.slice(0, 3)).toEqual([]);
    expect(neighboursSeen).toBeGreaterThan(10);

    const tables = await db.kysely.introspection.getTables();
    const names = tables.map((t) => t.name);
    expect(names).toContain('articles');
    expect(names.some((name) => name.startsWith('neighbour_') || name === 't')).toBe(false);
    const articles = tables.find((t) => t.name === 'articles');
    expect(articles?.columns.find((c) => c.name === 'id')).toMatchObject({ isAutoIncrementing: true });
  });

  it('fill article_images from the bodies already stored when the editing migration runs on an older database', async () => {
    await migrateTo(db, '2026-12-03-001-accounts');
    const at = '2026-01-08T00:00:00.000Z';
    const section = await db.kysely.insertInto('sections').values({ slug: 'backfill', name: '回填', created_at: at }).returning('id').executeTakeFirstOrThrow();
    const body = JSON.stringify({
      schemaVersion: 1,
      blocks: [
        { id: 'f1', type: 'figure', marker: '▲', caption: '甲', credit: null, creditLabel: null, imageId: 41, alt: '甲' },
        { id: 'p1', type: 'paragraph', text: '內文。' },
        { id: 'f2', type: 'figure', marker: '▼', caption: '乙', credit: null, creditLabel: null, imageId: 41, alt: '乙' },
        { id: 'f3', type: 'figure', marker: '▲▼', caption: '', credit: '路透', creditLabel: '圖', imageId: 42, alt: null },
      ],
    });
    // The row as the older schema has it: none of the editing migration's columns yet.
    const row = await sql<{ id: number }>`insert into articles (kind, section_id, title, lead_label, body, body_text, char_count, state, created_at, updated_at)
      values ('op-ed', ${section.id}, '回填測試', '我們想讓你知道…', ${body}, '內文。', 3, 'published', ${at}, ${at}) returning id`.execute(db.kysely);
    const id = row.rows[0]?.id ?? 0;
    await migrateToLatest(db);
    const uses = await db.kysely.selectFrom('article_images').select(['image_id']).where('article_id', '=', id).orderBy('image_id').execute();
    expect(uses.map((u) => u.image_id)).toEqual([41, 42]);
  });
});
