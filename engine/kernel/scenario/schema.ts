/**
 * The scenario schema: the one definition of a scenario file. Types come from it
 * through z.infer, defaults and ranges live in it, and `tipsim schema` turns it into
 * a JSON Schema for editors.
 *
 * `makeScenarioSchema(window)` takes the run's start and end so that an expression
 * is checked (finite, in range) at every month it will be used (unless
 * `evaluateExpressions` is false, when the loader found too many); the exported
 * `ScenarioSchema` uses a wide default window and serves types and the JSON Schema.
 */
import { z } from 'zod';
import { parseDate, decimalYear } from '../clock.ts';
import { EXPRESSION_MAX_LENGTH, compileExpression, scheduleProblems } from '../timevalue.ts';
import { COUNTRY_CODES, NC } from './countries.ts';
import { LEVER_NAMES } from './levers.ts';
import { msg } from '../messages.ts';

export interface Window {
  start: string;
  end: string;
}
const DEFAULT_WINDOW: Window = { start: '1990-01', end: '2030-12' };

const fmt = (n: number) => (n === Infinity ? '∞' : String(n));

/**
 * Upper bounds of counts, sizes and amounts. Each is far above any real scenario
 * (the bundled ones use a small fraction of it) and keeps a run within memory and
 * away from floating-point overflow: products of bounded inputs (revenue × demand ×
 * victims, costs × people) stay below about 1e25, far from the 1.8e308 of a double.
 */
export const LIMITS = {
  /** People at risk per country: Ukraine, the largest origin, had about 48 million people. */
  populationAtRisk: 100_000_000,
  /**
   * Networks per origin at the start. Every victim records its network's slot in
   * 16 bits (VICTIM_COLUMNS.net in model/state.ts), so a run holds at most
   * MAX_NETWORKS (65,535) slots (model/networks.ts; no network is founded beyond
   * them): 21 countries × 3,000 = 63,000 leaves room (the baseline has 120 in
   * Romania; the bench's twelvefold scale 1,440).
   */
  networksInitial: 3_000,
  /** Traffickers outside networks per origin (a count held as one number: no memory per person); the baseline has 2,500 in Romania. */
  criminalPool: 1_000_000,
  /** The master seed is only hashed (rng.ts), so every whole number JavaScript holds exactly is allowed. */
  seed: Number.MAX_SAFE_INTEGER,
  replicates: 100_000,
  /** Initial room for explicit agents: about 16 bytes each, so 160 MB at most. */
  agentsCapacity: 10_000_000,
  /** Years of the window: within 1900-2100, at most 100 years (1,201 months) long. */
  yearMin: 1900,
  yearMax: 2100,
  windowYears: 100,
  events: 1_000,
  /**
   * Characters of all a scenario's expressions together. Each is checked at every
   * month of the window (up to 1,201), at about 70 ms for one of 1,000 characters
   * over 100 years; 20,000 characters keep that check to a second or two.
   */
  expressionTotal: 20_000,
  scheduleEntries: 1_000,
  visaBlocs: 100,
  /** Text: a name, a description, a source or note, a path. */
  nameLength: 100,
  descriptionLength: 10_000,
  sourceLength: 2_000,
  pathLength: 1_000,
  /** Money (EUR): a cost, a bribe, a debt; 1e9 is a thousand million euros. */
  eur: 1e9,
  /** Monthly wage (EUR). */
  wage: 1e6,
  /** Revenue per victim-month (EUR). */
  revenue: 1e7,
  /** Demand weight of a destination (1 is a typical Western market). */
  demand: 1e6,
  /** Police operations per month, and a lever's level. */
  operations: 1e6,
  /** A lever's effect multiplier (1: as the lever's description says). */
  leverEffect: 10,
  /** Counts of other venues and leads, victims per unit of demand, network members at half reach. */
  background: 1e9,
  /** Rates and multipliers with no natural ceiling (entry, deterrence). */
  factor: 1e6,
} as const;

/**
 * A whole number in [min, max]. zod's own .int() stops the parse when it fails,
 * which would skip the file-level checks below; this refinement does not, so every
 * problem in a file is still reported at once. JSON Schema type: integer.
 */
export const whole = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.number().min(min).max(max).refine(Number.isInteger, { message: 'expected a whole number' }).meta({ type: 'integer' });

/** A whole number in [min, max], with its range stated in the description (and in the JSON Schema). */
const wholeIn = (min: number, max: number, description: string) =>
  whole(min, max).meta({ description: `${description} Range [${min}, ${max}].` });

