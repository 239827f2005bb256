/**
 * The committed calibration: calibration/posterior.csv and scenarios/calibrated.yaml
 * agree (the scenario holds the posterior's medians), the posterior's parameters are
 * those priors.yaml defines, and a run of the calibrated scenario with parameters
 * drawn from the posterior puts most of the article's figures inside its 90% band.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadPosterior, particlesFor } from '../../calibration/posterior.ts';
import { weightedQuantile } from '../../calibration/report.ts';
import { loadTargets, withParameter } from '../../calibration/setup.ts';
import { statistics, quantileSorted } from '../../calibration/statistics.ts';
import { runEnsemble } from '../../engine/core/ensemble.ts';
import { loadScenario } from '../../engine/scenario/loader.ts';
import { resolveParams } from '../../engine/model/params.ts';
import type { ReplicateResult } from '../../engine/model/step.ts';
import type { PosteriorBatch } from '../../calibration/posterior.ts';

const at = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const posterior = loadPosterior(at('calibration/posterior.csv'));
const calibrated = loadScenario(at('scenarios/calibrated.yaml')).scenario;
const baseline = loadScenario(at('scenarios/baseline.yaml')).scenario;
const targets = loadTargets(at('calibration/targets.yaml'));

describe('the committed calibration', () => {
  it('scenarios/calibrated.yaml is the baseline at the posterior medians', () => {
    const raw = parse(readFileSync(at('scenarios/calibrated.yaml'), 'utf8'));
    expect(raw.extends).toBe('./baseline.yaml');
    let expected = baseline;
    posterior.priors.forEach((p, i) => {
      const median = weightedQuantile(posterior.thetas.map((t) => t[i]), posterior.weights, 0.5);
      expected = withParameter(expected, p, median);
    });
    const a = resolveParams(expected), b = resolveParams(calibrated);
    expect(b.country).toEqual(a.country);
    expect(b.networks).toEqual(a.networks);
    expect(b.police).toEqual(a.police);
    expect(b.economics).toEqual(a.economics);
    expect(b.coverage).toEqual(a.coverage);
  });

  it('with parameters drawn from the posterior, at least 80% of the article’s figures lie inside the 90% band', async () => {
    const replicates = 60;
    const particles = particlesFor(posterior, calibrated.seed, replicates);
    const scenario = { ...calibrated, end: '2003-12' };
    const batch: PosteriorBatch = { scenario, priors: posterior.priors, thetas: Object.fromEntries(particles.map((i, r) => [r, posterior.thetas[i]])) };
    const results = await runEnsemble<PosteriorBatch, ReplicateResult>({
      params: batch,
      replicates: particles.map((_, r) => r),
      workers: 2,
      workerModule: new URL('../../calibration/posterior-worker.ts', import.meta.url),
    });
    const clock = resolveParams(scenario).clock;
    const stats = results.map((r) => statistics(r, clock, targets));
    const inside = targets.filter((t, i) => {
      const xs = stats.map((s) => s[i]).sort((x, y) => x - y);
      return t.value >= quantileSorted(xs, 0.05) && t.value <= quantileSorted(xs, 0.95);
    });
    expect(inside.length / targets.length).toBeGreaterThanOrEqual(0.8);
  }, 120_000);
});
