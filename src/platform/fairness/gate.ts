import { performance } from 'node:perf_hooks';
import { AppError } from '../errors.js';

/**
 * Admission control for one kind of expensive request (search). At most `concurrency` jobs run; up to
 * `maxQueue` more wait in order. A job that has waited `maxWaitMs` without starting is refused, and one that finds
 * the queue full is refused after `refuseDelayMs`, both with Overloaded (503 + Retry-After).
 *
 * Why refusals are not instant: clients that retry at once (wrk, scripts, impatient readers) turn instant 503s into
 * a retry storm in which answering 503s keeps the main thread as busy as searching did — measured with 800 clients
 * over a 512 queue: 9,000 503s a second, fresh connections waiting 2–8 s again. Holding a refusal costs a timer
 * and paces each such client to about one request per refuseDelayMs. For the same reason the gate does not refuse
 * early on an estimate of the wait.
 *
 * Each queued job starts in a later turn of the event loop (setImmediate), never inside the previous job's
 * completion. That matters when a job's work is synchronous (better-sqlite3 on this thread): without the yield a
 * finished search would start the next in the same microtask drain, one loop iteration could run the whole queue,
 * and the listening socket — libuv accepts one connection per loop iteration — would wait behind it.
 *
 * Health checks and cached pages never go through a gate.
 */
export interface GateOptions {
  /** Jobs running at once. */
  readonly concurrency: number;
  /** Jobs waiting beyond those running; one more is refused. */
  readonly maxQueue: number;
  /** A job that has waited this long without starting is refused. */
  readonly maxWaitMs: number;
  /** How long a job that found the queue full is held before it is refused (default: 1 s, at most maxWaitMs). */
  readonly refuseDelayMs?: number;
}

export class Overloaded extends AppError {
  constructor(readonly retryAfterS: number) {
    super('overloaded', 503, 'too many searches at once; refused politely', { retryAfter: retryAfterS });
    this.name = 'Overloaded';
  }
}

export interface GateStats {
  running: number;
  queued: number;
  completed: number;
  /** Refused: queue full, or waited maxWaitMs. */
  shed: number;
  /** Recent job time, a moving average (ms). */
  jobMs: number;
}

interface Waiter {
  readonly start: () => void;
  readonly refuse: (err: Overloaded) => void;
  timer: NodeJS.Timeout | null;
  done: boolean;
}

export class WorkGate {
  private running = 0;
  private readonly queue: Waiter[] = [];
  private head = 0;
  private waiting = 0;
  private completed = 0;
  private shed = 0;
  private jobMs = 1;
  private scheduled = false;

  constructor(readonly options: GateOptions) {
    if (options.concurrency < 1) throw new Error('WorkGate: concurrency must be at least 1');
  }

  stats(): GateStats {
    return { running: this.running, queued: this.waiting, completed: this.completed, shed: this.shed, jobMs: this.jobMs };
  }

  /** Seconds a refused client should wait: about the time to work through the queue as it is, 1–30. */
  private retryAfter(): number {
    const drainMs = ((this.waiting + this.running) / this.options.concurrency) * this.jobMs;
    return Math.min(30, Math.max(1, Math.ceil(drainMs / 1000)));
  }

  /** Runs `job` when a slot is free, or refuses it with Overloaded. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running + this.waiting >= this.options.concurrency + this.options.maxQueue) {
      this.shed++;
      const refusal = new Overloaded(this.retryAfter());
      const delay = this.options.refuseDelayMs ?? Math.min(1000, this.options.maxWaitMs);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      throw refusal;
    }
    await new Promise<void>((start, refuse) => {
      const w: Waiter = { start, refuse, timer: null, done: false };
      // Only a job that has to wait for a slot can wait too long; one that has a slot just waits for its turn.
      if (this.running + this.waiting >= this.options.concurrency) {
        w.timer = setTimeout(() => {
          if (w.done) return;
          w.done = true;
          this.waiting--;
          this.shed++;
          refuse(new Overloaded(this.retryAfter()));
        }, this.options.maxWaitMs);
      }
      this.queue.push(w);
      this.waiting++;
      this.pump();
    });
    const t0 = performance.now();
    try {
      return await job();
    } finally {
      this.jobMs = this.jobMs * 0.9 + (performance.now() - t0) * 0.1;
      this.running--;
      this.completed++;
      this.pump();
    }
  }

  /** Starts waiting jobs into free slots, one per event-loop turn. */
  private pump(): void {
    if (this.scheduled || this.running >= this.options.concurrency || this.waiting === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startOne();
      this.pump();
    });
  }

  private startOne(): void {
    while (this.running < this.options.concurrency && this.head < this.queue.length) {
      const w = this.queue[this.head++] as Waiter;
      if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      if (w.done) continue; // timed out while waiting
      w.done = true;
      if (w.timer) clearTimeout(w.timer);
      this.waiting--;
      this.running++;
      w.start();
      return;
    }
  }
}
