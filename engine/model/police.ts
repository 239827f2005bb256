/**
 * Police (Vreja 2005: raids, identification of victims, arrests, investigations of
 * networks; some officers corrupt; Romania's police offences in 2003 were four
 * times 2001's, from which more police action is inferred).
 *
 * Each country has `police_capacity` operations a month (plus the police lever). In
 * an origin, `investigation_share` of them investigate networks based there; the
 * rest raid venues where victims are exploited in the country.
 *  - Raids target venues by visibility: a network's venue in the country is raided
 *    with probability min(1, raids × visibility / (Σ visibility + venue_background)),
 *    where bars and brothels have visibility 1 and private apartments
 *    `apartment_visibility` × (1 + police knowledge of apartments). A raid finds
 *    `raid_identify` of the victims there (exploitation.ts) and arrests a member
 *    with probability `raid_arrest`.
 *  - Investigations lead to each network based in the country a Poisson number of
 *    times, with mean investigations × visibility / (Σ visibility +
 *    investigation_background), each a recorded offence (a network commits many, so
 *    offences do not saturate at one a network a month when police action rises), where a
 *    network smuggling clandestinely has visibility 1, one moving victims on visas
 *    or visa-free less (`recruiter_visibility`), and soft control lowers it again
 *    (fewer victims complain); a found network is
 *    dismantled with probability `dismantle` (`arrest_share` of its members
 *    arrested, the rest back to the pool; its victims abroad pass to another
 *    network of its home, or go free if there is none), or else loses a member to
 *    arrest with probability `raid_arrest`.
 *  - Networks run by police are never touched; a corrupt officer (officials.ts)
 *    tips off the network, and the operation finds nothing.
 * Every raid carried out (tip-offs aside) and every operation that leads to a
 * network is a recorded offence. A network led to is one case that month: it is
 * dismantled or loses a member as above, once. Persons involved are the victims
 * identified, the traffickers arrested, and, for a case that arrests no one, the
 * one member it names as a suspect. Networks learn their raid
 * risk by venue from the outcome. `learn` then updates what police know of routes
 * and methods, at the intelligence-sharing rate.
 */
import type { State } from './state.ts';
import { APARTMENT, SOFT } from './codes.ts';
import { journeyMode } from './params.ts';
import { arrest } from './justice.ts';
import { NC } from '../kernel/scenario/countries.ts';

/** How visible private apartments in country c are to police (bars: 1), as police learn of them. */
export function apartmentVisibility(s: State, c: number): number {
  return Math.min(1, s.params.police.apartmentVisibility * (1 + s.apartmentKnow[c]));
}

