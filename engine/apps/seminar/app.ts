/// <reference lib="dom" />
/**
 * The seminar page in the browser: wires the controls, runs the engine in a Web
 * Worker (or, where a worker cannot start, in the page), and redraws the charts after
 * each run. Reads the page's data from <script id="seminar-data"> and the engine's
 * source from <script id="engine-src">. For tests and curious students,
 * window.tipsimSeminar exposes the settings, the scenario of the last run and its
 * raw yearly values (the numbers `tipsim run` gives for the same scenario).
 */
import { GUIDE } from './guide.ts';
import { seminarCharts, type RunValues } from './seminar-charts.ts';
import { PRONGS, particleOf, seminarScenario, type SeminarData, type Settings } from './settings.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';

declare const vegaEmbed: (el: HTMLElement, spec: unknown, opts: Record<string, unknown>) => Promise<unknown>;

interface RunResult extends RunValues {
  ms: number;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const data = JSON.parse($('seminar-data').textContent!) as SeminarData;
const engineSource = $('engine-src').textContent!;
const body = document.body;

let settings: Settings = { ...data.defaults };
let last: { scenario: Scenario; result: RunResult } | undefined;
let previous: RunResult | undefined;
let runs = 0;
let step = -1;

// ---------------------------------------------------------------------------
// The engine: a worker from the inlined source, else the same code in the page.

type Runner = (scenario: Scenario) => Promise<RunResult>;

function workerRunner(): Runner | undefined {
  try {
    const url = URL.createObjectURL(new Blob([engineSource], { type: 'text/javascript' }));
    const worker = new Worker(url);
    let next = 0;
    const waiting = new Map<number, { resolve: (r: RunResult) => void; reject: (e: Error) => void }>();
    worker.onmessage = (e: MessageEvent<{ id: number; result?: RunResult; error?: string }>) => {
      const w = waiting.get(e.data.id);
      if (!w) return;
      waiting.delete(e.data.id);
      if (e.data.error !== undefined) w.reject(new Error(e.data.error));
      else w.resolve(e.data.result!);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      for (const w of waiting.values()) w.reject(new Error(e.message || 'the engine worker failed'));
      waiting.clear();
    };
    body.dataset.engine = 'worker';
    return (scenario) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, scenario });
      });
  } catch {
    return undefined;
  }
}

function pageRunner(): Runner {
  (0, eval)(engineSource);
  const run = (globalThis as unknown as { tipsimRun: (s: Scenario, r: number) => RunResult }).tipsimRun;
  body.dataset.engine = 'page';
  return async (scenario) => run(scenario, 0);
}

const runner: Runner = workerRunner() ?? pageRunner();

// ---------------------------------------------------------------------------
// Controls

const fmtInt = (x: number) => Math.round(x).toLocaleString('en-US');
const fmtMeur = (x: number) => `${(x / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} M EUR`;
const fmtLevel = (x: number) => (Math.abs(x - 1 / 3) < 1e-9 ? '⅓' : x.toLocaleString('en-US', { maximumFractionDigits: 2 }));

function readControls(): Settings {
  const num = (id: string) => Number(($(id) as HTMLInputElement).value);
  const seed = Math.floor(num('seed'));
  return {
    victims: num('prong-victims'),
    supply: num('prong-supply'),
    demand: num('prong-demand'),
    adaptation: ($('adaptation') as HTMLInputElement).checked,
    visaLift: ($('visa-lift') as HTMLInputElement).checked,
    corruption: num('corruption'),
    seed: Number.isFinite(seed) && seed >= 0 ? seed : settings.seed,
    posterior: ($('posterior') as HTMLInputElement).checked,
  };
}

function writeControls(s: Settings): void {
  for (const p of PRONGS) ($(`prong-${p}`) as HTMLInputElement).value = String(s[p]);
  ($('adaptation') as HTMLInputElement).checked = s.adaptation;
  ($('visa-lift') as HTMLInputElement).checked = s.visaLift;
  ($('corruption') as HTMLInputElement).value = String(s.corruption);
  ($('seed') as HTMLInputElement).value = String(s.seed);
  ($('posterior') as HTMLInputElement).checked = s.posterior;
  showLevels(s);
}

/** Slider readouts and the budget estimate (each prong's cost at 1, times its level). */
function showLevels(s: Settings): void {
  let total = 0;
  for (const p of PRONGS) {
    const cost = data.prongCost[p] * s[p];
    total += cost;
    $(`prong-${p}-out`).textContent = `${fmtLevel(s[p])} (≈ ${fmtMeur(cost)})`;
    $(`spent-${p}`).textContent = fmtMeur(cost);
  }
  $('spent-total').textContent = fmtMeur(total);
  $('corruption-out').textContent = `× ${fmtLevel(s.corruption)}`;
  $('budget-estimate').textContent = `≈ ${fmtMeur(total)}`;
}

