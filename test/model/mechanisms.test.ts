/**
 * Mechanism tests on small hand-built scenarios: visas, adaptation,
 * raids and venues, corruption, soft control, awareness, demand, courts, levers.
 *
 * Each test compares runs that differ only in the mechanism's input, with margins
 * wide enough for the replicates used and narrow enough to fail if the mechanism
 * is removed. Each names the engine code it depends on (file, function and the
 * line as it read when the test was written); every dependency marked "checked"
 * was verified by disabling that code in a scratch copy of the engine and seeing
 * the test fail. Conservation of people and traffickers is in conservation.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../engine/model/params.ts';
import type { State } from '../../engine/model/state.ts';
import { countryIndex } from '../../engine/kernel/scenario/countries.ts';
import type { ScenarioInput } from '../../engine/kernel/scenario/schema.ts';
import { mean, metric, replicates, scenarioOf, sum, total, withPoliceLever } from './helpers.ts';

type Input = ScenarioInput;
type CountryInput = NonNullable<NonNullable<Input['countries']>['MD']>;

/** Share of a metric in victims_recruited, summed over ticks [from, to), in one replicate. */
const shareOf = (series: Parameters<typeof total>[0], name: string, country: string, T: number, from = 0, to = T) =>
  total(series, name, country, T, from, to) / total(series, 'victims_recruited', country, T, from, to);

describe('visa regimes', () => {
  /**
   * Four origins (RO, BG, MD, UA) whose victims go through HU and AT to Western
   * destinations (AT, IT, DE, all in the Schengen bloc). Journeys on a visa are
   * dear (3000) and no safer than clandestine ones (scrutiny 1), so while visas are
   * required networks mostly smuggle; visa-free journeys are cheap and scrutinised
   * at 0.1, so where visas are lifted networks adapt towards them.
   */
  const visaScenario = (lift: boolean): Input => {
    const ROBG = lift ? { schedule: { '1995': 1, '1997-01': 0 } } : 1;
    const origin = { population_at_risk: 4000, emigration: 0.02, recruited_share: 0.5 };
    const b = { interception: 0.3 };
    return {
      name: 'visa-lift',
      seed: 11,
      start: '1995-01',
      end: '1999-12',
      countries: {
        RO: origin,
        BG: origin,
        MD: origin,
        UA: origin,
        HU: {},
        CS: {},
        AT: { demand: 1 },
        IT: { demand: 1 },
        DE: { demand: 1 },
      },
      borders: { 'MD-RO': b, 'RO-HU': b, 'BG-CS': b, 'CS-HU': b, 'UA-HU': b, 'HU-AT': b, 'AT-IT': b, 'AT-DE': b },
      visas: { schengen: { members: ['AT', 'IT', 'DE'], required: { RO: ROBG, BG: ROBG, MD: 1, UA: 1 } } },
      networks: { initial: { RO: 12, BG: 12, MD: 12, UA: 12 }, members: 2, adaptation: 0.2 },
      officials: { scrutiny: { visa: 1 } },
      economics: { member_cost: 0, transport_cost: { visa: 3000 } },
    };
  };

  // Depends on: params.ts resolveParams, visa regimes (l. 265:
  // `if (req[k] >= 0.5) visaRequired[...] = 1`), checked; adaptation.ts choose
  // (`const v2 = params.visaRequired[visaRow + d] ? -Infinity : ...`: visa-free
  // journeys only where no visa is needed), checked; migrants.ts recruit
  // (`if (t === VISA_FREE && needsVisa) t = VISA`).
  it('the visa lift of 1997 raises the legal-travel share of RO and BG victims, not of MD and UA', () => {
    const reps = 4;
    const lift = replicates(visaScenario(true), reps);
    const kept = replicates(visaScenario(false), reps);
    const T = lift.ticks;
    const LIFT = 24; // 1997-01
    // Identical scenarios before the lift: identical runs.
    for (let r = 0; r < reps; r++)
      for (const name of ['victims_recruited', 'victims_legal_travel', 'victims_exploited'])
        expect(metric(lift.series[r], name, 'ALL', T).slice(0, LIFT)).toEqual(metric(kept.series[r], name, 'ALL', T).slice(0, LIFT));
    const after = (run: typeof lift, c: string) => mean(run.series.map((s) => shareOf(s, 'victims_legal_travel', c, T, LIFT)));
    for (const c of ['RO', 'BG']) {
      // Observed: about 0.7 after the lift against 0.1 to 0.25 with visas kept.
      expect(after(lift, c)).toBeGreaterThan(after(kept, c) + 0.3);
      // share_legal_travel is victims_legal_travel over victims_recruited, month by month.
      const s0 = lift.series[0];
      const share = metric(s0, 'share_legal_travel', c, T);
      const legal = metric(s0, 'victims_legal_travel', c, T);
      const recruited = metric(s0, 'victims_recruited', c, T);
      for (let k = 0; k < T; k++) if (recruited[k] > 0) expect(share[k]).toBeCloseTo(legal[k] / recruited[k], 12);
    }
    for (const c of ['MD', 'UA']) {
      // Observed difference within 0.04.
      expect(Math.abs(after(lift, c) - after(kept, c))).toBeLessThan(0.1);
      expect(after(lift, c)).toBeLessThan(0.3);
    }
  });
});

