/**
 * `tipsim compare <scenario…>`: policy scenarios against a baseline under common
 * random numbers, a headline table, comparison.csv, series.csv, charts and a
 * self-contained report.html (engine/compare/, engine/apps/compare/report.ts).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command.ts';
import { EXIT, UsageError } from '../command.ts';
import { loadScenario } from '../../kernel/scenario/loader.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';
import { resolveParams } from '../../model/params.ts';
import type { ReplicateResult } from '../../model/step.ts';
import { runEnsemble } from '../../runner/ensemble.ts';
import { formatValue } from '../../runner/outputs.ts';
import { claimOutputFolder, orAbort, writeOutputs } from '../../runner/outdir.ts';
import { checkFinite } from '../../runner/finite.ts';
import { jsonText, provenance, sha256 } from '../../runner/provenance.ts';
import { compareScenarios, SERIES_METRICS, type ComparisonRow } from '../../apps/compare/comparison.ts';
import { parseWindow } from '../../apps/compare/headline.ts';
import { parseBudgets } from '../../apps/compare/budget.ts';
import { FLIP_MIN_DRAWS } from '../../apps/compare/uncertainty.ts';
import { spread } from '../../apps/compare/paired.ts';
import { msg } from '../../kernel/messages.ts';
import { makeProgress } from '../progress.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEFAULT_BASELINE = join(ROOT, 'scenarios/calibrated.yaml');

const cell = (v: unknown) => (typeof v === 'number' ? formatValue(v) : String(v));

export const compareCommand: Command = {
  name: 'compare',
  summary: 'Compare policy scenarios with a baseline (common random numbers): headline table, CSVs, charts, report.html.',
  positionals: [{ name: 'scenario', description: 'Scenario files to compare with the baseline.', required: true, variadic: true }],
  options: {
    baseline: { type: 'string', valueName: 'FILE', description: 'Baseline scenario (default: scenarios/calibrated.yaml).' },
    replicates: {
      type: 'int',
      min: 2,
      valueName: 'R',
      description: 'Replicates of each scenario (default 20; with --precision, the first round).',
    },
    precision: {
      type: 'string',
      valueName: 'P',
      description: 'Add replicates until every headline 90% interval’s half-width is under P × the baseline mean (e.g. 0.05).',
    },
    'max-replicates': { type: 'int', min: 2, valueName: 'N', description: 'Cap for --precision (default 200).' },
    window: { type: 'string', valueName: 'YYYY-YYYY', description: 'Years of the headline measures (default 2003-2010).' },
    posterior: {
      type: 'string',
      valueName: 'FILE',
      description: 'Draw each replicate’s parameters from a calibration posterior (the same particle in every scenario).',
    },
    uncertainty: {
      type: 'boolean',
      description:
        'Draw the calibration’s parameters and the levers’ unit costs and effect sizes for every run, and report how much each source moves the results and which scenario is most cost-effective with what probability.',
    },
    draws: {
      type: 'int',
      min: 2,
      valueName: 'N',
      description: 'With --uncertainty: draws of the uncertain inputs, four runs each (default 10).',
    },
    sobol: {
      type: 'int',
      min: 4,
      valueName: 'N',
      description:
        'With --uncertainty: Sobol\u2019 indices of the decision between the two leading scenarios, on a Saltelli design of N base rows (a power of two, e.g. 64).',
    },
    budgets: {
      type: 'string',
      valueName: 'LIST',
      description:
        'Compare each scenario (and, with --each-lever, each lever) at these budgets: million EUR of extra spending over the window, e.g. 25,50,100; levels are scaled from a pilot run.',
    },
    'each-lever': {
      type: 'boolean',
      description: 'Add each lever the scenarios use, alone (at its levels in the first scenario that uses it).',
    },
    levers: {
      type: 'string',
      valueName: 'FILE',
      description:
        'With --uncertainty: the lever evidence (unit costs and effect sizes with their ranges) to draw from (default: data/levers.json).',
    },
    workers: { type: 'int', min: 1, valueName: 'W', description: 'Worker threads (default: cores available).' },
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'Output folder (default: out/compare): new, empty, or an earlier tipsim output, which is replaced.',
    },
    force: { type: 'boolean', description: 'Replace an earlier output folder even if its manifest.json is damaged.' },
    'allow-outside-extends': {
      type: 'boolean',
      description: 'Let scenario files extend files outside their own folder tree and the bundled scenarios/.',
    },
    quiet: { type: 'boolean', short: 'q', description: 'Print no progress and no table.' },
  },
  details: `Every scenario runs with the baseline's seed, so replicate r of each uses the same
random numbers (and, with --posterior, the same parameters): differences come from
the levers. Every scenario runs to the end of the window. Writes comparison.csv
(scenario, metric, window, mean, lo, hi, diff, diff_lo, diff_hi), series.csv,
charts (SVG, PNG, vega-lite), report.html (one self-contained file) and
manifest.json, all at once when complete. The folder is checked before the runs:
tipsim writes only into a new or empty folder, or replaces an earlier tipsim
output; it refuses anything else and never deletes a file it did not write.

Example:
  tipsim compare scenarios/policies/*.yaml --replicates 20 --out out/compare`,
  async run({ positionals, options, io }) {
    const started = io.now();
    const window = parseWindow((options.window as string | undefined) ?? '2003-2010');
    if (!window) throw new UsageError(msg.badOptionValue('window', 'years like 2003-2010', String(options.window)));
    const uncertain = options.uncertainty === true;
    if (uncertain) {
      const clash = ['replicates', 'precision', 'max-replicates'].filter((o) => options[o] !== undefined);
      if (clash.length) throw new UsageError(msg.optionsExclusive('uncertainty', clash));
    } else {
      const orphan = ['draws', 'levers', 'sobol'].filter((o) => options[o] !== undefined);
      if (orphan.length) throw new UsageError(msg.badOptionValue(orphan[0], 'it only with --uncertainty', String(options[orphan[0]])));
    }
    const sobolN = options.sobol as number | undefined;
    if (sobolN !== undefined && (sobolN & (sobolN - 1)) !== 0) throw new UsageError(msg.badSobol(String(sobolN)));
    const precision = options.precision === undefined ? undefined : Number(options.precision);
    if (precision !== undefined && !(precision > 0 && precision < 1))
      throw new UsageError(msg.badOptionValue('precision', 'a share between 0 and 1, e.g. 0.05', String(options.precision)));
    const baselineFile = (options.baseline as string | undefined) ?? DEFAULT_BASELINE;
    const files = [baselineFile, ...positionals];
    const loadedFiles = files.map((f) => loadScenario(f, { allowOutsideExtends: options['allow-outside-extends'] === true }));
    const loaded = loadedFiles.map((l) => l.scenario);
    const seed = loaded[0].seed;
    const endOf = (s: Scenario) => (s.end < `${window.to}-12` ? `${window.to}-12` : s.end);
    const scenarios = loaded.map((s, i) => ({ ...s, name: i === 0 ? 'baseline' : s.name, seed, end: endOf(s) }) as Scenario);
    const budgets = options.budgets === undefined ? undefined : parseBudgets(String(options.budgets));
    if (options.budgets !== undefined && !budgets) throw new UsageError(msg.badBudgets(String(options.budgets)));
    if (budgets && options.quiet !== true) io.err(msg.budgetPilots() + '\n');
    const variants =
      budgets || options['each-lever'] === true
        ? (await import('./budgets.ts')).budgetScenarios({
            baseline: scenarios[0],
            scenarios: scenarios.slice(1),
            files: files.slice(1),
            budgets,
            eachLever: options['each-lever'] === true,
            window,
          })
        : undefined;
    if (variants) {
      scenarios.splice(1, scenarios.length - 1, ...variants.scenarios);
      files.splice(1, files.length - 1, ...variants.files);
    }
    const names = new Set<string>();
    for (const s of scenarios) {
      if (names.has(s.name)) throw new UsageError(msg.duplicateScenario(s.name));
      names.add(s.name);
    }
    const { checkPosterior, loadPosterior, runPosteriorEnsemble } = await import('../../apps/calibration/posterior.ts');
    if (uncertain && !options.posterior && !scenarios[0].calibration) throw new UsageError(msg.uncertaintyNeedsPosterior(baselineFile));
    const draws = (options.draws as number | undefined) ?? 10;
    const U = uncertain ? await import('./uncertainty.ts') : undefined;
    const unc = U
      ? U.prepareUncertainty({
          scenarios,
          files,
          posteriorFile: options.posterior as string | undefined,
          leversFile: options.levers as string | undefined,
          draws,
          seed,
        })
      : undefined;
    const posterior = unc ? unc.posterior : options.posterior ? loadPosterior(options.posterior as string) : undefined;
    if (posterior && !unc) scenarios.forEach((s, i) => checkPosterior(posterior, s, files[i]));
    const params = scenarios.map((s) => resolveParams(s));
    // The output folder is checked (and its temporary folder made) before the runs.
    const outDir = (options.out as string | undefined) ?? join('out', 'compare');
    const inputs = [
      ...loadedFiles.flatMap((l) => l.files),
      ...(posterior ? [posterior.file] : []),
      ...(unc?.leversFile ? [unc.leversFile] : []),
    ];
    const folder = claimOutputFolder(outDir, { force: options.force === true, inputs });
    const workers = (options.workers as number | undefined) ?? availableParallelism();
    const quiet = options.quiet === true;
    const replicates = unc ? 4 * draws : ((options.replicates as number | undefined) ?? 20);
    const cap = (options['max-replicates'] as number | undefined) ?? 200;

    const run = async (i: number, reps: number[]): Promise<ReplicateResult[]> => {
      const progress = makeProgress(io, `${scenarios[i].name}: replicates ${reps[0]}-${reps[reps.length - 1]}`, reps.length, quiet);
      const onProgress = (d: number) => progress.update(d);
      const results =
        U && unc
          ? await U.runUncertain(unc, i, reps, workers, onProgress)
          : posterior
            ? (await runPosteriorEnsemble({ posterior, scenario: scenarios[i], replicates: reps, workers, onProgress })).results
            : await runEnsemble({ params: params[i], replicates: reps, workers, onProgress });
      progress.done();
      checkFinite(results, params[i].report, scenarios[i], files[i]);
      return results;
    };
    const result = await orAbort(folder, () =>
      compareScenarios({
        scenarios: scenarios.map((s, i) => ({ name: s.name, params: params[i] })),
        run,
        window,
        replicates,
        precision,
        maxReplicates: cap,
        onRound: (n, worst) => !quiet && io.err(msg.precisionRound(n, worst) + '\n'),
      }),
    );

    const windowText = `${window.from}-${window.to}`;
    const UR = U ? await import('../../apps/compare/uncertainty.ts') : undefined;
    const uncertainty = UR?.uncertaintyReport(result, seed);
    const flips =
      UR && U && unc && uncertainty
        ? UR.rankingFlips(
            uncertainty,
            U.drawInputs(
              unc,
              scenarios.map((s) => s.name),
            ),
          )
        : [];
    if (U && uncertainty) U.intervalsOverDraws(result.rows, uncertainty);
    const partial = U && unc && uncertainty ? U.partialInformation(unc, uncertainty) : [];
    const sensitivity =
      U && unc && uncertainty && sobolN
        ? await orAbort(folder, () =>
            U.runSensitivity({
              u: unc,
              report: uncertainty,
              names: scenarios.map((s) => s.name),
              n: sobolN,
              seed,
              window,
              workers,
              progress: (label, total) => makeProgress(io, label, total, quiet),
            }),
          )
        : undefined;
    // Charts and the report (vega is loaded only now).
    const { compareCharts, compareReport, headlineTable } = await import('../../apps/compare/report.ts');
    const { toSvg, toPng } = await import('../../apps/charts/render.ts');
    // What each scenario set to a budget spent: levers whose level is capped (a share or a probability) spend less.
    const spent = (name: string) => (result.rows.find((x) => x.scenario === name && x.metric === 'cost')?.diff ?? NaN) / 1e6;
    for (const v of variants?.variants ?? []) {
      if (v.budget === undefined) continue;
      v.spent = spent(v.name);
      if (!quiet && !(Math.abs(v.spent / v.budget - 1) <= 0.1)) io.err(msg.budgetMissed(v.name, v.budget, v.spent) + '\n');
    }
    const budgetPoints = (variants?.variants ?? []).flatMap((v) =>
      v.spent === undefined
        ? []
        : [
            {
              scenario: v.name,
              series: v.lever ? `${v.lever} alone` : v.from,
              kind: v.lever ? ('lever' as const) : ('scenario' as const),
              budget: v.spent,
            },
          ],
    );
    const decisionSensitivity = sensitivity && {
      leader: sensitivity.leader,
      runnerUp: sensitivity.runnerUp,
      rows: sensitivity.result.indices.map((ix, i) => ({
        input: sensitivity.plan.names[i],
        first: ix.first,
        firstLo: ix.firstLow,
        firstHi: ix.firstHigh,
        total: ix.total,
        totalLo: ix.totalLow,
        totalHi: ix.totalHigh,
      })),
    };
    const charts = compareCharts(result, windowText, uncertainty, budgetPoints, decisionSensitivity);
    const extraFiles =
      U && unc && uncertainty ? U.uncertaintyFiles({ u: unc, report: uncertainty, result, flips, sensitivity, partial, cell }) : [];
    const rendered = await orAbort(folder, () => Promise.all(charts.map(async (c) => ({ ...c, svg: await toSvg(c.spec) }))));
    const manifest = {
      ...provenance(),
      command: 'compare',
      seed,
      replicates: result.replicates,
      window: windowText,
      precision: precision ?? null,
      precision_unmet: result.unmet,
      posterior: posterior ? { file: posterior.file, sha256: sha256(readFileSync(posterior.file, 'utf8')) } : null,
      uncertainty:
        unc && uncertainty
          ? {
              draws,
              runs_per_draw: 4,
              design:
                'replicate r = 4d + arm; arm A: posterior draw d, lever draw d; B: posterior d, another lever draw; C: another posterior draw, lever d; D: posterior d, lever d (the same inputs, other random numbers)',
              levers: unc.leversFile
                ? { file: unc.leversFile, sha256: sha256(readFileSync(unc.leversFile, 'utf8')) }
                : { file: 'data/levers.json (bundled)' },
              inputs: unc.inputs.map((p) => ({ name: p.name, paths: p.paths, distribution: p.distribution, range: [p.low, p.high] })),
              decision: {
                measure: 'averted_per_million',
                draws: uncertainty.decision.draws,
                evpi: uncertainty.decision.evpi,
                evppi_top: partial.slice(0, 5),
              },
              sensitivity: sensitivity
                ? {
                    leader: sensitivity.leader,
                    runner_up: sensitivity.runnerUp,
                    base_rows: sobolN,
                    runs_per_scenario: sensitivity.plan.particle.length,
                    inputs: sensitivity.plan.names,
                  }
                : null,
              ranking_flips: flips.map((f) => ({
                leader: f.leader,
                challenger: f.challenger,
                cases: f.cases,
                draws: f.draws,
                reading: f.text,
              })),
            }
          : null,
      scenarios: scenarios.map((s, i) => ({
        name: s.name,
        file: files[i],
        sha256: sha256(jsonText(s)),
        ...(variants && i > 0 ? { variant: variants.variants[i - 1] } : {}),
      })),
      workers,
      started: started.toISOString(),
      finished: io.now().toISOString(),
      files: [
        'comparison.csv',
        ...extraFiles.map((f) => f.name),
        'series.csv',
        'report.html',
        ...charts.flatMap((c) => [`${c.id}.svg`, `${c.id}.png`, `${c.id}.vl.json`]),
        'manifest.json',
      ],
    };
    const warning = await writeOutputs(folder, async (tmp) => {
      const cols: (keyof ComparisonRow)[] = ['scenario', 'metric', 'window', 'mean', 'lo', 'hi', 'diff', 'diff_lo', 'diff_hi'];
      if (U && uncertainty) {
        writeFileSync(join(tmp, 'comparison.csv'), U.uncertaintyCsv(result.rows, uncertainty, cols, cell));
        for (const f of extraFiles) writeFileSync(join(tmp, f.name), f.text());
      } else
        writeFileSync(
          join(tmp, 'comparison.csv'),
          [cols.join(','), ...result.rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n',
        );
      const lines = ['scenario,year,metric,mean,lo,hi'];
      for (const run of result.runs)
        SERIES_METRICS.forEach((metric, mi) =>
          result.years.forEach((year, y) => {
            const iv = spread(run.series[mi].map((r) => r[y]));
            lines.push([run.name, year, metric, iv.mean, iv.lo, iv.hi].map(cell).join(','));
          }),
        );
      writeFileSync(join(tmp, 'series.csv'), lines.join('\n') + '\n');
      for (const c of rendered) {
        writeFileSync(join(tmp, `${c.id}.svg`), c.svg);
        writeFileSync(join(tmp, `${c.id}.png`), toPng(c.svg));
        writeFileSync(join(tmp, `${c.id}.vl.json`), jsonText(c.spec));
      }
      writeFileSync(join(tmp, 'manifest.json'), jsonText(manifest));
      writeFileSync(
        join(tmp, 'report.html'),
        compareReport(result, {
          window: windowText,
          charts: charts.map((c) => ({ ...c, png: `${c.id}.png` })),
          manifest,
          links: [
            { href: 'comparison.csv', label: 'comparison.csv: headline measures and paired differences' },
            ...extraFiles.map((f) => ({ href: f.name, label: f.label })),
            { href: 'series.csv', label: 'series.csv: yearly series, mean and 5%-95% across replicates' },
            { href: 'manifest.json', label: 'manifest.json' },
          ],
          uncertainty,
          ...(uncertainty &&
            uncertainty.decision.options.length > 1 && {
              flips: draws < FLIP_MIN_DRAWS ? msg.flipsTooFewDraws(draws, FLIP_MIN_DRAWS) : flips.length ? flips : msg.noFlips(),
            }),
        }),
      );
    });
    if (!quiet) {
      const t = headlineTable(result);
      const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => r[i].length)));
      io.out(`${msg.compareHeader(result.runs.length, result.replicates, windowText)}\n`);
      io.out(
        [t.columns, ...t.rows].map((r) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ')).join('\n') +
          '\n',
      );
      if (result.unmet.length) io.out(msg.precisionUnmet(result.unmet) + '\n');
      if (U && uncertainty) io.out(U.uncertaintyText(uncertainty, draws, windowText, flips, partial) + '\n');
      if (U && sensitivity) io.out(U.sensitivityText(sensitivity) + '\n');
    }
    if (warning) io.err(`tipsim: ${warning}\n`);
    io.out(msg.reportAt(join(outDir, 'report.html')) + '\n');
    io.out(msg.outputsAt(outDir) + '\n');
    return EXIT.ok;
  },
};
