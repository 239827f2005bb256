/**
 * Returns: the second phase of the monthly update. Every agent's decided move is
 * applied at once; identified, escaped and released victims are tallied where they are,
 * leave the agent table and go back to the population at home in their origin
 * (in their own stratum), where they may be recruited again. Victims of a network
 * that ended this month pass to its successor, or go free (escape) if it has none.
 * The same pass takes the census of victims in exploitation, by location and by
 * network and location, and of those forced to beg (so no other phase scans the
 * table again; exploitation.ts takes the month's revenue from it).
 * Iterating from the end keeps swap-removal from skipping a row.
 */
import type { State } from './state.ts';
import { BEGGING, EXPLOITED, LEAVES_ESCAPED, LEAVES_IDENTIFIED, LEAVES_RELEASED, SOFT } from './codes.ts';
import { STRATA } from './strata.ts';
import { NC } from '../kernel/scenario/countries.ts';

export function commit(s: State): void {
  const { victims, tally, home, networks } = s;
  const exploited = tally.exploited;
  exploited.fill(0);
  const at = networks.exploitedAt;
  const begging = networks.beggingAt;
  const occupied = networks.occupied;
  for (let j = 0; j < networks.occupiedCount; j++) {
    at[occupied[j]] = 0;
    begging[occupied[j]] = 0;
  }
  let pairs = 0;
  const { alive, successor } = networks.cols;
  const { state, next, loc, nextLoc, origin, stratum, net, hop, control, form } = victims.cols;
  for (let i = victims.count - 1; i >= 0; i--) {
    let n = next[i];
    // Victims of a network that ended: taken over, or free.
    let m = net[i];
    for (let hops = 0; hops < 8 && !alive[m] && successor[m] >= 0; hops++) m = successor[m];
    if (!alive[m] && n !== LEAVES_IDENTIFIED && n !== LEAVES_ESCAPED && n !== LEAVES_RELEASED) {
      n = LEAVES_ESCAPED;
      nextLoc[i] = loc[i];
    }
    net[i] = m;
    if (n === LEAVES_IDENTIFIED || n === LEAVES_ESCAPED || n === LEAVES_RELEASED) {
      const o = origin[i];
      if (n === LEAVES_IDENTIFIED) {
        tally.identified[nextLoc[i]]++;
        tally.returnedIdentified[o]++;
      } else {
        (n === LEAVES_RELEASED ? tally.released : tally.escaped)[nextLoc[i]]++;
        (control[i] === SOFT ? tally.returnedEscapedSoft : tally.returnedEscaped)[o]++;
      }
      home[o * STRATA + stratum[i]]++;
      victims.remove(i);
      continue;
    }
    if (nextLoc[i] !== loc[i]) hop[i]++;
    state[i] = n;
    loc[i] = nextLoc[i];
    if (n === EXPLOITED) {
      exploited[loc[i]]++;
      const x = m * NC + loc[i];
      if (at[x]++ === 0) occupied[pairs++] = x;
      if (form[i] === BEGGING) begging[x]++;
    }
  }
  networks.occupiedCount = pairs;
  occupied.subarray(0, pairs).sort();
  networks.releaseDying();
}
