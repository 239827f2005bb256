/**
 * The committed calibration: calibration/posterior.csv and scenarios/calibrated.yaml
 * agree (the scenario holds the posterior's medians), and the posterior's parameters
 * are those priors.yaml defines (loadPosterior refuses others).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadPosterior } from '../../calibration/posterior.ts';
import { weightedQuantile } from '../../calibration/report.ts';
import { withParameter } from '../../calibration/setup.ts';
import { loadScenario } from '../../engine/scenario/loader.ts';
import { resolveParams } from '../../engine/model/params.ts';

const at = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const posterior = loadPosterior(at('calibration/posterior.csv'));
const calibrated = loadScenario(at('scenarios/calibrated.yaml')).scenario;
const baseline = loadScenario(at('scenarios/baseline.yaml')).scenario;

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
});
