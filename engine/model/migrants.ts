/**
 * Migrants: who leaves home, who is recruited, and safe migrants coming back.
 *
 * People at home are counts by country and stratum (strata.ts), moved with
 * binomial draws. Each month, in each origin:
 *  1. safe migrants come home with the country's safe-return probability;
 *  2. people look for work abroad with the emigration probability, scaled by the
 *     push of poverty, wages and unemployment relative to the reference month
 *     (report_from; params.ts), by low_wage_leave for the low wage band, and by
 *     success stories: × (1 + success_stories × the share of the country's people
 *     at risk abroad safely);
 *  3. of those leaving, some take a recruiter's offer: recruited_share × the reach
 *     of the home's recruiters (M / (M + recruit_half), M their members) × how
 *     hard they recruit (W / M, the members' mean effort), informed people less
 *     often (× aware_acceptance), people from families at risk more often
 *     (× family_risk_acceptance); the others migrate safely. W is the recruiting
 *     effort of the home's networks: their members, each network's weighted by
 *     the expected profit of a victim on its strategy (prospects.ts) to the power
 *     `profit_elasticity` (`effort`). Reach saturates with numbers, effort does
 *     not: recruitment answers to the market and to what corruption makes cheap
 *     even where recruiters are many;
 *  4. each recruited person becomes an agent in transit with a network drawn in
 *     proportion to its effort; the network's strategy sets the route, destination
 *     and transport (legal travel is on a visa where the victim's citizenship
 *     needs one for the destination, else visa-free, whichever the network chose:
 *     this matters when adaptation is off; a visa is bought from a corrupt
 *     consular official, found with the home's corruptibility, else the victim
 *     goes clandestinely), and the network pays the journey; a share of
 *     victims (forced_begging, twice as high for children) are exploited by
 *     forced begging, the others sexually (Vreja 2005).
 */
import type { State } from './state.ts';
import { BEGGING, CLANDESTINE, IN_TRANSIT, SEXUAL, SOFT, APARTMENT, VISA } from './codes.ts';
import { AWARE, CHILD, FAMILY_RISK, FEMALE, LOW_WAGE, STRATA } from './strata.ts';
import { isWest } from './world.ts';
import { journeyCost, journeyMode } from './params.ts';

export function migrate(s: State): void {
  const { params, rng, home, safeAbroad, networks, abroadShare } = s;
  const T = params.clock.ticks;
  const k = s.tick;
  const { emigration, success_stories, recruited_share, safe_return } = params.country;
  const { awareAcceptance, familyRiskAcceptance, lowWageLeave } = params.behaviour;
  const draw = rng.migration;
  const net = networks.cols;
  // Cumulative network weights for recruitment (members, by slot), for one origin at a time.
  const cumulative = networks.weights;
  const N = networks.count;
  const E = params.economics;
  const ref = E.revenue[k] * E.monthsExpected[k];
  const elasticity = params.networks.profitElasticity[k];
  for (const c of params.origins) {
    let atHome = 0,
      abroad = 0;
    for (let g = 0; g < STRATA; g++) {
      atHome += home[c * STRATA + g];
      abroad += safeAbroad[c * STRATA + g];
    }
    abroadShare[c] = atHome + abroad > 0 ? abroad / (atHome + abroad) : 0;
    // Recruiters' numbers set their reach; their effort (members × the expected
    // profit of a victim when recruitment answers to it, prospects.ts) sets how
    // hard they recruit and which network a recruit joins.
    let members = 0,
      weight = 0;
    for (let n = 0; n < N; n++) {
      if (net.alive[n] && net.home[n] === c) {
        members += net.members[n];
        weight += net.members[n] * effort(net.expected[n], ref, elasticity);
      }
      cumulative[n] = weight;
    }
    const reach = weight > 0 ? (members / (members + params.networks.recruitHalf[k])) * (weight / members) : 0;
    const leaveBase = emigration[c * T + k] * params.push[c * T + k] * (1 + success_stories[c * T + k] * abroadShare[c]);
    for (let g = 0; g < STRATA; g++) {
      const at = c * STRATA + g;
      // Safe migrants come home first (they left in earlier months).
      const back = draw.binomial(safeAbroad[at], safe_return[c * T + k]);
      safeAbroad[at] -= back;
      home[at] += back;

      const leave = Math.min(1, leaveBase * ((g & LOW_WAGE) !== 0 ? lowWageLeave[k] : 1));
      const leaving = draw.binomial(home[at], leave);
      if (leaving === 0) continue;
      const accept = Math.min(
        1,
        recruited_share[c * T + k] *
          reach *
          ((g & AWARE) !== 0 ? awareAcceptance[k] : 1) *
          ((g & FAMILY_RISK) !== 0 ? familyRiskAcceptance[k] : 1),
      );
      const recruited = reach > 0 ? draw.binomial(leaving, accept) : 0;
      home[at] -= leaving;
      safeAbroad[at] += leaving - recruited;
      for (let x = 0; x < recruited; x++) {
        recruit(s, c, g, pickSlot(cumulative, N, draw.uniform() * weight));
      }
    }
  }
}

