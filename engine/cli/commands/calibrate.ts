/**
 * `tipsim calibrate`: screening, ABC-SMC with adaptation on and off, posterior
 * predictive checks, charts; resumable after a kill (engine/apps/calibration/pipeline.ts).
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command, IO } from '../command.ts';
import { EXIT, UsageError } from '../command.ts';
import { claimOutputFolder, orAbort, writeOutputs } from '../../runner/outdir.ts';
import type { Progress } from '../../apps/calibration/pipeline.ts';
import { msg } from '../../kernel/messages.ts';

const DEFAULT_CONFIG = fileURLToPath(new URL('../../../calibration/config.yaml', import.meta.url));

/** Progress of a calibration: a bar per stage, a line per ABC generation. */
function progressOf(io: IO, quiet: boolean): Progress {
  let label = '',
    total = 0,
    stageStart = io.now().getTime();
  const rate = (n: number) => (n / Math.max(1e-3, (io.now().getTime() - stageStart) / 1000)).toFixed(1);
  let lastLine = io.now().getTime();
  return {
    stage(name, simulations) {
      if (quiet) return;
      if (io.errIsTTY && label) io.err('\n');
      label = name;
      total = simulations;
      stageStart = io.now().getTime();
      if (!io.errIsTTY) io.err(`${name}: ${simulations ? `${simulations} simulations` : 'started'}\n`);
    },
    done(n) {
      if (quiet) return;
      const width = 30;
      if (io.errIsTTY) {
        const bar = total ? `[${'#'.repeat(Math.round((n / total) * width)).padEnd(width, '-')}] ${n}/${total}` : `${n} simulations`;
        io.err(`\r${label} ${bar}, ${rate(n)} sims/s   `);
      } else if (total && (n === total || io.now().getTime() - lastLine > 30_000)) {
        lastLine = io.now().getTime();
        io.err(`${label}: ${n}/${total} (${rate(n)} sims/s)\n`);
      }
    },
    generation(model, g) {
      if (quiet) return;
      const tol = Number.isFinite(g.tolerance) ? g.tolerance.toFixed(3) : '∞';
      io.err(`${io.errIsTTY ? '\r\x1b[K' : ''}${msg.abcGeneration(model, g.index, tol, g.acceptance, g.simulations, g.weights.length)}\n`);
    },
  };
}

export const calibrateCommand: Command = {
  name: 'calibrate',
  summary: 'Calibrate against the article’s figures: Morris screening, ABC-SMC (adaptation on and off), checks.',
  positionals: [],
  options: {
    config: { type: 'string', valueName: 'FILE', description: 'Calibration config (default: calibration/config.yaml).' },
    budget: {
      type: 'int',
      min: 1,
      valueName: 'N',
      description: 'Cap on each model’s ABC simulations (default: the config’s max_simulations).',
    },
    workers: { type: 'int', min: 1, valueName: 'W', description: 'Worker threads (default: cores available).' },
    resume: { type: 'boolean', description: 'Continue a killed calibration from its last saved stage or generation.' },
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'Output folder (default: the config’s out): new, empty, or an earlier tipsim output, which is replaced.',
    },
    force: { type: 'boolean', description: 'Replace an earlier output folder even if its manifest.json is damaged.' },
    publish: { type: 'boolean', description: 'Also write posterior.csv beside the config and calibrated.yaml beside the main scenario.' },
    'publish-only': {
      type: 'boolean',
      description:
        'Calibrate nothing: write calibrated.yaml beside the main scenario again from the posterior.csv published beside the config.',
    },
    'allow-outside-extends': {
      type: 'boolean',
      description: 'Let the models’ scenarios extend files outside their own folder trees and the bundled scenarios/.',
    },
    quiet: { type: 'boolean', short: 'q', description: 'Print no progress.' },
  },
  details: `Writes posterior.csv (particles and weights), summary.csv (median, 50% and 90%
credible intervals, shrinkage), generations.csv, fit.csv (ARD, mean absolute log
ratio, share inside the 90% band), predictive.csv, trade.csv, model_choice.csv,
morris.csv, charts (SVG, PNG and the vega-lite spec), calibrated.yaml, summary.md
and manifest.json into the output folder, all at once when complete. Every stage
and ABC generation is saved as it ends; --resume continues from there, with the
same result as an uninterrupted run, on any number of workers.

calibrated.yaml is the main scenario at one particle of its posterior, the weighted
medoid: the particle with the least weighted sum of distances to all particles, on
the parameters standardised by their prior ranges (log scale for log-uniform
priors). --publish-only writes it again from the published posterior, without
calibrating (after a change to the main scenario, for example).

Example:
  tipsim calibrate --budget 600 --out out/cal-small
  tipsim calibrate --resume --out out/cal-small
  tipsim calibrate --publish-only`,
  async run({ options, io }) {
    const started = io.now();
    // The calibration's code is loaded when the command runs, not by every tipsim command.
    const { calibrate, checkpointPath, removeCheckpoint, ResumeMismatch } = await import('../../apps/calibration/pipeline.ts');
    const { loadConfig } = await import('../../apps/calibration/setup.ts');
    const { claimPublishPaths, publishCalibration, republishScenario, writeCalibration } = await import(
      '../../apps/calibration/results.ts'
    );
    const configPath = (options.config as string | undefined) ?? DEFAULT_CONFIG;
    if (options['publish-only'] === true) {
      const calibrating = ['budget', 'workers', 'resume', 'out', 'force', 'publish'].filter((o) => options[o] !== undefined);
      if (calibrating.length) throw new UsageError(msg.optionsExclusive('publish-only', calibrating));
      io.out(msg.published(republishScenario(configPath, { allowOutsideExtends: options['allow-outside-extends'] === true })) + '\n');
      return EXIT.ok;
    }
    const config = loadConfig(configPath);
    const out = (options.out as string | undefined) ?? config.out;
    const workers = (options.workers as number | undefined) ?? availableParallelism();
    const resume = options.resume === true;
    const quiet = options.quiet === true;
    // The output folder is checked (and its temporary folder made) before the calibration.
    const inputs = [configPath, config.targets, config.priors, ...config.models.map((m) => m.scenario)];
    if (options.publish === true) claimPublishPaths(configPath, config.models[0].scenario);
    const folder = claimOutputFolder(out, { force: options.force === true, inputs });
    if (resume && !existsSync(checkpointPath(out)) && !quiet) io.err(msg.nothingToResume(checkpointPath(out)) + '\n');
    const result = await orAbort(folder, async () => {
      try {
        return await calibrate({
          configPath,
          outOverride: out,
          workers,
          budget: options.budget as number | undefined,
          resume,
          progress: progressOf(io, quiet),
          allowOutsideExtends: options['allow-outside-extends'] === true,
        });
      } catch (e) {
        if (e instanceof ResumeMismatch) throw new UsageError(msg.resumeMismatch(e.path));
        throw e;
      }
    });
    const warning = await writeOutputs(folder, (tmp) =>
      writeCalibration(tmp, result, { started, finished: io.now(), workers, configPath }),
    );
    if (warning) io.err(`tipsim: ${warning}\n`);
    removeCheckpoint(out);
    if (options.publish === true) for (const p of publishCalibration(result, configPath)) io.out(msg.published(p) + '\n');
    io.out(msg.calibrationDone(result.simulations, result.seconds) + '\n');
    io.out(msg.outputsAt(out) + '\n');
    return EXIT.ok;
  },
};
