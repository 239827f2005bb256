/**
 * Adaptation: networks revise their strategy (Vreja 2005: networks adapt methods,
 * routes and destinations to counter-measures faster than the authorities).
 *
 * Each month a network revises with probability `adaptation` (never when
 * adaptation is off). A revision either imitates (probability `imitation`): the
 * network looks at another network of its home and, if that one earns more per
 * member, copies its strategy and averages their risk estimates; or it chooses from
 * its own experience: for each choice it weighs the options by a logit of expected
 * profit per victim, computed from its own risk estimates, which it learns from its
 * outcomes (borders.ts: interceptions; police.ts: raids and arrests):
 *  - route and transport together: value of a victim at the destination (the
 *    month's price there, demand.ts, over the months a network expects) × the
 *    chance of getting through every border (estimated inspection × the
 *    transport's scrutiny) × the share a raid there would not find (the network's
 *    estimate of the raid risk in that country, learned where it exploits, its
 *    prior elsewhere), less the journey's cost (per border for clandestine
 *    crossings, per journey on a visa or visa-free: params.ts journeyCost). Of the
 *    two legal options only one is open: a visa where the victim's citizenship
 *    needs one for the destination, else visa-free travel;
 *  - venue: revenue (apartments earn less) less the raid risk × the victims a raid
 *    finds (raid_identify × half the months a network expects);
 *  - control: revenue less soft control's payments, less the conviction risk ×
 *    what a conviction costs.
 * Options a network has not tried keep its prior estimate until it learns or imitates.
 */
import type { State } from './state.ts';
import { APARTMENT, BAR, CLANDESTINE, COERCION, SOFT, VISA, VISA_FREE } from './state.ts';
import { journeyCost, journeyMode } from './params.ts';
import { MAX_HOPS, NC } from './world.ts';

export function adapt(s: State): void {
  const { params, networks, rng } = s;
  const P = params.networks;
  if (P.adaptationOff) return;
  const k = s.tick;
  const rate = P.adaptation[k];
  if (rate <= 0) return;
  const col = networks.cols;
  const draw = rng.networks;
  for (let n = 0; n < networks.count; n++) {
    if (!col.alive[n] || draw.uniform() >= rate) continue;
    if (draw.uniform() < P.imitation[k]) imitate(s, n);
    else choose(s, n);
  }
}

/** Copies the strategy of a randomly met network of the same home if it earns more per member. */
function imitate(s: State, n: number): void {
  const { networks, rng } = s;
  const col = networks.cols;
  const N = networks.count;
  // Meet one of up to four random slots holding a live network of the same home.
  for (let tries = 0; tries < 4; tries++) {
    const m = rng.networks.int(N);
    if (m === n || !col.alive[m] || col.home[m] !== col.home[n]) continue;
    if (col.profit[m] <= col.profit[n]) return;
    col.route[n] = col.route[m];
    col.transport[n] = col.transport[m];
    col.venue[n] = col.venue[m];
    col.control[n] = col.control[m];
    col.raidRisk0[n] = (col.raidRisk0[n] + col.raidRisk0[m]) / 2;
    col.raidRisk1[n] = (col.raidRisk1[n] + col.raidRisk1[m]) / 2;
    col.convRisk0[n] = (col.convRisk0[n] + col.convRisk0[m]) / 2;
    col.convRisk1[n] = (col.convRisk1[n] + col.convRisk1[m]) / 2;
    const B = networks.borders;
    const risk = networks.borderRisk;
    for (let b = 0; b < B; b++) risk[n * B + b] = (risk[n * B + b] + risk[m * B + b]) / 2;
    return;
  }
}