/**
 * One origin (MD) with 30 networks of two members, victims exploited in IT (via
 * RO), identification outside raids at 0.2 a month in bars (apartments are 0.2 as
 * visible), and `police` raids a month in IT. Raids identify victims but arrest
 * nobody, and there is no police in MD (no investigations) and no pool: the same
 * 30 networks stay in the trade throughout, so shares change only by adaptation.
 */
const raidScenario = (police: number, adaptation: 'off' | number, mix: Record<string, number> = {}): Input => ({
  name: 'raids',
  seed: 3,
  start: '1995-01',
  end: '1998-12',
  countries: {
    MD: { population_at_risk: 10_000, emigration: 0.02, recruited_share: 0.5 },
    RO: {},
    IT: { demand: 1, detection: 0.2, escape: 0.02, police_capacity: police },
  },
  borders: { 'MD-RO': { interception: 0.05 }, 'RO-IT': { interception: 0.05 } },
  networks: { initial: { MD: 30 }, members: 2, adaptation, initial_mix: mix, police_run_share: 0 },
  economics: { member_cost: 0 },
  police: { raid_arrest: 0 },
});

/** Strategy of each live network slot, to see whether any network ever changes it. */
function strategyTracker() {
  const seen = new Map<number, string>();
  let changes = 0;
  const each = (s: State) => {
    const c = s.networks.cols;
    for (let n = 0; n < s.networks.count; n++) {
      if (!c.alive[n]) {
        seen.delete(n);
        continue;
      }
      const key = `${c.route[n]}/${c.transport[n]}/${c.venue[n]}/${c.control[n]}`;
      if (seen.has(n) && seen.get(n) !== key) changes++;
      seen.set(n, key);
    }
  };
  return { each, changes: () => changes };
}

/** Shares of live networks by strategy (apartment, soft control, legal travel). */
function networkShares(s: State): { apartment: number; soft: number; legal: number } {
  const c = s.networks.cols;
  let live = 0,
    apartment = 0,
    soft = 0,
    legal = 0;
  for (let n = 0; n < s.networks.count; n++) {
    if (!c.alive[n]) continue;
    live++;
    apartment += c.venue[n];
    soft += c.control[n];
    legal += c.transport[n] > 0 ? 1 : 0;
  }
  return { apartment: apartment / live, soft: soft / live, legal: legal / live };
}

