/**
 * Binding a session to a user and back: what sign-up, login, logout and
 * revoking the current session share.
 *
 * - {@linkcode signIn} rotates the session (`session.login`), remembers the
 *   username for the header, and merges the guest cart into the user's
 *   saved cart.
 * - {@linkcode signOut} saves the cart for the next sign-in, then flushes
 *   the session.
 *
 * @module
 */
import { USERNAME_KEY } from "./session_keys.ts";
import type { Session } from "../session/session.ts";
import { CART_KEY, type CartLine, mergeCarts, toCart } from "../shop/cart.ts";
import { loadUserCart, saveUserCart } from "./saved_cart.ts";
import type { User } from "./users.ts";

/**
 * Signs `user` in on `session`.
 *
 * The cart ends up as the user's saved cart plus the guest cart. When the
 * session already belongs to this user nothing is merged (that would count
 * the cart twice); when it belongs to another user, that user's cart is
 * saved for them first and does not follow the switch.
 *
 * @param kv The database.
 * @param session `ctx.state.session`.
 * @param user The authenticated user.
 * @example
 * ```ts
 * if (await verifyPassword(password, user.passwordHash)) {
 *   await signIn(kv, ctx.state.session, user);
 * }
 * ```
 */
export async function signIn(
  kv: Deno.Kv,
  session: Session,
  user: Pick<User, "id" | "username">,
): Promise<void> {
  const previous = session.userId;
  if (previous !== undefined && previous !== user.id) {
    await saveUserCart(kv, previous, toCart(session.get(CART_KEY)));
  }
  const saved = previous === user.id ? [] : await loadUserCart(kv, user.id);
  // A different previous user's data is flushed here.
  session.login(user.id);
  session.set(USERNAME_KEY, user.username);
  const merged = session.update<CartLine[]>(
    CART_KEY,
    (current) => mergeCarts(saved, toCart(current)),
    [],
  ) ?? [];
  await saveUserCart(kv, user.id, merged);
}

/**
 * Signs the session out: saves its cart for the user's next sign-in, then
 * flushes it (data, stored record, cookie).
 *
 * @param kv The database.
 * @param session `ctx.state.session`.
 */
export async function signOut(kv: Deno.Kv, session: Session): Promise<void> {
  const userId = session.userId;
  if (userId !== undefined) {
    await saveUserCart(kv, userId, toCart(session.get(CART_KEY)));
  }
  session.logout();
}
