import { defineConfig } from 'vitest/config';

/** Browser journeys in Debian's Chromium (see README: apt-get install -y chromium fonts-noto-cjk). */
export default defineConfig({
  // Tests render pages with the same preact JSX as src/ (tsconfig.json covers src only).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    passWithNoTests: false,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
});
