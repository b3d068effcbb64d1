/**
 * Session keys the accounts layer writes and other parts read.
 *
 * @module
 */

/**
 * The signed-in user's name, stored at login so that the header and post
 * bylines need no KV read to show it.
 */
export const USERNAME_KEY = "username";

/**
 * The saved-cart lines a sign-in copied into this session's cart, so that
 * sign-out can fold the cart back without counting them twice (see
 * `saved_cart.ts`).
 */
export const CART_BASE_KEY = "cart_base";
