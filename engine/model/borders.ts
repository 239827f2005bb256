/**
 * Borders: each victim in transit tries the next border on the shortest path to
 * the destination once a month. Officials intercept with the border's probability
 * (the victim is identified in the country being entered); otherwise the victim
 * crosses, and on reaching the destination is exploited from next month.
 * Two-phase: reads `state`/`loc`, writes `next`/`nextLoc`.
 */
import type { State } from './state.ts';
import { EXPLOITED, IN_TRANSIT, LEAVES_IDENTIFIED } from './state.ts';
import { NC } from './world.ts';

export function cross(s: State): void {
  const { params, rng, victims } = s;
  const { state, next, loc, nextLoc, dest } = victims.cols;
  const { nextHop, borderOf } = params.routes;
  const T = params.clock.ticks;
  const k = s.tick;
  for (let i = 0; i < victims.count; i++) {
    if (state[i] !== IN_TRANSIT) continue;
    const here = loc[i];
    const to = nextHop[here * NC + dest[i]];
    const b = borderOf[here * NC + to];
    if (rng.borders.uniform() < params.interception[b * T + k]) {
      next[i] = LEAVES_IDENTIFIED;
      nextLoc[i] = to;
    } else {
      nextLoc[i] = to;
      next[i] = to === dest[i] ? EXPLOITED : IN_TRANSIT;
    }
  }
}
