import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedArticle, BODY_SCHEMA_VERSION } from '../../src/modules/articles/index.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { continueArticleIdsAt, importSeed, makeArticle } from '../support/factories.js';

let t: TestApp;
let seedId: number;
let hostileId: number;

beforeAll(async () => {
  t = await buildTestApp({ PAGE_SIZE: '2' });
  seedId = (await importSeed(t, ['川普', '美日關係'])).id;
  for (let i = 0; i < 3; i++) await makeArticle(t, { title: `能源轉型第${i + 1}篇`, paragraphs: ['談能源轉型與電網。'], author: '蔡測試', tags: ['能源'] });
  hostileId = (
    await createPublishedArticle(t.deps, {
      title: '測試跳脫',
      lead: null,
      body: { schemaVersion: BODY_SCHEMA_VERSION, blocks: [{ id: 'p', type: 'paragraph', text: '前文<script>alert(1)</script>關鍵詞甲乙<b>後文</b>' }] },
      bylines: [{ name: '某人', bio: null }],
      tags: [],
      publishedAt: '2026-05-01T00:00:00.000Z',
    })
  ).id;
});
afterAll(async () => t.close());

const page = (q: string, extra = '') => t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}${extra}` });
const api = (q: string, extra = '') => t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}` });
const ids = (body: string) => [...body.matchAll(/class="card__title"><a href="\/article\/(\d+)"/g)].map((m) => Number(m[1]));

