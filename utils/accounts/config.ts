/**
 * The account services' settings, read from the environment and checked
 * once at start-up (pure, so the launcher checks them before starting):
 *
 * - `LOGIN_TRUST_FORWARDED_FOR=true`: take the client address for the
 *   guessing limits from `X-Forwarded-For` (only behind a proxy that sets
 *   it). Default: the TCP peer.
 * - `SIGNUP_MAX_PER_ADDRESS`: sign-ups allowed per client address per
 *   hour. Default: 10.
 * - `SIGNUP_CHECKS_PER_ADDRESS`: usernames sign-up answers about
 *   ("taken" or not) per client address per 15 minutes. Default: 20.
 *
 * @module
 */
import { ConfigError } from "../config_error.ts";
import type { EnvReader } from "../kv/location.ts";

/** What {@linkcode accountsConfigFromEnv} reads. */
export interface AccountsConfig {
  trustForwardedFor: boolean;
  signupMaxPerAddress: number;
  signupChecksPerAddress: number;
}

function envFlag(env: EnvReader, name: string): boolean {
  const raw = env.get(name)?.trim().toLowerCase();
  if (raw === undefined || raw === "" || raw === "false" || raw === "0") {
    return false;
  }
  if (raw === "true" || raw === "1") return true;
  throw new ConfigError(
    `Environment variable ${name} must be true or false, got ${
      JSON.stringify(raw)
    }.`,
  );
}

function envCount(env: EnvReader, name: string, fallback: number): number {
  const raw = env.get(name)?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(
      `Environment variable ${name} must be a positive whole number, got ${
        JSON.stringify(raw)
      }.`,
    );
  }
  return value;
}

/**
 * Reads and checks the account variables.
 *
 * @param env Where to read them.
 * @throws {ConfigError} naming the variable.
 */
export function accountsConfigFromEnv(env: EnvReader): AccountsConfig {
  return {
    trustForwardedFor: envFlag(env, "LOGIN_TRUST_FORWARDED_FOR"),
    signupMaxPerAddress: envCount(env, "SIGNUP_MAX_PER_ADDRESS", 10),
    signupChecksPerAddress: envCount(
      env,
      "SIGNUP_CHECKS_PER_ADDRESS",
      20,
    ),
  };
}
