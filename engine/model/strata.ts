/**
 * Strata of the population at risk: sex, age and information, as three bits of a
 * stratum number g in 0..7. People at home and safe migrants abroad are counts per
 * country and stratum (array index c * STRATA + g); an explicit agent keeps its
 * stratum in one byte.
 */
export const FEMALE = 1;
export const CHILD = 2;
/** Informed about legal ways to work abroad and about the risks. */
export const AWARE = 4;
export const STRATA = 8;