describe('/search finds Chinese the way readers type it', () => {
  it.each([
    ['川普', '2-character name'],
    ['特朗普', 'mainland form of the name'],
    ['川', 'one character'],
    ['國防', '2-character word'],
    ['美日同盟', '4 characters'],
    ['美日同', 'a prefix of a longer run'],
    ['高市 國防', 'two words (both must appear)'],
    ['"美日 同盟"', 'a quoted phrase'],
    ['美日同盟关系', 'Simplified (關係 after conversion) — no: this one needs both'],
    ['ＡＰＥＣ', 'full-width Latin'],
    ['AI供應鏈', 'Latin and Chinese mixed'],
    ['楊聰榮', "the author's name"],
    ['臺海', 'variant character 臺 = 台'],
  ])('%s (%s)', async (q) => {
    const res = await page(q);
    expect(res.statusCode).toBe(200);
    if (q === '美日同盟关系') {
      // 美日同盟關係 does not occur in the text: finding nothing is the right answer.
      expect(ids(res.body)).toEqual([]);
      return;
    }
    expect(ids(res.body)).toContain(seedId);
  });

  it('highlights the match in an escaped snippet', async () => {
    const res = await page('特朗普');
    expect(res.body).toContain('<mark>川普</mark>');
    expect(res.body).toContain('也搜尋了：川普');
    const hostile = await page('關鍵詞甲乙');
    expect(ids(hostile.body)).toEqual([hostileId]);
    expect(hostile.body).toContain('&lt;script>alert(1)&lt;/script><mark>關鍵詞甲乙</mark>&lt;b>後文&lt;/b>');
    expect(hostile.body).not.toContain('<script>alert(1)');
  });

  it('paginates, and filters by author, tag and date', async () => {
    const first = await page('能源轉型');
    expect(first.body).toContain('找到 3 篇文章');
    expect(ids(first.body)).toHaveLength(2);
    const second = await page('能源轉型', '&page=2');
    expect(ids(second.body)).toHaveLength(1);
    const byTag = await page('川普', '&tag=%E7%BE%8E%E6%97%A5%E9%97%9C%E4%BF%82');
    expect(ids(byTag.body)).toEqual([seedId]);
    expect(byTag.body).toContain('關鍵字：美日關係');
    const authorId = (await t.db.kysely.selectFrom('authors').select('id').where('name', '=', '蔡測試').executeTakeFirstOrThrow()).id;
    const byAuthor = await page('能源轉型', `&author=${authorId}`);
    expect(byAuthor.body).toContain('找到 3 篇文章');
    expect(ids((await page('川普', `&author=${authorId}`)).body)).toEqual([]);
    const bySection = await page('川普', '&section=opinion');
    expect(ids(bySection.body)).toEqual([seedId]);
    expect(ids((await page('川普', '&section=no-such-section')).body)).toEqual([seedId]);
    const outOfRange = await page('川普', '&from=2026-02-01');
    expect(ids(outOfRange.body)).toEqual([]);
    const inRange = await page('川普', '&from=2026-01-08&to=2026-01-08');
    expect(ids(inRange.body)).toEqual([seedId]);
    const badDate = await page('川普', '&from=yesterday');
    expect(badDate.statusCode).toBe(200);
    expect(badDate.body).toContain('看不懂');
    expect(ids(badDate.body)).toEqual([seedId]);
  });

  it('suggests other spellings when nothing is found', async () => {
    const res = await page('特朗普關稅');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('找不到與「特朗普關稅」相關的文章');
    expect(res.body).toContain('href="/search?q=%E5%B7%9D%E6%99%AE%E9%97%9C%E7%A8%85"');
  });

  it('finds an article the moment it is published', async () => {
    expect(ids((await page('獨一無二的詞彙')).body)).toEqual([]);
    const id = await makeArticle(t, { paragraphs: ['這裡有一個獨一無二的詞彙。'] });
    expect(ids((await page('獨一無二的詞彙')).body)).toEqual([id]);
  });

  it('keeps future and unpublished pieces out of public results', async () => {
    await makeArticle(t, { title: '未來才發布的祕密文章', publishedAt: '2027-01-01T00:00:00.000Z' });
    expect(ids((await page('祕密文章')).body)).toEqual([]);
  });

  it('finds and counts matches across the index shards of a long archive, the newest not buried', async () => {
    // Shards hold 10,000 ids each: 3110000 begins a new one, 3125000 another.
    const first = await makeArticle(t, { title: '分段索引之一', paragraphs: ['跨段落的檢索詞在這裡。'] });
    await continueArticleIdsAt(t, 3109999);
    const second = await makeArticle(t, { title: '分段索引之二', paragraphs: ['跨段落的檢索詞又出現。'] });
    const third = await makeArticle(t, { title: '分段索引之三：跨段落的檢索詞', paragraphs: ['跨段落的檢索詞第三次。'] });
    expect([second, third]).toEqual([3109999, 3110000]);
    // Alone in its new shard the third piece would be scored on statistics of one article (every word in
    // every article: near zero); it is ranked with the older shard's and its title match puts it first.
    expect(ids((await page('跨段落的檢索詞')).body)).toEqual([third, second]);
    await continueArticleIdsAt(t, 3125000);
    const fourth = await makeArticle(t, { title: '分段索引之四', paragraphs: ['跨段落的檢索詞最後一次。'] });
    expect(fourth).toBe(3125000);
    const one = await page('跨段落的檢索詞');
    expect(one.body).toContain('找到 4 篇文章');
    const two = await page('跨段落的檢索詞', '&page=2');
    expect([...ids(one.body), ...ids(two.body)].sort()).toEqual([first, second, third, fourth]);
    const json = (await api('分段索引')).json() as { meta: { total: number } };
    expect(json.meta.total).toBe(4);
  });

  it('works on the mobile version too, with one search box', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/m/search?q=${encodeURIComponent('川普')}` });
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/role="search"/g)).toHaveLength(1);
    expect(res.body).toContain('id="search-q"');
    // Every other page keeps the header's search box.
    expect((await t.app.inject({ method: 'GET', url: '/m/' })).body).toContain('id="site-search"');
    expect(res.body).toContain(`href="/m/article/${seedId}"`);
  });
});

describe('/search never shows an error page for bad input', () => {
  it.each([
    ['', '請輸入要搜尋的關鍵字'],
    ['   ', '請輸入要搜尋的關鍵字'],
    ['！？。，、', '沒有可以搜尋的文字'],
    ['\u0000\u0007\u001b', '請輸入要搜尋的關鍵字'],
    ["' OR 1=1 --", '找不到'],
    ['"', '沒有可以搜尋的文字'],
    ['川普*', ''],
    ['NEAR(川普 高市)', ''],
    ['title:川普', ''],
    ['{title}: 川普 AND OR NOT ^', ''],
    ['\\\'"; drop table articles; --', '找不到'],
    ['川'.repeat(10_000), '只用了前 100 個字'],
  ])('%j', async (q, text) => {
    const res = await page(q);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="zh-Hant-TW">');
    if (text) expect(res.body).toContain(text);
  });

  it('still has every article afterwards', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/article/${seedId}` })).statusCode).toBe(200);
  });
});

describe('GET /api/v1/search', () => {
  it('returns summaries with score and highlighted snippet positions', async () => {
    const res = await api('特朗普');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { data: Array<{ id: number; snippet: { text: string; highlights: number[][] } }>; meta: Record<string, unknown> };
    expect(body.data.map((d) => d.id)).toEqual([seedId]);
    const { text, highlights } = body.data[0]?.snippet ?? { text: '', highlights: [] };
    const [s, e] = highlights[0] ?? [0, 0];
    expect([...text].slice(s, e).join('')).toBe('川普');
    expect(body.meta).toMatchObject({ query: '特朗普', total: 1, page: 1, pageCount: 1, alsoSearched: ['川普'] });
  });

  it('answers bad input with clear 400s', async () => {
    expect((await api('')).json()).toEqual({ errors: [{ code: 'empty_query', message: '請提供搜尋關鍵字 q' }] });
    expect((await api('。。。')).json().errors[0].code).toBe('no_searchable_text');
    expect((await api('川普', '&limit=0')).json().errors[0].code).toBe('invalid_limit');
    expect((await api('川普', '&page=-1')).json().errors[0].code).toBe('invalid_page');
    expect((await api('川普', '&q=again')).json().errors[0].code).toBe('invalid_query');
    expect((await api("川普' OR '1'='1")).statusCode).toBe(200);
  });
});
