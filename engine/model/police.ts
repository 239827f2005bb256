/**
 * Police: each exploited victim (as at the start of the month) is identified with
 * the destination's monthly detection probability, or else escapes with the
 * country's escape probability. Two-phase: reads `state`, writes `next`.
 */
import type { State } from './state.ts';
import { EXPLOITED, LEAVES_ESCAPED, LEAVES_IDENTIFIED } from './state.ts';

export function identify(s: State): void {
  const { params, rng, victims } = s;
  const { state, next, loc } = victims.cols;
  const { detection, escape } = params.country;
  const T = params.clock.ticks;
  const k = s.tick;
  for (let i = 0; i < victims.count; i++) {
    if (state[i] !== EXPLOITED) continue;
    const at = loc[i] * T + k;
    const u = rng.police.uniform();
    if (u < detection[at]) next[i] = LEAVES_IDENTIFIED;
    else if (u < detection[at] + (1 - detection[at]) * escape[at]) next[i] = LEAVES_ESCAPED;
  }
}
