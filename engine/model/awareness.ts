/**
 * Awareness: information campaigns reach part of the uninformed population at
 * risk each month (the country's awareness_campaign share), moving them to the
 * informed stratum. Informed people accept recruiters' offers less often
 * (migrants.ts), so more of those who leave migrate safely.
 */
import type { State } from './state.ts';
import { AWARE, STRATA } from './strata.ts';

export function inform(s: State): void {
  const { params, rng, home } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const campaign = params.country.awareness_campaign;
  for (const c of params.present) {
    const reach = campaign[c * T + k];
    if (reach <= 0) continue;
    for (let g = 0; g < STRATA; g++) {
      if ((g & AWARE) !== 0) continue;
      const informed = rng.awareness.binomial(home[c * STRATA + g], reach);
      home[c * STRATA + g] -= informed;
      home[c * STRATA + (g | AWARE)] += informed;
    }
  }
}
