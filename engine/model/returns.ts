/**
 * Returns: the second phase of the monthly update. Every agent's decided move is
 * applied at once; identified and escaped victims are tallied where they are,
 * leave the agent table and go back to the population at home in their origin
 * (in their own stratum).
 * The same pass counts the victims in exploitation at the end of the month, by
 * location (a census, so no other phase scans the table again).
 * Iterating from the end keeps swap-removal from skipping a row.
 */
import type { State } from './state.ts';
import { EXPLOITED, LEAVES_ESCAPED, LEAVES_IDENTIFIED } from './state.ts';
import { STRATA } from './strata.ts';

export function commit(s: State): void {
  const { victims, tally, home } = s;
  const exploited = tally.exploited;
  exploited.fill(0);
  const { state, next, loc, nextLoc, origin, stratum } = victims.cols;
  for (let i = victims.count - 1; i >= 0; i--) {
    const n = next[i];
    if (n === LEAVES_IDENTIFIED || n === LEAVES_ESCAPED) {
      (n === LEAVES_IDENTIFIED ? tally.identified : tally.escaped)[nextLoc[i]]++;
      home[origin[i] * STRATA + stratum[i]]++;
      victims.remove(i);
      continue;
    }
    state[i] = n;
    loc[i] = nextLoc[i];
    if (n === EXPLOITED) exploited[loc[i]]++;
  }
}
