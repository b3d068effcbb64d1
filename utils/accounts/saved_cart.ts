/**
 * A signed-in user's cart kept in KV between sessions, under
 * `["user_carts", userId]`: saved at sign-out, restored (and merged with
 * the guest cart) at the next sign-in.
 *
 * @module
 */
import { type CartLine, toCart } from "../shop/cart.ts";

const cartKey = (userId: string) => ["user_carts", userId];

/** The user's saved cart; empty when there is none. */
export async function loadUserCart(
  kv: Deno.Kv,
  userId: string,
): Promise<CartLine[]> {
  return toCart((await kv.get(cartKey(userId))).value);
}

/** Saves the user's cart; an empty cart removes the entry. */
export async function saveUserCart(
  kv: Deno.Kv,
  userId: string,
  cart: CartLine[],
): Promise<void> {
  if (cart.length === 0) await kv.delete(cartKey(userId));
  else await kv.set(cartKey(userId), cart);
}
