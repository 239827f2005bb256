/**
 * Edits of a scenario, as plain functions with no Node import (the calibration,
 * `tipsim run --posterior`, the seminar page in the browser and the bench use them):
 *  - a parameter set, scaled or shifted at its dotted paths (withParameter,
 *    scenarioFor: how a calibration's values go into a scenario);
 *  - a scenario at another scale (scaleScenario): the people at risk times k, and the
 *    trade and its policing with them (initial networks, the criminal pools,
 *    recruiters' reach, the markets' size, police operations and the venues and
 *    leads they sift), so that rates, shares and the per-person dynamics stay about
 *    the same while counts go with k. The bench runs the baseline at k = 12 (a few
 *    hundred thousand agents); the seminar page runs at a fraction, so that a run
 *    feels live in a browser.
 */
import type { Scenario } from './schema.ts';

type Obj = Record<string, unknown>;

/**
 * A parameter edit: a name (for messages), the dotted scenario paths it acts on, and
 * how a value x acts there (`set` writes x, `scale` multiplies by x, `shift` moves a
 * schedule's points by x months). A calibration's prior is one.
 */
export interface ParameterEdit {
  name: string;
  paths: string[];
  mode: 'set' | 'scale' | 'shift';
}

/** The container and key that hold a path's plain value ({value, ...} objects are entered). */
function slot(scenario: unknown, path: string): { holder: Obj; key: string } | undefined {
  const keys = path.split('.');
  let holder = scenario as Obj;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = holder?.[keys[i]];
    if (next === null || typeof next !== 'object') return undefined;
    holder = next as Obj;
  }
  let key = keys[keys.length - 1];
  if (!(key in holder)) return undefined;
  const v = holder[key];
  if (v !== null && typeof v === 'object' && 'value' in (v as Obj)) {
    holder = v as Obj;
    key = 'value';
  }
  return { holder, key };
}

/** Paths of a prior that the scenario does not have (empty when all resolve). */
export function missingPaths(scenario: Scenario, p: Pick<ParameterEdit, 'paths'>): string[] {
  return p.paths.filter((path) => slot(scenario, path) === undefined);
}

/**
 * A schedule with every point after the first moved by `months` (the first holds
 * the starting level); points keep their order and stay after the first.
 */
export function shiftSchedule(schedule: Record<string, number>, months: number): Record<string, number> {
  const toMonth = (d: string) => {
    const [y, m] = d.split('-').map(Number);
    return y * 12 + ((m || 1) - 1);
  };
  const entries = Object.entries(schedule).sort(([a], [b]) => toMonth(a) - toMonth(b));
  const out: Record<string, number> = {};
  let last = toMonth(entries[0][0]);
  out[entries[0][0]] = entries[0][1];
  for (const [d, v] of entries.slice(1)) {
    const t = Math.max(last + 1, toMonth(d) + months);
    last = t;
    out[`${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`] = v;
  }
  return out;
}

/**
 * A copy of the scenario with the parameter at x: `set` writes x at every
 * path; `scale` multiplies each path's number, or each point of its schedule, by x;
 * `shift` moves each point of a schedule after the first by x months (rounded).
 */
export function withParameter(scenario: Scenario, p: ParameterEdit, x: number): Scenario {
  const copy = structuredClone(scenario);
  setParameter(copy, p, x);
  return copy;
}

/** As withParameter, in place: the scenario itself is changed. */
function setParameter(copy: Scenario, p: ParameterEdit, x: number): void {
  for (const path of p.paths) {
    const s = slot(copy, path);
    if (!s) throw new Error(`calibration parameter ${p.name}: the scenario has no ${path}`);
    const v = s.holder[s.key];
    if (p.mode === 'set') s.holder[s.key] = x;
    else if (p.mode === 'shift') {
      if (!(v && typeof v === 'object' && 'schedule' in (v as Obj)))
        throw new Error(`calibration parameter ${p.name}: cannot shift ${path} (not a schedule)`);
      (v as { schedule: Record<string, number> }).schedule = shiftSchedule(
        (v as { schedule: Record<string, number> }).schedule,
        Math.round(x),
      );
    } else if (typeof v === 'number') s.holder[s.key] = v * x;
    else if (v && typeof v === 'object' && 'schedule' in (v as Obj)) {
      const sched = (v as { schedule: Record<string, number> }).schedule;
      for (const d of Object.keys(sched)) sched[d] *= x;
    } else throw new Error(`calibration parameter ${p.name}: cannot scale ${path} (an expression); write it as a number or a schedule`);
  }
}

/**
 * Whether a scenario that holds a posterior's values (`held` of this parameter) sets a
 * parameter of mode `set` to a value of its own at one of its paths: a counterfactual
 * that switches a mechanism off (`networks.adaptation: off`) or fixes a calibrated
 * parameter. Such a value is the scenario's point and stays; the posterior moves only
 * what the scenario holds at the calibrated value. (A scale or a shift is not
 * recorded as a path's value, so it cannot be told apart and is always applied.)
 */
function ownValue(s: Scenario, p: Pick<ParameterEdit, 'paths' | 'mode'>, h: number | undefined): boolean {
  if (p.mode !== 'set' || h === undefined) return false;
  return p.paths.some((path) => {
    const at = slot(s, path);
    return at !== undefined && at.holder[at.key] !== h;
  });
}

/**
 * A copy of the base scenario with every parameter at its value in theta.
 * A parameter the scenario sets to a value of its own stays at it (ownValue).
 * `held` gives, by parameter name, the value the base already holds (a calibrated
 * scenario holds one particle of its posterior, its weighted medoid): such a
 * parameter moves from that value to theta's (a scale by theta ÷ held, a shift by
 * the difference in months) rather than being applied a second time.
 */
export function scenarioFor(
  base: Scenario,
  priors: ParameterEdit[],
  theta: ArrayLike<number>,
  held: Record<string, number> = {},
): Scenario {
  // One copy, every parameter set into it in order.
  const s = structuredClone(base);
  priors.forEach((p, i) => {
    const h = held[p.name];
    if (ownValue(s, p, h)) return;
    const x = h === undefined || p.mode === 'set' ? theta[i] : p.mode === 'scale' ? theta[i] / h : Math.round(theta[i]) - Math.round(h);
    setParameter(s, p, x);
  });
  return s;
}

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
  const times = (rec: Record<string, number | undefined>) =>
    Object.fromEntries(Object.entries(rec).map(([c, v]) => [c, Math.round((v ?? 0) * k)]));
  const n = s.networks;
  const P = s.police;
  return {
    ...s,
    name,
    countries,
    networks: { ...n, initial: times(n.initial), criminal_pool: times(n.criminal_pool), recruit_half: scaleTimeValue(n.recruit_half, k) },
    economics: { ...s.economics, market_size: scaleTimeValue(s.economics.market_size, k) },
    police: {
      ...P,
      venue_background: scaleTimeValue(P.venue_background, k),
      investigation_background: scaleTimeValue(P.investigation_background, k),
    },
    agents: { capacity: Math.max(1000, Math.ceil(s.agents.capacity * k)) },
  };
}
