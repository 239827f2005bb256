/**
 * `npm run calibrate:check`: the full recovery test. The truth is the committed
 * posterior's median of every calibrated parameter (calibration/posterior.csv);
 * synthetic figures are simulated from it for every target of
 * calibration/targets.yaml; ABC-SMC recovers the parameters from them with the
 * config's settings (budget: 2,000 simulations unless given as the first
 * argument). Prints each parameter's truth against its 90% credible interval and
 * exits 1 when fewer than 80% of the truths lie inside (with exact 90% intervals,
 * about 90% would; ABC's approximate posteriors tend to be wider, so more).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../kernel/scenario/loader.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';
import { loadPosterior } from './posterior.ts';
import { recover } from './recovery.ts';
import { weightedQuantile } from '../../kernel/stats.ts';
import { loadConfig, loadTargets } from './setup.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const config = loadConfig(here('../../../calibration/config.yaml'));
const posterior = loadPosterior(here('../../../calibration/posterior.csv'));
const truth = posterior.priors.map((_, i) =>
  weightedQuantile(
    posterior.thetas.map((t) => t[i]),
    posterior.weights,
    0.5,
    'midpoint',
  ),
);
const scenario = { ...loadScenario(config.models[0].scenario).scenario, end: config.end } as Scenario;
const budget = Number(process.argv[2] ?? 2000);
const t0 = Date.now();
const { rows, simulations } = await recover({
  scenario,
  priors: posterior.priors,
  targets: loadTargets(config.targets),
  truth,
  seed: config.seed,
  workers: availableParallelism(),
  pilot: config.pilot.simulations,
  particles: config.abc.particles,
  maxSimulations: budget,
  minAcceptance: config.abc.min_acceptance,
  onGeneration: (g) =>
    console.error(`generation ${g.index}: tolerance ${g.tolerance.toFixed(3)}, acceptance ${(g.acceptance * 100).toFixed(1)}%`),
});
const fmt = (x: number) => x.toPrecision(3);
console.log(`recovery: ${simulations} simulations in ${((Date.now() - t0) / 60000).toFixed(1)} min`);
console.log(
  'parameter'.padEnd(24),
  'truth'.padStart(9),
  'median'.padStart(9),
  '90% interval'.padStart(22),
  'shrinkage'.padStart(10),
  'inside',
);
for (const r of rows)
  console.log(
    r.parameter.padEnd(24),
    fmt(r.truth).padStart(9),
    fmt(r.median).padStart(9),
    `${fmt(r.q05)}–${fmt(r.q95)}`.padStart(22),
    fmt(r.shrinkage).padStart(10),
    r.inside ? 'yes' : 'NO',
  );
const inside = rows.filter((r) => r.inside).length;
console.log(`${inside} of ${rows.length} truths inside their 90% credible interval (pass: at least 80%)`);
process.exitCode = inside >= 0.8 * rows.length ? 0 : 1;
