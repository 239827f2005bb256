import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { scenarioJsonSchema } from '../../engine/kernel/scenario/schema.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { runReplicate } from '../../engine/model/step.ts';
import { peopleByOrigin } from '../../engine/model/state.ts';
import { REPORTERS } from '../../engine/model/metrics.ts';
import { drive, metric, sum } from '../model/helpers.ts';

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCENARIOS = join(ROOT, 'scenarios');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}
const files = yamlFiles(SCENARIOS).sort();

describe('bundled scenarios', () => {
  it('are found (the tiny, baseline, policy and counterfactual ones at least)', () => {
    const names = files.map((f) => relative(SCENARIOS, f));
    expect(names).toEqual(expect.arrayContaining(['tiny.yaml', 'baseline.yaml']));
    expect(names.some((n) => n.includes('/'))).toBe(true);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s validates and runs one replicate, conserving people', (_shown, file) => {
    const { scenario } = loadScenario(file);
    expect(scenario.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
    const params = resolveParams(scenario);
    const T = params.report.ticks;
    const r = runReplicate(params, 0);
    expect(r.series).toHaveLength(REPORTERS.length);
    const bad = r.series.flatMap((s) => Array.from(s).filter((v) => !(Number.isNaN(v) || (Number.isFinite(v) && v >= 0))));
    expect(bad).toEqual([]);
    expect(sum(metric(r.series, 'victims_recruited', 'ALL', T))).toBeGreaterThan(0);

    // Everyone is somewhere, every month (metrics) and by origin at the end (state).
    const total = sum(params.populationAtRisk);
    const home = metric(r.series, 'population_at_risk', 'ALL', T);
    const safe = metric(r.series, 'migrants_safe_abroad', 'ALL', T);
    const agents = metric(r.series, 'agents_active', 'ALL', T);
    for (let k = 0; k < T; k++) expect(home[k] + safe[k] + agents[k]).toBe(total);
    const { state, series } = drive(params, 0);
    expect(series.map(bytes)).toEqual(r.series.map(bytes));
    expect(Array.from(peopleByOrigin(state))).toEqual(Array.from(params.populationAtRisk));
  });
});

describe('docs/scenario.schema.json', () => {
  it('is the schema the code generates (regenerate with "tipsim schema --out docs/scenario.schema.json")', () => {
    const committed = readFileSync(join(ROOT, 'docs', 'scenario.schema.json'), 'utf8');
    expect(committed).toBe(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
  });

  it('describes the scenario fields, and forbids unknown ones', () => {
    const schema = scenarioJsonSchema() as { $schema?: string; properties: Record<string, unknown>; additionalProperties: unknown };
    expect(schema.$schema).toMatch(/json-schema\.org/);
    for (const key of ['name', 'start', 'end', 'seed', 'replicates', 'countries', 'borders', 'observation', 'agents', 'extends'])
      expect(Object.keys(schema.properties)).toContain(key);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('scenarios/baseline.yaml cites its values', () => {
  /** Every rate written in the file carries {value, source} or {value, assumption: [low, high]}. */
  it('every rate it writes carries a source or an assumption range', async () => {
    const { parse } = await import('yaml');
    const raw = parse(readFileSync(join(ROOT, 'scenarios', 'baseline.yaml'), 'utf8')) as {
      countries: Record<string, Record<string, unknown>>;
      borders: Record<string, Record<string, unknown>>;
      observation: Record<string, unknown>;
      networks: unknown;
      economics: unknown;
      police: unknown;
      behaviour: unknown;
      visas: Record<string, { required: unknown }>;
    };
    const uncited: string[] = [];
    const check = (path: string, v: unknown) => {
      const cited =
        typeof v === 'object' &&
        v !== null &&
        'value' in v &&
        (typeof (v as { source?: unknown }).source === 'string' || Array.isArray((v as { assumption?: unknown }).assumption));
      if (!cited) uncited.push(path);
    };
    let checked = 0;
    for (const [c, fields] of Object.entries(raw.countries))
      for (const [k, v] of Object.entries(fields)) {
        if (k === 'population_at_risk') continue; // a count: marked ASSUMPTION in a comment
        check(`countries.${c}.${k}`, v);
        checked++;
      }
    for (const [b, fields] of Object.entries(raw.borders))
      for (const [k, v] of Object.entries(fields)) {
        check(`borders.${b}.${k}`, v);
        checked++;
      }
    for (const [k, v] of Object.entries(raw.observation)) {
      if (k === 'table1_rows') continue; // which countries are rows of Table 1: categories, cited in a comment, not rates
      check(`observation.${k}`, v);
      checked++;
    }
    // Time values in the other sections; counts and whole numbers (networks, pools,
    // members, court delay) and the initial strategy mix are marked in comments.
    const counts = new Set([
      'networks.initial',
      'networks.criminal_pool',
      'networks.members',
      'networks.max_members',
      'networks.initial_mix',
      'police.court_delay',
    ]);
    const walk = (path: string, v: unknown) => {
      if (counts.has(path)) return;
      if (typeof v === 'object' && v !== null && !('value' in v) && !Array.isArray(v)) {
        for (const [k, w] of Object.entries(v)) walk(`${path}.${k}`, w);
        return;
      }
      check(path, v);
      checked++;
    };
    for (const section of ['networks', 'economics', 'police', 'behaviour'] as const) walk(section, raw[section]);
    for (const [bloc, spec] of Object.entries(raw.visas)) walk(`visas.${bloc}.required`, spec.required);
    expect(checked).toBeGreaterThan(150);
    expect(uncited).toEqual([]);
  });
});
