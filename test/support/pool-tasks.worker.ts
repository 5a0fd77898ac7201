import { AppError } from '../../src/platform/errors.js';
import { serveTasks } from '../../src/platform/fairness/worker-pool.js';

// Tasks for test/platform/fairness.test.ts, run in worker threads (loaded through tsx).
serveTasks((data) => ({
  echo: (x: unknown) => ({ x, data }),
  refuse: () => {
    throw new AppError('not_here', 404, 'no such thing', { id: 7 });
  },
  exit: () => process.exit(3),
  spin: (ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end);
    return ms;
  },
}));
