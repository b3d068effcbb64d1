/**
 * Binding a session to a user and back: what sign-up, login, logout and
 * revoking the current session share.
 *
 * - {@linkcode signIn} rotates the session (`session.login`), remembers the
 *   username for the header, and merges the user's saved cart into the
 *   guest cart, remembering which saved lines it took (the base).
 * - {@linkcode signOut} folds the cart into the saved cart, then flushes
 *   the session.
 *
 * How saved carts behave across devices is documented in `saved_cart.ts`.
 *
 * @module
 */
import { CART_BASE_KEY, USERNAME_KEY } from "./session_keys.ts";
import type { Session } from "../session/session.ts";
import { type CartLine, mergeCarts, toCart } from "../shop/cart.ts";
import { cartKey } from "../shop/session_keys.ts";
import { loadUserCart, mergeIntoUserCart } from "./saved_cart.ts";
import { type UserEntry, userGuard } from "./users.ts";

/**
 * Signs `user` in on `session`.
 *
 * The cart ends up as the user's saved cart plus the guest cart; the saved
 * cart in KV is left as it is until sign-out. When the session already
 * belongs to this user nothing is merged (that would count the cart
 * twice); when it belongs to another user, that user's cart is folded into
 * their saved cart first and does not follow the switch.
 *
 * The session is saved only if the user row is still at the version the
 * password was checked against (`entry.versionstamp`): a password change
 * or an account deletion committed meanwhile makes the save fail with a
 * 409, so a sign-in with a replaced password never gets a session.
 *
 * @param kv The database.
 * @param session `ctx.state.session`.
 * @param entry The authenticated user, as read before checking the password.
 * @param options `keepSignedIn` ("Keep me signed in"), default true.
 * @example
 * ```ts
 * const result = await authenticate(kv, throttle, credentials);
 * if (result.ok) await signIn(kv, ctx.state.session, result.entry);
 * ```
 */
export async function signIn(
  kv: Deno.Kv,
  session: Session,
  entry: UserEntry,
  { keepSignedIn = true }: { keepSignedIn?: boolean } = {},
): Promise<void> {
  const { user } = entry;
  const guard = userGuard(entry);
  const previous = session.userId;
  if (previous === user.id) {
    session.login(user.id, { guard });
    session.keepSignedIn(keepSignedIn);
    session.set(USERNAME_KEY, user.username);
    return;
  }
  if (previous !== undefined) await saveSessionCart(kv, session, previous);
  const saved = await loadUserCart(kv, user.id);
  // A different previous user's data is flushed here.
  session.login(user.id, { guard });
  session.keepSignedIn(keepSignedIn);
  session.set(USERNAME_KEY, user.username);
  cartKey.update(session, (current) => mergeCarts(saved, current));
  // The saved lines now in the session: subtracted again at sign-out.
  if (saved.length > 0) session.set(CART_BASE_KEY, saved);
  else session.delete(CART_BASE_KEY);
}

/**
 * Signs the session out: folds its cart into the user's saved cart for the
 * next sign-in (on any device), then flushes the session (data, stored
 * record, cookie).
 *
 * @param kv The database.
 * @param session `ctx.state.session`.
 */
export async function signOut(kv: Deno.Kv, session: Session): Promise<void> {
  const userId = session.userId;
  if (userId !== undefined) await saveSessionCart(kv, session, userId);
  session.logout();
}

function saveSessionCart(
  kv: Deno.Kv,
  session: Session,
  userId: string,
): Promise<CartLine[]> {
  return mergeIntoUserCart(
    kv,
    userId,
    toCart(session.get(CART_BASE_KEY)),
    cartKey.get(session),
  );
}
