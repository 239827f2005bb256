/**
 * Strata of the population at risk: sex, age, information, wage band and family
 * risk, as five bits of a stratum number g in 0..31. People at home and safe
 * migrants abroad are counts per country and stratum (array index c * STRATA + g);
 * an explicit agent keeps its stratum in one byte.
 */
export const FEMALE = 1;
export const CHILD = 2;
/** Informed about legal ways to work abroad and about the risks. */
export const AWARE = 4;
/** In the low wage band (no or very low income). */
export const LOW_WAGE = 8;
/** From a family with abuse, violence or alcoholism, or an institution. */
export const FAMILY_RISK = 16;
export const STRATA = 32;
