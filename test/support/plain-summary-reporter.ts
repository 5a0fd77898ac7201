import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one closing line "Tests: N passed, N failed, N skipped" so CI can read the outcome (a test file that
 * could not run counts as one failure), and turns a run that executed no test into a failure: a green run must
 * have tested something.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      // A file that fails before its tests run (a missing fixture, an import error) is a failure too.
      if (mod.errors().length > 0) failed++;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    if (passed + failed === 0) {
      process.stdout.write('No test ran: failing the run on purpose.\n');
      process.exitCode = 1;
    }
  }
}
