/**
 * A delivery address the checkout accepts, for tests.
 *
 * @module
 */
import type { Address } from "../../utils/shop/checkout.ts";

/** Ada's address in London. */
export const ADDRESS: Address = {
  name: "Ada Lovelace",
  street: "12 St James's Square",
  city: "London",
  postcode: "SW1Y 4JH",
  country: "United Kingdom",
};
