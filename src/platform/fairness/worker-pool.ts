import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * A few worker threads that run named tasks of one module, so synchronous work (better-sqlite3 queries, snippet
 * building) happens off the main event loop, which then only parses requests, accepts connections and writes
 * answers. Each worker is sent up to DEPTH tasks at once (it runs them one by one: the next one is already in its
 * inbox when the current one ends, so a busy main thread does not leave workers idle); further callers queue in
 * FIFO order (put a WorkGate in front to bound the queue). A worker that dies fails its tasks and is replaced.
 *
 * The task module calls serveTasks() with a setup function that receives `workerData` (for example a database
 * path to open read-only) and returns the task table.
 */
export interface WorkerPoolOptions {
  /** The task module (a file URL, usually new URL('./x.worker.js', import.meta.url)). */
  readonly module: URL;
  readonly size: number;
  readonly workerData?: unknown;
  readonly name?: string;
}

interface Request {
  readonly id: number;
  readonly task: string;
  readonly args: unknown;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

interface SerializedError {
  name: string;
  message: string;
  code?: string;
  status?: number;
  details?: Record<string, unknown>;
}

interface Job {
  readonly request: Request;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** Tasks sent to one worker at once. */
export const DEPTH = 2;

interface Slot {
  worker: Worker;
  readonly jobs: Map<number, Job>;
  ready: boolean;
  /** Settles when setup is done; rejects if the worker fails before that. */
  started: Promise<void>;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closed = false;
  private lastRestart = 0;

  constructor(
    private readonly options: WorkerPoolOptions,
    private readonly log?: Logger,
  ) {
    if (options.size < 1) throw new Error('WorkerPool: size must be at least 1');
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Tasks that can be under way at once: DEPTH per worker. */
  get capacity(): number {
    return this.slots.length * DEPTH;
  }

  /** Resolves once every worker has finished its setup; rejects if one failed it (close the pool then). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.started));
  }

  run<T>(task: string, args: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new Error('WorkerPool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ request: { id: this.nextId++, task, args }, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(new Error('WorkerPool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = startWorker(this.options.module, { workerData: this.options.workerData, name: this.options.name ?? 'pool' });
    let started!: { resolve: () => void; reject: (e: unknown) => void };
    const slot: Slot = { worker, jobs: new Map(), ready: false, started: new Promise((resolve, reject) => (started = { resolve, reject })) };
    slot.started.catch(() => undefined);
    worker.on('message', (reply: Reply | { ready: true }) => {
      if ('ready' in reply) {
        slot.ready = true;
        started.resolve();
        this.dispatch();
        return;
      }
      const job = slot.jobs.get(reply.id);
      slot.jobs.delete(reply.id);
      if (job) {
        if (reply.ok) job.resolve(reply.value);
        else job.reject(reviveError(reply.error));
      }
      this.dispatch();
    });
    worker.on('error', (err) => {
      started.reject(err);
      this.log?.error({ err, pool: this.options.name }, 'pool worker failed');
    });
    worker.on('exit', (code) => {
      started.reject(new Error(`pool worker exited (code ${code}) before it was ready`));
      slot.ready = false; // nothing more is sent to it; its replacement takes the queue
      for (const job of slot.jobs.values()) job.reject(new Error(`pool worker exited (code ${code}) during ${job.request.task}`));
      slot.jobs.clear();
      if (this.closed) return;
      // Replace it, at most once a second, so a worker that cannot start does not spin.
      const delay = Math.max(0, 1000 - (Date.now() - this.lastRestart));
      setTimeout(() => {
        if (this.closed) return;
        this.lastRestart = Date.now();
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots[i] = this.spawn();
      }, delay).unref();
    });
    return slot;
  }

  /** Fills the least busy ready workers first, up to DEPTH each. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      let best: Slot | null = null;
      for (const slot of this.slots) if (slot.ready && slot.jobs.size < DEPTH && (!best || slot.jobs.size < best.jobs.size)) best = slot;
      if (!best) return;
      const job = this.waiting.shift() as Job;
      best.jobs.set(job.request.id, job);
      best.worker.postMessage(job.request);
    }
  }
}

/**
 * `npm run dev` and the tests run the TypeScript sources through tsx, whose loader Node 20 does not apply to a
 * worker's first module: such a worker registers tsx itself, then loads the task module. Built code (.js) never
 * takes this path, so production does not need tsx.
 */
function startWorker(module: URL, options: { workerData: unknown; name: string }): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

function reviveError(e: SerializedError): Error {
  if (e.code !== undefined && e.status !== undefined) return new AppError(e.code, e.status, e.message, e.details);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

function serializeError(err: unknown): SerializedError {
  if (err instanceof AppError) return { name: err.name, message: err.message, code: err.code, status: err.status, details: err.details };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

export type TaskTable = Record<string, (args: never) => Promise<unknown> | unknown>;

/** In a pool's worker thread: set up once, say so, then answer tasks one by one. */
export function serveTasks(setup: (data: unknown) => Promise<TaskTable> | TaskTable): void {
  if (isMainThread || !parentPort) throw new Error('serveTasks() runs in a worker thread');
  const port = parentPort;
  void (async () => {
    const tasks = await setup(workerData);
    port.on('message', async (req: Request) => {
      const fn = tasks[req.task];
      try {
        if (!fn) throw new Error(`no task ${req.task}`);
        port.postMessage({ id: req.id, ok: true, value: await fn(req.args as never) } satisfies Reply);
      } catch (err) {
        port.postMessage({ id: req.id, ok: false, error: serializeError(err) } satisfies Reply);
      }
    });
    port.postMessage({ ready: true });
  })().catch((err: unknown) => {
    // Setup failed (database missing?): end the thread with the error; the pool reports it.
    setImmediate(() => {
      throw err;
    });
  });
}
