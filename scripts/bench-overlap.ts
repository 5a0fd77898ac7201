/**
 * npm run bench:overlap — the overlap detector (modules/overlap) at archive scale, on this machine.
 *
 * 1. writes BENCH_ARTICLES (default 100,000) articles of 1,500–3,000 characters straight into a fresh SQLite
 *    database (and into a PostgreSQL schema of its own when BENCH_PG_URL is set, dropped afterwards);
 * 2. indexes them with the catch-up job's own function (the backfill a first start does) and reports the time,
 *    the index rows and bytes;
 * 3. times findOverlaps for fresh texts (no copying) and for submissions that copy two paragraphs of a random
 *    archive article between paragraphs of their own (and checks each of those finds its article), against a
 *    reference taken in the same run: reading one article row by primary key.
 *
 * BENCH_DIR=path keeps the SQLite database there for a look afterwards.
 *
 * The texts: recombining the demo and fixture sentences as they are would put each sentence in thousands of
 * articles, and an archive where every 10-character stretch is shared by thousands of texts is not what a
 * newsroom has. So sentences are generated, character by character, by a bigram chain learnt from those texts
 * (the characters, their frequencies and punctuation rhythm of real opinion pieces, hardly a 10-character
 * stretch twice), and 2% of sentences are real corpus sentences taken verbatim: the stock phrases and much-quoted
 * lines every archive has, each in hundreds of articles.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/db/migrate.js';
import { catchUpArticles, findOverlaps, overlapIndexSize } from '../src/modules/overlap/index.js';
import { createDatabase, type Db } from '../src/platform/db/database.js';

const root = resolve(import.meta.dirname, '..');
const shared = process.env.OPDESK_SHARED ?? resolve(root, '../shared');
const N = Number(process.env.BENCH_ARTICLES ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

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

function sourceSentences(): string[] {
  const files = [
    ...readdirSync(join(root, 'demo/articles')).map((f) => join(root, 'demo/articles', f)),
    ...readdirSync(join(shared, 'fixtures/import'))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => join(shared, 'fixtures/import', f)),
    ...readdirSync(join(shared, 'seed')).map((f) => join(shared, 'seed', f)),
  ];
  const out: string[] = [];
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      // Body prose only: the navigation, bylines and captions are not what articles are made of.
      if ([...line].length < 20 || /^[●▲▼]|ETtoday|facebook/.test(line)) continue;
      for (const s of line.split(/(?<=[。！？])/u)) if ([...s].length >= 12) out.push(s.trim());
    }
  }
  return out;
}

/** A bigram chain over characters: after each character, the characters that followed it in the corpus. */
class Writer {
  private readonly next = new Map<string, string[]>();
  private readonly starts: string[] = [];
  constructor(
    private readonly sentences: string[],
    private readonly random: () => number,
  ) {
    for (const s of sentences) {
      const chars = [...s];
      this.starts.push(chars[0] ?? '我');
      for (let i = 0; i + 1 < chars.length; i++) {
        const list = this.next.get(chars[i] ?? '');
        if (list) list.push(chars[i + 1] ?? '');
        else this.next.set(chars[i] ?? '', [chars[i + 1] ?? '']);
      }
    }
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)] as T;
  }
  sentence(): string {
    if (this.random() < 0.02) return this.pick(this.sentences);
    let ch = this.pick(this.starts);
    let out = ch;
    const length = 15 + Math.floor(this.random() * 30);
    for (let i = 1; i < length; i++) {
      const options = this.next.get(ch);
      if (!options) break;
      ch = this.pick(options);
      if (ch === '。' || ch === '！' || ch === '？') break;
      out += ch;
    }
    return `${out.replace(/[，、；：]+$/u, '')}。`;
  }
  paragraph(): string {
    let p = '';
    const n = 2 + Math.floor(this.random() * 3);
    for (let i = 0; i < n; i++) p += this.sentence();
    return p;
  }
  /** 1,500–3,000 characters of body in paragraphs. */
  body(): string[] {
    const target = 1_500 + Math.floor(this.random() * 1_500);
    const paragraphs: string[] = [];
    let length = 0;
    while (length < target) {
      const p = this.paragraph();
      paragraphs.push(p);
      length += p.length;
    }
    return paragraphs;
  }
}

