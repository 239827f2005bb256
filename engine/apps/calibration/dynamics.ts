/**
 * Checks of the model's dynamics, as `npm run check:dynamics` (prints a table,
 * exit code 0 when every criterion passes, 1 when one fails, 2 when a run could not
 * be made). On the baseline and the calibrated scenario, each an ensemble of 50
 * replicates (--replicates N, --workers N), through the runner the CLI uses
 * (resolveParams, runEnsemble, the yearly series of the outputs):
 *
 *  1. No cycles: the yearly medians across replicates of share_west,
 *     share_legal_travel, share_private_venue and share_soft_control (ALL) change by
 *     at most 0.15 from one year to the next. Year pairs that touch the 12 months
 *     after a dated event are not checked: an entry of `events`, a date at which a
 *     visa requirement (visas.*.required.*) changes, or a date at which a market
 *     opens or closes (a point of a demand schedule that at least doubles or halves
 *     demand: the peacekeepers). Nor are years before the
 *     scenario's reporting start (report_from, else start); only whole years from it.
 *  2. Steady state: with every input held at its 1995-01 value (freezeInputs: no
 *     events, visa regimes as in 1995) from the scenario's start to 2030-12, the
 *     replicate median of victims_exploited (the stock in exploitation) and of
 *     networks_active (ALL, stocks at each year's end) changes by less than 5% a
 *     year in each of the last 15 years, 2016-2030 (each against the year before).
 *  3. Start-date stability: with the start 60 months earlier (the reporting start
 *     kept where it was), the figure of each Table 1 row (observation.table1_rows,
 *     metric table1_victims) changes by less than 5%. The figure of a row is the
 *     median over replicates of the row's 1999-2003 sum; the seven rows' total
 *     (median of each replicate's total) is printed, not judged.
 *
 * The replicates of every run use the scenario's seed and replicate numbers 0..N-1.
 * With few replicates the medians are noisy: the third check prints a bootstrap
 * standard error of each change beside it.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clockYears, decimalYear, makeClock, parseDate, tickLabel, type Clock } from '../../kernel/clock.ts';
import { runEnsemble } from '../../runner/ensemble.ts';
import { checkFinite } from '../../runner/finite.ts';
import { yearlySeries } from '../../runner/outputs.ts';
import { isSchedule, plainValue, resolveSeries, type Sourced } from '../../kernel/timevalue.ts';
import { reporterIndex } from '../../model/metrics.ts';
import { resolveParams, type Params } from '../../model/params.ts';
import { COUNTRY_CODES, NC } from '../../kernel/scenario/countries.ts';
import { freezeInputs } from '../../kernel/scenario/freeze.ts';
import { loadScenario } from '../../kernel/scenario/loader.ts';
import { ScenarioSchema, makeScenarioSchema, type Scenario } from '../../kernel/scenario/schema.ts';
import { quantileSorted } from '../../kernel/stats.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export const SCENARIOS = [
  { label: 'baseline', file: here('../../../scenarios/baseline.yaml') },
  { label: 'calibrated', file: here('../../../scenarios/calibrated.yaml') },
];
export const SHARES = ['share_west', 'share_legal_travel', 'share_private_venue', 'share_soft_control'];
export const CYCLE_LIMIT = 0.15;
/** Months after a dated event whose years are not checked for cycles. */
export const EVENT_MONTHS = 12;
/** The stock of victims in exploitation, and the networks in the trade (metrics.ts). */
export const STOCKS = ['victims_exploited', 'networks_active'];
export const FREEZE_DATE = '1995-01';
export const STEADY_END = '2030-12';
export const STEADY_YEARS: [number, number] = [2016, 2030];
export const STEADY_LIMIT = 0.05;
export const SHIFT_MONTHS = 60;
export const TABLE1_METRIC = 'table1_victims';
export const TABLE1_YEARS: [number, number] = [1999, 2003];
/** The order rows are printed in (Vreja 2005, Table 1); the scenario's own rows are checked. */
const TABLE1_ORDER = ['BA', 'AL', 'XK', 'MK', 'MD', 'RO', 'BG'];
export const START_LIMIT = 0.05;

const W = NC + 1;
const ALL = NC;
const countryColumn = (code: string) => (code === 'ALL' ? ALL : (COUNTRY_CODES as readonly string[]).indexOf(code));

