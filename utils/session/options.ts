/**
 * Configuration of the session layer: {@linkcode SessionOptions} with every
 * default written down, and the one place defaults are filled in (reading
 * them from environment variables is options_env.ts).
 *
 * Misconfiguration throws here, at startup, with a message that names the
 * option and the fix.
 *
 * @module
 */
import { maxKvExpirySeconds, positiveOption } from "../positive_option.ts";
import { consoleLogger, type SessionLogger } from "./logger.ts";

/** Whether the cookie gets `Secure` (and the `__Host-` name). */
export type SecureMode = "auto" | boolean;

/** The values `SESSION_SECURE` accepts. */
export const SECURE_MODES = ["auto", "true", "false"] as const;

/** Options of the session manager and middleware. All are optional. */
export interface SessionOptions {
  /**
   * Cookie name. By default `__Host-sid` on https (the `__Host-` prefix
   * makes browsers refuse it without `Secure`, with a `Domain`, or with a
   * path other than `/`, which blocks cookie tossing from subdomains) and
   * `sid` on plain http, where browsers refuse `__Host-` cookies.
   * @default "__Host-sid" on https, "sid" on http
   */
  cookieName?: string;
  /**
   * `"auto"`: `Secure` when the request is https (see `trustProxy`).
   * @default "auto"
   */
  secure?: SecureMode;
  /**
   * Believe `X-Forwarded-Proto: https` from a reverse proxy. Only enable it
   * behind a proxy that overwrites the header.
   * @default false
   */
  trustProxy?: boolean;
  /**
   * Seconds without activity after which a session dies.
   * @default 1209600 (14 days)
   */
  idleTimeout?: number;
  /**
   * Seconds after creation (or login) after which a session dies anyway.
   * @default 2592000 (30 days)
   */
  absoluteTimeout?: number;
  /**
   * Seconds a session lives when the request that started it brought no
   * live session cookie. A client that never sends the cookie back (a
   * script, a crawler) leaves a row that is gone after this; when the
   * browser presents the cookie again, the session gets the full
   * `idleTimeout`. Capped by `idleTimeout`.
   * @default 3600 (1 hour)
   */
  provisionalTimeout?: number;
  /**
   * Idle timeout, in seconds, of a session kept only until the browser
   * closes, as `session.keepSignedIn(false)` makes it (a sign-in without
   * "Keep me signed in"). Capped by `idleTimeout`.
   * @default 43200 (12 hours)
   */
  browserIdleTimeout?: number;
  /**
   * Most sessions one client address may start per minute (a burst of this
   * many, then as many per minute). Past it, the save throws
   * `SessionLimitedError` (429) and writes nothing. Counted in memory, per
   * process: with several workers each one counts on its own.
   * @default 100
   */
  newSessionsPerMinute?: number;
  /**
   * Whether cookies get `Max-Age` (survive a browser restart) unless
   * `setExpiry(0)` says otherwise. Django's
   * `SESSION_EXPIRE_AT_BROWSER_CLOSE = False`.
   * @default true
   */
  persistent?: boolean;
  /**
   * The clock, in epoch milliseconds. Inject one in tests.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Receives session events (created, rotated, destroyed, revoked).
   * @default consoleLogger
   */
  logger?: SessionLogger;
  /**
   * How many times a save that lost a compare-and-set race re-reads,
   * re-applies its changes and tries again before answering 503.
   * @default 16
   */
  maxConflictRetries?: number;
}

/** {@linkcode SessionOptions} with every default filled in. */
export interface ResolvedSessionOptions {
  /** null: derive from the scheme of each request. */
  cookieName: string | null;
  secure: SecureMode;
  trustProxy: boolean;
  idleTimeout: number;
  absoluteTimeout: number;
  provisionalTimeout: number;
  browserIdleTimeout: number;
  newSessionsPerMinute: number;
  persistent: boolean;
  now: () => number;
  logger: SessionLogger;
  maxConflictRetries: number;
}

/** 14 days in seconds. */
export const DEFAULT_IDLE_TIMEOUT = 14 * 24 * 60 * 60;
/** 30 days in seconds. */
export const DEFAULT_ABSOLUTE_TIMEOUT = 30 * 24 * 60 * 60;
/** 1 hour in seconds. */
export const DEFAULT_PROVISIONAL_TIMEOUT = 60 * 60;

