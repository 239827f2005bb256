/**
 * Setting a calibration's parameter values into a scenario, and drawing particles
 * of a posterior by weight: plain functions with no Node import, shared by the
 * calibration, `tipsim run --posterior` and the seminar page in the browser.
 */
import { Stream, seedKey } from '../engine/core/rng.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { Prior } from './setup.ts';

type Obj = Record<string, unknown>;

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
export function missingPaths(scenario: Scenario, p: Pick<Prior, 'paths'>): string[] {
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
 * A copy of the scenario with the prior's parameter at x: `set` writes x at every
 * path; `scale` multiplies each path's number, or each point of its schedule, by x;
 * `shift` moves each point of a schedule after the first by x months (rounded).
 */
export function withParameter(scenario: Scenario, p: Pick<Prior, 'name' | 'paths' | 'mode'>, x: number): Scenario {
  const copy = structuredClone(scenario);
  setParameter(copy, p, x);
  return copy;
}

/** As withParameter, in place: the scenario itself is changed. */
function setParameter(copy: Scenario, p: Pick<Prior, 'name' | 'paths' | 'mode'>, x: number): void {
  for (const path of p.paths) {
    const s = slot(copy, path);
    if (!s) throw new Error(`calibration parameter ${p.name}: the scenario has no ${path}`);
    const v = s.holder[s.key];
    if (p.mode === 'set') s.holder[s.key] = x;
    else if (p.mode === 'shift') {
      if (!(v && typeof v === 'object' && 'schedule' in (v as Obj))) throw new Error(`calibration parameter ${p.name}: cannot shift ${path} (not a schedule)`);
      (v as { schedule: Record<string, number> }).schedule = shiftSchedule((v as { schedule: Record<string, number> }).schedule, Math.round(x));
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
function ownValue(s: Scenario, p: Pick<Prior, 'paths' | 'mode'>, h: number | undefined): boolean {
  if (p.mode !== 'set' || h === undefined) return false;
  return p.paths.some((path) => {
    const at = slot(s, path);
    return at !== undefined && at.holder[at.key] !== h;
  });
}

/**
 * A copy of the base scenario with every prior's parameter at its value in theta.
 * A parameter the scenario sets to a value of its own stays at it (ownValue).
 * `held` gives, by parameter name, the value the base already holds (a calibrated
 * scenario holds one particle of its posterior, its weighted medoid): such a
 * parameter moves from that value to theta's (a scale by theta ÷ held, a shift by
 * the difference in months) rather than being applied a second time.
 */
export function scenarioFor(base: Scenario, priors: Pick<Prior, 'name' | 'paths' | 'mode'>[], theta: ArrayLike<number>, held: Record<string, number> = {}): Scenario {
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

/** n indices drawn by weight, draw r from the seed key (key, r): the same on any machine and in the browser. */
export function drawByWeight(weights: number[], n: number, key: string): number[] {
  let c = 0;
  const cumulative = weights.map((w) => (c += w));
  return Array.from({ length: n }, (_, r) => {
    const u = Stream.fromKey(seedKey(key, r)).uniform() * c;
    const i = cumulative.findIndex((x) => u < x);
    return i < 0 ? cumulative.length - 1 : i;
  });
}
