import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { periodicJobs } from '../../src/app/jobs.js';
import { articleTexts, getEditable, transitionArticle } from '../../src/modules/articles/index.js';
import type { Logger } from '../../src/platform/logger.js';
import { importSeed } from '../support/factories.js';
import { getLibraryImage } from '../../src/modules/media/index.js';
import { saveEditorialSettings } from '../../src/modules/settings/index.js';
import {
  acceptSubmission,
  declineSubmission,
  expireOverdueSubmissions,
  getSubmissionForDesk,
  markSpam,
  noticePublishedSubmissions,
  purgeExpiredPersonalData,
  receiveSubmission,
  replyFromWriter,
  requestRevision,
  reviseSubmission,
  SubmissionImagesRejected,
  SubmissionRefused,
  submissionFormSchema,
  trackSubmission,
  withdrawSubmission,
} from '../../src/modules/submissions/index.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { capturingLogger, opEdBody, photo, submissionDeps, submissionInput, submit, WRITER } from '../support/submissions.js';

/**
 * 我要投稿's life through the module's services on an injected clock: what the desk and the writer's page call.
 * The HTTP front doors have their own tests (test/submissions/contribute.test.ts, test/newsroom/submissions-desk.test.ts).
 */
let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
  // Thursday 2026-12-03, 10:00 in Taipei.
  t.clock.set('2026-12-03T02:00:00.000Z');
});
afterEach(async () => t.close());

const editor = { userId: 1 };
const silent = pino({ level: 'silent' }) as unknown as Logger;

