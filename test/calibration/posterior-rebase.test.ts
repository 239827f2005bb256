/**
 * A posterior is not applied twice: scenarios/calibrated.yaml records the posterior
 * whose values it holds (one particle, its weighted medoid), so `--posterior` over it
 * (or over a policy that extends it) moves each parameter from the held value to the
 * particle's value, giving what the same particle gives on the baseline it was
 * calibrated on; a scenario that holds another posterior's values is refused
 * (exit 2), for `run` and `compare`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPosterior, loadPosterior } from '../../engine/apps/calibration/posterior.ts';
import { scenarioFor } from '../../engine/kernel/scenario/edits.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { runCli } from '../cli.ts';

const at = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const POSTERIOR = at('calibration/posterior.csv');
const posterior = loadPosterior(POSTERIOR);
const baseline = loadScenario(at('scenarios/baseline.yaml')).scenario;
const calibrated = loadScenario(at('scenarios/calibrated.yaml')).scenario;
const dir = mkdtempSync(join(tmpdir(), 'tipsim-rebase-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every number in two objects, paired by path: the largest relative difference. */
function maxRelativeDifference(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : 1;
    return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b))
    return maxRelativeDifference(Array.from(a as Float64Array), Array.from(b as Float64Array));
  if (a && b && typeof a === 'object' && typeof b === 'object')
    return Math.max(
      0,
      ...Object.keys(a).map((k) => maxRelativeDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])),
    );
  return 0;
}

describe('--posterior over a calibrated scenario', () => {
  it('the calibrated scenario records this posterior and the values it holds', () => {
    expect(calibrated.calibration?.sha256).toBe(posterior.sha256);
    const held = checkPosterior(posterior, calibrated, 'calibrated.yaml');
    expect(Object.keys(held).sort()).toEqual(posterior.priors.map((p) => p.name).sort());
    expect(checkPosterior(posterior, baseline, 'baseline.yaml')).toEqual({});
  });

  it('a particle over the calibrated scenario gives the model it gives over the baseline (no scale applied twice)', () => {
    const held = checkPosterior(posterior, calibrated, 'calibrated.yaml');
    for (const particle of [0, 17, posterior.thetas.length - 1]) {
      const theta = posterior.thetas[particle];
      const fromBaseline = resolveParams(scenarioFor(baseline, posterior.priors, theta));
      const rebased = resolveParams(scenarioFor(calibrated, posterior.priors, theta, held));
      const twice = resolveParams(scenarioFor(calibrated, posterior.priors, theta));
      for (const part of ['country', 'networks', 'police', 'economics', 'coverage'] as const) {
        expect(maxRelativeDifference(rebased[part], fromBaseline[part]), part).toBeLessThan(1e-9);
      }
      // Applied a second time, the scale parameters would move the model far off.
      expect(maxRelativeDifference(twice.country, fromBaseline.country)).toBeGreaterThan(0.1);
    }
  });

  it('a counterfactual that sets a calibrated parameter keeps its own value: adaptation stays off under every particle', () => {
    const held = checkPosterior(posterior, calibrated, 'calibrated.yaml');
    const off = loadScenario(at('scenarios/counterfactuals/calibrated-no-adaptation.yaml')).scenario;
    const fixed = { ...calibrated, networks: { ...calibrated.networks, entry: 0.0123 } };
    for (const particle of [0, 17, posterior.thetas.length - 1]) {
      const theta = posterior.thetas[particle];
      const s = scenarioFor(off, posterior.priors, theta, held);
      expect(s.networks.adaptation).toBe('off');
      expect(resolveParams(s).networks.adaptationOff).toBe(true);
      // The other parameters move as on the calibrated scenario.
      const on = scenarioFor(calibrated, posterior.priors, theta, held);
      expect(s.networks.learning).toEqual(on.networks.learning);
      expect(s.economics.market_size).toEqual(on.economics.market_size);
      expect(scenarioFor(fixed, posterior.priors, theta, held).networks.entry).toBe(0.0123);
    }
  });

  it('run and compare refuse a scenario that holds another posterior’s values (exit 2, nothing run)', async () => {
    const other = join(dir, 'other.yaml');
    writeFileSync(
      other,
      `extends: ${JSON.stringify(at('scenarios/calibrated.yaml'))}\nname: other\ncalibration: { posterior: elsewhere.csv, sha256: '${'0'.repeat(64)}', values: {} }\n`,
    );
    const r = await runCli([
      'run',
      other,
      '--replicates',
      '1',
      '--posterior',
      POSTERIOR,
      '--out',
      join(dir, 'out'),
      '--allow-outside-extends',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/calibration: the scenario holds the values of another posterior \(elsewhere\.csv\)/);
    expect(r.err).not.toMatch(/done \(/);
    const c = await runCli([
      'compare',
      other,
      '--replicates',
      '2',
      '--posterior',
      POSTERIOR,
      '--out',
      join(dir, 'cmp'),
      '--allow-outside-extends',
    ]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/holds the values of another posterior/);
  });

  it('run --posterior on the calibrated scenario and on the baseline give the same yearly outputs', async () => {
    const outs = [join(dir, 'cal'), join(dir, 'base')];
    for (const [i, s] of ['scenarios/calibrated.yaml', 'scenarios/baseline.yaml'].entries()) {
      const r = await runCli([
        'run',
        at(s),
        '--replicates',
        '2',
        '--seed',
        '3',
        '--workers',
        '1',
        '--posterior',
        POSTERIOR,
        '--out',
        outs[i],
        '-q',
      ]);
      expect(r.code, r.err).toBe(0);
    }
    const values = (d: string) =>
      readFileSync(join(d, 'yearly.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => Number(l.split(',')[4]));
    const [a, b] = outs.map(values);
    expect(a.length).toBe(b.length);
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-6);
  }, 60_000);
});