/** The default of `browserIdleTimeout`: 12 hours. */
export const DEFAULT_BROWSER_IDLE_TIMEOUT = 12 * 60 * 60;
/** New sessions per client address per minute. */
export const DEFAULT_NEW_SESSIONS_PER_MINUTE = 100;

/**
 * The longest idle timeout, in seconds: 400 days. The cookie's `Max-Age` is
 * the idle timeout, and browsers cap `Max-Age` at 400 days, so a longer
 * one would end sessions in the browser that the server still keeps.
 *
 * @see https://www.ietf.org/archive/id/draft-ietf-httpbis-rfc6265bis-15.html#section-5.6.2
 */
export const MAX_IDLE_TIMEOUT = 400 * 24 * 60 * 60;

/** RFC 6265 token characters: what a cookie name may contain. */
export const COOKIE_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why an idle timeout is capped, for error messages. */
export const IDLE_LIMIT = "400 days, the longest cookie lifetime browsers keep";
/** Why the absolute timeout is capped, for error messages. */
export const ABSOLUTE_LIMIT = "the latest expiry Deno KV stores";

/**
 * Fills in defaults and validates. Called once by the manager factory.
 *
 * @param options What the application passed.
 * @example
 * ```ts
 * resolveSessionOptions({ idleTimeout: 3600 }).absoluteTimeout; // 2592000
 * ```
 */
export function resolveSessionOptions(
  options: SessionOptions = {},
): ResolvedSessionOptions {
  const secure = options.secure ?? "auto";
  if (secure !== "auto" && secure !== true && secure !== false) {
    throw new TypeError(
      `Session option secure must be "auto", true or false, got ${
        String(secure)
      }.`,
    );
  }
  const cookieName = options.cookieName ?? null;
  if (cookieName !== null) {
    if (typeof cookieName !== "string" || !COOKIE_NAME_RE.test(cookieName)) {
      throw new TypeError(
        `Session option cookieName ${
          JSON.stringify(cookieName)
        } is not a valid cookie name: use letters, digits and !#$%&'*+-.^_\`|~.`,
      );
    }
    if (/^__(?:Host|Secure)-/i.test(cookieName) && secure === false) {
      throw new TypeError(
        `Session cookie name ${cookieName} needs Secure: set secure to "auto" or true, or drop the prefix.`,
      );
    }
  }
  const maxConflictRetries = options.maxConflictRetries ?? 16;
  if (!Number.isSafeInteger(maxConflictRetries) || maxConflictRetries < 0) {
    throw new TypeError(
      "Session option maxConflictRetries must be a whole number >= 0.",
    );
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    throw new TypeError("Session option now must be a function returning ms.");
  }
  const now = options.now ?? Date.now;
  const idleTimeout = positiveOption(
    "Session",
    "idleTimeout",
    options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT,
    MAX_IDLE_TIMEOUT,
    { unit: "seconds", why: IDLE_LIMIT },
  );
  return {
    cookieName,
    secure,
    trustProxy: options.trustProxy ?? false,
    idleTimeout,
    absoluteTimeout: positiveOption(
      "Session",
      "absoluteTimeout",
      options.absoluteTimeout ?? DEFAULT_ABSOLUTE_TIMEOUT,
      maxKvExpirySeconds(now()),
      { unit: "seconds", why: ABSOLUTE_LIMIT },
    ),
    provisionalTimeout: positiveOption(
      "Session",
      "provisionalTimeout",
      options.provisionalTimeout ?? DEFAULT_PROVISIONAL_TIMEOUT,
      MAX_IDLE_TIMEOUT,
      { unit: "seconds", why: IDLE_LIMIT },
    ),
    // Not keeping the sign-in must never keep it longer than keeping it.
    browserIdleTimeout: Math.min(
      idleTimeout,
      positiveOption(
        "Session",
        "browserIdleTimeout",
        options.browserIdleTimeout ?? DEFAULT_BROWSER_IDLE_TIMEOUT,
        MAX_IDLE_TIMEOUT,
        { unit: "seconds", why: IDLE_LIMIT },
      ),
    ),
    newSessionsPerMinute: positiveOption(
      "Session",
      "newSessionsPerMinute",
      options.newSessionsPerMinute ?? DEFAULT_NEW_SESSIONS_PER_MINUTE,
    ),
    persistent: options.persistent ?? true,
    now,
    logger: options.logger ?? consoleLogger,
    maxConflictRetries,
  };
}