/** Yearly values of each replicate of one run: yearly[r][metric][y * W + c], for `years`. */
interface Run {
  what: string;
  scenario: Scenario;
  years: number[];
  yearly: Float64Array[][];
  seconds: number;
}

/** The months the outputs hold: the report's clock where the model has one (report_from), else the run's. */
function outputClock(params: Params): Clock {
  return (params as { report?: Clock }).report ?? params.clock;
}

/** The scenario's reporting start: report_from when the scenario has it, else start. */
function reportStart(s: Scenario): string {
  return (s as { report_from?: string }).report_from ?? s.start;
}

const monthText = (d: { year: number; month: number }) => `${d.year}-${String(d.month).padStart(2, '0')}`;
function addMonths(date: string, months: number): string {
  const d = parseDate(date)!;
  const m0 = d.year * 12 + d.month - 1 + months;
  return monthText({ year: Math.floor(m0 / 12), month: (m0 % 12) + 1 });
}

/** The scenario checked by the schema for its own window (expressions at every month), or an error naming the problems. */
function validated(s: Scenario, what: string): Scenario {
  const r = makeScenarioSchema({ start: s.start, end: s.end }).safeParse(s);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new Error(`${what}: the changed scenario is not valid: ${issues.join('; ')}`);
}

async function run(scenario: Scenario, what: string, replicates: number, workers: number, log: (line: string) => void): Promise<Run> {
  const t0 = Date.now();
  const params = resolveParams(scenario);
  const clock = outputClock(params);
  const results = await runEnsemble({ params, replicates: Array.from({ length: replicates }, (_, i) => i), workers });
  checkFinite(results, clock, scenario, what);
  const yearly = results.map((r) => yearlySeries(r, clock));
  const seconds = (Date.now() - t0) / 1000;
  log(
    `  ran ${what}: ${scenario.start}..${scenario.end}, reported from ${monthText(clock.start)}, ${replicates} replicates, ${seconds.toFixed(1)} s`,
  );
  return { what, scenario, years: clockYears(clock), yearly, seconds };
}

/** Values of one metric, country and year across replicates (NaN where the year is not in the run). */
function across(r: Run, metric: string, country: string, year: number): number[] {
  const m = reporterIndex.get(metric);
  if (m === undefined) throw new Error(`no metric ${metric} (engine/model/metrics.ts)`);
  const y = r.years.indexOf(year);
  const c = countryColumn(country);
  return r.yearly.map((ys) => (y < 0 ? NaN : ys[m][y * W + c]));
}

/** The median of the values that are numbers (NaN when none is). */
export function median(values: number[]): number {
  return quantileSorted(
    values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b),
    0.5,
  );
}

/** Relative change b / a - 1: 0 when both are 0, Infinity from 0 to more. */
export function relChange(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === 0) return b === 0 ? 0 : Infinity;
  return b / a - 1;
}

// ---------------------------------------------------------------------------
// 1. No cycles

export interface DatedEvent {
  date: string;
  what: string;
}

/** A schedule's points in date order. */
const sortedPoints = (schedule: Record<string, unknown>) => Object.entries(schedule).sort((p, q) => decimalYear(p[0]) - decimalYear(q[0]));

/**
 * The scenario's dated events: its `events`, and the months at which a visa
 * requirement changes: the points of a schedule whose value differs from the point
 * before, and the months at which the resolved requirement crosses 0.5 (as
 * resolveParams reads it), which also covers expressions and linear schedules.
 */
