/**
 * The app's middleware that use its KV handle, bound to it here, so that
 * `routes/_middleware.ts` composes the chain without touching the handle.
 *
 * @module
 */
import { signedInUser } from "./accounts/current_user.ts";
import { health } from "./http/health.ts";
import { kv } from "./kv/db.ts";
import { KvSessionStore } from "./session/mod.ts";

/** `/healthz` and `/readyz`, probing the app's KV. */
export function appHealth(): ReturnType<typeof health> {
  return health({ kv });
}

/**
 * The session store on the app's KV. The handle already retries KV's busy
 * errors (`utils/kv/retry.ts`): a second retry loop in the store around it
 * would only multiply the wait before the 503.
 */
export const appSessionStore: KvSessionStore = new KvSessionStore(kv, {
  lockedRetries: 0,
});

/** Signs out a session whose account is gone, reading the app's KV. */
export function appSignedInUser(): ReturnType<typeof signedInUser> {
  return signedInUser(kv);
}