export function police(s: State): void {
  const { params, networks, rng, tally, officials } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const Po = params.police;
  const col = networks.cols;
  const N = networks.count;
  const draw = rng.police;
  networks.raided.fill(0);
  // Per country this month: raids, investigations, apartments' visibility, and the
  // sums of visibility of venues (raids) and of networks based there (investigations).
  const w = s.policeWork;
  w.fill(0);
  const raids = w.subarray(0, NC),
    investigations = w.subarray(NC, 2 * NC),
    aptVisible = w.subarray(2 * NC, 3 * NC);
  const venues = w.subarray(3 * NC, 4 * NC),
    based = w.subarray(4 * NC, 5 * NC);
  for (const c of params.present) {
    const ops = params.country.police_capacity[c * T + k];
    investigations[c] = params.populationAtRisk[c] > 0 ? ops * Po.investigationShare : 0;
    raids[c] = ops - investigations[c];
    aptVisible[c] = apartmentVisibility(s, c);
  }
  // A network's visibility follows how its victims actually travel: legal travel is
  // visa-free where its route's destination needs no visa for its citizens.
  const rt = params.routeTable;
  const seen = (n: number) =>
    Po.recruiterVisibility[journeyMode(params, col.transport[n], k, col.home[n], rt.dest[col.route[n]])] *
    (col.control[n] === SOFT ? Po.softControlVisibility : 1);
  const occupied = networks.occupied;
  const pairs = networks.occupiedCount;
  for (let j = 0; j < pairs; j++) {
    const x = occupied[j];
    const n = (x / NC) | 0;
    const c = x - n * NC;
    venues[c] += col.venue[n] === APARTMENT ? aptVisible[c] : 1;
  }
  for (let n = 0; n < N; n++) if (col.alive[n]) based[col.home[n]] += seen(n);
  // Raids on venues: where networks exploit, network by network, country by country.
  for (let j = 0; j < pairs; j++) {
    const x = occupied[j];
    const n = (x / NC) | 0;
    const c = x - n * NC;
    if (raids[c] <= 0) continue;
    const p = Math.min(1, (raids[c] * (col.venue[n] === APARTMENT ? aptVisible[c] : 1)) / (venues[c] + Po.venueBackground));
    if (draw.uniform() >= p) continue;
    if (col.policeRun[n] || draw.uniform() < officials.policeCorrupt[c]) continue;
    networks.raided[x] = 1;
    tally.policeOffences[c]++;
    if (col.alive[n] && col.members[n] > 0 && draw.uniform() < Po.raidArrest) arrest(s, n, c, 1);
  }
  // Investigations of networks, by the police of their home.
  for (let n = 0; n < N; n++) {
    const c = col.home[n];
    if (!col.alive[n] || investigations[c] <= 0) continue;
    // Operations that lead to this network this month: each records an offence.
    const hits = draw.poisson((investigations[c] * seen(n)) / (based[c] + Po.investigationBackground));
    if (hits === 0) continue;
    if (col.policeRun[n] || draw.uniform() < officials.policeCorrupt[c]) continue;
    tally.policeOffences[c] += hits;
    // One case a month against the network: it names at least one member as a
    // suspect (a person involved), arrested or not.
    const before = tally.arrests[c];
    if (draw.uniform() < Po.dismantle) {
      const caught = draw.binomial(col.members[n], Po.arrestShare);
      if (caught > 0) arrest(s, n, c, caught);
      s.pool[c] += col.members[n];
      col.members[n] = 0;
      tally.dismantled[c]++;
      networks.end(n, networks.successorOf(n));
    } else if (col.members[n] > 0 && draw.uniform() < Po.raidArrest) arrest(s, n, c, 1);
    if (tally.arrests[c] === before) tally.policePersons[c]++;
  }
  // Networks with victims in exploitation learn their venue's raid risk, and the
  // raid risk in each country where they exploit.
  const learning = params.networks.learning[k];
  const riskAt = networks.raidRiskAt;
  // Pairs come in order of network, so a network's countries are consecutive.
  for (let j = 0; j < pairs; ) {
    const n = (occupied[j] / NC) | 0;
    let raided = 0;
    for (; j < pairs && ((occupied[j] / NC) | 0) === n; j++) {
      const x = occupied[j];
      raided |= networks.raided[x];
      if (col.alive[n]) riskAt[x] += learning * (networks.raided[x] - riskAt[x]);
    }
    if (!col.alive[n]) continue;
    if (col.venue[n] === APARTMENT) col.raidRisk1[n] += learning * (raided - col.raidRisk1[n]);
    else col.raidRisk0[n] += learning * (raided - col.raidRisk0[n]);
  }
}

/**
 * Police learn, at each country's intelligence-sharing rate, which crossings carry
 * traffic (knowledge moves towards crossings / (crossings + 2)) and how much of the
 * exploitation in the country is in apartments.
 */
export function learn(s: State): void {
  const { params, networks, borderKnow, apartmentKnow, crossings } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const rate = params.country.intelligence_sharing;
  for (let b = 0; b < params.borderCount; b++) {
    const a = params.borderEnds[2 * b],
      c = params.borderEnds[2 * b + 1];
    const r = (rate[a * T + k] + rate[c * T + k]) / 2;
    const seen = crossings[b] / (crossings[b] + 2);
    borderKnow[b] += r * (seen - borderKnow[b]);
    crossings[b] = 0;
  }
  const col = networks.cols;
  // Victims in exploitation by country, and those in apartments (police.ts scratch).
  const all = s.policeWork.subarray(0, NC).fill(0),
    apartments = s.policeWork.subarray(NC, 2 * NC).fill(0);
  for (let j = 0; j < networks.occupiedCount; j++) {
    const x = networks.occupied[j];
    const n = (x / NC) | 0;
    const c = x - n * NC;
    all[c] += networks.exploitedAt[x];
    if (col.venue[n] === APARTMENT) apartments[c] += networks.exploitedAt[x];
  }
  for (const c of params.present) {
    if (all[c] > 0) apartmentKnow[c] += rate[c * T + k] * (apartments[c] / all[c] - apartmentKnow[c]);
  }
}
