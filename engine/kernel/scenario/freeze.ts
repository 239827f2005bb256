/**
 * Frozen inputs: the scenario with every input held at its value at one date, for
 * runs that ask what the model does when nothing outside it changes (a steady-state
 * check, engine/apps/calibration/dynamics.ts).
 *
 * Every time value (a number, a schedule, an expression, with or without its
 * {value, source | assumption} wrapping; see core/timevalue.ts) becomes the number
 * the model would use at that date: it is resolved by resolveSeries on a one-month
 * clock (makeClock), the same code resolveParams uses, so a frozen value is exactly
 * the original one's value at that month. The wrapping is kept (its source or
 * assumption range still says where the number comes from), so the result is a
 * scenario the schema accepts. The scenario's dated events are removed and its end
 * is set; everything else (start, report_from, counts, lists) is kept as it is.
 *
 * Time values are recognised by their shape wherever they are, so parameters added
 * to the schema later are frozen too. The input is not changed.
 */
import { makeClock, parseDate } from '../clock.ts';
import { resolveSeries, type ExprValue, type ScheduleValue, type Sourced, type TimeValue } from '../timevalue.ts';
import type { Scenario } from './schema.ts';

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const only = (o: Plain, allowed: readonly string[]) => Object.keys(o).every((k) => allowed.includes(k));

function isScheduleValue(v: unknown): v is ScheduleValue {
  return (
    isPlain(v) &&
    isPlain(v.schedule) &&
    only(v, ['schedule', 'interpolate']) &&
    Object.values(v.schedule).every((x) => typeof x === 'number')
  );
}
function isExprValue(v: unknown): v is ExprValue {
  return isPlain(v) && typeof v.expr === 'string' && only(v, ['expr']);
}
function isTimeValue(v: unknown): v is TimeValue {
  return typeof v === 'number' || isScheduleValue(v) || isExprValue(v);
}
/** {value, source} or {value, assumption, note?} around a time value. */
function isWrapped(v: unknown): v is Plain & { value: TimeValue } {
  return (
    isPlain(v) &&
    'value' in v &&
    isTimeValue(v.value) &&
    ('source' in v || 'assumption' in v) &&
    only(v, ['value', 'source', 'assumption', 'note'])
  );
}

/** The value the model uses at `date`'s month (resolveSeries on a one-month clock). */
export function valueAt(v: Sourced, date: string): number {
  return resolveSeries(v, makeClock(date, date))[0];
}

function freezeNode(v: unknown, date: string): unknown {
  if (Array.isArray(v)) return v.map((x) => freezeNode(x, date));
  if (!isPlain(v)) return v;
  if (isScheduleValue(v) || isExprValue(v)) return valueAt(v, date);
  if (isWrapped(v)) return { ...v, value: valueAt(v.value, date) };
  const out: Plain = {};
  for (const [k, x] of Object.entries(v)) out[k] = freezeNode(x, date);
  return out;
}

/** Top-level fields that hold no time values (copied as they are). */
const NOT_INPUTS = new Set(['calibration']);

/**
 * The scenario with every time value held at its value at `date` (a month,
 * 'YYYY-MM'), no events, and `end` as given. Levers' levels and costs, visa
 * requirements and every rate are frozen alike.
 */
export function freezeInputs(scenario: Scenario, date: string, end: string): Scenario {
  if (!parseDate(date)) throw new Error(`freezeInputs: not a date: ${date}`);
  if (!parseDate(end)) throw new Error(`freezeInputs: not a date: ${end}`);
  const out: Plain = {};
  for (const [k, v] of Object.entries(scenario as unknown as Plain)) out[k] = NOT_INPUTS.has(k) ? structuredClone(v) : freezeNode(v, date);
  out.events = [];
  out.end = end;
  return out as unknown as Scenario;
}
