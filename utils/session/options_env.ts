/**
 * Session options from environment variables: each variable validated and
 * named in the error, at startup.
 *
 * @module
 */
import { ConfigError } from "../config_error.ts";
import { maxKvExpirySeconds } from "../positive_option.ts";
import {
  ABSOLUTE_LIMIT,
  COOKIE_NAME_RE,
  IDLE_LIMIT,
  MAX_IDLE_TIMEOUT,
  SECURE_MODES,
  type SessionOptions,
} from "./options.ts";

/** Anything with `get(name)`, such as `Deno.env` or a `Map`. */
export interface EnvReader {
  get(name: string): string | undefined;
}

function envSeconds(
  env: EnvReader,
  name: string,
  max: number,
  why: string,
  unit = " of seconds",
): number | undefined {
  const raw = env.get(name)?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (!/^[1-9][0-9]*$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new ConfigError(
      `Environment variable ${name} must be a positive whole number${unit}, got ${
        JSON.stringify(raw)
      }.`,
    );
  }
  const value = Number(raw);
  if (value > max) {
    throw new ConfigError(
      `Environment variable ${name} must be at most ${max}${
        unit ? " seconds" : ""
      } (${why}), got ${raw}.`,
    );
  }
  return value;
}

function envBoolean(env: EnvReader, name: string): boolean | undefined {
  const raw = env.get(name)?.trim().toLowerCase();
  if (raw === undefined || raw === "") return undefined;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new ConfigError(
    `Environment variable ${name} must be true or false, got ${
      JSON.stringify(raw)
    }.`,
  );
}

/**
 * Reads session options from the environment, validating each variable and
 * naming it in the error:
 *
 * - `SESSION_COOKIE_NAME`: cookie name
 * - `SESSION_IDLE_TIMEOUT`: seconds
 * - `SESSION_ABSOLUTE_TIMEOUT`: seconds
 * - `SESSION_PROVISIONAL_TIMEOUT`: seconds
 * - `SESSION_BROWSER_IDLE_TIMEOUT`: seconds
 * - `SESSION_NEW_PER_MINUTE`: new sessions per client address per minute
 * - `SESSION_SECURE`: `auto`, `true` or `false`
 * - `SESSION_PERSISTENT`: `true` or `false`
 * - `TRUST_PROXY`: `true` or `false`
 *
 * Unset or empty variables are left out, so defaults still apply. Call it
 * once at startup; it needs `--allow-env` when reading `Deno.env`.
 *
 * @param env Where to read from.
 * @example
 * ```ts
 * app.use(session({ kv, ...sessionOptionsFromEnv() }));
 * ```
 */
export function sessionOptionsFromEnv(
  env: EnvReader = Deno.env,
): SessionOptions {
  const options: SessionOptions = {};
  const cookieName = env.get("SESSION_COOKIE_NAME")?.trim();
  if (cookieName) {
    if (!COOKIE_NAME_RE.test(cookieName)) {
      throw new ConfigError(
        `Environment variable SESSION_COOKIE_NAME is not a valid cookie name: ${
          JSON.stringify(cookieName)
        }.`,
      );
    }
    options.cookieName = cookieName;
  }
  // The timeouts, each with the most it may be and why.
  const timeouts: [
    string,
    | "idleTimeout"
    | "absoluteTimeout"
    | "provisionalTimeout"
    | "browserIdleTimeout",
    number,
    string,
  ][] = [
    ["SESSION_IDLE_TIMEOUT", "idleTimeout", MAX_IDLE_TIMEOUT, IDLE_LIMIT],
    [
      "SESSION_ABSOLUTE_TIMEOUT",
      "absoluteTimeout",
      maxKvExpirySeconds(Date.now()),
      ABSOLUTE_LIMIT,
    ],
    [
      "SESSION_PROVISIONAL_TIMEOUT",
      "provisionalTimeout",
      MAX_IDLE_TIMEOUT,
      IDLE_LIMIT,
    ],
    [
      "SESSION_BROWSER_IDLE_TIMEOUT",
      "browserIdleTimeout",
      MAX_IDLE_TIMEOUT,
      IDLE_LIMIT,
    ],
  ];
  for (const [name, option, max, limit] of timeouts) {
    const seconds = envSeconds(env, name, max, limit);
    if (seconds !== undefined) options[option] = seconds;
  }
  const perMinute = envSeconds(
    env,
    "SESSION_NEW_PER_MINUTE",
    Number.MAX_SAFE_INTEGER,
    "",
    "",
  );
  if (perMinute !== undefined) options.newSessionsPerMinute = perMinute;
  const secure = env.get("SESSION_SECURE")?.trim().toLowerCase();
  if (secure) {
    if (!(SECURE_MODES as readonly string[]).includes(secure)) {
      throw new ConfigError(
        `Environment variable SESSION_SECURE must be auto, true or false, got ${
          JSON.stringify(secure)
        }.`,
      );
    }
    options.secure = secure === "auto" ? "auto" : secure === "true";
  }
  const persistent = envBoolean(env, "SESSION_PERSISTENT");
  if (persistent !== undefined) options.persistent = persistent;
  const trustProxy = envBoolean(env, "TRUST_PROXY");
  if (trustProxy !== undefined) options.trustProxy = trustProxy;
  if (
    /^__(?:Host|Secure)-/i.test(options.cookieName ?? "") &&
    options.secure === false
  ) {
    throw new ConfigError(
      "Environment variables SESSION_COOKIE_NAME and SESSION_SECURE conflict: a __Host-/__Secure- cookie needs SESSION_SECURE=auto or true.",
    );
  }
  return options;
}