describe('adaptation', () => {
  const mix = { visa: 0.2, visa_free: 0.2, apartment: 0.3, soft_control: 0.3 };
  const reps = 4;
  const run = (adaptation: 'off' | number) => {
    const trackers = Array.from({ length: reps }, () => strategyTracker());
    const first: ReturnType<typeof networkShares>[] = [];
    const last: ReturnType<typeof networkShares>[] = [];
    const result = replicates(raidScenario(3, adaptation, mix), reps, (s, r) => {
      trackers[r].each(s);
      if (s.tick === 0) first[r] = networkShares(s);
      if (s.tick === s.params.clock.ticks - 1) last[r] = networkShares(s);
    });
    return { ...result, changes: trackers.map((t) => t.changes()), first, last };
  };

  // Depends on: params.ts (`adaptation: N.adaptation === 'off' ? new Float64Array(T)`,
  // l. 330, and adaptationOff), adaptation.ts adapt (`if (P.adaptationOff) return;`,
  // l. 30), networks.ts evolve (entrants never imitate when off, l. 264); checked by
  // making adapt() revise at 0.2 a month when adaptation is off.
  it("with adaptation 'off' no network ever changes its strategy, and shares stay at the initial mix", () => {
    const off = run('off');
    const T = off.ticks;
    expect(off.changes).toEqual([0, 0, 0, 0]);
    // No network leaves (raids arrest nobody) or enters (no pool): the shares of
    // networks at the end are those drawn from the mix at the start, ...
    expect(off.last).toEqual(off.first);
    // ... which are near the mix (30 draws each; observed means 0.38, 0.33, 0.39) ...
    expect(Math.abs(mean(off.first.map((x) => x.apartment)) - mix.apartment)).toBeLessThan(0.12);
    expect(Math.abs(mean(off.first.map((x) => x.soft)) - mix.soft_control)).toBeLessThan(0.12);
    expect(Math.abs(mean(off.first.map((x) => x.legal)) - (mix.visa + mix.visa_free))).toBeLessThan(0.12);
    // ... and new victims' shares over the run follow the networks' (observed within 0.015).
    off.series.forEach((s, r) => {
      expect(Math.abs(shareOf(s, 'victims_private_venue', 'MD', T) - off.first[r].apartment)).toBeLessThan(0.05);
      expect(Math.abs(shareOf(s, 'victims_soft_control', 'MD', T) - off.first[r].soft)).toBeLessThan(0.05);
      expect(Math.abs(shareOf(s, 'victims_legal_travel', 'MD', T) - off.first[r].legal)).toBeLessThan(0.05);
    });
  });

  // Depends on: adaptation.ts adapt (revisions: imitate copies the strategy of a
  // network that earns more; choose has the venue logit, l. 89) and police.ts
  // (networks learn raidRisk0/raidRisk1 from raids); checked by making adapt()
  // revise nothing. Removing only the venue logit does not make this test fail:
  // with apartments in the initial mix, imitation alone spreads them (the raids
  // test below, where every network starts in a bar, does fail then).
  it('with adaptation on, raids drive networks out of bars into apartments', () => {
    const on = run(0.2);
    const off = run('off');
    const T = on.ticks;
    expect(Math.min(...on.changes)).toBeGreaterThan(0);
    // Observed: 0.63 to 0.87 of networks in apartments at the end (0.38 with adaptation off).
    expect(mean(on.last.map((x) => x.apartment))).toBeGreaterThan(mean(off.last.map((x) => x.apartment)) + 0.2);
    // New victims in the last year: observed 0.73 against 0.38.
    const lastYear = (r: typeof on) => mean(r.series.map((s) => shareOf(s, 'victims_private_venue', 'MD', T, T - 12)));
    expect(lastYear(on)).toBeGreaterThan(lastYear(off) + 0.15);
  });
});

describe('raids and venues', () => {
  // Depends on: police.ts police (raid probability ∝ the venue's visibility,
  // apartments `aptVisible`), adaptation.ts choose (venue logit from learned raid
  // risks), exploitation.ts exploit (identification outside raids × aptVisible):
  // raids push networks into apartments, where identification outside raids is
  // rare, so the counted victims fall while the true trade does not. Checked by
  // removing the venue logit in choose (adaptation.ts l. 89: apartments stay
  // rare), and by making apartments as visible as bars in police.ts (l. 55) or in
  // exploitation.ts (l. 45).
  it('more raids move venues to apartments and cut victims_assisted by more than true victims', () => {
    const reps = 4;
    const runs = (police: number, adaptation: 'off' | number) => replicates(raidScenario(police, adaptation), reps);
    const low = runs(0, 0.2);
    const high = runs(3, 0.2);
    const T = low.ticks;
    const Y2 = T - 24;
    const avg = (r: typeof low, f: (s: (typeof low.series)[number]) => number) => mean(r.series.map(f));
    const apartments = (r: typeof low) => avg(r, (s) => shareOf(s, 'victims_private_venue', 'MD', T, T - 12));
    // Observed: 0.10 without raids, 0.77 with.
    expect(apartments(high)).toBeGreaterThan(apartments(low) + 0.4);
    const assisted = (r: typeof low) => avg(r, (s) => total(s, 'victims_assisted', 'ALL', T, Y2));
    const recruited = (r: typeof low) => avg(r, (s) => total(s, 'victims_recruited', 'ALL', T, Y2));
    const exploited = (r: typeof low) => avg(r, (s) => mean(metric(s, 'victims_exploited', 'ALL', T).slice(Y2)));
    const cutAssisted = assisted(high) / assisted(low); // observed 0.82
    const cutRecruited = recruited(high) / recruited(low); // observed 0.98
    const cutExploited = exploited(high) / exploited(low); // observed 1.34
    expect(cutAssisted).toBeLessThan(0.9);
    expect(cutRecruited).toBeGreaterThan(cutAssisted + 0.1);
    expect(cutExploited).toBeGreaterThan(cutAssisted + 0.1);
    // Without adaptation the same raids find more victims (observed ratio 1.06).
    const fixedLow = runs(0, 'off');
    const fixedHigh = runs(3, 'off');
    expect(assisted(fixedHigh) / assisted(fixedLow)).toBeGreaterThan(cutAssisted + 0.15);
  });
});

