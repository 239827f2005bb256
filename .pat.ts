import { loadScenario } from './engine/scenario/loader.ts';
import { resolveParams } from './engine/model/params.ts';
import { runReplicate } from './engine/model/step.ts';
import { yearlySeries } from './engine/core/outputs.ts';
import { reporterIndex } from './engine/model/metrics.ts';
import { COUNTRY_CODES, NC } from './engine/model/world.ts';
const file = process.argv[2] ?? './scenarios/baseline.yaml';
const reps = Number(process.argv[3] ?? 5);
const p = resolveParams(loadScenario(file).scenario);
const t0 = performance.now();
const ys = Array.from({ length: reps }, (_, r) => yearlySeries(runReplicate(p, r), p.clock));
console.log('ms/rep', ((performance.now() - t0) / reps).toFixed(0));
const show: [string, string][] = (process.argv[4] ?? 'victims_recruited:ALL,victims_exploited:ALL,victims_identified:ALL,victims_assisted:ALL,police_offences:RO,police_persons:RO,arrests:RO,networks_dismantled:RO,convictions:RO,convictions_over_1y:RO,officials_investigated:RO,officials_dismissed:RO,share_legal_travel:RO,share_legal_travel:MD,share_private_venue:ALL,share_soft_control:ALL,share_west:ALL,networks_active:ALL,trafficker_revenue:ALL,bribes_paid:ALL,officials_corrupt_share:ALL,visibility:ALL').split(',').map((x) => x.split(':') as [string, string]);
const years = Array.from({ length: p.clock.ticks / 12 }, (_, i) => p.clock.start.year + i);
console.log('metric'.padEnd(28), years.map((y) => String(y).padStart(7)).join(''));
for (const [m, c] of show) {
  const mi = reporterIndex.get(m)!;
  const ci = c === 'ALL' ? NC : (COUNTRY_CODES as readonly string[]).indexOf(c);
  const vals = years.map((_, y) => ys.reduce((a, s) => a + (Number.isNaN(s[mi][y * (NC + 1) + ci]) ? 0 : s[mi][y * (NC + 1) + ci]), 0) / reps);
  console.log(`${m}:${c}`.padEnd(28), vals.map((v) => (Math.abs(v) < 10 ? v.toFixed(2) : v > 1e5 ? (v / 1e6).toFixed(1) + 'M' : v.toFixed(0)).padStart(7)).join(''));
}
