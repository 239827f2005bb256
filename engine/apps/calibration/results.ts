/**
 * What a calibration writes: the posterior particles, a summary per parameter
 * (median, 50% and 90% credible intervals, shrinkage), the generations, the fit
 * per target group, the posterior predictive bands, the true trade each model
 * implies, the ABC model choice between the models, the Morris screening, charts,
 * a calibrated scenario (the posterior's weighted medoid particle) and a readable
 * summary. Pure functions of the result, plus one `writeCalibration` that writes
 * them into a folder, and the publishing of a calibration into the repository.
 */
import { writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { jsonText, provenance, sha256 } from '../../runner/provenance.ts';
import { claimOutputFile, replaceFile } from '../../runner/outdir.ts';
import { loadScenario } from '../../kernel/scenario/loader.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';
import type { PredictiveRow, ParticleRow } from '../charts/calibration-charts.ts';
import type { CalibrationResult, ModelResult } from './pipeline.ts';
import { TRADE_METRICS, TRADE_YEARS } from './pipeline.ts';
import { checkPosterior, loadPosterior } from './posterior.ts';
import { loadConfig, priorQuantile, type Prior, type Target } from './setup.ts';
import { fitScores } from './statistics.ts';
import { quantileSorted, weightedQuantile } from '../../kernel/stats.ts';
import { scenarioFor } from '../../kernel/scenario/edits.ts';

const internal = (p: Pick<Prior, 'distribution'>, x: number) => (p.distribution === 'log_uniform' ? Math.log(x) : x);

/**
 * The posterior's weighted medoid: the index i of the particle (of positive weight)
 * that minimises the weighted sum of its distances to all particles, Σ_j w_j ‖z_i − z_j‖.
 * Distances are Euclidean on the parameters standardised by their prior ranges,
 * z = (x − low) / (high − low), on the log scale (log x, log low, log high) for
 * log-uniform priors. Ties go to the lower index. Unlike the vector of each
 * parameter's marginal median, it is a particle: a set of values the posterior holds
 * together, however its parameters are correlated.
 */
export function weightedMedoid(priors: Pick<Prior, 'distribution' | 'range'>[], thetas: number[][], weights: number[]): number {
  const z = thetas.map((t) =>
    priors.map((p, k) => {
      const [lo, hi] = p.range.map((x) => internal(p, x));
      return (internal(p, t[k]) - lo) / (hi - lo);
    }),
  );
  let best = -1,
    bestCost = Infinity;
  z.forEach((zi, i) => {
    if (!(weights[i] > 0)) return;
    let cost = 0;
    z.forEach((zj, j) => {
      if (j === i || !(weights[j] > 0)) return;
      let d2 = 0;
      for (let k = 0; k < zi.length; k++) d2 += (zi[k] - zj[k]) ** 2;
      cost += weights[j] * Math.sqrt(d2);
    });
    if (cost < bestCost) {
      best = i;
      bestCost = cost;
    }
  });
  if (best < 0) throw new Error('weightedMedoid: no particle of positive weight');
  return best;
}

export interface ParameterSummary {
  parameter: string;
  distribution: string;
  prior_low: number;
  prior_high: number;
  median: number;
  q05: number;
  q25: number;
  q75: number;
  q95: number;
  /** 1 − posterior variance / prior variance (internal scale: log for log-uniform priors). */
  shrinkage: number;
}

export function summarise(priors: Prior[], thetas: number[][], weights: number[]): ParameterSummary[] {
  return priors.map((p, i) => {
    const v = thetas.map((t) => t[i]);
    const u = v.map((x) => internal(p, x));
    const m = u.reduce((a, x, n) => a + weights[n] * x, 0);
    const postVar = u.reduce((a, x, n) => a + weights[n] * (x - m) ** 2, 0);
    const [lo, hi] = p.range.map((x) => internal(p, x));
    const priorVar = (hi - lo) ** 2 / 12;
    return {
      parameter: p.name,
      distribution: p.distribution,
      prior_low: p.range[0],
      prior_high: p.range[1],
      median: weightedQuantile(v, weights, 0.5, 'midpoint'),
      q05: weightedQuantile(v, weights, 0.05, 'midpoint'),
      q25: weightedQuantile(v, weights, 0.25, 'midpoint'),
      q75: weightedQuantile(v, weights, 0.75, 'midpoint'),
      q95: weightedQuantile(v, weights, 0.95, 'midpoint'),
      shrinkage: 1 - postVar / priorVar,
    };
  });
}

/** Wilson score interval for a proportion k/n at normal quantile z. */
export function wilson(k: number, n: number, z = 1.6449): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

export interface ModelChoiceRow {
  quantile: number;
  tolerance: number;
  accepted: number;
  model: string;
  count: number;
  probability: number;
  lo90: number;
  hi90: number;
}

/**
 * ABC model choice by rejection (Pritchard et al. 1999; Grelaud et al. 2009): equal
 * numbers of draws from each model's prior (equal prior model probabilities), pooled;
 * the draws closest to the data (distance under the pooled q-quantile) vote, and a
 * model's posterior probability is its share of them, with a 90% Wilson interval.
 */
export function modelChoice(models: { name: string; distances: number[] }[], quantiles = [0.05, 0.1, 0.2]): ModelChoiceRow[] {
  const n = Math.min(...models.map((m) => m.distances.length));
  const pooled = models.flatMap((m) => m.distances.slice(0, n)).sort((a, b) => a - b);
  return quantiles.flatMap((q) => {
    const tolerance = quantileSorted(pooled, q);
    const counts = models.map((m) => m.distances.slice(0, n).filter((d) => d <= tolerance).length);
    const accepted = counts.reduce((a, b) => a + b, 0);
    return models.map((m, i) => {
      const [lo90, hi90] = wilson(counts[i], accepted);
      return {
        quantile: q,
        tolerance,
        accepted,
        model: m.name,
        count: counts[i],
        probability: accepted ? counts[i] / accepted : NaN,
        lo90,
        hi90,
      };
    });
  });
}

/** Posterior predictive quantiles per target (in target order). */
export function predictiveRows(m: ModelResult, targets: Target[]): (PredictiveRow & { inside90: boolean })[] {
  return targets.map((t, i) => {
    const xs = m.predictive.statistics.map((s) => s[i]).sort((a, b) => a - b);
    const q = (p: number) => quantileSorted(xs, p);
    return {
      group: t.group,
      label: `${t.metric} ${t.country}`,
      metric: t.metric,
      country: t.country,
      year: t.year,
      target: t.value,
      median: q(0.5),
      lo50: q(0.25),
      hi50: q(0.75),
      lo90: q(0.05),
      hi90: q(0.95),
      inside90: t.value >= q(0.05) && t.value <= q(0.95),
    };
  });
}

/** The true trade (ALL) each model's posterior implies, by year: median and 90% interval. */
export function tradeRows(m: ModelResult, targets: Target[]) {
  const rows: { model: string; metric: string; year: number; median: number; lo90: number; hi90: number }[] = [];
  TRADE_METRICS.forEach((metric, a) =>
    TRADE_YEARS.forEach((year, b) => {
      const i = targets.length + a * TRADE_YEARS.length + b;
      const xs = m.predictive.statistics.map((s) => s[i]).sort((x, y) => x - y);
      rows.push({
        model: m.name,
        metric,
        year,
        median: quantileSorted(xs, 0.5),
        lo90: quantileSorted(xs, 0.05),
        hi90: quantileSorted(xs, 0.95),
      });
    }),
  );
  return rows;
}

/** Fit scores per group and over all targets, from a model's predictive runs. */
export function fitRows(m: ModelResult, targets: Target[]) {
  const stats = m.predictive.statistics.map((s) => s.subarray(0, targets.length));
  const rows = [...fitScores(stats, targets)].map(([group, s]) => ({ model: m.name, group, ...s }));
  const all = fitScores(
    stats,
    targets.map((t) => ({ ...t, group: 'all' })),
  ).get('all')!;
  rows.push({ model: m.name, group: 'all', ...all });
  return rows;
}

type Obj = Record<string, unknown>;

/** The value a path holds, entering a {value, ...} wrapper; and whether it was wrapped. */
function valueAt(scenario: unknown, path: string): { value: unknown; wrapped: boolean } {
  let node = scenario as Obj;
  for (const k of path.split('.')) node = node?.[k] as Obj;
  if (node && typeof node === 'object' && 'value' in node) return { value: node.value, wrapped: true };
  return { value: node, wrapped: false };
}

/**
 * A scenario that extends `basePath` (written relative to `at`) with the free
 * parameters at `values`: one particle of the posterior, its weighted medoid
 * (weightedMedoid), numbered `particle` in the posterior file.
 */
export function calibratedScenarioText(o: {
  base: Scenario;
  basePath: string;
  at: string;
  schemaPath: string;
  priors: Prior[];
  values: number[];
  /** The particle's number (the posterior file's `particle` column). */
  particle: number;
  /** The posterior the values come from: its path and its text's SHA-256, recorded so that --posterior is not applied twice. */
  posterior: { path: string; sha256: string };
  /** The values of this posterior the base already holds (checkPosterior), so none is applied twice. */
  held?: Record<string, number>;
}): string {
  const calibrated = scenarioFor(o.base, o.priors, o.values, o.held);
  const source = `the posterior's weighted medoid particle (particle ${o.particle} of calibration/posterior.csv), calibrated against Vreja 2005`;
  const overrides: Obj = {};
  for (const p of o.priors)
    for (const path of p.paths) {
      const keys = path.split('.');
      let node = overrides;
      for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Obj;
      const { value } = valueAt(calibrated, path);
      node[keys[keys.length - 1]] = { value, source };
    }
  const rel = (p: string) => {
    const x = relative(o.at, p).split('\\').join('/');
    return x.startsWith('.') ? x : `./${x}`;
  };
  const head = [
    `# yaml-language-server: $schema=${rel(o.schemaPath)}`,
    '#',
    '# The calibrated baseline: the baseline with the free parameters of the calibration',
    `# (calibration/priors.yaml) at the posterior's weighted medoid particle (particle ${o.particle}`,
    '# of calibration/posterior.csv), against the figures of Vreja 2005',
    '# (calibration/targets.yaml). The medoid is the particle with the least weighted sum',
    '# of distances to all particles, on the parameters standardised by their prior',
    '# ranges (log scale for log-uniform priors): one set of values the posterior holds',
    '# together, where each parameter at its own median need not be. Written by',
    '# `tipsim calibrate`; docs/CALIBRATION.md says how. To carry the parameters’',
    '# uncertainty into a run, use `tipsim run --posterior calibration/posterior.csv`.',
    '',
  ].join('\n');
  const calibration = {
    posterior: rel(o.posterior.path),
    sha256: o.posterior.sha256,
    values: Object.fromEntries(o.priors.map((p, i) => [p.name, o.values[i]])),
  };
  const description = `Baseline at the posterior's weighted medoid particle (particle ${o.particle} of calibration/posterior.csv; docs/CALIBRATION.md).`;
  return head + stringify({ extends: rel(o.basePath), name: 'calibrated', description, calibration, ...overrides }, { lineWidth: 0 });
}

const csv = (rows: Obj[], columns?: string[]): string => {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cell = (v: unknown) =>
    typeof v === 'number'
      ? Number.isFinite(v)
        ? String(+v.toPrecision(10))
        : ''
      : /[",\n]/.test(String(v))
        ? `"${String(v).replace(/"/g, '""')}"`
        : String(v);
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
};

/** posterior.csv: one row per particle of the last generation (full precision). */
export function posteriorCsv(m: ModelResult): string {
  const last = m.generations[m.generations.length - 1];
  const lines = [['particle', 'weight', 'distance', ...m.priors.map((p) => p.name)].join(',')];
  last.thetas.forEach((t, i) => lines.push([i, last.weights[i], last.distances[i], ...t].map(String).join(',')));
  return lines.join('\n') + '\n';
}

/** A number for reading: whole numbers with separators from 100, else d + 1 significant digits (trailing decimal zeros dropped). */
const f = (x: number, d = 2) =>
  Number.isFinite(x)
    ? Math.abs(x) >= 100
      ? Math.round(x).toLocaleString('en-GB')
      : x
          .toPrecision(d + 1)
          .replace(/(\.\d*?)0+$/, '$1')
          .replace(/\.$/, '')
    : '–';

/** Writes every output into `dir` (the caller makes it atomic). */
export async function writeCalibration(
  dir: string,
  r: CalibrationResult,
  o: { started: Date; finished: Date; workers: number; configPath: string },
): Promise<void> {
  const [main] = r.models;
  const files: string[] = [];
  const put = (name: string, text: string | Uint8Array) => {
    writeFileSync(join(dir, name), text);
    files.push(name);
  };
  // Particles and summaries.
  const summaries = r.models.map((m) => {
    const last = m.generations[m.generations.length - 1];
    return { m, last, rows: summarise(m.priors, last.thetas, last.weights) };
  });
  for (const { m } of summaries) put(m === main ? 'posterior.csv' : `posterior-${m.name}.csv`, posteriorCsv(m));
  put('summary.csv', csv(summaries.flatMap(({ m, rows }) => rows.map((row) => ({ model: m.name, ...row })))));
  put(
    'generations.csv',
    csv(
      r.models.flatMap((m) =>
        m.generations.map((g) => ({
          model: m.name,
          generation: g.index,
          tolerance: g.tolerance,
          acceptance: g.acceptance,
          simulations: g.simulations,
          particles: g.weights.length,
          ess: 1 / g.weights.reduce((a, w) => a + w * w, 0),
          median_distance: quantileSorted(
            [...g.distances].sort((a, b) => a - b),
            0.5,
          ),
        })),
      ),
    ),
  );
  put(
    'morris.csv',
    csv(
      r.allPriors.map((p, i) => ({
        parameter: p.name,
        mu: r.morris.mu[i],
        mu_star: r.morris.muStar[i],
        sigma: r.morris.sigma[i],
        kept: r.morris.kept[i] ? 'yes' : 'no',
      })),
    ),
  );
  const predictive = r.models.flatMap((m) => predictiveRows(m, r.targets).map((row) => ({ model: m.name, ...row })));
  put(
    'predictive.csv',
    csv(predictive, ['model', 'group', 'metric', 'country', 'year', 'target', 'median', 'lo50', 'hi50', 'lo90', 'hi90', 'inside90']),
  );
  const fit = r.models.flatMap((m) => fitRows(m, r.targets));
  put('fit.csv', csv(fit, ['model', 'group', 'points', 'ard', 'malr', 'inside90']));
  const trade = r.models.flatMap((m) => tradeRows(m, r.targets));
  put('trade.csv', csv(trade));
  const choice = modelChoice(r.models.map((m) => ({ name: m.name, distances: m.generations[0].distances })));
  put('model_choice.csv', csv(choice as unknown as Obj[]));
  // Copies of the inputs, so the folder is complete (and `run --posterior` finds the priors).
  copyFileSync(r.config.priors, join(dir, 'priors.yaml'));
  copyFileSync(r.config.targets, join(dir, 'targets.yaml'));
  put('config.yaml', r.configText);
  files.push('priors.yaml', 'targets.yaml');
  // The calibrated scenario: the main model's posterior's weighted medoid particle.
  put('calibrated.yaml', calibratedText(r, dir, join(dir, 'posterior.csv')));

  // Charts (loaded here: vega is only needed once a calibration is done).
  const { predictiveChart, marginalsChart, morrisChart } = await import('../charts/calibration-charts.ts');
  const { toPng, toSvg } = await import('../charts/render.ts');
  const charts: [string, Parameters<typeof toSvg>[0]][] = [
    [
      'predictive',
      predictiveChart(
        predictive.filter((p) => p.model === main.name),
        `Targets (Vreja 2005) against the posterior predictive, ${main.name}`,
      ),
    ],
    [
      'marginals',
      marginalsChart(
        marginalRows(r, main),
        main.priors.map((p) => ({ name: p.name, distribution: p.distribution, range: p.range })),
      ),
    ],
    [
      'morris',
      morrisChart(
        r.allPriors.map((p, i) => ({ parameter: p.name, muStar: r.morris.muStar[i], sigma: r.morris.sigma[i], kept: r.morris.kept[i] })),
        `${r.config.screening.trajectories} trajectories × ${r.config.screening.seeds} seeds; kept: mu* ≥ ${r.config.screening.keep} × the largest`,
      ),
    ],
  ];
  for (const [name, spec] of charts) {
    const svg = await toSvg(spec);
    put(`${name}.svg`, svg);
    put(`${name}.png`, toPng(svg));
    put(`${name}.vl.json`, jsonText(spec));
  }

  put(
    'summary.md',
    summaryMarkdown(
      r,
      fit,
      trade,
      choice,
      summaries.map((s) => ({ model: s.m.name, rows: s.rows })),
    ),
  );
  put(
    'manifest.json',
    jsonText({
      ...provenance(),
      command: 'calibrate',
      config_file: o.configPath,
      config_sha256: sha256(r.configText),
      seed: r.config.seed,
      workers: o.workers,
      started: o.started.toISOString(),
      finished: o.finished.toISOString(),
      seconds: r.seconds,
      simulations: r.simulations,
      models: r.models.map((m) => ({
        name: m.name,
        scenario: m.scenarioPath,
        parameters: m.priors.map((p) => p.name),
        generations: m.generations.length,
        simulations: m.simulations,
        stopped: m.stopped,
      })),
      fixed_by_screening: r.allPriors.filter((_, i) => !r.morris.kept[i]).map((p) => p.name),
      files: [...files, 'manifest.json'],
    }),
  );
}

const SCHEMA = fileURLToPath(new URL('../../../docs/scenario.schema.json', import.meta.url));

/** calibrated.yaml for a folder: the main model's scenario at its posterior's weighted medoid, the posterior at `posteriorPath`. */
function calibratedText(r: CalibrationResult, at: string, posteriorPath: string): string {
  const m = r.models[0];
  const last = m.generations[m.generations.length - 1];
  const particle = weightedMedoid(m.priors, last.thetas, last.weights);
  return calibratedScenarioText({
    base: m.scenario,
    basePath: m.scenarioPath,
    at,
    schemaPath: SCHEMA,
    priors: m.priors,
    values: last.thetas[particle],
    // posteriorCsv numbers the particles by their row.
    particle,
    posterior: { path: posteriorPath, sha256: sha256(posteriorCsv(m)) },
  });
}

/** Where --publish writes: posterior.csv beside the config, calibrated.yaml beside the main model's scenario. */
export function publishPaths(configPath: string, mainScenarioPath: string): { posterior: string; scenario: string } {
  return {
    posterior: join(dirname(resolvePath(configPath)), 'posterior.csv'),
    scenario: join(dirname(mainScenarioPath), 'calibrated.yaml'),
  };
}

/**
 * Checks, before a calibration runs, that --publish may write its two files: new
 * ones, or files an earlier calibration wrote (posterior.csv starts with its header,
 * calibrated.yaml says it was written by tipsim calibrate).
 */
export function claimPublishPaths(configPath: string, mainScenarioPath: string): void {
  const { posterior, scenario } = publishPaths(configPath, mainScenarioPath);
  claimOutputFile(posterior, 'particle,weight,distance', { option: '--publish' });
  claimOutputFile(scenario, '`tipsim calibrate`', { option: '--publish' });
}

/**
 * Publishes a calibration into the repository: posterior.csv beside the config
 * (where `tipsim run --posterior` also finds priors.yaml) and calibrated.yaml beside
 * the main model's scenario. Returns the paths written.
 */
export function publishCalibration(r: CalibrationResult, configPath: string): string[] {
  const { posterior, scenario } = publishPaths(configPath, r.models[0].scenarioPath);
  replaceFile(posterior, posteriorCsv(r.models[0]));
  replaceFile(scenario, calibratedText(r, dirname(scenario), posterior));
  return [posterior, scenario];
}

/**
 * calibrated.yaml as `--publish` would write it from the posterior already published
 * beside the config (posterior.csv and the priors.yaml beside it), without
 * calibrating: the main model's scenario at that posterior's weighted medoid. The
 * posterior is checked as `tipsim run --posterior` checks it, and the main scenario
 * against it (every path the posterior sets; no other posterior's values):
 * InputError, exit 2.
 */
export function republishedScenario(configPath: string, o: { allowOutsideExtends?: boolean } = {}): { path: string; text: string } {
  const config = loadConfig(configPath);
  const main = config.models[0].scenario;
  const paths = publishPaths(configPath, main);
  const posterior = loadPosterior(paths.posterior);
  const base = loadScenario(main, { allowOutsideExtends: o.allowOutsideExtends }).scenario;
  const held = checkPosterior(posterior, base, main);
  const i = weightedMedoid(posterior.priors, posterior.thetas, posterior.weights);
  const text = calibratedScenarioText({
    base,
    basePath: main,
    at: dirname(paths.scenario),
    schemaPath: SCHEMA,
    priors: posterior.priors,
    values: posterior.thetas[i],
    particle: posterior.particles[i],
    held,
    posterior: { path: paths.posterior, sha256: posterior.sha256 },
  });
  return { path: paths.scenario, text };
}

/**
 * `tipsim calibrate --publish-only`: writes calibrated.yaml beside the main model's
 * scenario again from the published posterior (republishedScenario), replacing only
 * a file tipsim calibrate wrote. Returns the path written.
 */
export function republishScenario(configPath: string, o: { allowOutsideExtends?: boolean } = {}): string {
  const { path, text } = republishedScenario(configPath, o);
  claimOutputFile(path, '`tipsim calibrate`', { option: '--publish-only' });
  replaceFile(path, text);
  return path;
}

/** Prior draws (the pilot) and the main posterior, for the marginals chart. */
function marginalRows(r: CalibrationResult, m: ModelResult): ParticleRow[] {
  const last = m.generations[m.generations.length - 1];
  const rows: ParticleRow[] = [];
  m.priors.forEach((p, i) => {
    // The prior as a fine grid of quantiles (exact shape, no sampling noise).
    for (let k = 0; k < 400; k++)
      rows.push({ parameter: p.name, value: priorQuantile(p, (k + 0.5) / 400), weight: 1 / 400, which: 'prior' });
    last.thetas.forEach((t, n) => rows.push({ parameter: p.name, value: t[i], weight: last.weights[n], which: 'posterior' }));
  });
  return rows;
}

function summaryMarkdown(
  r: CalibrationResult,
  fit: ReturnType<typeof fitRows>,
  trade: ReturnType<typeof tradeRows>,
  choice: ModelChoiceRow[],
  summaries: { model: string; rows: ParameterSummary[] }[],
): string {
  const L: string[] = [];
  L.push(`# Calibration summary`, '');
  L.push(
    `${r.simulations.toLocaleString('en-GB')} simulations in ${(r.seconds / 60).toFixed(1)} minutes; seed ${r.config.seed}. Targets: Vreja 2005 (calibration/targets.yaml).`,
    '',
  );
  L.push('## Screening (Morris)', '', '| parameter | mu* | sigma | |', '|---|---|---|---|');
  r.allPriors.forEach((p, i) =>
    L.push(`| ${p.name} | ${f(r.morris.muStar[i])} | ${f(r.morris.sigma[i])} | ${r.morris.kept[i] ? 'calibrated' : 'fixed at baseline'} |`),
  );
  for (const m of r.models) {
    const s = summaries.find((x) => x.model === m.name)!;
    const last = m.generations[m.generations.length - 1];
    L.push('', `## Model ${m.name}`, '');
    L.push(
      `${m.generations.length} generations, ${m.simulations.toLocaleString('en-GB')} simulations, stopped on ${m.stopped}; final tolerance ${f(last.tolerance)}, acceptance ${f(last.acceptance)}.`,
      '',
    );
    L.push('| parameter | median | 50% interval | 90% interval | prior | shrinkage |', '|---|---|---|---|---|---|');
    for (const x of s.rows)
      L.push(
        `| ${x.parameter} | ${f(x.median)} | ${f(x.q25)}–${f(x.q75)} | ${f(x.q05)}–${f(x.q95)} | ${x.distribution} ${f(x.prior_low)}–${f(x.prior_high)} | ${f(x.shrinkage)} |`,
      );
    L.push('', '| group | points | ARD | mean abs log ratio | inside 90% band |', '|---|---|---|---|---|');
    for (const x of fit.filter((x) => x.model === m.name))
      L.push(`| ${x.group} | ${x.points} | ${f(x.ard)} | ${f(x.malr)} | ${f(x.inside90 * 100, 1)}% |`);
  }
  L.push('', '## The adaptation hypothesis', '', 'True trade (ALL) implied by each posterior: median [90% interval].', '');
  L.push(`| metric | year | ${r.models.map((m) => m.name).join(' | ')} |`, `|---|---|${r.models.map(() => '---|').join('')}`);
  for (const metric of TRADE_METRICS)
    for (const year of TRADE_YEARS)
      L.push(
        `| ${metric} | ${year} | ${r.models
          .map((m) => {
            const x = trade.find((t) => t.model === m.name && t.metric === metric && t.year === year)!;
            return `${f(x.median)} [${f(x.lo90)}, ${f(x.hi90)}]`;
          })
          .join(' | ')} |`,
      );
  L.push('', 'ABC model choice (rejection on equal numbers of prior draws): posterior probability [90% interval].', '');
  L.push('| closest share | tolerance | accepted | model | probability |', '|---|---|---|---|---|');
  for (const c of choice)
    L.push(`| ${c.quantile} | ${f(c.tolerance)} | ${c.accepted} | ${c.model} | ${f(c.probability)} [${f(c.lo90)}, ${f(c.hi90)}] |`);
  return L.join('\n') + '\n';
}