/** MD → RO → IT, inspection 0.3 at both borders, no police; corruption and anti-corruption as given everywhere. */
const corruptionScenario = (corruption: number, anti: number): Input => {
  const c = { corruption, anti_corruption: anti };
  return {
    name: 'corruption',
    seed: 9,
    start: '1995-01',
    end: '1996-12',
    countries: { MD: { population_at_risk: 5000, emigration: 0.02, recruited_share: 0.5, ...c }, RO: c, IT: { demand: 1, ...c } },
    borders: { 'MD-RO': { interception: 0.3 }, 'RO-IT': { interception: 0.3 } },
    networks: { initial: { MD: 10 }, adaptation: 'off' },
    economics: { member_cost: 0 },
  };
};

describe('corruption', () => {
  // Depends on: officials.ts corruptibility (`return q0 > 0 ? Math.min(1,
  // corruption × q(k) / q0) : 0`) and corrupt (`integrity[j] < level`), borders.ts
  // cross (`if (officials.corrupt[official])`: the search is omitted for a bribe);
  // checked by ignoring corrupt officials in cross (no bribes), and by letting
  // them take the bribe and search all the same (interceptions as without corruption).
  it('zero corruption: no bribes, no corrupt officials, and more interceptions than with high corruption', () => {
    const reps = 3;
    const clean = replicates(corruptionScenario(0, 0), reps);
    const corrupt = replicates(corruptionScenario(0.8, 0), reps);
    const T = clean.ticks;
    for (const s of clean.series) {
      expect(metric(s, 'bribes_paid', 'ALL', T).every((v) => v === 0)).toBe(true);
      expect(metric(s, 'officials_corrupt_share', 'ALL', T).every((v) => v === 0)).toBe(true);
    }
    for (const s of corrupt.series) {
      expect(total(s, 'bribes_paid', 'ALL', T)).toBeGreaterThan(0);
      expect(Math.min(...metric(s, 'officials_corrupt_share', 'ALL', T))).toBeGreaterThan(0);
    }
    // Every interception is a victim identified at a border and a recorded offence
    // (no police, no detection): observed about 320 against 90.
    const caught = (r: typeof clean, name: string) => mean(r.series.map((s) => total(s, name, 'ALL', T)));
    expect(caught(clean, 'victims_identified')).toBeGreaterThan(2 * caught(corrupt, 'victims_identified'));
    expect(caught(clean, 'police_offences')).toBeGreaterThan(2 * caught(corrupt, 'police_offences'));
  });

  // Depends on: officials.ts initOfficials (`total` counts the officials of the
  // scenario's countries only) and corrupt. Officials' integrity is uniform, so the
  // share corrupt is close to the corruption level when every country has it.
  it('officials_corrupt_share is the share of the scenario’s officials taking bribes (about the corruption level)', () => {
    const r = replicates(corruptionScenario(0.8, 0), 2);
    for (const s of r.series) {
      const share = mean(metric(s, 'officials_corrupt_share', 'ALL', r.ticks));
      expect(share).toBeGreaterThan(0.7);
      expect(share).toBeLessThan(0.9);
    }
  });

  // Depends on: borders.ts cross (the network's estimate moves by
  // learning × (caught − estimate × scrutiny), so it converges to the border's
  // inspection whatever the transport). With `caught − estimate` (no allowance for
  // scrutiny), visa-free networks would learn about a tenth of the inspection.
  it('networks learn a border’s inspection whatever their transport’s scrutiny', () => {
    const estimate = (visaFree: number) => {
      const estimates: number[] = [];
      replicates(
        {
          name: 'learning',
          seed: 4,
          start: '1995-01',
          end: '1998-12',
          countries: { RO: { population_at_risk: 20000, emigration: 0.02, recruited_share: 0.5 }, HU: { demand: 1 } },
          borders: { 'RO-HU': { interception: 0.3 } },
          networks: { initial: { RO: 6 }, adaptation: 'off', learning: 0.05, initial_mix: { visa_free: visaFree } },
          economics: { member_cost: 0 },
          officials: { scrutiny: { visa_free: 0.2 } },
        },
        1,
        (s: State) => {
          if (s.tick !== s.params.clock.ticks - 1) return;
          const { alive } = s.networks.cols;
          for (let n = 0; n < s.networks.count; n++) if (alive[n]) estimates.push(s.networks.borderRisk[n * s.networks.borders]);
        },
      );
      return mean(estimates);
    };
    const clandestine = estimate(0);
    const legal = estimate(1);
    expect(clandestine).toBeGreaterThan(0.2);
    expect(clandestine).toBeLessThan(0.4);
    expect(legal).toBeGreaterThan(0.15);
    expect(legal).toBeLessThan(0.45);
  });

  // Depends on: corruption.ts investigate (`if (p <= 0) continue;` and the dismissal
  // draw); checked by investigating at a fixed rate regardless of anti_corruption.
  it('officials are investigated and dismissed only with anti_corruption > 0', () => {
    const T = 24;
    const none = replicates(corruptionScenario(0.8, 0), 2);
    for (const s of none.series)
      for (const name of ['officials_investigated', 'officials_dismissed'])
        expect(metric(s, name, 'ALL', T).every((v) => v === 0)).toBe(true);
    const some = replicates(corruptionScenario(0.8, 0.05), 2);
    for (const s of some.series) {
      expect(total(s, 'officials_investigated', 'ALL', T)).toBeGreaterThan(0);
      expect(total(s, 'officials_dismissed', 'ALL', T)).toBeGreaterThan(0);
      expect(total(s, 'officials_dismissed', 'ALL', T)).toBeLessThanOrEqual(total(s, 'officials_investigated', 'ALL', T));
    }
  });
});

