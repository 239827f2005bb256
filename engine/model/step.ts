/**
 * One month of the model, as the list of its phases, and one replicate as the
 * run of all months. Phases that could be biased by the order agents are visited
 * in (crossings and police) decide first and apply together in `commit`.
 */
import { SeedTree } from '../core/rng.ts';
import { cross } from './borders.ts';
import { allocSeries, collect, type Series } from './metrics.ts';
import { migrate } from './migrants.ts';
import { inform } from './awareness.ts';
import { observe } from './observation.ts';
import type { Params } from './params.ts';
import { identify } from './police.ts';
import { commit } from './returns.ts';
import { initState, type State } from './state.ts';
import { NC } from './world.ts';

function startMonth(s: State): void {
  const t = s.tally;
  t.recruited.fill(0);
  t.identified.fill(0);
  t.escaped.fill(0);
  t.assisted.fill(0);
}

/** The model's month. */
export function step(s: State): void {
  startMonth(s); // clear this month's tallies
  inform(s); //     awareness campaigns reach part of the uninformed
  migrate(s); //    people leave home; recruiters take some of them
  cross(s); //      victims in transit try the next border       (decide)
  identify(s); //   police identify exploited victims, some escape (decide)
  commit(s); //     apply all decisions; identified and escaped go home
  observe(s); //    agencies count what they see
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

/** Runs one replicate from resolved parameters (see params.ts); params are not changed. */
export function runReplicate(params: Params, replicate: number): ReplicateResult {
  const seeds = new SeedTree(params.seed, replicate);
  const s = initState(params, seeds);
  const series = allocSeries(params.clock.ticks);
  const row = new Float64Array(NC + 1);
  let agentSteps = 0;
  let peakAgents = 0;
  for (s.tick = 0; s.tick < params.clock.ticks; s.tick++) {
    agentSteps += s.victims.count;
    step(s);
    collect(s, series, row);
    if (s.victims.count > peakAgents) peakAgents = s.victims.count;
  }
  return { replicate, series, agentSteps, peakAgents, bytesPerAgent: s.victims.bytesPerRow };
}
