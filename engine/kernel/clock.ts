/**
 * The clock: monthly ticks between a scenario's start and end months.
 * A date in a scenario is 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; the model's time unit
 * is the month, and `t` is the decimal year at the start of the month
 * (1995-01 → 1995.0, 1995-07 → 1995.5).
 */

export interface MonthDate {
  year: number;
  month: number; // 1..12
}

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Parses 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (or a year number); null when malformed. */
export function parseDate(value: string | number): { year: number; month: number; day: number } | null {
  const m = DATE_RE.exec(String(value).trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (month < 1 || month > 12) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return null;
  return { year, month, day };
}

/** Decimal year of a date: 2002-01-01 → 2002.0; days count within the month. */
export function decimalYear(value: string | number): number {
  const d = parseDate(value);
  if (!d) throw new Error(`not a date: ${value}`);
  const days = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
  return d.year + (d.month - 1 + (d.day - 1) / days) / 12;
}

/**
 * The run's calendar, as plain data (it is sent to worker threads as it is).
 * Tick k is a month: year[k], month[k] (1..12) and t[k], the decimal year.
 */
export interface Clock {
  start: MonthDate;
  end: MonthDate;
  /** Number of monthly ticks, end month included. */
  ticks: number;
  year: Int16Array;
  month: Int8Array;
  t: Float64Array;
}

export function makeClock(start: string, end: string): Clock {
  const s = parseDate(start);
  const e = parseDate(end);
  if (!s || !e) throw new Error(`bad clock dates ${start}..${end}`);
  const ticks = (e.year - s.year) * 12 + (e.month - s.month) + 1;
  if (ticks < 1) throw new Error(`end ${end} is before start ${start}`);
  const year = new Int16Array(ticks);
  const month = new Int8Array(ticks);
  const t = new Float64Array(ticks);
  for (let i = 0; i < ticks; i++) {
    const m0 = s.month - 1 + i;
    year[i] = s.year + Math.floor(m0 / 12);
    month[i] = (m0 % 12) + 1;
    t[i] = year[i] + (month[i] - 1) / 12;
  }
  return { start: { year: s.year, month: s.month }, end: { year: e.year, month: e.month }, ticks, year, month, t };
}

/** Calendar years covered, in order. */
export function clockYears(c: Clock): number[] {
  const out: number[] = [];
  for (let y = c.start.year; y <= c.end.year; y++) out.push(y);
  return out;
}

/** 'YYYY-MM' of a tick. */
export function tickLabel(c: Clock, tick: number): string {
  return `${c.year[tick]}-${String(c.month[tick]).padStart(2, '0')}`;
}
