/**
 * Demand: buyers in destination countries, per destination and month (Vreja 2005;
 * peacekeepers were an important market in Bosnia-Herzegovina from 1996 and Kosovo
 * from 1999). The demand-side levers move it: punishing buyers who knowingly
 * exploit victims deters that share of demand; awareness in destination countries
 * at level 1 halves it.
 *
 * The market (`market`, each month): the revenue a victim earns a network in
 * destination d is revenue × demand_d / (1 + exploited_d / (market_size × demand_d)),
 * with exploited_d the victims there at the last census: buyers are finite, so the
 * price falls as more victims are brought in (market_size 0: no saturation).
 * Networks earn it (exploitation.ts) and choose destinations by it (adaptation.ts).
 */
import type { State } from './state.ts';
import { NC } from '../kernel/scenario/countries.ts';

export function market(s: State): void {
  const { params, price, tally } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const R = params.economics.revenue[k];
  const K = params.economics.marketSize[k];
  for (let d = 0; d < NC; d++) {
    const D = params.demand[d * T + k];
    price[d] = D > 0 ? (R * D) / (K > 0 ? 1 + tally.exploited[d] / (K * D) : 1) : 0;
  }
}

export function effectiveDemand(demand: Float64Array, buyerPunishment?: Float64Array, destinationAwareness?: Float64Array): Float64Array {
  const out = Float64Array.from(demand);
  const n = Math.min(out.length, NC * (out.length / NC));
  for (let i = 0; i < n; i++) {
    const deterred = Math.min(1, buyerPunishment?.[i] ?? 0);
    const informed = Math.min(1, destinationAwareness?.[i] ?? 0);
    out[i] *= (1 - deterred) * (1 - 0.5 * informed);
  }
  return out;
}
