/**
 * `tipsim run <scenario>`: an ensemble of replicates, written to an output folder,
 * with a summary table on stdout.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command, OptionValues } from '../command.ts';
import { EXIT, UsageError } from '../command.ts';
import { ScenarioSchema } from '../../kernel/scenario/schema.ts';
import { describeIssues } from '../../kernel/scenario/errors.ts';
import { loadScenario } from '../../kernel/scenario/loader.ts';
import { resolveParams } from '../../model/params.ts';
import { runEnsemble } from '../../runner/ensemble.ts';
import { writeMonthlyCsv, writeYearlyCsv, summarise } from '../../runner/outputs.ts';
import { claimOutputFolder, orAbort, writeOutputs } from '../../runner/outdir.ts';
import { checkFinite } from '../../runner/finite.ts';
import { jsonText, provenance, sha256 } from '../../runner/provenance.ts';
import { REPORTERS } from '../../model/metrics.ts';
import { makeProgress } from '../progress.ts';
import { summaryTable } from '../table.ts';
import { msg } from '../../kernel/messages.ts';

/** --seed and --replicates obey the schema's ranges, as the file's values do. */
function checkOverrides(options: OptionValues): void {
  for (const key of ['seed', 'replicates'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    const field = ScenarioSchema.shape[key];
    const r = field.safeParse(value);
    if (!r.success) {
      const [d] = describeIssues(r.error.issues, value, field);
      throw new UsageError(msg.badOptionValue(key, d?.problem.expected ?? 'another value', String(value)));
    }
  }
}

/** Metrics in the stdout summary (ALL, by year). */
export const SUMMARY_METRICS = ['victims_recruited', 'victims_exploited', 'victims_assisted', 'visibility'];

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a scenario: an ensemble of replicates on worker threads, written to an output folder.',
  positionals: [{ name: 'scenario', description: 'Scenario file (YAML or JSON).', required: true }],
  options: {
    seed: { type: 'int', min: 0, valueName: 'N', description: 'Master seed (default: the scenario’s seed).' },
    replicates: { type: 'int', min: 1, valueName: 'R', description: 'Number of replicates (default: the scenario’s replicates).' },
    workers: { type: 'int', min: 1, valueName: 'W', description: 'Worker threads (default: cores available, at most R).' },
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'Output folder (default: out/<scenario name>/): new, empty, or an earlier tipsim output, which is replaced.',
    },
    force: { type: 'boolean', description: 'Replace an earlier output folder even if its manifest.json is damaged.' },
    posterior: {
      type: 'string',
      valueName: 'FILE',
      description: 'Draw each replicate’s free parameters from a calibration’s posterior (e.g. calibration/posterior.csv).',
    },
    'allow-outside-extends': {
      type: 'boolean',
      description: 'Let scenario files extend files outside their own folder tree and the bundled scenarios/.',
    },
    quiet: { type: 'boolean', short: 'q', description: 'Print no progress and no summary table.' },
  },
  details: `Writes manifest.json, scenario.resolved.json, yearly.csv and monthly.csv into the
output folder, all at once when the run is complete. The folder is checked before
the run: tipsim writes only into a new or empty folder, or replaces an earlier
tipsim output; it refuses anything else and never deletes a file it did not write. Replicate r always gets the
same random numbers for the same seed, whatever the number of workers. With
--posterior, replicate r also draws a particle of the posterior by weight (from
the seed tree) and runs with its parameter values (priors.yaml beside the file
says where they go), so parameter uncertainty is carried into the run.

Example:
  tipsim run scenarios/baseline.yaml --replicates 20 --seed 7 --out out/b7`,
  async run({ positionals, options, io }) {
    const started = io.now();
    checkOverrides(options);
    const { scenario: loaded, files: inputs } = loadScenario(positionals[0], {
      allowOutsideExtends: options['allow-outside-extends'] === true,
    });
    const scenario = {
      ...loaded,
      seed: (options.seed as number | undefined) ?? loaded.seed,
      replicates: (options.replicates as number | undefined) ?? loaded.replicates,
    };
    const params = resolveParams(scenario);
    const replicates = Array.from({ length: scenario.replicates }, (_, i) => i);
    const workers = Math.min((options.workers as number | undefined) ?? availableParallelism(), replicates.length);
    const quiet = options.quiet === true;
    const progress = makeProgress(io, `${scenario.name}: replicates`, replicates.length, quiet);
    const posteriorFile = options.posterior as string | undefined;
    // Loaded only for --posterior: a plain run does not load the calibration's code.
    const post = posteriorFile ? await import('../../apps/calibration/posterior.ts') : undefined;
    const posterior = post && posteriorFile ? post.loadPosterior(posteriorFile) : undefined;
    if (post && posterior) post.checkPosterior(posterior, scenario, positionals[0]);
    // The output folder is checked (and its temporary folder made) before the run.
    const outDir = (options.out as string | undefined) ?? join('out', scenario.name);
    const folder = claimOutputFolder(outDir, {
      force: options.force === true,
      inputs: [...inputs, ...(posteriorFile ? [posteriorFile] : [])],
    });
    const onProgress = (d: number) => progress.update(d);
    const { results, particles } = await orAbort(folder, async () => {
      const ran =
        post && posterior
          ? await post.runPosteriorEnsemble({ posterior, scenario, replicates, workers, onProgress })
          : { results: await runEnsemble({ params, replicates, workers, onProgress }), particles: undefined };
      checkFinite(ran.results, params.report, scenario, positionals[0]);
      return ran;
    });
    progress.done();

    const resolvedText = jsonText(scenario);
    const warning = await writeOutputs(folder, (tmp) => {
      writeFileSync(join(tmp, 'scenario.resolved.json'), resolvedText);
      writeYearlyCsv(join(tmp, 'yearly.csv'), results, params.report, params.present);
      writeMonthlyCsv(join(tmp, 'monthly.csv'), results, params.report, params.present);
      const manifest = {
        ...provenance(),
        scenario: scenario.name,
        scenario_file: positionals[0],
        scenario_sha256: sha256(resolvedText),
        seed: scenario.seed,
        replicates: scenario.replicates,
        ...(posteriorFile && {
          posterior: { file: posteriorFile, sha256: sha256(readFileSync(posteriorFile, 'utf8')), particle_of_replicate: particles },
        }),
        workers,
        started: started.toISOString(),
        finished: io.now().toISOString(),
        files: ['scenario.resolved.json', 'yearly.csv', 'monthly.csv'],
        metrics: REPORTERS.map(({ name, layer, unit, scope, yearly, description }) => ({ name, layer, unit, scope, yearly, description })),
      };
      writeFileSync(join(tmp, 'manifest.json'), jsonText(manifest));
    });
    if (!quiet) {
      io.out(
        `${scenario.name}: ${scenario.replicates} replicate${scenario.replicates === 1 ? '' : 's'}, seed ${scenario.seed}; region (ALL), mean [90% interval]\n`,
      );
      io.out(summaryTable(summarise(results, params.report, SUMMARY_METRICS)) + '\n');
    }
    if (warning) io.err(`tipsim: ${warning}\n`);
    io.out(msg.outputsAt(outDir) + '\n');
    return EXIT.ok;
  },
};
