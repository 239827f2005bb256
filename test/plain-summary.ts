/**
 * A vitest reporter that ends the run with one plain line, "N passed, N failed"
 * (", N skipped" when any), which tools that read test logs understand.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class PlainSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0,
      failed = 0,
      skipped = 0;
    for (const m of modules)
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    // A module that failed to load has no tests but must count as a failure.
    for (const m of modules) if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    failed += errors.length;
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
