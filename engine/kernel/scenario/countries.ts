/**
 * The countries of the article (Vreja 2005): their codes, in the order of every
 * per-country array and of the outputs. The scenario's schema checks country
 * fields against them; the model's world (engine/model/world.ts) adds the borders.
 */
/** Origins, Balkan transit and destinations, Western destinations (Vreja 2005, via ../shared/BRIEF.md). */
export const COUNTRY_CODES = [
  'MD',
  'RO',
  'UA',
  'BY',
  'BG',
  'CS',
  'HU',
  'AL',
  'XK',
  'BA',
  'MK',
  'IT',
  'ES',
  'FR',
  'NL',
  'BE',
  'LU',
  'AT',
  'GR',
  'CY',
  'DE',
] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];

export const NC = COUNTRY_CODES.length;
export const countryIndex = (code: CountryCode): number => COUNTRY_CODES.indexOf(code);
