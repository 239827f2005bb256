/**
 * Trafficking networks: who they are, how they grow, and how they enter and leave
 * the trade (Vreja 2005: organised groups with low investment, high revenue and
 * low risk, that adapt to counter-measures). How they choose a strategy is in
 * adaptation.ts.
 *
 * A network recruits in its home country. Its members come from the country's
 * pool of traffickers (people outside networks, released prisoners, members of
 * broken-up networks) and go back to it, to prison, or to court: traffickers are
 * conserved like victims. Each month (`evolve`), after the month's income:
 *  - members cost money; a network with enough capital takes on a member;
 *  - a network without members, or too deep in debt, leaves the trade, and another
 *    network of its home takes over its victims;
 *  - new networks enter each origin at a rate proportional to the founding groups
 *    in the pool and to the profit per member of the networks already there
 *    relative to a member's cost (nothing enters where the trade loses money).
 * Networks keep stable slots (victims point at them); a slot freed this month is
 * reused only after the next commit has moved every victim off it.
 */
import { ColumnTable } from '../kernel/columns.ts';
import type { State } from './state.ts';
import { APARTMENT, BAR, CLANDESTINE, COERCION, SOFT, VISA, VISA_FREE } from './codes.ts';
import { NC } from '../kernel/scenario/countries.ts';
import { choose } from './adaptation.ts';

export const NETWORK_COLUMNS = {
  alive: Uint8Array,
  home: Uint8Array,
  members: Uint16Array,
  /** Run by police officers: protected from raids and investigations. */
  policeRun: Uint8Array,
  /** Strategy: route (RouteTable id), transport mode, venue, control style. */
  route: Uint16Array,
  transport: Uint8Array,
  venue: Uint8Array,
  control: Uint8Array,
  capital: Float64Array,
  /** Net income this month, and its moving average per member (what others imitate). */
  income: Float64Array,
  profit: Float64Array,
  /** Estimated monthly raid risk by venue, and conviction risk by control style. */
  raidRisk0: Float32Array,
  raidRisk1: Float32Array,
  convRisk0: Float32Array,
  convRisk1: Float32Array,
  /** Slot of the network that takes over this one's victims when it ends (-1: they go free). */
  successor: Int32Array,
  /** What changing strategy costs this network, as a share of a victim's value (drawn at founding). */
  inertia: Float32Array,
  /** Expected profit of a victim on the current strategy this month (prospects.ts). */
  expected: Float64Array,
} as const;

export const NO_NETWORK = -1;
/**
 * Most network slots a run holds at once: victims keep their network's slot in 16
 * bits (state.ts). A real scenario has hundreds; a pool of a million with networks of
 * one could reach this, and no network is then founded until a slot is free.
 */
export const MAX_NETWORKS = 65_535;

export class NetworkTable {
  table: ColumnTable<typeof NETWORK_COLUMNS>;
  /** Estimated interception risk per border: borderRisk[n * borders + b]. */
  borderRisk: Float32Array;
  /** Victims in exploitation by network and country (census at the last commit). */
  exploitedAt: Float32Array;
  /** Of those, victims forced to beg (census at the last commit). */
  beggingAt: Float32Array;
  /**
   * Where the census is not zero: the indices n * NC + c with exploitedAt > 0, in
   * increasing order, the first `occupiedCount` entries (a few hundred pairs of the
   * slots × countries), so that phases visit only where victims are exploited.
   */
  occupied: Int32Array;
  occupiedCount = 0;
  /** Raided this month, by network and country. */
  raided: Uint8Array;
  /**
   * Scratch for exploitation.ts: a month's cumulative exit probabilities of a victim
   * by network, country and form of exploitation, exits[((n * NC + c) * 2 + begging) * 4 + j].
   */
  exits: Float64Array;
  /** Estimated monthly raid risk by network and destination, learned where it exploits. */
  raidRiskAt: Float32Array;
  /** Scratch weights by slot (recruitment). */
  weights: Float64Array;
  /** Contacts and diaspora links: how network n values destination d relative to its price, ties[n * NC + d] (drawn at founding). */
  ties: Float32Array;
  private free: number[] = [];
  /** Slots of networks that ended this month; free after the next commit. */
  dying: number[] = [];

  constructor(
    readonly borders: number,
    capacity: number,
  ) {
    this.table = new ColumnTable(NETWORK_COLUMNS, capacity);
    this.borderRisk = new Float32Array(capacity * borders);
    this.exploitedAt = new Float32Array(capacity * NC);
    this.beggingAt = new Float32Array(capacity * NC);
    this.occupied = new Int32Array(capacity * NC);
    this.raided = new Uint8Array(capacity * NC);
    this.exits = new Float64Array(capacity * NC * 8);
    this.raidRiskAt = new Float32Array(capacity * NC);
    this.weights = new Float64Array(capacity);
    this.ties = new Float32Array(capacity * NC);
  }

