/**
 * A scenario at another scale: the people at risk times k, and the trade and its
 * policing with them (initial networks, the criminal pools, recruiters' reach, the
 * markets' size, police operations and the venues and leads they sift), so that
 * rates, shares and the per-person dynamics stay about the same while counts go with
 * k. The bench runs the baseline at k = 12 (a few hundred thousand agents); the
 * seminar page runs at a fraction, so that a run feels live in a browser.
 */
import type { Scenario } from './schema.ts';

type Obj = Record<string, unknown>;

/** A time value with f applied to its number, or to each point of its schedule, also inside {value, …}; expressions are kept. */
export function mapTimeValue<T>(v: T, f: (x: number) => number): T {
  if (typeof v === 'number') return f(v) as T;
  if (v && typeof v === 'object') {
    const o = v as Obj;
    if ('value' in o) return { ...o, value: mapTimeValue(o.value, f) } as T;
    if ('schedule' in o) {
      const sched = o.schedule as Record<string, number>;
      return { ...o, schedule: Object.fromEntries(Object.entries(sched).map(([d, x]) => [d, f(x)])) } as T;
    }
  }
  return v;
}

/** A time value times k (see mapTimeValue). */
export const scaleTimeValue = <T>(v: T, k: number): T => mapTimeValue(v, (x) => x * k);

export function scaleScenario(s: Scenario, k: number, name = `${s.name}-x${k}`): Scenario {
  const countries = Object.fromEntries(
    Object.entries(s.countries).map(([c, v]) => [
      c,
      { ...v!, population_at_risk: Math.round(v!.population_at_risk * k), police_capacity: scaleTimeValue(v!.police_capacity, k) },
    ]),
  );
  const times = (rec: Record<string, number | undefined>) => Object.fromEntries(Object.entries(rec).map(([c, v]) => [c, Math.round((v ?? 0) * k)]));
  const n = s.networks;
  const P = s.police;
  return {
    ...s,
    name,
    countries,
    networks: { ...n, initial: times(n.initial), criminal_pool: times(n.criminal_pool), recruit_half: scaleTimeValue(n.recruit_half, k) },
    economics: { ...s.economics, market_size: scaleTimeValue(s.economics.market_size, k) },
    police: { ...P, venue_background: scaleTimeValue(P.venue_background, k), investigation_background: scaleTimeValue(P.investigation_background, k) },
    agents: { capacity: Math.max(1000, Math.ceil(s.agents.capacity * k)) },
  };
}
