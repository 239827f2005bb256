/**
 * The state of one replicate.
 *
 * People at home, and safe migrants abroad, are counts per country and stratum
 * (moved with binomial draws); a person becomes an explicit agent when a network
 * recruits them. Victims live in typed-array columns (VICTIM_COLUMNS, 15 bytes
 * each), networks in their own columns with stable slots (networks.ts), officials
 * in flat arrays. Every per-month flow is tallied per country in `tally`.
 *
 * The model's files write their equations with short names (k the month, T the
 * months, c a country, n a network slot, E the economic parameters, …): the
 * glossary is docs/ODD.md, section 7.0.
 */
import { ColumnTable } from '../kernel/columns.ts';
import type { SeedTree, Stream } from '../kernel/rng.ts';
import { NC } from '../kernel/scenario/countries.ts';
import { STRATA } from './strata.ts';
import type { Params } from './params.ts';
import { NetworkTable, found } from './networks.ts';
import { initOfficials, type Officials } from './officials.ts';

export const VICTIM_COLUMNS = {
  /** Current state (IN_TRANSIT, EXPLOITED). */
  state: Uint8Array,
  /** State after this month's decisions (two-phase update). */
  next: Uint8Array,
  /** Stratum (strata.ts): sex, age, information, wage band and family-risk bits. */
  stratum: Uint8Array,
  /** Country indices: of origin, current location, location after this month, destination. */
  origin: Uint8Array,
  loc: Uint8Array,
  nextLoc: Uint8Array,
  dest: Uint8Array,
  /** Route (world.ts RouteTable) and the number of its borders crossed so far. */
  route: Uint16Array,
  hop: Uint8Array,
  /** The network's slot (networks.ts; at most MAX_NETWORKS, which fits 16 bits). */
  net: Uint16Array,
  /** Transport mode of the journey (CLANDESTINE, VISA, VISA_FREE). */
  transport: Uint8Array,
  /** Control style the victim lives under this month (COERCION, SOFT). */
  control: Uint8Array,
  /** Form of exploitation: SEXUAL or BEGGING (forced begging). */
  form: Uint8Array,
} as const;

export type Victims = ColumnTable<typeof VICTIM_COLUMNS>;

/** Flows counted during the current month per country (index NC is unused), and end-of-month stocks. */
export const TALLIES = [
  'recruited',
  'recruitedLegal',
  'recruitedApartment',
  'recruitedSoft',
  'recruitedWest',
  'recruitedWestLegal',
  'recruitedBegging',
  // New victims by their stratum's traits (strata.ts), by origin.
  'recruitedFemale',
  'recruitedChild',
  'recruitedAware',
  'recruitedLowWage',
  'recruitedFamilyRisk',
  'exploited',
  'identified',
  'escaped',
  'released',
  'assisted',
  'assistedIdentified',
  'assistedReturned',
  'table1',
  'returnedIdentified',
  'returnedEscaped',
  'returnedEscapedSoft',
  'policeOffences',
  'policePersons',
  'arrests',
  'dismantled',
  'convictions',
  'convictionsLong',
  'investigated',
  'dismissed',
  'bribes',
  'revenue',
  'networks',
] as const;
export type Tally = Record<(typeof TALLIES)[number], Float64Array>;

export interface Streams {
  awareness: Stream;
  migration: Stream;
  networks: Stream;
  borders: Stream;
  officials: Stream;
  police: Stream;
  justice: Stream;
  exploitation: Stream;
  observation: Stream;
}

export interface State {
  params: Params;
  tick: number;
  /** People at risk at home, by country and stratum (index c * STRATA + g). */
  home: Float64Array;
  /** Safe migrants abroad, by country of origin and stratum. */
  safeAbroad: Float64Array;
  victims: Victims;
  networks: NetworkTable;
  officials: Officials;
  /** People outside networks who could found or join one, by country. */
  pool: Float64Array;
  /** Pending verdicts: court[((tick * NC + c) * NC + home) * 2 + control], prosecutions in c of people from home, due at that tick. */
  court: Float32Array;
  /** Prisoners released at a tick: release[tick * NC + c]; and now in prison, by country. */
  release: Float64Array;
  prison: Float64Array;
  /** Police knowledge of each border's traffic and of apartments per country, in [0, 1]. */
  borderKnow: Float64Array;
  apartmentKnow: Float64Array;
  /** Crossings per border this month. */
  crossings: Float64Array;
  tally: Tally;
  /** Revenue per victim-month in each destination this month (demand.ts market). */
  price: Float64Array;
  /** This month's spending per prong (levers.ts PRONGS order). */
  cost: Float64Array;
  rng: Streams;
  /** Scratch: weights over destinations or routes (reused, never reallocated). */
  scratch: Float64Array;
  /** Scratch per country (reused, never reallocated). */
  scratchByCountry: Float64Array;
  /** Scratch for police.ts: five arrays per country. */
  policeWork: Float64Array;
  /** Scratch: share of each origin's people at risk who are abroad safely, this month. */
  abroadShare: Float64Array;
  /** Scratch: a route's values by transport mode (prospects.ts). */
  prospect: Float64Array;
}

