import { describe, expect, it } from 'vitest';
import { SeedTree, Stream, seedKey } from '../../engine/kernel/rng.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { BEGGING, EXPLOITED, IN_TRANSIT } from '../../engine/model/codes.ts';
import { initState, peopleByOrigin, traffickersByCountry } from '../../engine/model/state.ts';
import { runReplicate } from '../../engine/model/step.ts';
import { COUNTRY_CODES, NC } from '../../engine/kernel/scenario/countries.ts';
import type { ScenarioInput } from '../../engine/kernel/scenario/schema.ts';
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
    rng.bernoulli(0.3)
      ? { schedule: { '1995': rate(max), '1996-03': rate(max) }, interpolate: rng.bernoulli(0.5) ? ('linear' as const) : ('step' as const) }
      : rate(max);

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
      // Police, courts and officials, so that arrests, verdicts, prison and bribes happen.
      police_capacity: rng.bernoulli(0.7) ? maybeSchedule(20) : 0,
      prosecution: maybeSchedule(1),
      long_sentence_share: rate(1),
      corruption: rate(0.6),
      anti_corruption: rng.bernoulli(0.5) ? rate(0.05) : 0,
      intelligence_sharing: rng.bernoulli(0.5) ? rate(0.3) : 0,
      return_assistance: rate(1),
      // Some origins' victims forced to beg, so the census of begging is exercised.
      forced_begging: rng.bernoulli(0.3) ? rate(0.6) : 0,
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

  // Networks in every origin, a pool of would-be traffickers, and mixed strategies.
  const initial: Partial<Record<(typeof COUNTRY_CODES)[number], number>> = {};
  const pool: Partial<Record<(typeof COUNTRY_CODES)[number], number>> = {};
  for (const code of chosen)
    if (countries[code]!.population_at_risk! > 0) {
      initial[code] = 1 + rng.int(4);
      pool[code] = rng.int(60);
    }
  // Sometimes a visa bloc: the other countries need a visa for the destination, with a dated lift.
  const visas: NonNullable<ScenarioInput['visas']> = rng.bernoulli(0.5)
    ? {
        bloc: {
          members: [dest],
          required: Object.fromEntries(
            chosen.filter((c) => c !== dest).map((c) => [c, rng.bernoulli(0.5) ? 1 : { schedule: { '1995': 1, '1995-07': 0 } }]),
          ),
        },
      }
    : {};

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
    visas,
    networks: {
      initial,
      criminal_pool: pool,
      members: 1 + rng.int(6),
      max_members: 2 + rng.int(10),
      initial_mix: { visa: rate(0.5), visa_free: rate(0.5), apartment: rate(1), soft_control: rate(1) },
      adaptation: rng.bernoulli(0.2) ? 'off' : rate(0.5),
      entry: rate(0.2),
      recruit_half: rate(30),
      police_run_share: rate(0.2),
    },
    economics: { member_cost: rate(600), exit_debt: rate(20000) },
    officials: { per_border: 1 + rng.int(4), police_officers: 1 + rng.int(5) },
    police: { court_delay: rng.int(6), raid_arrest: rate(1), dismantle: rate(1), arrest_share: rate(1) },
    observation: { coverage: rate(1) },
    agents: { capacity: 1 + rng.int(8) },
  };
}

