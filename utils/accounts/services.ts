/**
 * The account services of the running app, bound to its KV handle and
 * configured once from the environment (`config.ts`:
 * `LOGIN_TRUST_FORWARDED_FOR`, `SIGNUP_MAX_PER_ADDRESS`,
 * `SIGNUP_CHECKS_PER_ADDRESS`).
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { kv } from "../kv/db.ts";
import { posts } from "../posts/store.ts";
import { authenticate, type AuthResult } from "./authenticate.ts";
import { deleteAccount } from "./delete_account.ts";
import { signIn, signOut } from "./sign_in.ts";
import { accountsConfigFromEnv } from "./config.ts";
import { clientAddress } from "../http/client_address.ts";
import {
  isSecureRequest,
  type Session,
  sessionOptionsFromEnv,
} from "../session/mod.ts";
import { resolveSessionOptions } from "../session/options.ts";
import { keepSignedInNote } from "./keep_signed_in_note.ts";
import { deviceSetCookie, readDeviceToken } from "./device_cookie.ts";
import { TrustedDevices } from "./devices.ts";
import { NameCheckLimit } from "./name_check_limit.ts";
import { SignupLimit } from "./signup_limit.ts";
import { signUp, type SignupOutcome, type SignupRequest } from "./signup.ts";
import { LoginThrottle } from "./throttle.ts";
import {
  ensureDemoUser,
  getUser,
  setPassword,
  type User,
  type UserEntry,
} from "./users.ts";

const config = accountsConfigFromEnv(Deno.env);
const trustForwardedFor = config.trustForwardedFor;

/** The app's login throttle: 5 failures per username, 20 per address, per 15 minutes. */
export const loginThrottle: LoginThrottle = new LoginThrottle(kv);

/** The app's sign-up limit: `SIGNUP_MAX_PER_ADDRESS` (10) per address per hour. */
export const signupLimit: SignupLimit = new SignupLimit(kv, {
  maxPerAddress: config.signupMaxPerAddress,
  windowSeconds: 3600,
});

/**
 * The app's limit on sign-up's username checks:
 * `SIGNUP_CHECKS_PER_ADDRESS` (20) per address per 15 minutes.
 */
export const nameCheckLimit: NameCheckLimit = new NameCheckLimit(kv, {
  maxPerAddress: config.signupChecksPerAddress,
  windowSeconds: 900,
});

/** The browsers each account has signed in from (180 days after the last). */
export const trustedDevices: TrustedDevices = new TrustedDevices(kv);

// The session cookie's https detection, so the device cookie matches it.
const cookieSecurity = (() => {
  const { secure = "auto", trustProxy = false } = sessionOptionsFromEnv();
  return { secure, trustProxy };
})();

/** The note beside "Keep me signed in", from the session's configuration. */
export const KEEP_SIGNED_IN_NOTE: string = keepSignedInNote(
  resolveSessionOptions(sessionOptionsFromEnv()),
);

/** The device token the request's cookie carries, if any. */
export function requestDeviceToken(req: Request): string | undefined {
  return readDeviceToken(req, isSecureRequest(req, cookieSecurity));
}

/**
 * Trusts the request's browser for `userId` after a successful sign-in and
 * sets its device cookie on `headers`.
 */
export async function rememberDevice(
  req: Request,
  headers: Headers,
  userId: string,
): Promise<void> {
  const token = await trustedDevices.remember(userId, requestDeviceToken(req));
  headers.append(
    "set-cookie",
    deviceSetCookie(
      token,
      isSecureRequest(req, cookieSecurity),
      trustedDevices.lifetimeSeconds,
    ),
  );
}

/** The client address of the request, as the guessing limits see it. */
export function requestAddress(
  req: Request,
  ctx: Pick<FreshContext, "remoteAddr">,
): string {
  return clientAddress(req, ctx.remoteAddr, { trustForwardedFor });
}

let seeded: Promise<void> | undefined;

/**
 * Creates the demo account on first use; later calls share the result.
 * A failure (KV down) is not remembered, so the next call tries again.
 */
export function ensureAccountsSeeded(): Promise<void> {
  seeded ??= ensureDemoUser(kv);
  seeded.catch(() => seeded = undefined);
  return seeded;
}

/** {@linkcode signUp} on the app's KV, with the app's limits. */
export function signUpVisitor(
  session: Session,
  request: SignupRequest,
): Promise<SignupOutcome> {
  return signUp({ kv, signupLimit, nameCheckLimit }, session, request);
}

/**
 * Checks `password` for `username` as the request's browser would sign in
 * ({@linkcode authenticate} with the app's throttle and trusted devices).
 */
export function checkPassword(
  req: Request,
  ctx: Pick<FreshContext, "remoteAddr">,
  username: string,
  password: string,
): Promise<AuthResult> {
  return authenticate(kv, loginThrottle, {
    username,
    password,
    address: requestAddress(req, ctx),
    deviceToken: requestDeviceToken(req),
  }, trustedDevices);
}

/** {@linkcode signIn} on the app's KV. */
export function signInUser(
  session: Session,
  entry: UserEntry,
  options?: { keepSignedIn?: boolean },
): Promise<void> {
  return signIn(kv, session, entry, options);
}

/** {@linkcode signOut} on the app's KV: the cart saved, the session flushed. */
export function signOutUser(session: Session): Promise<void> {
  return signOut(kv, session);
}

/** The account `id`, or null when it is gone. */
export function findUser(id: string): Promise<User | null> {
  return getUser(kv, id);
}

/** Sets the account's new password ({@linkcode setPassword}). */
export function changePassword(
  userId: string,
  password: string,
): Promise<UserEntry | null> {
  return setPassword(kv, userId, password);
}

/**
 * Deletes the account and all its rows ({@linkcode deleteAccount}); false
 * when it changed meanwhile and nothing was deleted.
 */
export function deleteUserAccount(entry: UserEntry): Promise<boolean> {
  return deleteAccount(kv, entry, posts, trustedDevices);
}
