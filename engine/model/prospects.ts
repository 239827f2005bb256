/**
 * Prospects: what a victim is expected to earn a network, net of the journey, on
 * a route and transport (Vreja 2005: low investment, high revenue and low risk; the
 * trade rests on corrupt officials). One valuation serves two decisions: networks
 * choose their strategy by it (adaptation.ts), and recruit in proportion to it
 * (migrants.ts: the `profit_elasticity` of recruitment), so that the market
 * (demand.ts) and corruption limit the trade through what a victim is worth.
 *
 * The value of a victim on route r to destination d, for network n:
 *   worth = value × price_d / revenue × ties_{n,d} × (1 − raid risk at d × the victims a raid finds)
 * where value is a victim's revenue at demand 1 over the months a network expects
 * (less soft control's payments; apartments earn less), price_d the month's price
 * (demand.ts), ties the network's contacts and diaspora links there (drawn at
 * founding, mean 1), and the raid risk the network's learned estimate. Then per
 * transport mode:
 *  - clandestine: worth × the chance of getting through every border (the
 *    network's estimate of each border's inspection) − the per-border cost;
 *  - on a visa (where the citizenship needs one for d): a visa is bought from a
 *    corrupt consular official, found with the home's corruptibility (officials.ts);
 *    without one the victim goes clandestinely: corruptibility × (worth × the chance
 *    under a visa's lighter scrutiny − the visa's cost) + the rest × the
 *    clandestine value;
 *  - visa-free (where no visa is needed): worth × the chance under visa-free
 *    scrutiny − the journey's cost.
 * `appraise` (each month) writes each live network's expected profit of a victim on
 * its current strategy into `expected`.
 */
import type { State } from './state.ts';
import { APARTMENT, CLANDESTINE, SOFT, VISA, VISA_FREE } from './codes.ts';
import { journeyCost, journeyMode } from './params.ts';
import { MAX_HOPS } from './world.ts';
import { NC } from '../kernel/scenario/countries.ts';

/** A victim's value to network n at demand 1 over the months expected, for its venue and control. */
export function victimValue(s: State, n: number): number {
  const E = s.params.economics;
  const k = s.tick;
  const col = s.networks.cols;
  const venueFactor = col.venue[n] === APARTMENT ? E.apartmentRevenue[k] : 1;
  return E.revenue[k] * venueFactor * (1 - (col.control[n] === SOFT ? E.softControlCost[k] : 0)) * E.monthsExpected[k];
}

/**
 * Expected profit of a victim of network n on route r, per transport mode, into
 * out[at], out[at + 1], out[at + 2] (clandestine, visa, visa-free; -Infinity for
 * the legal mode that is not open). `value` is victimValue(s, n).
 */
export function routeValues(s: State, n: number, r: number, value: number, out: Float64Array, at: number): void {
  const { params, networks } = s;
  const k = s.tick;
  const rt = params.routeTable;
  const home = networks.cols.home[n];
  const d = rt.dest[r];
  const hops = rt.hops[r];
  const B = networks.borders;
  const risk = networks.borderRisk;
  const [, scrutinyVisa, scrutinyFree] = params.officials.scrutiny;
  let t0 = 1,
    t1 = 1,
    t2 = 1;
  for (let h = 0; h < hops; h++) {
    const q = risk[n * B + rt.borders[r * MAX_HOPS + h]];
    t0 *= 1 - q;
    t1 *= 1 - q * scrutinyVisa;
    t2 *= 1 - q * scrutinyFree;
  }
  const raidFind = params.police.raidIdentify * params.economics.monthsExpected[k] * 0.5;
  const R = params.economics.revenue[k];
  const worth = (value / R) * s.price[d] * networks.ties[n * NC + d] * (1 - Math.min(1, networks.raidRiskAt[n * NC + d] * raidFind));
  const v0 = worth * t0 - journeyCost(params, CLANDESTINE, hops, k);
  out[at] = v0;
  const legal = journeyMode(params, VISA, k, home, d);
  const bought = s.officials.level[home];
  out[at + 1] = legal === VISA ? bought * (worth * t1 - journeyCost(params, VISA, hops, k)) + (1 - bought) * v0 : -Infinity;
  out[at + 2] = legal === VISA_FREE ? worth * t2 - journeyCost(params, VISA_FREE, hops, k) : -Infinity;
}

/**
 * Each live network's expected profit of a victim on its current strategy, this
 * month. Only recruitment reads it, and only when it answers to profit: with a
 * profit elasticity of 0 this month nothing is computed.
 */
export function appraise(s: State): void {
  const { networks } = s;
  if (s.params.networks.profitElasticity[s.tick] === 0) return;
  const col = networks.cols;
  const out = s.prospect;
  for (let n = 0; n < networks.count; n++) {
    if (!col.alive[n]) continue;
    routeValues(s, n, col.route[n], victimValue(s, n), out, 0);
    const v = out[col.transport[n]];
    // A legal mode the network chose that is not open to this route travels as the open one.
    col.expected[n] = v === -Infinity ? Math.max(out[1], out[2]) : v;
  }
}
