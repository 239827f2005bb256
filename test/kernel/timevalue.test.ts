import { describe, expect, it } from 'vitest';
import { makeClock } from '../../engine/kernel/clock.ts';
import { ExpressionError, compileExpression, resolveSeries, scheduleAt, scheduleProblems } from '../../engine/kernel/timevalue.ts';

const POINTS: [number, number][] = [
  [2000, 10],
  [2002, 20],
  [2003, 0],
];

describe('scheduleAt', () => {
  it('step: holds each value until the next point', () => {
    expect(scheduleAt(POINTS, 2000, 'step')).toBe(10);
    expect(scheduleAt(POINTS, 2001.99, 'step')).toBe(10);
    expect(scheduleAt(POINTS, 2002, 'step')).toBe(20);
    expect(scheduleAt(POINTS, 2002.5, 'step')).toBe(20);
    expect(scheduleAt(POINTS, 2003, 'step')).toBe(0);
  });

  it('linear: exact at the points, interpolated between them', () => {
    expect(scheduleAt(POINTS, 2000, 'linear')).toBe(10);
    expect(scheduleAt(POINTS, 2001, 'linear')).toBe(15);
    expect(scheduleAt(POINTS, 2000.5, 'linear')).toBe(12.5);
    expect(scheduleAt(POINTS, 2002, 'linear')).toBe(20);
    expect(scheduleAt(POINTS, 2002.25, 'linear')).toBe(15);
    expect(scheduleAt(POINTS, 2003, 'linear')).toBe(0);
  });

  it('flat before the first point and after the last, in both modes', () => {
    for (const mode of ['step', 'linear'] as const) {
      expect(scheduleAt(POINTS, 1990, mode)).toBe(10);
      expect(scheduleAt(POINTS, 2050, mode)).toBe(0);
    }
  });

  it('a single point is a constant', () => {
    expect(scheduleAt([[2000, 3]], 1999, 'linear')).toBe(3);
    expect(scheduleAt([[2000, 3]], 2001, 'step')).toBe(3);
  });
});

describe('resolveSeries', () => {
  const clock = makeClock('1999-11', '2000-03');

  it('a number fills every tick', () => {
    expect([...resolveSeries(0.25, clock)]).toEqual([0.25, 0.25, 0.25, 0.25, 0.25]);
  });

  it('a schedule with unsorted dates, step (the default) and linear', () => {
    const s = { schedule: { '2000-03': 4, '2000': 1, '1999-12': 0 } };
    expect([...resolveSeries(s, clock)]).toEqual([0, 0, 1, 1, 4]);
    const lin = resolveSeries({ schedule: { '2000': 0, '2000-03': 3 }, interpolate: 'linear' }, clock);
    expect(lin[0]).toBe(0);
    expect(lin[1]).toBe(0);
    expect(lin[2]).toBe(0);
    expect(lin[3]).toBeCloseTo(1.5, 9); // one month of two
    expect(lin[4]).toBe(3);
  });

  it('an expression is evaluated with t, year and month of each tick', () => {
    expect([...resolveSeries({ expr: 'month' }, clock)]).toEqual([11, 12, 1, 2, 3]);
    expect([...resolveSeries({ expr: 'year' }, clock)]).toEqual([1999, 1999, 2000, 2000, 2000]);
    const t = resolveSeries({ expr: '12 * (t - 1999)' }, clock);
    [10, 11, 12, 13, 14].forEach((v, i) => expect(t[i]).toBeCloseTo(v, 9));
    expect([...resolveSeries({ expr: 'year >= 2000 ? 0.5 : 0.1' }, clock)]).toEqual([0.1, 0.1, 0.5, 0.5, 0.5]);
  });

  it('throws ExpressionError for a refused expression', () => {
    expect(() => resolveSeries({ expr: 'evaluate("1")' }, clock)).toThrow(ExpressionError);
  });
});