describe('receiving', () => {
  it('numbers pieces per year and never gives two the same code, even at the same moment', async () => {
    const received = await Promise.all(Array.from({ length: 6 }, (_, i) => submit(t, { title: `同時送出的第 ${i + 1} 篇` })));
    expect(received.map((r) => r.code).sort()).toEqual(['S-2026-000001', 'S-2026-000002', 'S-2026-000003', 'S-2026-000004', 'S-2026-000005', 'S-2026-000006']);
    expect(new Set(received.map((r) => r.token)).size).toBe(6);
    for (const r of received) expect(r.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // 2027 starts again at 1 (on the Taipei calendar: 16:00 UTC on 31 December is already the new year there).
    t.clock.set('2026-12-31T16:00:00.000Z');
    expect((await submit(t)).code).toBe('S-2027-000001');
  });

  it('keeps the terms version the writer consented to, and refuses a form that showed an older notice', async () => {
    const r = await submit(t);
    const desk = await getSubmissionForDesk(submissionDeps(t), r.id);
    expect(desk?.declarations).toMatchObject({ original: true, exclusive: true, licence: true, consentedAt: '2026-12-03T02:00:00.000Z' });
    expect(desk?.declarations.termsVersion).toMatch(/\S/);
    const stale = submissionFormSchema({ minChars: 800, maxChars: 3000 }).parse(submissionInput({ termsVersion: '1999-01-01' }));
    await expect(receiveSubmission(submissionDeps(t), stale, [])).rejects.toBeInstanceOf(SubmissionRefused);
  });

  it('refuses pictures by their content and stores nothing when one fails', async () => {
    const bad = photo({ bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), originalName: 'x.jpg' });
    const error = await submit(t, {}, [photo(), bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubmissionImagesRejected);
    expect((error as SubmissionImagesRejected).problems).toEqual([expect.objectContaining({ index: 1, field: 'file' })]);
    const missing = await submit(t, {}, [photo({ caption: ' ', credit: '', rights: 'stolen' })]).catch((e: unknown) => e);
    expect((missing as SubmissionImagesRejected).problems.map((p) => p.field).sort()).toEqual(['caption', 'credit', 'rights']);
    expect((await t.db.kysely.selectFrom('submissions').select('id').execute()).length).toBe(0);
  });

  it('strips the camera position and other metadata from a picture before keeping it', async () => {
    const r = await submit(t, {}, [photo()]);
    const view = await trackSubmission(submissionDeps(t), r.token);
    const { submissionImage } = await import('../../src/modules/submissions/index.js');
    const stored = await submissionImage(t.deps, r.id, view!.images[0]!.id);
    const sharp = (await import('sharp')).default;
    const meta = await sharp(stored!.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
  });

  it('logs the code, never the writer', async () => {
    const { log, lines } = capturingLogger();
    await submit(t, {}, [], submissionDeps(t, log));
    expect(lines()).toContain('S-2026-000001');
    for (const value of [WRITER.realName, WRITER.email, WRITER.phone, WRITER.address]) expect(lines()).not.toContain(value);
  });
});

describe('the duplicate check', () => {
  it('flags a piece that repeats an archive article or an earlier submission, with the passages side by side', async () => {
    const { id: articleId } = await importSeed(t);
    const job = periodicJobs({ config: t.config, db: t.db, clock: t.clock, log: silent, changes: t.changes }).find((j) => j.name === 'index-overlap');
    await job!.run();
    const seed = (await articleTexts(t.deps, [articleId]))[0]!.bodyText.split('\n').filter((p) => [...p].length >= 60);
    const copied = [opEdBody(6), seed[1], opEdBody(5, '公共討論'), seed[2]].join('\n\n');
    const first = await submit(t, { body: copied });
    const found = (await getSubmissionForDesk(submissionDeps(t), first.id))!.overlaps;
    expect(found[0]).toMatchObject({ kind: 'article', id: articleId });
    expect(found[0]!.passages.map((p) => p.theirs).join('')).toContain(seed[1]!.slice(0, 30));
    // The same piece sent again (another address, same text) is flagged against the first submission too.
    const again = await submit(t, { body: copied, email: 'someone.else@example.net' });
    const refs = (await getSubmissionForDesk(submissionDeps(t), again.id))!.overlaps.map((o) => `${o.kind}:${o.id}`);
    expect(refs).toEqual(expect.arrayContaining([`article:${articleId}`, `submission:${first.id}`]));
    // A piece of its own is not flagged.
    const ownText = readFileSync(new URL('../../demo/submissions/night-market.txt', import.meta.url), 'utf8');
    expect((await getSubmissionForDesk(submissionDeps(t), (await submit(t, { body: ownText })).id))!.overlaps).toEqual([]);
  });
});

describe('the due date', () => {
  it('is the end of the third business day in Taipei, and an undecided piece expires then, once', async () => {
    // Thursday 3 December → Friday 4, Monday 7, Tuesday 8: due at the end of Tuesday, Taipei time.
    const r = await submit(t);
    const desk = await getSubmissionForDesk(submissionDeps(t), r.id);
    expect(desk?.dueAt).toBe('2026-12-08T15:59:59.999Z');
    t.clock.set('2026-12-08T15:59:00.000Z');
    expect(await expireOverdueSubmissions(submissionDeps(t))).toEqual([]);
    t.clock.set('2026-12-08T16:00:00.000Z');
    expect(await expireOverdueSubmissions(submissionDeps(t))).toEqual([r.code]);
    expect(await expireOverdueSubmissions(submissionDeps(t))).toEqual([]);
    const view = await trackSubmission(submissionDeps(t), r.token);
    expect(view?.status).toBe('expired');
    expect(view?.messages.filter((m) => m.kind === 'expired')).toHaveLength(1);
    // The desk may still decide after the writer was freed.
    await declineSubmission(submissionDeps(t), r.id, '題材近期已有刊出。', editor);
    expect((await trackSubmission(submissionDeps(t), r.token))?.status).toBe('declined');
  });

  it('skips a typhoon day the admin added, and Lunar New Year', async () => {
    const saved = await saveEditorialSettings({ ...submissionDeps(t), changes: t.changes }, { extraHolidays: '2026-12-07 颱風假' }, { userId: null, ip: null });
    expect(saved.ok).toBe(true);
    // Thursday 3 December → Friday 4, (Monday 7 typhoon day), Tuesday 8, Wednesday 9.
    expect((await getSubmissionForDesk(submissionDeps(t), (await submit(t)).id))?.dueAt).toBe('2026-12-09T15:59:59.999Z');
    // Friday 13 February 2026, 15:00 in Taipei: the New Year holiday runs to Sunday 22 February → 23, 24, 25.
    t.clock.set('2026-02-13T07:00:00.000Z');
    expect((await getSubmissionForDesk(submissionDeps(t), (await submit(t)).id))?.dueAt).toBe('2026-02-25T15:59:59.999Z');
  });

  it('stops while the writer revises, and starts again from the revision', async () => {
    const r = await submit(t);
    await requestRevision(submissionDeps(t), r.id, '第三段請補上資料來源。', editor);
    t.clock.set('2026-12-20T02:00:00.000Z');
    expect(await expireOverdueSubmissions(submissionDeps(t))).toEqual([]);
    // Sunday 20 December: Monday 21, Tuesday 22, Wednesday 23.
    await reviseSubmission(submissionDeps(t), r.token, { title: '媒體自律的下一步', lead: '', body: opEdBody(12), note: '已補上來源' }, 'keep');
    const desk = await getSubmissionForDesk(submissionDeps(t), r.id);
    expect(desk?.storedStatus).toBe('in_review');
    expect(desk?.dueAt).toBe('2026-12-23T15:59:59.999Z');
    expect(desk?.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(desk?.versions[0]?.body).toBe(opEdBody());
  });
});

describe('the writer', () => {
  it('can reply and withdraw while undecided, and nothing after a decision', async () => {
    const r = await submit(t);
    await replyFromWriter(submissionDeps(t), r.token, '補充：我曾任某報記者。');
    await withdrawSubmission(submissionDeps(t), r.token);
    const view = await trackSubmission(submissionDeps(t), r.token);
    expect(view?.status).toBe('withdrawn');
    expect(view?.mayWithdraw).toBe(false);
    await expect(withdrawSubmission(submissionDeps(t), r.token)).rejects.toBeInstanceOf(SubmissionRefused);
    await expect(reviseSubmission(submissionDeps(t), r.token, { title: 'x', lead: '', body: opEdBody(), note: '' }, 'keep')).rejects.toMatchObject({ code: 'not_requested' });
  });

  it('cannot be found by a wrong or malformed token', async () => {
    await submit(t);
    expect(await trackSubmission(submissionDeps(t), 'A'.repeat(43))).toBeNull();
    expect(await trackSubmission(submissionDeps(t), "' or 1=1 --")).toBeNull();
  });
});

describe('accepting', () => {
  it('makes a draft with the pen-name byline, the bio line and the pictures with their credits, and keeps the submission as sent', async () => {
    const r = await submit(t, {}, [photo()]);
    const { articleId } = await acceptSubmission(submissionDeps(t), r.id, editor);
    const draft = await getEditable(t.deps, articleId);
    expect(draft.state).toBe('draft');
    expect(draft.title).toBe('媒體自律的下一步');
    expect(draft.lead).toBe('自律組織成立一年，讀者看見了什麼？');
    expect(draft.bylines).toEqual([expect.objectContaining({ name: WRITER.penName, bioLine: WRITER.bioLine })]);
    const figure = draft.body.blocks.find((b) => b.type === 'figure');
    expect(figure).toMatchObject({ caption: '立法院前的集會', credit: '林思', alt: '立法院前的集會' });
    const image = await getLibraryImage(t.deps, (figure as { imageId: number }).imageId);
    expect(image).toMatchObject({ caption: '立法院前的集會', credit: '林思', creditType: 'contributor', rights: 'licensed' });
    expect(draft.body.blocks.filter((b) => b.type === 'paragraph')).toHaveLength(11);
    const desk = await getSubmissionForDesk(submissionDeps(t), r.id);
    expect(desk).toMatchObject({ storedStatus: 'accepted', articleId });
    expect(desk?.versions[0]?.body).toBe(opEdBody());
    await expect(acceptSubmission(submissionDeps(t), r.id, editor)).rejects.toMatchObject({ code: 'wrong_status' });
  });

  it('tells the writer once the piece is published, and shows it as published', async () => {
    const r = await submit(t);
    const { articleId } = await acceptSubmission(submissionDeps(t), r.id, editor);
    expect(await noticePublishedSubmissions(submissionDeps(t))).toEqual([]);
    const outcome = await transitionArticle(t.deps, articleId, 'publish', {}, { userId: null });
    expect(outcome.status).toBe('done');
    expect(await noticePublishedSubmissions(submissionDeps(t))).toEqual([r.code]);
    expect(await noticePublishedSubmissions(submissionDeps(t))).toEqual([]);
    const view = await trackSubmission(submissionDeps(t), r.token);
    expect(view).toMatchObject({ status: 'published', articleId });
  });
});

describe('personal data', () => {
  it('is deleted after the retention period: everything for declined pieces, all but the byline for accepted ones', async () => {
    const declined = await submit(t, {}, [photo()]);
    const accepted = await submit(t, { title: '另一篇' });
    const spam = await submit(t, { title: '垃圾' });
    await replyFromWriter(submissionDeps(t), declined.token, `我的電話是 ${WRITER.phone}`);
    await declineSubmission(submissionDeps(t), declined.id, '論點未能聚焦。', editor);
    await acceptSubmission(submissionDeps(t), accepted.id, editor);
    await markSpam(submissionDeps(t), spam.id, editor);
    // Default retention: 90 days after the decision.
    t.clock.set('2027-03-02T01:59:00.000Z');
    expect(await purgeExpiredPersonalData(submissionDeps(t))).toEqual([]);
    t.clock.set('2027-03-03T02:00:00.000Z');
    expect((await purgeExpiredPersonalData(submissionDeps(t))).sort()).toEqual([declined.code, accepted.code, spam.code].sort());
    expect(await purgeExpiredPersonalData(submissionDeps(t))).toEqual([]);

    const gone = await getSubmissionForDesk(submissionDeps(t), declined.id);
    expect(gone?.contact).toEqual({ realName: null, email: null, phone: null, address: null, occupation: null, conflicts: null });
    expect(gone?.penName).toBe('');
    expect(gone?.versions.every((v) => v.body === '' && v.images.length === 0)).toBe(true);
    expect(JSON.stringify(gone)).not.toContain(WRITER.phone);
    expect(gone?.purgedAt).toBe('2027-03-03T02:00:00.000Z');

    const kept = await getSubmissionForDesk(submissionDeps(t), accepted.id);
    expect(kept?.contact.email).toBeNull();
    expect(kept).toMatchObject({ penName: WRITER.penName, bioLine: WRITER.bioLine });

    const rows = await t.db.kysely.selectFrom('submissions').selectAll().execute();
    for (const value of [WRITER.realName, WRITER.email, WRITER.phone, WRITER.address]) expect(JSON.stringify(rows)).not.toContain(value);
  });
});
