/**
 * Server-side sessions on Deno KV, in the manner of Django's
 * `django.contrib.sessions`: the cookie holds only a random token, the data
 * stays on the server, and `ctx.state.session` behaves like a dictionary
 * that survives across requests.
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
  type LoadSessionOptions,
  SessionManager,
  type SessionManagerOptions,
} from "./manager.ts";
export { isSecureRequest, markPrivate } from "./http_policy.ts";
export { type LoginOptions, Session } from "./session.ts";
export {
  defineSessionKey,
  type ParseFn,
  type SessionKey,
  type SessionKeyOptions,
  type StandardSchema,
} from "./keys.ts";
export type { UpdateFn, UpdateManyFn } from "./data.ts";
export { MAX_KEY_LENGTH } from "./data.ts";
export { type JsonValue, MAX_DATA_BYTES } from "./json.ts";
export {
  DEFAULT_ABSOLUTE_TIMEOUT,
  DEFAULT_IDLE_TIMEOUT,
  DEFAULT_NEW_SESSIONS_PER_MINUTE,
  DEFAULT_PROVISIONAL_TIMEOUT,
  type SecureMode,
  type SessionOptions,
} from "./options.ts";
export { type EnvReader, sessionOptionsFromEnv } from "./options_env.ts";
export {
  isSessionHttpError,
  SessionGuardError,
  type SessionHttpError,
  SessionLimitedError,
  SessionTooLargeError,
  SessionUnavailableError,
} from "./errors.ts";
export { renderSessionError } from "./error_page.ts";
export { KvSessionStore, type KvSessionStoreOptions } from "./kv_store.ts";
export type {
  IndexedSession,
  SessionCommit,
  SessionGuard,
  SessionRecord,
  SessionStore,
  StoredSession,
  UserIndexEntry,
} from "./store.ts";
export type { SessionToken, TokenHash } from "./token.ts";
export {
  consoleLogger,
  type LogDetails,
  type SessionLogger,
  silentLogger,
} from "./logger.ts";
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
