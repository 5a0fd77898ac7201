/**
 * npm run bench:search — search at scale, on this machine.
 *
 * Builds a deterministic corpus of BENCH_ARTICLES (default 100,000) articles of realistic Chinese text by
 * recombining the sentences of the demo articles and the import fixtures with a word list, indexes it, then
 * times a fixed query mix (1-, 2- and 4-character, multi-word, Simplified, name variant, author). Reports index
 * build time, p50/p95/p99 per query kind and overall, and the process memory. SQLite always; PostgreSQL too
 * when BENCH_PG_URL is set (a schema of its own, dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/db/migrate.js';
import { parseArticleText } from '../src/modules/importer/index.js';
import { listedToReaders } from '../src/modules/articles/index.js';
import { findMatches, type SearchFilters } from '../src/modules/search/engine/index.js';
import { nameVariants } from '../src/modules/search/engine/names.js';
import { RANK_WINDOW, searchProviderFor } from '../src/modules/search/engine/providers.js';
import { type CompiledQuery, compileQuery, toFts5Match, toTsRankQuery } from '../src/modules/search/engine/query.js';
import { createDatabase, type Db } from '../src/platform/db/database.js';
import { systemClock } from '../src/platform/time.js';

const root = resolve(import.meta.dirname, '..');
const shared = process.env.OPDESK_SHARED ?? resolve(root, '../shared');
const N = Number(process.env.BENCH_ARTICLES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
/** What a reader's search may find, as the site asks for it. */
const readers = (): SearchFilters => ({ visible: listedToReaders('a', systemClock.now()) });

// mulberry32: small, fast, and the same corpus on every machine.
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sourceTexts(): string[] {
  const files = [
    ...readdirSync(join(root, 'demo/articles')).map((f) => join(root, 'demo/articles', f)),
    ...[1, 2, 3].map((n) => join(shared, 'fixtures/import', `synthetic-${n}.txt`)),
  ];
  return files.map((f) => readFileSync(f, 'utf8'));
}

const WORDS = [
  '能源轉型', '國防預算', '半導體', '供應鏈', '長照', '通膨', '少子化', '房價', '租屋', '電價', '核能', '綠電', '碳費', '健保',
  '教育', '數位落差', '人工智慧', 'AI', 'GDP', 'APEC', 'CPTPP', '台海', '印太', '美日同盟', '地方創生', '勞動權益', '最低工資',
  '川普', '普丁', '賀錦麗', '澤倫斯基', '梅克爾', '高市早苗', '習近平', '馬克宏', '紐西蘭', '義大利', '沙烏地阿拉伯', '北韓',
];
const SURNAMES = [...'陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁魏'];
const GIVEN = [...'志明雅婷家豪怡君冠宇淑芬俊傑佩珊建宏美玲宗翰欣怡承恩詩涵柏翰宜蓁子晴于安立群思妤明澄柏鈞'];

interface Doc {
  title: string;
  lead: string;
  body: string;
  author: string;
  tags: string[];
  publishedAt: string;
}

function makeCorpus(n: number): { docs: Doc[]; authors: string[] } {
  // Sentences grouped by source article: a generated piece takes most of its sentences from one topic, as a
  // real opinion piece stays on its subject, so words are spread over the corpus roughly as in a real archive.
  const topics: string[][] = [];
  const titles: string[] = [];
  for (const text of sourceTexts()) {
    const parsed = parseArticleText(text);
    if (parsed.title) titles.push(...parsed.title.split(/[　？]/u).filter((s) => s.length >= 4));
    const own: string[] = [];
    for (const b of parsed.blocks) {
      if (b.type !== 'paragraph') continue;
      for (const s of b.text.split(/(?<=[。！？])/u)) if ([...s].length >= 8) own.push(s);
    }
    topics.push(own);
  }
  const sentences = topics.flat();
  const random = rng(20260108);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const authors = Array.from({ length: 300 }, () => `${pick(SURNAMES)}${pick(GIVEN)}${pick(GIVEN)}`);
  let topic: string[] = topics[0] ?? [];
  const sentence = () => {
    const s = random() < 0.9 ? pick(topic) : pick(sentences);
    // Swap a two-character stretch for a word from the list now and then, so documents differ in vocabulary.
    if (random() < 0.08) {
      const chars = [...s];
      const at = Math.floor(random() * Math.max(1, chars.length - 3));
      chars.splice(at, 2, pick(WORDS));
      return chars.join('');
    }
    return s;
  };
  const docs: Doc[] = [];
  const start = Date.parse('2020-01-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    topic = pick(topics);
    const paragraphs = Array.from({ length: 5 + Math.floor(random() * 6) }, () =>
      Array.from({ length: 2 + Math.floor(random() * 3) }, sentence).join(''),
    );
    docs.push({
      title: `${pick(titles)}　${random() < 0.5 ? pick(WORDS) : pick(titles)}`,
      lead: `${sentence()}${sentence()}`,
      body: paragraphs.join('\n'),
      author: pick(authors),
      tags: [pick(WORDS), pick(WORDS)],
      publishedAt: new Date(start + Math.floor(random() * 6 * 365 * 86400) * 1000).toISOString(),
    });
  }
  return { docs, authors };
}

