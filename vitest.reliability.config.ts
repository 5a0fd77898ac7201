import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the fuzzer, kill -9 trials and the hostile-text browser trap (test/reliability).
 * Separate from `npm test` because it is slower (minutes, child processes, Chromium) and from the browser
 * journeys because most of it needs no browser. Same reporters as vitest.config.ts, so CI reads the same
 * closing "Tests: N passed, N failed, N skipped" line.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/reliability/**/*.test.ts'],
    pool: 'forks',
    // Two cores: the fuzzer and the browser trap are CPU-bound, the kill trials mostly wait on child processes.
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 180_000,
    passWithNoTests: false,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
});
