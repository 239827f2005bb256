/**
 * Metrics, declared as named reporters (as Mesa's DataCollector does). Each says
 * which layer it belongs to (`true`: what really happens; `counted`: what agencies
 * and police record), how a year is made of months (`sum` of a flow, `last` value
 * of a stock, or a `ratio` of two other metrics' yearly values), and whether it is
 * reported by country or for the region only. `ALL` is the regional total.
 */
import { NC } from './world.ts';
import type { State } from './state.ts';
import { byCountry } from './state.ts';

export type Layer = 'true' | 'counted';
export interface Reporter {
  name: string;
  layer: Layer;
  unit: string;
  description: string;
  /** 'country': one value per country and ALL; 'region': ALL only. */
  scope: 'country' | 'region';
  yearly: 'sum' | 'last' | 'ratio';
  /** For yearly 'ratio': numerator and denominator metric names (ALL values). */
  ratio?: [string, string];
  /** Writes this month's value per country into out[0..NC-1] (ALL is derived). */
  read?: (s: State, out: Float64Array) => void;
}

const copy = (src: Float64Array, out: Float64Array) => {
  for (let c = 0; c < NC; c++) out[c] = src[c];
};

export const REPORTERS: Reporter[] = [
  {
    name: 'victims_recruited', layer: 'true', unit: 'persons', scope: 'country', yearly: 'sum',
    description: 'New victims taken by recruiters, by country of origin.',
    read: (s, out) => copy(s.tally.recruited, out),
  },
  {
    name: 'victims_exploited', layer: 'true', unit: 'persons', scope: 'country', yearly: 'last',
    description: 'Victims in exploitation at the end of the period (stock), by destination.',
    read: (s, out) => copy(s.tally.exploited, out),
  },
  {
    name: 'victims_identified', layer: 'true', unit: 'persons', scope: 'country', yearly: 'sum',
    description: 'Victims identified by police or border officials, by country where identified (before the agencies’ counting).',
    read: (s, out) => copy(s.tally.identified, out),
  },
  {
    name: 'victims_escaped', layer: 'true', unit: 'persons', scope: 'country', yearly: 'sum',
    description: 'Victims who left exploitation unidentified, by country where they were exploited.',
    read: (s, out) => copy(s.tally.escaped, out),
  },
  {
    name: 'victims_assisted', layer: 'counted', unit: 'persons', scope: 'country', yearly: 'sum',
    description: 'Victims identified and assisted as the agencies count them (after reporting coverage), by country where assisted.',
    read: (s, out) => copy(s.tally.assisted, out),
  },
  {
    name: 'migrants_safe_abroad', layer: 'true', unit: 'persons', scope: 'country', yearly: 'last',
    description: 'Migrants working abroad who were not trafficked (stock), by origin.',
    read: (s, out) => byCountry(s.safeAbroad, out),
  },
  {
    name: 'population_at_risk', layer: 'true', unit: 'persons', scope: 'country', yearly: 'last',
    description: 'People at risk at home (stock), by country.',
    read: (s, out) => byCountry(s.home, out),
  },
  {
    name: 'agents_active', layer: 'true', unit: 'agents', scope: 'region', yearly: 'last',
    description: 'Explicit agents (victims in transit or exploitation) in the simulation.',
    read: (s, out) => {
      out.fill(0);
      out[0] = s.victims.count;
    },
  },
  {
    name: 'visibility', layer: 'true', unit: 'ratio', scope: 'region', yearly: 'ratio', ratio: ['victims_assisted', 'victims_exploited'],
    description: 'Victims assisted over victims in exploitation (ALL): how much of the trade the statistics see. NA when no one is exploited.',
  },
];

export const reporterIndex = new Map(REPORTERS.map((r, i) => [r.name, i]));

/**
 * Monthly values of every reporter: series[m] holds (NC + 1) values per tick,
 * tick-major (value of country c at tick k is series[m][k * (NC + 1) + c]; c = NC is ALL).
 */
export type Series = Float64Array[];

export function allocSeries(ticks: number): Series {
  return REPORTERS.map(() => new Float64Array(ticks * (NC + 1)));
}

/** Records this month's values. `row` is a reusable scratch buffer of NC + 1. */
export function collect(s: State, series: Series, row: Float64Array): void {
  const base = s.tick * (NC + 1);
  for (let m = 0; m < REPORTERS.length; m++) {
    const r = REPORTERS[m];
    const out = series[m];
    if (r.read) {
      row.fill(0);
      r.read(s, row);
      let all = 0;
      if (r.scope === 'region') all = row[0];
      else for (let c = 0; c < NC; c++) {
        out[base + c] = row[c];
        all += row[c];
      }
      out[base + NC] = all;
    } else if (r.ratio) {
      const num = series[reporterIndex.get(r.ratio[0])!][base + NC];
      const den = series[reporterIndex.get(r.ratio[1])!][base + NC];
      out[base + NC] = den > 0 ? num / den : NaN;
    }
  }
}
