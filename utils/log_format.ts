/**
 * `LOG_FORMAT`: how the app writes its logs, read and checked at start-up.
 *
 * @module
 */
import { ConfigError } from "./config_error.ts";

/** The values `LOG_FORMAT` takes. */
export const LOG_FORMATS = ["text", "json"] as const;
/** How log lines are written. */
export type LogFormat = typeof LOG_FORMATS[number];

function isLogFormat(value: string): value is LogFormat {
  return (LOG_FORMATS as readonly string[]).includes(value);
}

/**
 * Reads `LOG_FORMAT`: `text` (the default) or `json`.
 *
 * @throws {ConfigError} naming the variable, for any other value.
 */
export function logFormatFromEnv(
  env: Pick<Deno.Env, "get"> = Deno.env,
): LogFormat {
  const raw = env.get("LOG_FORMAT")?.trim().toLowerCase() || "text";
  if (!isLogFormat(raw)) {
    throw new ConfigError(
      `LOG_FORMAT must be "text" or "json", got ${
        JSON.stringify(env.get("LOG_FORMAT"))
      }.`,
    );
  }
  return raw;
}