/** Logit choice over the options of each decision, from the network's own estimates. */
export function choose(s: State, n: number): void {
  const { params, networks, rng, scratch } = s;
  const k = s.tick;
  const E = params.economics;
  const col = networks.cols;
  const rt = params.routeTable;
  const home = col.home[n];
  const beta = params.networks.choiceSharpness[k];
  const R = E.revenue[k];
  const M = E.monthsExpected[k];
  const draw = rng.networks;

  // Venue.
  const soft = col.control[n] === SOFT ? E.softControlCost[k] : 0;
  // A raid costs the victims found there (on average half their expected months remain).
  const raidLoss = (vf: number) => params.police.raidIdentify * R * vf * M * 0.5;
  const venueValue = (v: number, risk: number) => {
    const vf = v === APARTMENT ? E.apartmentRevenue[k] : 1;
    return R * vf * (1 - soft) - risk * raidLoss(vf);
  };
  col.venue[n] = logit2(venueValue(BAR, col.raidRisk0[n]), venueValue(APARTMENT, col.raidRisk1[n]), beta / R, draw.uniform());

  // Control.
  const vf = col.venue[n] === APARTMENT ? E.apartmentRevenue[k] : 1;
  const controlValue = (c: number, risk: number) => R * vf * (1 - (c === SOFT ? E.softControlCost[k] : 0)) - risk * E.convictionLoss[k];
  col.control[n] = logit2(controlValue(COERCION, col.convRisk0[n]), controlValue(SOFT, col.convRisk1[n]), beta / R, draw.uniform());

  // Route and transport, jointly.
  const ids = rt.byOrigin[home];
  const value = R * vf * (1 - (col.control[n] === SOFT ? E.softControlCost[k] : 0)) * M;
  const B = networks.borders;
  const risk = networks.borderRisk;
  let best = -Infinity;
  const opts = ids.length * 3;
  const [, scrutinyVisa, scrutinyFree] = params.officials.scrutiny;
  const raidFind = params.police.raidIdentify * M * 0.5;
  for (let i = 0; i < ids.length; i++) {
    const r = ids[i];
    const d = rt.dest[r];
    const hops = rt.hops[r];
    // Chance of getting through every border, per transport mode.
    let t0 = 1, t1 = 1, t2 = 1;
    for (let h = 0; h < hops; h++) {
      const q = risk[n * B + rt.borders[r * MAX_HOPS + h]];
      t0 *= 1 - q;
      t1 *= 1 - q * scrutinyVisa;
      t2 *= 1 - q * scrutinyFree;
    }
    // Victims a raid at the destination would find before their months are up.
    const worth = (value / R) * s.price[d] * (1 - Math.min(1, networks.raidRiskAt[n * NC + d] * raidFind));
    const v0 = worth * t0 - journeyCost(params, CLANDESTINE, hops, k);
    // Only one of the two legal options is open (params.ts journeyMode): a visa
    // where the citizenship needs one for the destination, else visa-free.
    const legal = journeyMode(params, VISA, k, home, d);
    const v1 = legal === VISA ? worth * t1 - journeyCost(params, VISA, hops, k) : -Infinity;
    const v2 = legal === VISA_FREE ? worth * t2 - journeyCost(params, VISA_FREE, hops, k) : -Infinity;
    scratch[3 * i] = v0;
    scratch[3 * i + 1] = v1;
    scratch[3 * i + 2] = v2;
    best = Math.max(best, v0, v1, v2);
  }
  if (best === -Infinity) return;
  // Softmax in place; the scale is a victim's value at demand 1.
  let total = 0;
  const scale = beta / Math.max(1, value);
  for (let j = 0; j < opts; j++) {
    const w = scratch[j] === -Infinity ? 0 : Math.exp(scale * (scratch[j] - best));
    scratch[j] = w;
    total += w;
  }
  for (let j = opts; j < scratch.length; j++) scratch[j] = 0;
  const j = draw.pick(scratch, total);
  if (j < 0) return;
  col.route[n] = ids[(j / 3) | 0];
  col.transport[n] = j % 3;
}

/** Picks option 1 over option 0 with the logit probability of their values (u uniform). */
function logit2(v0: number, v1: number, scale: number, u: number): number {
  const p1 = 1 / (1 + Math.exp(-scale * (v1 - v0)));
  return u < p1 ? 1 : 0;
}
