import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests render pages with the same preact JSX as src/ (tsconfig.json covers src only).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // test/reliability has its own config and command (npm run test:reliability): minutes of fuzzing and kill trials.
    exclude: ['test/e2e/**', 'test/reliability/**', 'node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    passWithNoTests: false,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
});
