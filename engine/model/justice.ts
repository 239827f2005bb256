/**
 * Justice: arrests, prosecutions, verdicts and prison (Vreja 2005: Romania's
 * anti-trafficking law of December 2001; 49 traffickers sentenced in 2003, none in
 * 2002: 27 to one to ten years, 22 to a year or less).
 *
 * An arrested member leaves the network (counted: arrests) and is prosecuted with
 * the country's `prosecution` probability (0 before a trafficking law); the others
 * go back to the pool. A verdict comes `court_delay` months later: conviction with
 * probability without + (with_testimony - without) × testimony, where victims
 * testify less under soft control and more with victim protection (victim_support
 * lever). Networks learn the conviction risk of each control style from verdicts:
 * when traffickers of a home are judged, every network of that home moves its
 * estimate for their control style towards the odds the verdicts show (the
 * prosecution rate × the share convicted), at the networks' learning rate. Verdicts
 * are public: the first sentences under a new law (Romania: none in 2002, 49 in
 * 2003, Vreja 2005) tell every network what coercion now risks. The convicted serve one to
 * ten years (`long_sentence_share`, uniform in months) or three months to a year,
 * then return to the pool; the acquitted return at once.
 */
import type { State } from './state.ts';
import { HORIZON } from './state.ts';
import { NC } from '../kernel/scenario/countries.ts';

/** Probability that a prosecution in c of a network under `control` ends in conviction. */
export function convictionProbability(s: State, c: number, control: number): number {
  const { params } = s;
  const Po = params.police;
  const T = params.clock.ticks;
  const testimony = Math.min(1, Po.testimony[control] * (1 + params.support[c * T + s.tick]));
  return Po.convictionWithout + (Po.convictionWith - Po.convictionWithout) * testimony;
}

/** Arrests `count` members of network n in country c. */
export function arrest(s: State, n: number, c: number, count: number): void {
  const { params, networks, tally, rng } = s;
  const col = networks.cols;
  const T = params.clock.ticks;
  const k = s.tick;
  const take = Math.min(count, col.members[n]);
  if (take <= 0) return;
  col.members[n] -= take;
  tally.arrests[c] += take;
  tally.policePersons[c] += take;
  const home = col.home[n];
  const prosecuted = rng.justice.binomial(take, params.country.prosecution[c * T + k]);
  s.pool[home] += take - prosecuted;
  const due = Math.min(k + params.police.courtDelay, T + HORIZON - 1);
  s.court[((due * NC + c) * NC + home) * 2 + col.control[n]] += prosecuted;
}

/** Verdicts due this month, and prisoners released. */
export function judge(s: State): void {
  const { params, tally, rng } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const draw = rng.justice;
  for (let c = 0; c < NC; c++) {
    const released = s.release[k * NC + c];
    if (released > 0) {
      s.prison[c] -= released;
      s.pool[c] += released;
      s.release[k * NC + c] = 0;
    }
  }
  // Verdicts in the country of arrest; the released go back to their home's pool.
  for (let c = 0; c < NC; c++)
    for (let home = 0; home < NC; home++)
      for (let control = 0; control < 2; control++) {
        const slot = ((k * NC + c) * NC + home) * 2 + control;
        const cases = s.court[slot];
        if (cases <= 0) continue;
        s.court[slot] = 0;
        const convicted = draw.binomial(cases, convictionProbability(s, c, control));
        s.pool[home] += cases - convicted;
        hearVerdicts(s, home, control, params.country.prosecution[c * T + k] * (convicted / cases));
        const long = draw.binomial(convicted, params.country.long_sentence_share[c * T + k]);
        tally.convictions[c] += convicted;
        tally.convictionsLong[c] += long;
        for (let j = 0; j < convicted; j++) {
          const months = j < long ? 12 + draw.int(109) : 3 + draw.int(10);
          const out = Math.min(k + months, T + HORIZON - 1);
          s.release[out * NC + home]++;
          s.prison[home]++;
        }
      }
}

/** Every live network of `home` moves its conviction risk under `control` towards the odds the verdicts show. */
function hearVerdicts(s: State, home: number, control: number, odds: number): void {
  const col = s.networks.cols;
  const learning = s.params.networks.learning[s.tick];
  const risk = control === 1 ? col.convRisk1 : col.convRisk0;
  for (let n = 0; n < s.networks.count; n++) if (col.alive[n] && col.home[n] === home) risk[n] += learning * (odds - risk[n]);
}