// ---------------------------------------------------------------------------
// Running and drawing

async function draw(result: RunResult, before: RunResult | undefined): Promise<void> {
  const charts = seminarCharts({
    run: result,
    previous: before,
    scale: data.scale,
    table1: data.table1,
    years: [result.years[0], result.years[result.years.length - 1]],
  });
  await Promise.all(
    charts.map(async (c) => {
      const el = $(c.id);
      await vegaEmbed(el, c.spec, { mode: 'vega-lite', renderer: 'svg', actions: false });
      const svg = el.querySelector('svg');
      if (svg) {
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', `${c.title}: ${c.description}`);
      }
    }),
  );
}

const sum = (xs: number[], years: number[], from: number, to: number) =>
  xs.reduce((a, x, i) => (years[i] >= from && years[i] <= to && Number.isFinite(x) ? a + x : a), 0);

function summarise(result: RunResult): void {
  const y = result.years;
  const m = result.metrics;
  const [from, to] = data.budgetWindow;
  const at = (metric: string, year: number) => m[metric][y.indexOf(year)];
  $('sum-true').textContent = fmtInt(sum(m.victims_recruited, y, from, to) / data.scale);
  $('sum-counted').textContent = fmtInt(sum(m.victims_assisted, y, from, to) / data.scale);
  const vis = at('victims_assisted', 2003) / at('victims_exploited', 2003);
  $('sum-visibility').textContent = Number.isFinite(vis) ? vis.toFixed(2) : 'NA';
  $('run-time').textContent = `${result.ms.toFixed(0)} ms`;
}

let queued = false;
let running: Promise<void> | undefined;

/** Runs the current settings; a request while a run is going is run once after it. */
async function run(): Promise<void> {
  if (running) {
    queued = true;
    return running;
  }
  const status = $('status');
  const button = $('run') as HTMLButtonElement;
  running = (async () => {
    do {
      queued = false;
      settings = readControls();
      const scenario = seminarScenario(data, settings);
      status.textContent = 'Running…';
      body.setAttribute('aria-busy', 'true');
      button.disabled = true;
      try {
        const result = await runner(scenario);
        previous = last?.result;
        last = { scenario, result };
        await draw(result, previous);
        summarise(result);
        runs++;
        body.dataset.runs = String(runs);
        const particle = particleOf(data, settings);
        const params = particle < 0 ? 'the calibrated particle (posterior medoid)' : `posterior draw ${particle}`;
        status.textContent = `Run ${runs} done: seed ${settings.seed}, ${params}, ${result.years[0]}–${result.years[result.years.length - 1]}, ${result.ms.toFixed(0)} ms.`;
      } catch (e) {
        const text = e instanceof Error ? e.message : String(e);
        status.textContent = `The run failed: ${text}`;
        body.dataset.error = text;
        console.error('seminar: run failed', e);
      } finally {
        body.removeAttribute('aria-busy');
        button.disabled = false;
      }
    } while (queued);
  })();
  await running;
  running = undefined;
}

// ---------------------------------------------------------------------------
// The guided path

function showStep(i: number): void {
  step = i;
  const g = GUIDE[i];
  $('step-count').textContent = `Step ${i + 1} of ${GUIDE.length}`;
  $('step-title').textContent = g.title;
  $('step-text').textContent = g.text;
  ($('step-back') as HTMLButtonElement).disabled = i === 0;
  ($('step-next') as HTMLButtonElement).disabled = i === GUIDE.length - 1;
  document
    .querySelectorAll<HTMLButtonElement>('#steps button')
    .forEach((b, j) => b.setAttribute('aria-current', j === i ? 'step' : 'false'));
  writeControls({ ...data.defaults, ...g.set });
  body.dataset.step = String(i + 1);
  void run();
}

function setUp(): void {
  const list = $('steps');
  GUIDE.forEach((g, i) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = g.title;
    b.addEventListener('click', () => showStep(i));
    li.appendChild(b);
    list.appendChild(li);
  });
  $('step-back').addEventListener('click', () => step > 0 && showStep(step - 1));
  $('step-next').addEventListener('click', () => showStep(Math.min(GUIDE.length - 1, step + 1)));
  $('run').addEventListener('click', () => void run());
  $('reset').addEventListener('click', () => {
    writeControls(data.defaults);
    void run();
  });
  $('controls').addEventListener('input', () => showLevels(readControls()));
  $('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  $('save-scenario').addEventListener('click', () => {
    if (!last) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(last.scenario, null, 2)], { type: 'application/json' }));
    a.download = `seminar-seed${last.scenario.seed}.json`;
    a.click();
  });
  (window as unknown as { tipsimSeminar: unknown }).tipsimSeminar = {
    settings: () => ({ ...settings }),
    scenario: () => last && structuredClone(last.scenario),
    lastRun: () => last && structuredClone(last.result),
    run,
  };
  writeControls(settings);
  showStep(0);
}

setUp();
