export { acquireLease, type JobLeasesTable, leaseHolder, newHolderId, releaseLease } from './lease.js';
export { type JobOutcome, JobRunner, type JobRunnerOptions, MIN_LEASE_MS, type OutcomeListener, type PeriodicJob } from './runner.js';