describe('scheduleProblems', () => {
  it('names each bad date and an empty schedule', () => {
    expect(scheduleProblems({ schedule: { '2000': 1, '2001-06': 2 } })).toEqual([]);
    const p = scheduleProblems({ schedule: { '2001-13': 1, '2000': 2, soon: 3 } });
    expect(p).toHaveLength(2);
    expect(p[0]).toContain('"2001-13"');
    expect(p[1]).toContain('"soon"');
    expect(scheduleProblems({ schedule: {} })[0]).toMatch(/at least one date/);
  });
});

describe('compileExpression', () => {
  const at = { t: 2001.5, year: 2001, month: 7 };

  it('evaluates arithmetic, allowed functions, constants and conditionals exactly', () => {
    expect(compileExpression('1 + 2 * 3').evaluate(at)).toBe(7);
    expect(compileExpression('year - 2000').evaluate(at)).toBe(1);
    expect(compileExpression('t').evaluate(at)).toBe(2001.5);
    expect(compileExpression('month / 2').evaluate(at)).toBe(3.5);
    expect(compileExpression('max(0, min(1, (year - 1999) / 4))').evaluate(at)).toBe(0.5);
    expect(compileExpression('sqrt(16) + abs(-2) + pow(2, 3) + floor(2.7) + mod(7, 4)').evaluate(at)).toBe(4 + 2 + 8 + 2 + 3);
    expect(compileExpression('year >= 2001 ? 0.3 : 0.1').evaluate(at)).toBe(0.3);
    expect(compileExpression('cos(pi)').evaluate(at)).toBe(-1);
    expect(compileExpression('log(e)').evaluate(at)).toBe(1);
  });

  it('keeps the source', () => {
    expect(compileExpression('year').source).toBe('year');
  });

  const refused = (source: string): string => {
    try {
      compileExpression(source);
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionError);
      return (e as Error).message;
    }
    throw new Error(`"${source}" was accepted`);
  };

  const hatches: [string, string][] = [
    ['import', 'import(1)'],
    ['createUnit', 'createUnit("furlong")'],
    ['evaluate', 'evaluate("1 + 1")'],
    ['parse', 'parse("1")'],
    ['compile', 'compile("1")'],
    ['simplify', 'simplify("x + x")'],
    ['derivative', 'derivative("x^2", "x")'],
    ['resolve', 'resolve("x")'],
  ];
  it.each(hatches)('refuses the escape hatch %s, naming it', (name, source) => {
    expect(refused(source)).toContain(`"${name}" is not allowed`);
  });

  it('refuses an escape hatch used as a value, not a call', () => {
    expect(refused('evaluate')).toContain('"evaluate" is not allowed');
  });

  it('refuses an assignment', () => {
    expect(refused('x = 1')).toMatch(/assignment syntax is not allowed/);
  });

  it('refuses a function definition', () => {
    expect(refused('f(x) = x')).toMatch(/functionassignment syntax is not allowed/);
  });

  it('refuses an unknown variable, naming it and the allowed ones', () => {
    const m = refused('year + popularity');
    expect(m).toContain('unknown variable "popularity"');
    expect(m).toContain('t, year, month');
  });

  it('refuses an unknown function, naming it', () => {
    expect(refused('foo(year)')).toContain('unknown function "foo"');
  });

  it('refuses property access, objects, ranges and blocks', () => {
    expect(refused('year.constructor')).toMatch(/not allowed/);
    expect(refused('{a: 1}')).toMatch(/object syntax is not allowed/);
    expect(refused('1:3')).toMatch(/range syntax is not allowed/);
    expect(refused('1; 2')).toMatch(/not allowed/);
  });

  it('reports a parse error with the source', () => {
    const m = refused('1 +');
    expect(m).toContain('cannot parse expression "1 +"');
  });

  it('refuses an expression that is not a number when evaluated', () => {
    expect(() => compileExpression('"text"').evaluate(at)).toThrow(ExpressionError);
  });
});
