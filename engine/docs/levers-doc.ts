/**
 * docs/LEVERS.md's evidence part, generated: the policy levers (engine/model/levers.ts:
 * prong, level, unit, where, mechanism) with the evidence for their unit costs and
 * effect sizes (data/levers.json: value, range, distribution, source, reference,
 * reason). `npm run docs:levers` (engine/docs/levers.ts) writes the document, with
 * the choice the evidence leads to; test/scenario/levers.test.ts checks that the
 * committed file is what it writes.
 */
import { LEVERS, LEVER_NAMES, PRONGS } from '../kernel/scenario/levers.ts';
import {
  LEVER_EVIDENCE_FILE,
  leverEvidence,
  type LeverEffect,
  type LeverEvidence,
  type LeverFigure,
} from '../kernel/scenario/lever-evidence.ts';

/** A number as written in the docs: thousands separated by commas (100,000), decimals as they are. */
function num(n: number): string {
  if (!Number.isInteger(n)) return String(n);
  return String(Math.abs(n))
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
    .replace(/^/, n < 0 ? '−' : '');
}

const DISTRIBUTION = { uniform: 'uniform', log_uniform: 'log-uniform' } as const;
const WHERE = {
  origins: 'origins (the listed countries with people at risk)',
  destinations: 'destinations (the listed countries with demand)',
  all: 'every listed country',
} as const;

/** "range 0.5 to 8, log-uniform; source: assumption", and the reference when there is one. */
function rangeText(f: LeverFigure | LeverEffect): string {
  return `range ${num(f.low)} to ${num(f.high)}, ${DISTRIBUTION[f.distribution]}; source: ${f.source}${f.reference.trim() ? `: ${f.reference.trim()}` : ''}`;
}

/** The figures of the file, each input once (an effect named under several levers counts once). */
function inputsOf(e: LeverEvidence): { kind: 'unit_cost' | 'effect'; source: string }[] {
  const names = new Set<string>();
  const out: { kind: 'unit_cost' | 'effect'; source: string }[] = [];
  for (const lever of LEVER_NAMES) {
    out.push({ kind: 'unit_cost', source: e[lever].unit_cost.source });
    for (const f of e[lever].effects) {
      if (names.has(f.name)) continue;
      names.add(f.name);
      out.push({ kind: 'effect', source: f.source });
    }
  }
  return out;
}

/** The whole of docs/LEVERS.md for evidence `e` (by default, data/levers.json). */
export function leversMarkdown(e: LeverEvidence = leverEvidence()): string {
  const inputs = inputsOf(e);
  const costs = inputs.filter((i) => i.kind === 'unit_cost').length;
  const effects = inputs.length - costs;
  const assumed = inputs.filter((i) => i.source === 'assumption').length;
  const bySource = ['budget', 'evaluation', 'estimate']
    .map((s) => [s, inputs.filter((i) => i.source === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} from ${s === 'budget' ? 'budget lines' : s === 'evaluation' ? 'evaluations' : 'published estimates'}`);
  const lines: string[] = [];
  lines.push(
    '# Policy levers: costs, effects and their evidence',
    '',
    `<!-- Generated from ${LEVER_EVIDENCE_FILE} and engine/model/levers.ts by \`npm run docs:levers\`; do not edit by hand. -->`,
    '',
    `Every policy lever of the model has a cost per unit, so that the article's three prongs (victims, supply, demand; Vreja 2005) can be compared at equal budgets, and an effect on the mechanism it moves. \`${LEVER_EVIDENCE_FILE}\` holds the evidence for both: for each lever, its default unit cost (used when a scenario gives no \`unit_cost\`), and the effect sizes it depends on, each with a default value, a range, the distribution drawn from that range, the kind of source, a reference and a reason. \`tipsim compare --uncertainty\` draws every figure from its range for each run (\`--levers FILE\` takes a file of the same form instead), so that a comparison of policies says how much its answer depends on them. Of the file's ${inputs.length} figures (${costs} unit costs and ${effects} effect sizes), ${assumed === inputs.length ? 'all' : assumed} ${assumed === 1 ? 'is an assumption' : 'are assumptions'}${bySource.length ? ` and ${bySource.join(', ')}` : ''}: ${assumed === inputs.length ? 'no budget line or evaluation stands behind them, and their ranges are wide to say so' : 'the assumptions have no budget line or evaluation behind them, and their ranges are wide to say so'}. Replacing an assumption with a cited figure is an edit of the file and \`npm run docs:levers\`.`,
    '',
    "In a scenario, a lever's `unit_cost` replaces the default unit cost, and its `effect` (default 1) multiplies what one unit of the lever does in its mechanism: the mechanisms use level × effect, while the cost stays level × unit cost. An effect path such as `levers.police.effect` is that multiplier; other paths are the scenario fields a lever's effect goes through (mode `set`: the path gets the drawn value; `scale`: its value is multiplied by it).",
    '',
  );
  for (const prong of PRONGS) {
    for (const name of LEVER_NAMES) {
      const def = LEVERS[name];
      if (def.prong !== prong) continue;
      const ev = e[name];
      const c = ev.unit_cost;
      lines.push(
        `## \`${name}\` (${prong} prong)`,
        '',
        `- Level: ${def.level}.`,
        `- Unit of cost: ${def.unit}.`,
        `- Default countries: ${WHERE[def.where]}.`,
        `- Mechanism: ${def.effect}.`,
        '',
        `**Unit cost**: ${num(c.value)} EUR per ${def.unit} (${rangeText(c)}). ${c.reason.trim()}`,
        '',
        ev.effects.length ? '**Effects**:' : '**Effects**: none listed.',
        '',
      );
      for (const f of ev.effects)
        lines.push(`- \`${f.name}\`, \`${f.path}\` (${f.mode}): ${num(f.value)} (${rangeText(f)}). ${f.reason.trim()}`);
      if (ev.effects.length) lines.push('');
    }
  }
  return lines.join('\n');
}
