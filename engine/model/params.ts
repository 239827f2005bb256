/**
 * Parameters resolved for a run: every time value becomes one number per monthly
 * tick, stored country-major in a Float64Array (value of country c at tick k is
 * series[c * ticks + k]), so the step loop only indexes arrays. Levers are folded
 * into the series they move (named at each one), at their effective level (level ×
 * the lever's effect multiplier); both levels are kept: the effective one for the
 * mechanisms that read it directly, the level paid for for costing (levers.ts).
 * Params are plain data: the main thread resolves them once and sends them to the
 * ensemble's workers, which never load the expression evaluator or the schema.
 */
import { makeClock, decimalYear, type Clock } from '../kernel/clock.ts';
import { resolveSeries, type Sourced } from '../kernel/timevalue.ts';
import type { Scenario } from '../kernel/scenario/schema.ts';
import { borderKeys, buildRoutes, buildRouteTable, type RouteTable, type Routes } from './world.ts';
import { COUNTRY_CODES, NC, countryIndex, type CountryCode } from '../kernel/scenario/countries.ts';
import { AWARE, CHILD, FAMILY_RISK, FEMALE, LOW_WAGE, STRATA } from './strata.ts';
import { DEFAULT_UNIT_COST } from './levers.ts';
import { LEVERS, LEVER_NAMES, type LeverName } from '../kernel/scenario/levers.ts';
import { effectiveDemand } from './demand.ts';

/**
 * Splits n people into the strata by the shares (female, child, aware, low wage,
 * family risk), rounding at each split so that the counts are whole and add up to
 * n exactly (no randomness).
 */
export function splitIntoStrata(n: number, shares: [number, number, number, number, number], out: Float64Array, offset: number): void {
  const bits = [FEMALE, CHILD, AWARE, LOW_WAGE, FAMILY_RISK];
  const split = (count: number, level: number, g: number) => {
    if (level === bits.length) {
      out[offset + g] = count;
      return;
    }
    const yes = Math.round(count * shares[level]);
    split(yes, level + 1, g | bits[level]);
    split(count - yes, level + 1, g);
  };
  split(n, 0, 0);
}

type CountryParams = NonNullable<Scenario['countries'][keyof Scenario['countries']]>;
export const COUNTRY_SERIES = [
  'emigration',
  'success_stories',
  'recruited_share',
  'safe_return',
  'awareness_campaign',
  'demand',
  'detection',
  'escape',
  'poverty',
  'wage',
  'unemployment',
  'police_capacity',
  'prosecution',
  'long_sentence_share',
  'corruption',
  'anti_corruption',
  'intelligence_sharing',
  'return_assistance',
  'reporting',
  'forced_begging',
] as const;
type SeriesName = (typeof COUNTRY_SERIES)[number];

export interface LeverSeries {
  /** Level paid for, per country and tick (0 where the lever does not apply): what `spend` costs. */
  level: Float64Array;
  /**
   * Level the mechanisms use, per country and tick: level × the lever's effect
   * multiplier at that tick (equal to level at effect 1).
   */
  effective: Float64Array;
  /** Cost per unit, per tick (the scenario's unit_cost, or the default of data/levers.json). */
  unitCost: Float64Array;
}

/** A country's row of Table 1 (Vreja 2005): none, victims identified there, or victims assisted after their return there. */
export const TABLE1_NONE = 0,
  TABLE1_IDENTIFIED = 1,
  TABLE1_RETURNED = 2;

