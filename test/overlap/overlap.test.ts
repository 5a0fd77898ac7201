import * as OpenCC from 'opencc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoContent } from '../../src/app/demo-content.js';
import { periodicJobs } from '../../src/app/jobs.js';
import { articleTexts } from '../../src/modules/articles/index.js';
import { findOverlaps, forgetText, indexText, type Overlap, overlapIndexSize, type TextRef } from '../../src/modules/overlap/index.js';
import { inTransaction } from '../../src/platform/db/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { makeArticle } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/**
 * The overlap detector over the demo archive, indexed the way a server keeps it: by the periodic catch-up job.
 * Submissions are indexed by their caller (我要投稿) and their text is looked up through `textOf`.
 */
let t: TestApp;
const log = createLogger({ level: 'silent' });
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

const runCatchUp = async () => {
  const job = periodicJobs({ config: t.config, db: t.db, clock: t.clock, log, changes: t.changes }).find((j) => j.name === 'index-overlap');
  if (!job) throw new Error('the index-overlap job is not among the periodic jobs');
  return (await job.run()) as { indexed: number; read: number };
};

let windId: number;
let windParagraphs: string[];
let libraryId: number;
let libraryParagraph: string;

beforeAll(async () => {
  t = await buildTestApp();
  await loadDemoContent(t.deps, log);
  const all = await articleTexts(t.deps, Array.from({ length: 8 }, (_, i) => 3_100_001 + i));
  const wind = all.find((a) => a.title.startsWith('離岸風電的下一步'));
  const library = all.find((a) => a.title.includes('圖書館'));
  if (!wind || !library) throw new Error('demo articles missing');
  windId = wind.id;
  libraryId = library.id;
  libraryParagraph = library.bodyText.split('\n').filter((p) => [...p].length >= 40)[1] ?? '';
  windParagraphs = wind.bodyText.split('\n').filter((p) => [...p].length >= 40);
  const first = await runCatchUp();
  expect(first).toEqual({ indexed: 8, read: 8 });
});
afterAll(async () => t?.close());

const own = [
  '我是住在花蓮的退休教師，最近讀到不少討論，想從自己的經驗說幾句話。',
  '家鄉附近的漁港這幾年變化很大，年輕人回來開店，老人家卻擔心漁獲越來越少，大家對未來的想像並不一致。',
  '這些意見都值得聽，最後還是要靠地方自己討論出共識，外人很難替我們決定。',
];

function submissionCopying(paragraphs: string[]): string {
  return [own[0], paragraphs[0], own[1], paragraphs[1], own[2]].join('\n');
}

const only = (found: Overlap[], ref: TextRef) => found.filter((o) => o.ref.kind === ref.kind && o.ref.id === ref.id);

