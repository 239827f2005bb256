/**
 * The engine in a browser (seminar mode): takes an already
 * resolved and validated scenario as plain data (loaded with loadScenario in Node
 * and passed as JSON), resolves its parameters, runs one replicate and returns the
 * yearly ALL column of every metric. The same functions as the CLI, so the same
 * scenario, seed and replicate give the same numbers.
 *
 * web-worker.ts serves it to the seminar page's Web Worker. Bundled by
 * seminar/bundle.ts, which replaces the Node-only modules this pulls in
 * (mathlib.ts's createRequire, outputs.ts's node:fs/path/crypto).
 */
import { resolveParams } from '../../model/params.ts';
import { runReplicate } from '../../model/step.ts';
import { yearlySeries } from '../../runner/outputs.ts';
import { clockYears } from '../../kernel/clock.ts';
import { REPORTERS } from '../../model/metrics.ts';
import { NC } from '../../kernel/scenario/countries.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';

export interface BrowserRun {
  years: number[];
  /** Yearly value for ALL countries, per metric name (NaN where a ratio is undefined). */
  metrics: Record<string, number[]>;
  /** Wall time of resolveParams + runReplicate + yearlySeries, in milliseconds. */
  ms: number;
}

export type TipsimRun = (scenario: Scenario, replicate: number) => BrowserRun;

const W = NC + 1; // values per year: countries, then ALL (as in outputs.ts)
const ALL = NC;

export const tipsimRun: TipsimRun = (scenario, replicate) => {
  const t0 = performance.now();
  const params = resolveParams(scenario);
  const result = runReplicate(params, replicate);
  const yearly = yearlySeries(result, params.report);
  const ms = performance.now() - t0;
  const years = clockYears(params.report);
  const metrics: Record<string, number[]> = {};
  REPORTERS.forEach((r, m) => {
    metrics[r.name] = years.map((_, y) => yearly[m][y * W + ALL]);
  });
  return { years, metrics, ms };
};

(globalThis as unknown as { tipsimRun: TipsimRun }).tipsimRun = tipsimRun;