/**
 * MD → RO → IT with police in MD (investigations and raids) and IT (raids), every
 * arrest prosecuted (or as `prosecution` says), verdicts `courtDelay` months later.
 */
const courtScenario = (
  over: { soft?: number; prosecution?: CountryInput['prosecution']; courtDelay?: number; end?: string } = {},
): Input => {
  const law = over.prosecution ?? 1;
  return {
    name: 'courts',
    seed: 5,
    start: '1995-01',
    end: over.end ?? '1997-12',
    countries: {
      MD: { population_at_risk: 5000, emigration: 0.02, recruited_share: 0.5, police_capacity: 6, prosecution: law },
      RO: {},
      IT: { demand: 1, police_capacity: 6, prosecution: law },
    },
    borders: { 'MD-RO': { interception: 0.05 }, 'RO-IT': { interception: 0.05 } },
    networks: {
      initial: { MD: 20 },
      criminal_pool: { MD: 100 },
      members: 3,
      adaptation: 'off',
      initial_mix: { soft_control: over.soft ?? 0 },
      police_run_share: 0,
    },
    economics: { member_cost: 0 },
    police: { court_delay: over.courtDelay ?? 1 },
  };
};

describe('courts', () => {
  // Depends on: justice.ts convictionProbability (`Po.testimony[control]`: victims
  // under soft control testify at 0.15, under coercion at 0.5, so convictions come
  // at 0.19 and 0.40 of prosecutions); checked by using the coercion testimony for both.
  it('soft control lowers convictions per arrest', () => {
    const reps = 4;
    const perArrest = (soft: number) => {
      const r = replicates(courtScenario({ soft }), reps);
      return (
        sum(r.series.map((s) => total(s, 'convictions', 'ALL', r.ticks))) / sum(r.series.map((s) => total(s, 'arrests', 'ALL', r.ticks)))
      );
    };
    const coercion = perArrest(0); // observed 0.37
    const soft = perArrest(1); // observed 0.17
    expect(coercion).toBeGreaterThan(0.3);
    expect(coercion).toBeLessThan(0.45);
    expect(soft).toBeGreaterThan(0.1);
    expect(soft).toBeLessThan(0.25);
    expect(soft).toBeLessThan(coercion - 0.1);
  });

  // Depends on: justice.ts arrest (`binomial(take, prosecution)`, l. 42, and
  // `due = k + courtDelay`, l. 44) and judge; checked by prosecuting every arrest,
  // and by ignoring court_delay.
  it('no convictions before the law: none until court_delay after it, then some', () => {
    const r = replicates(courtScenario({ prosecution: { schedule: { '1995': 0, '1996-01': 1 } }, courtDelay: 12 }), 2);
    const T = r.ticks;
    const FIRST = 24; // 1996-01 + 12 months
    for (const s of r.series) {
      expect(total(s, 'arrests', 'ALL', T, 0, 12)).toBeGreaterThan(0); // arrests before the law
      expect(metric(s, 'convictions', 'ALL', T).slice(0, FIRST)).toEqual(new Array(FIRST).fill(0));
      expect(total(s, 'convictions', 'ALL', T, FIRST)).toBeGreaterThan(0);
    }
  });

  // Depends on: justice.ts judge and hearVerdicts (every network of the home moves
  // its conviction risk for the judged control style towards the verdicts' odds) and
  // adaptation.ts choose (control logit: revenue less soft control's payments, less
  // the conviction risk × conviction_loss). Checked by removing the hearVerdicts call:
  // networks then keep their prior risk and stay coercive.
  it('the first verdicts under a new law move networks to soft control; without verdicts they stay coercive', () => {
    const run = (prosecution: CountryInput['prosecution']) => {
      const base = courtScenario({ prosecution, courtDelay: 12, end: '1999-12' });
      const r = replicates(
        {
          ...base,
          networks: { ...base.networks, adaptation: 0.3, choice_sharpness: 20 },
          economics: { ...base.economics, conviction_loss: 100000 },
        },
        3,
      );
      const T = r.ticks;
      // Share of new victims under soft control before the first verdicts (1995-1996) and after (1998-1999).
      return {
        before: mean(r.series.map((s) => shareOf(s, 'victims_soft_control', 'MD', T, 0, 24))),
        after: mean(r.series.map((s) => shareOf(s, 'victims_soft_control', 'MD', T, 36, 60))),
        verdicts: mean(r.series.map((s) => total(s, 'convictions', 'ALL', T, 0, 24))),
      };
    };
    const law = run({ schedule: { '1995': 0, '1996-01': 1 } });
    const none = run(0);
    expect(law.verdicts).toBe(0); // none before 1997-01
    expect(law.after).toBeGreaterThan(law.before + 0.25);
    expect(law.after).toBeGreaterThan(none.after + 0.25);
  });

  // Depends on: justice.ts judge (`long = binomial(convicted, long_sentence_share)`).
  it('convictions over a year never exceed convictions, in any month or country', () => {
    const r = replicates(courtScenario(), 2);
    const T = r.ticks;
    let long = 0,
      short = 0;
    for (const s of r.series)
      for (const c of ['MD', 'IT', 'ALL']) {
        const all = metric(s, 'convictions', c, T);
        const over1y = metric(s, 'convictions_over_1y', c, T);
        for (let k = 0; k < T; k++) expect(over1y[k]).toBeLessThanOrEqual(all[k]);
        if (c === 'ALL') {
          long += sum(over1y);
          short += sum(all) - sum(over1y);
        }
      }
    // Both kinds of sentence happen (long_sentence_share 0.5).
    expect(long).toBeGreaterThan(0);
    expect(short).toBeGreaterThan(0);
  });
});

