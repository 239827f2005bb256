/**
 * Seminar mode: the scenario a setting of the page makes (viz/seminar/
 * settings.ts), the scale the page runs at (engine/kernel/scenario/edits.ts), and the guided
 * path's steps. Hand-built expectations, in Node.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { makeScenarioSchema, type Scenario } from '../../engine/kernel/scenario/schema.ts';
import { scaleScenario, scaleTimeValue } from '../../engine/kernel/scenario/edits.ts';
import { seminarData, SEMINAR_SCALE } from '../../engine/apps/seminar/page.ts';
import { PRONGS, particleOf, seminarScenario, type SeminarData } from '../../engine/apps/seminar/settings.ts';
import { loadPosterior, particlesFor } from '../../engine/apps/calibration/posterior.ts';
import { scenarioFor } from '../../engine/kernel/scenario/edits.ts';
import { GUIDE } from '../../engine/apps/seminar/guide.ts';

const valid = (s: Scenario) => makeScenarioSchema({ start: s.start, end: s.end }).safeParse(s);

describe('scaleScenario', () => {
  it('scales people, networks, pools, markets and police, and leaves rates alone', () => {
    const base = loadScenario('scenarios/calibrated.yaml').scenario;
    const half = scaleScenario(base, 0.5);
    expect(half.countries.RO!.population_at_risk).toBe(Math.round(base.countries.RO!.population_at_risk * 0.5));
    expect(half.networks.initial.RO).toBe(Math.round(base.networks.initial.RO! * 0.5));
    expect(half.networks.criminal_pool.MD).toBe(Math.round(base.networks.criminal_pool.MD! * 0.5));
    expect(half.police.venue_background).toEqual(scaleTimeValue(base.police.venue_background, 0.5));
    expect((half.police.venue_background as { value: number }).value).toBe((base.police.venue_background as { value: number }).value * 0.5);
    const ro = base.countries.RO!.police_capacity as { value: { schedule: Record<string, number> } };
    const roHalf = half.countries.RO!.police_capacity as typeof ro;
    for (const [d, v] of Object.entries(ro.value.schedule)) expect(roHalf.value.schedule[d]).toBe(v * 0.5);
    expect(half.countries.RO!.emigration).toEqual(base.countries.RO!.emigration);
    expect(half.countries.RO!.corruption).toEqual(base.countries.RO!.corruption);
    expect(valid(half).success).toBe(true);
  });

  it('scales every form of a time value and keeps an expression', () => {
    expect(scaleTimeValue(4, 0.5)).toBe(2);
    expect(scaleTimeValue({ schedule: { 1995: 2, 2003: 10 }, interpolate: 'step' }, 3)).toEqual({
      schedule: { 1995: 6, 2003: 30 },
      interpolate: 'step',
    });
    expect(scaleTimeValue({ value: 8, source: 'x' }, 0.25)).toEqual({ value: 2, source: 'x' });
    expect(scaleTimeValue({ expr: 't' }, 2)).toEqual({ expr: 't' });
  });
});

let data: SeminarData;
beforeAll(() => {
  data = seminarData();
});

describe('seminarScenario', () => {
  it('at the defaults is the calibrated baseline at seminar scale, reported 1995-2010 after its spin-up, with no levers', () => {
    const s = seminarScenario(data, data.defaults);
    expect(s.start).toBe(data.base.start);
    expect(s.report_from).toBe('1995-01');
    expect(s.end).toBe('2010-12');
    expect(data.scale).toBe(SEMINAR_SCALE);
    expect(Object.keys(s.levers ?? {})).toEqual([]);
    expect(s.networks.adaptation).toEqual(data.base.networks.adaptation);
    expect(s.seed).toBe(data.base.seed);
    expect(valid(s).success).toBe(true);
  });

  it('puts in each prong’s levers at its slider’s multiple', () => {
    const one = seminarScenario(data, { ...data.defaults, supply: 1 });
    expect(Object.keys(one.levers!).sort()).toEqual(Object.keys(data.prongs.supply).sort());
    expect(one.levers!.anti_corruption!.level).toEqual(data.prongs.supply.anti_corruption!.level);
    const two = seminarScenario(data, { ...data.defaults, supply: 2, victims: 0.5 });
    expect(two.levers!.anti_corruption!.level).toEqual({ schedule: { 1995: 0, 2003: 0.06 }, interpolate: 'step' });
    expect(two.levers!.police!.countries).toEqual(['RO', 'BG', 'MD']);
    expect(two.levers!.victim_support!.level).toEqual({ schedule: { 1995: 0, 2003: 0.25 }, interpolate: 'step' });
    expect(two.levers!.buyer_punishment).toBeUndefined();
    // Police operations are at seminar scale: half the supply prong's 32 a month.
    expect(one.levers!.police!.level).toEqual({ schedule: { 1995: 0, 2003: 32 * SEMINAR_SCALE }, interpolate: 'step' });
    for (const s of [one, two]) expect(valid(s).success).toBe(true);
  });

  it('switches adaptation and the visa lift off, scales corruption within [0, 1], and takes the seed', () => {
    const s = seminarScenario(data, { ...data.defaults, adaptation: false, visaLift: false, corruption: 2, seed: 7 });
    expect(s.networks.adaptation).toBe('off');
    expect(s.visas.schengen.required.RO).toBe(1);
    expect(s.visas.schengen.required.BG).toBe(1);
    expect(s.visas.schengen.required.MD).toEqual(data.base.visas.schengen.required.MD);
    const corruption = (c: Scenario['countries']['RO']) => (c!.corruption as { value: number }).value ?? c!.corruption;
    // Twice the base's level, within [0, 1] (the base holds the calibrated level).
    const base = (code: 'RO' | 'CS') => corruption(data.base.countries[code]) as number;
    expect(base('RO')).toBeGreaterThan(0);
    expect(base('RO')).toBeLessThan(0.5);
    expect(corruption(s.countries.RO)).toBeCloseTo(2 * base('RO'), 12);
    expect(corruption(s.countries.CS)).toBeCloseTo(Math.min(1, 2 * base('CS')), 12);
    // A level that doubles above 1 is held at 1.
    const corrupt = {
      ...data,
      base: { ...data.base, countries: { ...data.base.countries, CS: { ...data.base.countries.CS!, corruption: 0.7 } } },
    };
    const high = seminarScenario(corrupt, { ...data.defaults, corruption: 2 });
    expect(corruption(high.countries.CS)).toBe(1);
    expect(valid(high).success).toBe(true);
    const none = seminarScenario(data, { ...data.defaults, corruption: 0 });
    expect(corruption(none.countries.RO)).toBe(0);
    expect(s.seed).toBe(7);
    expect(valid(s).success).toBe(true);
    expect(valid(none).success).toBe(true);
    // The base is not changed.
    expect(data.base.visas.schengen.required.RO).not.toBe(1);
  });

  it('draws a posterior particle as tipsim run --posterior does for replicate 0, and sets it into the baseline before scaling', () => {
    expect(particleOf(data, data.defaults)).toBe(-1);
    const posterior = loadPosterior('calibration/posterior.csv');
    for (const seed of [1, 2, 99]) {
      const settings = { ...data.defaults, posterior: true, seed };
      const i = particleOf(data, settings);
      expect(i).toBe(particlesFor(posterior, seed, 1)[0]);
      const s = seminarScenario(data, settings);
      const expected = scaleScenario(
        scenarioFor({ ...loadScenario('scenarios/baseline.yaml').scenario, end: '2010-12' }, posterior.priors, posterior.thetas[i]),
        SEMINAR_SCALE,
        'seminar',
      );
      expect(s.countries).toEqual(expected.countries);
      expect(s.networks).toEqual(expected.networks);
      expect(s.police).toEqual(expected.police);
      expect(s.description).toContain(`posterior particle ${i}`);
      expect(valid(s).success).toBe(true);
    }
    // Different seeds draw different particles (of 200).
    expect(new Set([1, 2, 3, 4, 5, 6].map((seed) => particleOf(data, { ...data.defaults, posterior: true, seed }))).size).toBeGreaterThan(
      3,
    );
  });

  it('has budgets for every prong, about equal at 1, and none in the base', () => {
    for (const p of PRONGS) {
      expect(data.prongCost[p]).toBeGreaterThan(1e6);
      expect(data.baseCost[p]).toBe(0);
    }
    const costs = PRONGS.map((p) => data.prongCost[p]);
    expect(Math.max(...costs) / Math.min(...costs)).toBeLessThan(3);
  });

  it('carries the article’s Table 1 totals', () => {
    expect(data.table1).toEqual([
      { year: 1999, value: 21 },
      { year: 2000, value: 973 },
      { year: 2001, value: 1396 },
      { year: 2002, value: 1311 },
      { year: 2003, value: 646 },
    ]);
  });
});

describe('the guided path', () => {
  it('has five or six steps, each with a title, two or three sentences, and valid settings', () => {
    expect(GUIDE.length).toBeGreaterThanOrEqual(5);
    expect(GUIDE.length).toBeLessThanOrEqual(6);
    for (const g of GUIDE) {
      expect(g.title.length).toBeGreaterThan(5);
      const sentences = g.text.split(/(?<=[.!?])\s+(?=[A-Z])/).length;
      expect(sentences, g.title).toBeGreaterThanOrEqual(2);
      expect(sentences, g.title).toBeLessThanOrEqual(4);
      expect(valid(seminarScenario(data, { ...data.defaults, ...g.set })).success, g.title).toBe(true);
    }
    expect(GUIDE.some((g) => g.set.adaptation === false)).toBe(true);
    expect(GUIDE.some((g) => g.set.visaLift === false)).toBe(true);
    expect(GUIDE.some((g) => PRONGS.every((p) => (g.set[p] ?? 0) > 0))).toBe(true);
  });
});
