import type { Config } from '../config.js';
import { publishDueArticles } from '../modules/articles/index.js';
import { expireOverdueSubmissions, noticePublishedSubmissions, purgeExpiredPersonalData } from '../modules/submissions/index.js';
import { submissionLinks } from '../surfaces/urls.js';
import { catchUpArticles } from '../modules/overlap/index.js';
import type { ChangeFeed } from '../platform/changes.js';
import type { Db } from '../platform/db/database.js';
import type { PeriodicJob } from '../platform/jobs/index.js';
import type { Logger } from '../platform/logger.js';
import { deliverDueMail } from '../platform/mail/index.js';
import type { Clock } from '../platform/time.js';

export interface JobDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
  readonly changes: ChangeFeed;
}

/** A submission arriving a minute after an article was written may miss it; copies are seldom that fast. */
export const OVERLAP_CATCH_UP_MS = 60_000;

/** The periodic jobs every serving process runs (one instance at a time each, by lease). A new job is one more entry. */
export function periodicJobs(deps: JobDeps): PeriodicJob[] {
  const { config, db, clock, log, changes } = deps;
  return [
    {
      // Publishes what was scheduled for now or earlier: on time with no visitor, and at start-up whatever fell
      // due while no instance ran. Each piece is flipped by a conditional update, so a race publishes it once.
      name: 'publish-scheduled',
      intervalMs: config.scheduler.intervalMs,
      run: async () => {
        const published = await publishDueArticles({ db, clock, changes });
        if (published.length > 0) log.info({ articles: published }, 'scheduled articles published');
        return published;
      },
    },
    {
      // 我要投稿's clock: the free-to-go-elsewhere notice at the due date, the link once a piece is published,
      // and personal data deleted at the end of its retention period.
      name: 'submissions',
      intervalMs: config.scheduler.intervalMs,
      run: async () => {
        const submissions = { db, clock, log, changes, config, links: submissionLinks(config.baseUrl) };
        const expired = await expireOverdueSubmissions(submissions);
        const published = await noticePublishedSubmissions(submissions);
        const purged = await purgeExpiredPersonalData(submissions);
        if (expired.length + published.length + purged.length > 0) log.info({ expired, published, purged }, 'submissions housekeeping');
        return { expired, published, purged };
      },
    },
    {
      // Sends the mail queue (platform/mail): each message claimed by a conditional update, so a race sends it
      // once; failures wait and are retried. It logs each message itself (id, ref, subject; never the address).
      name: 'deliver-mail',
      intervalMs: config.mail.intervalMs,
      run: () => deliverDueMail({ db, clock, log, mail: config.mail }),
    },
    {
      // Keeps the overlap detector's index (modules/overlap) up with every writer of articles — importer, editor,
      // demo content, a CLI in another process — without hooking each: it reads what was written since its last
      // run. The first run on a database is the backfill of the whole archive, batch by batch.
      name: 'index-overlap',
      intervalMs: OVERLAP_CATCH_UP_MS,
      run: async () => {
        const outcome = await catchUpArticles({ db });
        if (outcome.indexed > 0) log.info(outcome, 'articles indexed for overlap checks');
        return outcome;
      },
    },
  ];
}