export function datedEvents(s: Scenario): DatedEvent[] {
  const out = new Map<string, string[]>();
  const add = (date: string, what: string) => {
    const key = monthText(parseDate(date)!);
    if (!out.has(key)) out.set(key, []);
    if (!out.get(key)!.includes(what)) out.get(key)!.push(what);
  };
  for (const e of s.events) add(e.date, `${e.kind} ${e.countries.join('+')}`);
  const clock = makeClock(s.start, s.end);
  for (const [bloc, b] of Object.entries(s.visas))
    for (const [citizen, v] of Object.entries(b.required)) {
      const what = `visa ${bloc} ${citizen}`;
      const value = plainValue(v as Sourced);
      if (isSchedule(value)) {
        const points = sortedPoints(value.schedule);
        for (let i = 1; i < points.length; i++) if (points[i][1] !== points[i - 1][1]) add(points[i][0], what);
      }
      const req = resolveSeries(v as Sourced, clock);
      for (let k = 1; k < clock.ticks; k++) if (req[k] >= 0.5 !== req[k - 1] >= 0.5) add(tickLabel(clock, k), what);
    }
  // A market that opens or closes at a date (the peacekeepers in Bosnia-Herzegovina
  // from 1996 and Kosovo from 1999, Vreja 2005): a point of a demand schedule at
  // which demand at least doubles or halves.
  for (const [code, c] of Object.entries(s.countries)) {
    const value = plainValue(c?.demand as Sourced);
    if (!isSchedule(value)) continue;
    const points = sortedPoints(value.schedule);
    for (let i = 1; i < points.length; i++) {
      const [a, b] = [Number(points[i - 1][1]), Number(points[i][1])];
      if (b >= 2 * a || a >= 2 * b) add(points[i][0], `market ${code}`);
    }
  }
  return [...out.entries()]
    .sort((a, b) => decimalYear(a[0]) - decimalYear(b[0]))
    .map(([date, whats]) => ({ date, what: whats.join(', ') }));
}

/** Years that the EVENT_MONTHS months from each event's month touch. */
function eventYears(events: DatedEvent[]): Set<number> {
  const years = new Set<number>();
  for (const e of events) {
    const from = parseDate(e.date)!.year;
    const to = parseDate(addMonths(e.date, EVENT_MONTHS - 1))!.year;
    for (let y = from; y <= to; y++) years.add(y);
  }
  return years;
}

export interface CycleRow {
  metric: string;
  medians: { year: number; value: number }[];
  /** Largest change over the checked year pairs, and its pair (the later year). */
  largest: number;
  at: number;
  /** Largest change over the pairs not checked (events, or before the reporting start), for information. */
  largestSkipped: number;
  skippedAt: number;
  /** Checked pairs where a median is NA (no victims recruited in the year in any replicate): they fail. */
  undefinedAt: number[];
  pass: boolean;
}

export interface CyclesResult {
  events: DatedEvent[];
  firstYear: number;
  checkedPairs: number[];
  rows: CycleRow[];
  pass: boolean;
}

export function cycles(r: Run): CyclesResult {
  const events = datedEvents(r.scenario);
  const touched = eventYears(events);
  const start = parseDate(reportStart(r.scenario))!;
  const firstYear = start.month === 1 && start.day === 1 ? start.year : start.year + 1; // whole years only
  const checked = (y: number) => y - 1 >= firstYear && !touched.has(y - 1) && !touched.has(y);
  const checkedPairs = r.years.filter((y, i) => i > 0 && checked(y));
  const rows = SHARES.map((metric): CycleRow => {
    const medians = r.years.map((year) => ({ year, value: median(across(r, metric, 'ALL', year)) }));
    let largest = 0,
      at = NaN,
      largestSkipped = NaN,
      skippedAt = NaN;
    const undefinedAt: number[] = [];
    for (let i = 1; i < medians.length; i++) {
      const d = Math.abs(medians[i].value - medians[i - 1].value);
      const y = medians[i].year;
      if (!checked(y)) {
        if (!Number.isNaN(d) && !(d <= largestSkipped)) [largestSkipped, skippedAt] = [d, y];
      } else if (Number.isNaN(d))
        undefinedAt.push(y); // a share with no victims cannot be shown free of cycles
      else if (Number.isNaN(at) || d > largest) [largest, at] = [d, y];
    }
    const pass = largest <= CYCLE_LIMIT && undefinedAt.length === 0;
    return { metric, medians, largest, at, largestSkipped, skippedAt, undefinedAt, pass };
  });
  return { events, firstYear, checkedPairs, rows, pass: rows.every((x) => x.pass) };
}

// ---------------------------------------------------------------------------
// 2. Steady state

export interface SteadyRow {
  metric: string;
  medians: { year: number; value: number }[];
  /** Largest |y_t / y_{t-1} - 1| over t in STEADY_YEARS, and its year t. */
  largest: number;
  at: number;
  pass: boolean;
}

