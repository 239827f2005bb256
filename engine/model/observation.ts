/**
 * Observation: what assistance agencies count. Of the victims identified this month
 * in a country, each is counted with the reporting coverage of the month (a
 * binomial thinning), so a database that is only starting to collect data counts
 * few victims whatever the trade does. Counted figures live in `tally.assisted`.
 */
import type { State } from './state.ts';

export function observe(s: State): void {
  const { params, rng, tally } = s;
  const coverage = params.coverage[s.tick];
  for (const c of params.present) tally.assisted[c] = rng.observation.binomial(tally.identified[c], coverage);
}