const perCountry = () => new Float64Array(NC + 1);
/** Months past the end kept for sentences and verdicts due after the run. */
export const HORIZON = 121;

export function initState(params: Params, seeds: SeedTree): State {
  const T = params.clock.ticks;
  const rng: Streams = {
    awareness: seeds.stream('awareness'),
    migration: seeds.stream('migration'),
    networks: seeds.stream('networks'),
    borders: seeds.stream('borders'),
    officials: seeds.stream('officials'),
    police: seeds.stream('police'),
    justice: seeds.stream('justice'),
    exploitation: seeds.stream('exploitation'),
    observation: seeds.stream('observation'),
  };
  const tally = {} as Tally;
  for (const name of TALLIES) tally[name] = perCountry();
  const s: State = {
    params,
    tick: 0,
    home: Float64Array.from(params.initialHome),
    safeAbroad: new Float64Array(NC * STRATA),
    victims: new ColumnTable(VICTIM_COLUMNS, params.capacity),
    networks: new NetworkTable(params.borderCount, 256),
    officials: initOfficials(params, rng.officials),
    pool: Float64Array.from(params.networks.pool),
    court: new Float32Array((T + HORIZON) * NC * NC * 2),
    release: new Float64Array((T + HORIZON) * NC),
    prison: new Float64Array(NC),
    borderKnow: new Float64Array(params.borderCount).fill(1),
    apartmentKnow: new Float64Array(NC),
    crossings: new Float64Array(params.borderCount),
    tally,
    cost: new Float64Array(3),
    price: new Float64Array(NC),
    rng,
    scratch: new Float64Array(Math.max(NC, 3 * params.routeTable.count)),
    scratchByCountry: new Float64Array(NC),
    policeWork: new Float64Array(5 * NC),
    abroadShare: new Float64Array(NC),
    prospect: new Float64Array(3),
  };
  // The networks of the first month, with the initial strategy mix. Founders come
  // from the pool; the initial counts add to it, so the pool is what is left over.
  for (const c of params.origins) {
    s.pool[c] += params.networks.initial[c] * params.networks.members;
    for (let j = 0; j < params.networks.initial[c]; j++) found(s, c, false);
  }
  return s;
}

/** Sums counts by country and stratum to counts by country. */
export function byCountry(counts: Float64Array, out: Float64Array): Float64Array {
  for (let c = 0; c < NC; c++) {
    let n = 0;
    for (let g = 0; g < STRATA; g++) n += counts[c * STRATA + g];
    out[c] = n;
  }
  return out;
}

/** Everyone the model tracks, per origin: at home, abroad safely, and explicit agents. */
export function peopleByOrigin(s: State): Float64Array {
  const out = byCountry(s.home, new Float64Array(NC));
  const abroad = byCountry(s.safeAbroad, new Float64Array(NC));
  for (let c = 0; c < NC; c++) out[c] += abroad[c];
  const origin = s.victims.cols.origin;
  for (let i = 0; i < s.victims.count; i++) out[origin[i]]++;
  return out;
}

/** Traffickers per country: in networks, in the pool, in prison, and awaiting a verdict. */
export function traffickersByCountry(s: State): Float64Array {
  const out = Float64Array.from(s.pool.subarray(0, NC));
  const { alive, home, members } = s.networks.cols;
  for (let n = 0; n < s.networks.count; n++) if (alive[n]) out[home[n]] += members[n];
  for (let c = 0; c < NC; c++) out[c] += s.prison[c];
  for (let i = 0; i < s.court.length; i++) if (s.court[i] > 0) out[Math.floor(i / 2) % NC] += s.court[i];
  return out;
}