async function load(db: Db, docs: Doc[]): Promise<{ totalMs: number; indexMs: number }> {
  const k = db.kysely;
  const provider = searchProviderFor(db.dialect);
  const now = new Date().toISOString();
  const section = await k.insertInto('sections').values({ slug: 'opinion', name: '雲論', created_at: now }).returning('id').executeTakeFirstOrThrow();
  const authorIds = new Map<string, number>();
  let indexMs = 0;
  const t0 = performance.now();
  const batch = 500;
  for (let i = 0; i < docs.length; i += batch) {
    await k.transaction().execute(async (trx) => {
      for (const d of docs.slice(i, i + batch)) {
        let authorId = authorIds.get(d.author);
        if (authorId === undefined) {
          authorId = (await trx.insertInto('authors').values({ name: d.author, kind: 'columnist', bio: null, long_bio: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id;
          authorIds.set(d.author, authorId);
        }
        const id = (
          await trx
            .insertInto('articles')
            .values({
              kind: 'op-ed', section_id: section.id, title: d.title, subtitle: null, short_title: null, lead_label: '我們想讓你知道…', lead: d.lead,
              body: '{"schemaVersion":1,"blocks":[]}', body_text: d.body, char_count: d.body.length, state: 'published',
              first_published_at: d.publishedAt, published_at: d.publishedAt, content_updated_at: null, created_at: now, updated_at: now,
              revision: 1, show_disclaimer: 1, import_key: null, source_note: null, canonical_url: null, og_title: null, og_description: null,
              hero_image_id: null, hero_caption: null, hero_credit: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        await trx.insertInto('article_authors').values({ article_id: id, position: 0, author_id: authorId, role: '作者', bio_line: null }).execute();
        const s = performance.now();
        await provider.index(
          trx,
          { articleId: id, title: d.title, lead: d.lead, body: d.body, meta: [d.author, ...d.tags].join('\n'), facets: { authorIds: [authorId], tagIds: [], sectionId: section.id } },
          now,
        );
        indexMs += performance.now() - s;
      }
    });
    if ((i / batch) % 20 === 0) process.stderr.write(`\r  loaded ${Math.min(i + batch, docs.length)}/${docs.length}`);
  }
  process.stderr.write('\n');
  // What `opdesk search reindex` does at its end, and what an operator does after a bulk import.
  const o = performance.now();
  await provider.optimize(db.kysely);
  indexMs += performance.now() - o;
  return { totalMs: performance.now() - t0, indexMs };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(db: Db, authors: string[]): Promise<void> {
  const mix: Array<[string, string[]]> = [
    ['1 character', ['川', '稻', '鏈']],
    ['2 characters', ['國防', '川普', '電網', '長照']],
    ['4 characters', ['美日同盟', '能源轉型', '夜間經濟', '數位落差']],
    ['multi-word', ['能源 轉型', '偏鄉 公車', '美日 國防']],
    ['Simplified', ['能源转型', '夜间经济', '习近平']],
    ['name variant', ['特朗普', '普京', '默克爾']],
    ['author', [authors[0] ?? '陳志明', authors[1] ?? '林雅婷', authors[2] ?? '黃家豪']],
  ];
  const deps = { db, clock: systemClock };
  const all: number[] = [];
  process.stdout.write(`  ${'kind'.padEnd(14)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p99'.padStart(9)}   results (first query)\n`);
  for (const [kind, queries] of mix) {
    const times: number[] = [];
    let firstTotal = 0;
    for (const q of queries) {
      await findMatches(deps, q, { limit: 10, offset: 0, filters: readers() }); // warm
      for (let r = 0; r < RUNS; r++) {
        const s = performance.now();
        const out = await findMatches(deps, q, { limit: 10, offset: 0, filters: readers() });
        times.push(performance.now() - s);
        if (q === queries[0] && r === 0 && out.status === 'ok') firstTotal = out.total;
      }
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    process.stdout.write(
      `  ${kind.padEnd(14)}${percentile(times, 50).toFixed(2).padStart(7)}ms${percentile(times, 95).toFixed(2).padStart(7)}ms${percentile(times, 99).toFixed(2).padStart(7)}ms   ${firstTotal.toLocaleString()}\n`,
    );
  }
  all.sort((a, b) => a - b);
  // Not part of the fixed mix (so not in "all"): common words within one author's pieces, as the search
  // page's author filter asks.
  const author = await db.kysely.selectFrom('authors').select('id').where('name', '=', authors[0] ?? '').executeTakeFirst();
  if (author) {
    const filtered: number[] = [];
    for (const q of ['川普', '能源轉型', '國防']) {
      await findMatches(deps, q, { limit: 10, offset: 0, filters: { ...readers(), authorId: author.id } });
      for (let r = 0; r < RUNS; r++) {
        const s = performance.now();
        await findMatches(deps, q, { limit: 10, offset: 0, filters: { ...readers(), authorId: author.id } });
        filtered.push(performance.now() - s);
      }
    }
    filtered.sort((a, b) => a - b);
    process.stdout.write(
      `  ${'author filter'.padEnd(14)}${percentile(filtered, 50).toFixed(2).padStart(7)}ms${percentile(filtered, 95).toFixed(2).padStart(7)}ms${percentile(filtered, 99).toFixed(2).padStart(7)}ms   (not in "all")\n`,
    );
  }
  process.stdout.write(`  ${'all'.padEnd(14)}${percentile(all, 50).toFixed(2).padStart(7)}ms${percentile(all, 95).toFixed(2).padStart(7)}ms${percentile(all, 99).toFixed(2).padStart(7)}ms   (${all.length} queries)\n`);
  await reportReference(db, mix, all, db.dialect === 'postgres' ? postgresReference : sqliteReference);
}

interface Reference {
  readonly label: string;
  query(db: Db, compiled: CompiledQuery): Promise<unknown>;
}

/** Reference, same run: the previous design, the same compiled queries, the same page of 10. */
const sqliteReference: Reference = {
  label: 'one FTS5 table for the whole archive (before the newest articles got a shard of their own)',
  query: (db, compiled) =>
    sql`with hits as materialized (
        select search_fts.rowid as id, bm25(search_fts, 10.0, 4.0, 1.0, 6.0, 2.0, 0.0) as score, a.published_at as published_at
        from search_fts cross join articles a on a.id = search_fts.rowid
        where search_fts match ${toFts5Match(compiled)} and a.state = 'published' and a.published_at <= ${new Date().toISOString()}
        order by search_fts.rowid desc limit ${RANK_WINDOW})
      select (select count(*) from hits) as n, top.* from (select 1) as one
      left join (select * from hits order by score, published_at desc, id desc limit 10) as top on 1`.execute(db.kysely),
};

const postgresReference: Reference = {
  label: 'the weighted rank query also used for matching (before matching got a query of its own)',
  query: (db, compiled) => {
    const query = toTsRankQuery(compiled);
    return sql`with hits as materialized (
        select d.article_id as id, d.document as document
        from search_documents d join articles a on a.id = d.article_id
        where d.document @@ ${query}::tsquery and a.state = 'published' and a.published_at <= ${new Date().toISOString()}
        order by d.article_id desc limit ${RANK_WINDOW})
      select h.id as id, ts_rank('{0.1, 0.3, 0.5, 1.0}', h.document, ${query}::tsquery) as score, count(*) over () as total
      from hits h join articles a on a.id = h.id
      order by score desc, a.published_at desc, a.id desc limit 10`.execute(db.kysely);
  },
};

async function reportReference(db: Db, mix: Array<[string, string[]]>, all: number[], reference: Reference): Promise<void> {
  const times: number[] = [];
  const names = await nameVariants(db);
  for (const [, queries] of mix) {
    for (const q of queries) {
      for (let r = 0; r <= RUNS; r++) {
        const s = performance.now();
        const compiled = compileQuery(q, names);
        if (typeof compiled === 'string') throw new Error(`bench query ${q}: ${compiled}`);
        await reference.query(db, compiled);
        if (r > 0) times.push(performance.now() - s); // the first run warms
      }
    }
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `  reference: ${reference.label}, same queries: p50 ${percentile(times, 50).toFixed(2)}ms, p95 ${percentile(times, 95).toFixed(2)}ms, p99 ${percentile(times, 99).toFixed(2)}ms\n` +
      `  ratio to the reference: p50 ${(percentile(all, 50) / percentile(times, 50)).toFixed(2)}×, p95 ${(percentile(all, 95) / percentile(times, 95)).toFixed(2)}×, p99 ${(percentile(all, 99) / percentile(times, 99)).toFixed(2)}×\n`,
  );
}

async function run(label: string, db: Db, corpus: ReturnType<typeof makeCorpus>, reuse = false): Promise<void> {
  await migrateToLatest(db);
  if (reuse) {
    process.stdout.write(`\n${label}: reusing the articles already in the database\n`);
  } else {
    process.stdout.write(`\n${label}: indexing ${corpus.docs.length.toLocaleString()} articles…\n`);
    const { totalMs, indexMs } = await load(db, corpus.docs);
    process.stdout.write(`  build: ${(totalMs / 1000).toFixed(1)} s in all, of which tokenising + indexing + optimising ${(indexMs / 1000).toFixed(1)} s (${Math.round(corpus.docs.length / (indexMs / 1000))} articles/s)\n`);
  }
  await measure(db, corpus.authors);
  const mem = process.memoryUsage();
  process.stdout.write(`  memory: rss ${(mem.rss / 1048576).toFixed(0)} MB, heap ${(mem.heapUsed / 1048576).toFixed(0)} MB\n`);
}

const t = performance.now();
const corpus = makeCorpus(N);
const chars = corpus.docs.reduce((n, d) => n + d.body.length + d.lead.length + d.title.length, 0);
process.stdout.write(`corpus: ${N.toLocaleString()} articles, ${(chars / 1e6).toFixed(1)} M characters, made in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

// BENCH_ENGINES=postgres skips SQLite (with BENCH_PG_URL set).
const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const dir = mkdtempSync(join(tmpdir(), 'opdesk-bench-search-'));
// BENCH_KEEP=path keeps the SQLite database (and the PostgreSQL schema) for poking at afterwards.
const sqliteFile = process.env.BENCH_KEEP ?? join(dir, 'bench.sqlite');
const sqlite = createDatabase(`sqlite:${sqliteFile}`);
try {
  if (engines.includes('sqlite')) await run('SQLite (FTS5)', sqlite, corpus);
} finally {
  await sqlite.destroy();
  rmSync(dir, { recursive: true, force: true });
}

const pgUrl = process.env.BENCH_PG_URL;
if (pgUrl && engines.includes('postgres')) {
  // BENCH_PG_SCHEMA=name measures a schema an earlier run kept (BENCH_KEEP) instead of building one.
  const reused = process.env.BENCH_PG_SCHEMA;
  const schema = reused ?? `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  if (!reused) await admin.query(`create schema ${schema}`);
  const db = createDatabase(pgUrl, { pgSchema: schema, poolSize: 4 });
  try {
    await run('PostgreSQL (tsvector + GIN)', db, corpus, reused !== undefined);
  } finally {
    await db.destroy();
    if (process.env.BENCH_KEEP || reused) process.stdout.write(`  kept in schema ${schema}\n`);
    else await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
