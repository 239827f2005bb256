/**
 * Border officials and police officers, and their corruption (Vreja 2005: without
 * corrupt police, border guards and officials the trade "would virtually cease to
 * exist").
 *
 * Each border has `per_border` officials on each side; each country has
 * `police_officers` officers on trafficking cases. Every official has an integrity
 * drawn once, uniform on [0, 1]. Each month (`corrupt`) an official takes bribes
 * when integrity < corruptibility of the country:
 *
 *   corruptibility = corruption × q(now) / q(reference month, report_from),  q = B / (B + pay × (1 + deterrence × investigation))
 *
 * where B is the bribe offered, pay the official's pay (wage, raised by the
 * officials_pay lever) and investigation the monthly probability of an
 * anti-corruption investigation. So corruption is the share open to bribes at the
 * reference month's pay and risk; higher pay or more investigations lower it, bigger bribes
 * raise it. A corrupt border official omits the search for a bribe (borders.ts); a
 * corrupt police officer tips off a network before a raid (police.ts).
 */
import type { Stream } from '../kernel/rng.ts';
import type { Params } from './params.ts';
import type { State } from './state.ts';
import { NC } from '../kernel/scenario/countries.ts';

export interface Officials {
  /** Integrity of each official; border officials first ((b * 2 + side) * perBorder + j), then police (policeBase + c * officers + j). */
  integrity: Float64Array;
  corrupt: Uint8Array;
  /** Country each official serves. */
  country: Uint8Array;
  policeBase: number;
  /** Corrupt police officers' share per country this month. */
  policeCorrupt: Float64Array;
  /** Corruptibility per country this month: the share of its officials open to bribes (consular staff among them). */
  level: Float64Array;
  /** Corrupt officials this month, and all officials of the scenario's countries. */
  corruptCount: number;
  total: number;
  /** Length of the arrays (officers of every country). */
  size: number;
}

export function initOfficials(params: Params, draw: Stream): Officials {
  const K = params.officials.perBorder;
  const KP = params.officials.policeOfficers;
  const NB = params.borderCount;
  const policeBase = NB * 2 * K;
  const size = policeBase + NC * KP;
  const country = new Uint8Array(size);
  for (let b = 0; b < NB; b++)
    for (let side = 0; side < 2; side++) country.fill(params.borderEnds[2 * b + side], (b * 2 + side) * K, (b * 2 + side + 1) * K);
  for (let c = 0; c < NC; c++) country.fill(c, policeBase + c * KP, policeBase + (c + 1) * KP);
  const integrity = new Float64Array(size);
  for (let j = 0; j < size; j++) integrity[j] = draw.uniform();
  // Officers are kept for every country (simple indexing); only those of the
  // scenario's countries count, and the others are never corrupt (corrupt()).
  const total = policeBase + params.present.length * KP;
  return {
    integrity,
    corrupt: new Uint8Array(size),
    country,
    policeBase,
    policeCorrupt: new Float64Array(NC),
    level: new Float64Array(NC),
    corruptCount: 0,
    total,
    size,
  };
}

/** Corruptibility of officials in country c at tick k (see the file comment). */
export function corruptibility(params: Params, c: number, k: number): number {
  const T = params.clock.ticks;
  const q = (tick: number) => {
    const B = params.economics.bribe[tick];
    const pay = params.officialPay[c * T + tick];
    const inv = params.country.anti_corruption[c * T + tick];
    return B / (B + pay * (1 + params.officials.deterrence * inv));
  };
  const q0 = q(params.reportTick);
  return q0 > 0 ? Math.min(1, (params.country.corruption[c * T + k] * q(k)) / q0) : 0;
}

export function corrupt(s: State): void {
  const { params, officials: o } = s;
  const level = o.level;
  for (let c = 0; c < NC; c++) level[c] = params.present.includes(c) ? corruptibility(params, c, s.tick) : 0;
  let n = 0;
  for (let j = 0; j < o.size; j++) {
    const x = o.integrity[j] < level[o.country[j]] ? 1 : 0;
    o.corrupt[j] = x;
    n += x;
  }
  o.corruptCount = n;
  const KP = params.officials.policeOfficers;
  for (let c = 0; c < NC; c++) {
    let m = 0;
    for (let j = 0; j < KP; j++) m += o.corrupt[o.policeBase + c * KP + j];
    o.policeCorrupt[c] = m / KP;
  }
}
