import { describe, expect, it } from 'vitest';
import { Stream, seedKey } from '../../engine/core/rng.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { EXPLOITED, IN_TRANSIT, peopleByOrigin } from '../../engine/model/state.ts';
import { runReplicate } from '../../engine/model/step.ts';
import { COUNTRY_CODES, NC } from '../../engine/model/world.ts';
import type { ScenarioInput } from '../../engine/scenario/schema.ts';
import { drive, metric, scenarioOf, sum } from './helpers.ts';

type Countries = NonNullable<ScenarioInput['countries']>;
type CountryInput = NonNullable<Countries[keyof Countries]>;

/** A random small scenario drawn from a seeded stream (never Math.random). */
function randomScenario(rng: Stream, index: number): ScenarioInput {
  // 2 to 6 distinct countries, in random order: the order is a path of borders.
  const codes = [...COUNTRY_CODES];
  for (let i = codes.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [codes[i], codes[j]] = [codes[j], codes[i]];
  }
  const chosen = codes.slice(0, 2 + rng.int(5));
  const rate = (max: number) => Math.round(rng.uniform() * max * 1e4) / 1e4;
  const maybeSchedule = (max: number) =>
    rng.bernoulli(0.3) ? { schedule: { '1995': rate(max), '1996-03': rate(max) }, interpolate: rng.bernoulli(0.5) ? ('linear' as const) : ('step' as const) } : rate(max);

  const countries: Countries = {};
  for (const code of chosen)
    countries[code] = {
      population_at_risk: rng.bernoulli(0.5) ? 50 + rng.int(3000) : 0,
      emigration: maybeSchedule(0.1),
      recruited_share: rate(1),
      safe_return: rate(0.3),
      demand: rng.bernoulli(0.6) ? maybeSchedule(3) : 0,
      detection: rate(0.3),
      escape: rate(0.3),
    } satisfies CountryInput;
  // At least one origin with people and one other country with demand.
  const origin = chosen[rng.int(chosen.length)];
  countries[origin]!.population_at_risk = 100 + rng.int(3000);
  countries[origin]!.emigration = 0.02 + rate(0.1);
  const dest = chosen.filter((c) => c !== origin)[rng.int(chosen.length - 1)];
  countries[dest]!.demand = 0.1 + rate(2);

  const borders: NonNullable<ScenarioInput['borders']> = {};
  for (let i = 0; i + 1 < chosen.length; i++) borders[`${chosen[i]}-${chosen[i + 1]}`] = { interception: rate(0.5) };
  // Sometimes a shortcut, so routes have a choice.
  if (chosen.length > 3 && rng.bernoulli(0.5)) borders[`${chosen[0]}-${chosen[chosen.length - 1]}`] = { interception: rate(0.5) };

  const months = 6 + rng.int(25);
  const endYear = 1995 + Math.floor((months - 1) / 12);
  const endMonth = ((months - 1) % 12) + 1;
  return {
    name: `random-${index}`,
    seed: rng.int(1_000_000),
    start: '1995-01',
    end: `${endYear}-${String(endMonth).padStart(2, '0')}`,
    countries,
    borders,
    observation: { coverage: rate(1) },
    agents: { capacity: 1 + rng.int(8) },
  };
}

