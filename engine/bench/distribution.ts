/**
 * Distribution check: the same scenario's headline results, before and after a
 * change to the model's random streams (aggregate draws in place of per-agent
 * draws, say), agree in distribution: in mean and in variance. A change for speed
 * may change every replicate's numbers; it must not change what they are samples of.
 *
 *   npx tsx engine/bench/distribution.ts --save out/dist-before.json
 *       [--scenario scenarios/baseline.yaml] [--replicates 200] [--workers 2]
 *     runs replicates 0..N-1 of the scenario (default scenarios/baseline.yaml, 200
 *     replicates, 2 workers) and saves each replicate's headline statistics (below)
 *     as JSON, with the scenario's path, its seed, the replicate numbers and the
 *     commit (`git rev-parse HEAD`, when git answers).
 *
 *   npx tsx engine/bench/distribution.ts --against out/dist-before.json
 *       [--replicates N] [--workers 2] [--out FILE.md]
 *     runs the saved file's scenario now (the code as it is), with replicate numbers
 *     100000..100000+N-1 (N: the saved count unless given), so that the two samples
 *     have different seeds and are independent; then, per statistic, prints the
 *     means before and after, Welch's t-test p-value (means), the variance ratio
 *     (after / before) and the Brown-Forsythe p-value (Levene's test on absolute
 *     deviations from the group medians: variances). The 2 x (statistics) tests are
 *     corrected together by Holm-Bonferroni at a family-wise alpha of 0.05: a row
 *     FAILs when either of its tests is rejected. Exit code 0 when every row passes,
 *     1 when one fails, 2 when the run could not be made. --out also writes the
 *     table as Markdown.
 *
 * Headline statistics, all for ALL (the region) over the scenario's report window
 * (report_from, else start, to end; 1995-01..2006-12 in the baseline), from the
 * yearly series the outputs write (outputs.ts yearlySeries: flows summed over
 * months, stocks their last month, ratios of the yearly sums):
 *   - totals over the window of victims_recruited, victims_assisted,
 *     table1_victims, trafficker_revenue and police_offences;
 *   - the 2003 values of victims_recruited and table1_victims;
 *   - victims_exploited (the stock in exploitation) and networks_active at the
 *     window's last month;
 *   - the means over the window's years of the yearly share_west and
 *     share_legal_travel (years with no one recruited, NA, left out).
 *
 * With 200 replicates a side and 22 tests, a shift in one mean of 0.4 standard
 * deviations is caught about 4 times in 5 (Holm's first threshold is 0.05 / 22);
 * smaller shifts often are not. The figures are to read (as bench.ts's); the exit
 * code is the check's verdict.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clockYears, tickLabel, type Clock } from '../kernel/clock.ts';
import { runEnsemble } from '../runner/ensemble.ts';
import { checkFinite } from '../runner/finite.ts';
import { yearlySeries } from '../runner/outputs.ts';
import { gitCommit } from '../runner/provenance.ts';
import { logGamma, mean, quantileSorted } from '../kernel/stats.ts';
import { reporterIndex } from '../model/metrics.ts';
import { resolveParams } from '../model/params.ts';
import type { ReplicateResult } from '../model/step.ts';
import { NC } from '../kernel/scenario/countries.ts';
import { loadScenario } from '../kernel/scenario/loader.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_SCENARIO = 'scenarios/baseline.yaml';
const AGAINST_OFFSET = 100_000;
const ALPHA = 0.05;
const W = NC + 1;
const ALL = NC;

// ---------------------------------------------------------------------------
// Headline statistics of one replicate
// ---------------------------------------------------------------------------

interface Stat {
  name: string;
  /** The statistic's value in one replicate, from its yearly series over the report window. */
  value: (yearly: Float64Array[], years: number[]) => number;
}

const idx = (metric: string) => {
  const m = reporterIndex.get(metric);
  if (m === undefined) throw new Error(`no metric ${metric} in metrics.ts`);
  return m;
};
const total = (metric: string): Stat => ({
  name: `${metric} total`,
  value: (yearly, years) => {
    const s = yearly[idx(metric)];
    let sum = 0;
    for (let y = 0; y < years.length; y++) sum += s[y * W + ALL];
    return sum;
  },
});
const inYear = (metric: string, year: number): Stat => ({
  name: `${metric} ${year}`,
  value: (yearly, years) => {
    const y = years.indexOf(year);
    return y < 0 ? NaN : yearly[idx(metric)][y * W + ALL];
  },
});
/** A stock's value at the window's last month (its yearly value is its last month's). */
const last = (metric: string): Stat => ({
  name: `${metric} last month`,
  value: (yearly, years) => yearly[idx(metric)][(years.length - 1) * W + ALL],
});
const yearsMean = (metric: string): Stat => ({
  name: `${metric} mean of years`,
  value: (yearly, years) => {
    const s = yearly[idx(metric)];
    let sum = 0,
      n = 0;
    for (let y = 0; y < years.length; y++) {
      const v = s[y * W + ALL];
      if (Number.isNaN(v)) continue;
      sum += v;
      n++;
    }
    return n > 0 ? sum / n : NaN;
  },
});

