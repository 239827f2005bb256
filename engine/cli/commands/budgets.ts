/**
 * `tipsim compare --budgets` and `--each-lever`: the scenarios a comparison at equal
 * budgets runs. Each lever alone is split out of the scenarios given; each scenario
 * (and lever) is set to every budget by scaling its levels from a pilot run of its
 * own levels (engine/apps/compare/budget.ts).
 */
import { budgetLabel, leverAlone, leversOf, scaleLevers, unscalable } from '../../apps/compare/budget.ts';
import { HEADLINES, headlines, type Window } from '../../apps/compare/headline.ts';
import { resolveParams } from '../../model/params.ts';
import { runReplicate } from '../../model/step.ts';
import type { LeverName } from '../../kernel/scenario/levers.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';
import { InputError, msg, type Problem } from '../../kernel/messages.ts';

export interface Variant {
  name: string;
  /** The scenario it was made from (its name as given). */
  from: string;
  /** The one lever it keeps (--each-lever). */
  lever?: LeverName;
  /** Million EUR over the window, and the factor its levels were scaled by (--budgets). */
  budget?: number;
  factor?: number;
  /** The extra cost over the window of the pilot run at its own levels (EUR). */
  pilotCost?: number;
  /** What it spent over the window in the comparison, on average (million EUR): the budget, unless a level is capped. */
  spent?: number;
}

/** Extra cost over the window of replicate 0 of s against replicate 0 of the baseline. */
function pilotCost(s: Scenario, baselineCost: number, window: Window): number {
  const params = resolveParams(s);
  return headlines(runReplicate(params, 0), params.report, window)[COST] - baselineCost;
}
const COST = HEADLINES.findIndex((h) => h.name === 'cost');

/**
 * The scenarios to compare (the baseline not included) and the file each came from:
 * with `eachLever`, each given scenario and then each lever it uses alone (named `<lever>-alone`) (the first
 * scenario that uses a lever gives its levels, schedule and countries); with
 * `budgets`, each of those at every budget instead of at its own levels. A scenario
 * that spends nothing, or whose level is an expression, cannot be set to a budget:
 * every such problem is reported at once.
 */
export function budgetScenarios(o: {
  baseline: Scenario;
  scenarios: Scenario[];
  files: string[];
  budgets?: number[];
  eachLever: boolean;
  window: Window;
}): { scenarios: Scenario[]; files: string[]; variants: Variant[] } {
  const base: { s: Scenario; file: string; v: Variant }[] = o.scenarios.map((s, i) => ({
    s,
    file: o.files[i],
    v: { name: s.name, from: s.name },
  }));
  if (o.eachLever) {
    const seen = new Set<LeverName>();
    o.scenarios.forEach((s, i) => {
      for (const lever of leversOf(s)) {
        if (seen.has(lever)) continue;
        seen.add(lever);
        base.push({ s: leverAlone(s, lever, `${lever}-alone`), file: o.files[i], v: { name: `${lever}-alone`, from: s.name, lever } });
      }
    });
  }
  if (!o.budgets) return { scenarios: base.map((b) => b.s), files: base.map((b) => b.file), variants: base.map((b) => b.v) };
  const problems: Problem[] = [];
  for (const b of base) {
    for (const lever of unscalable(b.s)) problems.push(msg.budgetExpression(b.file, lever));
  }
  if (problems.length) throw new InputError(problems);
  const params = resolveParams(o.baseline);
  const baselineCost = headlines(runReplicate(params, 0), params.report, o.window)[COST];
  const out: { s: Scenario; file: string; v: Variant }[] = [];
  for (const b of base) {
    const cost = pilotCost(b.s, baselineCost, o.window);
    if (!(cost > 0)) {
      problems.push(msg.budgetNoSpending(b.file, b.v.lever ? `levers.${b.v.lever}` : 'levers', `${o.window.from}-${o.window.to}`, cost));
      continue;
    }
    for (const budget of o.budgets) {
      const factor = (budget * 1e6) / cost;
      const name = `${b.s.name}@${budgetLabel(budget)}`;
      out.push({ s: scaleLevers(b.s, factor, name), file: b.file, v: { ...b.v, name, budget, factor, pilotCost: cost } });
    }
  }
  if (problems.length) throw new InputError(problems);
  return { scenarios: out.map((b) => b.s), files: out.map((b) => b.file), variants: out.map((b) => b.v) };
}
