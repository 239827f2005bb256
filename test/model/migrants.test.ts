/**
 * Mechanism tests for the population at risk: strata, awareness and success
 * stories. Each fails if its mechanism is removed.
 */
import { describe, expect, it } from 'vitest';
import { resolveParams, splitIntoStrata } from '../../engine/model/params.ts';
import { AWARE, CHILD, FEMALE, STRATA } from '../../engine/model/strata.ts';
import { countryIndex } from '../../engine/kernel/scenario/countries.ts';
import type { ScenarioInput } from '../../engine/kernel/scenario/schema.ts';
import { drive, metric, scenarioOf, sum } from './helpers.ts';

/**
 * One origin (MD) with 20,000 people at risk, one destination (RO), two years.
 * Three networks recruit in MD; recruit_half 0 gives them full reach (reach =
 * members / (members + recruit_half) = 1, migrants.ts), members cost nothing so
 * none goes bankrupt, and adaptation is off so their strategy (clandestine, bar,
 * coercion) never changes: recruitment depends only on the mechanisms tested here.
 */
function scenario(md: Record<string, unknown>, extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    name: 'mechanism',
    seed: 7,
    start: '1995-01',
    end: '1996-12',
    countries: {
      MD: { population_at_risk: 20_000, emigration: 0.01, recruited_share: 0.5, safe_return: 0, ...md },
      RO: { demand: 1, detection: 0, escape: 0 },
    },
    borders: { 'MD-RO': { interception: 0 } },
    networks: { initial: { MD: 3 }, recruit_half: 0, adaptation: 'off' },
    economics: { member_cost: 0 },
    ...extra,
  } as ScenarioInput;
}
const run = (input: ScenarioInput, replicate = 0) => {
  const params = resolveParams(scenarioOf(input));
  return { params, ...drive(params, replicate) };
};
const total = (r: ReturnType<typeof run>, name: string, country = 'ALL') => sum(metric(r.series, name, country, r.params.clock.ticks));

describe('strata of the population at risk', () => {
  it('splitIntoStrata gives whole counts that add up exactly, by the shares', () => {
    const out = new Float64Array(STRATA);
    splitIntoStrata(1001, [0.75, 0.5, 0.1, 0.5, 0.1], out, 0);
    expect(sum(out)).toBe(1001);
    for (const v of out) expect(Number.isInteger(v) && v >= 0).toBe(true);
    const where = (bit: number, set: boolean) => sum(Array.from(out).filter((_, g) => ((g & bit) !== 0) === set));
    expect(where(FEMALE, true)).toBe(751); // round(1001 × 0.75)
    expect(where(CHILD, true)).toBe(Math.round(751 * 0.5) + Math.round(250 * 0.5));
    expect(where(AWARE, true)).toBeGreaterThanOrEqual(98);
    expect(where(AWARE, true)).toBeLessThanOrEqual(102);
  });

  it('the initial population at home is split by the scenario’s shares', () => {
    const params = resolveParams(
      scenarioOf(scenario({ female_share: 1, child_share: 0, aware_share: 0, low_wage_share: 0, family_risk_share: 0 })),
    );
    const md = countryIndex('MD') * STRATA;
    expect(params.initialHome[md + FEMALE]).toBe(20_000);
    expect(sum(params.initialHome.subarray(md, md + STRATA))).toBe(20_000);
  });

  it('recruited victims keep their stratum', () => {
    const r = run(scenario({ female_share: 1, child_share: 1, low_wage_share: 0, family_risk_share: 0 }));
    const { stratum } = r.state.victims.cols;
    expect(r.state.victims.count).toBeGreaterThan(0);
    for (let i = 0; i < r.state.victims.count; i++) expect(stratum[i]).toBe(FEMALE | CHILD);
  });
});

