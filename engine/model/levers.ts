/**
 * Policy levers of the three prongs (Vreja 2005: victims, supply, demand). Each
 * lever is a schedule of its level in the scenario file, applied in the countries
 * it lists, with a cost per unit, so that prongs can be compared at equal budgets.
 * This file is the one list of levers: their prong, unit, where they apply by
 * default, and the monthly cost of a run (`spend`). Their effects live in the
 * mechanism each one moves (named in `effect`); a scenario's `effect` multiplier
 * scales what one unit does there (params.ts), never what it costs.
 *
 * The default unit costs are read from data/levers.json, which gives each with its
 * range, source and reason (most are assumptions; docs/LEVERS.md lists them).
 * engine/scenario/lever-evidence.ts validates that file.
 */
import type { State } from './state.ts';
import { AWARE, FAMILY_RISK, LOW_WAGE, STRATA } from './strata.ts';
import evidence from '../../data/levers.json' with { type: 'json' };

export type Prong = 'victims' | 'supply' | 'demand';
export const PRONGS: Prong[] = ['victims', 'supply', 'demand'];

export interface LeverDef {
  prong: Prong;
  /** What one unit of level means. */
  level: string;
  /** What the cost is counted per. */
  unit: string;
  /** Countries the lever applies to when the scenario lists none. */
  where: 'origins' | 'all' | 'destinations';
  /** The mechanism the lever moves. */
  effect: string;
}

export const LEVERS = {
  awareness: {
    prong: 'victims', level: 'monthly share of the uninformed people at risk reached', unit: 'person reached', where: 'origins',
    effect: 'awareness.ts: moves people into the informed strata, who accept offers less often',
  },
  awareness_targeted: {
    prong: 'victims', level: 'monthly share of uninformed low-wage and family-risk people reached', unit: 'person reached', where: 'origins',
    effect: 'awareness.ts: as awareness, only in the low-wage and family-risk strata',
  },
  jobs: {
    prong: 'victims', level: 'monthly share of low-wage people moved into the higher wage band (poverty reduction, jobs, education)', unit: 'person moved', where: 'origins',
    effect: 'awareness.ts (livelihoods): fewer people in the low wage band, who leave more often',
  },
  victim_support: {
    prong: 'victims', level: 'assistance and protection (1: testimony and referral after return doubled, capped at certainty)', unit: 'country-month at level 1', where: 'all',
    effect: 'justice.ts (testimony) and observation.ts (referral after return)',
  },
  police: {
    prong: 'supply', level: 'extra police operations per month', unit: 'operation', where: 'all',
    effect: 'police.ts: more raids and investigations',
  },
  border_inspection: {
    prong: 'supply', level: 'relative increase of inspection at the country’s borders (1: doubled)', unit: 'border-month at level 1', where: 'all',
    effect: 'borders.ts: more interceptions',
  },
  anti_corruption: {
    prong: 'supply', level: 'added monthly probability that an official is investigated', unit: 'investigation', where: 'all',
    effect: 'corruption.ts: investigations, dismissals, and deterrence of corruption (officials.ts)',
  },
  officials_pay: {
    prong: 'supply', level: 'officials’ pay rise as a share of the wage (1: doubled)', unit: 'EUR of pay', where: 'all',
    effect: 'officials.ts: better-paid officials are less corruptible',
  },
  sentencing: {
    prong: 'supply', level: 'added share of convictions with one to ten years', unit: 'country-month at level 1', where: 'all',
    effect: 'justice.ts: longer sentences keep traffickers out of networks longer',
  },
  intelligence_sharing: {
    prong: 'supply', level: 'added monthly rate at which police learn new routes and methods', unit: 'country-month at level 1', where: 'all',
    effect: 'police.ts (knowledge): interception on new routes, visibility of apartments',
  },
  buyer_punishment: {
    prong: 'demand', level: 'share of demand deterred by punishing buyers who knowingly exploit victims', unit: 'destination-month at level 1', where: 'destinations',
    effect: 'demand.ts: lower demand, so lower revenue and fewer entrants',
  },
  destination_awareness: {
    prong: 'demand', level: 'awareness in destination countries (1: demand down by half, tips from the public doubled)', unit: 'destination-month at level 1', where: 'destinations',
    effect: 'demand.ts (demand) and exploitation.ts (identification by tips)',
  },
} as const satisfies Record<string, LeverDef>;

export type LeverName = keyof typeof LEVERS;
export const LEVER_NAMES = Object.keys(LEVERS) as [LeverName, ...LeverName[]];

/**
 * Default cost per unit (EUR) of each lever, when the scenario gives no unit_cost:
 * the `unit_cost.value` of data/levers.json (docs/LEVERS.md gives its range, source
 * and reason).
 */
export const DEFAULT_UNIT_COST = Object.fromEntries(LEVER_NAMES.map((name) => [name, evidence[name].unit_cost.value])) as Record<LeverName, number>;

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
        const a = params.borderEnds[2 * b], c = params.borderEnds[2 * b + 1];
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
