/**
 * `npm run bench`: prints the engine's speed and memory figures.
 *
 *  1. random draws per second: seedrandom's Alea (used) against its default ARC4;
 *  2. one replicate of the baseline and of a scaled baseline (population at risk
 *     x SCALE, a few hundred thousand agents at the peak): agent-steps per second,
 *     milliseconds per simulated year, bytes of state per agent;
 *  3. the peak resident memory of a whole `tipsim run scenarios/baseline.yaml`
 *     (a child process, as a user runs it);
 *  4. the ensemble speed-up of 2 workers over 1 (wall time, worker start-up
 *     included, alternating pairs): 4 replicates of the scaled baseline, 16 of
 *     the baseline;
 *  5. the seminar page's run: its default scenario at seminar scale, in Debian's
 *     chromium (the engine bundled for the browser), against the same run in Node;
 *  6. whole processes as a user starts them (bin/tipsim.mjs, bundled when the
 *     bundle is fresh): `tipsim --version`, one replicate of the baseline, and 16
 *     replicates on 1 and on 2 workers;
 *  7. the calibration's throughput: candidates drawn from the priors, run to the
 *     calibration's end year on 2 workers, as one ABC generation runs them.
 *
 * Timings are wall-clock medians of a few runs on whatever machine runs this;
 * they are figures to read, never assertions.
 */
import seedrandom from 'seedrandom';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../kernel/scenario/loader.ts';
import { resolveParams, type Params } from '../model/params.ts';
import { runReplicate } from '../model/step.ts';
import { runEnsemble } from '../runner/ensemble.ts';
import { scaleScenario } from '../kernel/scenario/edits.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCALE = 12;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const row = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`);

