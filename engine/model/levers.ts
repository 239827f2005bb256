/**
 * The levers' side in the model: their default unit costs and the monthly cost of
 * a run (`spend`). The list of levers (prong, unit, where they apply by default,
 * the mechanism each moves) is engine/kernel/scenario/levers.ts. Their effects live
 * in the mechanism each one moves; a scenario's `effect` multiplier scales what one
 * unit does there (params.ts), never what it costs.
 *
 * The default unit costs are read from data/levers.json, which gives each with its
 * range, source and reason (most are assumptions; docs/LEVERS.md lists them).
 * engine/kernel/scenario/lever-evidence.ts validates that file.
 */
import type { State } from './state.ts';
import { AWARE, FAMILY_RISK, LOW_WAGE, STRATA } from './strata.ts';
import evidence from '../../data/levers.json' with { type: 'json' };
import { LEVERS, LEVER_NAMES, PRONGS, type LeverName } from '../kernel/scenario/levers.ts';

/**
 * Default cost per unit (EUR) of each lever, when the scenario gives no unit_cost:
 * the `unit_cost.value` of data/levers.json (docs/LEVERS.md gives its range, source
 * and reason).
 */
export const DEFAULT_UNIT_COST = Object.fromEntries(LEVER_NAMES.map((name) => [name, evidence[name].unit_cost.value])) as Record<
  LeverName,
  number
>;

/**
 * The month's spending per prong, from the levers' levels and what they act on
 * (people reached, operations, officials investigated, pay), into out[prong index].
 * Expected units are costed (level × base), not the month's draws; the base can
 * depend on the state (people at home, which officials are corrupt). The level is
 * the one paid for (LeverSeries.level), whatever the lever's effect multiplier.
 */
export function spend(s: State, out: Float64Array): void {
  out.fill(0);
  const { params, home } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const L = params.levers;
  for (const name of LEVER_NAMES) {
    const lever = L[name];
    if (!lever) continue;
    const prong = PRONGS.indexOf(LEVERS[name].prong);
    const cost = lever.unitCost[k];
    if (name === 'border_inspection') {
      // Each border once, at the higher of its two countries' levels (as applied).
      for (let b = 0; b < params.borderCount; b++) {
        const a = params.borderEnds[2 * b],
          c = params.borderEnds[2 * b + 1];
        out[prong] += Math.max(lever.level[a * T + k], lever.level[c * T + k]) * cost;
      }
      continue;
    }
    if (name === 'anti_corruption') {
      // Expected investigations paid for: corrupt officials at the lever's level,
      // honest ones at that × false_lead. A rate above 1 buys nothing more (the rate
      // applied is capped at 1 with the country's own, which is never negative, so at
      // effect 1 this is the lever's share of the rate applied). The level paid for,
      // not the effective one (params.ts): the effect multiplier changes what an
      // investigation achieves, not what it costs.
      const o = s.officials;
      for (let j = 0; j < o.size; j++) {
        const c = o.country[j];
        const level = Math.min(1, lever.level[c * T + k]);
        if (level > 0) out[prong] += level * (o.corrupt[j] ? 1 : params.officials.falseLead) * cost;
      }
      continue;
    }
    for (const c of params.present) {
      const level = lever.level[c * T + k];
      if (level <= 0) continue;
      let units = 0;
      switch (name) {
        case 'awareness':
        case 'awareness_targeted':
          for (let g = 0; g < STRATA; g++) {
            if (g & AWARE) continue;
            if (name === 'awareness_targeted' && !(g & (LOW_WAGE | FAMILY_RISK))) continue;
            units += Math.min(1, level) * home[c * STRATA + g];
          }
          break;
        case 'jobs':
          for (let g = 0; g < STRATA; g++) if (g & LOW_WAGE) units += Math.min(1, level) * home[c * STRATA + g];
          break;
        case 'police':
          units = level;
          break;
        case 'officials_pay':
          units = level * params.country.wage[c * T + k] * params.officialsOf[c];
          break;
        default:
          units = level;
      }
      out[prong] += units * cost;
    }
  }
}