/**
 * One origin (MD, 5000 people) and IT across one border, three networks with full
 * reach (recruit_half 0), informed people accepting offers at 0.2 the rate.
 */
const awarenessScenario = (lever: number): Input => ({
  name: 'awareness',
  seed: 21,
  start: '1995-01',
  end: '1996-12',
  countries: { MD: { population_at_risk: 5000, emigration: 0.02, recruited_share: 0.5, safe_return: 0 }, IT: { demand: 1 } },
  borders: { 'IT-MD': { interception: 0 } },
  networks: { initial: { MD: 3 }, recruit_half: 0, adaptation: 'off' },
  economics: { member_cost: 0 },
  behaviour: { aware_acceptance: 0.2 },
  levers: lever > 0 ? { awareness: { level: lever } } : {},
});

describe('awareness lever', () => {
  // Depends on: awareness.ts inform (`reach = campaign + general lever`, l. 27)
  // moves people into the informed strata; migrants.ts migrate (× aware_acceptance
  // for informed people); checked by ignoring the lever in inform.
  it('an awareness campaign reaching 20% of the uninformed a month lowers recruitment', () => {
    const reps = 2;
    const without = replicates(awarenessScenario(0), reps);
    const campaign = replicates(awarenessScenario(0.2), reps);
    const T = without.ticks;
    const secondYear = (r: typeof without) => mean(r.series.map((s) => total(s, 'victims_recruited', 'MD', T, 12)));
    // By the second year nearly everyone is informed: recruitment near 0.2 of the uninformed rate.
    expect(secondYear(campaign)).toBeLessThan(0.5 * secondYear(without));
    expect(secondYear(without)).toBeGreaterThan(100);
    // The lever costs money in the victims prong only, and none without it.
    for (const s of campaign.series) expect(total(s, 'cost_victims', 'ALL', T)).toBeGreaterThan(0);
    for (const s of without.series) expect(total(s, 'cost_victims', 'ALL', T)).toBe(0);
  });
});