/**
 * A network's recruiting effort per member: (expected profit of a victim ÷ a
 * victim's revenue at demand 1 over the months expected) to the power
 * `elasticity`, at most 4 times the reference, nothing when a victim is expected to
 * lose money; 1 when the elasticity is 0.
 */
export function effort(expected: number, ref: number, elasticity: number): number {
  if (elasticity === 0) return 1;
  if (!(expected > 0)) return 0;
  return Math.pow(Math.min(4, expected / ref), elasticity);
}

/** The first slot whose cumulative weight exceeds x (binary search). */
function pickSlot(cumulative: Float64Array, count: number, x: number): number {
  let lo = 0,
    hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A new victim of network n from origin c and stratum g, with the network's strategy. */
function recruit(s: State, c: number, g: number, n: number): void {
  const { params, victims, tally, networks } = s;
  const k = s.tick;
  const net = networks.cols;
  const rt = params.routeTable;
  const r = net.route[n];
  const d = rt.dest[r];
  // A visa is bought from a corrupt consular official of the home country, found
  // with its corruptibility (prospects.ts); without one the victim goes clandestinely.
  let t = journeyMode(params, net.transport[n], k, c, d);
  if (t === VISA && !(s.rng.migration.uniform() < s.officials.level[c])) t = CLANDESTINE;
  const i = victims.add();
  const cols = victims.cols;
  cols.state[i] = IN_TRANSIT;
  cols.next[i] = IN_TRANSIT;
  cols.stratum[i] = g;
  cols.origin[i] = c;
  cols.loc[i] = c;
  cols.nextLoc[i] = c;
  cols.dest[i] = d;
  cols.route[i] = r;
  cols.hop[i] = 0;
  cols.net[i] = n;
  cols.transport[i] = t;
  cols.control[i] = net.control[n];
  const begging = Math.min(1, params.country.forced_begging[c * params.clock.ticks + k] * ((g & CHILD) !== 0 ? 2 : 1));
  cols.form[i] = begging > 0 && s.rng.migration.uniform() < begging ? BEGGING : SEXUAL;
  if (cols.form[i] === BEGGING) tally.recruitedBegging[c]++;
  net.income[n] -= journeyCost(params, t, rt.hops[r], k);
  tally.recruited[c]++;
  if ((g & FEMALE) !== 0) tally.recruitedFemale[c]++;
  if ((g & CHILD) !== 0) tally.recruitedChild[c]++;
  if ((g & AWARE) !== 0) tally.recruitedAware[c]++;
  if ((g & LOW_WAGE) !== 0) tally.recruitedLowWage[c]++;
  if ((g & FAMILY_RISK) !== 0) tally.recruitedFamilyRisk[c]++;
  if (t !== CLANDESTINE) tally.recruitedLegal[c]++;
  if (net.venue[n] === APARTMENT) tally.recruitedApartment[c]++;
  if (net.control[n] === SOFT) tally.recruitedSoft[c]++;
  if (isWest[d]) {
    tally.recruitedWest[c]++;
    if (t !== CLANDESTINE) tally.recruitedWestLegal[c]++;
  }
}
