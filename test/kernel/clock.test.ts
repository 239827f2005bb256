import { describe, expect, it } from 'vitest';
import { clockYears, decimalYear, makeClock, parseDate, tickLabel } from '../../engine/kernel/clock.ts';

describe('parseDate', () => {
  it('accepts YYYY, YYYY-MM and YYYY-MM-DD (and a year number)', () => {
    expect(parseDate('2001')).toEqual({ year: 2001, month: 1, day: 1 });
    expect(parseDate(2001)).toEqual({ year: 2001, month: 1, day: 1 });
    expect(parseDate('2001-07')).toEqual({ year: 2001, month: 7, day: 1 });
    expect(parseDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
  });

  it.each(['2001-13', '2001-00', '2001-02-30', '1900-02-29', '2001-04-31', 'abc', '', '01-2001', '2001-1', '2001-01-01T00:00'])(
    'rejects %j',
    (bad) => {
      expect(parseDate(bad)).toBeNull();
    },
  );
});

describe('decimalYear', () => {
  it('is the year plus the elapsed fraction of months (and days within the month)', () => {
    expect(decimalYear('2002-01-01')).toBe(2002);
    expect(decimalYear('1995-07')).toBe(1995.5);
    expect(decimalYear(1999)).toBe(1999);
    expect(decimalYear('2001-02-15')).toBeCloseTo(2001 + (1 + 14 / 28) / 12, 12);
  });
  it('throws on a bad date', () => {
    expect(() => decimalYear('2001-13')).toThrow(/2001-13/);
  });
});

describe('makeClock', () => {
  it('counts monthly ticks with the end month included', () => {
    expect(makeClock('1995-01', '1995-01').ticks).toBe(1);
    expect(makeClock('1995-01', '1997-12').ticks).toBe(36);
    expect(makeClock('1995', '2006-12').ticks).toBe(144);
  });

  it('gives year, month and t for a run crossing a year', () => {
    const c = makeClock('1995-11', '1996-02');
    expect(c.ticks).toBe(4);
    expect([...c.year]).toEqual([1995, 1995, 1996, 1996]);
    expect([...c.month]).toEqual([11, 12, 1, 2]);
    expect([...c.t]).toEqual([1995 + 10 / 12, 1995 + 11 / 12, 1996, 1996 + 1 / 12]);
    expect(c.start).toEqual({ year: 1995, month: 11 });
    expect(c.end).toEqual({ year: 1996, month: 2 });
    expect(clockYears(c)).toEqual([1995, 1996]);
    expect([0, 1, 2, 3].map((k) => tickLabel(c, k))).toEqual(['1995-11', '1995-12', '1996-01', '1996-02']);
  });

  it('t of each tick equals decimalYear of its label', () => {
    const c = makeClock('1998-03', '2001-05');
    for (let k = 0; k < c.ticks; k++) expect(c.t[k]).toBeCloseTo(decimalYear(tickLabel(c, k)), 12);
  });

  it('refuses an end before the start and bad dates', () => {
    expect(() => makeClock('1996-01', '1995-12')).toThrow(/before/);
    expect(() => makeClock('1996-13', '1997-01')).toThrow(/1996-13/);
  });
});
