/**
 * The model's codes: an agent's state, and the strategies a network chooses
 * (transport mode, venue, control style, form of exploitation), as the small
 * integers the typed-array columns hold (state.ts VICTIM_COLUMNS, networks.ts).
 */
/** Agent states. The two-phase update writes `next`, then `commit` applies it. */
export const IN_TRANSIT = 1;
export const EXPLOITED = 2;
/** Leaving states (used in `next` only): the agent is removed at commit and goes home. */
export const LEAVES_IDENTIFIED = 3;
export const LEAVES_ESCAPED = 4;
/** Let go by the network (released, or sold on out of the region): goes home as an escaped victim does. */
export const LEAVES_RELEASED = 5;

/** Transport modes, venues and control styles (a network's strategy). */
export const CLANDESTINE = 0;
export const VISA = 1;
export const VISA_FREE = 2;
export const BAR = 0;
export const APARTMENT = 1;
export const COERCION = 0;
export const SOFT = 1;
export const SEXUAL = 0;
export const BEGGING = 1;
