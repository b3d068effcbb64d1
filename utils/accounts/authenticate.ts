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
  needsRehash,
  verifyPassword,
} from "./password.ts";
import type { LoginThrottle } from "./throttle.ts";
import {
  findUserByName,
  isValidUsername,
  normalizeUsername,
  setPassword,
  type User,
} from "./users.ts";

/** The outcome of {@linkcode authenticate}. */
export type AuthResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfter: number };

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
 * if (result.ok) await signIn(kv, ctx.state.session, result.user);
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
  const user = counted === null ? null : await findUserByName(kv, counted);
  const matches = await verifyPassword(
    credentials.password,
    user?.passwordHash ?? DUMMY_PASSWORD_HASH,
  );
  if (!user || !matches) return { ok: false, reason: "invalid" };
  await throttle.succeeded(counted, decision.slot);
  if (needsRehash(user.passwordHash)) {
    return {
      ok: true,
      user: await setPassword(kv, user.id, credentials.password) ?? user,
    };
  }
  return { ok: true, user };
}
