/**
 * npm run bench:newsroom — the newsroom at scale, on this machine.
 *
 * 1. makes a SQLite database with BENCH_ARTICLES (default 100,000) articles in every state (rows written in one
 *    transaction straight into the tables: a fixture, not a test of the writer) and a staff account;
 * 2. starts two app instances on that one file (built code, as deployed), signs in over HTTP like a browser;
 * 3. times the article list (first page, a state filter, a deep page) and the editor against /healthz on the same
 *    instance in the same run (the reference: same process, same sockets, no work), p50/p95 of BENCH_RUNS each;
 * 4. publishes a piece on instance A and polls instance B until readers get it: publish-to-visible.
 * Everything listens on 127.0.0.1 and stops by itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { migrateToLatest } from '../src/db/migrate.js';
import { createUser } from '../src/modules/accounts/index.js';
import { createDatabase } from '../src/platform/db/database.js';
import { systemClock } from '../src/platform/time.js';
import { freePort, waitFor } from './support/local-server.js';

const root = resolve(import.meta.dirname, '..');
const N = Number(process.env.BENCH_ARTICLES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const STATES = ['draft', 'in_review', 'scheduled', 'published', 'published', 'published', 'unlisted', 'retracted'];

async function fixture(dir: string): Promise<{ url: string; email: string; password: string; draftId: number }> {
  const url = `sqlite:${join(dir, 'newsroom.sqlite')}`;
  const db = createDatabase(url);
  await migrateToLatest(db);
  const now = Date.now();
  const body = JSON.stringify({
    schemaVersion: 1,
    blocks: [
      { id: 'b0', type: 'byline' },
      ...Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, type: 'paragraph', text: `第${i + 1}段：能源轉型與供應鏈的討論仍在繼續，地方政府與中央的分工需要更清楚的規則。` })),
    ],
  });
  const started = performance.now();
  await db.kysely.transaction().execute(async (tx) => {
    const section = await tx.insertInto('sections').values({ slug: 'opinion', name: '雲論', created_at: new Date(now).toISOString() }).returning('id').executeTakeFirstOrThrow();
    const author = await tx
      .insertInto('authors')
      .values({ name: '楊聰榮', kind: 'columnist', bio: '兼任教師', long_bio: null, created_at: new Date(now).toISOString(), updated_at: new Date(now).toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const batch = 500;
    for (let start = 0; start < N; start += batch) {
      const rows = Array.from({ length: Math.min(batch, N - start) }, (_, k) => {
        const i = start + k;
        const state = STATES[i % STATES.length] ?? 'draft';
        const at = new Date(now - (N - i) * 60_000).toISOString();
        return {
          kind: 'op-ed',
          section_id: section.id,
          title: `第 ${i + 1} 篇：能源轉型的下一步`,
          subtitle: null,
          short_title: null,
          lead_label: '我們想讓你知道…',
          lead: '導言。',
          body,
          body_text: '內文',
          char_count: 420,
          state,
          first_published_at: state === 'draft' || state === 'in_review' ? null : at,
          published_at: state === 'draft' || state === 'in_review' ? null : at,
          content_updated_at: null,
          created_at: at,
          updated_at: at,
          revision: 1,
          show_disclaimer: 1,
          import_key: null,
          source_note: null,
          canonical_url: null,
          og_title: null,
          og_description: null,
          hero_image_id: null,
          hero_caption: null,
          hero_credit: null,
          disclaimer_override: null,
          og_image_id: null,
          retraction_notice: state === 'retracted' ? '撤稿。' : null,
          retracted_at: state === 'retracted' ? at : null,
          import_report: null,
          updated_by: null,
        };
      });
      const ids = await tx.insertInto('articles').values(rows).returning('id').execute();
      await tx
        .insertInto('article_authors')
        .values(ids.map((r) => ({ article_id: r.id, position: 0, author_id: author.id, role: '作者', bio_line: '兼任教師' })))
        .execute();
    }
  });
  const draft = await db.kysely.selectFrom('articles').select('id').where('state', '=', 'draft').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  // A ready draft for the publish step: a title, a byline and paragraphs are already there.
  await sql`analyze`.execute(db.kysely);
  const email = 'bench.chief@example.tw';
  const { password } = await createUser({ db: db, clock: systemClock }, { email, displayName: '總編', role: 'chief_editor' });
  await db.destroy();
  process.stdout.write(`fixture: ${N.toLocaleString('en')} articles in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return { url, email, password, draftId: draft.id };
}

function startApp(dir: string, port: number, url: string): ChildProcess {
  return spawn(process.execPath, [join(root, 'dist/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: url, MEDIA_DIR: join(dir, 'media'), LOG_LEVEL: 'warn', DEMO_CONTENT: 'false', NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** A browser's worth of state: cookies and the last CSRF token seen. */
