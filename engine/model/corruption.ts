/**
 * Anti-corruption: each month every official in a country is investigated with the
 * country's anti_corruption probability if corrupt, and with that times
 * `false_lead` if honest (counted: officials_investigated). An investigated corrupt
 * official is dismissed with probability `dismissal` (counted: officials_dismissed)
 * and replaced by a newcomer with a fresh integrity. Romania investigated 15 police
 * officials for trafficking-related corruption in 2003 and dismissed 2 (Vreja 2005).
 * The investigation risk also deters corruption (officials.ts).
 */
import type { State } from './state.ts';

export function investigate(s: State): void {
  const { params, officials: o, tally, rng } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const { falseLead, dismissal } = params.officials;
  const draw = rng.officials;
  for (let j = 0; j < o.size; j++) {
    const c = o.country[j];
    const p = params.country.anti_corruption[c * T + k];
    if (p <= 0) continue;
    if (draw.uniform() >= (o.corrupt[j] ? p : p * falseLead)) continue;
    tally.investigated[c]++;
    if (o.corrupt[j] && draw.uniform() < dismissal) {
      tally.dismissed[c]++;
      o.integrity[j] = draw.uniform();
      o.corrupt[j] = 0;
    }
  }
}