const STATS: Stat[] = [
  total('victims_recruited'),
  total('victims_assisted'),
  total('table1_victims'),
  total('trafficker_revenue'),
  total('police_offences'),
  inYear('victims_recruited', 2003),
  inYear('table1_victims', 2003),
  last('victims_exploited'),
  last('networks_active'),
  yearsMean('share_west'),
  yearsMean('share_legal_travel'),
];

function headline(result: ReplicateResult, clock: Clock): Record<string, number> {
  const yearly = yearlySeries(result, clock);
  const years = clockYears(clock);
  return Object.fromEntries(STATS.map((s) => [s.name, s.value(yearly, years)]));
}

// ---------------------------------------------------------------------------
// Tests: Welch's t, Brown-Forsythe, Holm-Bonferroni
// ---------------------------------------------------------------------------

/** Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes' betacf). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300,
    EPS = 1e-15;
  const qab = a + b,
    qap = a + 1,
    qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Two-sided p-value of Student's t with df degrees of freedom. */
const tTwoSided = (t: number, df: number) => incompleteBeta(df / (df + t * t), df / 2, 0.5);
/** Upper-tail p-value of F with (d1, d2) degrees of freedom. */
const fUpper = (f: number, d1: number, d2: number) => incompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);

const varianceOf = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
};
const medianOf = (xs: number[]) =>
  quantileSorted(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

/** Welch's t-test of equal means (two-sided p). Samples without spread: p 1 when their means are equal, else 0. */
function welch(a: number[], b: number[]): number {
  const va = varianceOf(a) / a.length,
    vb = varianceOf(b) / b.length;
  const diff = mean(a) - mean(b);
  if (va + vb === 0) return diff === 0 ? 1 : 0;
  const t = diff / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return tTwoSided(t, df);
}

/**
 * Brown-Forsythe test of equal variances (Levene's with medians): one-way ANOVA of
 * the absolute deviations from each group's median; two groups, F(1, N - 2).
 */
function brownForsythe(a: number[], b: number[]): number {
  const medA = medianOf(a),
    medB = medianOf(b);
  const za = a.map((x) => Math.abs(x - medA));
  const zb = b.map((x) => Math.abs(x - medB));
  const n = za.length + zb.length;
  const ma = mean(za),
    mb = mean(zb),
    m = mean([...za, ...zb]);
  const between = za.length * (ma - m) ** 2 + zb.length * (mb - m) ** 2;
  const within = za.reduce((s, z) => s + (z - ma) ** 2, 0) + zb.reduce((s, z) => s + (z - mb) ** 2, 0);
  if (within === 0) return between === 0 ? 1 : 0;
  return fUpper(between / (within / (n - 2)), 1, n - 2);
}

/** Holm-Bonferroni: which of the p-values are rejected at family-wise alpha, and the adjusted p-values. */
function holm(ps: number[], alpha = ALPHA): { rejected: boolean[]; adjusted: number[] } {
  const order = ps.map((p, i) => i).sort((i, j) => ps[i] - ps[j]);
  const rejected = ps.map(() => false);
  const adjusted = ps.map(() => 1);
  let stop = false,
    running = 0;
  order.forEach((i, k) => {
    running = Math.max(running, Math.min(1, (ps.length - k) * ps[i]));
    adjusted[i] = running;
    if (!stop && ps[i] <= alpha / (ps.length - k)) rejected[i] = true;
    else stop = true;
  });
  return { rejected, adjusted };
}

// ---------------------------------------------------------------------------
// Runs, files, table
// ---------------------------------------------------------------------------

interface Saved {
  scenario: string;
  seed: number;
  window: [string, string];
  replicates: number;
  replicateNumbers: number[];
  commit: string | null;
  created: string;
  statistics: string[];
  /** One entry per replicate: its number and its statistics (NaN saved as null). */
  values: ({ replicate: number } & Record<string, number | null>)[];
}

/** A scenario path as saved: relative to the repository when inside it. */
const savedPath = (p: string) => {
  const rel = relative(ROOT, resolve(p));
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(p) : rel;
};

async function runStatistics(scenarioPath: string, replicates: number[], workers: number) {
  const file = resolve(ROOT, scenarioPath);
  const { scenario } = loadScenario(file);
  const params = resolveParams(scenario);
  const clock = params.report;
  const t0 = performance.now();
  const tty = process.stderr.isTTY;
  const results = await runEnsemble({
    params,
    replicates,
    workers,
    onProgress: (done, n) => {
      if (tty) process.stderr.write(`\r  ${done}/${n} replicates`);
      else if (done === n || done % Math.max(1, Math.round(n / 10)) === 0) process.stderr.write(`  ${done}/${n} replicates\n`);
    },
  });
  if (tty) process.stderr.write('\n');
  checkFinite(results, clock, scenario, file);
  const seconds = (performance.now() - t0) / 1000;
  return {
    seed: params.seed as number,
    window: [tickLabel(clock, 0), tickLabel(clock, clock.ticks - 1)] as [string, string],
    rows: results.map((r) => ({ replicate: r.replicate, stats: headline(r, clock) })),
    seconds,
  };
}

const fmtValue = (v: number) =>
  Number.isNaN(v) ? 'NA' : Math.abs(v) >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(Number(v.toPrecision(4)));
const fmtP = (p: number) => (Number.isNaN(p) ? 'NA' : p < 0.001 ? p.toExponential(1) : p.toFixed(3));

async function save(file: string, scenarioPath: string, n: number, workers: number) {
  const replicates = Array.from({ length: n }, (_, i) => i);
  const scenario = savedPath(scenarioPath);
  console.log(`tipsim distribution: saving ${n} replicates (0..${n - 1}) of ${scenario}, ${workers} worker${workers === 1 ? '' : 's'}`);
  const run = await runStatistics(scenario, replicates, workers);
  const out: Saved = {
    scenario,
    seed: run.seed,
    window: run.window,
    replicates: n,
    replicateNumbers: replicates,
    commit: gitCommit(),
    created: new Date().toISOString(),
    statistics: STATS.map((s) => s.name),
    values: run.rows.map((r) => ({
      replicate: r.replicate,
      ...Object.fromEntries(Object.entries(r.stats).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
    })),
  };
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
  console.log(
    `  report window ${run.window[0]}..${run.window[1]}, seed ${run.seed}, commit ${out.commit ?? '(git did not answer)'}, ${run.seconds.toFixed(1)} s`,
  );
  console.log();
  for (const s of STATS) {
    const xs = run.rows.map((r) => r.stats[s.name]).filter((v) => !Number.isNaN(v));
    const sd = xs.length > 1 ? Math.sqrt(varianceOf(xs)) : NaN;
    console.log(`  ${s.name.padEnd(34)} mean ${fmtValue(mean(xs)).padStart(14)}   sd ${fmtValue(sd).padStart(12)}`);
  }
  console.log(`\nSaved to ${file}`);
}

interface Row {
  name: string;
  nBefore: number;
  nAfter: number;
  meanBefore: number;
  meanAfter: number;
  pWelch: number;
  varRatio: number;
  pBF: number;
  pass?: boolean;
}

async function against(
  file: string,
  nGiven: number | undefined,
  workers: number,
  scenarioGiven: string | undefined,
  md: string | undefined,
): Promise<number> {
  const before = JSON.parse(readFileSync(file, 'utf8')) as Saved;
  const scenario = scenarioGiven ? savedPath(scenarioGiven) : before.scenario;
  const n = nGiven ?? before.replicates;
  const replicates = Array.from({ length: n }, (_, i) => AGAINST_OFFSET + i);
  const commit = gitCommit();
  console.log(
    `tipsim distribution: ${scenario}, ${n} replicates now (${AGAINST_OFFSET}..${AGAINST_OFFSET + n - 1}) against ${before.replicates} saved in ${file}`,
  );
  if (scenario !== before.scenario) console.log(`  note: the saved run was of ${before.scenario}`);
  const run = await runStatistics(scenario, replicates, workers);
  console.log(
    `  before: commit ${before.commit ?? '?'}, ${before.created}; now: commit ${commit ?? '?'}${commit && commit === before.commit ? ' (the same commit; the work tree may differ)' : ''}`,
  );
  console.log(`  report window ${run.window[0]}..${run.window[1]}, seed ${run.seed}, ${run.seconds.toFixed(1)} s`);
  if (run.seed !== before.seed) console.log(`  note: the saved run's seed was ${before.seed}`);
  if (run.window.join() !== before.window.join()) console.log(`  note: the saved run's window was ${before.window.join('..')}`);

  const rows: Row[] = [];
  for (const s of STATS) {
    if (!before.statistics.includes(s.name)) {
      console.log(`  note: ${s.name} is not in the saved file; not compared`);
      continue;
    }
    const a = before.values.map((v) => v[s.name]).filter((v): v is number => typeof v === 'number');
    const b = run.rows.map((r) => r.stats[s.name]).filter((v) => !Number.isNaN(v));
    if (a.length < 2 || b.length < 2) throw new Error(`${s.name}: fewer than 2 values on a side (before ${a.length}, after ${b.length})`);
    const va = varianceOf(a),
      vb = varianceOf(b);
    rows.push({
      name: s.name,
      nBefore: a.length,
      nAfter: b.length,
      meanBefore: mean(a),
      meanAfter: mean(b),
      pWelch: welch(a, b),
      varRatio: va > 0 ? vb / va : vb === 0 ? 1 : Infinity,
      pBF: brownForsythe(a, b),
    });
  }
  const ps = rows.flatMap((r) => [r.pWelch, r.pBF]);
  const { rejected, adjusted } = holm(ps);
  rows.forEach((r, i) => (r.pass = !rejected[2 * i] && !rejected[2 * i + 1]));
  const allPass = rows.every((r) => r.pass);
  const minAdjusted = Math.min(...adjusted);

  const head = ['statistic (ALL)', 'mean before', 'mean after', 'Welch p', 'var after/before', 'Brown-Forsythe p', 'Holm'];
  const cells = rows.map((r) => [
    r.name,
    fmtValue(r.meanBefore),
    fmtValue(r.meanAfter),
    fmtP(r.pWelch),
    r.varRatio.toFixed(2),
    fmtP(r.pBF),
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = head.map((h, j) => Math.max(h.length, ...cells.map((c) => c[j].length)));
  const line = (c: string[]) => '  ' + c.map((x, j) => (j === 0 ? x.padEnd(widths[j]) : x.padStart(widths[j]))).join('  ');
  console.log();
  console.log(line(head));
  for (const c of cells) console.log(line(c));
  const verdict = `${allPass ? 'PASS' : 'FAIL'}: ${ps.length} tests (Welch and Brown-Forsythe per statistic), Holm-Bonferroni at family-wise alpha ${ALPHA}; smallest Holm-adjusted p ${fmtP(minAdjusted)}; ${rows.filter((r) => !r.pass).length} of ${rows.length} statistics fail`;
  console.log(`\n${verdict}`);

  if (md) {
    const mdRow = (c: string[]) => `| ${c.join(' | ')} |`;
    const text = [
      `# Distribution check: ${scenario}`,
      '',
      `Before: ${before.replicates} replicates (${before.replicateNumbers[0]}..${before.replicateNumbers[before.replicateNumbers.length - 1]}), commit ${before.commit ?? '?'}, ${before.created}.  `,
      `After: ${n} replicates (${AGAINST_OFFSET}..${AGAINST_OFFSET + n - 1}), commit ${commit ?? '?'}, ${new Date().toISOString()}.  `,
      `Seed ${run.seed}; report window ${run.window[0]}..${run.window[1]}; every statistic is for ALL.`,
      '',
      mdRow(head),
      mdRow(head.map((_, j) => (j === 0 ? '---' : '---:'))),
      ...cells.map(mdRow),
      '',
      `**${verdict}**`,
      '',
    ].join('\n');
    mkdirSync(dirname(resolve(md)), { recursive: true });
    writeFileSync(md, text);
    console.log(`Table written to ${md}`);
  }
  return allPass ? 0 : 1;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      save: { type: 'string' },
      against: { type: 'string' },
      scenario: { type: 'string' },
      replicates: { type: 'string' },
      workers: { type: 'string', default: '2' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const positive = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, not ${v}`);
    return n;
  };
  const workers = positive('workers', values.workers)!;
  const replicates = positive('replicates', values.replicates);
  if ((values.save === undefined) === (values.against === undefined))
    throw new Error('give one of --save FILE.json or --against FILE.json');
  if (replicates !== undefined && replicates < 2) throw new Error('--replicates must be at least 2');
  if (values.save !== undefined) {
    if (values.out !== undefined) throw new Error('--out goes with --against');
    await save(values.save, values.scenario ?? join(ROOT, DEFAULT_SCENARIO), replicates ?? 200, workers);
    return 0;
  }
  return against(values.against!, replicates, workers, values.scenario, values.out);
}

try {
  process.exitCode = await main();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
