/**
 * Who the victims are: new victims by trait of their stratum (sex, age,
 * information, wage band, family risk), their shares of all new victims, and the
 * people at risk at home with each trait (metrics.ts).
 */
import { describe, expect, it } from 'vitest';
import { yearlySeries } from '../../engine/runner/outputs.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { AWARE, CHILD, FAMILY_RISK, FEMALE, LOW_WAGE, STRATA } from '../../engine/model/strata.ts';
import { reporterIndex } from '../../engine/model/metrics.ts';
import { COUNTRY_CODES, NC, countryIndex } from '../../engine/kernel/scenario/countries.ts';
import type { ScenarioInput } from '../../engine/kernel/scenario/schema.ts';
import { drive, metric, scenarioOf, sum } from './helpers.ts';

const TRAITS = [
  { name: 'female', bit: FEMALE },
  { name: 'child', bit: CHILD },
  { name: 'aware', bit: AWARE },
  { name: 'low_wage', bit: LOW_WAGE },
  { name: 'family_risk', bit: FAMILY_RISK },
] as const;

/**
 * One origin (MD, 2,000 people at risk), one destination (RO), two years. Three
 * networks with full reach (recruit_half 0) that never go bankrupt (member_cost 0)
 * recruit in MD; no one is intercepted, identified or escapes, so every victim ever
 * recruited is still an agent at the end.
 */
function scenario(md: Record<string, unknown>): ScenarioInput {
  return {
    name: 'profile',
    seed: 11,
    start: '1995-01',
    end: '1996-12',
    countries: {
      MD: { population_at_risk: 2000, emigration: 0.02, recruited_share: 0.5, safe_return: 0, ...md },
      RO: { demand: 1, detection: 0, escape: 0 },
    },
    borders: { 'MD-RO': { interception: 0 } },
    networks: { initial: { MD: 3 }, recruit_half: 0, adaptation: 'off' },
    economics: { member_cost: 0 },
  } as ScenarioInput;
}

const run = (input: ScenarioInput, replicate = 0) => {
  const params = resolveParams(scenarioOf(input));
  return { params, ticks: params.clock.ticks, ...drive(params, replicate) };
};

