// 我要投稿's clock, run by the periodic 'submissions' job: due dates, publication notices, the retention purge.
import { inTransaction } from '../../platform/db/database.js';
import { forgetMail } from '../../platform/mail/index.js';
import { forgetText } from '../overlap/index.js';
import { getEditorialSettings } from '../settings/index.js';
import * as mails from './submission-mail.js';
import { AWAITING_DESK, UNDECIDED } from './submission.js';
import { ref, mailRef, plusDays, mailContext, sendToWriter, articleState, type SubmissionsDeps } from './submissions.common.js';
import * as repo from './submissions.repo.js';

// —— Housekeeping (periodic jobs) ——

/** Undecided past the due date: the writer is told, once, that they may offer the piece elsewhere. */
export async function expireOverdueSubmissions(deps: SubmissionsDeps): Promise<string[]> {
  const settings = await getEditorialSettings(deps);
  const now = deps.clock.now().toISOString();
  const due = await repo.dueForExpiry(deps.db.kysely, now, AWAITING_DESK, 100);
  const expired: string[] = [];
  for (const candidate of due) {
    await inTransaction(deps, async (tx) => {
      // The conditional update is the claim: two instances, or a desk decision at the same moment, expire it once.
      const won = await repo.expireIfDue(tx.db.kysely, candidate.id, now, AWAITING_DESK, plusDays(now, settings.submissionRetentionDays));
      if (!won) return;
      const row = await repo.findById(tx.db.kysely, candidate.id);
      if (!row) return;
      await repo.insertEvent(tx.db.kysely, { submission_id: row.id, kind: 'expired', user_id: null, status_from: candidate.status, status_to: 'expired', body: null, to_writer: 1, created_at: now });
      await sendToWriter(tx, row, mails.expiredMail(mailContext(tx, row)), now);
      expired.push(row.code);
    });
  }
  return expired;
}

/** Accepted pieces that have gone live: the writer gets the link, once. */
export async function noticePublishedSubmissions(deps: SubmissionsDeps): Promise<string[]> {
  const noticed: string[] = [];
  for (const { id, articleId } of await repo.acceptedAwaitingPublication(deps.db.kysely, 100)) {
    if ((await articleState(deps, articleId)) !== 'published') continue;
    const now = deps.clock.now().toISOString();
    await inTransaction(deps, async (tx) => {
      const row = await repo.findById(tx.db.kysely, id);
      if (!row || row.published_noticed_at !== null) return;
      if (!(await repo.updateSubmission(tx.db.kysely, id, { published_noticed_at: now, updated_at: now }))) return;
      await repo.insertEvent(tx.db.kysely, { submission_id: id, kind: 'published', user_id: null, status_from: 'accepted', status_to: null, body: null, to_writer: 1, created_at: now });
      await sendToWriter(tx, row, mails.publishedMail(mailContext(tx, row), deps.links.article(articleId)), now);
      noticed.push(row.code);
    });
  }
  return noticed;
}

/**
 * Personal data past its retention date is deleted: for declined, withdrawn, expired and spam pieces everything
 * that can name the writer, their text and pictures; for accepted ones all but the byline (pen name, bio line).
 * Queued and sent e-mails to the writer go too.
 */
export async function purgeExpiredPersonalData(deps: SubmissionsDeps): Promise<string[]> {
  const now = deps.clock.now().toISOString();
  const purged: string[] = [];
  for (const row of await repo.dueForPurge(deps.db.kysely, now, 200)) {
    // An accepted piece that is still being worked on keeps its contact until it is published or let go.
    const keepByline = row.status === 'accepted';
    await inTransaction(deps, async (tx) => {
      await repo.purgePersonalData(tx.db.kysely, row.id, now, keepByline);
      await repo.insertEvent(tx.db.kysely, { submission_id: row.id, kind: 'purged', user_id: null, status_from: null, status_to: null, body: null, to_writer: 0, created_at: now });
      await forgetMailFor(tx, row.id);
      if (!keepByline) await forgetText(tx, ref(row.id));
    });
    purged.push(row.code);
  }
  return purged;
}

async function forgetMailFor(deps: SubmissionsDeps, id: number): Promise<void> {
  await forgetMail(deps, mailRef(id));
}

export function isUndecided(status: string): boolean {
  return (UNDECIDED as readonly string[]).includes(status);
}