/**
 * MD → RO → IT; networks of four that cannot grow (max_members 4), a pool of 200
 * would-be traffickers (50 founding groups) and entry at 0.02 a month per group at
 * break-even, more when networks earn more per member than a member costs (300).
 */
const demandScenario = (punishment: number): Input => ({
  name: 'demand',
  seed: 13,
  start: '1995-01',
  end: '1997-12',
  countries: {
    MD: { population_at_risk: 5000, emigration: 0.02, recruited_share: 0.5 },
    RO: {},
    IT: { demand: 1, detection: 0.02, escape: 0.02 },
  },
  borders: { 'MD-RO': { interception: 0.05 }, 'RO-IT': { interception: 0.05 } },
  networks: { initial: { MD: 3 }, criminal_pool: { MD: 200 }, entry: 0.02, max_members: 4, adaptation: 'off' },
  levers: punishment > 0 ? { buyer_punishment: { level: punishment } } : {},
});

describe('demand', () => {
  // Depends on: demand.ts effectiveDemand (`out[i] *= (1 - deterred) × ...`, l. 35)
  // and market (price ∝ demand), exploitation.ts (revenue at the price), networks.ts
  // evolve (entry rate ∝ profit per member / member cost, l. 262); checked by
  // ignoring the lever in effectiveDemand.
  it('punishing buyers lowers trafficker revenue and entry of new networks', () => {
    const reps = 3;
    const count = () => {
      const founded = new Array<number>(reps).fill(0);
      const alive = new Map<string, boolean>();
      return {
        founded,
        each: (s: State, r: number) => {
          const c = s.networks.cols;
          for (let n = 0; n < s.networks.count; n++) {
            const key = `${r}/${n}`;
            if (c.alive[n] && !alive.get(key)) founded[r]++;
            alive.set(key, c.alive[n] === 1);
          }
        },
      };
    };
    const a = count();
    const b = count();
    const free = replicates(demandScenario(0), reps, a.each);
    const punished = replicates(demandScenario(0.8), reps, b.each);
    const T = free.ticks;
    const revenue = (r: typeof free) => mean(r.series.map((s) => total(s, 'trafficker_revenue', 'ALL', T)));
    const active = (r: typeof free) => mean(r.series.map((s) => metric(s, 'networks_active', 'MD', T)[T - 1]));
    // Observed: revenue 0.13 of the unpunished; 26 networks against 50; founded likewise.
    expect(revenue(punished)).toBeLessThan(0.5 * revenue(free));
    expect(active(punished)).toBeLessThan(0.75 * active(free));
    expect(mean(b.founded)).toBeLessThan(0.75 * mean(a.founded));
    // The lever's cost: level × unit cost (300,000) × months × destinations (IT).
    for (const s of punished.series) expect(total(s, 'cost_demand', 'ALL', T)).toBeCloseTo(0.8 * 300_000 * T * 1, 3);
  });
});

describe('lever costs', () => {
  const leverScenario = withPoliceLever;

  // Depends on: levers.ts spend (`case 'police': units = level`, `out[prong] +=
  // units * cost` over the countries present), params.ts (the lever's level in the
  // countries it applies to, default all present); checked by costing the police
  // lever per border.
  it('cost_supply is the police level × unit cost × months × countries, exactly', () => {
    const all = replicates(leverScenario({ level: 2 }), 1);
    const T = all.ticks;
    expect(metric(all.series[0], 'cost_supply', 'ALL', T)).toEqual(new Array(T).fill(2 * 5000 * 3));
    expect(total(all.series[0], 'cost_supply', 'ALL', T)).toBe(2 * 5000 * T * 3);
    for (const name of ['cost_victims', 'cost_demand']) expect(total(all.series[0], name, 'ALL', T)).toBe(0);
    // One country, its own unit cost, a schedule that ends after a year.
    const one = replicates(leverScenario({ level: { schedule: { '1995': 3, '1996-01': 0 } }, countries: ['IT'], unit_cost: 7000 }), 1);
    expect(metric(one.series[0], 'cost_supply', 'ALL', T)).toEqual([...new Array(12).fill(3 * 7000), ...new Array(12).fill(0)]);
    // The lever adds its level to the police capacity where it applies.
    const params = resolveParams(scenarioOf(leverScenario({ level: 2, countries: ['IT'] })));
    const it = countryIndex('IT'),
      md = countryIndex('MD');
    expect(params.country.police_capacity[it * T]).toBe(2);
    expect(params.country.police_capacity[md * T]).toBe(0);
  });

  // Depends on: levers.ts spend (border_inspection: each border once, at the higher
  // of its two countries' levels) and params.ts (inspection × (1 + that level)).
  it('border inspection is costed once per border, at the level applied there', () => {
    const input: Input = {
      ...leverScenario({ level: 0 }),
      levers: { border_inspection: { level: 0.5, countries: ['MD', 'RO'], unit_cost: 1000 } } as Input['levers'],
    };
    const r = replicates(input, 1);
    // Two borders (MD-RO, RO-IT), each at level 0.5: 2 × 0.5 × 1000 a month.
    expect(metric(r.series[0], 'cost_supply', 'ALL', r.ticks)).toEqual(new Array(r.ticks).fill(1000));
    const params = resolveParams(scenarioOf(input));
    expect(params.interception[0]).toBeCloseTo(0.15, 12);
    expect(params.interception[params.clock.ticks]).toBeCloseTo(0.15, 12);
  });
});