/** A date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (a bare YAML year number is accepted), in the years 1900-2100. */
export const DateSchema = z
  .union([z.string(), z.number().meta({ type: 'integer', minimum: LIMITS.yearMin, maximum: LIMITS.yearMax })])
  .superRefine((v, ctx) => {
    const d = parseDate(v);
    if (!d) ctx.addIssue({ code: 'custom', message: 'expected a date as YYYY, YYYY-MM or YYYY-MM-DD' });
    else if (d.year < LIMITS.yearMin || d.year > LIMITS.yearMax)
      ctx.addIssue({ code: 'custom', message: msg.yearRange(LIMITS.yearMin, LIMITS.yearMax) });
  })
  .transform((v) => String(v))
  .meta({ description: `A date: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', in the years ${LIMITS.yearMin} to ${LIMITS.yearMax}.` });

/** A non-negative whole number of people (or other things), at most `max`. */
export const Count = (max: number, description: string) => wholeIn(0, max, description);

/** Text of at most `max` characters. */
const text = (max: number) => z.string().max(max);

/** A mapping with at most `limit` entries (the JSON Schema's maxProperties). */
const atMost = <T extends z.ZodType>(schema: T, limit: number, what: string) =>
  schema
    .refine((v) => v === null || typeof v !== 'object' || Object.keys(v).length <= limit, { message: msg.tooManyEntries(limit, what) })
    .meta({ maxProperties: limit });

/**
 * A value that may change over time, within [min, max]: a number; a schedule
 * `{schedule: {date: value, ...}, interpolate: step|linear}`; or an expression
 * `{expr: "..."}` of t (decimal year), year and month.
 *
 * Any of these may carry where it comes from: `{value: …, source: "…"}` for a
 * figure from the article or a cited source, or `{value: …, assumption: [low, high]}`
 * for an assumption, with the range the calibration may explore.
 */
function timeValueFactory(window: Window, evaluate: boolean) {
  const months: { t: number; year: number; month: number }[] = [];
  const s = parseDate(window.start)!;
  const e = parseDate(window.end)!;
  for (let i = 0; ; i++) {
    const m0 = s.month - 1 + i;
    const year = s.year + Math.floor(m0 / 12);
    const month = (m0 % 12) + 1;
    if (year > e.year || (year === e.year && month > e.month)) break;
    months.push({ t: year + (month - 1) / 12, year, month });
  }
  return (min: number, max: number, description: string) => {
    // No .max() for an open range: JSON Schema has no infinite maximum.
    const inRange = max === Infinity ? z.number().min(min) : z.number().min(min).max(max);
    const schedule = z
      .strictObject({
        schedule: atMost(z.record(z.string(), inRange), LIMITS.scheduleEntries, 'dates in a schedule').meta({
          description: `Values by date (at most ${LIMITS.scheduleEntries}).`,
        }),
        interpolate: z.enum(['step', 'linear']).default('step'),
      })
      .superRefine((v, ctx) => {
        if (Object.keys(v.schedule).length > LIMITS.scheduleEntries) return; // reported above; its dates are not checked one by one
        for (const message of scheduleProblems(v)) ctx.addIssue({ code: 'custom', message, path: ['schedule'] });
      });
    const expr = z
      .strictObject({
        expr: z
          .string()
          .min(1)
          .max(EXPRESSION_MAX_LENGTH)
          .meta({
            description: `A mathjs expression of t, year and month (at most ${EXPRESSION_MAX_LENGTH} characters; all of a scenario's expressions together at most ${LIMITS.expressionTotal}).`,
          }),
      })
      .superRefine((v, ctx) => {
        // Too long: reported by .max() above, and not compiled. Not evaluated when the
        // scenario's expressions are over their total (reported by the loader).
        if (!evaluate || typeof v.expr !== 'string' || v.expr.length > EXPRESSION_MAX_LENGTH) return;
        let compiled;
        try {
          compiled = compileExpression(v.expr);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message, path: ['expr'] });
          return;
        }
        for (const m of months) {
          let x: number;
          try {
            x = compiled.evaluate(m);
          } catch (err) {
            ctx.addIssue({
              code: 'custom',
              message: `at ${m.year}-${String(m.month).padStart(2, '0')}: ${(err as Error).message}`,
              path: ['expr'],
            });
            return;
          }
          if (!Number.isFinite(x) || x < min || x > max) {
            ctx.addIssue({
              code: 'custom',
              message: `expected values in [${fmt(min)}, ${fmt(max)}], found ${x} at ${m.year}-${String(m.month).padStart(2, '0')}`,
              path: ['expr'],
            });
            return;
          }
        }
      });
    const plain = z.union([inRange, schedule, expr]);
    const withSource = z.strictObject({
      value: plain,
      source: text(LIMITS.sourceLength)
        .min(1)
        .meta({ description: `Where the value comes from (the article, or a cited source); at most ${LIMITS.sourceLength} characters.` }),
    });
    const range = z
      .tuple([inRange, inRange])
      .refine(([lo, hi]) => lo <= hi, { message: 'expected [low, high] with low ≤ high' })
      .meta({ description: `The range an assumption may take, for calibration (within [${fmt(min)}, ${fmt(max)}]).` });
    const withAssumption = z.strictObject({
      value: plain,
      assumption: range,
      note: text(LIMITS.sourceLength)
        .optional()
        .meta({ description: `Why this value and range; at most ${LIMITS.sourceLength} characters.` }),
    });
    return z.union([plain, withSource, withAssumption]).meta({
      description: `${description} Range [${fmt(min)}, ${fmt(max)}]. May be written {value, source} or {value, assumption: [low, high]}.`,
    });
  };
}