export function steady(r: Run): { rows: SteadyRow[]; pass: boolean } {
  const rows = STOCKS.map((metric): SteadyRow => {
    const medians = [];
    for (let year = STEADY_YEARS[0] - 1; year <= STEADY_YEARS[1]; year++)
      medians.push({ year, value: median(across(r, metric, 'ALL', year)) });
    let largest = 0,
      at = NaN;
    for (let i = 1; i < medians.length; i++) {
      const d = Math.abs(relChange(medians[i - 1].value, medians[i].value));
      if (Number.isNaN(d)) {
        [largest, at] = [NaN, medians[i].year]; // a median that is NA fails the check
        break;
      }
      if (Number.isNaN(at) || d > largest) [largest, at] = [d, medians[i].year];
    }
    return { metric, medians, largest, at, pass: largest < STEADY_LIMIT };
  });
  return { rows, pass: rows.every((x) => x.pass) };
}

// ---------------------------------------------------------------------------
// 3. Start-date stability

export interface StartRow {
  row: string;
  base: number;
  shifted: number;
  change: number;
  /** Bootstrap standard error of the change (resampling each run's replicates). */
  se: number;
  pass?: boolean;
}

/** Each replicate's sum of a Table 1 row (or of all rows) over TABLE1_YEARS. */
function rowSums(r: Run, rows: string[]): number[] {
  const out = new Array(r.yearly.length).fill(0);
  for (let year = TABLE1_YEARS[0]; year <= TABLE1_YEARS[1]; year++)
    for (const row of rows) across(r, TABLE1_METRIC, row, year).forEach((v, i) => (out[i] += v));
  return out;
}

/** A small deterministic generator for the bootstrap (mulberry32). */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bootstrapSe(a: number[], b: number[], draws = 400): number {
  const rand = uniform(20050101);
  const resample = (xs: number[]) => xs.map(() => xs[Math.floor(rand() * xs.length)]);
  const changes: number[] = [];
  for (let i = 0; i < draws; i++) {
    const c = relChange(median(resample(a)), median(resample(b)));
    if (Number.isFinite(c)) changes.push(c);
  }
  if (changes.length < 2) return NaN;
  const mean = changes.reduce((s, x) => s + x, 0) / changes.length;
  return Math.sqrt(changes.reduce((s, x) => s + (x - mean) ** 2, 0) / (changes.length - 1));
}

export interface StartResult {
  rows: StartRow[];
  total: StartRow;
  baseStart: string;
  pass: boolean;
}

export function startStability(base: Run, shifted: Run): StartResult {
  const listed = Object.keys(base.scenario.observation.table1_rows);
  const rowNames = [...TABLE1_ORDER.filter((c) => listed.includes(c)), ...listed.filter((c) => !TABLE1_ORDER.includes(c))];
  const compare = (rows: string[], name: string): StartRow => {
    const a = rowSums(base, rows),
      b = rowSums(shifted, rows);
    const m0 = median(a),
      m1 = median(b);
    return { row: name, base: m0, shifted: m1, change: relChange(m0, m1), se: bootstrapSe(a, b) };
  };
  const rows = rowNames.map((row) => {
    const x = compare([row], row);
    return { ...x, pass: Math.abs(x.change) < START_LIMIT };
  });
  const total = compare(rowNames, 'total');
  return { rows, total, baseStart: base.scenario.start, pass: rows.length > 0 && rows.every((x) => x.pass) };
}

// ---------------------------------------------------------------------------

export interface ScenarioResult {
  label: string;
  cycles: CyclesResult;
  steady: { rows: SteadyRow[]; pass: boolean };
  start: StartResult;
  shiftedStart: string;
  reportStart: string;
  steadyStart: string;
  seconds: number;
}

