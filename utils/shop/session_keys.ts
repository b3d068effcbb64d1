/**
 * The shop's session keys, each declared once with its run-time check and
 * default (see `utils/session/keys.ts`). All are at version 1: their
 * shapes have not changed since they were first stored, so every session
 * a deployed app holds reads as is.
 *
 * @module
 */
import { defineSessionKey, type JsonValue } from "../session/mod.ts";
import { CART_KEY, type CartLine, toCart } from "./cart.ts";
import { CHECKOUT_KEY, isCheckoutId } from "./checkout.ts";
import { RECENT_KEY, toRecent } from "./recently_viewed.ts";

/**
 * The cart. A list is kept with its malformed lines left out (as
 * `toCart` reads it); anything other than a list is dropped and logged.
 */
export const cartKey = defineSessionKey<CartLine[]>(CART_KEY, {
  parse: (value) => Array.isArray(value) ? toCart(value) : undefined,
  default: [],
});

/** "Recently viewed": product ids, newest first. */
export const recentKey = defineSessionKey<string[]>(RECENT_KEY, {
  parse: (value) => Array.isArray(value) ? toRecent(value) : undefined,
  default: [],
});

/**
 * The checkout as stored: an object with a checkout id. Its parts are
 * checked again by `readCheckout` at every step rather than here, since a
 * part can stop being valid without changing (a delivery option that is
 * no longer offered), and the step that collects it must say so.
 */
export type StoredCheckout = { id: string } & { [part: string]: JsonValue };

/** The multi-step checkout; a malformed one starts a fresh checkout. */
export const checkoutKey = defineSessionKey<StoredCheckout>(CHECKOUT_KEY, {
  parse: (value) =>
    typeof value === "object" && value !== null && !Array.isArray(value) &&
      isCheckoutId((value as { id?: unknown }).id)
      ? value as StoredCheckout
      : undefined,
  default: () => ({ id: crypto.randomUUID() }),
});
