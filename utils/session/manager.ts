/**
 * The framework-agnostic core: `loadSession(request)` turns a request into
 * a {@linkcode Session}, and `commitSession(session, headers)` saves it and
 * writes `Set-Cookie`, `Vary` and `Cache-Control` into response headers.
 *
 * Policy lives here: lazy creation (no cookie and no write until something
 * is stored), expiry checks on every read, throttled touches, token
 * rotation, and lossless concurrent saves (compare-and-set, then re-read and
 * replay this request's change log, under a per-session in-process queue).
 *
 * @module
 */
import {
  generateDeleteCookie,
  generateSetCookie,
  getCookie,
} from "../cookie.ts";
import { SessionData } from "./data.ts";
import { SessionLimitedError, SessionUnavailableError } from "./errors.ts";
import { KvSessionStore, sleep } from "./kv_store.ts";
import {
  type ResolvedSessionOptions,
  resolveSessionOptions,
  type SessionOptions,
} from "./options.ts";
import { Session, SessionState, sessionState } from "./session.ts";
import type {
  SessionCommit,
  SessionRecord,
  SessionStore,
  StoredSession,
} from "./store.ts";
import {
  generateRef,
  generateToken,
  hashToken,
  isWellFormedToken,
  logHash,
  type SessionToken,
  type TokenHash,
} from "./token.ts";
import { summarizeUserAgent } from "./user_agent.ts";
import { withSpan } from "../tracing.ts";
import { NewSessionLimiter } from "./new_session_limit.ts";

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

/** A touch refreshes the idle timeout at most once per this fraction of it. */
export const TOUCH_FRACTION = 10;

/**
 * Tells whether a stored record is still alive at `now` under `options`.
 * The record's own `expiresAt` is authoritative; the configured absolute
 * lifetime is checked as well so that shortening it applies at once.
 *
 * @param record The stored record.
 * @param now Epoch ms.
 * @param options Resolved options.
 */
export function isRecordAlive(
  record: SessionRecord,
  now: number,
  options: Pick<ResolvedSessionOptions, "absoluteTimeout">,
): boolean {
  return now < record.expiresAt && now < record.absoluteExpiresAt &&
    now < record.lastActiveAt + record.idleTimeout * 1000 &&
    now < record.createdAt + options.absoluteTimeout * 1000;
}

/**
 * Whether `request` arrived over https, by the `secure` and `trustProxy`
 * options: what decides `Secure` and the `__Host-` prefix of cookies.
 *
 * @param request The incoming request.
 * @param options `secure` ("auto", true or false) and `trustProxy`.
 * @example
 * ```ts
 * isSecureRequest(req, { secure: "auto", trustProxy: false });
 * ```
 */
export function isSecureRequest(
  request: Request,
  options: Pick<ResolvedSessionOptions, "secure" | "trustProxy">,
): boolean {
  const { secure, trustProxy } = options;
  if (secure !== "auto") return secure;
  if (request.url.startsWith("https:")) return true;
  if (!trustProxy) return false;
  // A chain of proxies appends; the first value is the client-facing one.
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0];
  return proto?.trim().toLowerCase() === "https";
}

interface QueueEntry {
  tail: Promise<unknown>;
  waiting: number;
  /** What this process last committed for the hash; "gone" once deleted. */
  latest?: StoredSession | "gone";
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
  #queues = new Map<string, QueueEntry>();
  #newSessions: NewSessionLimiter;

