/**
 * The choice the lever evidence leads to, as docs/LEVERS.md states it: read from the
 * outputs of the full comparison designs committed in docs/results/ (written by
 * `npm run compare:full`, `compare:sobol` and `compare:budgets`, then copied there),
 * so that every figure in the section comes from those runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatShort } from '../runner/outputs.ts';

type Row = Record<string, string>;

function csv(path: string): Row[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

const pct = (x: string) => (x === 'NA' ? 'n/a' : `${Math.round(Number(x) * 100)}%`);
const num = (x: string) => (x === 'NA' ? 'n/a' : formatShort(Number(x)));

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** How far the largest EVPPI stands above the rest: the estimates' median over every input is what grouping so few draws gives an input that barely matters. */
function evppiFloor(rows: Row[], draws: number): string {
  const v = rows.map((r) => Number(r.evppi)).sort((a, b) => a - b);
  const median = v[Math.floor(v.length / 2)];
  return `the median over all ${v.length} inputs is ${formatShort(median)}: most inputs can barely matter, so that is about what grouping ${draws} draws gives by chance, and the largest stand out by a factor of ${formatShort(v[v.length - 1] / median)} at most`;
}

/** The section, or an empty list when docs/results/ holds no full comparison. */
export function choiceMarkdown(results: string): string[] {
  const full = join(results, 'compare-full');
  if (!existsSync(join(full, 'decision.csv'))) return [];
  const manifest = JSON.parse(readFileSync(join(full, 'manifest.json'), 'utf8'));
  const u = manifest.uncertainty;
  const decision = csv(join(full, 'decision.csv')).sort((a, b) => Number(b.p_best) - Number(a.p_best));
  const variance = csv(join(full, 'variance.csv')).filter((r) => r.metric === 'true_victims' && r.scenario !== 'baseline');
  const lines = [
    '## The choice under this evidence',
    '',
    `From \`npm run compare:full\` (${u.draws} draws of the calibrated parameters and of every figure above, four runs each, ${manifest.window}, commit ${String(manifest.git_commit).slice(0, 7)}): the probability that each prong is the most cost-effective (true victims averted per million EUR of extra spending), the expected loss of choosing it rather than each draw's best, and its mean.`,
    '',
    ...table(
      ['scenario', 'P(best)', 'expected loss', 'mean averted per million EUR'],
      decision.map((r) => [r.scenario, pct(r.p_best), num(r.expected_loss), num(r.mean)]),
    ),
    '',
    `The expected value of perfect information is ${formatShort(u.decision.evpi)} victims averted per million EUR: what knowing these inputs before choosing would add, on average, to choosing the prong with the best mean.` +
      (u.decision.evppi_top?.length
        ? ` Knowing one input alone would add at most (expected value of partial perfect information): ${u.decision.evppi_top.map((p: { input: string; evppi: number }) => `\`${p.input}\` ${formatShort(p.evppi)}`).join(', ')}` +
          (existsSync(join(full, 'evppi.csv')) ? `; ${evppiFloor(csv(join(full, 'evppi.csv')), u.draws)}.` : '.')
        : '') +
      " Where the variance of each prong's effect on true victims comes from (share, 90% bootstrap interval):",
    '',
    ...table(
      ['scenario', 'calibrated parameters', 'lever costs and effects', 'their interaction', 'chance'],
      [...new Set(variance.map((r) => r.scenario))].map((s) => [
        s,
        ...['posterior', 'levers', 'interaction', 'noise'].map((source) => {
          const r = variance.find((x) => x.scenario === s && x.source === source)!;
          return `${pct(r.share)} [${pct(r.lo)}, ${pct(r.hi)}]`;
        }),
      ]),
    ),
    '',
  ];
  if (u.ranking_flips?.length)
    lines.push(
      'Where the ranking flips (PRIM over the draws):',
      '',
      ...u.ranking_flips.map((f: { reading: string }) => `- ${f.reading}`),
      '',
    );
  const sobolFile = join(results, 'compare-sobol', 'sobol.csv');
  if (existsSync(sobolFile)) {
    const sobol = csv(sobolFile).sort((a, b) => Number(b.total) - Number(a.total));
    const sm = JSON.parse(readFileSync(join(results, 'compare-sobol', 'manifest.json'), 'utf8'));
    lines.push(
      `What decides between ${sobol[0].leader} and ${sobol[0].runner_up} (\`npm run compare:sobol\`: Sobol' indices of the difference in victims averted per million EUR, ${sm.uncertainty.sensitivity.base_rows} base rows, ${sm.uncertainty.sensitivity.runs_per_scenario} runs of each scenario; the five inputs with the largest total index, 90% bootstrap intervals):`,
      '',
      ...table(
        ['input', 'total index', 'first-order index'],
        sobol
          .slice(0, 5)
          .map((r) => [
            `\`${r.input}\``,
            `${num(r.total)} [${num(r.total_lo)}, ${num(r.total_hi)}]`,
            `${num(r.first)} [${num(r.first_lo)}, ${num(r.first_hi)}]`,
          ]),
      ),
      '',
    );
  }
  const budgetsDir = join(results, 'compare-budgets');
  if (existsSync(join(budgetsDir, 'comparison.csv'))) {
    const bm = JSON.parse(readFileSync(join(budgetsDir, 'manifest.json'), 'utf8'));
    const rows = csv(join(budgetsDir, 'comparison.csv')).filter((r) => r.metric === 'averted_per_million');
    const variants: { name: string; from: string; lever?: string; budget: number; spent?: number }[] = bm.scenarios.flatMap(
      (s: { variant?: unknown }) => (s.variant ? [s.variant] : []),
    );
    const series = [...new Set(variants.map((v) => (v.lever ? `${v.lever} alone` : v.from)))];
    const budgets = [...new Set(variants.map((v) => v.budget))].sort((a, b) => a - b);
    lines.push(
      `At equal budgets (\`npm run compare:budgets\`: each prong and each lever alone at ${budgets.join(', ')} million EUR over ${bm.window}, ${bm.replicates} replicates each, at the calibrated scenario and the evidence's central values): true victims averted per million EUR, mean [90% interval]; where a lever could not spend its budget, what it spent (million EUR).`,
      '',
      ...table(
        ['scenario or lever', ...budgets.map((b) => `${b} million EUR`)],
        series.map((s) => [
          s,
          ...budgets.map((b) => {
            const v = variants.find((x) => (x.lever ? `${x.lever} alone` : x.from) === s && x.budget === b);
            const r = v && rows.find((x) => x.scenario === v.name);
            const short = v?.spent !== undefined && !(Math.abs(v.spent / b - 1) <= 0.1) ? ` (spent ${formatShort(v.spent)})` : '';
            return r ? `${num(r.mean)} [${num(r.lo)}, ${num(r.hi)}]${short}` : 'n/a';
          }),
        ]),
      ),
      '',
    );
  }
  return lines;
}