class Visitor {
  private cookies = new Map<string, string>();
  token = '';
  constructor(private readonly base: string) {}
  private keep(res: Response, text: string) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = (pair ?? '').split('=');
      if (k) this.cookies.set(k.trim(), v ?? '');
    }
    this.token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? this.token;
  }
  private get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(path: string): Promise<{ status: number; text: string }> {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookie }, redirect: 'manual' });
    const text = await res.text();
    this.keep(res, text);
    return { status: res.status, text };
  }
  async post(path: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: this.token, ...fields }).toString(),
      redirect: 'manual',
    });
    const text = await res.text();
    this.keep(res, text);
    return { status: res.status, text };
  }
}

async function time(runs: number, fn: () => Promise<{ status: number }>): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fn();
    samples.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`status ${res.status}`);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'opdesk-bench-newsroom-'));
  const children: ChildProcess[] = [];
  try {
    const fx = await fixture(dir);
    const [portA, portB] = [await freePort(), await freePort()];
    children.push(startApp(dir, portA, fx.url), startApp(dir, portB, fx.url));
    const [a, b] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    await Promise.all([waitFor(`${a}/healthz`), waitFor(`${b}/healthz`)]);

    const v = new Visitor(a);
    await v.get('/newsroom/login');
    await v.post('/newsroom/login', { email: fx.email, password: fx.password });
    await v.get('/newsroom/password');
    const mine = '一句只有我知道的密碼 2026!';
    await v.post('/newsroom/password', { current: fx.password, next: mine, confirm: mine });
    // A chief editor (who may publish) sets up two-step verification first, as on day one.
    const setup = await v.get('/newsroom/two-step');
    const secret = /class="nr-secret">([A-Z2-7 ]+)</.exec(setup.text)?.[1]?.replace(/ /g, '') ?? '';
    const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    await v.post('/newsroom/two-step', { code: totp.generate() });
    if ((await v.get('/newsroom/')).status !== 200) throw new Error('could not sign in');

    const reference = await time(RUNS, () => fetch(`${a}/healthz`).then((r) => r.text().then(() => ({ status: r.status }))));
    const cases: Array<[string, string]> = [
      ['article list, first page', '/newsroom/articles'],
      ['article list, in review', '/newsroom/articles?state=in_review'],
      ['article list, page 1,000', '/newsroom/articles?page=1000'],
      ['editor', `/newsroom/articles/${fx.draftId}`],
    ];
    process.stdout.write(`\nnewsroom with ${N.toLocaleString('en')} articles, ${RUNS} sequential requests each (ms)\n`);
    process.stdout.write(`${'reference: /healthz'.padEnd(30)} p50 ${reference.p50.toFixed(2).padStart(7)}  p95 ${reference.p95.toFixed(2).padStart(7)}\n`);
    for (const [name, path] of cases) {
      const r = await time(RUNS, () => v.get(path));
      const verdict = r.p95 < 100 ? 'under 100 ms' : 'OVER 100 ms';
      process.stdout.write(
        `${name.padEnd(30)} p50 ${r.p50.toFixed(2).padStart(7)}  p95 ${r.p95.toFixed(2).padStart(7)}  (${(r.p95 / reference.p95).toFixed(1)}× the reference's p95; ${verdict})\n`,
      );
    }

    // Publish on A; how long until a reader asking B gets the page?
    await v.get(`/newsroom/articles/${fx.draftId}`);
    const before = await fetch(`${b}/article/${fx.draftId}`);
    await before.text();
    if (before.status !== 404) throw new Error(`draft visible before publishing: ${before.status}`);
    // B's home page is cached before the publish, as it would be on a busy site.
    await (await fetch(`${b}/`)).text();
    const t0 = performance.now();
    const published = await v.post(`/newsroom/articles/${fx.draftId}/transition`, { transition: 'publish' });
    if (published.status !== 303) throw new Error(`publish answered ${published.status}: editors may not publish? ${published.text.slice(0, 200)}`);
    const acted = performance.now() - t0;
    for (;;) {
      const res = await fetch(`${b}/article/${fx.draftId}`);
      await res.text();
      if (res.status === 200) break;
      if (performance.now() - t0 > 30_000) throw new Error('never visible on the second instance');
      await new Promise((r) => setTimeout(r, 20));
    }
    const visible = performance.now() - t0;
    for (;;) {
      const home = await (await fetch(`${b}/`)).text();
      if (home.includes(`/article/${fx.draftId}"`)) break;
      if (performance.now() - t0 > 30_000) throw new Error("never on the second instance's home page");
      await new Promise((r) => setTimeout(r, 20));
    }
    const listed = performance.now() - t0;
    process.stdout.write(
      `\npublish on instance A (the request itself ${acted.toFixed(0)} ms) → its page on instance B: ${visible.toFixed(0)} ms; on B's cached home page: ${listed.toFixed(0)} ms (CHANGE_POLL_MS default 1000)\n`,
    );
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
