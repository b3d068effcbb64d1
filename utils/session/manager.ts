/**
 * The framework-agnostic core: `loadSession(request)` turns a request into
 * a {@linkcode Session}, and `commitSession(session, headers)` saves it and
 * writes `Set-Cookie`, `Vary` and `Cache-Control` into response headers.
 *
 * Loading is here: lazy creation (an anonymous session costs no KV access
 * and no cookie until something is stored) and expiry checks on every read
 * (record.ts). Saving is committer.ts: lossless concurrent saves and
 * throttled touches.
 *
 * @module
 */
import { getCookie } from "../cookie.ts";
import { SessionCommitter } from "./committer.ts";
import { isSecureRequest, sessionCookieName } from "./http_policy.ts";
import { KvSessionStore } from "./kv_store.ts";
import { NewSessionLimiter } from "./new_session_limit.ts";
import {
  type ResolvedSessionOptions,
  resolveSessionOptions,
  type SessionOptions,
} from "./options.ts";
import { isRecordAlive } from "./record.ts";
import { Session, SessionState, sessionState } from "./session.ts";
import type { SessionStore } from "./store.ts";
import { hashToken, isWellFormedToken } from "./token.ts";
import { summarizeUserAgent } from "./user_agent.ts";
import { withSpan } from "../tracing.ts";

/** Options of one {@linkcode SessionManager.loadSession} call. */
export interface LoadSessionOptions {
  /**
   * The client's address, such as `ctx.remoteAddr.hostname`: what the
   * `newSessionsPerMinute` limit counts by. Without it, sessions this
   * request starts are not limited.
   */
  clientAddress?: string;
}

/** Options of {@linkcode createSessionManager}: one of `kv` or `store`. */
export interface SessionManagerOptions extends SessionOptions {
  /**
   * The open KV handle sessions live in (from utils/kv/db.ts). Ignored when
   * `store` is given.
   */
  kv?: Deno.Kv;
  /** A custom store; by default a {@linkcode KvSessionStore} on `kv`. */
  store?: SessionStore;
}

/**
 * Loads and commits sessions. Create one per application, at startup.
 *
 * @example Framework-agnostic use with `Deno.serve`
 * ```ts
 * const sessions = createSessionManager({ kv });
 * Deno.serve(async (req) => {
 *   const session = await sessions.loadSession(req);
 *   session.update<number>("visits", (n) => n + 1, 0);
 *   const res = new Response(`visits: ${session.get("visits")}`);
 *   await sessions.commitSession(session, res.headers);
 *   return res;
 * });
 * ```
 */
export class SessionManager {
  #options: ResolvedSessionOptions;
  #store: SessionStore;
  #committer: SessionCommitter;

  /** @param options Defaults are filled in here, once. */
  constructor(options: SessionManagerOptions) {
    this.#options = resolveSessionOptions(options);
    if (options.store) {
      this.#store = options.store;
    } else if (options.kv) {
      this.#store = new KvSessionStore(options.kv, {
        logger: this.#options.logger,
      });
    } else {
      throw new TypeError(
        "Sessions need storage: pass { kv } (the Deno.Kv opened in utils/kv/db.ts) or { store }.",
      );
    }
    this.#committer = new SessionCommitter(
      this.#store,
      this.#options,
      new NewSessionLimiter(
        this.#options.newSessionsPerMinute,
        this.#options.now,
      ),
    );
  }

  /** The store sessions are kept in. */
  get store(): SessionStore {
    return this.#store;
  }

  /** The resolved options. */
  get options(): Readonly<ResolvedSessionOptions> {
    return this.#options;
  }

  /**
   * Whether `request` arrived over https, by the `secure` and `trustProxy`
   * options.
   *
   * @param request The incoming request.
   */
  isSecure(request: Request): boolean {
    return isSecureRequest(request, this.#options);
  }

  /**
   * The session cookie name for a request: the `cookieName` option, or
   * `__Host-sid` on https and `sid` on http.
   *
   * @param secure Whether the request is https.
   */
  cookieName(secure: boolean): string {
    return sessionCookieName(this.#options, secure);
  }

  /**
   * Reads the session a request carries. Never throws for bad input: a
   * missing, malformed, unknown, expired or corrupt session is an empty
   * anonymous one. Malformed cookies cost no KV read; a well-formed one
   * costs exactly one.
   *
   * Of several cookies with the session name, the first well-formed one is
   * used (browsers send the most specific path first; the `__Host-` name
   * rules out cookies tossed from other subdomains). The others are ignored.
   *
   * @param request The incoming request.
   * @param options The client's address, for the new-session limit.
   * @throws {SessionUnavailableError} when the store stays locked.
   */
  loadSession(
    request: Request,
    options: LoadSessionOptions = {},
  ): Promise<Session> {
    return withSpan("session.load", {}, () => this.#load(request, options));
  }

  async #load(
    request: Request,
    options: LoadSessionOptions,
  ): Promise<Session> {
    const secure = this.isSecure(request);
    const cookieName = this.cookieName(secure);
    const header = request.headers.get("cookie");
    const raw = getCookie(header, cookieName, isWellFormedToken);
    let origin: SessionState["origin"] = null;
    if (raw !== undefined && isWellFormedToken(raw)) {
      const stored = await this.#store.load(hashToken(raw));
      if (
        stored &&
        isRecordAlive(stored.record, this.#options.now(), this.#options)
      ) {
        origin = { ...stored, token: raw };
      }
    }
    const state = new SessionState({
      origin,
      cookiePresent: raw !== undefined ||
        getCookie(header, cookieName) !== undefined,
      cookieName,
      secure,
      userAgent: summarizeUserAgent(request.headers.get("user-agent")),
      clientAddress: options.clientAddress,
      options: this.#options,
      store: this.#store,
    });
    return new Session(state);
  }

  /**
   * Saves the session if it changed (or touches it when due) and writes the
   * response headers: `Set-Cookie` when the cookie must change, and
   * `Vary: Cookie` plus `Cache-Control: private` when the response depended
   * on the session. Returns whether `headers` changed.
   *
   * Nothing is written for a session that was never given data.
   *
   * @param session A session from {@linkcode loadSession}.
   * @param headers Response headers to update (must be mutable).
   * @throws {SessionTooLargeError} the merged session does not fit; nothing
   *   was written.
   * @throws {SessionUnavailableError} the store stayed locked or the
   *   session kept changing under us; nothing was written.
   */
  commitSession(session: Session, headers: Headers): Promise<boolean> {
    const state = sessionState(session);
    // Only a commit that may write gets a span: most requests change nothing.
    if (!state.modified && !state.origin) {
      return this.#committer.commit(state, headers);
    }
    return withSpan(
      "session.commit",
      { "session.modified": state.modified },
      () => this.#committer.commit(state, headers),
    );
  }
}

/**
 * Creates a {@linkcode SessionManager}. Options are validated here, so a
 * misconfiguration fails at startup.
 *
 * @param options `kv` (or `store`) plus any {@linkcode SessionOptions}.
 * @example
 * ```ts
 * const sessions = createSessionManager({ kv, idleTimeout: 3600 });
 * ```
 */
export function createSessionManager(
  options: SessionManagerOptions,
): SessionManager {
  return new SessionManager(options);
}