describe('findOverlaps', () => {
  it('finds a submission that copies two paragraphs of a demo article, with both passages side by side', async () => {
    const copied = [windParagraphs[1] ?? '', windParagraphs[3] ?? ''];
    const found = await findOverlaps(t.deps, submissionCopying(copied));
    expect(found.map((o) => o.ref)).toEqual([{ kind: 'article', id: windId }]);
    const [hit] = found as [Overlap];
    expect(hit.passages.map((p) => p.ours)).toEqual(copied);
    expect(hit.passages.map((p) => p.theirs)).toEqual(copied);
    expect(hit.sharedFingerprints).toBeGreaterThanOrEqual(2);
    // The two copied paragraphs are about half of the submission's characters.
    expect(hit.share).toBeGreaterThan(0.4);
    expect(hit.share).toBeLessThan(0.8);
    const text = submissionCopying(copied);
    for (const p of hit.passages) expect(text.slice(p.oursAt.start, p.oursAt.end)).toBe(p.ours);
  });

  it('finds a Simplified-Chinese copy and a full-width / variant-character copy, quoting each side as written', async () => {
    const copied = [windParagraphs[0] ?? '', windParagraphs[2] ?? ''];
    const simplified = copied.map((p) => toSimplified(p));
    expect(simplified[0]).not.toBe(copied[0]);
    const viaSimplified = await findOverlaps(t.deps, submissionCopying(simplified));
    expect(viaSimplified.map((o) => o.ref)).toEqual([{ kind: 'article', id: windId }]);
    expect(viaSimplified[0]?.passages.map((p) => [p.ours, p.theirs])).toEqual([
      [simplified[0], copied[0]],
      [simplified[1], copied[1]],
    ]);

    const wide = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replaceAll('台', '臺');
    const variants = copied.map(wide);
    expect(variants[0]).not.toBe(copied[0]);
    const viaVariants = await findOverlaps(t.deps, submissionCopying(variants));
    expect(viaVariants.map((o) => o.ref)).toEqual([{ kind: 'article', id: windId }]);
    expect(viaVariants[0]?.passages.map((p) => p.ours)).toEqual(variants);
  });

  it('flags no unrelated text, however many stock phrases and topic words it shares with the archive', async () => {
    const unrelated = [
      '我們想讓你知道…能源轉型與長照都是台灣的重要議題，但今天想談的是另一件事。',
      '本文言論為作者個人意見，不代表本站立場。',
      '社區圖書館週末的親子共讀活動，讓不少家長重新認識閱讀的樂趣，也讓孩子願意放下手機。',
      '離岸風電、電網與國產化常被放在一起討論，我卻更關心偏鄉學校的冷氣電費由誰來付。',
      '我們想讓你知道，台灣的未來需要更多人參與公共討論。',
    ].join('\n');
    expect(await findOverlaps(t.deps, unrelated, { minShare: 0 })).toEqual([]);
    expect(await findOverlaps(t.deps, '我們想讓你知道', { minShare: 0 })).toEqual([]);
    expect(await findOverlaps(t.deps, '', { minShare: 0 })).toEqual([]);
  });

  it('finds another submission through textOf, leaves out the excluded one, and forgets a submission', async () => {
    const first = submissionCopying([windParagraphs[1] ?? '', windParagraphs[4] ?? '']);
    const texts = new Map<number, string>([[901, first]]);
    const textOf = async (ref: TextRef) => (ref.kind === 'submission' ? (texts.get(ref.id) ?? null) : null);
    // As 我要投稿 will: store the submission and its fingerprints in one transaction.
    await inTransaction(t.deps, (tx) => indexText(tx, { kind: 'submission', id: 901 }, first));

    const resubmitted = `${first}\n補充：這是我第二次投稿，內容稍作修改。`;
    const found = await findOverlaps(t.deps, resubmitted, { textOf });
    expect(found.map((o) => o.ref)).toEqual([
      { kind: 'submission', id: 901 },
      { kind: 'article', id: windId },
    ]);
    expect(only(found, { kind: 'submission', id: 901 })[0]?.share).toBeGreaterThan(0.9);
    expect(only(found, { kind: 'submission', id: 901 })[0]?.passages[0]?.theirs).toBe(first);

    // The submission being checked is in the index itself: exclude it.
    const self = await findOverlaps(t.deps, first, { textOf, exclude: { kind: 'submission', id: 901 } });
    expect(self.map((o) => o.ref)).toEqual([{ kind: 'article', id: windId }]);
    // Without a way to read submissions, they are left out rather than shown without passages.
    expect((await findOverlaps(t.deps, resubmitted)).map((o) => o.ref)).toEqual([{ kind: 'article', id: windId }]);

    expect(await forgetText(t.deps, { kind: 'submission', id: 901 })).toBe(true);
    expect(await forgetText(t.deps, { kind: 'submission', id: 901 })).toBe(false);
    expect((await findOverlaps(t.deps, resubmitted, { textOf })).map((o) => o.ref)).toEqual([{ kind: 'article', id: windId }]);
  });

  it('replaces a text\'s fingerprints when it is indexed again', async () => {
    const ref: TextRef = { kind: 'submission', id: 902 };
    const copy = submissionCopying([windParagraphs[1] ?? '', windParagraphs[2] ?? '']);
    const textOf = async () => own.join('\n');
    await indexText(t.deps, ref, copy);
    const probe = [windParagraphs[1], windParagraphs[2]].join('\n');
    expect(only(await findOverlaps(t.deps, probe, { textOf: async () => copy }), ref)).toHaveLength(1);
    await indexText(t.deps, ref, own.join('\n'));
    expect(only(await findOverlaps(t.deps, probe, { textOf }), ref)).toEqual([]);
    await forgetText(t.deps, ref);
  });

  it('limits the answer and respects minShare', async () => {
    const copied = [windParagraphs[1] ?? '', windParagraphs[3] ?? ''];
    expect(await findOverlaps(t.deps, submissionCopying(copied), { minShare: 0.95 })).toEqual([]);
    const mixed = [windParagraphs[1] ?? '', own[1], libraryParagraph].join('\n');
    const both = await findOverlaps(t.deps, mixed, { minShare: 0.05 });
    expect(new Set(both.map((o) => o.ref.id))).toEqual(new Set([windId, libraryId]));
    expect(await findOverlaps(t.deps, mixed, { minShare: 0.05, limit: 1 })).toHaveLength(1);
  });
});

describe('the index-overlap job', () => {
  it('indexes articles written since its last run, and nothing when nothing was written', async () => {
    expect(await runCatchUp()).toMatchObject({ indexed: 0 });
    // Longer than 59 characters: a stretch that long always holds one of the text's fingerprints.
    const paragraph = '這是一篇剛由編輯台寫好的新文章，內容談的是山區部落的道路修復與救災物資運送，颱風過後便道常常中斷，物資只能靠直升機與志工接力背上山，和其他文章都不一樣。';
    t.clock.advance(60_000);
    const id = await makeArticle(t, { paragraphs: [paragraph, '第二段也有足夠的長度，讓它能被完整比對出來，並且不會和其他內容重複。'] });
    expect(await findOverlaps(t.deps, paragraph, { minShare: 0.5 })).toEqual([]);
    expect(await runCatchUp()).toMatchObject({ indexed: 1 });
    expect((await findOverlaps(t.deps, paragraph, { minShare: 0.5 })).map((o) => o.ref)).toEqual([{ kind: 'article', id }]);
    const size = await overlapIndexSize(t.deps);
    expect(size.texts).toBe(9);
    expect(size.fingerprints).toBeGreaterThan(9);
  });
});