  get cols() {
    return this.table.cols;
  }
  /** Slots in use or free: loop to this and check `alive`. */
  get count() {
    return this.table.count;
  }

  /** No slot left: every one of MAX_NETWORKS is in use or waiting to be freed. */
  get full(): boolean {
    return this.free.length === 0 && this.table.count >= MAX_NETWORKS;
  }

  /** A slot for a new network (reusing a freed one), with zeroed columns and the given priors. */
  add(prior: number, priorRaid = 0): number {
    let n: number;
    if (this.free.length > 0) {
      n = this.free.pop()!;
    } else {
      n = this.table.add();
      if (this.table.capacity * this.borders > this.borderRisk.length) this.grow();
    }
    const c = this.table.cols;
    for (const k of Object.keys(c) as (keyof typeof c)[]) c[k][n] = 0;
    c.alive[n] = 1;
    c.successor[n] = NO_NETWORK;
    this.borderRisk.fill(prior, n * this.borders, (n + 1) * this.borders);
    this.exploitedAt.fill(0, n * NC, (n + 1) * NC);
    this.beggingAt.fill(0, n * NC, (n + 1) * NC);
    this.raided.fill(0, n * NC, (n + 1) * NC);
    this.raidRiskAt.fill(priorRaid, n * NC, (n + 1) * NC);
    this.ties.fill(1, n * NC, (n + 1) * NC);
    return n;
  }

  /** Ends network n; its victims pass to `successor` (or go free) at the next commit. */
  end(n: number, successor: number): void {
    this.table.cols.alive[n] = 0;
    this.table.cols.successor[n] = successor;
    this.dying.push(n);
  }

  /** Called by commit once no victim points at a dying slot. */
  releaseDying(): void {
    for (const n of this.dying) this.free.push(n);
    this.dying.length = 0;
    // Free slots are reused lowest first, so runs do not depend on history beyond the model's.
    this.free.sort((a, b) => b - a);
  }

  /** Where n's victims go if n ends now: the first live network of the same home after n, in slot order. */
  successorOf(n: number): number {
    const { alive, home } = this.table.cols;
    const N = this.table.count;
    for (let j = 1; j < N; j++) {
      const m = (n + j) % N;
      if (alive[m] && home[m] === home[n]) return m;
    }
    return NO_NETWORK;
  }

  private grow() {
    const cap = this.table.capacity;
    this.borderRisk = grown(this.borderRisk, cap * this.borders);
    this.exploitedAt = grown(this.exploitedAt, cap * NC);
    this.beggingAt = grown(this.beggingAt, cap * NC);
    this.occupied = grown(this.occupied, cap * NC);
    this.exits = new Float64Array(cap * NC * 8);
    this.raided = grown(this.raided, cap * NC);
    this.raidRiskAt = grown(this.raidRiskAt, cap * NC);
    this.weights = grown(this.weights, cap);
    this.ties = grown(this.ties, cap * NC);
  }
}

/**
 * A new network in origin c: members from the pool, capital the founders bring,
 * and a strategy. In the first month, and always when adaptation is off, the
 * strategy is drawn from the initial mix with a route to a destination drawn by
 * demand. Later, with adaptation on, a founder either imitates the best-doing
 * network at home (`imitate`) or chooses as a revising network does
 * (adaptation.ts), from the priors every network starts with.
 */