describe('police backgrounds and persons involved', () => {
  // Depends on: police.ts police (raids: raids × visibility / (V + venue_background);
  // investigations: investigations × seen / (S + investigation_background); a case
  // that arrests no one names one suspect, policePersons + 1).
  const offences = (input: Input, country: string, reps = 3) => {
    const r = replicates(input, reps);
    return mean(r.series.map((s) => total(s, 'police_offences', country, r.ticks)));
  };
  // No interceptions at the borders, so that every offence is a raid or an investigation.
  const open = { 'MD-RO': { interception: 0 }, 'RO-IT': { interception: 0 } };
  const withPolice = (mix: Record<string, number>, police: Record<string, number>): Input => {
    const base = raidScenario(4, 'off', mix);
    return { ...base, borders: open, police: { ...base.police, ...police } };
  };

  it('with no background, raids find apartments as often as bars; with a large one, a venue’s visibility decides', () => {
    const bars = { apartment: 0 },
      apartments = { apartment: 1 };
    const ratio = (bg: number) =>
      offences(withPolice(apartments, { venue_background: bg, apartment_visibility: 0.2 }), 'IT') /
      offences(withPolice(bars, { venue_background: bg, apartment_visibility: 0.2 }), 'IT');
    // Observed about 1 without a background (raids are only shared out), and near the apartments' 0.2 with one of 1,000.
    expect(ratio(0)).toBeGreaterThan(0.8);
    expect(ratio(1000)).toBeLessThan(0.45);
  });

  it('investigation_background dilutes investigations in an origin, venue_background does not', () => {
    const origin = (police: Record<string, number>): Input => {
      const base = raidScenario(0, 'off');
      return {
        ...base,
        borders: open,
        countries: { ...base.countries, MD: { ...base.countries!.MD, police_capacity: 3 } },
        police: { ...base.police, dismantle: 0, ...police },
      };
    };
    const plain = offences(origin({ investigation_background: 10, venue_background: 10 }), 'MD');
    const diluted = offences(origin({ investigation_background: 500, venue_background: 10 }), 'MD');
    const venues = offences(origin({ investigation_background: 10, venue_background: 500 }), 'MD');
    expect(diluted).toBeLessThan(plain * 0.5);
    expect(venues).toBe(plain); // no venues in the origin: the same draws, the same cases
  });

  it('a case that arrests no one still involves one person: with no arrests, every month with an offence has a person, and never more persons than offences', () => {
    // A case is one network led to, with a Poisson number (at least one) of offences,
    // and names one suspect: persons equal offences only in months where every case
    // drew a single offence, so the invariants are one way.
    const base = raidScenario(2, 0.2);
    const input: Input = {
      ...base,
      countries: { ...base.countries, MD: { ...base.countries!.MD, police_capacity: 3 } },
      police: { ...base.police, raid_arrest: 0, arrest_share: 0, dismantle: 0.5 },
    };
    const r = replicates(input, 4);
    let fewer = 0;
    for (const s of r.series) {
      const persons = metric(s, 'police_persons', 'MD', r.ticks);
      const cases = metric(s, 'police_offences', 'MD', r.ticks);
      expect(sum(cases)).toBeGreaterThan(20);
      for (let t = 0; t < cases.length; t++) {
        expect(persons[t]).toBeLessThanOrEqual(cases[t]);
        if (cases[t] > 0) expect(persons[t]).toBeGreaterThanOrEqual(1);
        if (persons[t] < cases[t]) fewer++;
      }
      expect(total(s, 'arrests', 'ALL', r.ticks)).toBe(0);
    }
    // Some months had a case with more than one offence (the Poisson count is not always 1).
    expect(fewer).toBeGreaterThan(0);
  });
});
