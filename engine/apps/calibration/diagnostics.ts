/**
 * `npm run calibrate:diagnostics`: does the calibration work, and can the figures
 * decide the adaptation hypothesis? Two diagnostics on calibration/config.yaml
 * (docs/CALIBRATION.md):
 *
 *  1. Simulation-based calibration (engine/apps/calibration/sbc.ts): truths drawn from the main
 *     model's prior, synthetic figures simulated from each for every target, each
 *     calibrated with the calibration's ABC-SMC on a smaller budget; per parameter,
 *     the coverage of the 50% and 90% credible intervals and the rank histogram.
 *  2. ABC model choice between the config's models (engine/apps/calibration/model-choice.ts):
 *     reference tables from each model's prior, a leave-one-out confusion matrix
 *     (its power) and the posterior model probability of the real figures.
 *
 * The free parameters are those of the committed posterior (calibration/posterior.csv:
 * what the screening kept), each model less the ones it fixes (`models[].fixed`);
 * `--parameters all` takes every prior instead. Every budget is a flag; results
 * depend on the seed and the budgets only, not on the workers or the concurrency.
 * Each reference table and each truth is saved as it ends beside the output folder,
 * and `--resume` continues a killed run from there (to the same result).
 *
 * Writes diagnostics.json, sbc.csv, sbc_summary.csv, model_choice_*.csv, the charts
 * (SVG, PNG, vega-lite spec) and manifest.json into --out (default out/diagnostics),
 * all at once when complete; --img DIR also writes the charts there (docs/img for
 * the documentation). Run `npm run calibrate:diagnostics -- --help` for the flags.
 */
import { readFileSync, renameSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jsonText, provenance, sha256 } from '../../runner/provenance.ts';
import { claimOutputFolder, orAbort, replaceFile, writeOutputs } from '../../runner/outdir.ts';
import { InputError, msg } from '../../kernel/messages.ts';
import { loadScenario } from '../../kernel/scenario/loader.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';
import type { TopLevelSpec } from 'vega-lite';
import { runModelChoice, type ModelChoiceResult, type ReferenceTable } from './model-choice.ts';
import { loadPosterior } from './posterior.ts';
import { runSbc, sbcSummary, type SbcResult, type SbcTruth, type SimulateBatch } from './sbc.ts';
import { loadConfig, loadPriors, loadTargets } from './setup.ts';
import { runBatch } from './simulate.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const USAGE = `Usage: npm run calibrate:diagnostics -- [options]