export function found(s: State, c: number, imitate: boolean): number {
  const { params, networks, rng } = s;
  const P = params.networks;
  const E = params.economics;
  const draw = rng.networks;
  const members = Math.min(P.members, s.pool[c]);
  // No network recruits where no route leads to a destination.
  if (members < 1 || params.routeTable.byOrigin[c].length === 0 || networks.full) return NO_NETWORK;
  const n = networks.add(P.priorInterception, P.priorRaid);
  const col = networks.cols;
  col.home[n] = c;
  col.members[n] = members;
  s.pool[c] -= members;
  col.capital[n] = E.growthCost[s.tick] * members;
  col.policeRun[n] = draw.bernoulli(P.policeRunShare) ? 1 : 0;
  col.raidRisk0[n] = col.raidRisk1[n] = P.priorRaid;
  col.convRisk0[n] = col.convRisk1[n] = P.priorConviction;
  // Who this network is: its contacts abroad and what changing course costs it.
  if (P.contactsSpread > 0) {
    const sd = P.contactsSpread;
    for (let d = 0; d < NC; d++) networks.ties[n * NC + d] = Math.exp(sd * draw.normal() - (sd * sd) / 2);
  }
  if (P.switchingCost > 0) col.inertia[n] = -P.switchingCost * Math.log(1 - draw.uniform());
  const model = imitate ? bestAt(s, c, n) : NO_NETWORK;
  if (model !== NO_NETWORK) {
    col.route[n] = col.route[model];
    col.transport[n] = col.transport[model];
    col.venue[n] = col.venue[model];
    col.control[n] = col.control[model];
  } else {
    const mix = P.mix;
    const u = draw.uniform();
    col.transport[n] = u < mix.visa ? VISA : u < mix.visa + mix.visaFree ? VISA_FREE : CLANDESTINE;
    col.venue[n] = draw.uniform() < mix.apartment ? APARTMENT : BAR;
    col.control[n] = draw.uniform() < mix.softControl ? SOFT : COERCION;
    col.route[n] = routeByDemand(s, c);
    if (s.tick > 0 && !P.adaptationOff) choose(s, n);
  }
  return n;
}

/** The shortest route from c to a destination drawn in proportion to demand (c must have routes). */
export function routeByDemand(s: State, c: number): number {
  const { params, scratch } = s;
  const T = params.clock.ticks;
  const rt = params.routeTable;
  const ids = rt.byOrigin[c];
  let total = 0;
  let last = -1;
  for (let j = 0; j < ids.length; j++) {
    const r = ids[j];
    // One weight per destination: its first (shortest) route.
    const w = rt.dest[r] !== last ? params.demand[rt.dest[r] * T + s.tick] : 0;
    last = rt.dest[r];
    scratch[j] = w;
    total += w;
  }
  for (let j = ids.length; j < scratch.length; j++) scratch[j] = 0;
  const j = s.rng.networks.pick(scratch, total);
  return j < 0 ? ids[0] : ids[j];
}

/** The live network at home c (other than `except`) with the highest profit per member. */
function bestAt(s: State, c: number, except: number): number {
  const { alive, home, profit } = s.networks.cols;
  let best = NO_NETWORK;
  for (let m = 0; m < s.networks.count; m++) {
    if (!alive[m] || home[m] !== c || m === except) continue;
    if (best === NO_NETWORK || profit[m] > profit[best]) best = m;
  }
  return best;
}

/** Growth, exit and entry, after the month's income (see the file comment). */
export function evolve(s: State): void {
  const { params, networks, rng, tally } = s;
  const k = s.tick;
  const P = params.networks;
  const E = params.economics;
  const col = networks.cols;
  const memberCost = E.memberCost[k];
  const growthCost = E.growthCost[k];
  const sumProfit = new Float64Array(NC);
  const live = new Float64Array(NC);
  for (let n = 0; n < networks.count; n++) {
    if (!col.alive[n]) continue;
    const c = col.home[n];
    col.income[n] -= memberCost * col.members[n];
    col.capital[n] += col.income[n]; // revenue less transport, bribes and members
    const perMember = col.members[n] > 0 ? col.income[n] / col.members[n] : 0;
    col.profit[n] = 0.9 * col.profit[n] + 0.1 * perMember;
    col.income[n] = 0;
    if (col.members[n] === 0 || col.capital[n] < -E.exitDebt[k]) {
      s.pool[c] += col.members[n];
      col.members[n] = 0;
      networks.end(n, networks.successorOf(n));
      continue;
    }
    if (col.capital[n] > 2 * growthCost && col.members[n] < P.maxMembers && s.pool[c] >= 1) {
      col.members[n]++;
      s.pool[c]--;
      col.capital[n] -= growthCost;
    }
    sumProfit[c] += col.profit[n];
    live[c]++;
  }
  // Entry: founding groups in the pool start networks, more where networks earn
  // more per member than a member costs.
  const draw = rng.networks;
  for (const c of params.origins) {
    const mean = live[c] > 0 ? sumProfit[c] / live[c] : memberCost;
    const groups = s.pool[c] / P.members;
    const rate = P.entry[k] * groups * Math.max(0, mean / Math.max(1, memberCost));
    const entrants = draw.poisson(Math.min(rate, groups, 50));
    for (let e = 0; e < entrants; e++) found(s, c, !P.adaptationOff && draw.uniform() < P.imitation[k]);
  }
  for (let n = 0; n < networks.count; n++) if (col.alive[n]) tally.networks[col.home[n]]++;
}

/** A typed array of `length` holding a's values at its start (zeros after). */
function grown<T extends Float32Array | Float64Array | Int32Array | Uint8Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
