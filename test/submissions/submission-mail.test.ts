import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transitionArticle } from '../../src/modules/articles/index.js';
import {
  acceptSubmission,
  declineSubmission,
  expireOverdueSubmissions,
  messageWriter,
  noticePublishedSubmissions,
  requestRevision,
  reviseSubmission,
  withdrawSubmission,
} from '../../src/modules/submissions/index.js';
import type { Logger } from '../../src/platform/logger.js';
import { deliverDueMail } from '../../src/platform/mail/index.js';
import { startSmtpServer } from '../support/smtp.js';
import { opEdBody, submissionDeps, submit, WRITER } from '../support/submissions.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** What the writer receives at each step, sent through a real SMTP server and read back as a mail client reads it. */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const editor = { userId: 1 };
const silent = pino({ level: 'silent' }) as unknown as Logger;

beforeEach(async () => {
  smtp = await startSmtpServer();
  t = await buildTestApp({ SMTP_URL: smtp.url, SITE_NAME: '雲論測試站' });
  t.clock.set('2026-12-03T02:00:00.000Z');
});
afterEach(async () => {
  await t.close();
  await smtp.close();
});

async function deliver() {
  return deliverDueMail({ db: t.db, clock: t.clock, log: silent, mail: t.config.mail });
}

describe('the e-mails to the writer', () => {
  it('arrive at each step, in zh-Hant with an English part, each with the private tracking link', async () => {
    const r = await submit(t);
    const link = `https://opinion.example.tw/contribute/track/${r.token}`;
    await deliver();
    await requestRevision(submissionDeps(t), r.id, '第三段請補上資料來源。', editor);
    await messageWriter(submissionDeps(t), r.id, '另外，標題可以再短一點。', editor);
    await deliver();
    await reviseSubmission(submissionDeps(t), r.token, { title: '自律的下一步', lead: '', body: opEdBody(12), note: '已補上來源' }, 'keep');
    const { articleId } = await acceptSubmission(submissionDeps(t), r.id, editor);
    await deliver();
    await transitionArticle(t.deps, articleId, 'publish', {}, { userId: null });
    await noticePublishedSubmissions(submissionDeps(t));
    await deliver();

    expect(smtp.arrived.map((m) => m.parsed.subject)).toEqual([
      `【雲論測試站投稿 ${r.code}】已收到您的投稿〈媒體自律的下一步〉 / We received your piece`,
      `【雲論測試站投稿 ${r.code}】請修改後再送 / Please revise your piece`,
      `【雲論測試站投稿 ${r.code}】編輯部來信 / A message from the editors`,
      `【雲論測試站投稿 ${r.code}】已收到修改稿（第 2 版） / Revision received (version 2)`,
      `【雲論測試站投稿 ${r.code}】您的投稿已獲採用 / Your piece has been accepted`,
      `【雲論測試站投稿 ${r.code}】您的文章已刊出 / Your piece is published`,
    ]);
    for (const mail of smtp.arrived) {
      expect(mail.to).toEqual([WRITER.email]);
      expect(mail.text).toContain(`${WRITER.penName} 您好`);
      expect(mail.text).toContain(link);
      expect(mail.text).toContain(`Dear ${WRITER.penName}`);
      // The desk never puts the writer's private details into what it sends.
      for (const value of [WRITER.realName, WRITER.phone, WRITER.address]) expect(mail.text).not.toContain(value);
    }
    expect(smtp.arrived[0]?.text).toContain('2026年12月08日');
    expect(smtp.arrived[1]?.text).toContain('第三段請補上資料來源。');
    expect(smtp.arrived[2]?.text).toContain('另外，標題可以再短一點。');
    expect(smtp.arrived[5]?.text).toContain(`https://opinion.example.tw/article/${articleId}`);
  });

  it('tell a declined writer the reason, free an expired one, and confirm a withdrawal', async () => {
    const declined = await submit(t, { title: '第一篇' });
    const expired = await submit(t, { title: '第二篇' });
    const withdrawn = await submit(t, { title: '第三篇' });
    await deliver();
    smtp.arrived.length = 0;
    await declineSubmission(submissionDeps(t), declined.id, '題材近期已有刊出，感謝您。', editor);
    await withdrawSubmission(submissionDeps(t), withdrawn.token);
    t.clock.set('2026-12-09T00:00:00.000Z');
    await expireOverdueSubmissions(submissionDeps(t));
    await deliver();
    const bySubject = (code: string) => smtp.arrived.find((m) => m.parsed.subject?.includes(code));
    expect(bySubject(declined.code)?.text).toContain('題材近期已有刊出，感謝您。');
    expect(bySubject(declined.code)?.text).toContain('自由將本文改投其他媒體');
    expect(bySubject(expired.code)?.parsed.subject).toContain('回覆期限已過，您可改投他處');
    expect(bySubject(withdrawn.code)?.parsed.subject).toContain('已撤回投稿');
    expect(smtp.arrived).toHaveLength(3);
  });
});
