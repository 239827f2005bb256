/**
 * One month of the model, as the list of its phases, and one replicate as the
 * run of all months. Phases that could be biased by the order agents are visited
 * in (crossings, police, exploitation) decide first and apply together in `commit`.
 */
import { SeedTree } from '../kernel/rng.ts';
import { adapt } from './adaptation.ts';
import { inform } from './awareness.ts';
import { cross } from './borders.ts';
import { investigate } from './corruption.ts';
import { market } from './demand.ts';
import { exploit } from './exploitation.ts';
import { judge } from './justice.ts';
import { spend } from './levers.ts';
import { allocSeries, collect, type Series } from './metrics.ts';
import { migrate } from './migrants.ts';
import { evolve } from './networks.ts';
import { observe } from './observation.ts';
import { appraise } from './prospects.ts';
import { corrupt } from './officials.ts';
import type { Params } from './params.ts';
import { learn, police } from './police.ts';
import { commit } from './returns.ts';
import { TALLIES, initState, type State } from './state.ts';
import { NC } from '../kernel/scenario/countries.ts';

/** Clears this month's tallies (the census `exploited` is rewritten by commit). */
function startMonth(s: State): void {
  for (const name of TALLIES) if (name !== 'exploited') s.tally[name].fill(0);
}

/** The model's month. */
export function step(s: State): void {
  startMonth(s); //    clear this month's tallies
  inform(s); //        awareness campaigns and jobs reach people at home
  corrupt(s); //       officials decide whether they take bribes this month
  market(s); //        prices in each destination, from demand and supply
  adapt(s); //         networks revise their strategies: learn or imitate
  appraise(s); //      what a victim is expected to earn each network
  migrate(s); //       people leave home; networks recruit some of them
  cross(s); //         victims in transit try the next border           (decide)
  police(s); //        raids on venues, investigations of networks      (decide)
  exploit(s); //       revenue; identification outside raids; escapes   (decide)
  commit(s); //        apply all decisions; identified and escaped go home
  judge(s); //         verdicts and releases from prison
  investigate(s); //   anti-corruption investigations of officials
  evolve(s); //        networks grow, leave, enter
  learn(s); //         police learn routes and methods
  observe(s); //       agencies count what they see
  spend(s, s.cost); // what the levers cost this month
}

export interface ReplicateResult {
  replicate: number;
  series: Series;
  /** Agent-steps simulated (sum over months of agents alive), for the bench. */
  agentSteps: number;
  /** Largest number of explicit agents at once. */
  peakAgents: number;
  bytesPerAgent: number;
}

/**
 * Runs one replicate from resolved parameters (see params.ts); params are not
 * changed. Months before the report's start (the spin-up) are simulated, not
 * recorded: the series hold params.report's months.
 */
export function runReplicate(params: Params, replicate: number): ReplicateResult {
  const seeds = new SeedTree(params.seed, replicate);
  const s = initState(params, seeds);
  const series = allocSeries(params.report.ticks);
  const from = params.reportTick;
  const row = new Float64Array(NC + 1);
  let agentSteps = 0;
  let peakAgents = 0;
  for (s.tick = 0; s.tick < params.clock.ticks; s.tick++) {
    agentSteps += s.victims.count;
    step(s);
    if (s.tick >= from) collect(s, series, row, s.tick - from);
    if (s.victims.count > peakAgents) peakAgents = s.victims.count;
  }
  return { replicate, series, agentSteps, peakAgents, bytesPerAgent: s.victims.bytesPerRow };
}
