/**
 * Checking a username and password, with the guessing limits around it.
 *
 * Every attempt that is not throttled costs exactly one PBKDF2 run: an
 * unknown (or impossible) username is checked against
 * `DUMMY_PASSWORD_HASH`, so neither the answer nor its timing tells an
 * unknown user from a wrong password.
 *
 * @module
 */
import {
  DUMMY_PASSWORD_HASH,
  hashPassword,
  needsRehash,
  verifyPassword,
} from "./password.ts";
import type { LoginThrottle } from "./throttle.ts";
import {
  findUserEntryByName,
  isValidUsername,
  normalizeUsername,
  rehashPassword,
  type UserEntry,
} from "./users.ts";

/**
 * The outcome of {@linkcode authenticate}. A success carries the user row
 * at the version the password was checked against: pass it to `signIn`.
 */
export type AuthResult =
  | { ok: true; user: UserEntry["user"]; entry: UserEntry }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfter: number };

/**
 * Stores the password under today's settings, only over the row the
 * password was checked against: a password changed meanwhile must not be
 * overwritten with the old one. If the row changed, the sign-in keeps the
 * version it read, and its guard fails.
 */
async function rehash(
  kv: Deno.Kv,
  found: UserEntry,
  password: string,
): Promise<UserEntry> {
  return await rehashPassword(kv, found, await hashPassword(password)) ??
    found;
}

/** What a login form sent, plus where it came from. */
export interface Credentials {
  /** As typed; normalized here. */
  username: string;
  /** As typed. */
  password: string;
  /** The client address, for the per-address limit. */
  address: string;
}

/**
 * Checks credentials. A throttled attempt returns at once, without
 * hashing. A success clears the username's failure counter and, when the
 * stored hash uses weaker settings than today's, re-hashes the password.
 *
 * @param kv The database.
 * @param throttle The guessing limits.
 * @param credentials Username, password and client address.
 * @example
 * ```ts
 * const result = await authenticate(kv, throttle, { username, password, address });
 * if (result.ok) await signIn(kv, ctx.state.session, result.entry);
 * ```
 */
export async function authenticate(
  kv: Deno.Kv,
  throttle: LoginThrottle,
  credentials: Credentials,
): Promise<AuthResult> {
  const username = normalizeUsername(credentials.username);
  const counted = isValidUsername(username) ? username : null;
  const decision = await throttle.begin(counted, credentials.address);
  if (!decision.allowed) {
    return { ok: false, reason: "throttled", retryAfter: decision.retryAfter };
  }
  const found = counted === null
    ? null
    : await findUserEntryByName(kv, counted);
  const matches = await verifyPassword(
    credentials.password,
    found?.user.passwordHash ?? DUMMY_PASSWORD_HASH,
  );
  if (!found || !matches) return { ok: false, reason: "invalid" };
  await throttle.succeeded(counted, decision.slot);
  // A rehash writes the row: the sign-in is then guarded by the version
  // it wrote.
  const entry = needsRehash(found.user.passwordHash)
    ? await rehash(kv, found, credentials.password)
    : found;
  return { ok: true, user: entry.user, entry };
}
