/**
 * Outputs of a run: long-format CSVs (yearly and monthly) and the summary across
 * replicates. Where they are written, and what may be replaced, is outdir.ts's.
 */
import { openSync, writeSync, closeSync } from 'node:fs';
import { mean, quantileSorted } from '../kernel/stats.ts';
import type { Clock } from '../kernel/clock.ts';
import { clockYears } from '../kernel/clock.ts';
import { REPORTERS, divide, reporterIndex, type Reporter } from '../model/metrics.ts';
import { COUNTRY_CODES, NC } from '../kernel/scenario/countries.ts';
import type { ReplicateResult } from '../model/step.ts';

const W = NC + 1; // values per tick: countries, then ALL
const ALL = NC;

/** Country columns a reporter is written for: the scenario's countries and ALL. */
export function countriesOf(r: Reporter, present: number[]): number[] {
  return r.scope === 'region' ? [ALL] : [...present, ALL];
}
export const countryLabel = (c: number) => (c === ALL ? 'ALL' : COUNTRY_CODES[c]);

/** A number as written in the CSVs: integers exactly, others to 10 significant digits, NaN as NA. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NA';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(10)));
}

/** A number for people to read: whole and grouped from 100 up, else three significant digits; `n/a` for a non-number. */
export function formatShort(x: number): string {
  return !Number.isFinite(x) ? 'n/a' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-GB') : x.toPrecision(3);
}

/**
 * Yearly values of one replicate: yearly[m][y * W + c]. Flows are summed over the
 * year's months, stocks take the year's last month, ratios divide the yearly
 * values of their two metrics (per country and ALL).
 */
export function yearlySeries(result: ReplicateResult, clock: Clock): Float64Array[] {
  const years = clockYears(clock);
  const out = REPORTERS.map(() => new Float64Array(years.length * W));
  REPORTERS.forEach((r, m) => {
    if (r.yearly === 'ratio') return;
    const monthly = result.series[m];
    for (let k = 0; k < clock.ticks; k++) {
      const y = clock.year[k] - clock.start.year;
      for (let c = 0; c < W; c++) {
        const v = monthly[k * W + c];
        if (r.yearly === 'sum') out[m][y * W + c] += v;
        else out[m][y * W + c] = v;
      }
    }
  });
  REPORTERS.forEach((r, m) => {
    if (r.yearly !== 'ratio' || !r.ratio) return;
    const num = out[reporterIndex.get(r.ratio[0])!];
    const den = out[reporterIndex.get(r.ratio[1])!];
    for (let y = 0; y < years.length; y++) divide(r, out[m], num, den, y * W);
  });
  return out;
}

/**
 * Appends text to a file in chunks of about 1 MB, so large CSVs are never held
 * whole in memory; lines are concatenated into one string per chunk (V8 joins
 * them without copying until the chunk is written).
 */
class ChunkWriter {
  private fd: number;
  private text = '';
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  line(s: string) {
    this.text += s + '\n';
    if (this.text.length > 1 << 20) this.flush();
  }
  flush() {
    if (this.text.length) writeSync(this.fd, this.text);
    this.text = '';
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

export function writeYearlyCsv(path: string, results: ReplicateResult[], clock: Clock, present: number[]): void {
  const w = new ChunkWriter(path);
  w.line('replicate,year,metric,country,value');
  const years = clockYears(clock);
  for (const res of results) {
    const yearly = yearlySeries(res, clock);
    REPORTERS.forEach((r, m) => {
      const cs = countriesOf(r, present);
      for (let y = 0; y < years.length; y++)
        for (const c of cs) w.line(`${res.replicate},${years[y]},${r.name},${countryLabel(c)},${formatValue(yearly[m][y * W + c])}`);
    });
  }
  w.close();
}

export function writeMonthlyCsv(path: string, results: ReplicateResult[], clock: Clock, present: number[]): void {
  const w = new ChunkWriter(path);
  w.line('replicate,year,month,metric,country,value');
  // The middle of each line (metric, country) is the same for every month: built once.
  const columns = REPORTERS.map((r) => countriesOf(r, present).map((c) => [c, `,${r.name},${countryLabel(c)},`] as const));
  for (const res of results) {
    const heads = Array.from({ length: clock.ticks }, (_, k) => `${res.replicate},${clock.year[k]},${clock.month[k]}`);
    REPORTERS.forEach((_, m) => {
      const s = res.series[m];
      for (let k = 0; k < clock.ticks; k++) for (const [c, middle] of columns[m]) w.line(heads[k] + middle + formatValue(s[k * W + c]));
    });
  }
  w.close();
}

export interface SummaryRow {
  year: number;
  metric: string;
  country: string;
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

/** Mean and 90% interval (5% and 95% quantiles) across replicates, per year. */
export function summarise(results: ReplicateResult[], clock: Clock, metrics: string[], country = 'ALL'): SummaryRow[] {
  const years = clockYears(clock);
  const c = country === 'ALL' ? ALL : (COUNTRY_CODES as readonly string[]).indexOf(country);
  const yearly = results.map((r) => yearlySeries(r, clock));
  const rows: SummaryRow[] = [];
  for (const name of metrics) {
    const m = reporterIndex.get(name)!;
    for (let y = 0; y < years.length; y++) {
      const vals = yearly.map((ys) => ys[m][y * W + c]).filter((v) => !Number.isNaN(v));
      if (vals.length === 0) {
        rows.push({ year: years[y], metric: name, country, mean: NaN, lo: NaN, hi: NaN, n: 0 });
        continue;
      }
      const sorted = [...vals].sort((a, b) => a - b);
      rows.push({
        year: years[y],
        metric: name,
        country,
        mean: mean(vals),
        lo: quantileSorted(sorted, 0.05),
        hi: quantileSorted(sorted, 0.95),
        n: vals.length,
      });
    }
  }
  return rows;
}
