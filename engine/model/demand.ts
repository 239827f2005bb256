/**
 * Demand: buyers in destination countries, per destination and month (Vreja 2005;
 * peacekeepers were an important market in Bosnia-Herzegovina from 1996 and Kosovo
 * from 1999). The demand-side levers move it: punishing buyers who knowingly
 * exploit victims deters that share of demand; awareness in destination countries
 * at level 1 halves it. Networks earn revenue in proportion to demand (exploitation.ts)
 * and choose destinations by it (adaptation.ts, networks.ts).
 */
import { NC } from './world.ts';

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