export interface Params {
  /** Master seed of the seed tree. */
  seed: number;
  /** Months simulated, from the scenario's start. */
  clock: Clock;
  /** Months reported in the outputs (from report_from, default start); the earlier months are the spin-up. */
  report: Clock;
  /** Tick of the clock at which the report starts: the reference month of quantities relative to it. */
  reportTick: number;
  /** Countries the scenario names, as indices in model order. */
  present: number[];
  /** Countries with people at risk (origins), and with demand at some time (destinations). */
  origins: number[];
  destinations: number[];
  populationAtRisk: Float64Array;
  /** The population at risk at the start, by country and stratum: initialHome[c * STRATA + g]. */
  initialHome: Float64Array;
  /** Country series as given (levers already folded in where noted in resolveParams). */
  country: Record<SeriesName, Float64Array>;
  /** Wish to leave relative to the reference month (reportTick), from poverty, wages and unemployment. */
  push: Float64Array;
  /** Demand after the demand-side levers (demand.ts). */
  demand: Float64Array;
  /** Officials' pay (the wage, raised by the officials_pay lever). */
  officialPay: Float64Array;
  /** Assistance and protection level (victim_support lever), per country. */
  support: Float64Array;
  /** Tips from the public in destinations (destination_awareness lever): detection multiplier. */
  tips: Float64Array;
  behaviour: {
    awareAcceptance: Float64Array;
    familyRiskAcceptance: Float64Array;
    lowWageLeave: Float64Array;
    softControlEscape: Float64Array;
  };
  /** Inspection per border (sorted key order), border-major, with levers and events. */
  interception: Float64Array;
  borderCount: number;
  /** The two countries of each border: borderEnds[2b], borderEnds[2b + 1]. */
  borderEnds: Uint8Array;
  /** Visa needed: visaRequired[(k * NC + citizen) * NC + destination] is 1 or 0. */
  visaRequired: Uint8Array;
  coverage: Float64Array;
  escapedReferral: Float64Array;
  /** What each country's row of Table 1 counts: TABLE1_NONE, TABLE1_IDENTIFIED or TABLE1_RETURNED. */
  table1Row: Uint8Array;
  routes: Routes;
  routeTable: RouteTable;
  networks: {
    initial: Float64Array;
    pool: Float64Array;
    members: number;
    maxMembers: number;
    mix: { visa: number; visaFree: number; apartment: number; softControl: number };
    adaptation: Float64Array;
    adaptationOff: boolean;
    imitation: Float64Array;
    learning: Float64Array;
    choiceSharpness: Float64Array;
    priorInterception: number;
    priorRaid: number;
    priorConviction: number;
    entry: Float64Array;
    recruitHalf: Float64Array;
    profitElasticity: Float64Array;
    contactsSpread: number;
    switchingCost: number;
    policeRunShare: number;
  };
  economics: {
    revenue: Float64Array;
    marketSize: Float64Array;
    monthsExpected: Float64Array;
    release: Float64Array;
    transportCost: [Float64Array, Float64Array, Float64Array];
    apartmentRevenue: Float64Array;
    beggingRevenue: Float64Array;
    softControlCost: Float64Array;
    memberCost: Float64Array;
    growthCost: Float64Array;
    exitDebt: Float64Array;
    bribe: Float64Array;
    convictionLoss: Float64Array;
  };
  officials: {
    perBorder: number;
    policeOfficers: number;
    scrutiny: [number, number, number];
    deterrence: number;
    dismissal: number;
    falseLead: number;
  };
  police: {
    apartmentVisibility: number;
    beggingVisibility: number;
    venueBackground: number;
    investigationBackground: number;
    raidIdentify: number;
    softControlIdentify: number;
    raidArrest: number;
    investigationShare: number;
    dismantle: number;
    arrestShare: number;
    testimony: [number, number];
    convictionWith: number;
    convictionWithout: number;
    courtDelay: number;
    unknownRoute: number;
    /** Visibility of a network to investigations, by transport mode and under soft control. */
    recruiterVisibility: [number, number, number];
    softControlVisibility: number;
  };
  levers: Partial<Record<LeverName, LeverSeries>>;
  /** Officials per country (border officials on its side of each border, and police officers). */
  officialsOf: number[];
  capacity: number;
}

/**
 * What moving one victim costs a network: clandestine crossings cost per border;
 * travel on a visa or visa-free costs per journey (documents, consular bribes or
 * passport, insurance, cash to show, tickets; Vreja 2005).
 */
export function journeyCost(params: Params, transport: number, hops: number, k: number): number {
  const cost = params.economics.transportCost[transport][k];
  return transport === 0 ? hops * cost : cost;
}

