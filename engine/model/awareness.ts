/**
 * Awareness and livelihoods, the victims prong at home (Vreja 2005: information
 * campaigns targeted at vulnerable groups and the poorest zones; poverty
 * reduction, jobs and education).
 *  - Campaigns reach part of the uninformed each month: the country's historical
 *    awareness_campaign share plus the awareness lever in every uninformed stratum,
 *    and the awareness_targeted lever in the low-wage and family-risk strata only.
 *    The reached move into the informed stratum, who accept recruiters' offers less
 *    often (migrants.ts).
 *  - The jobs lever moves its monthly share of the low wage band into the higher
 *    band, who leave less often (migrants.ts).
 */
import type { State } from './state.ts';
import { AWARE, FAMILY_RISK, LOW_WAGE, STRATA } from './strata.ts';

export function inform(s: State): void {
  const { params, rng, home } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const campaign = params.country.awareness_campaign;
  // The levers' effective levels (level × effect; params.ts), not the levels paid for.
  const general = params.levers.awareness?.effective;
  const targeted = params.levers.awareness_targeted?.effective;
  const jobs = params.levers.jobs?.effective;
  const draw = rng.awareness;
  for (const c of params.origins) {
    const at = c * T + k;
    const reach = Math.min(1, campaign[at] + (general?.[at] ?? 0));
    const reachTargeted = Math.min(1, reach + (targeted?.[at] ?? 0));
    const lift = Math.min(1, jobs?.[at] ?? 0);
    for (let g = 0; g < STRATA; g++) {
      const r = (g & (LOW_WAGE | FAMILY_RISK)) !== 0 ? reachTargeted : reach;
      if ((g & AWARE) === 0 && r > 0) {
        const informed = draw.binomial(home[c * STRATA + g], r);
        home[c * STRATA + g] -= informed;
        home[c * STRATA + (g | AWARE)] += informed;
      }
    }
    if (lift > 0)
      for (let g = 0; g < STRATA; g++) {
        if ((g & LOW_WAGE) === 0) continue;
        const moved = draw.binomial(home[c * STRATA + g], lift);
        home[c * STRATA + g] -= moved;
        home[c * STRATA + (g & ~LOW_WAGE)] += moved;
      }
  }
}
