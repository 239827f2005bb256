/**
 * Levers at equal budgets: a policy scenario's levers scaled so that its extra
 * spending over the comparison's window is a given budget, and a scenario split
 * into one scenario per lever, so that levers and prongs can be compared at the
 * same cost and at several costs (cost-effectiveness curves: diminishing returns
 * show as fewer victims averted per million EUR at larger budgets).
 *
 * A lever's cost is its level × its units × its unit cost (levers.ts `spend`), so
 * scaling every level by f scales the cost by about f (about: the units can depend
 * on the state, e.g. people still at home). The factor is set from a pilot run of
 * the scenario at its own levels: f = budget / the pilot's extra cost over the window.
 */
import { LEVER_NAMES, type LeverName } from '../../kernel/scenario/levers.ts';
import { mapTimeValue } from '../../kernel/scenario/edits.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';

type Levers = NonNullable<Scenario['levers']>;

/** The levers a scenario uses, in the model's order of levers. */
export function leversOf(s: Scenario): LeverName[] {
  return LEVER_NAMES.filter((name) => s.levers?.[name] !== undefined);
}

/** Whether a time value is a number or a schedule (also inside {value, …}), which scaling can multiply; an expression is not. */
function numeric(v: unknown): boolean {
  if (typeof v === 'number') return true;
  if (!v || typeof v !== 'object') return false;
  if ('schedule' in v) return true;
  return 'value' in v && numeric((v as { value: unknown }).value);
}

/** The levers whose level cannot be scaled (an expression). */
export function unscalable(s: Scenario): LeverName[] {
  return leversOf(s).filter((name) => !numeric(s.levers![name]!.level));
}

/** The scenario with every lever's level times f, named `name`. */
export function scaleLevers(s: Scenario, f: number, name: string): Scenario {
  const levers: Levers = {};
  for (const lever of leversOf(s)) {
    const l = s.levers![lever]!;
    levers[lever] = { ...l, level: mapTimeValue(l.level, (x) => x * f) };
  }
  return { ...s, name, levers };
}

/** The scenario with only lever `lever` (at its own level), named `name`. */
export function leverAlone(s: Scenario, lever: LeverName, name: string): Scenario {
  return { ...s, name, levers: { [lever]: s.levers![lever]! } };
}

/** A budget in million EUR as a scenario name's suffix: 25 → "25M", 2.5 → "2.5M". */
export const budgetLabel = (millions: number) => `${Number(millions.toPrecision(6))}M`;

/** Parses "25,50,100" (million EUR, each > 0) into numbers, or undefined. */
export function parseBudgets(text: string): number[] | undefined {
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (!parts.length || parts.some((p) => !/^\d+(\.\d+)?$/.test(p)) || values.some((v) => !(v > 0))) return undefined;
  return [...new Set(values)].sort((a, b) => a - b);
}