describe('conservation of people (property test)', () => {
  const rng = Stream.fromKey(seedKey('conservation-property-test', 0));
  const cases = Array.from({ length: 30 }, (_, i) => randomScenario(rng, i));

  it.each(cases.map((c) => [c.name, c] as const))('%s: people by origin are conserved after every month', (_name, input) => {
    const params = resolveParams(scenarioOf(input));
    const initial = Array.from(params.populationAtRisk);
    let months = 0;
    let everRecruited = 0;
    // Violations are collected and asserted once (an expect per agent per month is slow).
    const violations: string[] = [];
    const { series } = drive(params, 0, (s) => {
      months++;
      everRecruited += sum(s.tally.recruited);
      const people = Array.from(peopleByOrigin(s));
      if (people.some((v, c) => v !== initial[c])) violations.push(`tick ${s.tick}: people by origin ${people} != ${initial}`);
      // Counts by country and stratum stay whole and non-negative.
      for (let i = 0; i < s.home.length; i++)
        if (!(s.home[i] >= 0 && Number.isInteger(s.home[i]) && s.safeAbroad[i] >= 0 && Number.isInteger(s.safeAbroad[i])))
          violations.push(`tick ${s.tick}: country*stratum ${i} home ${s.home[i]} safe abroad ${s.safeAbroad[i]}`);
      const { state, loc, dest, origin } = s.victims.cols;
      for (let i = 0; i < s.victims.count; i++) {
        const ok =
          (state[i] === IN_TRANSIT && loc[i] !== dest[i]) ||
          (state[i] === EXPLOITED && loc[i] === dest[i]);
        if (!ok || !(initial[origin[i]] > 0) || dest[i] === origin[i])
          violations.push(`tick ${s.tick}: agent ${i} state ${state[i]} origin ${origin[i]} loc ${loc[i]} dest ${dest[i]}`);
      }
    });
    expect(violations.slice(0, 5)).toEqual([]);
    expect(months).toBe(params.clock.ticks);
    // The metrics tell the same story: home + safe abroad + agents is everyone.
    const T = params.clock.ticks;
    const home = metric(series, 'population_at_risk', 'ALL', T);
    const safe = metric(series, 'migrants_safe_abroad', 'ALL', T);
    const agents = metric(series, 'agents_active', 'ALL', T);
    for (let k = 0; k < T; k++) expect(home[k] + safe[k] + agents[k]).toBe(sum(initial));
    expect(sum(metric(series, 'victims_recruited', 'ALL', T))).toBe(everRecruited);
  });

  it('the generated cases exercise the model (some recruit, some grow past capacity)', () => {
    let recruiting = 0;
    let grown = 0;
    for (const input of cases) {
      const params = resolveParams(scenarioOf(input));
      const r = runReplicate(params, 0);
      if (r.peakAgents > 0) recruiting++;
      if (r.peakAgents > params.capacity) grown++;
    }
    expect(recruiting).toBeGreaterThan(20);
    expect(grown).toBeGreaterThan(10);
  });
});

/** One origin (MD, 2000 people) and one destination (RO) across one border, 1995-1996. */
function twoCountries(over: { md?: Partial<CountryInput>; ro?: Partial<CountryInput>; interception?: number; coverage?: number } = {}) {
  return resolveParams(
    scenarioOf({
      name: 'two',
      seed: 5,
      start: '1995-01',
      end: '1996-12',
      countries: {
        MD: { population_at_risk: 2000, emigration: 0.05, recruited_share: 0.6, ...over.md },
        RO: { demand: 1, detection: 0.1, escape: 0.05, ...over.ro },
      },
      borders: { 'MD-RO': { interception: over.interception ?? 0.2 } },
      observation: { coverage: over.coverage ?? 0.5 },
      agents: { capacity: 4 },
    }),
  );
}

