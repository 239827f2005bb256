/**
 * Borders: each victim in transit tries the next border of its route once a month.
 * The crossing is checked by an official of one of the two countries (exit or
 * entry control, each with probability one half), drawn from that side's officials:
 *  - a corrupt official omits the search for a bribe, which the network pays;
 *  - otherwise the victim is intercepted with probability inspection × scrutiny of
 *    the transport (travellers with visas, and visa-free travellers even more, get
 *    less scrutiny) × police knowledge of the crossing (a crossing police have not
 *    seen traffic on is inspected at the `unknown_route` fraction; police.ts `learn`).
 * An intercepted victim is identified in the official's country, which records an
 * offence and a person. The network learns the border's inspection from the
 * outcome, allowing for its transport's scrutiny. A victim reaching the destination is exploited from next month.
 * Two-phase: reads `state`/`loc`, writes `next`/`nextLoc`.
 */
import type { State } from './state.ts';
import { EXPLOITED, IN_TRANSIT, LEAVES_IDENTIFIED } from './codes.ts';
import { MAX_HOPS } from './world.ts';

export function cross(s: State): void {
  const { params, rng, victims, networks, officials, tally, borderKnow, crossings } = s;
  const { state, next, nextLoc, dest, route, hop, net, transport } = victims.cols;
  const rt = params.routeTable;
  const T = params.clock.ticks;
  const k = s.tick;
  const K = params.officials.perBorder;
  const scrutiny = params.officials.scrutiny;
  const unknown = params.police.unknownRoute;
  const bribe = params.economics.bribe[k];
  const learning = params.networks.learning[k];
  const B = networks.borders;
  const risk = networks.borderRisk;
  const income = networks.cols.income;
  const draw = rng.borders;
  for (let i = 0; i < victims.count; i++) {
    if (state[i] !== IN_TRANSIT) continue;
    const r = route[i];
    const h = hop[i];
    const b = rt.borders[r * MAX_HOPS + h];
    const to = rt.countries[r * (MAX_HOPS + 1) + h + 1];
    const side = draw.uniform() < 0.5 ? 0 : 1;
    const official = (b * 2 + side) * K + draw.int(K);
    const n = net[i];
    crossings[b]++;
    let caught = false;
    if (officials.corrupt[official]) {
      income[n] -= bribe;
      tally.bribes[officials.country[official]] += bribe;
    } else {
      const p = params.interception[b * T + k] * scrutiny[transport[i]] * (unknown + (1 - unknown) * borderKnow[b]);
      caught = draw.uniform() < p;
    }
    // The network learns the border's inspection (as for a clandestine crossing): the
    // outcome is caught with probability risk × scrutiny, so this step has mean 0
    // when its estimate is right, whatever the transport (less is learnt under
    // lighter scrutiny).
    const x = n * B + b;
    risk[x] = Math.min(1, Math.max(0, risk[x] + learning * ((caught ? 1 : 0) - risk[x] * scrutiny[transport[i]])));
    if (caught) {
      const c = officials.country[official];
      next[i] = LEAVES_IDENTIFIED;
      nextLoc[i] = c;
      tally.policeOffences[c]++;
      tally.policePersons[c]++;
    } else {
      nextLoc[i] = to;
      next[i] = to === dest[i] ? EXPLOITED : IN_TRANSIT;
    }
  }
}
