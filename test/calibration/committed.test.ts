/**
 * The committed calibration: calibration/posterior.csv and scenarios/calibrated.yaml
 * agree (the scenario holds one particle of the posterior, its weighted medoid, and
 * is what `tipsim calibrate --publish-only` writes from it), and the posterior's
 * parameters are those priors.yaml defines (loadPosterior refuses others).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadPosterior } from '../../engine/apps/calibration/posterior.ts';
import { republishedScenario, weightedMedoid } from '../../engine/apps/calibration/results.ts';
import { withParameter } from '../../engine/kernel/scenario/edits.ts';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { resolveParams } from '../../engine/model/params.ts';

const at = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const posterior = loadPosterior(at('calibration/posterior.csv'));
const calibrated = loadScenario(at('scenarios/calibrated.yaml')).scenario;
const baseline = loadScenario(at('scenarios/baseline.yaml')).scenario;

describe('the committed calibration', () => {
  it('scenarios/calibrated.yaml is the baseline at the values it records', () => {
    const raw = parse(readFileSync(at('scenarios/calibrated.yaml'), 'utf8'));
    expect(raw.extends).toBe('./baseline.yaml');
    expect(Object.keys(raw.calibration.values)).toEqual(posterior.priors.map((p) => p.name));
    let expected = baseline;
    for (const p of posterior.priors) expected = withParameter(expected, p, raw.calibration.values[p.name]);
    const a = resolveParams(expected),
      b = resolveParams(calibrated);
    expect(b.country).toEqual(a.country);
    expect(b.networks).toEqual(a.networks);
    expect(b.police).toEqual(a.police);
    expect(b.economics).toEqual(a.economics);
    expect(b.coverage).toEqual(a.coverage);
  });

  it('the values it records are the posterior’s weighted medoid particle, as --publish-only writes them', () => {
    const i = weightedMedoid(posterior.priors, posterior.thetas, posterior.weights);
    const values = Object.fromEntries(posterior.priors.map((p, k) => [p.name, posterior.thetas[i][k]]));
    const stale =
      'scenarios/calibrated.yaml does not hold the weighted medoid of calibration/posterior.csv: write it again with `tipsim calibrate --publish-only`';
    expect(calibrated.calibration?.values, stale).toEqual(values);
    expect(readFileSync(at('scenarios/calibrated.yaml'), 'utf8'), stale).toBe(republishedScenario(at('calibration/config.yaml')).text);
  });
});
