/**
 * Headline measures of a replicate over a window of years: what analysts
 * compare between policy scenarios. Counts and money are summed over the window,
 * shares are averaged over its years; all for the region (ALL).
 */
import { clockYears, type Clock } from '../../kernel/clock.ts';
import { yearlySeries } from '../../runner/outputs.ts';
import { reporterIndex } from '../../model/metrics.ts';
import type { ReplicateResult } from '../../model/step.ts';
import { NC } from '../../kernel/scenario/countries.ts';

export interface Headline {
  name: string;
  label: string;
  unit: string;
  /** Metrics added up (sum over the window) or averaged (mean over its years). */
  metrics: string[];
  over: 'sum' | 'mean';
}

export const HEADLINES: Headline[] = [
  { name: 'true_victims', label: 'True victims (recruited, cumulative)', unit: 'victims', metrics: ['victims_recruited'], over: 'sum' },
  {
    name: 'victims_assisted',
    label: 'Victims assisted (counted, cumulative)',
    unit: 'victims',
    metrics: ['victims_assisted'],
    over: 'sum',
  },
  { name: 'visibility', label: 'Visibility (assisted / exploited, mean)', unit: 'ratio', metrics: ['visibility'], over: 'mean' },
  { name: 'trafficker_revenue', label: 'Trafficker revenue (cumulative)', unit: 'EUR', metrics: ['trafficker_revenue'], over: 'sum' },
  {
    name: 'officials_corrupt',
    label: 'Officials corrupt (share, mean)',
    unit: 'ratio',
    metrics: ['officials_corrupt_share'],
    over: 'mean',
  },
  {
    name: 'cost',
    label: 'Cost of the levers (cumulative)',
    unit: 'EUR',
    metrics: ['cost_victims', 'cost_supply', 'cost_demand'],
    over: 'sum',
  },
];

export interface Window {
  from: number;
  to: number;
}

/** Parses "2003-2010" (or one year). */
export function parseWindow(text: string): Window | undefined {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(text.trim());
  if (!m) return undefined;
  const from = Number(m[1]),
    to = Number(m[2] ?? m[1]);
  return from <= to ? { from, to } : undefined;
}

/** The headline measures of one replicate, in HEADLINES order. */
export function headlines(result: ReplicateResult, clock: Clock, w: Window): Float64Array {
  const yearly = yearlySeries(result, clock);
  const years = clockYears(clock);
  const out = new Float64Array(HEADLINES.length);
  HEADLINES.forEach((h, i) => {
    let total = 0,
      n = 0;
    years.forEach((year, y) => {
      if (year < w.from || year > w.to) return;
      n++;
      for (const m of h.metrics) total += yearly[reporterIndex.get(m)!][y * (NC + 1) + NC];
    });
    out[i] = h.over === 'sum' ? total : n ? total / n : NaN;
  });
  return out;
}

const TRUE_VICTIMS = HEADLINES.findIndex((h) => h.name === 'true_victims');
const COST = HEADLINES.findIndex((h) => h.name === 'cost');

/**
 * True victims averted per million EUR of extra spending, from the headline measures
 * of a scenario's run and of the baseline's run with the same seeds; NaN where the
 * scenario spends nothing more.
 */
export function avertedPerMillion(base: ArrayLike<number>, run: ArrayLike<number>): number {
  const extra = (run[COST] - base[COST]) / 1e6;
  return extra > 0 ? (base[TRUE_VICTIMS] - run[TRUE_VICTIMS]) / extra : NaN;
}
