import { performance } from 'node:perf_hooks';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time.js';
import { acquireLease, newHolderId, releaseLease } from './lease.js';

/** Work to do every `intervalMs` on one instance of the app at a time. */
export interface PeriodicJob {
  /** Names the job in logs and outcomes; unique within a runner. */
  readonly name: string;
  /** Pause between the end of one run and the start of the next (runs of a job never overlap). */
  readonly intervalMs: number;
  /** The lease that picks the one instance that runs it; default: the job's name. */
  readonly lease?: string;
  /**
   * How long the lease lasts unrenewed, i.e. how long an instance that died holding it keeps the others waiting.
   * Renewed at every run and every third of it during a long run. Default: three intervals, at least 15 s.
   */
  readonly leaseMs?: number;
  /** What it returns is handed to outcome listeners; what it throws is logged, and the next run comes as usual. */
  run(): Promise<unknown>;
}

/** What one tick of a job came to, for tests and for whoever wants to watch. */
export interface JobOutcome {
  readonly job: string;
  /** False when another instance holds the lease, or the lease could not be asked for. */
  readonly ran: boolean;
  readonly result?: unknown;
  readonly error?: unknown;
  /** performance.now() when the tick began, or for a run of the job when the job itself was called: "a run that started after I moved the clock" is startedAt > then. */
  readonly startedAt: number;
}

export type OutcomeListener = (outcome: JobOutcome) => void;

export interface JobRunnerOptions {
  readonly db: Db;
  /** The app's clock: lease expiry is decided by it, so a test that moves it moves the leases too. */
  readonly clock: Clock;
  readonly log: Logger;
  /** Default: a fresh id for this process (host:pid:random). */
  readonly holder?: string;
}

interface JobState {
  readonly job: PeriodicJob;
  readonly lease: string;
  readonly leaseMs: number;
  timer: NodeJS.Timeout | null;
  ticking: Promise<void> | null;
  holds: boolean;
}

export const MIN_LEASE_MS = 15_000;

/**
 * Runs periodic jobs in a server process. Every instance may run a runner with the same jobs: before each run
 * the runner takes or renews the job's lease (lease.ts), so one instance runs the job and the others only ask.
 * The cadence is kept by real timers (a run at start-up, then `intervalMs` after each run ends); what time it
 * is comes from the injected Clock, which is what decides leases and what a job sees as now.
 *
 * Nothing a job or the database does escapes: errors are logged with pino and the job runs again at its next
 * tick. stop() lets a run in progress finish, then gives the leases back so another instance takes over at
 * once instead of after expiry.
 */
export class JobRunner {
  readonly holder: string;
  private readonly jobs = new Map<string, JobState>();
  private readonly listeners = new Set<OutcomeListener>();
  private started = false;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: JobRunnerOptions) {
    this.holder = options.holder ?? newHolderId();
  }

  add(job: PeriodicJob): this {
    if (this.started) throw new Error(`job ${job.name}: add jobs before start()`);
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} is already in this runner`);
    if (!(job.intervalMs > 0)) throw new RangeError(`job ${job.name}: intervalMs must be positive`);
    const leaseMs = job.leaseMs ?? Math.max(3 * job.intervalMs, MIN_LEASE_MS);
    if (leaseMs <= 0) throw new RangeError(`job ${job.name}: leaseMs must be positive`);
    this.jobs.set(job.name, { job, lease: job.lease ?? job.name, leaseMs, timer: null, ticking: null, holds: false });
    return this;
  }

  /** Hear every tick's outcome; returns the way to stop hearing. */
  onOutcome(listener: OutcomeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Each job runs at once (catching up on whatever fell due while no instance ran), then on its interval. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const state of this.jobs.values()) this.launch(state);
  }

  /** No new runs; waits for runs in progress, then releases this process's leases. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const state of this.jobs.values()) {
        if (state.timer) clearTimeout(state.timer);
        state.timer = null;
      }
      await Promise.all([...this.jobs.values()].map((s) => s.ticking));
      for (const state of this.jobs.values()) {
        if (!state.holds) continue;
        state.holds = false;
        await releaseLease(this.options.db, state.lease, this.holder).catch((err: unknown) =>
          this.options.log.warn({ err, job: state.job.name }, 'could not release the job lease; another instance takes over when it expires'),
        );
      }
    })();
    return this.stopping;
  }

  private launch(state: JobState): void {
    state.timer = null;
    if (this.stopping) return;
    state.ticking = this.tick(state).finally(() => {
      state.ticking = null;
      if (this.stopping) return;
      state.timer = setTimeout(() => this.launch(state), state.job.intervalMs);
      // The runner never keeps a process alive by itself: the HTTP server does, and shutdown calls stop().
      state.timer.unref();
    });
  }

  private async tick(state: JobState): Promise<void> {
    const { db, clock, log } = this.options;
    const name = state.job.name;
    const startedAt = performance.now();
    let held: boolean;
    try {
      held = await acquireLease(db, state.lease, this.holder, state.leaseMs, clock.now());
    } catch (err) {
      log.warn({ err, job: name }, 'could not ask for the job lease; trying again at the next interval');
      state.holds = false;
      this.emit({ job: name, ran: false, error: err, startedAt });
      return;
    }
    if (held !== state.holds) {
      log.info({ job: name, lease: state.lease, holder: this.holder }, held ? 'this instance now runs the job' : 'another instance now runs the job');
    }
    state.holds = held;
    if (!held) {
      this.emit({ job: name, ran: false, startedAt });
      return;
    }
    // A run longer than the lease would let another instance start the same work: keep renewing while it runs.
    let renewing: Promise<void> | null = null;
    const heartbeat = setInterval(() => {
      renewing ??= acquireLease(db, state.lease, this.holder, state.leaseMs, clock.now())
        .then((still) => {
          if (!still) log.warn({ job: name }, 'lost the job lease during a long run; the run finishes, another instance may start the next');
        })
        .catch((err: unknown) => log.warn({ err, job: name }, 'could not renew the job lease during a run'))
        .finally(() => {
          renewing = null;
        });
    }, Math.max(10, Math.floor(state.leaseMs / 3)));
    heartbeat.unref();
    // A run's start is the moment the job itself is called (after the lease): what it reads of the clock is
    // read then, so "the first run that starts after X" sees the world as of after X.
    const runStartedAt = performance.now();
    try {
      const result = await state.job.run();
      this.emit({ job: name, ran: true, result, startedAt: runStartedAt });
    } catch (err) {
      log.error({ err, job: name }, 'job failed; it runs again at the next interval');
      this.emit({ job: name, ran: true, error: err, startedAt: runStartedAt });
    } finally {
      clearInterval(heartbeat);
      // A renewal landing after stop() released the lease would hand it back to a process that is leaving.
      await (renewing as Promise<void> | null);
    }
  }

  private emit(outcome: JobOutcome): void {
    for (const listener of this.listeners) {
      try {
        listener(outcome);
      } catch (err) {
        this.options.log.error({ err, job: outcome.job }, 'a job outcome listener threw');
      }
    }
  }
}