describe('conservation of people and traffickers (property test)', () => {
  const rng = Stream.fromKey(seedKey('conservation-property-test', 0));
  const cases = Array.from({ length: 30 }, (_, i) => randomScenario(rng, i));

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: people by origin and traffickers by country are conserved, and the census is a recount, after every month',
    (_name, input) => {
      const params = resolveParams(scenarioOf(input));
      const initial = Array.from(params.populationAtRisk);
      // Traffickers right after initState: the pool plus the initial networks' members.
      const traffickers0 = Array.from(traffickersByCountry(initState(params, new SeedTree(params.seed, 0))));
      let months = 0;
      let everRecruited = 0;
      // Violations are collected and asserted once (an expect per agent per month is slow).
      const violations: string[] = [];
      const { series } = drive(params, 0, (s) => {
        months++;
        everRecruited += sum(s.tally.recruited);
        const people = Array.from(peopleByOrigin(s));
        if (people.some((v, c) => v !== initial[c])) violations.push(`tick ${s.tick}: people by origin ${people} != ${initial}`);
        const traffickers = Array.from(traffickersByCountry(s));
        if (traffickers.some((v, c) => v !== traffickers0[c]))
          violations.push(`tick ${s.tick}: traffickers by country ${traffickers} != ${traffickers0}`);
        // Members, pool and prison stay whole and non-negative.
        for (let c = 0; c < NC; c++)
          if (!(s.pool[c] >= 0 && Number.isInteger(s.pool[c]) && s.prison[c] >= 0 && Number.isInteger(s.prison[c])))
            violations.push(`tick ${s.tick}: country ${c} pool ${s.pool[c]} prison ${s.prison[c]}`);
        // Counts by country and stratum stay whole and non-negative.
        for (let i = 0; i < s.home.length; i++)
          if (!(s.home[i] >= 0 && Number.isInteger(s.home[i]) && s.safeAbroad[i] >= 0 && Number.isInteger(s.safeAbroad[i])))
            violations.push(`tick ${s.tick}: country*stratum ${i} home ${s.home[i]} safe abroad ${s.safeAbroad[i]}`);
        const { state, loc, dest, origin } = s.victims.cols;
        for (let i = 0; i < s.victims.count; i++) {
          const ok = (state[i] === IN_TRANSIT && loc[i] !== dest[i]) || (state[i] === EXPLOITED && loc[i] === dest[i]);
          if (!ok || !(initial[origin[i]] > 0) || dest[i] === origin[i])
            violations.push(`tick ${s.tick}: agent ${i} state ${state[i]} origin ${origin[i]} loc ${loc[i]} dest ${dest[i]}`);
        }
        // The census by network and country (and of victims forced to beg) is a recount of
        // the table, and the list of occupied pairs is exactly its non-zero entries, in order.
        const { net, form } = s.victims.cols;
        const recount = new Map<number, [number, number]>();
        for (let i = 0; i < s.victims.count; i++) {
          if (state[i] !== EXPLOITED) continue;
          const x = net[i] * NC + loc[i];
          const e = recount.get(x) ?? [0, 0];
          e[0]++;
          if (form[i] === BEGGING) e[1]++;
          recount.set(x, e);
        }
        const listed = Array.from(s.networks.occupied.subarray(0, s.networks.occupiedCount));
        const expected = [...recount.keys()].sort((a, b) => a - b);
        if (listed.join() !== expected.join()) violations.push(`tick ${s.tick}: occupied ${listed} != ${expected}`);
        for (let x = 0; x < s.networks.count * NC; x++) {
          const [all, begging] = recount.get(x) ?? [0, 0];
          if (s.networks.exploitedAt[x] !== all || s.networks.beggingAt[x] !== begging)
            violations.push(`tick ${s.tick}: census at ${x} ${s.networks.exploitedAt[x]}/${s.networks.beggingAt[x]} != ${all}/${begging}`);
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
    },
  );

  it('the generated cases exercise the model (some recruit, grow past capacity, arrest, convict, bribe, dismantle networks)', () => {
    let recruiting = 0;
    let grown = 0;
    let arresting = 0;
    let convicting = 0;
    let bribing = 0;
    let dismantling = 0;
    for (const input of cases) {
      const params = resolveParams(scenarioOf(input));
      const r = runReplicate(params, 0);
      const total = (name: string) => sum(metric(r.series, name, 'ALL', params.clock.ticks));
      if (r.peakAgents > 0) recruiting++;
      if (r.peakAgents > params.capacity) grown++;
      if (total('arrests') > 0) arresting++;
      if (total('convictions') > 0) convicting++;
      if (total('bribes_paid') > 0) bribing++;
      if (total('networks_dismantled') > 0) dismantling++;
    }
    expect(recruiting).toBeGreaterThan(20);
    expect(grown).toBeGreaterThan(10);
    expect(arresting).toBeGreaterThan(15);
    expect(convicting).toBeGreaterThan(10);
    expect(bribing).toBeGreaterThan(10);
    expect(dismantling).toBeGreaterThan(10);
  });
});

/**
 * One origin (MD, 2000 people) and one destination (RO) across one border, 1995-1996.
 * Three networks recruit in MD with the default strategy (clandestine, bar,
 * coercion) and never change it (adaptation off), members cost nothing so no network
 * goes bankrupt (and sets its victims free), there are no police and no corruption,
 * and police know the only route (intelligence_sharing 0): so the expectations below
 * are exact.
 */
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
      networks: { initial: { MD: 3 }, adaptation: 'off' },
      economics: { member_cost: 0 },
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

  // With no destination, an origin has no route: no network is founded there
  // (networks.ts found), so nobody is recruited (this once hung: route 0 did not
  // exist, costs were NaN, and a Poisson draw of NaN never returned).
  it('no destination with demand: people leave safely, nobody is recruited', () => {
    const params = twoCountries({ ro: { demand: 0 } });
    const r = runReplicate(params, 0);
    expect(r.peakAgents).toBe(0);
    expect(Math.max(...metric(r.series, 'migrants_safe_abroad', 'MD', params.clock.ticks))).toBeGreaterThan(0);
  });

  // MD has no border, so no route: its networks are never founded, and Moldovans
  // are not taken along UA's route (they once were).
  it('an origin with no route to a destination recruits nobody, even when another origin has routes', () => {
    const params = resolveParams(
      scenarioOf({
        name: 'no-route',
        seed: 1,
        start: '1995-01',
        end: '1995-06',
        countries: {
          MD: { population_at_risk: 2000, emigration: 0.05 },
          UA: { population_at_risk: 2000, emigration: 0.05 },
          RO: { demand: 1 },
        },
        borders: { 'RO-UA': { interception: 0 } },
        networks: { initial: { MD: 2, UA: 2 }, adaptation: 'off' },
        economics: { member_cost: 0 },
      }),
    );
    const r = runReplicate(params, 0);
    const T = params.clock.ticks;
    expect(sum(metric(r.series, 'victims_recruited', 'UA', T))).toBeGreaterThan(0);
    expect(sum(metric(r.series, 'victims_recruited', 'MD', T))).toBe(0);
  });

  // Officials of either country check a crossing (exit or entry control, borders.ts),
  // so every victim is identified at the border, on one side or the other.
  it('interception 1 on the only border: nobody is exploited; every victim is identified at the border', () => {
    const params = twoCountries({ interception: 1 });
    const r = runReplicate(params, 0);
    const T = params.clock.ticks;
    const recruited = metric(r.series, 'victims_recruited', 'MD', T);
    expect(sum(recruited)).toBeGreaterThan(0);
    expect(metric(r.series, 'victims_exploited', 'ALL', T).every((v) => v === 0)).toBe(true);
    expect(metric(r.series, 'victims_escaped', 'ALL', T).every((v) => v === 0)).toBe(true);
    const atExit = metric(r.series, 'victims_identified', 'MD', T);
    const atEntry = metric(r.series, 'victims_identified', 'RO', T);
    expect(atExit.map((v, k) => v + atEntry[k])).toEqual(recruited);
    expect(metric(r.series, 'victims_identified', 'ALL', T)).toEqual(recruited);
    // Each interception is a recorded offence with one person, where it happened.
    expect(metric(r.series, 'police_offences', 'ALL', T)).toEqual(recruited);
    expect(metric(r.series, 'police_persons', 'ALL', T)).toEqual(recruited);
    expect(sum(atExit)).toBeGreaterThan(0);
    expect(sum(atEntry)).toBeGreaterThan(0);
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
    // No referral after return (return_assistance 0), so nobody is counted twice.
    const params = twoCountries({ coverage: 1, md: { return_assistance: 0 } });
    const r = runReplicate(params, 0);
    const T = params.clock.ticks;
    for (const c of ['MD', 'RO', 'ALL'])
      expect(metric(r.series, 'victims_assisted', c, T)).toEqual(metric(r.series, 'victims_identified', c, T));
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
