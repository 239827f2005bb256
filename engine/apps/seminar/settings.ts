/**
 * Seminar mode: what a student can set, and the scenario it makes. Plain data and
 * plain functions, with no Node import, so that the page (in the browser) and the
 * command line (in Node, for the tests and `tipsim seminar`) build the very same
 * scenario from the same settings.
 *
 * The levers of each prong (Vreja 2005: victims, supply, demand) are those of the
 * bundled single-prong scenarios (scenarios/policies/*-prong.yaml, each about the
 * same budget from 2003), times the prong's slider: 1 is that scenario, 0 none, 2
 * twice its levels.
 */
import type { Scenario } from '../../kernel/scenario/schema.ts';
import { mapTimeValue, scaleScenario, scaleTimeValue } from '../../kernel/scenario/edits.ts';
import { seedKey } from '../../kernel/rng.ts';
import { drawByWeight } from '../calibration/draw.ts';
import { scenarioFor } from '../../kernel/scenario/edits.ts';
import type { Prior } from '../calibration/setup.ts';

export const PRONGS = ['victims', 'supply', 'demand'] as const;
export type Prong = (typeof PRONGS)[number];

export interface Settings {
  /** Each prong's levers as a multiple of its single-prong scenario (0 to 2). */
  victims: number;
  supply: number;
  demand: number;
  /** Networks adapt their strategies (off: they keep their 1995 mix). */
  adaptation: boolean;
  /** Romanians and Bulgarians need no Schengen visa from January 2002 (off: visas stay). */
  visaLift: boolean;
  /** Every country's share of corruptible officials, times this (0 to 2; at most 1). */
  corruption: number;
  /** Master seed of the run. */
  seed: number;
  /** Parameters drawn from the calibration's posterior (one particle by weight, from the seed), not the calibrated scenario's particle. */
  posterior: boolean;
}

export type Levers = NonNullable<Scenario['levers']>;

/** Everything the page carries (written by page.ts, read by the page and the tests). */
export interface SeminarData {
  /** The calibrated baseline (the posterior's weighted medoid particle) at seminar scale, validated, to `end`. */
  base: Scenario;
  /** The uncalibrated baseline to `end` at full scale: posterior particles are set into it, then it is scaled. */
  baseline: Scenario;
  /** The calibration's posterior: its parameters (how each acts on the scenario), particles and weights. */
  posterior: { priors: Pick<Prior, 'name' | 'paths' | 'mode'>[]; thetas: number[][]; weights: number[] };
  /** Population scale of `base` against the calibrated baseline; counts are shown divided by it. */
  scale: number;
  /** Each prong's levers at slider 1 (police operations already at seminar scale). */
  prongs: Record<Prong, Levers>;
  /** Each prong's extra spending over `budgetWindow` at slider 1, EUR at full scale (one run at build time). */
  prongCost: Record<Prong, number>;
  /** What the base itself spends on each prong over `budgetWindow`, EUR at full scale (prongCost is on top of it). */
  baseCost: Record<Prong, number>;
  budgetWindow: [number, number];
  /** The article's Table 1 totals (victims assisted, SEE), with their source. */
  table1: { year: number; value: number }[];
  table1Source: string;
  /** The defaults the page opens with. */
  defaults: Settings;
  /** tipsim's version and the files the page was made from. */
  made: { version: string; scenario: string; posterior: string; posteriorSha256: string };
}

export const LIMITS = { prong: [0, 2], corruption: [0, 2], seed: [0, 2 ** 32 - 1] } as const;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** A time value times k, kept within [0, 1] (a share). */
const scaleShare = <T>(v: T, k: number): T => mapTimeValue(v, (x) => clamp(x * k, 0, 1));

/** The posterior particle a setting draws (as `tipsim run --posterior` draws for replicate 0 of its seed), or -1 for the calibrated scenario's own particle. */
export function particleOf(data: SeminarData, s: Settings): number {
  return s.posterior ? drawByWeight(data.posterior.weights, 1, seedKey(seedOf(s), 'posterior'))[0] : -1;
}

const seedOf = (s: Settings) => Math.floor(clamp(s.seed, LIMITS.seed[0], LIMITS.seed[1]));

/** The scenario a setting of the page runs: the seminar base (or a posterior particle's) with the levers, switches and seed applied. */
export function seminarScenario(data: SeminarData, s: Settings): Scenario {
  const particle = particleOf(data, s);
  const base =
    particle < 0
      ? data.base
      : scaleScenario(scenarioFor(data.baseline, data.posterior.priors, data.posterior.thetas[particle]), data.scale, data.base.name);
  const levers: Levers = { ...(base.levers ?? {}) };
  for (const p of PRONGS) {
    const k = clamp(s[p], LIMITS.prong[0], LIMITS.prong[1]);
    if (k <= 0) continue;
    for (const [name, lever] of Object.entries(data.prongs[p])) {
      if (!lever) continue;
      (levers as Record<string, unknown>)[name] = { ...lever, level: scaleTimeValue(lever.level, k) };
    }
  }
  const c = clamp(s.corruption, LIMITS.corruption[0], LIMITS.corruption[1]);
  const countries = Object.fromEntries(
    Object.entries(base.countries).map(([code, v]) => [code, c === 1 ? v : { ...v!, corruption: scaleShare(v!.corruption, c) }]),
  ) as Scenario['countries'];
  const visas = structuredClone(base.visas);
  if (!s.visaLift) {
    for (const code of ['RO', 'BG'] as const) {
      const required = visas.schengen.required as Record<string, unknown>;
      if (code in required) required[code] = 1;
    }
  }
  const params = particle < 0 ? 'the calibrated particle (posterior medoid)' : `posterior particle ${particle}`;
  return {
    ...base,
    name: 'seminar',
    description: `Seminar run: victims ${s.victims}, supply ${s.supply}, demand ${s.demand}; adaptation ${s.adaptation ? 'on' : 'off'}; visa lift ${s.visaLift ? 'on' : 'off'}; corruption x${c}; ${params}.`,
    seed: seedOf(s),
    replicates: 1,
    countries,
    visas,
    networks: { ...base.networks, adaptation: s.adaptation ? base.networks.adaptation : 'off' },
    levers,
  };
}
