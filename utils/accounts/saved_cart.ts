/**
 * A signed-in user's cart kept in KV between sessions, under
 * `["user_carts", userId]`, shared by all the user's devices. Sign-in
 * (utils/accounts/sign_in.ts) copies it into the session and writes nothing
 * to KV, so a session that fails to save loses nothing; sign-out folds the
 * session's cart back with {@linkcode mergeIntoUserCart}.
 *
 * @module
 */
import { reportBadRow } from "../bad_rows.ts";
import { isKvLockedError } from "../kv/errors.ts";
import {
  type CartLine,
  mergeCarts,
  subtractLines,
  toCart,
} from "../shop/cart.ts";

const cartKey = (userId: string): Deno.KvKey => ["user_carts", userId];

/** The key of a user's saved cart, for removing it with the account. */
export const userCartKey: (userId: string) => Deno.KvKey = cartKey;

// Compare-and-set rounds before giving up; each round re-reads.
const MAX_ROUNDS = 32;

function backoff(round: number): Promise<void> {
  const ms = Math.random() * Math.min(2 ** round, 100);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Reads a saved cart row: its well-formed lines. A row that is not a list,
 * or holds a malformed line, is logged once; what is malformed is dropped.
 */
function readSavedCart(entry: Deno.KvEntryMaybe<unknown>): CartLine[] {
  const cart = toCart(entry.value);
  if (
    entry.versionstamp !== null &&
    (!Array.isArray(entry.value) || cart.length !== entry.value.length)
  ) {
    reportBadRow(entry, "saved cart");
  }
  return cart;
}

/** The user's saved cart; empty when there is none. */
export async function loadUserCart(
  kv: Deno.Kv,
  userId: string,
): Promise<CartLine[]> {
  return readSavedCart(await kv.get(cartKey(userId)));
}

/**
 * Folds a session's cart into the user's saved cart: saved := (saved −
 * `base`) + `cart`, atomically (re-read and retried when another device
 * saved meanwhile). An empty result removes the entry.
 *
 * Subtracting `base` avoids counting twice the lines the session already
 * holds, and keeps what another device saved since this session signed in:
 * a laptop signing out after a phone does not wipe the phone's items. Carts
 * merge rather than replay each other's edits, so a line removed here that
 * another device still has comes back when that device signs out. A retry
 * after the merge succeeded but the session failed to save (a 503) can count
 * lines twice: this errs on the side of keeping items, never losing them.
 *
 * @param kv The database.
 * @param userId The user.
 * @param base The saved lines this session started from (copied in at
 *   sign-in); they are in `cart` already, or were removed or ordered.
 * @param cart The session's cart.
 * @throws {Error} "database is locked" when it kept conflicting, which
 *   the app answers with 503 and `Retry-After` (utils/http/http_errors.ts).
 * @example
 * ```ts
 * await mergeIntoUserCart(kv, user.id, base, toCart(session.get(CART_KEY)));
 * ```
 */
export async function mergeIntoUserCart(
  kv: Deno.Kv,
  userId: string,
  base: readonly CartLine[],
  cart: readonly CartLine[],
): Promise<CartLine[]> {
  const key = cartKey(userId);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const entry = await kv.get(key);
    const next = mergeCarts(subtractLines(readSavedCart(entry), base), [
      ...cart,
    ]);
    const op = kv.atomic().check(entry);
    if (next.length === 0) op.delete(key);
    else op.set(key, next);
    try {
      if ((await op.commit()).ok) return next;
    } catch (error) {
      // Another process holding the file: retry like a lost race.
      if (!isKvLockedError(error)) throw error;
    }
    await backoff(round);
  }
  throw new Error(
    "database is locked: the saved cart kept changing during sign-out",
  );
}