async function load(db: Db, writer: Writer): Promise<number> {
  const k = db.kysely;
  const now = '2026-12-01T00:00:00.000Z';
  const section = await k.insertInto('sections').values({ slug: 'opinion', name: '雲論', created_at: now }).returning('id').executeTakeFirstOrThrow();
  const start = Date.parse('2016-01-01T00:00:00Z');
  const t0 = performance.now();
  const batch = 500;
  for (let i = 0; i < N; i += batch) {
    await k.transaction().execute(async (trx) => {
      const rows = [];
      for (let j = i; j < Math.min(N, i + batch); j++) {
        const body = writer.body().join('\n');
        // Published in order over ten years; the catch-up reads by updated_at, as it would after an import.
        const at = new Date(start + j * 3_000_000).toISOString();
        rows.push({
          kind: 'op-ed', section_id: section.id, title: writer.sentence().slice(0, 24), subtitle: null, short_title: null,
          lead_label: '我們想讓你知道…', lead: writer.sentence() + writer.sentence(), body: '{"schemaVersion":1,"blocks":[]}', body_text: body,
          char_count: body.length, state: 'published', first_published_at: at, published_at: at, content_updated_at: null, created_at: at,
          updated_at: at, revision: 1, show_disclaimer: 1, import_key: null, source_note: null, canonical_url: null, og_title: null,
          og_description: null, hero_image_id: null, hero_caption: null, hero_credit: null,
        });
      }
      // Few enough columns × rows a statement for SQLite's bound-parameter limit.
      for (let r = 0; r < rows.length; r += 50) await trx.insertInto('articles').values(rows.slice(r, r + 50)).execute();
    });
    if ((i / batch) % 20 === 0) process.stderr.write(`\r  written ${Math.min(i + batch, N)}/${N}`);
  }
  process.stderr.write('\n');
  return performance.now() - t0;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timed(runs: number, work: (i: number, measured: boolean) => Promise<unknown>): Promise<{ p50: number; p95: number; mean: number }> {
  for (let i = 0; i < Math.min(10, runs); i++) await work(i, false); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await work(i, true);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

async function indexBytes(db: Db): Promise<string> {
  if (db.dialect === 'sqlite') {
    const rows = await sql<{ name: string; bytes: number }>`select name, sum(pgsize) as bytes from dbstat
      where name in ('text_fingerprints', 'text_fingerprint_docs') group by name`.execute(db.kysely);
    const file = await sql<{ bytes: number }>`select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()`.execute(db.kysely);
    return `${rows.rows.map((r) => `${r.name} ${mb(r.bytes)}`).join(', ')} (whole database ${mb(file.rows[0]?.bytes ?? 0)})`;
  }
  const rows = await sql<{ name: string; bytes: number }>`select c.relname as name, pg_total_relation_size(c.oid) as bytes from pg_class c
    where c.relname in ('text_fingerprints', 'text_fingerprint_docs') and c.relnamespace = current_schema()::regnamespace`.execute(db.kysely);
  const whole = await sql<{ bytes: number }>`select sum(pg_total_relation_size(c.oid))::bigint as bytes from pg_class c
    where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace`.execute(db.kysely);
  return `${rows.rows.map((r) => `${r.name} ${mb(Number(r.bytes))} (with its indexes)`).join(', ')} (all tables ${mb(Number(whole.rows[0]?.bytes ?? 0))})`;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const ms = (x: number) => `${x.toFixed(3)} ms`;

async function bench(db: Db, label: string): Promise<void> {
  process.stdout.write(`\n${label}: ${N.toLocaleString('en')} articles\n`);
  const sentences = sourceSentences();
  const writeMs = await load(db, new Writer(sentences, rng(20261203)));
  if (db.dialect === 'postgres') await sql`analyze`.execute(db.kysely);
  const deps = { db };
  const i0 = performance.now();
  const built = await catchUpArticles(deps, {
    batch: 500,
    onProgress: (n) => {
      if (n % 10_000 === 0) process.stderr.write(`\r  indexed ${n}/${N}`);
    },
  });
  const indexMs = performance.now() - i0;
  process.stderr.write('\n');
  if (db.dialect === 'postgres') await sql`vacuum analyze text_fingerprints`.execute(db.kysely);
  const size = await overlapIndexSize(deps);
  const avgChars = Number(
    (await db.kysely.selectFrom('articles').select((eb) => eb.fn.avg<number>(eb.fn('length', ['body_text'])).as('n')).executeTakeFirstOrThrow()).n,
  );
  process.stdout.write(`  articles written in ${(writeMs / 1000).toFixed(1)} s (body ${avgChars.toFixed(0)} characters on average)\n`);
  process.stdout.write(
    `  index built in ${(indexMs / 1000).toFixed(1)} s (${((indexMs / built.indexed) * 1000).toFixed(0)} µs an article), ${size.fingerprints.toLocaleString('en')} fingerprint rows` +
      ` (${(size.fingerprints / size.texts).toFixed(1)} a text), ${size.texts.toLocaleString('en')} texts\n`,
  );
  process.stdout.write(`  index size: ${await indexBytes(db)}\n`);

  // Fresh texts come from the same chain on another seed; copies take two paragraphs of a random article.
  const fresh = new Writer(sentences, rng(7));
  const freshTexts = Array.from({ length: QUERIES }, () => fresh.body().join('\n'));
  const pickRandom = rng(99);
  const copies: Array<{ id: number; text: string }> = [];
  const ids = (await db.kysely.selectFrom('articles').select(['id', 'body_text']).where('id', 'in', Array.from({ length: QUERIES }, () => 3_100_001 + Math.floor(pickRandom() * N))).execute());
  for (const a of ids) {
    const theirs = a.body_text.split('\n');
    const at = Math.floor(pickRandom() * (theirs.length - 3));
    const own = fresh.body();
    copies.push({ id: a.id, text: [...own.slice(0, 3), theirs[at], ...own.slice(3, 6), theirs[at + 2], ...own.slice(6, 9)].join('\n') });
  }
  const reference = await timed(QUERIES * 5, (i) => db.kysely.selectFrom('articles').selectAll().where('id', '=', 3_100_001 + ((i * 7919) % N)).executeTakeFirst());
  let flaggedFresh = 0;
  const freshTimes = await timed(freshTexts.length, async (i, measured) => {
    const found = await findOverlaps(deps, freshTexts[i] ?? '');
    if (measured && found.length > 0) flaggedFresh++;
  });
  let foundCopies = 0;
  let shares = 0;
  const missed: number[] = [];
  const copyTimes = await timed(copies.length, async (i, measured) => {
    const c = copies[i];
    const found = await findOverlaps(deps, c?.text ?? '');
    if (measured && found[0]?.ref.id === c?.id) {
      foundCopies++;
      shares += found[0]?.share ?? 0;
    } else if (measured) missed.push(i);
  });
  const row = (name: string, r: { p50: number; p95: number }) =>
    `  ${name.padEnd(40)} p50 ${ms(r.p50).padStart(11)}  p95 ${ms(r.p95).padStart(11)}   ×ref p50 ${(r.p50 / reference.p50).toFixed(0).padStart(5)}  p95 ${(r.p95 / reference.p95).toFixed(0).padStart(5)}\n`;
  process.stdout.write(row('reference: one article row by id', reference));
  process.stdout.write(row(`findOverlaps, fresh text (${QUERIES})`, freshTimes));
  process.stdout.write(row(`findOverlaps, copies two paragraphs (${QUERIES})`, copyTimes));
  process.stdout.write(
    `  copies found as the top overlap: ${foundCopies}/${copies.length} (mean share ${(shares / Math.max(1, foundCopies)).toFixed(2)}); fresh texts flagged: ${flaggedFresh}/${freshTexts.length}\n`,
  );
  // A copy not reported: were its two paragraphs too small a part of it for the default minShare?
  for (const i of missed) {
    const c = copies[i];
    const all = await findOverlaps(deps, c?.text ?? '', { minShare: 0 });
    const own = all.find((o) => o.ref.id === c?.id);
    const copied = own ? own.passages.map((p) => [...p.ours].length).join(' + ') : '?';
    process.stdout.write(`    not reported: article ${c?.id}: ${own ? `share ${own.share.toFixed(3)} (passages of ${copied} characters), under the default minShare` : 'not found at any share'}\n`);
  }
}

async function main(): Promise<void> {
  process.stdout.write(`Node ${process.version}; BENCH_ARTICLES=${N}, BENCH_QUERIES=${QUERIES}\n`);
  const dir = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'opdesk-bench-overlap-'));
  try {
    const db = createDatabase(`sqlite:${join(dir, 'bench.sqlite')}`);
    await migrateToLatest(db);
    await bench(db, 'SQLite');
    await db.destroy();
  } finally {
    if (!process.env.BENCH_DIR) rmSync(dir, { recursive: true, force: true });
  }
  const pgUrl = process.env.BENCH_PG_URL;
  if (!pgUrl) return;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const db = createDatabase(pgUrl, { pgSchema: schema });
    await migrateToLatest(db);
    await bench(db, 'PostgreSQL');
    await db.destroy();
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

await main();
