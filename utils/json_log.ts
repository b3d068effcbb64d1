/**
 * JSON log lines, for `LOG_FORMAT=json`: one object per line, with `time`,
 * `level` and `msg` first, so that a log shipper can parse every line the
 * app writes.
 *
 * @module
 */

/** Levels of a JSON log line. */
export type JsonLogLevel = "info" | "warn" | "error";

/** One JSON log line (no newline). */
export function jsonLine(
  level: JsonLogLevel,
  msg: string,
  fields: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    time: new Date().toISOString(),
    level,
    msg,
    ...fields,
  });
}

/** A logger with the `info`/`warn` shape the session and messages take. */
export interface JsonEventLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

/**
 * A logger that writes the events of `component` (`session`, `messages`)
 * as JSON lines.
 *
 * @example
 * ```ts
 * session({ kv, logger: jsonEventLogger("session") });
 * ```
 */
export function jsonEventLogger(
  component: string,
  write: (line: string) => void = (line) => console.log(line),
): JsonEventLogger {
  return {
    info: (message, details) =>
      write(jsonLine("info", message, { component, ...details })),
    warn: (message, details) =>
      write(jsonLine("warn", message, { component, ...details })),
  };
}