Simulation-based calibration of the ABC-SMC, and ABC model choice between the
calibration's models with its power (docs/CALIBRATION.md).

  --config FILE        calibration config (default calibration/config.yaml)
  --posterior FILE     its columns are the parameters diagnosed (default posterior.csv beside the config)
  --parameters SET     calibrated (the posterior's columns; default) or all (every prior)
  --seed N             master seed (default: the config's)
  --only PART          sbc or model-choice (default both)
 simulation-based calibration:
  --truths N           truths drawn from the prior (default 20)
  --budget N           ABC simulations per truth (default 600)
  --particles N        ABC particles (default 100)
  --pilot N            prior draws setting the first scales, shared by every truth (default: the config's pilot)
  --draws L            posterior draws each truth is ranked among (default 99)
 model choice:
  --reference N        reference simulations per model (default 500)
  --pseudo M           pseudo-observed data sets per model, left out of the table in turn (default 100)
  --quantiles LIST     shares of the table that vote (default 0.05,0.1,0.2; the first is the main one)
 running:
  --workers W          worker threads (default: cores available)
  --concurrency C      truths calibrated at once, their batches merged (default 4; results do not depend on it)
  --out DIR            output folder (default: out/diagnostics beside the config's out)
  --img DIR            also write the charts' PNG and SVG there (e.g. docs/img)
  --resume             continue a killed run from its checkpoint beside --out
  -q, --quiet          no progress on stderr
  -h, --help           this text

Cost: truths × budget + pilot + models × reference simulations (defaults: 12,000 + 200
+ 1,000), at about 4 to 7 simulations a second on an idle 2-core machine (each run
from 1990, with the spin-up).`;

let args: ReturnType<typeof parse>;
const parse = () =>
  parseArgs({
    options: {
      config: { type: 'string' },
      posterior: { type: 'string' },
      parameters: { type: 'string', default: 'calibrated' },
      seed: { type: 'string' },
      only: { type: 'string' },
      truths: { type: 'string', default: '20' },
      budget: { type: 'string', default: '600' },
      particles: { type: 'string', default: '100' },
      pilot: { type: 'string' },
      draws: { type: 'string', default: '99' },
      reference: { type: 'string', default: '500' },
      pseudo: { type: 'string', default: '100' },
      quantiles: { type: 'string', default: '0.05,0.1,0.2' },
      workers: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      out: { type: 'string' },
      img: { type: 'string' },
      resume: { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });

class UsageError extends Error {}

function int(name: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(msg.diagnosticsWholeNumber(name, min, text));
  return n;
}

try {
  args = parse();
} catch (e) {
  console.error(`calibrate:diagnostics: ${(e as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}

const t0 = Date.now();
const started = new Date();
const quiet = args.values.quiet;
const log = (s: string) => quiet || process.stderr.write(s + '\n');

async function main() {
  const v = args.values;
  const configPath = resolve(v.config ?? here('../../../calibration/config.yaml'));
  const config = loadConfig(configPath);
  const seed = v.seed === undefined ? config.seed : int('seed', v.seed, 0);
  const only = v.only;
  if (only !== undefined && only !== 'sbc' && only !== 'model-choice') throw new UsageError(msg.diagnosticsOnly(only));
  const doSbc = only !== 'model-choice',
    doChoice = only !== 'sbc';
  const o = {
    truths: int('truths', v.truths, 1),
    budget: int('budget', v.budget, 2),
    particles: int('particles', v.particles, 2),
    pilot: v.pilot === undefined ? config.pilot.simulations : int('pilot', v.pilot, 5),
    draws: int('draws', v.draws, 1),
    reference: int('reference', v.reference, 2),
    pseudo: int('pseudo', v.pseudo, 1),
    quantiles: v.quantiles.split(',').map(Number),
  };
  if (!o.quantiles.every((q) => q > 0 && q <= 1)) throw new UsageError(msg.diagnosticsQuantiles(v.quantiles));
  if (doSbc && o.budget < 2 * o.particles) throw new UsageError(msg.diagnosticsBudgetTooSmall(o.budget, o.particles));
  if (doChoice && o.pseudo >= o.reference) throw new UsageError(msg.diagnosticsPseudoTooMany(o.pseudo, o.reference));
  const workers = v.workers === undefined ? availableParallelism() : int('workers', v.workers, 1);
  const concurrency = int('concurrency', v.concurrency, 1);
  if (v.parameters !== 'calibrated' && v.parameters !== 'all') throw new UsageError(msg.diagnosticsParameters(v.parameters));
  const posteriorPath = resolve(v.posterior ?? join(dirname(configPath), 'posterior.csv'));
  const allPriors = loadPriors(config.priors);
  const names = v.parameters === 'all' ? allPriors.map((p) => p.name) : loadPosterior(posteriorPath).priors.map((p) => p.name);
  const targets = loadTargets(config.targets);
  const models = config.models.map((m) => ({
    name: m.name,
    scenarioPath: m.scenario,
    scenario: { ...loadScenario(m.scenario).scenario, end: config.end } as Scenario,
    priors: allPriors.filter((p) => names.includes(p.name) && !m.fixed.includes(p.name)),
  }));
  const main = models[0];
  const rel = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p) || '.');
  const out = resolve(v.out ?? join(dirname(config.out), 'diagnostics'));
  const img = v.img === undefined ? undefined : resolve(v.img);

  // The checkpoint belongs to these inputs and settings (not to the workers or the concurrency).
  const settings = { seed, parameters: names, ...o, only: only ?? 'both' };
  const hash = sha256(
    [
      readFileSync(configPath, 'utf8'),
      readFileSync(config.targets, 'utf8'),
      readFileSync(config.priors, 'utf8'),
      ...models.map((m) => JSON.stringify(m.scenario)),
      JSON.stringify(settings),
    ].join('\0'),
  );
  const cpPath = join(dirname(out), `.tipsim-diagnostics-${basename(out)}.json`);
  type Checkpoint = { inputs_sha256: string; tables: ReferenceTable[]; sbc: { scales?: number[]; truths: SbcTruth[] } };
  let cp: Checkpoint = { inputs_sha256: hash, tables: [], sbc: { truths: [] } };
  if (v.resume) {
    if (!existsSync(cpPath)) log(`nothing to resume at ${cpPath}: starting afresh`);
    else {
      const saved = JSON.parse(readFileSync(cpPath, 'utf8')) as Checkpoint;
      if (saved.inputs_sha256 !== hash) throw new UsageError(msg.diagnosticsResumeMismatch(cpPath));
      // JSON wrote an infinite tolerance (a truth left with its prior) as null.
      cp = { ...saved, sbc: { ...saved.sbc, truths: saved.sbc.truths.map((t) => ({ ...t, tolerance: t.tolerance ?? Infinity })) } };
      log(`resuming: ${cp.tables.length} reference tables and ${cp.sbc.truths.length} truths done`);
    }
  }
  const save = () => {
    mkdirSync(dirname(cpPath), { recursive: true });
    writeFileSync(`${cpPath}.tmp`, JSON.stringify(cp));
    renameSync(`${cpPath}.tmp`, cpPath);
  };
  // The output folder is checked (and its temporary folder made) before any simulation.
  const folder = claimOutputFolder(out, {
    inputs: [configPath, config.targets, config.priors, posteriorPath, ...models.map((m) => m.scenarioPath)],
  });

  const simulator = (m: (typeof models)[number], stage: string): SimulateBatch => {
    return async (thetas, seeds) => {
      const start = Date.now();
      let last = start;
      const r = await runBatch({ scenario: m.scenario, priors: m.priors, targets, thetas, seeds }, workers, (done, total) => {
        if (Date.now() - last > 30_000 || done === total) {
          last = Date.now();
          log(`  ${stage}: ${done}/${total} simulations (${(done / Math.max(1e-3, (last - start) / 1000)).toFixed(1)}/s)`);
        }
      });
      return r;
    };
  };

  // Simulations, then the results and the charts' specs: a failure removes the temporary folder.
  const { choice, sbc, summary, json, charts } = await orAbort(folder, async () => {
    let choice: (ModelChoiceResult & { seconds: number }) | undefined;
    let sbc: (SbcResult & { seconds: number; runNow: number }) | undefined;
    if (doChoice) {
      const start = Date.now();
      log(
        `model choice: ${models.map((m) => `${m.name} (${m.priors.length} parameters)`).join(', ')}; ${o.reference} reference simulations per model`,
      );
      const r = await runModelChoice({
        models: models.map((m) => ({ name: m.name, priors: m.priors, simulate: simulator(m, `reference table ${m.name}`) })),
        targets,
        seed,
        reference: o.reference,
        pseudo: o.pseudo,
        quantiles: o.quantiles,
        tables: cp.tables,
        onTable: (t) => {
          cp.tables.push(t);
          save();
        },
      });
      choice = { ...r, seconds: (Date.now() - start) / 1000 };
    }
    if (doSbc) {
      const start = Date.now();
      log(
        `simulation-based calibration: ${o.truths} truths of ${main.name} (${main.priors.length} parameters), at most ${o.budget} simulations each, ${o.particles} particles; ${concurrency} at once`,
      );
      let done = cp.sbc.truths.length;
      const r = await runSbc({
        priors: main.priors,
        targets,
        simulate: simulator(main, 'sbc'),
        seed,
        truths: o.truths,
        pilot: o.pilot,
        particles: o.particles,
        maxSimulations: o.budget,
        maxGenerations: config.abc.max_generations,
        minAcceptance: config.abc.min_acceptance,
        quantile: config.abc.quantile,
        minTolChange: config.abc.min_tolerance_change,
        draws: o.draws,
        concurrency,
        scales: cp.sbc.scales,
        done: cp.sbc.truths,
        onPilot: (scales) => {
          cp.sbc.scales = scales;
          save();
        },
        onTruth: (t) => {
          cp.sbc.truths.push(t);
          save();
          log(
            `  truth ${t.index + 1} (${++done}/${o.truths} done): ${t.simulations} simulations, ${t.generations} generations, stopped on ${t.stopped}, tolerance ${t.tolerance.toFixed(3)}; ${fmtTime((Date.now() - t0) / 1000)}`,
          );
        },
      });
      // Simulations run now: the pilot unless resumed, and the truths not resumed (they have their posterior).
      const runNow = r.pilotSimulations + r.truths.reduce((a, t, i) => a + (r.posteriors[i] ? t.simulations : 0), 0);
      sbc = { ...r, seconds: (Date.now() - start) / 1000, runNow };
    }
    const summary = sbc && sbcSummary(main.priors, sbc.truths, sbc.draws);
    const { sbcRankChart, confusionChart } = await import('../charts/diagnostics-charts.ts');
    const charts: [string, TopLevelSpec][] = [];
    if (sbc && summary)
      charts.push([
        'sbc-ranks',
        sbcRankChart(summary.rankBins, {
          truths: o.truths,
          draws: sbc.draws,
          title: `Simulation-based calibration of the ABC-SMC (${main.name})`,
          subtitle: `${o.truths} truths from the prior, each calibrated on figures simulated from it (${o.particles} particles, at most ${o.budget} simulations); seed ${seed}`,
        }),
      ]);
    if (choice) {
      const c = choice;
      const cells = c.confusion.flatMap((m) =>
        m.models.flatMap((t, i) =>
          m.models.map((ch, j) => ({
            panel: `closest ${fmtShare(m.quantile)} of the table`,
            truth: t,
            chosen: ch,
            count: m.counts[i][j],
            share: m.counts[i][j] / o.pseudo,
          })),
        ),
      );
      const real = c.observed
        .filter((r) => r.quantile === c.quantiles[0])
        .map((r) => `P(${r.model}) = ${r.probability.toFixed(2)} [${r.lo90.toFixed(2)}, ${r.hi90.toFixed(2)}]`)
        .join(', ');
      charts.push([
        'model-choice',
        confusionChart(cells, {
          models: c.models,
          title: 'ABC model choice: can the figures tell the models apart?',
          subtitle: [
            `${o.pseudo} data sets simulated from each model's prior, classified against ${o.reference} reference simulations per model (leave-one-out)`,
            `Real figures (Vreja 2005), closest ${fmtShare(c.quantiles[0])}: ${real}`,
          ],
        }),
      ]);
    }
    // Deterministic for a seed and the settings: no times, workers or absolute paths.
    const json = {
      seed,
      config: relative(here('../../..'), configPath),
      parameters: { set: v.parameters, names },
      settings: o,
      model_choice: choice && {
        models: choice.models.map((n) => ({ name: n, parameters: models.find((m) => m.name === n)!.priors.map((p) => p.name) })),
        reference: o.reference,
        pseudo: o.pseudo,
        quantiles: choice.quantiles,
        scales: choice.scales,
        confusion: choice.confusion,
        observed: choice.observed,
        simulations: o.reference * choice.models.length,
      },
      sbc: sbc &&
        summary && {
          model: main.name,
          truths: o.truths,
          draws: sbc.draws,
          bins: summary.bins,
          rank: 'rank of the truth among `draws` posterior draws resampled by weight (ties split at random); cdf: the weighted posterior CDF at the truth; intervals: weighted quantiles (q25-q75, q05-q95)',
          abc: {
            particles: o.particles,
            budget: o.budget,
            pilot: o.pilot,
            quantile: config.abc.quantile,
            min_acceptance: config.abc.min_acceptance,
            min_tolerance_change: config.abc.min_tolerance_change,
            max_generations: config.abc.max_generations,
          },
          parameters: summary.parameters,
          per_truth: sbc.truths,
          // The pilot and every truth's data and ABC simulations (those of a resumed run included).
          simulations: o.pilot + sbc.truths.reduce((a, t) => a + t.simulations, 0),
        },
    };
    return { choice, sbc, summary, json, charts };
  });

  const sbcSimulations = json.sbc?.simulations ?? 0;
  const choiceSimulations = json.model_choice?.simulations ?? 0;
  const runNow = (choice?.simulations ?? 0) + (sbc?.runNow ?? 0);
  const rendered: { name: string; svg: string; png: Uint8Array }[] = [];
  const files: string[] = [];
  const warning = await writeOutputs(folder, async (tmp) => {
    const { toPng, toSvg } = await import('../charts/render.ts');
    for (const [name, spec] of charts) {
      const svg = await toSvg(spec);
      rendered.push({ name, svg, png: toPng(svg) });
    }
    const put = (name: string, text: string | Uint8Array) => {
      writeFileSync(join(tmp, name), text);
      files.push(name);
    };
    put('diagnostics.json', jsonText(json));
    if (sbc && summary) {
      put(
        'sbc.csv',
        csv(
          sbc.truths.flatMap((t) =>
            main.priors.map((p, i) => ({
              truth: t.index,
              parameter: p.name,
              value: t.truth[i],
              rank: t.ranks[i],
              cdf: t.cdf[i],
              inside50: t.inside50[i],
              inside90: t.inside90[i],
              median: t.median[i],
              shrinkage: t.shrinkage[i],
              generations: t.generations,
              tolerance: t.tolerance,
              simulations: t.simulations,
              stopped: t.stopped,
            })),
          ),
        ),
      );
      put(
        'sbc_summary.csv',
        csv(
          summary.parameters.map((p) => ({
            parameter: p.parameter,
            truths: p.truths,
            inside50: p.inside50,
            coverage50: p.coverage50,
            exact50_lo: p.range50[0],
            exact50_hi: p.range50[1],
            inside90: p.inside90,
            coverage90: p.coverage90,
            exact90_lo: p.range90[0],
            exact90_hi: p.range90[1],
            mean_rank: p.meanRank,
            histogram: p.histogram.join(' '),
            chi2: p.chi2,
            df: p.df,
            p: p.p,
          })),
        ),
      );
    }
    if (choice) {
      put(
        'model_choice_confusion.csv',
        csv(
          choice.confusion.flatMap((c) =>
            c.models.flatMap((t, i) =>
              c.models.map((ch, j) => ({
                quantile: c.quantile,
                true_model: t,
                chosen_model: ch,
                count: c.counts[i][j],
                share: c.counts[i][j] / o.pseudo,
                mean_probability_true: c.meanProbability[i],
                accuracy: c.accuracy,
              })),
            ),
          ),
        ),
      );
      put('model_choice_observed.csv', csv(choice.observed as unknown as Record<string, unknown>[]));
      put(
        'model_choice_pseudo.csv',
        csv(
          choice.pseudo.map((r) => ({
            model: r.model,
            index: r.index,
            quantile: r.quantile,
            ...Object.fromEntries(choice.models.map((m, i) => [`p_${m}`, r.probabilities[i]])),
            chosen: r.chosen,
          })),
        ),
      );
    }
    rendered.forEach((c, i) => {
      put(`${c.name}.svg`, c.svg);
      put(`${c.name}.png`, c.png);
      put(`${c.name}.vl.json`, jsonText(charts[i][1]));
    });
    put(
      'manifest.json',
      jsonText({
        ...provenance(),
        command: 'calibrate:diagnostics',
        arguments: process.argv.slice(2),
        config_file: configPath,
        seed,
        workers,
        concurrency,
        started: started.toISOString(),
        finished: new Date().toISOString(),
        seconds: { total: (Date.now() - t0) / 1000, model_choice: choice?.seconds ?? 0, sbc: sbc?.seconds ?? 0 },
        simulations: { total: sbcSimulations + choiceSimulations, model_choice: choiceSimulations, sbc: sbcSimulations, run_now: runNow },
        files: [...files, 'manifest.json'],
      }),
    );
  });
  if (warning) log(warning);
  rmSync(cpPath, { force: true });
  const written = [out];
  if (img)
    for (const c of rendered) {
      mkdirSync(img, { recursive: true });
      for (const [ext, data] of [
        ['svg', c.svg],
        ['png', c.png],
      ] as const) {
        const path = join(img, `calibration-${c.name}.${ext}`);
        replaceFile(path, data);
        written.push(path);
      }
    }

  // Tables.
  const seconds = (Date.now() - t0) / 1000;
  const L: string[] = [];
  if (choice) printChoice(L, choice, o);
  if (sbc && summary) printSbc(L, sbc, summary, main.name, o);
  L.push(
    '',
    `Simulations: ${fmtInt(sbcSimulations + choiceSimulations)} (model choice ${fmtInt(choiceSimulations)}, SBC ${fmtInt(sbcSimulations)}; ${fmtInt(runNow)} run now, ${(runNow / seconds).toFixed(1)} a second); elapsed ${fmtTime(seconds)}${choice ? ` (model choice ${fmtTime(choice.seconds)}` : ''}${sbc ? `${choice ? ',' : ' ('} SBC ${fmtTime(sbc.seconds)})` : choice ? ')' : ''}; ${workers} workers, seed ${seed}.`,
  );
  L.push(`Written: ${written.map(rel).join(', ')}`);
  console.log(L.join('\n'));
}

// ---------------------------------------------------------------------------

type Settings = { truths: number; budget: number; particles: number; draws: number; reference: number; pseudo: number };

function printChoice(L: string[], c: ModelChoiceResult, o: Settings) {
  const w = Math.max(...c.models.map((m) => m.length)) + 6;
  L.push(
    `ABC model choice: ${o.reference} reference simulations per model from its prior; ${o.pseudo} pseudo-observed data sets per model, each left out of the table in turn.`,
  );
  for (const m of c.confusion) {
    L.push(
      '',
      `closest ${fmtShare(m.quantile)} of the table vote (about ${Math.round(m.quantile * c.models.length * (o.reference - 1))} simulations); accuracy ${pct(m.accuracy)}`,
    );
    L.push(['true \\ chosen'.padEnd(w), ...c.models.map((n) => n.padStart(w)), 'mean P(true)'.padStart(14)].join(''));
    m.models.forEach((t, i) =>
      L.push(
        [
          t.padEnd(w),
          ...m.counts[i].map((n) => `${n} (${pct(n / o.pseudo)})`.padStart(w)),
          m.meanProbability[i].toFixed(2).padStart(14),
        ].join(''),
      ),
    );
  }
  L.push('', 'Real figures (Vreja 2005): posterior model probability [90% Wilson interval]');
  for (const q of c.quantiles)
    L.push(
      `  closest ${fmtShare(q).padEnd(4)}: ${c.observed
        .filter((r) => r.quantile === q)
        .map((r) => `${r.model} ${r.probability.toFixed(2)} [${r.lo90.toFixed(2)}, ${r.hi90.toFixed(2)}] (${r.count} of ${r.accepted})`)
        .join('; ')}`,
    );
  L.push('');
}

function printSbc(L: string[], r: SbcResult, s: ReturnType<typeof sbcSummary>, model: string, o: Settings) {
  const [p0] = s.parameters;
  const stopped = countBy(r.truths.map((t) => t.stopped));
  const gens = r.truths.map((t) => t.generations);
  L.push(
    `Simulation-based calibration (${model}): ${o.truths} truths from the prior, each calibrated on figures simulated from it with ${o.particles} particles and at most ${o.budget} simulations`,
  );
  const range = Math.min(...gens) === Math.max(...gens) ? `${gens[0]}` : `${Math.min(...gens)}-${Math.max(...gens)}`;
  L.push(
    `(ABC generations ${range}; stopped on ${Object.entries(stopped)
      .map(([k, n]) => `${k} (${n} truths)`)
      .join(', ')}). Rank: of the truth among ${r.draws} posterior draws resampled by weight; ${s.bins} bins.`,
  );
  L.push(
    [
      'parameter'.padEnd(24),
      'in 50% interval'.padStart(17),
      'in 90% interval'.padStart(17),
      'mean rank'.padStart(10),
      `χ² p (${s.bins - 1} df)`.padStart(14),
      '  rank histogram',
    ].join(''),
  );
  for (const p of s.parameters)
    L.push(
      [
        p.parameter.padEnd(24),
        `${p.inside50}/${p.truths} ${pct(p.coverage50)}${p.ok50 ? ' ' : '*'}`.padStart(17),
        `${p.inside90}/${p.truths} ${pct(p.coverage90)}${p.ok90 ? ' ' : '*'}`.padStart(17),
        p.meanRank.toFixed(2).padStart(10),
        p.p.toPrecision(2).padStart(14),
        `  ${p.histogram.join(' ')}`,
      ].join(''),
    );
  L.push(
    `Exact intervals would hold ${p0.range50[0]}-${p0.range50[1]} (50%) and ${p0.range90[0]}-${p0.range90[1]} (90%) of ${p0.truths} truths 95% of the time; * marks counts outside.`,
  );
  L.push(
    'Mean rank 0.5 is unbiased; coverage above nominal with a ∩-shaped histogram is a posterior wider than exact (ABC with a tolerance above zero, or stopped by its budget).',
  );
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const fmtShare = (q: number) => `${+(q * 100).toPrecision(3)}%`;
const fmtInt = (n: number) => n.toLocaleString('en-GB');
const fmtTime = (s: number) => (s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);
const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((a, x) => ((a[x] = (a[x] ?? 0) + 1), a), {});

function csv(rows: Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const cell = (v: unknown) =>
    typeof v === 'number'
      ? Number.isFinite(v)
        ? String(+v.toPrecision(10))
        : ''
      : /[",\n]/.test(String(v))
        ? `"${String(v).replace(/"/g, '""')}"`
        : String(v);
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

// Last: the helpers above are initialised by now.
try {
  await main();
} catch (e) {
  const usage = e instanceof UsageError || e instanceof InputError || e instanceof RangeError;
  console.error(`calibrate:diagnostics: ${usage ? (e as Error).message : (e as Error).stack}`);
  // Now, not when the other truths under way end (the checkpoint keeps those done).
  process.exit(usage ? 2 : 3);
}
