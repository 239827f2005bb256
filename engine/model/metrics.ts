/**
 * Metrics, declared as named reporters (as Mesa's DataCollector does). Each says
 * which layer it belongs to (`true`: what really happens; `counted`: what agencies
 * and police record), how a year is made of months (`sum` of a flow, `last` value
 * of a stock, or a `ratio` of two other metrics' yearly values, per country and
 * ALL), and whether it is reported by country or for the region only. `ALL` is the
 * regional total.
 */
import { NC } from '../kernel/scenario/countries.ts';
import type { State, Tally } from './state.ts';
import { byCountry } from './state.ts';
import { AWARE, CHILD, FAMILY_RISK, FEMALE, LOW_WAGE, STRATA } from './strata.ts';

export type Layer = 'true' | 'counted';
export interface Reporter {
  name: string;
  layer: Layer;
  unit: string;
  description: string;
  /** 'country': one value per country and ALL; 'region': ALL only. */
  scope: 'country' | 'region';
  yearly: 'sum' | 'last' | 'ratio';
  /** For yearly 'ratio': numerator and denominator metric names. */
  ratio?: [string, string];
  /** Writes this month's value per country into out[0..NC-1] (ALL is derived); region metrics write out[0]. */
  read?: (s: State, out: Float64Array) => void;
}

const copy = (src: Float64Array, out: Float64Array) => {
  for (let c = 0; c < NC; c++) out[c] = src[c];
};
const tallied = (key: keyof Tally) => (s: State, out: Float64Array) => copy(s.tally[key], out);
const region = (f: (s: State) => number) => (s: State, out: Float64Array) => {
  out[0] = f(s);
};
/** People at risk at home whose stratum has `bit` (strata.ts), by country. */
const atHomeWith = (bit: number) => (s: State, out: Float64Array) => {
  for (let c = 0; c < NC; c++) {
    let n = 0;
    for (let g = 0; g < STRATA; g++) if ((g & bit) !== 0) n += s.home[c * STRATA + g];
    out[c] = n;
  }
};

