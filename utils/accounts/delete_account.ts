/**
 * Deleting an account, and everything stored under the user's id or name.
 *
 * @module
 */
import type { PostStore } from "../posts/posts.ts";
import { forgetUserOrders } from "../shop/orders.ts";
import type { TrustedDevices } from "./devices.ts";
import { userCartKey } from "./saved_cart.ts";
import { deleteUser, type UserEntry } from "./users.ts";

/**
 * Removes the user's row, name and saved cart, then the user's posts.
 * Returns false, removing nothing, when the row changed since `entry` was
 * read. Revoke the user's sessions after a true result.
 *
 * - `["users", id]` and `["users_by_name", username]` (the name is free
 *   again at once), and the saved cart `["user_carts", id]`, go in one atomic
 *   commit guarded by the user row's version: a password change committed
 *   meanwhile makes the deletion fail instead of racing it;
 * - every session of the user and its `["user_sessions", id, …]` index
 *   entry go right after, by the caller (the session layer owns them). A
 *   sign-in still checking the password fails its guard (sign_in.ts), and a
 *   session the revocation misses is signed out on its next request
 *   (current_user.ts);
 * - the browsers trusted for the account (`["login_devices", id, …]`) are
 *   forgotten;
 * - the list of the user's orders (`["user_orders", id, …]`) goes: the
 *   orders stay, as the shop's records, but no longer name the user;
 * - the user's posts (`["posts", …]`) are deleted, not kept under a
 *   "deleted user" byline: they are the user's own writing. Posts are not
 *   indexed by author, so this is one pass over all posts.
 *
 * Guessing-limit entries keyed by the username expire on their own.
 *
 * @param kv The database.
 * @param entry The user, as read before checking the password.
 * @param posts The post store to delete the user's posts from.
 * @param devices The trusted devices, to forget the user's.
 * @example
 * ```ts
 * if (await deleteAccount(kv, result.entry, posts, devices)) {
 *   await revokeOtherUserSessions(ctx.state.session);
 *   ctx.state.session.logout();
 * }
 * ```
 */
export async function deleteAccount(
  kv: Deno.Kv,
  entry: UserEntry,
  posts: PostStore,
  devices: TrustedDevices,
): Promise<boolean> {
  const userId = entry.user.id;
  if (!await deleteUser(kv, entry, [userCartKey(userId)])) return false;
  await devices.forgetUser(userId);
  await forgetUserOrders(kv, userId);
  await posts.deleteByAuthor(userId);
  return true;
}
