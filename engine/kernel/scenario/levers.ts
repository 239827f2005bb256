/**
 * Policy levers of the three prongs (Vreja 2005: victims, supply, demand): the one
 * list of levers, with their prong, the meaning of one unit of level, what the cost
 * is counted per, where they apply by default, and the mechanism each one moves.
 * The scenario's schema takes its lever names from here; the model's side (their
 * default unit costs and the monthly spending) is engine/model/levers.ts.
 */
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
    prong: 'victims',
    level: 'monthly share of the uninformed people at risk reached',
    unit: 'person reached',
    where: 'origins',
    effect: 'awareness.ts: moves people into the informed strata, who accept offers less often',
  },
  awareness_targeted: {
    prong: 'victims',
    level: 'monthly share of uninformed low-wage and family-risk people reached',
    unit: 'person reached',
    where: 'origins',
    effect: 'awareness.ts: as awareness, only in the low-wage and family-risk strata',
  },
  jobs: {
    prong: 'victims',
    level: 'monthly share of low-wage people moved into the higher wage band (poverty reduction, jobs, education)',
    unit: 'person moved',
    where: 'origins',
    effect: 'awareness.ts (livelihoods): fewer people in the low wage band, who leave more often',
  },
  victim_support: {
    prong: 'victims',
    level: 'assistance and protection (1: testimony and referral after return doubled, capped at certainty)',
    unit: 'country-month at level 1',
    where: 'all',
    effect: 'justice.ts (testimony) and observation.ts (referral after return)',
  },
  police: {
    prong: 'supply',
    level: 'extra police operations per month',
    unit: 'operation',
    where: 'all',
    effect: 'police.ts: more raids and investigations',
  },
  border_inspection: {
    prong: 'supply',
    level: 'relative increase of inspection at the country’s borders (1: doubled)',
    unit: 'border-month at level 1',
    where: 'all',
    effect: 'borders.ts: more interceptions',
  },
  anti_corruption: {
    prong: 'supply',
    level: 'added monthly probability that an official is investigated',
    unit: 'investigation',
    where: 'all',
    effect: 'corruption.ts: investigations, dismissals, and deterrence of corruption (officials.ts)',
  },
  officials_pay: {
    prong: 'supply',
    level: 'officials’ pay rise as a share of the wage (1: doubled)',
    unit: 'EUR of pay',
    where: 'all',
    effect: 'officials.ts: better-paid officials are less corruptible',
  },
  sentencing: {
    prong: 'supply',
    level: 'added share of convictions with one to ten years',
    unit: 'country-month at level 1',
    where: 'all',
    effect: 'justice.ts: longer sentences keep traffickers out of networks longer',
  },
  intelligence_sharing: {
    prong: 'supply',
    level: 'added monthly rate at which police learn new routes and methods',
    unit: 'country-month at level 1',
    where: 'all',
    effect: 'police.ts (knowledge): interception on new routes, visibility of apartments',
  },
  buyer_punishment: {
    prong: 'demand',
    level: 'share of demand deterred by punishing buyers who knowingly exploit victims',
    unit: 'destination-month at level 1',
    where: 'destinations',
    effect: 'demand.ts: lower demand, so lower revenue and fewer entrants',
  },
  destination_awareness: {
    prong: 'demand',
    level: 'awareness in destination countries (1: demand down by half, tips from the public doubled)',
    unit: 'destination-month at level 1',
    where: 'destinations',
    effect: 'demand.ts (demand) and exploitation.ts (identification by tips)',
  },
} as const satisfies Record<string, LeverDef>;

export type LeverName = keyof typeof LEVERS;
export const LEVER_NAMES = Object.keys(LEVERS) as [LeverName, ...LeverName[]];