export const CountryCode = z.enum(COUNTRY_CODES);
const BORDER_KEY = /^[A-Z]{2}-[A-Z]{2}$/;
/** A list of countries: each country at most once in spirit, so no longer than the model's list. */
const countryList = () => z.array(CountryCode).max(NC);

export function makeScenarioSchema(window: Window = DEFAULT_WINDOW, options: { evaluateExpressions?: boolean } = {}) {
  const timeValue = timeValueFactory(window, options.evaluateExpressions ?? true);

  const probability = (description: string) => timeValue(0, 1, description);
  const nonNegative = (max: number, description: string) => timeValue(0, max, description);

  const Country = z
    .strictObject({
      population_at_risk: Count(LIMITS.populationAtRisk, 'People at home in the population at risk (count).').default(0),
      female_share: probability('Share of women and girls in the population at risk (at the start).').default(0.5),
      child_share: probability('Share of children (under 18) in the population at risk (at the start).').default(0),
      aware_share: probability('Share of the population at risk informed about legal migration and the risks (at the start).').default(0),
      low_wage_share: probability('Share of the population at risk in the low wage band (no or very low income), at the start.').default(
        0.5,
      ),
      family_risk_share: probability(
        'Share of the population at risk from families with abuse, violence or alcoholism, or institutions (at the start).',
      ).default(0.1),
      poverty: probability(
        'Share of the population in poverty. The wish to leave follows its change from the reference month (report_from) (behaviour.poverty_elasticity).',
      ).default(0.3),
      wage: timeValue(
        1,
        LIMITS.wage,
        'Average monthly wage (EUR). Lower wages raise the wish to leave; officials’ pay follows it.',
      ).default(100),
      unemployment: probability(
        'Unemployment rate. The wish to leave follows its change from the reference month (report_from) (behaviour.unemployment_elasticity).',
      ).default(0.1),
      awareness_campaign: probability(
        'Monthly share of the uninformed population at risk that awareness campaigns reach (historical; levers add to it).',
      ).default(0),
      emigration: probability(
        'Monthly probability that a person at risk looks for work abroad, at the reference month’s poverty, wages and unemployment (report_from) and before success stories.',
      ).default(0),
      success_stories: timeValue(
        0,
        100,
        'How much success stories raise the wish to leave: the monthly probability is multiplied by 1 + this × the share of the country’s people at risk who are abroad safely.',
      ).default(0),
      forced_begging: probability(
        'Share of new victims from this origin exploited by forced begging rather than sexual exploitation (children twice as likely, capped at 1).',
      ).default(0),
      recruited_share: probability(
        'Share of those leaving who accept a recruiter’s offer when recruiters are plentiful (the rest migrate safely).',
      ).default(0.5),
      safe_return: probability('Monthly probability that a safe (not trafficked) migrant comes home.').default(0.04),
      demand: nonNegative(
        LIMITS.demand,
        'Demand for exploitation in this country (a destination weight; 1 is a typical Western market).',
      ).default(0),
      detection: probability(
        'Monthly probability that an exploited victim in a bar or brothel is identified outside raids (clients, health services, tips); apartments are less visible.',
      ).default(0),
      escape: probability(
        'Monthly probability that an exploited victim under coercion escapes unidentified (soft control keeps more victims: behaviour.soft_control_escape).',
      ).default(0.01),
      police_capacity: nonNegative(
        LIMITS.operations,
        'Police operations per month against trafficking: raids on venues and investigations of networks based here.',
      ).default(0),
      prosecution: probability(
        'Probability that an arrest leads to prosecution under the law in force (0 before a trafficking law).',
      ).default(0),
      long_sentence_share: probability('Share of convictions with a sentence of one to ten years (the rest a year or less).').default(0.5),
      corruption: probability(
        'Share of officials open to bribes, at the reference month’s pay and investigation risk (report_from).',
      ).default(0),
      anti_corruption: probability(
        'Monthly probability that an official is investigated for corruption (corrupt ones are the likelier target).',
      ).default(0),
      intelligence_sharing: probability(
        'Monthly rate at which police knowledge of routes and methods follows the traffic (intelligence sharing, joint operations); 0 keeps the start’s knowledge: every route known, apartments at their base visibility.',
      ).default(0),
      reporting: probability(
        'Share of the victims identified or assisted here that reach the regional database (1 for the countries of South Eastern Europe, 0 for a country that does not report to it).',
      ).default(1),
      return_assistance: probability(
        'Probability that a victim coming home is referred to assistance in the origin country (identified victims; escaped ones less often).',
      ).default(0.3),
    })
    .meta({ description: 'One country: its population at risk, economy, police and rates.' });

  const Border = z
    .strictObject({
      interception: probability(
        'Inspection intensity: probability that officials intercept a clandestine crossing, on a route they know.',
      ).default(0),
    })
    .meta({ description: 'A border crossing (land, sea or air link) between two countries, keyed "AA-BB".' });

  const VisaBloc = z
    .strictObject({
      members: countryList().min(1).meta({ description: 'Countries of the bloc (destinations that need the bloc’s visa).' }),
      required: z
        .partialRecord(
          CountryCode,
          probability('1 when citizens of this country need the bloc’s visa, 0 when they travel visa-free (a schedule gives the dates).'),
        )
        .default({})
        .meta({ description: 'Visa requirement by citizenship. Citizens not listed need no visa.' }),
    })
    .meta({ description: 'A visa regime: a bloc of destination countries and which citizens need its visa, by date.' });

  const Event = z
    .strictObject({
      kind: z.literal('eu_accession').meta({
        description:
          'EU accession: citizens of the acceding countries need no visa for any bloc, and their borders with EU members are inspected less.',
      }),
      date: DateSchema,
      countries: countryList().min(1),
      eu_members: countryList().default([]).meta({ description: 'EU members whose borders with the acceding countries become internal.' }),
      inspection_factor: z
        .number()
        .min(0)
        .max(1)
        .default(0.3)
        .meta({ description: 'Inspection at those borders after accession, relative to before.' }),
    })
    .meta({ description: 'A dated event.' });

  const Mix = z.strictObject({
    visa: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta({ description: 'Share of networks moving victims on visas (real or forged documents).' }),
    visa_free: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta({ description: 'Share choosing visa-free legal travel (where citizens need no visa; else they fall back to visas).' }),
    apartment: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta({ description: 'Share exploiting in private apartments (the rest in bars and brothels).' }),
    soft_control: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta({ description: 'Share controlling victims with small payments and housing (the rest by coercion).' }),
  });

  const Networks = z
    .strictObject({
      initial: z
        .partialRecord(CountryCode, Count(LIMITS.networksInitial, 'Networks recruiting in this origin at the start.'))
        .default({})
        .meta({ description: `Networks recruiting in each origin at the start (at most ${LIMITS.networksInitial} per origin).` }),
      members: wholeIn(1, 1000, 'Members of a new network.').default(4),
      max_members: wholeIn(1, 10000, 'Largest network.').default(40),
      criminal_pool: z
        .partialRecord(
          CountryCode,
          Count(LIMITS.criminalPool, 'People outside networks in this origin who could join or found one, at the start.'),
        )
        .default({})
        .meta({
          description: `People outside networks who could join or found one, per origin, at the start (at most ${LIMITS.criminalPool} per origin).`,
        }),
      initial_mix: Mix.prefault({}).meta({
        description: 'Strategy mix of networks in the first month (and of all entrants with adaptation off).',
      }),
      adaptation: z
        .union([z.literal('off'), probability('Monthly probability that a network revises its strategy.')])
        .default(0.1)
        .meta({
          description: 'Speed of adaptation: monthly probability of revising the strategy, or off (strategies stay at the initial mix).',
        }),
      imitation: probability(
        'Share of revisions that imitate a better-doing network of the same origin (the rest choose from own experience).',
      ).default(0.5),
      learning: probability('Weight of each new outcome in a network’s estimates of its risks.').default(0.1),
      choice_sharpness: timeValue(
        0,
        1000,
        'How sharply networks pick the option with the best expected profit (logit scale; 0 picks at random).',
      ).default(10),
      prior_interception: probability(
        'A network’s prior estimate of the interception risk at a border it has not used. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.03),
      prior_raid: probability(
        'Prior estimate of the monthly raid risk of a venue type or country the network has not used. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.02),
      prior_conviction: probability(
        'Prior estimate of the chance that an arrested member is convicted, under a control style no verdict on the network’s home has yet judged (updated by each verdict on the home’s traffickers). Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.005),
      entry: nonNegative(
        LIMITS.factor,
        'Monthly rate at which each founding group in the pool (pool ÷ members) starts a network when the profit per member of networks at home equals a member’s cost; proportional to that ratio, zero when networks lose money.',
      ).default(0.01),
      recruit_half: nonNegative(
        LIMITS.background,
        'Network members in an origin at which recruiters reach half of those leaving who would accept.',
      ).default(50),
      profit_elasticity: timeValue(
        0,
        5,
        'How recruitment answers to the expected profit of a victim: a network recruits in proportion to its members × (expected profit of a victim on its strategy ÷ a victim’s revenue at demand 1 over the months expected) to this power (at most 4 times the reference; nothing when a victim is expected to lose money). 0: recruitment does not answer to profit.',
      ).default(0),
      contacts_spread: timeValue(
        0,
        3,
        'Spread (standard deviation on the log scale) of each network’s contacts and diaspora links by destination: a network values a destination at its price × a factor drawn once, log-normal with mean 1. 0: every network values destinations alike. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0),
      switching_cost: timeValue(
        0,
        5,
        'Mean cost to a network of changing strategy, as a share of a victim’s value (each network’s own cost is drawn once, exponential with this mean): a network that revises keeps its strategy unless another is better by more. Also the margin by which another network must earn more before it is imitated. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0),
      police_run_share: probability(
        'Share of new networks run by police officers (protected from raids and investigations). Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.03),
    })
    .meta({ description: 'Trafficking networks: numbers, strategies and adaptation.' });

  const Economics = z
    .strictObject({
      revenue: timeValue(1, LIMITS.revenue, 'Revenue per victim-month in a market of demand 1 (EUR).').default(1000),
      market_size: nonNegative(
        LIMITS.background,
        'Victims per unit of demand at which a destination’s revenue per victim halves (buyers are finite); 0: no saturation.',
      ).default(0),
      months_expected: timeValue(1, 600, 'Months of exploitation a network expects per victim (used in its choices).').default(18),
      release: probability(
        'Monthly probability that a network lets a victim it exploits go (released, or sold on out of the region): she goes home as an escaped victim does. 0: exploitation ends only by identification, escape, or the network’s end.',
      ).default(0),
      transport_cost: z
        .strictObject({
          clandestine: nonNegative(LIMITS.eur, 'Cost per victim per border crossed clandestinely (EUR).').default(100),
          visa: nonNegative(
            LIMITS.eur,
            'Cost per victim of a journey on a visa (real or forged documents, consular bribes, tickets) (EUR).',
          ).default(1500),
          visa_free: nonNegative(
            LIMITS.eur,
            'Cost per victim of a visa-free legal journey (passport, insurance, cash to show, tickets) (EUR).',
          ).default(400),
        })
        .prefault({}),
      apartment_revenue: probability('Revenue in private apartments relative to bars and brothels.').default(0.8),
      begging_revenue: probability('Revenue of a victim forced to beg, relative to sexual exploitation.').default(0.3),
      soft_control_cost: probability('Share of revenue paid to victims under soft control (small payments, housing).').default(0.15),
      member_cost: nonNegative(LIMITS.eur, 'Cost per network member per month (EUR).').default(300),
      growth_cost: nonNegative(LIMITS.eur, 'Capital a network spends to take on one more member (EUR).').default(3000),
      exit_debt: nonNegative(LIMITS.eur, 'Debt at which a network gives up (EUR).').default(30000),
      bribe: nonNegative(LIMITS.eur, 'Bribe per victim to an official who omits a search (EUR).').default(100),
      conviction_loss: nonNegative(LIMITS.eur, 'What a member’s conviction costs a network, as networks reckon it (EUR).').default(30000),
    })
    .meta({ description: 'The trade’s money: revenue, costs, bribes.' });

  const Officials = z
    .strictObject({
      per_border: wholeIn(1, 1000, 'Border officials on each side of a crossing.').default(8),
      police_officers: wholeIn(1, 10000, 'Police officers per country on trafficking cases (corrupt ones tip off networks).').default(20),
      scrutiny: z
        .strictObject({
          visa: probability(
            'Inspection of a traveller with a visa, relative to a clandestine crossing. Read at the run’s first month (later values of a schedule are not used).',
          ).default(0.3),
          visa_free: probability(
            'Inspection of a visa-free traveller, relative to a clandestine crossing. Read at the run’s first month (later values of a schedule are not used).',
          ).default(0.1),
        })
        .prefault({}),
      deterrence: nonNegative(
        LIMITS.factor,
        'How much the monthly investigation probability deters corruption (corruptibility ÷ (1 + this × probability)). Read at the run’s first month (later values of a schedule are not used).',
      ).default(20),
      dismissal: probability(
        'Probability that an investigated corrupt official is dismissed. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.15),
      false_lead: probability(
        'Chance that an investigation targets an honest official, relative to a corrupt one. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.1),
    })
    .meta({ description: 'Border officials and police officers: inspection and corruption.' });

  const Police = z
    .strictObject({
      begging_visibility: timeValue(
        0,
        10,
        'How visible a victim forced to beg in the street is to identification outside raids, relative to one in a bar (raids target venues, not streets). Read at the run’s first month (later values of a schedule are not used).',
      ).default(2),
      apartment_visibility: probability(
        'How visible private apartments are to police, relative to bars and brothels. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.2),
      venue_background: nonNegative(
        LIMITS.background,
        'Other venues police check (a dilution of raids), per country: the larger it is against the venues where victims are, the more a venue’s own visibility, not the number of venues, decides whether it is raided. Read at the run’s first month (later values of a schedule are not used).',
      ).default(10),
      investigation_background: nonNegative(
        LIMITS.background,
        'Other leads investigators follow (a dilution of investigations of networks), per country. Read at the run’s first month (later values of a schedule are not used).',
      ).default(10),
      raid_identify: probability(
        'Share of a raided venue’s victims identified. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.8),
      soft_control_identify: probability(
        'Identification of a victim under soft control (in raids and outside them), relative to one under coercion: paid victims less often present as victims. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.5),
      raid_arrest: probability(
        'Probability that a raid arrests a member of the network. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.5),
      investigation_share: probability(
        'Share of police operations in an origin spent on investigating networks based there. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.5),
      dismantle: probability(
        'Probability that an investigation that finds a network dismantles it. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.5),
      arrest_share: probability(
        'Share of a dismantled network’s members arrested. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.3),
      testimony: z
        .strictObject({
          coercion: probability(
            'Probability that a victim under coercion testifies. Read at the run’s first month (later values of a schedule are not used).',
          ).default(0.5),
          soft_control: probability(
            'Probability that a victim under soft control testifies. Read at the run’s first month (later values of a schedule are not used).',
          ).default(0.15),
        })
        .prefault({}),
      conviction: z
        .strictObject({
          with_testimony: probability(
            'Conviction probability of a prosecution with victims’ testimony. Read at the run’s first month (later values of a schedule are not used).',
          ).default(0.7),
          without: probability(
            'Conviction probability without testimony. Read at the run’s first month (later values of a schedule are not used).',
          ).default(0.1),
        })
        .prefault({}),
      court_delay: wholeIn(0, 120, 'Months from arrest to verdict.').default(12),
      unknown_route: probability(
        'Inspection on a route police do not know yet, relative to one they know. Read at the run’s first month (later values of a schedule are not used).',
      ).default(0.3),
      recruiter_visibility: z
        .strictObject({
          visa: probability(
            'How visible to investigations a network moving victims on visas is, relative to clandestine smuggling. Read at the run’s first month (later values of a schedule are not used).',
          ).default(0.6),
          visa_free: probability(
            'How visible a network using visa-free legal travel is (recruiters look like travel agencies). Read at the run’s first month (later values of a schedule are not used).',
          ).default(0.4),
          soft_control: probability(
            'How visible a network using soft control is (fewer victims complain), relative to coercion. Read at the run’s first month (later values of a schedule are not used).',
          ).default(0.6),
        })
        .prefault({}),
    })
    .meta({ description: 'Police: raids, investigations, courts.' });

  const LeverSchema = z
    .strictObject({
      level: nonNegative(LIMITS.operations, 'Level of the lever over time (units in the lever’s description).'),
      countries: countryList()
        .optional()
        .meta({ description: `Countries where the lever applies (default: every country it can apply to); at most ${NC}.` }),
      unit_cost: timeValue(
        0,
        LIMITS.eur,
        'Cost per unit (EUR); default: the lever’s unit cost in data/levers.json (docs/LEVERS.md).',
      ).optional(),
      effect: timeValue(
        0,
        LIMITS.leverEffect,
        'Relative effect of one unit of the lever on the mechanism it moves (1: as the lever’s description says; 0.5: half as much per unit). The mechanisms use level × effect; the cost stays level × unit cost.',
      ).default(1),
    })
    .meta({
      description: 'A policy lever: a schedule of its level, where it applies, its cost per unit, and the relative effect of a unit.',
    });
  const Levers = z.partialRecord(z.enum(LEVER_NAMES), LeverSchema).default({}).meta({
    description:
      'Policy levers of the three prongs (victims, supply, demand); see the README for units, and docs/LEVERS.md for unit costs and effects with their evidence.',
  });

  return z
    .strictObject({
      $schema: text(LIMITS.pathLength)
        .optional()
        .meta({ description: `Path of the JSON Schema, for editors (at most ${LIMITS.pathLength} characters).` }),
      extends: text(LIMITS.pathLength)
        .optional()
        .meta({
          description: `A scenario file this one overrides (path relative to this file; at most ${LIMITS.pathLength} characters). It must be in this file's folder or below it, or a bundled scenario, unless the command is given --allow-outside-extends.`,
        }),
      name: text(LIMITS.nameLength)
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a name of letters, digits, "_", "." or "-"')
        .meta({ description: `Short name; the default output folder is out/<name>/. At most ${LIMITS.nameLength} characters.` }),
      description: text(LIMITS.descriptionLength)
        .default('')
        .meta({ description: `What the scenario is for (at most ${LIMITS.descriptionLength} characters).` }),
      calibration: z
        .strictObject({
          posterior: text(LIMITS.pathLength).meta({
            description: 'The posterior file whose values this scenario holds (as written when it was published).',
          }),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/, 'expected 64 hexadecimal digits')
            .meta({ description: 'SHA-256 of that posterior file’s text.' }),
          values: atMost(
            z.record(
              z
                .string()
                .regex(/^[a-z0-9_]+$/)
                .max(LIMITS.nameLength),
              z.number().min(-LIMITS.eur).max(LIMITS.eur),
            ),
            1000,
            'parameters',
          ).meta({
            description:
              'The value of each of the posterior’s parameters that this scenario holds (one particle of the posterior, its weighted medoid).',
          }),
        })
        .optional()
        .meta({
          description:
            'Written by tipsim calibrate --publish: the scenario holds one point of this posterior. A run with --posterior of the same file sets each replicate’s parameters in place of these values (a scale parameter is not applied twice); another posterior is refused.',
        }),
      seed: wholeIn(0, LIMITS.seed, 'Master seed of the seed tree (only hashed, so any whole number up to 2^53 - 1).').default(1),
      replicates: wholeIn(1, LIMITS.replicates, 'Replicates of an ensemble run.').default(10),
      start: DateSchema.meta({ description: 'First month simulated.' }),
      report_from: DateSchema.optional().meta({
        description:
          'First month reported in the outputs (default: start). The months before it are a spin-up: the trade builds up from start under the inputs of those years, and quantities relative to "the reference month" (the wish to leave, corruptibility) are relative to this month.',
      }),
      end: DateSchema.meta({ description: 'Last month simulated (inclusive).' }),
      countries: z
        .partialRecord(CountryCode, Country)
        .default({})
        .meta({ description: 'Countries by ISO 3166 alpha-2 code (CS Serbia and Montenegro, XK Kosovo).' }),
      borders: z
        .record(z.string().regex(BORDER_KEY, 'expected a border key "AA-BB" of two country codes'), Border)
        .default({})
        .meta({ description: 'Border crossings keyed "AA-BB" (ISO codes of the two neighbours).' }),
      visas: atMost(
        z.record(
          z
            .string()
            .max(LIMITS.nameLength)
            .regex(/^[a-z][a-z0-9_]*$/, 'expected a bloc name in lower case'),
          VisaBloc,
        ),
        LIMITS.visaBlocs,
        'visa blocs',
      )
        .default({})
        .meta({ description: `Visa regimes by destination bloc, e.g. schengen (at most ${LIMITS.visaBlocs}).` }),
      events: z
        .array(Event)
        .max(LIMITS.events)
        .default([])
        .meta({ description: `Dated events (EU accession); at most ${LIMITS.events}.` }),
      networks: Networks.prefault({}),
      economics: Economics.prefault({}),
      officials: Officials.prefault({}),
      police: Police.prefault({}),
      levers: Levers,
      behaviour: z
        .strictObject({
          aware_acceptance: probability(
            'Chance that an informed person accepts a recruiter’s offer, relative to an uninformed one (1: information has no effect).',
          ).default(1),
          family_risk_acceptance: timeValue(
            0,
            10,
            'Chance that a person from a family at risk accepts an offer, relative to others.',
          ).default(1.5),
          low_wage_leave: timeValue(0, 10, 'Wish to leave of the low wage band, relative to the higher band.').default(2),
          poverty_elasticity: timeValue(
            0,
            5,
            'Elasticity of the wish to leave to the poverty rate (relative to the reference month, report_from).',
          ).default(1),
          unemployment_elasticity: timeValue(
            0,
            5,
            'Elasticity of the wish to leave to unemployment (relative to the reference month, report_from).',
          ).default(0.5),
          wage_elasticity: timeValue(
            0,
            5,
            'Elasticity of the wish to leave to the inverse of wages (relative to the reference month, report_from).',
          ).default(0.3),
          soft_control_escape: probability('Escape of a victim under soft control, relative to one under coercion.').default(0.5),
        })
        .prefault({}),
      observation: z
        .strictObject({
          coverage: probability('Share of identified victims that assistance agencies count and report.').default(1),
          escaped_referral: probability(
            'Chance that an escaped victim coming home seeks assistance, relative to an identified one (coerced victims; soft control halves it).',
          ).default(0.3),
          table1_rows: z
            .partialRecord(CountryCode, z.enum(['identified', 'returned']))
            .default({})
            .meta({
              description:
                'The rows of the regional database’s table (Vreja 2005, Table 1) and what each counts: identified (victims identified, assisted or repatriated in that country, the destination and transit rows) or returned (victims assisted after their return, the origin rows). A country not listed is no part of the total (metric table1_victims).',
            }),
        })
        .prefault({}),
      agents: z
        .strictObject({
          capacity: wholeIn(1, LIMITS.agentsCapacity, 'Initial room for explicit agents; grows by doubling when needed.').default(50_000),
        })
        .prefault({}),
    })
    .superRefine(
      (s, ctx) => {
        // Runs even when other fields have problems (`when`), so every problem is
        // reported at once; the data may then be partly invalid.
        const start = typeof s.start === 'string' || typeof s.start === 'number' ? parseDate(s.start) : null;
        const end = typeof s.end === 'string' || typeof s.end === 'number' ? parseDate(s.end) : null;
        if (start && end && decimalYear(String(s.end)) < decimalYear(String(s.start)))
          ctx.addIssue({ code: 'custom', path: ['end'], message: `expected a date on or after start (${s.start}), found ${s.end}` });
        const from = typeof s.report_from === 'string' || typeof s.report_from === 'number' ? parseDate(s.report_from) : null;
        if (from && start && decimalYear(String(s.report_from)) < decimalYear(String(s.start)))
          ctx.addIssue({
            code: 'custom',
            path: ['report_from'],
            message: `expected a date on or after start (${s.start}), found ${s.report_from}`,
          });
        if (from && end && decimalYear(String(s.report_from)) > decimalYear(String(s.end)))
          ctx.addIssue({
            code: 'custom',
            path: ['report_from'],
            message: `expected a date on or before end (${s.end}), found ${s.report_from}`,
          });
        const inYears = (d: { year: number } | null) => d !== null && d.year >= LIMITS.yearMin && d.year <= LIMITS.yearMax;
        if (inYears(start) && inYears(end) && decimalYear(String(s.end)) - decimalYear(String(s.start)) > LIMITS.windowYears)
          ctx.addIssue({ code: 'custom', path: ['end'], message: msg.windowTooLong(String(s.start), LIMITS.windowYears) });
        const borders = s.borders && typeof s.borders === 'object' ? Object.keys(s.borders) : [];
        const listed = s.countries && typeof s.countries === 'object' ? Object.keys(s.countries) : [];
        const seen = new Map<string, string>();
        for (const key of borders) {
          if (!BORDER_KEY.test(key)) continue;
          const [a, b] = key.split('-');
          const pair = [a, b].sort().join('-');
          if (seen.has(pair))
            ctx.addIssue({
              code: 'custom',
              path: ['borders', key],
              message: `expected each border once, found ${key} and ${seen.get(pair)}`,
            });
          seen.set(pair, key);
          for (const c of new Set([a, b]))
            if ((COUNTRY_CODES as readonly string[]).includes(c) && !listed.includes(c))
              ctx.addIssue({
                code: 'custom',
                path: ['borders', key],
                message: `expected ${c} to be listed under countries (every country on a border needs its rates), found no countries.${c}`,
              });
          for (const c of new Set([a, b]))
            if (!(COUNTRY_CODES as readonly string[]).includes(c)) {
              const near = COUNTRY_CODES.filter((k) => k[0] === c[0] || k[1] === c[1]);
              ctx.addIssue({
                code: 'custom',
                path: ['borders', key],
                message: `expected a country code of the model (${near.length ? near.join(', ') + ', …' : COUNTRY_CODES.join(', ')}), found "${c}"`,
              });
            }
          if (a === b)
            ctx.addIssue({ code: 'custom', path: ['borders', key], message: `expected two different countries, found ${a} twice` });
        }
      },
      { when: () => true },
    )
    .meta({ title: 'tipsim scenario', description: 'A tipsim scenario file (YAML or JSON).' });
}

export const ScenarioSchema = makeScenarioSchema();
export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/**
 * The JSON Schema of a scenario file (what `tipsim schema` prints). Top-level
 * fields are not marked required: a file that `extends` another may take name,
 * start and end from it, and tipsim checks them after the merge.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any', reused: 'ref' }) as Record<string, unknown>;
  delete schema.required;
  return schema;
}
