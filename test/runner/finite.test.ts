/**
 * The check of non-finite outputs: a clean run of the tiny scenario passes; a cell
 * set to ±Infinity (or NaN outside a ratio metric) is reported with its metric,
 * country, month and replicate and the scenario's largest values; NaN in a ratio
 * metric is "NA" and passes; a flow whose yearly total overflows is reported; a
 * scenario with a huge value, run for real, is caught.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { checkFinite, largestValues, nonFiniteProblems } from '../../engine/runner/finite.ts';
import { formatProblem, InputError } from '../../engine/kernel/messages.ts';
import { reporterIndex } from '../../engine/model/metrics.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { runReplicate, type ReplicateResult } from '../../engine/model/step.ts';
import { COUNTRY_CODES, NC, countryIndex } from '../../engine/kernel/scenario/countries.ts';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import type { Scenario } from '../../engine/kernel/scenario/schema.ts';

const TINY = fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url));
const W = NC + 1;
const { scenario } = loadScenario(TINY);
const params = resolveParams(scenario);
const clean = [runReplicate(params, 0), runReplicate(params, 1)];
const clock = params.report;

/** Copies of the clean results (the originals stay clean). */
const copy = (rs: ReplicateResult[]) => rs.map((r) => ({ ...r, series: r.series.map((s) => s.slice()) }));
/** The tick of a month 'YYYY-MM'. */
const tick = (ym: string) => {
  const [y, m] = ym.split('-').map(Number);
  return (y - clock.start.year) * 12 + (m - clock.start.month);
};
const set = (r: ReplicateResult, metric: string, ym: string, country: string, v: number) =>
  (r.series[reporterIndex.get(metric)!][tick(ym) * W + (country === 'ALL' ? NC : countryIndex(country as (typeof COUNTRY_CODES)[number]))] =
    v);
const texts = (rs: ReplicateResult[], s: Scenario = scenario) => nonFiniteProblems(rs, clock, s, 'tiny.yaml').map(formatProblem);

describe('nonFiniteProblems', () => {
  it('finds nothing in a clean run of the tiny scenario (whose ratio metrics hold NaN for NA)', () => {
    // The run does hold NA ratios, so the check passes them on purpose.
    expect(clean.some((r) => r.series[reporterIndex.get('share_west')!].some(Number.isNaN))).toBe(true);
    expect(nonFiniteProblems(clean, clock, scenario, 'tiny.yaml')).toEqual([]);
    expect(() => checkFinite(clean, clock, scenario, 'tiny.yaml')).not.toThrow();
  });

  it('reports an Infinity with its metric, country, month, replicate and the scenario’s largest values', () => {
    const rs = copy(clean);
    set(rs[1], 'victims_exploited', '1997-03', 'RO', Infinity);
    expect(texts(rs)).toEqual([
      "tiny.yaml: the run produced a non-finite value (Infinity) in victims_exploited, Romania (RO), 1997-03, replicate 1: the scenario's values are likely too large for the model; its largest are economics.exit_debt = 30000, economics.conviction_loss = 30000, economics.growth_cost = 3000",
    ]);
    const err = (() => {
      try {
        checkFinite(rs, clock, scenario, 'tiny.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems).toHaveLength(1);
  });

  it('reports the earliest month of the first affected replicate, whatever the metric order', () => {
    const rs = copy(clean);
    set(rs[0], 'arrests', '1996-05', 'MD', -Infinity);
    set(rs[0], 'victims_recruited', '1997-01', 'MD', Infinity);
    set(rs[1], 'victims_recruited', '1995-01', 'MD', Infinity);
    expect(texts(rs)[0]).toContain('(-Infinity) in arrests, Moldova (MD), 1996-05, replicate 0:');
  });

  it('reports NaN outside ratio metrics, and Infinity in a ratio metric, but passes NaN in a ratio metric', () => {
    const nan = copy(clean);
    set(nan[1], 'networks_active', '1995-01', 'ALL', NaN);
    expect(texts(nan)[0]).toContain('(NaN) in networks_active, ALL (the region), 1995-01, replicate 1:');
    const ratioNa = copy(clean);
    set(ratioNa[0], 'share_legal_travel', '1996-01', 'MD', NaN);
    set(ratioNa[0], 'visibility', '1996-01', 'ALL', NaN);
    expect(texts(ratioNa)).toEqual([]);
    const ratioInf = copy(clean);
    set(ratioInf[0], 'visibility', '1996-01', 'ALL', Infinity);
    expect(texts(ratioInf)[0]).toContain('(Infinity) in visibility, ALL (the region), 1996-01, replicate 0:');
  });

  it('reports a flow whose months are finite but whose yearly total is not', () => {
    const rs = copy(clean);
    set(rs[0], 'trafficker_revenue', '1996-03', 'MD', 1e308);
    set(rs[0], 'trafficker_revenue', '1996-09', 'MD', 1e308);
    expect(texts(rs)[0]).toContain('(Infinity) in the 1996 total of trafficker_revenue, Moldova (MD), replicate 0 (from 1996-09):');
    // A stock's months are not summed (its year is its last month): two huge months of it are no problem.
    const stock = copy(clean);
    set(stock[0], 'victims_exploited', '1996-03', 'RO', 1e308);
    set(stock[0], 'victims_exploited', '1996-04', 'RO', 1e308);
    expect(texts(stock)).toEqual([]);
  });

  it('names the scenario’s largest values by dotted path, seed and replicates aside', () => {
    const s = structuredClone(scenario) as Scenario & Record<string, unknown>;
    (s.economics as Record<string, unknown>).revenue = 1e308;
    (s.countries.RO as Record<string, unknown>).demand = -2e300;
    s.seed = 4_000_000_000;
    expect(largestValues(s)).toEqual(['economics.revenue = 1e+308', 'countries.RO.demand = -2e+300', 'economics.exit_debt = 30000']);
    expect(largestValues(s, 1)).toEqual(['economics.revenue = 1e+308']);
    // Schedules and lists are walked too.
    expect(largestValues({ a: { schedule: { 1996: 7 } }, b: [1, 9] } as unknown as Scenario)).toEqual([
      'b[1] = 9',
      'a.schedule.1996 = 7',
      'b[0] = 1',
    ]);
  });

  it('catches a real run of a scenario with a huge value, and names that value first', () => {
    // The schema now bounds revenue (at 1e7 EUR), so a file cannot say this: the
    // check is the last guard for values that pass it, as this one is set past it.
    const huge = structuredClone(scenario);
    (huge.economics as Record<string, unknown>).revenue = 1e308;
    const p = resolveParams(huge);
    const [problem] = nonFiniteProblems([runReplicate(p, 0)], p.clock, huge, 'huge.yaml').map(formatProblem);
    expect(problem).toMatch(
      /^huge\.yaml: the run produced a non-finite value \(Infinity\) in trafficker_revenue, .*; its largest are economics\.revenue = 1e\+308, /,
    );
  });
});
