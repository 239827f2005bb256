/**
 * The state of one replicate.
 *
 * People at home, and safe migrants abroad, are counts per country (moved with
 * binomial draws); a person becomes an explicit agent when a recruiter takes them.
 * Explicit agents live in typed-array columns (see VICTIM_COLUMNS): 7 bytes each.
 * The layout is built for a few hundred thousand agents; people at home are held
 * by stratum (strata.ts), and network columns will be added the same way.
 */
import { ColumnTable } from '../core/columns.ts';
import type { SeedTree, Stream } from '../core/rng.ts';
import { NC } from './world.ts';
import { STRATA } from './strata.ts';
import type { Params } from './params.ts';

/** Agent states. The two-phase update writes `next`, then `commit` applies it. */
export const IN_TRANSIT = 1;
export const EXPLOITED = 2;
/** Leaving states (used in `next` only): the agent is removed at commit and goes home. */
export const LEAVES_IDENTIFIED = 3;
export const LEAVES_ESCAPED = 4;

export const VICTIM_COLUMNS = {
  /** Current state (IN_TRANSIT, EXPLOITED). */
  state: Uint8Array,
  /** State after this month's decisions (two-phase update). */
  next: Uint8Array,
  /** Stratum (strata.ts): sex, age and information bits. */
  stratum: Uint8Array,
  /** Country indices: of origin, current location, location after this month, destination. */
  origin: Uint8Array,
  loc: Uint8Array,
  nextLoc: Uint8Array,
  dest: Uint8Array,
} as const;

export type Victims = ColumnTable<typeof VICTIM_COLUMNS>;

/** Flows counted during the current month, and the end-of-month census, per country (index NC is unused). */
export interface Tally {
  /** Census at the end of the month: victims in exploitation, by location (a stock). */
  exploited: Float64Array;
  recruited: Float64Array;
  identified: Float64Array;
  escaped: Float64Array;
  assisted: Float64Array;
}

export interface Streams {
  awareness: Stream;
  migration: Stream;
  borders: Stream;
  police: Stream;
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
  tally: Tally;
  rng: Streams;
  /** Scratch weights for destination choice (reused, never reallocated). */
  scratch: Float64Array;
  /** Scratch: share of each origin's people at risk who are abroad safely, this month. */
  abroadShare: Float64Array;
}

const perCountry = () => new Float64Array(NC + 1);

export function initState(params: Params, seeds: SeedTree): State {
  return {
    params,
    tick: 0,
    home: Float64Array.from(params.initialHome),
    safeAbroad: new Float64Array(NC * STRATA),
    victims: new ColumnTable(VICTIM_COLUMNS, params.capacity),
    tally: { exploited: perCountry(), recruited: perCountry(), identified: perCountry(), escaped: perCountry(), assisted: perCountry() },
    rng: {
      awareness: seeds.stream('awareness'),
      migration: seeds.stream('migration'),
      borders: seeds.stream('borders'),
      police: seeds.stream('police'),
      observation: seeds.stream('observation'),
    },
    scratch: new Float64Array(NC),
    abroadShare: new Float64Array(NC),
  };
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
