/**
 * Sign-up: validate, limit per client address, create the account, sign
 * in with it. Framework-free: it takes the KV handle, the limits and the
 * session, so that it is tested without HTTP.
 *
 * @module
 */
import type { Session } from "../session/mod.ts";
import type { NameCheckLimit } from "./name_check_limit.ts";
import { signIn } from "./sign_in.ts";
import type { SignupLimit } from "./signup_limit.ts";
import {
  createUser,
  findUserByName,
  normalizeUsername,
  type User,
} from "./users.ts";
import {
  type FieldErrors,
  isValid,
  type SignupField,
  validateSignup,
} from "./validation.ts";

/** The field error for a name someone already has. */
export const USERNAME_TAKEN = "That username is taken. Please choose another.";

/** What sign-up needs besides the session. */
export interface SignupServices {
  kv: Deno.Kv;
  signupLimit: SignupLimit;
  nameCheckLimit: NameCheckLimit;
}

/** What the visitor sent, and from where. */
export interface SignupRequest {
  /** As typed; normalized here. */
  username: string;
  /** As typed. */
  password: string;
  /** The client address the limits count. */
  address: string;
  /**
   * "Keep me signed in" was ticked: the new account's session outlives the
   * browser. Otherwise its cookie ends with the browser, as a sign-in
   * without the box does.
   * @default false
   */
  keepSignedIn?: boolean;
}

/** What a sign-up came to; `username` is the normalized name, to show again. */
export type SignupOutcome =
  /** Created and signed in. */
  | { ok: true; user: User }
  /** Too many names checked from the address: nothing was looked up. */
  | {
    ok: false;
    reason: "name-checks-limited";
    username: string;
    retryAfter: number;
  }
  /** Too many accounts created from the address: nothing was hashed. */
  | {
    ok: false;
    reason: "signups-limited";
    username: string;
    errors: FieldErrors<SignupField>;
    retryAfter: number;
  }
  /** Invalid input or a taken name. */
  | {
    ok: false;
    reason: "invalid";
    username: string;
    errors: FieldErrors<SignupField>;
  };

/**
 * Creates an account and signs `session` in with it. Every answer about a
 * possible name tells whether it exists, so each name looked up takes a
 * slot per client address first; a slot per address for the account too,
 * before the costly hashing.
 */
export async function signUp(
  services: SignupServices,
  session: Session,
  request: SignupRequest,
): Promise<SignupOutcome> {
  const { kv, signupLimit, nameCheckLimit } = services;
  const username = normalizeUsername(request.username);
  const errors = validateSignup(username, request.password);
  const check = errors.username
    ? null
    : await nameCheckLimit.begin(request.address);
  if (check && !check.allowed) {
    return {
      ok: false,
      reason: "name-checks-limited",
      username,
      retryAfter: check.retryAfter,
    };
  }
  // Checked first so that a taken name costs no hashing; createUser's
  // atomic check still decides a race.
  if (!errors.username && await findUserByName(kv, username)) {
    errors.username = USERNAME_TAKEN;
  }
  if (isValid(errors)) {
    const decision = await signupLimit.begin(request.address);
    if (!decision.allowed) {
      return {
        ok: false,
        reason: "signups-limited",
        username,
        errors,
        retryAfter: decision.retryAfter,
      };
    }
  }
  const created = isValid(errors)
    ? await createUser(kv, username, request.password)
    : undefined;
  if (created === null) errors.username = USERNAME_TAKEN;
  if (!created) return { ok: false, reason: "invalid", username, errors };
  if (check?.allowed) await nameCheckLimit.succeeded(check.slot);
  await signIn(kv, session, created, {
    keepSignedIn: request.keepSignedIn ?? false,
  });
  return { ok: true, user: created.user };
}
