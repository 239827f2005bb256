/**
 * `tipsim seminar`: one self-contained HTML file for a seminar room with no install
 * rights and no network. It holds:
 *  - the engine, bundled for the browser (bundle.ts, web-worker.ts), inlined as a
 *    script the page starts as a Web Worker;
 *  - the page's own code (app.ts, settings.ts, guide.ts, charts.ts), bundled;
 *  - vega, vega-lite and vega-embed, inlined (engine/apps/charts/html.ts);
 *  - its data (settings.ts SeminarData): the calibrated baseline at seminar scale to
 *    2010, the three prongs' levers, their budgets, and the article's Table 1.
 * A Content-Security-Policy lets the page load nothing from outside.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceFile } from '../../runner/outdir.ts';
import { loadScenario } from '../../kernel/scenario/loader.ts';
import { scaleScenario, scaleTimeValue } from '../../kernel/scenario/edits.ts';
import { TIPSIM_VERSION, sha256 } from '../../runner/provenance.ts';
import { loadTargets, type Target } from '../calibration/setup.ts';
import { loadPosterior } from '../calibration/posterior.ts';
import { escapeHtml, htmlHead, inlinedLibraries, inlinedLibraryScripts, offlineCsp, scriptSafeJson } from '../charts/html.ts';
import { buildEngineBundle } from './bundle.ts';
import { tipsimRun, type BrowserRun } from './browser-entry.ts';
import { GUIDE } from './guide.ts';
import { PRONGS, LIMITS, seminarScenario, type Levers, type Prong, type SeminarData, type Settings } from './settings.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Table 1's total of each year: the sum of its country rows (the targets of metric table1_victims). */
function table1Totals(targets: Target[]): { year: number; value: number }[] {
  const byYear = new Map<number, number>();
  for (const t of targets)
    if (t.metric === 'table1_victims' && t.country !== 'ALL') byYear.set(t.year, (byYear.get(t.year) ?? 0) + t.value);
  return [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([year, value]) => ({ year, value }));
}

/** Population scale of the seminar runs: half, so that a 1995-2010 run takes a few hundred milliseconds. */
export const SEMINAR_SCALE = 0.5;
export const SEMINAR_END = '2010-12';
const BUDGET_WINDOW: [number, number] = [2003, 2010];

export interface SeminarOptions {
  /** The calibrated baseline (default scenarios/calibrated.yaml). */
  scenario?: string;
  /** The baseline the posterior was calibrated on (default scenarios/baseline.yaml). */
  baseline?: string;
  /** The posterior (default calibration/posterior.csv, with its priors.yaml beside it). */
  posterior?: string;
  /** Let `scenario` extend files outside its folder tree and the bundled scenarios/. */
  allowOutsideExtends?: boolean;
}

const rel = (p: string) => resolve(ROOT, p);

/** A metric's regional (ALL) total over the budget window, in replicate 0 of a scenario (the page's own run, browser-entry.ts). */
const windowSum = (run: BrowserRun, metric: string) =>
  run.metrics[metric].reduce((a, x, i) => (run.years[i] >= BUDGET_WINDOW[0] && run.years[i] <= BUDGET_WINDOW[1] ? a + x : a), 0);

