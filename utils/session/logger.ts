/**
 * The logger the session layer reports its events to. Log lines carry a
 * salted short hash of the token (`logHash`), never the token or its KV
 * hash.
 *
 * @module
 */

/** Structured details attached to a log line. */
export type LogDetails = Record<string, unknown>;

/**
 * Where session events go. `console` satisfies it, and so does any
 * structured logger with `info` and `warn`.
 */
export interface SessionLogger {
  /** Lifecycle events: created, rotated, destroyed, revoked. */
  info(message: string, details?: LogDetails): void;
  /** Trouble that was handled: corrupt records, retries, skipped touches. */
  warn(message: string, details?: LogDetails): void;
}

/** Writes to `console.info`/`console.warn`. */
export const consoleLogger: SessionLogger = {
  info: (message, details) =>
    console.info(`[session] ${message}`, details ?? ""),
  warn: (message, details) =>
    console.warn(`[session] ${message}`, details ?? ""),
};

/** Discards everything; handy in tests and benchmarks. */
export const silentLogger: SessionLogger = {
  info() {},
  warn() {},
};