export async function checkDynamics(o: { replicates: number; workers: number; log?: (line: string) => void }): Promise<ScenarioResult[]> {
  const log = o.log ?? (() => {});
  const out: ScenarioResult[] = [];
  for (const { label, file } of SCENARIOS) {
    const t0 = Date.now();
    const scenario = loadScenario(file).scenario;
    const asWritten = await run(scenario, `${label} as written`, o.replicates, o.workers, log);
    const frozen = validated(freezeInputs(scenario, FREEZE_DATE, STEADY_END), `${label} frozen`);
    const steadyRun = await run(frozen, `${label} with inputs frozen at ${FREEZE_DATE}`, o.replicates, o.workers, log);
    // Five years earlier; the reporting start stays where it was when the schema has the field.
    const shiftedStart = addMonths(scenario.start, -SHIFT_MONTHS);
    const keepReport = Object.hasOwn(ScenarioSchema.shape, 'report_from') ? { report_from: reportStart(scenario) } : {};
    const shifted = validated({ ...scenario, start: shiftedStart, ...keepReport } as Scenario, `${label} started ${shiftedStart}`);
    const shiftedRun = await run(shifted, `${label} started ${shiftedStart}`, o.replicates, o.workers, log);
    out.push({
      label,
      cycles: cycles(asWritten),
      steady: steady(steadyRun),
      start: startStability(asWritten, shiftedRun),
      shiftedStart,
      reportStart: reportStart(scenario),
      steadyStart: frozen.start,
      seconds: (Date.now() - t0) / 1000,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// The printed report

const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
const f2 = (x: number) => (Number.isNaN(x) ? 'NA' : x.toFixed(2));
const f3 = (x: number) => (Number.isNaN(x) ? 'NA' : x.toFixed(3));
const pct = (x: number) =>
  Number.isNaN(x) ? 'NA' : !Number.isFinite(x) ? (x > 0 ? '+inf' : '-inf') : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const whole = (x: number) => (Number.isNaN(x) ? 'NA' : Math.round(x).toLocaleString('en-US'));

export function report(results: ScenarioResult[], o: { replicates: number }): string[] {
  const L: string[] = [];
  L.push('');
  L.push(`1. No cycles: yearly medians (${o.replicates} replicates) of the shares (ALL) change by at most ${CYCLE_LIMIT} a year`);
  L.push(`   (not checked: year pairs touching the ${EVENT_MONTHS} months from a dated event, years before the reporting start)`);
  for (const r of results) {
    const c = r.cycles;
    L.push(
      `   ${r.label}: reporting start ${r.reportStart}, whole years checked from ${c.firstYear}; dated events: ${c.events.map((e) => `${e.date} (${e.what})`).join('; ') || 'none'}`,
    );
    L.push(`   ${r.label}: year pairs checked (later year): ${c.checkedPairs.join(' ') || 'none'}`);
    const years = c.rows[0]?.medians.map((m) => m.year) ?? [];
    L.push('   ' + 'median'.padEnd(20) + years.map((y) => String(y).padStart(6)).join(''));
    for (const row of c.rows) L.push('   ' + row.metric.padEnd(20) + row.medians.map((m) => f2(m.value).padStart(6)).join(''));
    L.push('   ' + 'metric'.padEnd(20) + 'largest checked change'.padStart(24) + 'largest unchecked'.padStart(20) + 'verdict'.padStart(9));
    for (const row of c.rows) {
      const where = Number.isNaN(row.at) ? '' : ` ${row.at - 1}-${row.at}`;
      const skipped = Number.isNaN(row.skippedAt) ? '' : `${f3(row.largestSkipped)} ${row.skippedAt - 1}-${row.skippedAt}`;
      L.push(
        '   ' + row.metric.padEnd(20) + `${f3(row.largest)}${where}`.padStart(24) + skipped.padStart(20) + verdict(row.pass).padStart(9),
      );
      if (row.undefinedAt.length > 0)
        L.push(`      NA (no victims recruited) in checked year pairs ending ${row.undefinedAt.join(', ')}: not free of cycles`);
    }
    L.push('');
  }

  L.push(`2. Steady state: inputs frozen at ${FREEZE_DATE} (no events, visa regimes of ${FREEZE_DATE}) from the start to ${STEADY_END};`);
  L.push(
    `   the replicate median (ALL, year-end stock) changes by less than ${STEADY_LIMIT * 100}% in each year ${STEADY_YEARS[0]}-${STEADY_YEARS[1]} (against the year before)`,
  );
  for (const r of results) {
    const years = r.steady.rows[0]?.medians.map((m) => m.year) ?? [];
    L.push(`   ${r.label}: run from ${r.steadyStart} to ${STEADY_END}`);
    L.push('   median'.padEnd(22) + years.map((y) => String(y).padStart(7)).join(''));
    for (const row of r.steady.rows) L.push(('   ' + row.metric).padEnd(22) + row.medians.map((m) => whole(m.value).padStart(7)).join(''));
    for (const row of r.steady.rows) {
      const where = Number.isNaN(row.at) ? '' : ` in ${row.at}`;
      const extinct = row.medians[row.medians.length - 1]?.value === 0 ? ' (the median is 0: the trade died out)' : '';
      L.push(
        `   ${row.metric.padEnd(19)} max |y_t/y_(t-1) - 1| = ${pct(row.largest)}${where}`.padEnd(70) +
          verdict(row.pass).padStart(6) +
          extinct,
      );
    }
    L.push('');
  }

  L.push(`3. Start-date stability: start ${SHIFT_MONTHS} months earlier, reporting start kept; each Table 1 row (${TABLE1_METRIC})`);
  L.push(
    `   figure = median over replicates of the row's ${TABLE1_YEARS[0]}-${TABLE1_YEARS[1]} sum; it changes by less than ${START_LIMIT * 100}%`,
  );
  L.push(`   (s.e.: bootstrap standard error of the change from the replicates' spread; the total is printed, not judged)`);
  for (const r of results) {
    const start = r.start;
    L.push(
      '   ' +
        `${r.label}: start ${r.start.baseStart} vs ${r.shiftedStart}`.padEnd(34) +
        r.start.baseStart.padStart(10) +
        r.shiftedStart.padStart(10) +
        'change'.padStart(10) +
        's.e.'.padStart(8) +
        'verdict'.padStart(9),
    );
    for (const row of [...start.rows, start.total]) {
      const v = row.pass === undefined ? '(info)' : verdict(row.pass);
      L.push(
        '   ' +
          row.row.padEnd(34) +
          whole(row.base).padStart(10) +
          whole(row.shifted).padStart(10) +
          pct(row.change).padStart(10) +
          pct(row.se).replace('+', '±').padStart(8) +
          v.padStart(9),
      );
    }
    L.push('');
  }

  L.push('Summary'.padEnd(26) + results.map((r) => r.label.padStart(12)).join(''));
  L.push('1. no cycles'.padEnd(26) + results.map((r) => verdict(r.cycles.pass).padStart(12)).join(''));
  L.push('2. steady state'.padEnd(26) + results.map((r) => verdict(r.steady.pass).padStart(12)).join(''));
  L.push('3. start-date stability'.padEnd(26) + results.map((r) => verdict(r.start.pass).padStart(12)).join(''));
  L.push('elapsed'.padEnd(26) + results.map((r) => `${r.seconds.toFixed(0)} s`.padStart(12)).join(''));
  return L;
}

export const allPass = (results: ScenarioResult[]) => results.every((r) => r.cycles.pass && r.steady.pass && r.start.pass);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const usage = 'usage: npm run check:dynamics -- [--replicates N] [--workers N]   (defaults: 50 replicates, all cores)';
  let replicates = 50,
    workers = availableParallelism();
  try {
    const { values } = parseArgs({
      options: { replicates: { type: 'string' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(usage);
      process.exit(0);
    }
    const positive = (name: string, v: string | undefined, d: number) => {
      if (v === undefined) return d;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a whole number of at least 1, found ${v}`);
      return n;
    };
    replicates = positive('replicates', values.replicates, replicates);
    workers = positive('workers', values.workers, workers);
  } catch (e) {
    console.error(`check:dynamics: ${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
  const t0 = Date.now();
  console.log(
    `Dynamics checks: ${SCENARIOS.map((s) => s.label).join(' and ')}, ${replicates} replicates per run, ${workers} worker${workers === 1 ? '' : 's'}`,
  );
  try {
    const results = await checkDynamics({ replicates, workers, log: (line) => console.log(line) });
    for (const line of report(results, { replicates })) console.log(line);
    const pass = allPass(results);
    console.log(`${pass ? 'all criteria pass' : 'some criteria FAIL'}; ${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
    process.exitCode = pass ? 0 : 1;
  } catch (e) {
    console.error(`check:dynamics: could not run the checks: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
