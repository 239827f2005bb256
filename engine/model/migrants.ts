/**
 * Migrants: who leaves home, who is recruited, and safe migrants coming back.
 *
 * People at home are counts by country and stratum (strata.ts), moved with
 * binomial draws. Each month, in each origin:
 *  1. safe migrants come home with the country's safe-return probability;
 *  2. people look for work abroad with the emigration probability, raised by
 *     success stories: multiplied by 1 + success_stories × the share of the
 *     country's people at risk who are abroad safely (at the start of the month);
 *  3. of those leaving, some accept a recruiter's offer (recruited_share), informed
 *     people less often (× aware_acceptance); the others migrate safely;
 *  4. each recruited person becomes an agent in transit towards a destination drawn
 *     in proportion to demand among the destinations the border graph reaches.
 * If no destination with demand is reachable, nobody is recruited.
 */
import type { State } from './state.ts';
import { IN_TRANSIT } from './state.ts';
import { AWARE, STRATA } from './strata.ts';
import { NC } from './world.ts';

export function migrate(s: State): void {
  const { params, rng, home, safeAbroad, victims, tally, scratch, abroadShare } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const { emigration, success_stories, recruited_share, safe_return, demand } = params.country;
  const awareAcceptance = params.awareAcceptance[k];
  const hops = params.routes.hops;
  const draw = rng.migration;
  for (const c of params.present) {
    // Success stories: the share abroad safely as the month starts.
    let atHome = 0, abroad = 0;
    for (let g = 0; g < STRATA; g++) {
      atHome += home[c * STRATA + g];
      abroad += safeAbroad[c * STRATA + g];
    }
    abroadShare[c] = atHome + abroad > 0 ? abroad / (atHome + abroad) : 0;
    // Destinations: reachable countries other than home, weighted by demand.
    let total = 0;
    for (let d = 0; d < NC; d++) {
      const w = d !== c && hops[c * NC + d] > 0 ? demand[d * T + k] : 0;
      scratch[d] = w;
      total += w;
    }
    const leave = Math.min(1, emigration[c * T + k] * (1 + success_stories[c * T + k] * abroadShare[c]));
    for (let g = 0; g < STRATA; g++) {
      const at = c * STRATA + g;
      // Safe migrants come home first (they left in earlier months).
      const back = draw.binomial(safeAbroad[at], safe_return[c * T + k]);
      safeAbroad[at] -= back;
      home[at] += back;

      const leaving = draw.binomial(home[at], leave);
      if (leaving === 0) continue;
      const accept = recruited_share[c * T + k] * ((g & AWARE) !== 0 ? awareAcceptance : 1);
      const recruited = total > 0 ? draw.binomial(leaving, accept) : 0;
      home[at] -= leaving;
      safeAbroad[at] += leaving - recruited;
      tally.recruited[c] += recruited;
      for (let n = 0; n < recruited; n++) {
        const i = victims.add();
        const cols = victims.cols;
        cols.state[i] = IN_TRANSIT;
        cols.next[i] = IN_TRANSIT;
        cols.stratum[i] = g;
        cols.origin[i] = c;
        cols.loc[i] = c;
        cols.nextLoc[i] = c;
        cols.dest[i] = draw.pick(scratch, total);
      }
    }
  }
}
