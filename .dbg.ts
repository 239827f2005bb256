import { loadScenario } from './engine/scenario/loader.ts';
import { resolveParams } from './engine/model/params.ts';
import { SeedTree } from './engine/core/rng.ts';
import { initState } from './engine/model/state.ts';
import { step } from './engine/model/step.ts';
const p = resolveParams(loadScenario(process.argv[2] ?? 'scenarios/baseline.yaml').scenario);
const s = initState(p, new SeedTree(p.seed, 0));
for (s.tick = 0; s.tick < p.clock.ticks; s.tick++) {
  step(s);
  if (s.tick % 12 === 11) {
    const c = 1; // RO
    let nets = 0, mem = 0, cap = 0, prof = 0;
    const col = s.networks.cols;
    for (let n = 0; n < s.networks.count; n++) if (col.alive[n] && col.home[n] === c) { nets++; mem += col.members[n]; cap += col.capital[n]; prof += col.profit[n]; }
    console.log(p.clock.year[s.tick], 'RO nets', nets, 'members', mem, 'pool', s.pool[c], 'prison', s.prison[c], 'capital/net', (cap / nets).toFixed(0), 'profit/member', (prof / nets).toFixed(0));
  }
}
