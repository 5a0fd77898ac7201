import type { Config } from '../config.js';
import type { ChangeFeed } from '../platform/changes.js';
import type { Db } from '../platform/db/database.js';
import type { PeriodicJob } from '../platform/jobs/index.js';
import type { Logger } from '../platform/logger.js';
import type { Clock } from '../platform/time.js';

export interface JobDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
  readonly changes: ChangeFeed;
}

/** The periodic jobs every serving process runs (one instance at a time each, by lease). A new job is one more entry. */
export function periodicJobs(_deps: JobDeps): PeriodicJob[] {
  return [];
}
