import { loadScenario } from './engine/scenario/loader.ts';
import { resolveParams } from './engine/model/params.ts';
import { runEnsemble } from './engine/core/ensemble.ts';
const { scenario } = loadScenario('scenarios/baseline.yaml');
const countries = Object.fromEntries(Object.entries(scenario.countries).map(([c, v]) => [c, { ...v!, population_at_risk: v!.population_at_risk * 12 }]));
const p = resolveParams({ ...scenario, countries, agents: { capacity: 600000 } });
const replicates = Array.from({ length: 16 }, (_, i) => i);
for (let i = 0; i < 3; i++) {
  let t = performance.now(); await runEnsemble({ params: p, replicates, workers: 1 }); const a = performance.now() - t;
  t = performance.now(); await runEnsemble({ params: p, replicates, workers: 2 }); const b = performance.now() - t;
  console.log(Math.round(a), Math.round(b), (a / b).toFixed(2));
}
