/**
 * Time-varying values: a constant, a schedule by date (step or linear between
 * points), or a mathjs expression of the date, evaluated in a restricted scope.
 *
 * Every time value is turned into one number per monthly tick before the run
 * starts (`resolveSeries`), so the step loop reads a Float64Array and never
 * evaluates an expression. mathjs's number-only build is enough here; it is loaded
 * on the first expression (see mathlib.ts).
 */
import type { MathNode, EvalFunction } from 'mathjs';
import { mathjs } from './mathlib.ts';
import { decimalYear, parseDate, type Clock } from './clock.ts';
import { msg } from './messages.ts';

export interface ScheduleValue {
  schedule: Record<string, number>;
  interpolate?: 'step' | 'linear';
}
export interface ExprValue {
  expr: string;
}
export type TimeValue = number | ScheduleValue | ExprValue;
/** A time value with where it comes from: a source, or an assumption's range. */
export type Sourced = TimeValue | { value: TimeValue; source: string } | { value: TimeValue; assumption: [number, number]; note?: string };

/** The time value itself, without its source or assumption range. */
export function plainValue(v: Sourced): TimeValue {
  return typeof v === 'object' && 'value' in v ? v.value : v;
}

/** Names an expression may use as variables. */
export const EXPRESSION_VARIABLES = ['t', 'year', 'month'] as const;
/** Constants an expression may use. */
const CONSTANTS = new Set(['pi', 'e', 'PI', 'E']);
/** Functions an expression may call; everything else is refused. */
export const EXPRESSION_FUNCTIONS = [
  'abs',
  'ceil',
  'floor',
  'round',
  'sign',
  'min',
  'max',
  'exp',
  'log',
  'log10',
  'log2',
  'sqrt',
  'pow',
  'sin',
  'cos',
  'tan',
  'atan',
  'tanh',
  'mod',
  'add',
  'subtract',
  'multiply',
  'divide',
  'unaryMinus',
] as const;
const FUNCTIONS = new Set<string>(EXPRESSION_FUNCTIONS);
/** Functions that reach outside a plain calculation; named in the error message. */
const ESCAPE_HATCHES = new Set([
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'compile',
  'simplify',
  'derivative',
  'resolve',
  'reviver',
  'chain',
  'config',
  'rationalize',
  'help',
  'parser',
  'typed',
  'factory',
  'create',
]);

/**
 * The limited mathjs instance: the escape hatches are replaced by functions that
 * refuse (defence in depth; the tree check below refuses them first). Its parser
 * is kept aside before that, since tipsim itself needs it.
 */
let limitedParse: ((expr: string) => MathNode) | undefined;
function parser(): (expr: string) => MathNode {
  if (limitedParse) return limitedParse;
  const { create, all } = mathjs();
  const math = create(all);
  const parse = math.parse;
  const refuse = (name: string) => () => {
    throw new Error(`function ${name} is disabled`);
  };
  const overrides: Record<string, () => never> = {};
  // The set the mathjs security guide disables; internals such as `typed` must stay.
  for (const name of [
    'import',
    'createUnit',
    'reviver',
    'evaluate',
    'parse',
    'simplify',
    'derivative',
    'resolve',
    'compile',
    'rationalize',
  ])
    overrides[name] = refuse(name);
  math.import(overrides, { override: true });
  return (limitedParse = parse);
}

export class ExpressionError extends Error {}

/**
 * The longest expression accepted (characters). Real ones are a few dozen; the limit
 * keeps parsing, checking and the monthly evaluation cheap, and messages short.
 */
export const EXPRESSION_MAX_LENGTH = 1000;

export interface CompiledExpression {
  source: string;
  evaluate(scope: { t: number; year: number; month: number }): number;
}