/** The page's data: the base scenario at seminar scale, the prongs' levers and budgets, Table 1. */
export function seminarData(o: SeminarOptions = {}): SeminarData {
  const scenarioFile = rel(o.scenario ?? 'scenarios/calibrated.yaml');
  const posteriorFile = rel(o.posterior ?? 'calibration/posterior.csv');
  const calibrated = { ...loadScenario(scenarioFile, { allowOutsideExtends: o.allowOutsideExtends }).scenario, end: SEMINAR_END };
  const baseline = { ...loadScenario(rel(o.baseline ?? 'scenarios/baseline.yaml')).scenario, end: SEMINAR_END };
  const post = loadPosterior(posteriorFile);
  const base = scaleScenario(calibrated, SEMINAR_SCALE, 'seminar');
  const full = {} as Record<Prong, Levers>;
  const prongs = {} as Record<Prong, Levers>;
  for (const p of PRONGS) {
    full[p] = structuredClone(loadScenario(rel(`scenarios/policies/${p}-prong.yaml`)).scenario.levers ?? {}) as Levers;
    const levers = structuredClone(full[p]);
    // Police operations are counts: at seminar scale, as the base's own.
    if (levers.police) levers.police = { ...levers.police, level: scaleTimeValue(levers.police.level, SEMINAR_SCALE) };
    prongs[p] = levers;
  }
  const defaults: Settings = {
    victims: 0,
    supply: 0,
    demand: 0,
    adaptation: true,
    visaLift: true,
    corruption: 1,
    seed: base.seed,
    posterior: false,
  };
  const partial: SeminarData = {
    base,
    baseline,
    posterior: {
      priors: post.priors.map((p) => ({ name: p.name, paths: p.paths, mode: p.mode })),
      thetas: post.thetas,
      weights: post.weights,
    },
    scale: SEMINAR_SCALE,
    prongs,
    prongCost: { victims: 0, supply: 0, demand: 0 },
    baseCost: { victims: 0, supply: 0, demand: 0 },
    budgetWindow: BUDGET_WINDOW,
    table1: table1Totals(loadTargets(rel('calibration/targets.yaml'))),
    table1Source:
      'Vreja 2005, Table 1 (total row, the sum of its seven country rows): victims identified and assisted in South Eastern Europe',
    defaults,
    made: {
      version: TIPSIM_VERSION,
      scenario: o.scenario ?? 'scenarios/calibrated.yaml',
      posterior: o.posterior ?? 'calibration/posterior.csv',
      posteriorSha256: sha256(readFileSync(posteriorFile, 'utf8')),
    },
  };
  // Budgets at full scale (some costs go with the people reached, others with
  // countries and months): one run of the calibrated baseline and of each prong at 1.
  const fullData: SeminarData = { ...partial, base: calibrated, prongs: full };
  const baseRun = tipsimRun(seminarScenario(fullData, defaults), 0);
  for (const p of PRONGS) {
    partial.baseCost[p] = windowSum(baseRun, `cost_${p}`);
    partial.prongCost[p] = windowSum(tipsimRun(seminarScenario(fullData, { ...defaults, [p]: 1 }), 0), `cost_${p}`) - partial.baseCost[p];
  }
  return partial;
}