function timeIt(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Draws per second of one generator; each generator gets its own loop below, so V8 sees one call target per loop. */
function rngBench() {
  console.log('Random numbers (seedrandom), 10 million draws, median of 5');
  const N = 10_000_000;
  let sink = 0;
  const arc4 = seedrandom('bench');
  const alea = seedrandom.alea('bench');
  const msArc4 = timeIt(() => {
    for (let i = 0; i < N; i++) sink += arc4();
  }, 5);
  const msAlea = timeIt(() => {
    for (let i = 0; i < N; i++) sink += alea();
  }, 5);
  if (sink < 0) console.log(sink);
  row('ARC4 (seedrandom default)', `${fmt(N / msArc4 / 1000, 1)} M draws/s`);
  row('Alea (used by tipsim)', `${fmt(N / msAlea / 1000, 1)} M draws/s  (${fmt(msArc4 / msAlea, 1)}x ARC4)`);
}

function replicateBench(label: string, params: Params) {
  const years = params.clock.ticks / 12;
  const cold = timeIt(() => runReplicate(params, 99), 1); // the first run in this process: JIT warm-up included
  let steps = 0,
    peak = 0,
    bytes = 0;
  const ms = timeIt(() => {
    const r = runReplicate(params, 0);
    steps = r.agentSteps;
    peak = r.peakAgents;
    bytes = r.bytesPerAgent;
  }, 3);
  console.log(`One replicate, ${label}, median of 3 after a first (cold) run`);
  row('wall time, first run in the process (cold JIT)', `${fmt(cold)} ms`);
  row('wall time', `${fmt(ms)} ms`);
  row('agent-steps', `${fmt(steps)} (peak ${fmt(peak)} agents)`);
  row('agent-steps per second', `${fmt(steps / ms / 1000, 2)} M/s`);
  row('milliseconds per simulated year', `${fmt(ms / years, 1)} ms`);
  row('agent state per explicit agent', `${bytes} bytes (${fmt((peak * bytes) / 2 ** 20, 1)} MiB at the peak)`);
}

function peakMemory() {
  const out = mkdtempSync(join(tmpdir(), 'tipsim-bench-'));
  try {
    const child = spawnSync(process.execPath, [join(ROOT, 'engine/bench/peak-memory.mjs'), join(out, 'baseline')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const res = JSON.parse(child.stdout || '{}');
    console.log('Whole run: tipsim run scenarios/baseline.yaml (10 replicates, default workers)');
    if (res.code !== 0) row('failed', child.stderr.trim());
    else row('peak resident memory of the process', `${fmt(res.maxRSS / 1024, 0)} MB`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Ensemble wall time with 1 and 2 workers, run in alternating pairs (1-2, 2-1, …)
 * so that drift in the machine's speed falls on both; the speed-up quoted is the
 * median of the pairs' ratios.
 */
async function speedup(label: string, params: Params, pairs: number, count: number) {
  const replicates = Array.from({ length: count }, (_, i) => i);
  const wall = async (workers: number) => {
    const t = performance.now();
    await runEnsemble({ params, replicates, workers });
    return performance.now() - t;
  };
  const one: number[] = [];
  const two: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    let a: number, b: number;
    if (i % 2 === 0) {
      a = await wall(1);
      b = await wall(2);
    } else {
      b = await wall(2);
      a = await wall(1);
    }
    one.push(a);
    two.push(b);
    ratios.push(a / b);
  }
  console.log(`Ensemble of ${count} replicates, ${label}, ${pairs} alternating pairs (worker start-up included)`);
  row('1 worker, median', `${fmt(median(one))} ms`);
  row('2 workers, median', `${fmt(median(two))} ms`);
  row('speed-up of 2 workers over 1, median of pairs', `${fmt(median(ratios), 2)}x (pairs: ${ratios.map((r) => fmt(r, 2)).join(', ')})`);
}

async function main() {
  const { scenario } = loadScenario(join(ROOT, 'scenarios/baseline.yaml'));
  const base = resolveParams(scenario);
  const big = resolveParams(scaleScenario(scenario, SCALE));
  console.log(`tipsim bench (Node ${process.version})\n`);
  rngBench();
  console.log();
  replicateBench(`baseline ${scenario.start} to ${scenario.end}`, base);
  console.log();
  replicateBench(`baseline with population at risk x${SCALE}`, big);
  console.log();
  peakMemory();
  console.log();
  await speedup(`baseline with population at risk x${SCALE}`, big, 2, 4);
  console.log();
  await speedup('baseline', base, 3, 16);
  console.log();
  await browserBench();
  console.log();
  await wholeProcesses();
  console.log();
  await calibrationThroughput();
}

/** Wall time of a whole `tipsim` process (median of `runs`), in seconds. */
function processSeconds(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const child = spawnSync(process.execPath, [join(ROOT, 'bin/tipsim.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
    times.push((performance.now() - t) / 1000);
    if (child.status !== 0) throw new Error(`tipsim ${args.join(' ')} failed: ${child.stderr}`);
  }
  return median(times);
}

async function wholeProcesses() {
  // @ts-expect-error: a JavaScript module of the launcher, without types.
  const { bundleIsFresh } = (await import('../../bin/fresh.mjs')) as { bundleIsFresh: (root: URL) => boolean };
  const fresh = bundleIsFresh(new URL('../../', import.meta.url));
  const out = mkdtempSync(join(tmpdir(), 'tipsim-bench-'));
  try {
    console.log(
      `Whole processes, median of 3 (${fresh ? 'the bundle in dist/' : 'the sources through tsx: run npm run build for the bundle'})`,
    );
    row('tipsim --version', `${fmt(processSeconds(['--version'], 3), 2)} s`);
    const base = ['run', 'scenarios/baseline.yaml', '--force', '--quiet'];
    row('tipsim run baseline --replicates 1', `${fmt(processSeconds([...base, '--replicates', '1', '--out', join(out, 'one')], 3), 2)} s`);
    const one = processSeconds([...base, '--replicates', '16', '--workers', '1', '--out', join(out, 'w1')], 3);
    const two = processSeconds([...base, '--replicates', '16', '--workers', '2', '--out', join(out, 'w2')], 3);
    row('16 replicates, 1 worker', `${fmt(one, 2)} s`);
    row('16 replicates, 2 workers', `${fmt(two, 2)} s  (${fmt(one / two, 2)}x)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Candidates from the priors on 2 workers, as the calibration's first ABC generation runs them. */
async function calibrationThroughput() {
  const { loadConfig, loadPriors, loadTargets, priorQuantile } = await import('../apps/calibration/setup.ts');
  const { simulator } = await import('../apps/calibration/simulate.ts');
  const config = loadConfig(join(ROOT, 'calibration/config.yaml'));
  const priors = loadPriors(config.priors);
  const targets = loadTargets(config.targets);
  const scenario = { ...loadScenario(config.models[0].scenario).scenario, end: config.end };
  const n = 80;
  // A fixed design across the priors: candidate i takes quantile ((i × (2j + 3)) mod n + 0.5) / n of prior j.
  const thetas = Array.from({ length: n }, (_, i) =>
    Float64Array.from(priors, (p, j) => priorQuantile(p, (((i * (2 * j + 3)) % n) + 0.5) / n)),
  );
  const seeds = thetas.map((_, i) => `bench-${i}`);
  const simulate = simulator({ scenario, priors, targets, workers: 2 });
  await simulate(thetas.slice(0, 4), seeds.slice(0, 4)); // workers started and warm
  const t = performance.now();
  await simulate(thetas, seeds);
  const s = (performance.now() - t) / 1000;
  console.log(`Calibration: ${n} candidates across the priors, run to ${config.end} on 2 workers (workers warm)`);
  row('simulations per second', `${fmt(n / s, 1)} (${fmt(s, 1)} s)`);
}

/** The seminar page's default run in chromium (first and warm), and the same in Node. */
async function browserBench() {
  const { seminarData } = await import('../apps/seminar/page.ts');
  const { seminarScenario } = await import('../apps/seminar/settings.ts');
  const { buildEngineBundle } = await import('../apps/seminar/bundle.ts');
  const data = seminarData();
  const scenario = seminarScenario(data, data.defaults);
  const params = resolveParams(scenario);
  runReplicate(params, 0);
  const nodeMs = timeIt(() => runReplicate(resolveParams(scenario), 0), 5);
  console.log(`Seminar run (${scenario.start} to ${scenario.end}, population x${data.scale}), one replicate`);
  row('Node, median of 5 after a first run', `${fmt(nodeMs)} ms`);
  const { existsSync } = await import('node:fs');
  if (!existsSync('/usr/bin/chromium')) {
    row('chromium', 'not installed (apt-get install chromium): browser figure skipped');
    return;
  }
  const { launchChromium } = await import('./chromium.ts');
  const bundle = await buildEngineBundle();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><meta charset="utf-8"><script>${bundle.code}</script>`);
    const json = JSON.stringify(scenario);
    const times: number[] = [];
    for (let i = 0; i < 6; i++)
      times.push(
        await page.evaluate(
          (text) => (globalThis as unknown as { tipsimRun: (s: unknown, r: number) => { ms: number } }).tipsimRun(JSON.parse(text), 0).ms,
          json,
        ),
      );
    row('chromium, first run in the page (cold JIT)', `${fmt(times[0])} ms`);
    row('chromium, median of the next 5 (warm)', `${fmt(median(times.slice(1)))} ms`);
  } finally {
    await browser.close();
  }
}

await main();