/** Parses and checks an expression; throws ExpressionError naming what is refused. */
export function compileExpression(source: string): CompiledExpression {
  if (source.length > EXPRESSION_MAX_LENGTH) throw new ExpressionError(msg.expressionTooLong(source.length, EXPRESSION_MAX_LENGTH));
  let node: MathNode;
  try {
    node = parser()(source);
  } catch (e) {
    throw new ExpressionError(`cannot parse expression ${msg.quoted(source)}: ${msg.cut((e as Error).message)}`);
  }
  const problems: string[] = [];
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
    switch (n.type) {
      case 'ConstantNode':
      case 'OperatorNode':
      case 'ParenthesisNode':
      case 'ConditionalNode':
        return;
      case 'FunctionNode': {
        const name = (n as unknown as { fn: { name?: string } }).fn.name ?? '?';
        if (ESCAPE_HATCHES.has(name)) problems.push(`"${name}" is not allowed in an expression`);
        else if (!FUNCTIONS.has(name)) problems.push(`unknown function ${msg.quoted(name, 40)}`);
        return;
      }
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
        if (isCallee) return;
        if (ESCAPE_HATCHES.has(name)) problems.push(`"${name}" is not allowed in an expression`);
        else if (!(EXPRESSION_VARIABLES as readonly string[]).includes(name) && !CONSTANTS.has(name))
          problems.push(`unknown variable ${msg.quoted(name, 40)} (use ${EXPRESSION_VARIABLES.join(', ')})`);
        return;
      }
      default:
        problems.push(`${n.type.replace(/Node$/, '').toLowerCase()} syntax is not allowed`);
    }
  });
  if (problems.length > 0)
    throw new ExpressionError(`expression ${msg.quoted(source)}: ${msg.cut([...new Set(problems)].join('; '), 400)}`);
  const code: EvalFunction = node.compile();
  return {
    source,
    evaluate(scope) {
      const v = code.evaluate({ ...scope });
      if (typeof v !== 'number') throw new ExpressionError(`expression ${msg.quoted(source)} did not give a number`);
      return v;
    },
  };
}

export function isSchedule(v: unknown): v is ScheduleValue {
  return typeof v === 'object' && v !== null && 'schedule' in v;
}

/** The schedule's points sorted by date: [decimal year, value]. */
function schedulePoints(s: ScheduleValue): [number, number][] {
  return Object.entries(s.schedule)
    .map(([date, value]) => [decimalYear(date), value] as [number, number])
    .sort((a, b) => a[0] - b[0]);
}

/** Value of a schedule at decimal year t: flat before the first and after the last point. */
export function scheduleAt(points: [number, number][], t: number, interpolate: 'step' | 'linear'): number {
  if (t <= points[0][0]) return points[0][1];
  const last = points[points.length - 1];
  if (t >= last[0]) return last[1];
  let i = 1;
  while (points[i][0] <= t) i++;
  const [t0, v0] = points[i - 1];
  const [t1, v1] = points[i];
  if (interpolate === 'step') return v0;
  return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
}

/** Checks a schedule's dates; returns messages for the bad ones. */
export function scheduleProblems(s: ScheduleValue): string[] {
  const out: string[] = [];
  const keys = Object.keys(s.schedule);
  if (keys.length === 0) out.push('a schedule needs at least one date');
  for (const k of keys) if (!parseDate(k)) out.push(`${msg.quoted(k, 40)} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)`);
  return out;
}

/** One value per tick of the clock. Throws ExpressionError for a bad expression. */
export function resolveSeries(sourced: Sourced, clock: Clock): Float64Array {
  const value = plainValue(sourced);
  const out = new Float64Array(clock.ticks);
  if (typeof value === 'number') {
    out.fill(value);
  } else if (isSchedule(value)) {
    const points = schedulePoints(value);
    const mode = value.interpolate ?? 'step';
    for (let i = 0; i < clock.ticks; i++) out[i] = scheduleAt(points, clock.t[i], mode);
  } else {
    const e = compileExpression(value.expr);
    for (let i = 0; i < clock.ticks; i++) out[i] = e.evaluate({ t: clock.t[i], year: clock.year[i], month: clock.month[i] });
  }
  return out;
}