export const REPORTERS: Reporter[] = [
  // What really happens.
  {
    name: 'victims_recruited',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims taken by recruiters, by country of origin.',
    read: tallied('recruited'),
  },
  {
    name: 'victims_legal_travel',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims moved on visas (real or forged documents) or visa-free, not clandestinely, by origin.',
    read: tallied('recruitedLegal'),
  },
  {
    name: 'victims_private_venue',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims of networks exploiting in private apartments, by origin.',
    read: tallied('recruitedApartment'),
  },
  {
    name: 'victims_soft_control',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims of networks using soft control (small payments, housing), by origin.',
    read: tallied('recruitedSoft'),
  },
  {
    name: 'victims_west',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims taken to Western Europe, by origin.',
    read: tallied('recruitedWest'),
  },
  {
    name: 'victims_west_legal_travel',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims taken to Western Europe on visas or visa-free, not clandestinely, by origin.',
    read: tallied('recruitedWestLegal'),
  },
  {
    name: 'victims_forced_begging',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims exploited by forced begging (the others sexually), by origin.',
    read: tallied('recruitedBegging'),
  },
  {
    name: 'share_legal_travel',
    layer: 'true',
    unit: 'ratio',
    scope: 'country',
    yearly: 'ratio',
    ratio: ['victims_legal_travel', 'victims_recruited'],
    description: 'Share of new victims moved on visas or visa-free, by origin and ALL. NA when none recruited.',
  },
  {
    name: 'share_private_venue',
    layer: 'true',
    unit: 'ratio',
    scope: 'country',
    yearly: 'ratio',
    ratio: ['victims_private_venue', 'victims_recruited'],
    description: 'Share of new victims exploited in private apartments, by origin and ALL.',
  },
  {
    name: 'share_soft_control',
    layer: 'true',
    unit: 'ratio',
    scope: 'country',
    yearly: 'ratio',
    ratio: ['victims_soft_control', 'victims_recruited'],
    description: 'Share of new victims under soft control, by origin and ALL.',
  },
  {
    name: 'share_west',
    layer: 'true',
    unit: 'ratio',
    scope: 'country',
    yearly: 'ratio',
    ratio: ['victims_west', 'victims_recruited'],
    description: 'Share of new victims taken to Western Europe, by origin and ALL.',
  },
  {
    name: 'share_west_legal_travel',
    layer: 'true',
    unit: 'ratio',
    scope: 'country',
    yearly: 'ratio',
    ratio: ['victims_west_legal_travel', 'victims_west'],
    description:
      'Share of new victims taken to Western Europe who travel on visas or visa-free, by origin and ALL. NA when none taken west.',
  },
  {
    name: 'victims_exploited',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'last',
    description: 'Victims in exploitation at the end of the period (stock), by the country where they are exploited.',
    read: tallied('exploited'),
  },
  {
    name: 'victims_identified',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description:
      'Victims identified by border officials, in raids or otherwise (clients, health services, tips), by the country where identified, before the agencies’ counting.',
    read: tallied('identified'),
  },
  {
    name: 'victims_escaped',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description:
      'Victims who left exploitation unidentified, or were set free when their network ended with no other network of its home to take them over, by the country where they were.',
    read: tallied('escaped'),
  },
  {
    name: 'victims_released',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description:
      'Victims let go by their network (released, or sold on out of the region), by country where they were; they go home as escaped victims do.',
    read: tallied('released'),
  },
  {
    name: 'networks_active',
    layer: 'true',
    unit: 'networks',
    scope: 'country',
    yearly: 'last',
    description: 'Trafficking networks in the trade at the end of the period, by home country.',
    read: tallied('networks'),
  },
  {
    name: 'trafficker_revenue',
    layer: 'true',
    unit: 'EUR',
    scope: 'country',
    yearly: 'sum',
    description: 'Revenue from exploitation, by the networks’ home country (before their costs).',
    read: tallied('revenue'),
  },
  {
    name: 'bribes_paid',
    layer: 'true',
    unit: 'EUR',
    scope: 'country',
    yearly: 'sum',
    description: 'Bribes paid to border officials who omitted a search, by the officials’ country.',
    read: tallied('bribes'),
  },
  {
    name: 'officials_corrupt_share',
    layer: 'true',
    unit: 'ratio',
    scope: 'region',
    yearly: 'last',
    description: 'Share of border officials and police officers taking bribes, at the end of the period.',
    read: region((s) => (s.officials.total > 0 ? s.officials.corruptCount / s.officials.total : 0)),
  },
  {
    name: 'migrants_safe_abroad',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'last',
    description: 'Migrants working abroad who were not trafficked (stock), by origin.',
    read: (s, out) => byCountry(s.safeAbroad, out),
  },
  {
    name: 'population_at_risk',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'last',
    description: 'People at risk at home (stock), by country.',
    read: (s, out) => byCountry(s.home, out),
  },
  // Who the victims are: new victims by trait, their share of all new victims, and the people at risk with the trait.
  {
    name: 'victims_female',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims who are women or girls, by origin.',
    read: tallied('recruitedFemale'),
  },
  {
    name: 'victims_child',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims who are children (under 18), by origin.',
    read: tallied('recruitedChild'),
  },
  {
    name: 'victims_aware',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims who were informed about legal ways to work abroad and about the risks, by origin.',
    read: tallied('recruitedAware'),
  },
  {
    name: 'victims_low_wage',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims from the low wage band (no or very low income), by origin.',
    read: tallied('recruitedLowWage'),
  },
  {
    name: 'victims_family_risk',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'New victims from families with abuse, violence or alcoholism, or from institutions, by origin.',
    read: tallied('recruitedFamilyRisk'),
  },
  {
    name: 'share_female',
    layer: 'true',
    unit: 'ratio',
    scope: 'country',
    yearly: 'ratio',
    ratio: ['victims_female', 'victims_recruited'],
    description: 'Share of new victims who are women or girls, by origin and ALL. NA when none recruited.',
  },
  {
    name: 'share_child',
    layer: 'true',
    unit: 'ratio',
    scope: 'country',
    yearly: 'ratio',
    ratio: ['victims_child', 'victims_recruited'],
    description: 'Share of new victims who are children, by origin and ALL.',
  },
  {
    name: 'share_aware',
    layer: 'true',
    unit: 'ratio',
    scope: 'country',
    yearly: 'ratio',
    ratio: ['victims_aware', 'victims_recruited'],
    description: 'Share of new victims who were informed about legal ways to work abroad and about the risks, by origin and ALL.',
  },
  {
    name: 'share_low_wage',
    layer: 'true',
    unit: 'ratio',
    scope: 'country',
    yearly: 'ratio',
    ratio: ['victims_low_wage', 'victims_recruited'],
    description: 'Share of new victims from the low wage band, by origin and ALL.',
  },
  {
    name: 'share_family_risk',
    layer: 'true',
    unit: 'ratio',
    scope: 'country',
    yearly: 'ratio',
    ratio: ['victims_family_risk', 'victims_recruited'],
    description: 'Share of new victims from families with abuse, violence or alcoholism, or from institutions, by origin and ALL.',
  },
  {
    name: 'at_risk_female',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'last',
    description: 'People at risk at home who are women or girls (stock), by country.',
    read: atHomeWith(FEMALE),
  },
  {
    name: 'at_risk_child',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'last',
    description: 'People at risk at home who are children (stock), by country.',
    read: atHomeWith(CHILD),
  },
  {
    name: 'at_risk_aware',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'last',
    description: 'People at risk at home who are informed about legal ways to work abroad and about the risks (stock), by country.',
    read: atHomeWith(AWARE),
  },
  {
    name: 'at_risk_low_wage',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'last',
    description: 'People at risk at home in the low wage band (stock), by country.',
    read: atHomeWith(LOW_WAGE),
  },
  {
    name: 'at_risk_family_risk',
    layer: 'true',
    unit: 'persons',
    scope: 'country',
    yearly: 'last',
    description: 'People at risk at home from families with abuse, violence or alcoholism, or from institutions (stock), by country.',
    read: atHomeWith(FAMILY_RISK),
  },
  {
    name: 'agents_active',
    layer: 'true',
    unit: 'agents',
    scope: 'region',
    yearly: 'last',
    description: 'Explicit agents (victims in transit or exploitation) in the simulation.',
    read: region((s) => s.victims.count),
  },
  {
    name: 'visibility',
    layer: 'true',
    unit: 'ratio',
    scope: 'region',
    yearly: 'ratio',
    ratio: ['victims_assisted', 'victims_exploited'],
    description:
      'Victims assisted over victims in exploitation (ALL): how much of the trade the statistics see. NA when no one is exploited.',
  },
  {
    name: 'cost_victims',
    layer: 'true',
    unit: 'EUR',
    scope: 'region',
    yearly: 'sum',
    description: 'Spending on the victims prong’s levers (awareness, jobs, victim support).',
    read: region((s) => s.cost[0]),
  },
  {
    name: 'cost_supply',
    layer: 'true',
    unit: 'EUR',
    scope: 'region',
    yearly: 'sum',
    description: 'Spending on the supply prong’s levers (police, borders, anti-corruption, pay, sentencing, intelligence).',
    read: region((s) => s.cost[1]),
  },
  {
    name: 'cost_demand',
    layer: 'true',
    unit: 'EUR',
    scope: 'region',
    yearly: 'sum',
    description: 'Spending on the demand prong’s levers (punishing buyers, awareness in destinations).',
    read: region((s) => s.cost[2]),
  },
  // What is counted.
  {
    name: 'victims_assisted',
    layer: 'counted',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description:
      'Victims identified and assisted as the agencies count them: in the country where identified, and again in the origin after return (so one person can count twice, as in the article’s Table 1).',
    read: tallied('assisted'),
  },
  {
    name: 'table1_victims',
    layer: 'counted',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description:
      'Victims as the rows of the article’s Table 1 count them (observation.table1_rows): in a destination or transit row those identified, assisted or repatriated there, in an origin row those assisted after their return; 0 for a country with no row, so ALL is the table’s total.',
    read: tallied('table1'),
  },
  {
    name: 'police_offences',
    layer: 'counted',
    unit: 'offences',
    scope: 'country',
    yearly: 'sum',
    description:
      'Trafficking and illegal-migration offences police record: interceptions at the border, raids carried out (tip-offs aside), and investigations that find a network. By the country whose officials or police act.',
    read: tallied('policeOffences'),
  },
  {
    name: 'police_persons',
    layer: 'counted',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description:
      'Persons involved in recorded offences: victims identified by police or at the border, traffickers arrested, and the suspect an investigation names when it arrests no one.',
    read: tallied('policePersons'),
  },
  {
    name: 'arrests',
    layer: 'counted',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'Traffickers arrested, by country of arrest.',
    read: tallied('arrests'),
  },
  {
    name: 'networks_dismantled',
    layer: 'counted',
    unit: 'networks',
    scope: 'country',
    yearly: 'sum',
    description: 'Networks dismantled by investigations, by the networks’ home country.',
    read: tallied('dismantled'),
  },
  {
    name: 'convictions',
    layer: 'counted',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'Traffickers convicted, by country of the court.',
    read: tallied('convictions'),
  },
  {
    name: 'convictions_over_1y',
    layer: 'counted',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'Traffickers sentenced to one to ten years.',
    read: tallied('convictionsLong'),
  },
  {
    name: 'officials_investigated',
    layer: 'counted',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'Officials (border officials and police officers) investigated for corruption.',
    read: tallied('investigated'),
  },
  {
    name: 'officials_dismissed',
    layer: 'counted',
    unit: 'persons',
    scope: 'country',
    yearly: 'sum',
    description: 'Officials dismissed after an investigation.',
    read: tallied('dismissed'),
  },
];

