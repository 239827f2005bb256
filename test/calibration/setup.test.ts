/**
 * The calibration's inputs: the targets are the brief's figures, mapped to metrics
 * the model reports; every free parameter acts on values the baseline has, within
 * their stated ranges; drawing and setting parameters behave as documented.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPriors, loadTargets, priorDensity, priorQuantile, type Prior } from '../../engine/apps/calibration/setup.ts';
import { missingPaths, shiftSchedule, withParameter } from '../../engine/kernel/scenario/edits.ts';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { makeScenarioSchema } from '../../engine/kernel/scenario/schema.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { REPORTERS } from '../../engine/model/metrics.ts';
import { countryIndex } from '../../engine/kernel/scenario/countries.ts';
import { InputError } from '../../engine/kernel/messages.ts';

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const targets = loadTargets(root('calibration/targets.yaml'));
const priors = loadPriors(root('calibration/priors.yaml'));
const base = loadScenario(root('scenarios/baseline.yaml')).scenario;

describe('calibration/targets.yaml', () => {
  it('holds every figure of the brief’s calibration section, with its source', () => {
    const at = (metric: string, country: string) =>
      Object.fromEntries(targets.filter((t) => t.metric === metric && t.country === country).map((t) => [t.year, t.value]));
    // Table 1 row by row (the total is their sum, not fitted again); 1999 where the table has it.
    expect(at('table1_victims', 'BA')).toEqual({ 1999: 14, 2000: 200, 2001: 214, 2002: 283, 2003: 53 });
    expect(at('table1_victims', 'AL')).toEqual({ 1999: 7, 2000: 137, 2001: 64, 2002: 29, 2003: 15 });
    expect(at('table1_victims', 'XK')).toEqual({ 2000: 13, 2001: 135, 2002: 86, 2003: 45 });
    expect(at('table1_victims', 'MK')).toEqual({ 2000: 106, 2001: 262, 2002: 214, 2003: 141 });
    expect(at('table1_victims', 'MD')).toEqual({ 2000: 308, 2001: 364, 2002: 292, 2003: 235 });
    expect(at('table1_victims', 'RO')).toEqual({ 2000: 163, 2001: 261, 2002: 243, 2003: 111 });
    expect(at('table1_victims', 'BG')).toEqual({ 2000: 46, 2001: 96, 2002: 164, 2003: 46 });
    expect(at('table1_victims', 'ALL')).toEqual({});
    expect(at('police_offences', 'RO')).toEqual({ 2001: 423, 2002: 665, 2003: 1829 });
    expect(at('police_persons', 'RO')).toEqual({ 2001: 524, 2002: 581, 2003: 1396 });
    expect(at('arrests', 'RO')).toEqual({ 2003: 187 });
    expect(at('networks_dismantled', 'RO')).toEqual({ 2003: 283 });
    expect(at('convictions', 'RO')).toEqual({ 2002: 0, 2003: 49 });
    expect(at('convictions_over_1y', 'RO')).toEqual({ 2003: 27 });
    expect(at('officials_investigated', 'RO')).toEqual({ 2003: 15 });
    expect(at('officials_dismissed', 'RO')).toEqual({ 2003: 2 });
    expect(targets).toHaveLength(43);
    for (const t of targets) expect(t.source).toMatch(/Vreja 2005/);
  });

  it('maps each figure to a metric reported for its country, within the baseline’s years', () => {
    for (const t of targets) {
      const r = REPORTERS.find((x) => x.name === t.metric)!;
      expect(r).toBeDefined();
      if (t.country !== 'ALL') expect(r.scope).toBe('country');
      expect(t.year).toBeGreaterThanOrEqual(1995);
      expect(t.year).toBeLessThanOrEqual(2006);
      expect(t.sigma).toBeGreaterThan(0);
    }
    // The 1999 figure reflects a database only starting to count: a wide tolerance.
    expect(targets.find((t) => t.year === 1999)!.sigma).toBeGreaterThan(targets.find((t) => t.year === 2000)!.sigma);
  });

  it('reports a bad targets file by field, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tipsim-targets-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'error: { transform: log1p, default_sigma: 0.3 }\ngroups:\n  - { name: a, metric: victims_asisted, country: ALL, source: x, values: { 2001: 5 } }\n',
    );
    try {
      loadTargets(file);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const p = (e as InputError).problems[0];
      expect(p.file).toBe(file);
      expect(p.path).toBe('groups[0].metric');
    }
  });
});

describe('calibration/priors.yaml', () => {
  it('every parameter acts on values the baseline has, and says why', () => {
    expect(priors.length).toBeGreaterThanOrEqual(10);
    for (const p of priors) {
      expect(missingPaths(base, p)).toEqual([]);
      expect(p.reason.length).toBeGreaterThan(20);
    }
  });

  it('at both ends of its range, every parameter gives a valid scenario that runs', () => {
    const schema = makeScenarioSchema({ start: base.start, end: base.end });
    for (const p of priors)
      for (const x of p.range) {
        const s = withParameter(base, p, x);
        const r = schema.safeParse(s);
        expect(
          r.success,
          `${p.name} at ${x}: ${r.success ? '' : r.error.issues[0].message} at ${r.success ? '' : r.error.issues[0].path.join('.')}`,
        ).toBe(true);
        expect(() => resolveParams(s)).not.toThrow();
      }
  });

  it('a set parameter within the baseline’s assumption range where the baseline gives one', () => {
    for (const p of priors.filter((q) => q.mode === 'set'))
      for (const path of p.paths) {
        let v: unknown = base;
        for (const k of path.split('.')) v = (v as Record<string, unknown>)[k];
        const range = (v as { assumption?: [number, number] }).assumption;
        if (!range) continue;
        expect(p.range[0], `${p.name} low`).toBeGreaterThanOrEqual(range[0]);
        expect(p.range[1], `${p.name} high`).toBeLessThanOrEqual(range[1]);
      }
  });
});

describe('drawing and setting parameters', () => {
  const uniform: Prior = {
    name: 'u',
    paths: ['networks.adaptation'],
    mode: 'set',
    distribution: 'uniform',
    range: [0.1, 0.5],
    reason: 'test',
  };
  const logUniform: Prior = { ...uniform, distribution: 'log_uniform', range: [1, 100] };

  it('quantiles and densities of uniform and log-uniform priors', () => {
    expect(priorQuantile(uniform, 0.5)).toBeCloseTo(0.3, 12);
    expect(priorQuantile(logUniform, 0.5)).toBeCloseTo(10, 10);
    expect(priorQuantile(logUniform, 0)).toBeCloseTo(1, 12);
    expect(priorDensity(uniform, 0.2)).toBeCloseTo(2.5, 12);
    expect(priorDensity(uniform, 0.6)).toBe(0);
    // Log-uniform: density × x is constant.
    expect(priorDensity(logUniform, 2) * 2).toBeCloseTo(priorDensity(logUniform, 50) * 50, 12);
  });

  it('set writes the value into {value, ...} fields; scale multiplies numbers and schedule points', () => {
    const adaptation = priors.find((p) => p.name === 'adaptation')!;
    const a = resolveParams(withParameter(base, adaptation, 0.3));
    expect(Array.from(new Set(a.networks.adaptation))).toEqual([0.3]);
    const emigration = priors.find((p) => p.name === 'emigration_scale')!;
    const b = resolveParams(base);
    const c = resolveParams(withParameter(base, emigration, 2));
    const T = b.clock.ticks;
    for (const code of ['RO', 'UA', 'BY', 'BG'] as const)
      for (const k of [0, 60, T - 1])
        expect(c.country.emigration[countryIndex(code) * T + k]).toBeCloseTo(2 * b.country.emigration[countryIndex(code) * T + k], 15);
    // Moldova has its own scale.
    expect(c.country.emigration[countryIndex('MD') * T]).toBe(b.country.emigration[countryIndex('MD') * T]);
    const police = priors.find((p) => p.name === 'ro_police_scale')!;
    const d = resolveParams(withParameter(base, police, 0.5));
    const ro = countryIndex('RO') * T;
    expect(d.country.police_capacity[ro + T - 1]).toBeCloseTo(b.country.police_capacity[ro + T - 1] / 2, 12);
    // The base scenario is left as it was.
    expect(resolveParams(base).country.emigration).toEqual(b.country.emigration);
  });

  it('shift moves a schedule’s points after the first by whole months, keeping their order', () => {
    expect(shiftSchedule({ 1995: 0.5, '2001-06': 1, '2002-01': 16 }, -12)).toEqual({ 1995: 0.5, '2000-06': 1, '2001-01': 16 });
    expect(shiftSchedule({ 1995: 0.5, '2001-06': 1, '2002-01': 16 }, 3)).toEqual({ 1995: 0.5, '2001-09': 1, '2002-04': 16 });
    // Points never move to or before the first one.
    expect(shiftSchedule({ 1995: 0, 1996: 1, '1996-02': 2 }, -30)).toEqual({ 1995: 0, '1995-02': 1, '1995-03': 2 });
    const push = priors.find((p) => p.name === 'balkan_push_shift')!;
    const b = resolveParams(base);
    const c = resolveParams(withParameter(base, push, -11.6));
    const T = b.clock.ticks;
    const cs = countryIndex('CS') * T;
    // The baseline's January 2002 level arrives in January 2001 (month 72 from 1995-01).
    const y1995 = b.reportTick;
    expect(b.clock.year[y1995]).toBe(1995);
    expect(c.country.police_capacity[cs + y1995 + 72]).toBeCloseTo(b.country.police_capacity[cs + y1995 + 84], 12);
    expect(c.country.police_capacity[cs + 0]).toBe(b.country.police_capacity[cs + 0]);
  });
});
