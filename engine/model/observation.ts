/**
 * Observation: what assistance agencies count (Vreja 2005, Table 1: victims
 * identified and assisted, reported by destination countries and by countries of
 * origin after return, so one person can be counted twice). Each month:
 *  - of the victims identified in a country, each is counted there with the
 *    database's coverage of the month (it only starts in 1999) × the country's
 *    `reporting` share (Table 1 is the SEE total: countries outside the region,
 *    which do not report to its database, have reporting 0);
 *  - of the victims coming home, each is counted again in the origin with coverage
 *    × return_assistance (raised by the victim_support lever); escaped victims
 *    seek help less often (× escaped_referral), and those under soft control, who
 *    were paid and may not see themselves as victims, half as often again.
 * Counted figures live in `tally.assisted` (both counts, in every reporting
 * country), split into `assistedIdentified` and `assistedReturned`. The article's
 * Table 1 has one row per country of South Eastern Europe that reports, each
 * counting one of the two (observation.table1_rows): the destination and transit
 * rows (Bosnia-Herzegovina, Albania, Kosovo, FYR Macedonia) the victims identified,
 * assisted or repatriated there, the origin rows (Moldova, Romania, Bulgaria) the
 * victims assisted after return; `tally.table1` is that row's count, and 0 for a
 * country with no row. A victim can reach two rows: identified in a destination
 * row, then assisted after return in an origin row. Police records (offences,
 * persons) are tallied where police act (borders.ts, police.ts, justice.ts).
 */
import type { State } from './state.ts';
import { TABLE1_IDENTIFIED, TABLE1_RETURNED } from './params.ts';

export function observe(s: State): void {
  const { params, rng, tally } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const coverage = params.coverage[k];
  const escaped = params.escapedReferral[k];
  const draw = rng.observation;
  for (const c of params.present) {
    const reported = coverage * params.country.reporting[c * T + k];
    const back = reported * Math.min(1, params.country.return_assistance[c * T + k] * (1 + params.support[c * T + k]));
    const here = draw.binomial(tally.identified[c], reported);
    const returned =
      draw.binomial(tally.returnedIdentified[c], back) +
      draw.binomial(tally.returnedEscaped[c], back * escaped) +
      draw.binomial(tally.returnedEscapedSoft[c], back * escaped * 0.5);
    tally.assistedIdentified[c] = here;
    tally.assistedReturned[c] = returned;
    tally.assisted[c] = here + returned;
    const row = params.table1Row[c];
    tally.table1[c] = row === TABLE1_IDENTIFIED ? here : row === TABLE1_RETURNED ? returned : 0;
  }
}
