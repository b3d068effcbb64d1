/**
 * The countries the shop delivers to, as the address form lists them. The
 * form stores the name, which is what the review page and the order show.
 *
 * @module
 */

/** Country names in the order the list shows them. */
export const SHIPPING_COUNTRIES = [
  "Australia",
  "Austria",
  "Belgium",
  "Bulgaria",
  "Canada",
  "Croatia",
  "Cyprus",
  "Czechia",
  "Denmark",
  "Estonia",
  "Finland",
  "France",
  "Germany",
  "Greece",
  "Hungary",
  "Iceland",
  "Ireland",
  "Italy",
  "Japan",
  "Latvia",
  "Liechtenstein",
  "Lithuania",
  "Luxembourg",
  "Malta",
  "Netherlands",
  "New Zealand",
  "Norway",
  "Poland",
  "Portugal",
  "Romania",
  "Singapore",
  "Slovakia",
  "Slovenia",
  "South Korea",
  "Spain",
  "Sweden",
  "Switzerland",
  "United Kingdom",
  "United States",
] as const;

/** A country the shop delivers to. */
export type ShippingCountry = typeof SHIPPING_COUNTRIES[number];

const NAMES: ReadonlySet<string> = new Set(SHIPPING_COUNTRIES);

/** Whether `value` is exactly one of {@linkcode SHIPPING_COUNTRIES}. */
export function isShippingCountry(value: string): value is ShippingCountry {
  return NAMES.has(value);
}
