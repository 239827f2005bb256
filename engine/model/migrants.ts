/**
 * Migrants: who leaves home, who is recruited, and safe migrants coming back.
 * Counts at home move with binomial draws; each recruited person becomes an agent
 * in transit towards a destination drawn in proportion to demand among the
 * destinations the border graph reaches.
 */
import type { State } from './state.ts';
import { IN_TRANSIT } from './state.ts';
import { NC } from './world.ts';

export function migrate(s: State): void {
  const { params, rng, home, safeAbroad, victims, tally, scratch } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const { emigration, recruited_share, safe_return, demand } = params.country;
  const hops = params.routes.hops;
  for (const c of params.present) {
    // Safe migrants come home first (they left in earlier months).
    const back = rng.migration.binomial(safeAbroad[c], safe_return[c * T + k]);
    safeAbroad[c] -= back;
    home[c] += back;

    const leaving = rng.migration.binomial(home[c], emigration[c * T + k]);
    if (leaving === 0) continue;
    // Destinations: reachable countries other than home, weighted by demand.
    let total = 0;
    for (let d = 0; d < NC; d++) {
      const w = d !== c && hops[c * NC + d] > 0 ? demand[d * T + k] : 0;
      scratch[d] = w;
      total += w;
    }
    const recruited = total > 0 ? rng.migration.binomial(leaving, recruited_share[c * T + k]) : 0;
    const safe = leaving - recruited;
    home[c] -= leaving;
    safeAbroad[c] += safe;
    tally.recruited[c] += recruited;
    for (let n = 0; n < recruited; n++) {
      const i = victims.add();
      const cols = victims.cols;
      cols.state[i] = IN_TRANSIT;
      cols.next[i] = IN_TRANSIT;
      cols.origin[i] = c;
      cols.loc[i] = c;
      cols.nextLoc[i] = c;
      cols.dest[i] = rng.migration.pick(scratch, total);
    }
  }
}
