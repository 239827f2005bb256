/**
 * Adaptation: networks revise their strategy (Vreja 2005: networks adapt methods,
 * routes and destinations to counter-measures faster than the authorities).
 *
 * Each month a network revises with probability `adaptation` (never when
 * adaptation is off). A revision either imitates (probability `imitation`): the
 * network looks at another network of its home and, if that one earns more per
 * member by more than the network's switching cost, copies its strategy and
 * averages their risk estimates; or it chooses from its own experience: for each
 * choice it weighs the options by a logit of expected profit per victim, computed
 * from its own risk estimates, which it learns from its outcomes (borders.ts:
 * interceptions; police.ts: raids and arrests):
 *  - route and transport together: prospects.ts (price at the destination × the
 *    network's contacts there, the chance of getting through every border, the
 *    share a raid would not find, less the journey; a visa needs a corrupt
 *    consular official);
 *  - venue: revenue (apartments earn less) less the raid risk × the victims a raid
 *    finds (raid_identify × half the months a network expects);
 *  - control: revenue less soft control's payments, less the conviction risk ×
 *    what a conviction costs.
 * Networks differ, so the population of networks shifts strategy gradually rather
 * than all at once: each values destinations through its own contacts and diaspora
 * links (`contacts_spread`), and each has its own cost of changing course
 * (`switching_cost`), subtracted from every option but the current one, so a
 * network changes only for a clear gain unless an event moves the values.
 * Options a network has not tried keep its prior estimate until it learns or imitates.
 */
import type { State } from './state.ts';
import { APARTMENT, BAR, CLANDESTINE, COERCION, SOFT } from './codes.ts';
import { routeValues, victimValue } from './prospects.ts';

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

/**
 * Copies the strategy of a randomly met network of the same home if it earns more
 * per member, by more than what changing course costs this network.
 */
function imitate(s: State, n: number): void {
  const { networks, rng } = s;
  const col = networks.cols;
  const N = networks.count;
  const margin = col.inertia[n] * s.params.economics.revenue[s.tick];
  // Meet one of up to four random slots holding a live network of the same home.
  for (let tries = 0; tries < 4; tries++) {
    const m = rng.networks.int(N);
    if (m === n || !col.alive[m] || col.home[m] !== col.home[n]) continue;
    if (col.profit[m] <= col.profit[n] + margin) return;
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

/**
 * Logit choice over the options of each decision, from the network's own
 * estimates; an option other than the current one is worth less by the network's
 * switching cost (its inertia × the option's scale).
 */
export function choose(s: State, n: number): void {
  const { params, networks, rng, scratch } = s;
  const k = s.tick;
  const E = params.economics;
  const col = networks.cols;
  const rt = params.routeTable;
  const home = col.home[n];
  const beta = params.networks.choiceSharpness[k];
  const R = E.revenue[k];
  const draw = rng.networks;
  const inertia = col.inertia[n];

  // Venue: revenue less the raid risk × the victims a raid finds; control: revenue
  // less soft control's payments and the conviction risk × what a conviction costs.
  const soft = col.control[n] === SOFT ? E.softControlCost[k] : 0;
  const apt = E.apartmentRevenue[k];
  const venue = col.venue[n];
  col.venue[n] = logit2(
    venueValue(s, BAR, col.raidRisk0[n], soft) - (venue === BAR ? 0 : inertia * R),
    venueValue(s, APARTMENT, col.raidRisk1[n], soft) - (venue === APARTMENT ? 0 : inertia * R),
    beta / R,
    draw.uniform(),
  );
  const venueFactor = col.venue[n] === APARTMENT ? apt : 1;
  const control = col.control[n];
  col.control[n] = logit2(
    R * venueFactor - col.convRisk0[n] * E.convictionLoss[k] - (control === COERCION ? 0 : inertia * R),
    R * venueFactor * (1 - E.softControlCost[k]) - col.convRisk1[n] * E.convictionLoss[k] - (control === SOFT ? 0 : inertia * R),
    beta / R,
    draw.uniform(),
  );

  // Route and transport, jointly (prospects.ts values them).
  const ids = rt.byOrigin[home];
  const value = victimValue(s, n);
  const change = inertia * value;
  const current = col.route[n];
  // The legal mode the network travels in now, whichever of the two it chose.
  const legalNow = col.transport[n] !== CLANDESTINE;
  let best = -Infinity;
  const opts = ids.length * 3;
  for (let i = 0; i < ids.length; i++) {
    const r = ids[i];
    routeValues(s, n, r, value, scratch, 3 * i);
    for (let t = 0; t < 3; t++) {
      const same = r === current && (t === CLANDESTINE ? !legalNow : legalNow);
      if (!same) scratch[3 * i + t] -= change;
      best = Math.max(best, scratch[3 * i + t]);
    }
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

/**
 * A month's revenue from a victim in venue v less the expected loss to raids: a
 * raid costs the victims found there, with on average half their expected months
 * to run (`soft`: the share soft control pays them).
 */
function venueValue(s: State, v: number, risk: number, soft: number): number {
  const E = s.params.economics;
  const k = s.tick;
  const R = E.revenue[k];
  const venueFactor = v === APARTMENT ? E.apartmentRevenue[k] : 1;
  return R * venueFactor * (1 - soft) - risk * (s.params.police.raidIdentify * R * venueFactor * E.monthsExpected[k] * 0.5);
}

/** Picks option 1 over option 0 with the logit probability of their values (u uniform). */
function logit2(v0: number, v1: number, scale: number, u: number): number {
  const p1 = 1 / (1 + Math.exp(-scale * (v1 - v0)));
  return u < p1 ? 1 : 0;
}