const CSP = offlineCsp({ img: ['data:', 'blob:'], blobWorkers: true });

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; --focus: #E69F00; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; line-height: 1.45; color: var(--ink); background: #fff; }
header { padding: 1rem 1.25rem 0.5rem; border-bottom: 1px solid var(--rule); }
h1 { font-size: 1.5rem; margin: 0 0 0.25rem; }
header p { margin: 0 0 0.5rem; max-width: 60rem; color: var(--muted); }
.layout { display: grid; grid-template-columns: minmax(18rem, 22rem) 1fr; gap: 1.25rem; padding: 1rem 1.25rem 2rem; }
@media (max-width: 60rem) { .layout { grid-template-columns: 1fr; } }
aside section, main section { margin-bottom: 1.25rem; }
h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
fieldset { border: 1px solid var(--rule); border-radius: 6px; margin: 0 0 0.75rem; padding: 0.5rem 0.75rem 0.75rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
label { display: block; margin: 0.4rem 0 0.1rem; }
label.check { display: flex; gap: 0.5rem; align-items: center; }
input[type=range] { width: 100%; }
input[type=number] { width: 9rem; font: inherit; padding: 0.2rem 0.3rem; }
output { font-variant-numeric: tabular-nums; color: var(--muted); }
button { font: inherit; padding: 0.4rem 0.9rem; border: 1px solid var(--accent); border-radius: 5px; background: #fff; color: var(--accent); cursor: pointer; }
button.primary { background: var(--accent); color: #fff; font-weight: 600; }
button:disabled { opacity: 0.5; cursor: default; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.buttons { display: flex; gap: 0.5rem; flex-wrap: wrap; margin-top: 0.5rem; }
#guide { background: #f4f8fb; border: 1px solid #cfe0ec; border-radius: 6px; padding: 0.75rem 1rem; }
#steps { margin: 0.25rem 0 0.75rem; padding-left: 1.4rem; }
#steps button { border: none; padding: 0.1rem 0.2rem; background: none; color: var(--accent); text-align: left; text-decoration: underline; }
#steps button[aria-current=step] { font-weight: 700; text-decoration: none; color: var(--ink); }
#step-title { margin: 0.25rem 0; font-size: 1.05rem; }
#step-text { margin: 0 0 0.5rem; max-width: 48rem; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.5rem; margin: 0; }
.summary div { border: 1px solid var(--rule); border-radius: 6px; padding: 0.4rem 0.6rem; }
.summary dt { color: var(--muted); font-size: 0.85rem; }
.summary dd { margin: 0; font-size: 1.2rem; font-variant-numeric: tabular-nums; }
table.budget { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.budget td, table.budget th { padding: 0.15rem 0.3rem; border-bottom: 1px solid var(--rule); text-align: left; }
table.budget td.num { text-align: right; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(34rem, 1fr)); gap: 1rem; }
.chart-box h3 { font-size: 1rem; margin: 0 0 0.25rem; }
.chart-box p { margin: 0 0 0.25rem; color: var(--muted); font-size: 0.9rem; }
.chart { min-height: 16rem; overflow-x: auto; }
#status { min-height: 1.5rem; color: var(--muted); }
footer { padding: 0 1.25rem 2rem; color: var(--muted); font-size: 0.85rem; }
`;

function slider(id: string, label: string, min: number, max: number, stepSize: number, hint: string): string {
  return `<label for="${id}">${escapeHtml(label)} <output id="${id}-out" for="${id}"></output></label>
<input type="range" id="${id}" name="${id}" min="${min}" max="${max}" step="${stepSize}" aria-describedby="${id}-hint">
<small id="${id}-hint">${escapeHtml(hint)}</small>`;
}

const CHARTS = [
  [
    'chart-trade',
    'The true trade and what is counted',
    'Blue: what really happens. Orange: what agencies count. Diamonds: the article’s Table 1.',
  ],
  ['chart-police', 'Police action', 'Offences recorded and traffickers arrested, all countries.'],
  ['chart-strategies', 'How networks operate', 'Shares of new victims: legal travel, private apartments, soft control.'],
  ['chart-destinations', 'Where victims are taken', 'New victims a year, to Western Europe and to the Balkans.'],
  ['chart-corruption', 'Corruption', 'Share of officials taking bribes.'],
] as const;

/** The page as one HTML string. */
export function seminarHtml(data: SeminarData, engineCode: string, appCode: string): string {
  const libs = inlinedLibraries();
  const prongHint: Record<Prong, string> = {
    victims: 'Targeted awareness, jobs for the low-wage band, victim support (from 2003).',
    supply: 'Anti-corruption, officials’ pay, intelligence sharing, sentencing, police (from 2003).',
    demand: 'Punishing buyers, awareness in destination countries (from 2003).',
  };
  const prongLabel: Record<Prong, string> = { victims: 'Victims prong', supply: 'Supply prong (traffickers)', demand: 'Demand prong' };
  const [from, to] = data.budgetWindow;
  return `${htmlHead({ csp: CSP, generator: `tipsim ${data.made.version}`, title: 'tipsim seminar: trafficking in persons in South Eastern Europe', style: STYLE })}
<body>
<header>
<h1>Trafficking in persons in South Eastern Europe: what the statistics see</h1>
<p>A simulation calibrated on the figures of Vreja, “Human Trafficking in South Eastern Europe”, <i>Connections</i> (2005). Move the levers, run, and compare the true trade with what is counted. The model runs here, in this file, with no network: at half the population, with counts shown doubled.</p>
</header>
<div class="layout">
<aside>
<section id="guide" aria-labelledby="guide-title">
<h2 id="guide-title">Guided path</h2>
<ol id="steps"></ol>
<p id="step-count" aria-live="polite"></p>
<h3 id="step-title"></h3>
<p id="step-text"></p>
<div class="buttons"><button type="button" id="step-back">Back</button><button type="button" id="step-next">Next step</button></div>
</section>
<section aria-labelledby="controls-title">
<h2 id="controls-title">Levers</h2>
<form id="controls">
<fieldset><legend>Three prongs (× the single-prong scenario, from 2003)</legend>
${PRONGS.map((p) => slider(`prong-${p}`, prongLabel[p], LIMITS.prong[0], LIMITS.prong[1], 1 / 12, prongHint[p])).join('\n')}
<p>Budget ${from}–${to}: <output id="budget-estimate"></output></p>
</fieldset>
<fieldset><legend>The world</legend>
<label class="check"><input type="checkbox" id="adaptation"> Networks adapt (routes, travel, venues, control)</label>
<label class="check"><input type="checkbox" id="visa-lift"> 2002 visa lift for Romanians and Bulgarians</label>
${slider('corruption', 'Corruption', LIMITS.corruption[0], LIMITS.corruption[1], 0.25, 'Share of corruptible officials, times this.')}
<label class="check"><input type="checkbox" id="posterior"> Parameters drawn from the calibration’s posterior (one draw per seed), not the calibrated scenario’s</label>
<label for="seed">Seed</label>
<input type="number" id="seed" min="${LIMITS.seed[0]}" max="${LIMITS.seed[1]}" step="1" inputmode="numeric">
</fieldset>
<div class="buttons"><button type="submit" class="primary" id="run">Run</button><button type="button" id="reset">Reset</button><button type="button" id="save-scenario">Save this run’s scenario</button></div>
</form>
<p id="status" role="status" aria-live="polite">Loading…</p>
</section>
<section aria-labelledby="budget-title">
<h2 id="budget-title">Budget ${from}–${to}</h2>
<p><small>Extra spending on each prong at full scale, in million EUR: each prong at 1 was run once when this file was made (scenarios/policies/); the estimate is linear in the level.</small></p>
<table class="budget"><tbody>
${PRONGS.map((p) => `<tr><th scope="row">${escapeHtml(prongLabel[p])}</th><td class="num" id="spent-${p}"></td></tr>`).join('\n')}
<tr><th scope="row">All prongs</th><td class="num" id="spent-total"></td></tr>
</tbody></table>
</section>
</aside>
<main>
<section aria-labelledby="summary-title">
<h2 id="summary-title">This run, ${from}–${to}</h2>
<dl class="summary">
<div><dt>New victims (true)</dt><dd id="sum-true"></dd></div>
<div><dt>Victims assisted (counted)</dt><dd id="sum-counted"></dd></div>
<div><dt>Visibility in 2003 (counted ÷ in exploitation)</dt><dd id="sum-visibility"></dd></div>
<div><dt>Run time in this browser</dt><dd id="run-time"></dd></div>
</dl>
</section>
<div class="charts">
${CHARTS.map(([id, title, text]) => `<section class="chart-box" aria-labelledby="${id}-title"><h3 id="${id}-title">${escapeHtml(title)}</h3><p>${escapeHtml(text)}</p><div class="chart" id="${id}"></div></section>`).join('\n')}
</div>
</main>
</div>
<footer>
<p>tipsim ${escapeHtml(data.made.version)}; base: ${escapeHtml(data.made.scenario)} (weighted medoid particle of ${escapeHtml(data.made.posterior)}, SHA-256 ${escapeHtml(data.made.posteriorSha256.slice(0, 12))}…) at population scale ${data.scale}, ${escapeHtml(data.base.start)} to ${escapeHtml(data.base.end)}. ${GUIDE.length} guided steps. Charts: ${escapeHtml(libs.map((l) => `${l.name} ${l.version}`).join(', '))}. This file loads nothing from the network.</p>
</footer>
<script type="application/json" id="seminar-data">${scriptSafeJson(data)}</script>
<script type="text/plain" id="engine-src">${engineCode}</script>
${inlinedLibraryScripts()}
<script>${appCode}</script>
</body>
</html>
`;
}

/** Builds the page and writes it to `out` (a temporary file renamed into place). */
export async function writeSeminar(out: string, o: SeminarOptions = {}): Promise<{ bytes: number; data: SeminarData }> {
  const data = seminarData(o);
  const engine = await buildEngineBundle({ entry: join(ROOT, 'engine', 'apps', 'seminar', 'web-worker.ts'), expressions: 'mathjs' });
  const app = await buildEngineBundle({ entry: join(ROOT, 'engine', 'apps', 'seminar', 'app.ts'), expressions: 'stub' });
  // Inside <script type="text/plain"> only "</script" could end the element: bundle.ts escapes it.
  const html = seminarHtml(data, engine.code, app.code);
  replaceFile(out, html);
  return { bytes: Buffer.byteLength(html), data };
}