describe('exact expectations on hand-built scenarios', () => {
  it('runReplicate gives the same series as driving step() by hand', () => {
    const params = twoCountries();
    const a = runReplicate(params, 3);
    const b = drive(params, 3);
    expect(a.series).toEqual(b.series);
    expect(a.replicate).toBe(3);
  });

  it('emigration 0: nobody leaves, nobody is recruited', () => {
    const params = twoCountries({ md: { emigration: 0 } });
    const r = runReplicate(params, 0);
    const T = params.clock.ticks;
    expect(metric(r.series, 'victims_recruited', 'ALL', T).every((v) => v === 0)).toBe(true);
    expect(metric(r.series, 'agents_active', 'ALL', T).every((v) => v === 0)).toBe(true);
    expect(metric(r.series, 'migrants_safe_abroad', 'ALL', T).every((v) => v === 0)).toBe(true);
    expect(metric(r.series, 'population_at_risk', 'MD', T).every((v) => v === 2000)).toBe(true);
    expect(r.peakAgents).toBe(0);
    expect(r.agentSteps).toBe(0);
  });

  it('recruited_share 0: people leave safely, no agent ever exists', () => {
    const params = twoCountries({ md: { recruited_share: 0 } });
    const r = runReplicate(params, 0);
    const T = params.clock.ticks;
    expect(r.peakAgents).toBe(0);
    expect(metric(r.series, 'agents_active', 'ALL', T).every((v) => v === 0)).toBe(true);
    expect(metric(r.series, 'victims_recruited', 'ALL', T).every((v) => v === 0)).toBe(true);
    expect(Math.max(...metric(r.series, 'migrants_safe_abroad', 'MD', T))).toBeGreaterThan(0);
  });

  it('no destination with demand: people leave safely, nobody is recruited', () => {
    const params = twoCountries({ ro: { demand: 0 } });
    const r = runReplicate(params, 0);
    expect(r.peakAgents).toBe(0);
    expect(Math.max(...metric(r.series, 'migrants_safe_abroad', 'MD', params.clock.ticks))).toBeGreaterThan(0);
  });

  it('interception 1 on the only border: nobody is exploited; every victim is identified entering the destination', () => {
    const params = twoCountries({ interception: 1 });
    const r = runReplicate(params, 0);
    const T = params.clock.ticks;
    const recruited = metric(r.series, 'victims_recruited', 'MD', T);
    expect(sum(recruited)).toBeGreaterThan(0);
    expect(metric(r.series, 'victims_exploited', 'ALL', T).every((v) => v === 0)).toBe(true);
    expect(metric(r.series, 'victims_escaped', 'ALL', T).every((v) => v === 0)).toBe(true);
    expect(metric(r.series, 'victims_identified', 'RO', T)).toEqual(recruited);
    expect(metric(r.series, 'victims_identified', 'MD', T).every((v) => v === 0)).toBe(true);
    expect(metric(r.series, 'agents_active', 'ALL', T).every((v) => v === 0)).toBe(true);
  });

  it('no interception, detection or escape: every victim recruited stays exploited', () => {
    const params = twoCountries({ interception: 0, ro: { detection: 0, escape: 0 } });
    const r = runReplicate(params, 0);
    const T = params.clock.ticks;
    const recruited = metric(r.series, 'victims_recruited', 'MD', T);
    const exploited = metric(r.series, 'victims_exploited', 'RO', T);
    const agents = metric(r.series, 'agents_active', 'ALL', T);
    let cumulative = 0;
    for (let k = 0; k < T; k++) {
      cumulative += recruited[k];
      expect(agents[k]).toBe(cumulative);
      // One border: a victim reaches the destination in the month recruited.
      expect(exploited[k]).toBe(cumulative);
    }
    expect(cumulative).toBeGreaterThan(0);
    expect(sum(metric(r.series, 'victims_identified', 'ALL', T))).toBe(0);
    expect(sum(metric(r.series, 'victims_escaped', 'ALL', T))).toBe(0);
  });

  it('coverage 0: nobody is counted as assisted though victims are identified', () => {
    const params = twoCountries({ coverage: 0 });
    const r = runReplicate(params, 0);
    const T = params.clock.ticks;
    expect(sum(metric(r.series, 'victims_identified', 'ALL', T))).toBeGreaterThan(0);
    expect(metric(r.series, 'victims_assisted', 'ALL', T).every((v) => v === 0)).toBe(true);
  });

  it('coverage 1: assisted equals identified exactly, every month and country', () => {
    const params = twoCountries({ coverage: 1 });
    const r = runReplicate(params, 0);
    const T = params.clock.ticks;
    for (const c of ['MD', 'RO', 'ALL']) expect(metric(r.series, 'victims_assisted', c, T)).toEqual(metric(r.series, 'victims_identified', c, T));
    expect(sum(metric(r.series, 'victims_identified', 'ALL', T))).toBeGreaterThan(0);
  });

  it('bytesPerAgent is the victim table row size', () => {
    const params = twoCountries();
    const { state } = drive(params, 0);
    expect(runReplicate(params, 0).bytesPerAgent).toBe(state.victims.bytesPerRow);
  });

  it('runReplicate does not change its params', () => {
    const params = twoCountries();
    const before = structuredClone(params);
    runReplicate(params, 0);
    expect(params).toEqual(before);
  });
});
