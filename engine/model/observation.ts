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
 * Counted figures live in `tally.assisted`. Police records (offences, persons) are
 * tallied where police act (borders.ts, police.ts, justice.ts).
 */
import type { State } from './state.ts';

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
    tally.assisted[c] =
      draw.binomial(tally.identified[c], reported) +
      draw.binomial(tally.returnedIdentified[c], back) +
      draw.binomial(tally.returnedEscaped[c], back * escaped) +
      draw.binomial(tally.returnedEscapedSoft[c], back * escaped * 0.5);
  }
}