/**
 * How a victim from `citizen` actually travels to `dest` at tick k on a network's
 * chosen transport: clandestine stays clandestine; legal travel is on a visa where
 * the citizenship needs one for the destination, else visa-free.
 */
export function journeyMode(params: Params, transport: number, k: number, citizen: number, dest: number): number {
  if (transport === 0) return 0;
  return params.visaRequired[(k * NC + citizen) * NC + dest] ? 1 : 2;
}

export function resolveParams(s: Scenario): Params {
  const clock = makeClock(s.start, s.end);
  const T = clock.ticks;
  const report = makeClock(s.report_from ?? s.start, s.end);
  const reportTick = T - report.ticks;
  const ser = (v: unknown) => resolveSeries(v as Sourced, clock);
  const at0 = (v: unknown) => ser(v)[0];
  const country = {} as Record<SeriesName, Float64Array>;
  for (const name of COUNTRY_SERIES) country[name] = new Float64Array(NC * T);
  const populationAtRisk = new Float64Array(NC);
  const initialHome = new Float64Array(NC * STRATA);
  const present: number[] = [];
  const origins: number[] = [];
  const destinations: number[] = [];
  COUNTRY_CODES.forEach((code, c) => {
    const p = s.countries[code] as CountryParams | undefined;
    if (!p) return;
    present.push(c);
    populationAtRisk[c] = p.population_at_risk;
    if (p.population_at_risk > 0) origins.push(c);
    splitIntoStrata(
      p.population_at_risk,
      [at0(p.female_share), at0(p.child_share), at0(p.aware_share), at0(p.low_wage_share), at0(p.family_risk_share)],
      initialHome,
      c * STRATA,
    );
    for (const name of COUNTRY_SERIES) country[name].set(ser(p[name]), c * T);
    if (country.demand.subarray(c * T, (c + 1) * T).some((d) => d > 0)) destinations.push(c);
  });

  // Levers: a level per country and tick where each applies, and the effective
  // level (level × effect) the mechanisms below and awareness.ts use.
  const levers: Partial<Record<LeverName, LeverSeries>> = {};
  for (const name of LEVER_NAMES) {
    const l = s.levers[name];
    if (!l) continue;
    const level = new Float64Array(NC * T);
    const effective = new Float64Array(NC * T);
    const series = ser(l.level);
    const effect = ser(l.effect ?? 1);
    const def = LEVERS[name];
    const where = l.countries
      ? l.countries.map((code) => countryIndex(code))
      : def.where === 'origins'
        ? origins
        : def.where === 'destinations'
          ? destinations
          : present;
    for (const c of where) {
      level.set(series, c * T);
      for (let k = 0; k < T; k++) effective[c * T + k] = series[k] * effect[k];
    }
    levers[name] = {
      level,
      effective,
      unitCost: l.unit_cost === undefined ? new Float64Array(T).fill(DEFAULT_UNIT_COST[name]) : ser(l.unit_cost),
    };
  }
  const lever = (name: LeverName, c: number, k: number) => levers[name]?.effective[c * T + k] ?? 0;

  // Wish to leave relative to the reference month: poverty, unemployment and (inverse) wages.
  const b = s.behaviour;
  const povE = ser(b.poverty_elasticity),
    unE = ser(b.unemployment_elasticity),
    wE = ser(b.wage_elasticity);
  const push = new Float64Array(NC * T).fill(1);
  const officialPay = new Float64Array(NC * T);
  const support = new Float64Array(NC * T);
  const tips = new Float64Array(NC * T).fill(1);
  for (const c of present) {
    const i0 = c * T + reportTick;
    const ratio = (x: number, x0: number) => (x0 > 0 ? x / x0 : 1);
    for (let k = 0; k < T; k++) {
      const i = c * T + k;
      const pov = ratio(country.poverty[i], country.poverty[i0]);
      const un = ratio(country.unemployment[i], country.unemployment[i0]);
      const w = ratio(country.wage[i0], country.wage[i]);
      push[i] = Math.pow(pov, povE[k]) * Math.pow(un, unE[k]) * Math.pow(w, wE[k]);
      // Supply levers add to the historical series.
      country.police_capacity[i] += lever('police', c, k);
      country.anti_corruption[i] = Math.min(1, country.anti_corruption[i] + lever('anti_corruption', c, k));
      country.long_sentence_share[i] = Math.min(1, country.long_sentence_share[i] + lever('sentencing', c, k));
      country.intelligence_sharing[i] = Math.min(1, country.intelligence_sharing[i] + lever('intelligence_sharing', c, k));
      officialPay[i] = country.wage[i] * (1 + lever('officials_pay', c, k));
      support[i] = lever('victim_support', c, k);
      tips[i] = 1 + lever('destination_awareness', c, k);
    }
  }
  const demand = effectiveDemand(country.demand, levers.buyer_punishment?.effective, levers.destination_awareness?.effective);

  // Borders: inspection, raised by the border_inspection lever of either country,
  // lowered at borders that EU accession makes internal.
  const keys = borderKeys(s.borders);
  const NB = keys.length;
  const borderEnds = new Uint8Array(NB * 2);
  const bordersOf: number[][] = Array.from({ length: NC }, () => []);
  const interception = new Float64Array(NB * T);
  keys.forEach((key, bi) => {
    const [a, c] = key.split('-').map((code) => countryIndex(code as CountryCode));
    borderEnds[2 * bi] = a;
    borderEnds[2 * bi + 1] = c;
    bordersOf[a].push(bi);
    bordersOf[c].push(bi);
    const base = ser(s.borders[key].interception);
    for (let k = 0; k < T; k++) {
      const up = Math.max(lever('border_inspection', a, k), lever('border_inspection', c, k));
      interception[bi * T + k] = Math.min(1, base[k] * (1 + up));
    }
  });

  // Visa regimes by citizenship, destination bloc and date; EU accession lifts them.
  const visaRequired = new Uint8Array(T * NC * NC);
  for (const bloc of Object.values(s.visas)) {
    for (const [code, v] of Object.entries(bloc.required)) {
      const citizen = countryIndex(code as CountryCode);
      const req = ser(v);
      for (const member of bloc.members) {
        const d = countryIndex(member);
        for (let k = 0; k < T; k++) if (req[k] >= 0.5) visaRequired[(k * NC + citizen) * NC + d] = 1;
      }
    }
  }
  for (const e of s.events) {
    const from = clock.t.findIndex((t) => t >= decimalYear(e.date) - 1e-9);
    if (from < 0) continue;
    const acceding = e.countries.map((code) => countryIndex(code));
    const members = e.eu_members.map((code) => countryIndex(code));
    for (let k = from; k < T; k++)
      for (const citizen of acceding) visaRequired.fill(0, (k * NC + citizen) * NC, (k * NC + citizen + 1) * NC);
    for (let bi = 0; bi < NB; bi++) {
      const [a, c] = [borderEnds[2 * bi], borderEnds[2 * bi + 1]];
      const internal =
        (acceding.includes(a) && (members.includes(c) || acceding.includes(c))) || (acceding.includes(c) && members.includes(a));
      if (internal) for (let k = from; k < T; k++) interception[bi * T + k] *= e.inspection_factor;
    }
  }

  const routes = buildRoutes(s.borders);
  const routeTable = buildRouteTable(routes, origins, destinations);
  const N = s.networks;
  const E = s.economics;
  const O = s.officials;
  const Po = s.police;
  const perCountry = (rec: Partial<Record<CountryCode, number>>) => {
    const out = new Float64Array(NC);
    for (const [code, v] of Object.entries(rec)) out[countryIndex(code as CountryCode)] = v ?? 0;
    return out;
  };
  const officialsOf = COUNTRY_CODES.map((_, c) => bordersOf[c].length * O.per_border + (present.includes(c) ? O.police_officers : 0));
  return {
    seed: s.seed,
    clock,
    report,
    reportTick,
    present,
    origins,
    destinations,
    populationAtRisk,
    initialHome,
    country,
    push,
    demand,
    officialPay,
    support,
    tips,
    behaviour: {
      awareAcceptance: ser(b.aware_acceptance),
      familyRiskAcceptance: ser(b.family_risk_acceptance),
      lowWageLeave: ser(b.low_wage_leave),
      softControlEscape: ser(b.soft_control_escape),
    },
    interception,
    borderCount: NB,
    borderEnds,
    visaRequired,
    coverage: ser(s.observation.coverage),
    escapedReferral: ser(s.observation.escaped_referral),
    table1Row: Uint8Array.from(COUNTRY_CODES, (code) => {
      const row = s.observation.table1_rows[code];
      return row === 'identified' ? TABLE1_IDENTIFIED : row === 'returned' ? TABLE1_RETURNED : TABLE1_NONE;
    }),
    routes,
    routeTable,
    networks: {
      initial: perCountry(N.initial),
      pool: perCountry(N.criminal_pool),
      members: N.members,
      maxMembers: N.max_members,
      mix: {
        visa: N.initial_mix.visa,
        visaFree: N.initial_mix.visa_free,
        apartment: N.initial_mix.apartment,
        softControl: N.initial_mix.soft_control,
      },
      adaptation: N.adaptation === 'off' ? new Float64Array(T) : ser(N.adaptation),
      adaptationOff: N.adaptation === 'off',
      imitation: ser(N.imitation),
      learning: ser(N.learning),
      choiceSharpness: ser(N.choice_sharpness),
      priorInterception: at0(N.prior_interception),
      priorRaid: at0(N.prior_raid),
      priorConviction: at0(N.prior_conviction),
      entry: ser(N.entry),
      recruitHalf: ser(N.recruit_half),
      profitElasticity: ser(N.profit_elasticity),
      contactsSpread: at0(N.contacts_spread),
      switchingCost: at0(N.switching_cost),
      policeRunShare: at0(N.police_run_share),
    },
    economics: {
      revenue: ser(E.revenue),
      marketSize: ser(E.market_size),
      monthsExpected: ser(E.months_expected),
      release: ser(E.release),
      transportCost: [ser(E.transport_cost.clandestine), ser(E.transport_cost.visa), ser(E.transport_cost.visa_free)],
      apartmentRevenue: ser(E.apartment_revenue),
      beggingRevenue: ser(E.begging_revenue),
      softControlCost: ser(E.soft_control_cost),
      memberCost: ser(E.member_cost),
      growthCost: ser(E.growth_cost),
      exitDebt: ser(E.exit_debt),
      bribe: ser(E.bribe),
      convictionLoss: ser(E.conviction_loss),
    },
    officials: {
      perBorder: O.per_border,
      policeOfficers: O.police_officers,
      scrutiny: [1, at0(O.scrutiny.visa), at0(O.scrutiny.visa_free)],
      deterrence: at0(O.deterrence),
      dismissal: at0(O.dismissal),
      falseLead: at0(O.false_lead),
    },
    police: {
      apartmentVisibility: at0(Po.apartment_visibility),
      beggingVisibility: at0(Po.begging_visibility),
      venueBackground: at0(Po.venue_background),
      investigationBackground: at0(Po.investigation_background),
      raidIdentify: at0(Po.raid_identify),
      softControlIdentify: at0(Po.soft_control_identify),
      raidArrest: at0(Po.raid_arrest),
      investigationShare: at0(Po.investigation_share),
      dismantle: at0(Po.dismantle),
      arrestShare: at0(Po.arrest_share),
      testimony: [at0(Po.testimony.coercion), at0(Po.testimony.soft_control)],
      convictionWith: at0(Po.conviction.with_testimony),
      convictionWithout: at0(Po.conviction.without),
      courtDelay: Po.court_delay,
      unknownRoute: at0(Po.unknown_route),
      recruiterVisibility: [1, at0(Po.recruiter_visibility.visa), at0(Po.recruiter_visibility.visa_free)],
      softControlVisibility: at0(Po.recruiter_visibility.soft_control),
    },
    levers,
    officialsOf,
    capacity: s.agents.capacity,
  };
}