describe('awareness', () => {
  it('informed people who never accept offers are never recruited, but still migrate safely', () => {
    const r = run(scenario({ aware_share: 1 }, { behaviour: { aware_acceptance: 0 } }));
    expect(total(r, 'victims_recruited')).toBe(0);
    expect(metric(r.series, 'migrants_safe_abroad', 'MD', r.params.clock.ticks).at(-1)).toBeGreaterThan(1000);
  });

  it('awareness lowers recruitment in proportion to aware_acceptance', () => {
    const ratios = [0, 1, 2].map((rep) => {
      const informed = run(scenario({ aware_share: 1 }, { behaviour: { aware_acceptance: 0.3 } }), rep);
      const uninformed = run(scenario({ aware_share: 0 }, { behaviour: { aware_acceptance: 0.3 } }), rep);
      return total(informed, 'victims_recruited') / total(uninformed, 'victims_recruited');
    });
    for (const ratio of ratios) {
      expect(ratio).toBeGreaterThan(0.25);
      expect(ratio).toBeLessThan(0.35);
    }
  });

  it('a campaign that reaches everyone in the first month informs the whole population at home', () => {
    const r = run(
      scenario({ aware_share: 0, awareness_campaign: { schedule: { 1995: 1, '1995-02': 0 } } }, { behaviour: { aware_acceptance: 0 } }),
    );
    // Month 1: everyone at home is informed before anyone leaves, so nobody is ever recruited.
    expect(total(r, 'victims_recruited')).toBe(0);
    const md = countryIndex('MD') * STRATA;
    for (let g = 0; g < STRATA; g++) if ((g & AWARE) === 0) expect(r.state.home[md + g]).toBe(0);
  });

  it('without campaigns nobody becomes informed', () => {
    const r = run(scenario({ aware_share: 0 }));
    const md = countryIndex('MD') * STRATA;
    for (let g = 0; g < STRATA; g++) if ((g & AWARE) !== 0) expect(r.state.home[md + g] + r.state.safeAbroad[md + g]).toBe(0);
  });
});

describe('success stories', () => {
  it('people abroad safely raise the wish to leave of those at home', () => {
    for (const rep of [0, 1]) {
      const without = run(scenario({ success_stories: 0 }), rep);
      const strong = run(scenario({ success_stories: 20 }), rep);
      const leftWithout =
        total(without, 'victims_recruited') + metric(without.series, 'migrants_safe_abroad', 'MD', without.params.clock.ticks).at(-1)!;
      const leftStrong =
        total(strong, 'victims_recruited') + metric(strong.series, 'migrants_safe_abroad', 'MD', strong.params.clock.ticks).at(-1)!;
      expect(leftStrong).toBeGreaterThan(leftWithout * 1.5);
    }
  });
});

describe('recruiting effort', () => {
  // Depends on: migrants.ts (reach = members / (members + recruit_half) × the
  // members' mean effort), effort() and prospects.ts (a victim's expected profit
  // falls with the destination's price, demand.ts). recruit_half 0 saturates the
  // first factor, so only effort can move recruitment.
  const at = (demand: number, elasticity: number) =>
    scenario({}, {
      countries: {
        MD: { population_at_risk: 20_000, emigration: 0.01, recruited_share: 0.5, safe_return: 0 },
        RO: { demand, detection: 0, escape: 0 },
      },
      networks: { initial: { MD: 3 }, recruit_half: 0, adaptation: 'off', profit_elasticity: elasticity },
    } as Partial<ScenarioInput>);

  it('where recruiters are plentiful, less demand still means fewer recruited when recruitment answers to profit', () => {
    for (const rep of [0, 1]) {
      const high = total(run(at(1, 1), rep), 'victims_recruited');
      const low = total(run(at(0.3, 1), rep), 'victims_recruited');
      expect(low).toBeLessThan(0.8 * high);
    }
  });

  it('with profit_elasticity 0, demand does not change how many are recruited in the first month', () => {
    for (const rep of [0, 1]) {
      const high = metric(run(at(1, 0), rep).series, 'victims_recruited', 'MD', 24)[0];
      const low = metric(run(at(0.3, 0), rep).series, 'victims_recruited', 'MD', 24)[0];
      expect(high).toBeGreaterThan(0);
      expect(low).toBe(high);
    }
  });
});