describe('who the victims are', () => {
  it('a population of women in the low wage band, all adults, uninformed, no family risk: the counts follow exactly', () => {
    const r = run(scenario({ female_share: 1, child_share: 0, aware_share: 0, low_wage_share: 1, family_risk_share: 0 }));
    const m = (name: string, c = 'MD') => metric(r.series, name, c, r.ticks);
    const recruited = m('victims_recruited');
    expect(sum(recruited)).toBeGreaterThan(20);
    for (const c of ['MD', 'ALL']) {
      expect(m('victims_female', c)).toEqual(m('victims_recruited', c));
      expect(m('victims_low_wage', c)).toEqual(m('victims_recruited', c));
      expect(sum(m('victims_child', c))).toBe(0);
      expect(sum(m('victims_aware', c))).toBe(0);
      expect(sum(m('victims_family_risk', c))).toBe(0);
      expect(m('at_risk_female', c)).toEqual(m('population_at_risk', c));
      expect(m('at_risk_low_wage', c)).toEqual(m('population_at_risk', c));
      expect(sum(m('at_risk_child', c))).toBe(0);
      expect(sum(m('at_risk_aware', c))).toBe(0);
      expect(sum(m('at_risk_family_risk', c))).toBe(0);
    }
    // Shares: 1 or 0 in months with new victims, NA (NaN) in months without.
    const shares = Object.fromEntries(TRAITS.map(({ name }) => [name, m(`share_${name}`)]));
    recruited.forEach((n, k) => {
      if (n > 0) {
        expect(shares.female[k]).toBe(1);
        expect(shares.low_wage[k]).toBe(1);
        expect(shares.child[k]).toBe(0);
        expect(shares.aware[k]).toBe(0);
        expect(shares.family_risk[k]).toBe(0);
      } else for (const { name } of TRAITS) expect(Number.isNaN(shares[name][k]), name).toBe(true);
    });
    // No victims from a country that is not an origin.
    expect(sum(m('victims_female', 'RO'))).toBe(0);
    expect(sum(m('at_risk_female', 'RO'))).toBe(0);
  });

  it('with every trait half and half, the new victims with and without each trait add up to those recruited, agent by agent', () => {
    const shares = { female_share: 0.5, child_share: 0.5, aware_share: 0.5, low_wage_share: 0.5, family_risk_share: 0.5 };
    const r = run(scenario(shares));
    const md = countryIndex('MD');
    const s = r.state;
    const recruited = sum(metric(r.series, 'victims_recruited', 'MD', r.ticks));
    // No victim has left: the agents are exactly the victims ever recruited.
    expect(s.victims.count).toBe(recruited);
    expect(recruited).toBeGreaterThan(40);
    const stratum = s.victims.cols.stratum;
    for (const { name, bit } of TRAITS) {
      let withTrait = 0;
      for (let i = 0; i < s.victims.count; i++) if ((stratum[i] & bit) !== 0) withTrait++;
      const counted = sum(metric(r.series, `victims_${name}`, 'MD', r.ticks));
      expect(counted, name).toBe(withTrait);
      // Both sides are recruited, and they add up.
      expect(counted, name).toBeGreaterThan(0);
      expect(recruited - counted, name).toBeGreaterThan(0);
      expect(counted + (s.victims.count - withTrait), name).toBe(recruited);
    }
    // Sex and age never change and no one comes home, so the women and girls at home at
    // the end, abroad safely and among the victims are the 1,000 of the start.
    for (const { name, bit } of [TRAITS[0], TRAITS[1]]) {
      let abroad = 0;
      for (let g = 0; g < STRATA; g++) if ((g & bit) !== 0) abroad += s.safeAbroad[md * STRATA + g];
      const atHome = metric(r.series, `at_risk_${name}`, 'MD', r.ticks)[r.ticks - 1];
      const victims = sum(metric(r.series, `victims_${name}`, 'MD', r.ticks));
      expect(atHome + abroad + victims, name).toBe(1000);
    }
  });

  it('in every year and country, no trait has more new victims than are recruited, nor more people at risk than the total', () => {
    const inputs: ScenarioInput[] = [
      scenario({
        female_share: 0.7,
        child_share: 0.2,
        aware_share: 0.1,
        low_wage_share: 0.6,
        family_risk_share: 0.2,
        awareness_campaign: 0.02,
      }),
      {
        ...scenario({ female_share: 0.3, child_share: 0.5, aware_share: 0.4, low_wage_share: 0.9, family_risk_share: 0.5 }),
        countries: {
          MD: {
            population_at_risk: 1500,
            emigration: 0.03,
            recruited_share: 0.6,
            female_share: 0.6,
            child_share: 0.1,
            low_wage_share: 0.8,
          },
          RO: {
            population_at_risk: 800,
            emigration: 0.02,
            recruited_share: 0.4,
            demand: 1,
            detection: 0.05,
            escape: 0.02,
            police_capacity: 1,
            female_share: 0.4,
            aware_share: 0.3,
          },
          HU: { demand: 2, detection: 0.05 },
        },
        borders: { 'MD-RO': { interception: 0.1 }, 'RO-HU': { interception: 0.05 } },
        networks: { initial: { MD: 2, RO: 2 }, criminal_pool: { MD: 10, RO: 10 }, recruit_half: 5 },
        levers: { jobs: { level: 0.01 } },
      } as ScenarioInput,
    ];
    const W = NC + 1;
    const at = (name: string) => reporterIndex.get(name)!;
    let checked = 0;
    for (const input of inputs)
      for (const replicate of [0, 1]) {
        const r = run(input, replicate);
        const yearly = yearlySeries({ replicate, series: r.series, agentSteps: 0, peakAgents: 0, bytesPerAgent: 0 }, r.params.report);
        const years = yearly[at('victims_recruited')].length / W;
        const views = [
          { every: r.series, periods: r.ticks },
          { every: yearly, periods: years },
        ];
        for (const { every, periods } of views)
          for (let p = 0; p < periods; p++)
            for (let c = 0; c < W; c++) {
              const i = p * W + c;
              const recruited = every[at('victims_recruited')][i];
              const atRisk = every[at('population_at_risk')][i];
              for (const { name } of TRAITS) {
                const where = `${name}, period ${p}, ${c === NC ? 'ALL' : COUNTRY_CODES[c]}`;
                const v = every[at(`victims_${name}`)][i];
                const a = every[at(`at_risk_${name}`)][i];
                const share = every[at(`share_${name}`)][i];
                expect(v, where).toBeGreaterThanOrEqual(0);
                expect(v, where).toBeLessThanOrEqual(recruited);
                expect(a, where).toBeGreaterThanOrEqual(0);
                expect(a, where).toBeLessThanOrEqual(atRisk);
                if (recruited > 0) expect(share, where).toBeCloseTo(v / recruited, 12);
                else expect(Number.isNaN(share), where).toBe(true);
                checked++;
              }
            }
        expect(sum(metric(r.series, 'victims_recruited', 'ALL', r.ticks))).toBeGreaterThan(0);
      }
    expect(checked).toBeGreaterThan(1000);
  });
});