export const reporterIndex = new Map(REPORTERS.map((r, i) => [r.name, i]));

/**
 * Monthly values of every reporter: series[m] holds (NC + 1) values per tick,
 * tick-major (value of country c at tick k is series[m][k * (NC + 1) + c]; c = NC is ALL).
 */
export type Series = Float64Array[];

export function allocSeries(ticks: number): Series {
  return REPORTERS.map(() => new Float64Array(ticks * (NC + 1)));
}

/** Records this month's values at period `at` (ratios after every count). `row` is a reusable scratch buffer of NC + 1. */
export function collect(s: State, series: Series, row: Float64Array, at = s.tick): void {
  const base = at * (NC + 1);
  for (let m = 0; m < REPORTERS.length; m++) {
    const r = REPORTERS[m];
    if (!r.read) continue;
    const out = series[m];
    row.fill(0);
    r.read(s, row);
    let all = 0;
    if (r.scope === 'region') all = row[0];
    else
      for (let c = 0; c < NC; c++) {
        out[base + c] = row[c];
        all += row[c];
      }
    out[base + NC] = all;
  }
  for (let m = 0; m < REPORTERS.length; m++) {
    const r = REPORTERS[m];
    if (r.ratio) divide(r, series[m], series[reporterIndex.get(r.ratio[0])!], series[reporterIndex.get(r.ratio[1])!], base);
  }
}

/** out = num / den at one period's offset, per country and ALL (ALL only for region metrics); NaN where den is 0. */
export function divide(r: Reporter, out: Float64Array, num: Float64Array, den: Float64Array, base: number): void {
  for (let c = r.scope === 'region' ? NC : 0; c <= NC; c++) out[base + c] = den[base + c] > 0 ? num[base + c] / den[base + c] : NaN;
}
