/**
 * Comparing scenarios under common random numbers. Every scenario runs
 * with the baseline's seed, so replicate r of each uses the same seed tree (and,
 * with a posterior, the same particle): differences come from the levers, not from
 * noise. Each replicate is reduced to headline measures over a window and to the
 * yearly series the charts need; differences against the baseline are paired by
 * replicate. With a precision goal, replicates are added in rounds until every
 * headline interval's half-width is under that share of the baseline mean, or a cap.
 */
import { clockYears } from '../../kernel/clock.ts';
import { yearlySeries } from '../../runner/outputs.ts';
import { reporterIndex } from '../../model/metrics.ts';
import type { ReplicateResult } from '../../model/step.ts';
import { NC } from '../../kernel/scenario/countries.ts';
import { HEADLINES, avertedPerMillion, headlines, type Window } from './headline.ts';
import { meanInterval, pairedDifference, type Interval } from './paired.ts';
import type { Params } from '../../model/params.ts';

/** Replicates run and reduced at a time: a replicate's monthly series take a few MB. */
export const CHUNK = 64;

/** Runs replicates [from, to) of one scenario; results by replicate number. */
export type RunScenario = (index: number, replicates: number[]) => Promise<ReplicateResult[]>;

/** Yearly series kept for the charts and series.csv (ALL). */
export const SERIES_METRICS = [
  'victims_recruited',
  'victims_exploited',
  'victims_assisted',
  'visibility',
  'share_legal_travel',
  'share_private_venue',
  'share_soft_control',
  'share_west',
  'officials_corrupt_share',
  'bribes_paid',
  'cost_victims',
  'cost_supply',
  'cost_demand',
] as const;

export interface ScenarioRuns {
  name: string;
  params: Params;
  /** headline[r][h]. */
  headline: Float64Array[];
  /** series[m][r][y] for SERIES_METRICS. */
  series: Float64Array[][];
}

export interface ComparisonRow {
  scenario: string;
  metric: string;
  window: string;
  mean: number;
  lo: number;
  hi: number;
  diff: number;
  diff_lo: number;
  diff_hi: number;
}

export interface CompareOptions {
  /** Baseline first. */
  scenarios: { name: string; params: Params }[];
  run: RunScenario;
  window: Window;
  /** Fixed number of replicates, or the first round of a precision run. */
  replicates: number;
  /** Half-width goal as a share of the baseline mean (precision mode). */
  precision?: number;
  maxReplicates?: number;
  onRound?: (replicates: number, worst: number) => void;
}

export interface CompareResult {
  runs: ScenarioRuns[];
  rows: ComparisonRow[];
  replicates: number;
  /** Precision mode: headline measures (scenario / metric) whose interval was still too wide at the cap. */
  unmet: string[];
  years: number[];
}

function reduce(result: ReplicateResult, params: Params, w: Window): { h: Float64Array; s: Float64Array[] } {
  const yearly = yearlySeries(result, params.report);
  const years = clockYears(params.report);
  return {
    h: headlines(result, params.report, w),
    s: SERIES_METRICS.map((m) => Float64Array.from(years, (_, y) => yearly[reporterIndex.get(m)!][y * (NC + 1) + NC])),
  };
}

export async function compareScenarios(o: CompareOptions): Promise<CompareResult> {
  const runs: ScenarioRuns[] = o.scenarios.map((s) => ({
    name: s.name,
    params: s.params,
    headline: [],
    series: SERIES_METRICS.map(() => []),
  }));
  const cap = Math.max(o.replicates, o.maxReplicates ?? o.replicates);
  let done = 0;
  let unmet: string[] = [];
  for (;;) {
    const target = done === 0 ? o.replicates : Math.min(cap, done + o.replicates);
    const reps = Array.from({ length: target - done }, (_, i) => done + i);
    for (const [i, s] of o.scenarios.entries()) {
      // In chunks, so that a large design never holds more than a chunk's monthly series.
      for (let at = 0; at < reps.length; at += CHUNK) {
        const results = await o.run(i, reps.slice(at, at + CHUNK));
        for (const r of results) {
          const { h, s: series } = reduce(r, s.params, o.window);
          runs[i].headline.push(h);
          series.forEach((x, m) => runs[i].series[m].push(x));
        }
      }
    }
    done = target;
    if (o.precision === undefined) break;
    const w = widths(runs);
    unmet = w.filter((x) => x.half > o.precision! * Math.abs(x.base)).map((x) => `${x.scenario} / ${x.metric}`);
    o.onRound?.(done, Math.max(0, ...w.map((x) => x.half / Math.max(1e-12, Math.abs(x.base)))));
    if (unmet.length === 0 || done >= cap) break;
  }
  return { runs, rows: comparisonRows(runs, o.window), replicates: done, unmet, years: clockYears(o.scenarios[0].params.report) };
}

/** Half-widths of every scenario's headline intervals (the baseline's means; others' paired differences), against the baseline mean. */
function widths(runs: ScenarioRuns[]) {
  const base = runs[0];
  return runs.flatMap((run, i) =>
    HEADLINES.map((h, k) => {
      const b = meanInterval(base.headline.map((x) => x[k]));
      const iv =
        i === 0
          ? b
          : pairedDifference(
              run.headline.map((x) => x[k]),
              base.headline.map((x) => x[k]),
            );
      return { scenario: run.name, metric: h.name, half: iv.half, base: b.mean };
    }),
  );
}

/** comparison.csv's rows, with victims averted per million EUR of extra cost. */
export function comparisonRows(runs: ScenarioRuns[], w: Window): ComparisonRow[] {
  const base = runs[0];
  const window = `${w.from}-${w.to}`;
  const col = (run: ScenarioRuns, k: number) => run.headline.map((x) => x[k]);
  const rows: ComparisonRow[] = [];
  for (const run of runs) {
    HEADLINES.forEach((h, i) => {
      const m = meanInterval(col(run, i));
      const d: Interval = pairedDifference(col(run, i), col(base, i));
      rows.push({
        scenario: run.name,
        metric: h.name,
        window,
        mean: m.mean,
        lo: m.lo,
        hi: m.hi,
        diff: d.mean,
        diff_lo: d.lo,
        diff_hi: d.hi,
      });
    });
    // Victims averted per million EUR of extra spending, per replicate (paired), then averaged.
    const ratio = run.headline.map((x, r) => avertedPerMillion(base.headline[r], x));
    const perMillion = ratio.every(Number.isFinite) ? meanInterval(ratio) : { mean: NaN, lo: NaN, hi: NaN };
    rows.push({
      scenario: run.name,
      metric: 'averted_per_million',
      window,
      mean: perMillion.mean,
      lo: perMillion.lo,
      hi: perMillion.hi,
      diff: NaN,
      diff_lo: NaN,
      diff_hi: NaN,
    });
  }
  return rows;
}
