import type { Logger } from '../logger.js';
import { type GateOptions, WorkGate } from './gate.js';
import { WorkerPool, type WorkerPoolOptions } from './worker-pool.js';

/** A gate, and the worker pool behind it if there is one: how one expensive kind of request runs. */
export interface Lane {
  readonly gate: WorkGate;
  readonly pool: WorkerPool | null;
  close(): Promise<void>;
}

/**
 * Starts the pool (when asked for) and waits for its workers to be ready; if they cannot start, says so and
 * runs the work on this thread instead — slower under load, never broken. The gate's concurrency becomes the
 * pool's capacity (a running and a next job per worker); the rest wait in the gate's bounded queue.
 */
export async function startLane(gate: GateOptions, pool: WorkerPoolOptions | null, log: Logger): Promise<Lane> {
  if (pool && pool.size > 0) {
    let workers: WorkerPool | null = null;
    try {
      workers = new WorkerPool(pool, log);
      await workers.ready();
      const ready = workers;
      return { gate: new WorkGate({ ...gate, concurrency: ready.capacity }), pool: ready, close: () => ready.close() };
    } catch (err) {
      log.error({ err, pool: pool.name }, 'worker threads did not start; running this work on the main thread');
      await workers?.close();
    }
  }
  return { gate: new WorkGate(gate), pool: null, close: async () => undefined };
}
