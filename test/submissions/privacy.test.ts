import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoContent } from '../../src/app/demo-content.js';
import { periodicJobs } from '../../src/app/jobs.js';
import { getEditable, transitionArticle } from '../../src/modules/articles/index.js';
import { acceptSubmission, getSubmissionForDesk, messageWriter } from '../../src/modules/submissions/index.js';
import { capturingLogger, opEdBody, photoBytes, postMultipart, submissionDeps, WRITER } from '../support/submissions.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/**
 * A writer's real name, e-mail, phone and address reach the desk and nothing else: not a public page in either
 * version, not the API, not the search, not the writer's own tracking page, and not the log. The piece goes the
 * whole way (sent through the form with a picture, answered, accepted, published, every periodic job run), then
 * every public response and every log line is searched for them.
 */
const PRIVATE = [WRITER.realName, WRITER.email, WRITER.phone, WRITER.address, 'meihua.lin'];

let t: TestApp;
let logged: () => string;
let trackPath: string;
let articleId: number;
let authorId: number;

beforeAll(async () => {
  const capture = capturingLogger();
  logged = capture.lines;
  t = await buildTestApp({ LOG_LEVEL: 'debug' }, { log: capture.log });
  await loadDemoContent(t.deps, capture.log);
  t.clock.set('2026-12-03T02:00:00.000Z');
  const sent = await postMultipart(
    t,
    '/contribute',
    {
      ...WRITER,
      title: '讓公車跑起來',
      lead: '專用道不該在縣市界線上消失。',
      body: opEdBody(12, '公車專用道'),
      conflicts: '無',
      declareOriginal: 'on',
      declareExclusive: 'on',
      declareLicence: 'on',
      consent: 'on',
      termsVersion: '2026-12-01',
      issuedAt: String(t.clock.now().getTime() - 120_000),
      website: '',
      image1Caption: '尖峰時段的公車站',
      image1Credit: '林思',
      image1Rights: 'own',
    },
    [{ field: 'image1', name: 'meihua.lin-bus-stop.jpg', bytes: photoBytes() }],
  );
  expect(sent.statusCode).toBe(303);
  trackPath = String(sent.headers.location).split('?')[0] as string;
  const deps = submissionDeps(t, capture.log);
  const id = (await t.db.kysely.selectFrom('submissions').select('id').executeTakeFirstOrThrow()).id;
  await messageWriter(deps, id, '請問圖片是您本人拍攝的嗎？', { userId: 1 });
  articleId = (await acceptSubmission(deps, id, { userId: 1 })).articleId;
  expect((await transitionArticle(t.deps, articleId, 'publish', {}, { userId: null })).status).toBe('done');
  authorId = (await getEditable(t.deps, articleId)).bylines[0]?.authorId ?? 0;
  // Every job a server runs, once: mail delivery (to the outbox), notices, the overlap index.
  for (const job of periodicJobs({ config: t.config, db: t.db, clock: t.clock, log: capture.log, changes: t.changes })) await job.run();
  expect((await getSubmissionForDesk(deps, id))?.contact.email).toBe(WRITER.email);
});
afterAll(async () => t?.close());

function expectNothingPrivate(where: string, text: string) {
  for (const value of PRIVATE) expect(text.includes(value), `${where} shows ${value}`).toBe(false);
}

describe("the writer's private details", () => {
  it('are on no public page, API answer or search result', async () => {
    const urls = [
      '/',
      '/m/',
      `/article/${articleId}`,
      `/m/article/${articleId}`,
      `/author/${authorId}`,
      `/m/author/${authorId}`,
      `/search?q=${encodeURIComponent(WRITER.penName)}`,
      `/search?q=${encodeURIComponent('公車專用道')}`,
      '/api/v1/articles',
      `/api/v1/articles/${articleId}`,
      `/api/v1/authors/${authorId}`,
      `/api/v1/search?q=${encodeURIComponent('公車專用道')}`,
      '/contribute',
      trackPath,
      `${trackPath}?sent=1`,
    ];
    for (const url of urls) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expectNothingPrivate(url, res.body + JSON.stringify(res.headers));
    }
    // The piece is really there: the byline as the writer chose it.
    const page = await t.app.inject({ method: 'GET', url: `/article/${articleId}` });
    expect(page.body.replace(/<[^>]+>/g, '')).toContain(`●${WRITER.penName}／${WRITER.bioLine}`);
  });

  it('never reach the log', () => {
    expect(logged()).toContain('submission received');
    expectNothingPrivate('the log', logged());
  });
});
