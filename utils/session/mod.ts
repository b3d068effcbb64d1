/**
 * Server-side sessions on Deno KV, in the manner of Django's
 * `django.contrib.sessions`: the cookie holds only a random token, the data
 * stays on the server, and `ctx.state.session` behaves like a dictionary
 * that survives across requests.
 *
 * This file is the library's public surface, pinned by
 * `tests/architecture/public_surface_test.ts`; the other modules are
 * internals, imported by their own tests through their own paths.
 *
 * @example routes/_middleware.ts
 * ```ts
 * import { kv } from "../utils/kv/db.ts";
 * import { session, sessionOptionsFromEnv } from "../utils/session/mod.ts";
 *
 * export const handler = [session({ kv, ...sessionOptionsFromEnv() })];
 * ```
 * @example A handler
 * ```ts
 * const cart = ctx.state.session.get<number[]>("cart", []);
 * cart.push(productId);
 * ctx.state.session.set("cart", cart);
 * ```
 * @module
 */
export {
  session,
  type SessionMiddlewareOptions,
  type SessionMiddlewareState,
} from "./middleware.ts";
export {
  createSessionManager,
  type SessionManager,
  type SessionManagerOptions,
} from "./manager.ts";
export { isSecureRequest } from "./http_policy.ts";
export {
  type AfterCommit,
  afterCommit,
  runAfterCommit,
} from "./after_commit.ts";
export type { Session } from "./session.ts";
export { defineSessionKey, type SessionKey } from "./keys.ts";
export type { JsonValue } from "./json.ts";
export type { SessionOptions } from "./options.ts";
export { sessionOptionsFromEnv } from "./options_env.ts";
export {
  isSessionHttpError,
  SessionGuardError,
  type SessionHttpError,
  SessionLimitedError,
  SessionUnavailableError,
} from "./errors.ts";
export { renderSessionError } from "./error_page.ts";
export { KvSessionStore } from "./kv_store.ts";
export type {
  IndexedSession,
  SessionCommit,
  SessionGuard,
  SessionRecord,
  SessionStore,
  StoredSession,
  UserIndexEntry,
} from "./store.ts";
export type { TokenHash } from "./token.ts";
export { type SessionLogger, silentLogger } from "./logger.ts";
export {
  listUserSessions,
  revokeAllUserSessions,
  revokeOtherSessionsOnPasswordChange,
  revokeOtherUserSessions,
  revokeUserSession,
  type UserSessionInfo,
} from "./user_sessions.ts";
export {
  type ParkedSession,
  parkUserSession,
  restoreUserSession,
} from "./parked_sessions.ts";