  /** @param options Defaults are filled in here, once. */
  constructor(options: SessionManagerOptions) {
    this.#options = resolveSessionOptions(options);
    this.#newSessions = new NewSessionLimiter(
      this.#options.newSessionsPerMinute,
      this.#options.now,
    );
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
    return this.#options.cookieName ?? (secure ? "__Host-sid" : "sid");
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
      return this.#commit(state, headers);
    }
    return withSpan(
      "session.commit",
      { "session.modified": state.modified },
      () => this.#commit(state, headers),
    );
  }

  async #commit(state: SessionState, headers: Headers): Promise<boolean> {
    let cookie: string | null = null;
    if (state.modified) {
      cookie = await this.#serialize(
        state.origin?.hash ?? null,
        (entry) => this.#save(state, entry),
      );
    } else if (state.origin && this.#touchDue(state.origin.record)) {
      cookie = await this.#serialize(
        state.origin.hash,
        (entry) => this.#touch(state, entry),
      );
    }
    let changed = false;
    if (cookie !== null) {
      headers.append("set-cookie", cookie);
      changed = true;
    }
    if (state.accessed || cookie !== null) {
      changed = markPrivate(headers) || changed;
    }
    return changed;
  }

  #touchDue(record: SessionRecord): boolean {
    // The browser presented the cookie of a provisional session: it is
    // kept, so it gets the full idle timeout now.
    if (record.provisional) return true;
    const interval = (record.idleTimeout * 1000) / TOUCH_FRACTION;
    return this.#options.now() - record.lastActiveAt >= interval;
  }

  /** Runs saves of one session one at a time within this process. */
  async #serialize<T>(
    key: string | null,
    run: (entry: QueueEntry | undefined) => Promise<T>,
  ): Promise<T> {
    if (key === null) return run(undefined);
    let entry = this.#queues.get(key);
    if (!entry) {
      entry = { tail: Promise.resolve(), waiting: 0 };
      this.#queues.set(key, entry);
    }
    entry.waiting++;
    const current = entry;
    const result = current.tail.then(() => run(current));
    current.tail = result.catch(() => {});
    try {
      return await result;
    } finally {
      if (--current.waiting === 0) this.#queues.delete(key);
    }
  }

  async #touch(
    state: SessionState,
    entry: QueueEntry | undefined,
  ): Promise<string | null> {
    const origin = state.origin!;
    // A save queued before us already refreshed it.
    if (entry?.latest !== undefined) return null;
    const now = this.#options.now();
    const { provisional: _, ...kept } = origin.record;
    const record: SessionRecord = {
      ...kept,
      lastActiveAt: now,
      expiresAt: Math.min(
        now + origin.record.idleTimeout * 1000,
        origin.record.absoluteExpiresAt,
      ),
    };
    let version: string | null;
    try {
      version = await this.#store.commit({
        put: {
          hash: origin.hash,
          record,
          expected: origin.version,
          expireIn: record.expiresAt - now,
        },
      });
    } catch (error) {
      // A touch is an optimisation; a busy store must not fail the request.
      if (!(error instanceof SessionUnavailableError)) throw error;
      this.#options.logger.warn("session touch skipped: store busy", {
        session: logHash(origin.token),
      });
      return null;
    }
    // On conflict another request wrote it, which refreshed it as well.
    if (version === null) return null;
    state.origin = { ...origin, record, version };
    if (entry) entry.latest = state.origin;
    return this.#sessionCookie(state, origin.token, record, now);
  }

  async #save(
    state: SessionState,
    entry: QueueEntry | undefined,
  ): Promise<string | null> {
    const options = this.#options;
    const origin = state.origin;
    if (origin === null && state.clientAddress !== undefined) {
      // A session is about to start for a request with no live session.
      const starts = state.data.size > 0 || state.userId !== undefined;
      const retryAfter = starts
        ? this.#newSessions.take(state.clientAddress)
        : 0;
      if (retryAfter > 0) throw new SessionLimitedError(retryAfter);
    }
    let fresh: { token: SessionToken; hash: TokenHash } | null = null;
    for (let attempt = 0; attempt <= options.maxConflictRetries; attempt++) {
      if (attempt > 1) {
        // Jittered backoff: the other writer is in another process.
        await sleep(Math.random() * Math.min(2 ** attempt, 100));
      }
      const now = options.now();
      let base: StoredSession | null = null;
      if (origin) {
        if (attempt === 0) {
          const latest = entry?.latest;
          base = latest === "gone"
            ? null
            : latest && latest.version > origin.version
            ? latest
            : origin;
        } else {
          base = await this.#store.load(origin.hash);
        }
        if (base && !isRecordAlive(base.record, now, options)) base = null;
      }
      // If the session vanished (revoked, flushed or expired elsewhere), its
      // data and user go with it: only this request's changes survive.
      const alive = base !== null;
      const carried = alive && !state.flushed;
      let data: SessionData;
      if (state.flushed || base === origin) {
        // The in-memory data already is the log applied to the right base:
        // the loaded record, or nothing (new or flushed session). Reusing
        // it also avoids running update functions a second time.
        data = state.data;
      } else {
        data = carried ? SessionData.fromObject(base!.data) : new SessionData();
        data.apply(state.log);
      }
      const userId = state.userChanged
        ? state.userId
        : carried
        ? base!.record.userId
        : undefined;
      const loggingIn = state.userChanged && state.userId !== undefined;
      const keep = carried && !state.cycle && !state.userChanged;

      const record = this.#buildRecord(state, carried ? base! : null, {
        data,
        userId,
        loggingIn,
        now,
      });
      // Nothing worth creating a session for. A kept session emptied by
      // delete()/clear() is still written (not destroyed), so that a
      // concurrent request adding a key to it is not lost; only flush()
      // and logout() destroy a session.
      const empty = (!keep && data.size === 0 && userId === undefined) ||
        record.expiresAt <= now;

      const commit: SessionCommit = {};
      if (loggingIn && state.loginGuard) commit.guards = [state.loginGuard];
      let target: { token: SessionToken; hash: TokenHash } | null = null;
      if (alive && (!keep || empty)) {
        commit.remove = [{ hash: base!.hash, expected: base!.version }];
        const oldUser = base!.record.userId;
        const reusedIndexKey = !empty && userId === oldUser &&
          record.ref === base!.record.ref;
        if (oldUser !== undefined && !reusedIndexKey) {
          commit.indexRemove = [{ userId: oldUser, ref: base!.record.ref }];
        }
      }
      if (!empty) {
        if (keep) {
          target = { token: origin!.token, hash: base!.hash };
        } else {
          if (!fresh) {
            const token = generateToken();
            fresh = { token, hash: hashToken(token) };
          }
          target = fresh;
        }
        commit.put = {
          hash: target.hash,
          record,
          expected: keep ? base!.version : null,
          expireIn: record.expiresAt - now,
        };
        if (userId !== undefined && !keep) {
          commit.indexPut = {
            userId,
            ref: record.ref,
            entry: {
              hash: target.hash,
              createdAt: record.createdAt,
              userAgent: record.userAgent,
            },
            expireIn: record.absoluteExpiresAt - now,
          };
        }
      }

      let version: string | null = null;
      if (commit.put || commit.remove) {
        version = await this.#store.commit(commit);
        if (version === null) continue; // lost the race: re-read and replay
      }
      return this.#committed(state, entry, {
        base,
        target,
        record,
        data,
        version,
        now,
      });
    }
    options.logger.warn("session save gave up after repeated conflicts", {
      attempts: options.maxConflictRetries + 1,
    });
    throw new SessionUnavailableError(
      "Session save kept conflicting with concurrent writers",
      1,
    );
  }

  #buildRecord(
    state: SessionState,
    base: StoredSession | null,
    init: {
      data: SessionData;
      userId: string | undefined;
      loggingIn: boolean;
      now: number;
    },
  ): SessionRecord {
    const options = this.#options;
    const { now } = init;
    // A login starts a new authenticated session with a fresh lifetime;
    // cycleId() alone keeps the original creation time and reference.
    const inherit = base !== null && !init.loggingIn ? base.record : null;
    const createdAt = inherit?.createdAt ?? now;
    const expiry = state.expiry;
    let absoluteExpiresAt = inherit?.absoluteExpiresAt ??
      createdAt + options.absoluteTimeout * 1000;
    if (expiry) {
      absoluteExpiresAt = Math.min(
        createdAt + options.absoluteTimeout * 1000,
        expiry.until ?? Infinity,
      );
    }
    const idleTimeout = expiry?.idleTimeout ?? inherit?.idleTimeout ??
      options.idleTimeout;
    // Started by a request that brought no live session: short-lived until
    // the browser shows it keeps the cookie (see #touchDue).
    const provisional = state.origin === null;
    const lifetime = provisional
      ? Math.min(idleTimeout, options.provisionalTimeout)
      : idleTimeout;
    const record: SessionRecord = {
      v: 1,
      data: init.data.toJson(),
      createdAt,
      lastActiveAt: now,
      absoluteExpiresAt,
      expiresAt: Math.min(now + lifetime * 1000, absoluteExpiresAt),
      idleTimeout,
      persistent: expiry?.persistent ?? inherit?.persistent ??
        options.persistent,
      // A session that vanished under us must not hand its public ref on.
      ref: inherit?.ref ??
        (state.ref === state.origin?.record.ref ? generateRef() : state.ref),
      userAgent: inherit?.userAgent ?? state.userAgent,
    };
    if (init.userId !== undefined) record.userId = init.userId;
    if (provisional) record.provisional = true;
    return record;
  }

  #committed(
    state: SessionState,
    entry: QueueEntry | undefined,
    result: {
      base: StoredSession | null;
      target: { token: SessionToken; hash: TokenHash } | null;
      record: SessionRecord;
      data: SessionData;
      version: string | null;
      now: number;
    },
  ): string | null {
    const { base, target, record, data, version, now } = result;
    const logger = this.#options.logger;
    const oldToken = state.origin?.token;
    const hadCookie = state.cookiePresent || state.origin !== null;
    const originHash = state.origin?.hash;
    if (target && version !== null) {
      state.origin = {
        hash: target.hash,
        token: target.token,
        record,
        data: JSON.parse(record.data),
        version,
      };
      if (oldToken !== target.token) {
        if (base && oldToken) {
          logger.info("session rotated", {
            from: logHash(oldToken),
            to: logHash(target.token),
          });
        }
        // No line for a new session: a flood of cookieless requests would
        // write one per request.
        if (record.userId !== undefined && state.userChanged) {
          logger.info("session bound to user", {
            session: logHash(target.token),
          });
        }
      }
    } else {
      if (base && oldToken) {
        logger.info("session destroyed", { session: logHash(oldToken) });
      }
      state.origin = null;
    }
    if (entry) {
      // Later saves queued on the same hash start from this, not a re-read.
      entry.latest = target?.hash === originHash && state.origin
        ? state.origin
        : "gone";
    }
    // The merged data becomes what the rest of this request sees; it is a
    // separate copy so that mutating it cannot alter `entry.latest`.
    state.data = data === state.data
      ? data
      : SessionData.fromObject(JSON.parse(record.data));
    state.log = [];
    state.flushed = false;
    state.cycle = false;
    state.userChanged = false;
    state.loginGuard = null;
    state.expiry = null;
    state.modified = false;
    state.userId = target ? record.userId : undefined;
    state.ref = target ? record.ref : state.ref;
    if (target) {
      state.cookiePresent = true;
      return this.#sessionCookie(state, target.token, record, now);
    }
    if (hadCookie) {
      state.cookiePresent = false;
      return generateDeleteCookie(state.cookieName, this.#attributes(state));
    }
    return null;
  }

  #attributes(state: SessionState) {
    return {
      path: "/",
      httpOnly: true,
      sameSite: "lax" as const,
      secure: state.secure,
    };
  }

  #sessionCookie(
    state: SessionState,
    token: SessionToken,
    record: SessionRecord,
    now: number,
  ): string {
    return generateSetCookie({
      name: state.cookieName,
      value: token,
      ...this.#attributes(state),
      maxAge: record.persistent
        ? Math.max(0, Math.ceil((record.expiresAt - now) / 1000))
        : undefined,
    });
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

/**
 * Marks a response as depending on the session: appends `Vary: Cookie`
 * (keeping other Vary values) and makes it `private` for caches, replacing
 * a `public` directive. Returns whether anything changed.
 *
 * @param headers Mutable response headers.
 */
export function markPrivate(headers: Headers): boolean {
  let changed = false;
  const vary = headers.get("vary");
  const varyTokens = vary?.toLowerCase().split(",").map((v) => v.trim()) ??
    [];
  if (!varyTokens.includes("cookie") && !varyTokens.includes("*")) {
    headers.append("vary", "Cookie");
    changed = true;
  }
  const cacheControl = headers.get("cache-control");
  if (cacheControl === null) {
    headers.set("cache-control", "private");
    return true;
  }
  const directives = cacheControl.split(",").map((d) => d.trim()).filter(
    Boolean,
  );
  const names = directives.map((d) => d.split("=")[0].toLowerCase());
  if (names.includes("private") && !names.includes("public")) return changed;
  if (names.includes("no-store") && !names.includes("public")) return changed;
  // `public` would let a shared cache hand one visitor's page to another.
  const kept = directives.filter((_, i) => names[i] !== "public");
  if (!names.includes("private") && !names.includes("no-store")) {
    kept.unshift("private");
  }
  headers.set("cache-control", kept.join(", "));
  return true;
}
