/**
 * The fit criteria of the calibration on the committed posterior, as a function
 * (for the test) and as `npm run calibrate:criteria` (prints the table):
 *  - 50 replicates of scenarios/calibrated.yaml (the published particle): the
 *    median of the Table 1 total (metric table1_victims, ALL: the sum of the seven
 *    rows) within 25% of the article's total for each of 2000-2003; the averaged
 *    relative difference (ARD) over the seven rows' figures of 2000-2003 at most
 *    0.35, and over the four totals at most 0.2;
 *  - 100 replicates with parameters drawn from calibration/posterior.csv (as the
 *    calibration's predictive checks): at least 80% of all target figures inside the
 *    5-95% band.
 * The article's total of a year is the sum of its rows' figures (Vreja 2005, Table 1).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { seedKey } from '../../kernel/rng.ts';
import { loadScenario } from '../../kernel/scenario/loader.ts';
import { drawByWeight } from './draw.ts';
import { loadPosterior } from './posterior.ts';
import { loadConfig, loadTargets, type Target } from './setup.ts';
import { runBatch } from './simulate.ts';
import { quantileSorted } from '../../kernel/stats.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export interface CriterionRow {
  target: Target;
  median: number;
  /** Allowed relative difference, or undefined for figures only checked against the band. */
  tolerance?: number;
  lo90: number;
  hi90: number;
}

export interface CriteriaResult {
  rows: CriterionRow[];
  /** The Table 1 total of 2000-2003: the article's (sum of its rows) and the calibrated scenario's median. */
  totals: { year: number; value: number; median: number }[];
  /** ARD over the seven rows' figures of 2000-2003, and over the four totals. */
  rowsArd: number;
  totalsArd: number;
  inside90: number;
  pass: { totals: boolean; rowsArd: boolean; totalsArd: boolean; band: boolean };
}

const TABLE1 = 'table1_victims';
const YEARS = [2000, 2001, 2002, 2003];
const isRow = (t: Target) => t.metric === TABLE1 && t.country !== 'ALL' && YEARS.includes(t.year);
const ardOf = (pairs: { value: number; median: number }[]) =>
  pairs.reduce((a, p) => a + Math.abs(p.median - p.value) / p.value, 0) / pairs.length;

export async function fitCriteria(o: { workers: number; replicates?: number; draws?: number }): Promise<CriteriaResult> {
  const config = loadConfig(here('../../../calibration/config.yaml'));
  const targets = loadTargets(config.targets);
  const end = config.end;
  const R = o.replicates ?? 50,
    D = o.draws ?? 100;
  // The total of each year as one more statistic: metric table1_victims, ALL.
  const totalTargets: Target[] = YEARS.map((year) => ({
    ...targets.find(isRow)!,
    group: 'table1_total',
    country: 'ALL',
    year,
    value: targets.filter((t) => isRow(t) && t.year === year).reduce((a, t) => a + t.value, 0),
  }));
  const calibrated = { ...loadScenario(here('../../../scenarios/calibrated.yaml')).scenario, end };
  const medians = await runBatch(
    {
      scenario: calibrated,
      priors: [],
      targets: [...targets, ...totalTargets],
      thetas: Array.from({ length: R }, () => []),
      seeds: Array.from({ length: R }, (_, r) => seedKey(config.seed, 'criteria', 'medians', r)),
    },
    o.workers,
  );
  const medianOf = (i: number) =>
    quantileSorted(
      medians.map((s) => s[i]).sort((a, b) => a - b),
      0.5,
    );
  const totals = totalTargets.map((t, j) => ({ year: t.year, value: t.value, median: medianOf(targets.length + j) }));
  const posterior = loadPosterior(here('../../../calibration/posterior.csv'));
  const particles = drawByWeight(posterior.weights, D, seedKey(config.seed, 'criteria', 'draw'));
  const baseline = { ...loadScenario(config.models[0].scenario).scenario, end };
  const draws = await runBatch(
    {
      scenario: baseline,
      priors: posterior.priors,
      targets,
      thetas: particles.map((i) => posterior.thetas[i]),
      seeds: particles.map((_, r) => seedKey(config.seed, 'criteria', 'draws', r)),
    },
    o.workers,
  );
  const rows = targets.map((t, i): CriterionRow => {
    const d = draws.map((s) => s[i]).sort((a, b) => a - b);
    return {
      target: t,
      median: medianOf(i),
      tolerance: isRow(t) ? 0.35 : undefined,
      lo90: quantileSorted(d, 0.05),
      hi90: quantileSorted(d, 0.95),
    };
  });
  const rowsArd = ardOf(rows.filter((r) => isRow(r.target)).map((r) => ({ value: r.target.value, median: r.median })));
  const totalsArd = ardOf(totals);
  const inside90 = rows.filter((r) => r.target.value >= r.lo90 && r.target.value <= r.hi90).length / rows.length;
  return {
    rows,
    totals,
    rowsArd,
    totalsArd,
    inside90,
    pass: {
      totals: totals.every((t) => Math.abs(t.median - t.value) <= 0.25 * t.value),
      rowsArd: rowsArd <= 0.35,
      totalsArd: totalsArd <= 0.2,
      band: inside90 >= 0.8,
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  const r = await fitCriteria({ workers: availableParallelism() });
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log('figure'.padEnd(34), 'article'.padStart(8), 'median'.padStart(8), '90% band (posterior draws)'.padStart(28));
  for (const row of r.rows) {
    const t = row.target;
    const band = `${fmt(row.lo90)}–${fmt(row.hi90)}${t.value >= row.lo90 && t.value <= row.hi90 ? '' : ' (outside)'}`;
    console.log(`${t.metric} ${t.country} ${t.year}`.padEnd(34), fmt(t.value).padStart(8), fmt(row.median).padStart(8), band.padStart(28));
  }
  console.log('\nTable 1 total (the seven rows): article / median of the calibrated scenario');
  for (const t of r.totals) {
    const rel = Math.abs(t.median - t.value) / t.value;
    console.log(`  ${t.year}: ${fmt(t.value)} / ${fmt(t.median)} (${rel <= 0.25 ? 'within 25%' : `NO, ${(rel * 100).toFixed(0)}% off`})`);
  }
  console.log(`\nARD over the seven rows, 2000-2003: ${r.rowsArd.toFixed(3)} (at most 0.35: ${r.pass.rowsArd ? 'yes' : 'NO'})`);
  console.log(`ARD over the totals, 2000-2003: ${r.totalsArd.toFixed(3)} (at most 0.2: ${r.pass.totalsArd ? 'yes' : 'NO'})`);
  console.log(`figures inside the 90% band: ${(r.inside90 * 100).toFixed(0)}% (at least 80%: ${r.pass.band ? 'yes' : 'NO'})`);
  console.log(`totals within 25%: ${r.pass.totals ? 'yes' : 'NO'}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  process.exitCode = r.pass.totals && r.pass.rowsArd && r.pass.totalsArd && r.pass.band ? 0 : 1;
}
