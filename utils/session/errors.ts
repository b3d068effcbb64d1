/**
 * The typed errors of the session layer. Each one is an HTTP outcome that
 * the session middleware catches and turns into a small error page:
 * {@linkcode SessionTooLargeError} becomes 413,
 * {@linkcode SessionUnavailableError} 503 with `Retry-After`,
 * {@linkcode SessionLimitedError} 429 with `Retry-After`, and
 * {@linkcode SessionGuardError} 409.
 *
 * Hostile input (bad cookies, unknown tokens) never throws; it yields an
 * empty anonymous session. Misconfiguration throws a plain `Error` or
 * `TypeError` at startup instead.
 *
 * @module
 */

/**
 * The session would not fit in one Deno KV value (64 KiB). Thrown by
 * `Session.set()`/`update()` before anything changes, or by the save when
 * concurrent changes merged into a value that is too large. Nothing is
 * written in either case.
 *
 * @example
 * ```ts
 * try {
 *   session.set("draft", hugeText);
 * } catch (error) {
 *   if (error instanceof SessionTooLargeError) return new Response("Too big", { status: 413 });
 *   throw error;
 * }
 * ```
 */
export class SessionTooLargeError extends Error {
  /** The HTTP status the middleware answers with. */
  readonly status = 413;
  /** The estimated encoded size of the data in bytes; NaN when unknown. */
  readonly size: number;
  /** The largest encoded size the store accepts, in bytes. */
  readonly limit: number;

  /**
   * @param size The estimated encoded size that was rejected (NaN: unknown).
   * @param limit The limit it was checked against.
   * @param key The session key whose write crossed the limit, if known.
   */
  constructor(size: number, limit: number, key?: string) {
    super(
      `Session data too large: ${
        Number.isNaN(size) ? "over" : `about ${size} bytes encoded,`
      } limit ${limit}` +
        (key === undefined ? "" : ` (while setting ${JSON.stringify(key)})`) +
        ". Store large data elsewhere and keep only an id in the session.",
    );
    this.name = "SessionTooLargeError";
    this.size = size;
    this.limit = limit;
  }
}

/**
 * The session store could not be reached in time: the KV file stayed locked
 * by another process, or concurrent writers kept winning the compare-and-set.
 * The middleware answers 503 with `Retry-After: retryAfter`. Nothing was
 * written.
 */
export class SessionUnavailableError extends Error {
  /** The HTTP status the middleware answers with. */
  readonly status = 503;
  /** Seconds the client should wait before retrying. */
  readonly retryAfter: number;

  /**
   * @param message What failed, for the server log (never shown to clients).
   * @param retryAfter Seconds for the `Retry-After` header.
   * @param options The underlying error, as `cause`.
   */
  constructor(message: string, retryAfter = 1, options?: ErrorOptions) {
    super(message, options);
    this.name = "SessionUnavailableError";
    this.retryAfter = Math.max(1, Math.ceil(retryAfter));
  }
}

/**
 * The client address started too many sessions lately (the
 * `newSessionsPerMinute` option): the new session was not saved, and
 * nothing was written. The middleware serves a GET page without the
 * session and answers anything else 429 with `Retry-After: retryAfter`.
 */
export class SessionLimitedError extends Error {
  /** The HTTP status the middleware answers with. */
  readonly status = 429;
  /** Seconds until the address may start a session again. */
  readonly retryAfter: number;

  /** @param retryAfter Seconds for the `Retry-After` header. */
  constructor(retryAfter: number) {
    super("Too many new sessions from this client address");
    this.name = "SessionLimitedError";
    this.retryAfter = Math.max(1, Math.ceil(retryAfter));
  }
}

/**
 * A sign-in was checked against a record that changed before the session
 * could be saved: the password was changed, or the account deleted, while
 * the password was being verified. The middleware answers 409; nothing was
 * written, so the visitor is not signed in.
 */
export class SessionGuardError extends Error {
  /** The HTTP status the middleware answers with. */
  readonly status = 409;

  /** @param message What changed, for the server log. */
  constructor(message = "A record the sign-in was checked against changed") {
    super(message);
    this.name = "SessionGuardError";
  }
}

/** The errors the session middleware maps to an HTTP response. */
export type SessionHttpError =
  | SessionTooLargeError
  | SessionUnavailableError
  | SessionLimitedError
  | SessionGuardError;

/**
 * Tells whether `error` is one of the session errors that map to an HTTP
 * status.
 *
 * @param error Anything caught.
 */
export function isSessionHttpError(error: unknown): error is SessionHttpError {
  return error instanceof SessionTooLargeError ||
    error instanceof SessionUnavailableError ||
    error instanceof SessionLimitedError ||
    error instanceof SessionGuardError;
}
