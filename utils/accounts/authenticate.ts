/**
 * Checking a username and password, with the guessing limits around it.
 *
 * Guessing limits depend on the browser: one that signed in to the
 * account before (devices.ts) has a limit of its own, so wrong passwords
 * sent by others never lock the owner out of it (throttle.ts).
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
import type { TrustedDevices } from "./devices.ts";
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
  /** The device cookie's value, if the browser sent one. */
  deviceToken?: string;
}

// Not a UUID, so no user has it: an unknown user's device is still looked up.
const NO_SUCH_USER = "-";

/**
 * Checks credentials. A throttled attempt returns at once, without
 * hashing. A browser that signed in to the account before (its device
 * cookie, when `devices` is given) counts only against its own limit;
 * any other against the username's and the address's. A success clears
 * the failures of its scope and, when the stored hash uses weaker settings
 * than today's, re-hashes the password.
 *
 * @param kv The database.
 * @param throttle The guessing limits.
 * @param credentials Username, password, client address, device cookie.
 * @param devices The trusted devices; without it, every browser is untrusted.
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
  devices?: TrustedDevices,
): Promise<AuthResult> {
  const username = normalizeUsername(credentials.username);
  const counted = isValidUsername(username) ? username : null;
  const found = counted === null
    ? null
    : await findUserEntryByName(kv, counted);
  const userId = found?.user.id ?? NO_SUCH_USER;
  // Looked up for unknown users too, so the timing does not tell them apart.
  const deviceId = devices && credentials.deviceToken !== undefined
    ? await devices.trustedId(userId, credentials.deviceToken)
    : null;
  const decision = deviceId !== null
    ? await throttle.beginTrusted(userId, deviceId)
    : await throttle.begin(counted, credentials.address);
  if (!decision.allowed) {
    return { ok: false, reason: "throttled", retryAfter: decision.retryAfter };
  }
  const matches = await verifyPassword(
    credentials.password,
    found?.user.passwordHash ?? DUMMY_PASSWORD_HASH,
  );
  if (!found || !matches) {
    await throttle.failed(decision.slot);
    return { ok: false, reason: "invalid" };
  }
  if (deviceId !== null) {
    await throttle.trustedSucceeded(userId, deviceId, decision.slot);
  } else {
    await throttle.succeeded(counted, decision.slot);
  }
  // A rehash writes the row: the sign-in is then guarded by the version
  // it wrote.
  const entry = needsRehash(found.user.passwordHash)
    ? await rehash(kv, found, credentials.password)
    : found;
  return { ok: true, user: entry.user, entry };
}
