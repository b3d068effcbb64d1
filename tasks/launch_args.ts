/**
 * The command line `deno task serve` and `deno task serve:parallel` run the
 * app with, derived from the configuration so that each permission covers
 * what that configuration needs and nothing more:
 *
 * - `--allow-read`: the project (`.`), plus the KV file's folder;
 * - `--allow-write`: the KV file's folder only (none for `:memory:`, a
 *   remote KV or Deno Deploy's own);
 * - `--allow-net`: the address the server listens on (`HOST`:`PORT`), plus
 *   a remote KV's host (`deno serve` grants its own listening address);
 * - `--allow-env`: the configuration variables, `DENO_KV_ACCESS_TOKEN`
 *   included;
 * - `--v8-flags`: {@linkcode APP_V8_FLAGS}, unless `DENO_V8_FLAGS` is set.
 *
 * Pure, so that tests check the derivation without starting anything.
 *
 * @module
 */
import type { FreshConfig } from "../framework/server.ts";
import { parseShutdownTimeout } from "../framework/src/shutdown.ts";
import { accountsConfigFromEnv } from "../utils/accounts/config.ts";
import { logFormatFromEnv } from "../utils/log_format.ts";
import { ConfigError } from "../utils/config_error.ts";
import { checkFreshConfig } from "../utils/fresh_config_check.ts";
import {
  type EnvReader,
  kvPermissions,
  resolveKvLocation,
} from "../utils/kv/location.ts";
import { resolveSessionOptions } from "../utils/session/options.ts";
import { sessionOptionsFromEnv } from "../utils/session/options_env.ts";

/** Which entry point to start. */
export type LaunchMode = "serve" | "serve:parallel";

/** The modes {@linkcode launchArgs} knows. */
export const LAUNCH_MODES: readonly LaunchMode[] = ["serve", "serve:parallel"];

/** Where the server listens: what `start()` and `deno serve` default to. */
export interface ListenAddress {
  /** `undefined`: all interfaces (`0.0.0.0`). */
  hostname: string | undefined;
  port: number;
}

/**
 * The V8 flags the app runs with, unless the operator sets `DENO_V8_FLAGS`
 * (then those alone decide).
 *
 * Allocation-site pretenuring off: early under load, V8 may decide that the
 * props objects of the page shell's JSX live long and allocate them in the
 * old generation. Each then holds its page's young vnodes alive until the
 * next full collection, so every page tree is copied and promoted: on a
 * signed-in page, 10 times the bytes promoted, three full collections a
 * second and young collections 8 times slower. Off, the same page costs
 * about a fifth less CPU (README, Performance). Deno Deploy takes no V8
 * flags, so it runs with V8's default.
 *
 * @see https://research.google/pubs/memento-mori-dynamic-allocation-site-based-optimizations/
 */
export const APP_V8_FLAGS: readonly string[] = [
  "--no-allocation-site-pretenuring",
];

/** The port both entry points use when `PORT` is unset. */
export const DEFAULT_PORT = 8000;

/**
 * Reads where the server listens as `start()` does: `fresh.config.ts`
 * `server.port` and `server.hostname` when set, else `PORT` and `HOST`.
 *
 * @param env The configuration variables.
 * @param config The app's `fresh.config.ts` export.
 * @throws {ConfigError} for a port outside 0–65535 or a host with spaces,
 *   naming the variable or option it came from.
 */
export function listenAddress(
  env: EnvReader,
  config: FreshConfig = {},
): ListenAddress {
  const configPort = config.server?.port ?? config.port;
  const configHost = config.server?.hostname ?? config.hostname;
  const port = configPort === undefined
    ? portFromEnv(env)
    : checkedPort(String(configPort), "fresh.config.ts server.port");
  const hostname = configHost === undefined
    ? env.get("HOST")?.trim() || undefined
    : String(configHost).trim() || undefined;
  if (hostname !== undefined && !/^[0-9A-Za-z.:\[\]-]+$/.test(hostname)) {
    throw new ConfigError(
      `${
        configHost === undefined ? "HOST" : "fresh.config.ts server.hostname"
      } must be a host name or IP address such as 127.0.0.1, got ${
        JSON.stringify(hostname)
      }.`,
    );
  }
  return { hostname, port };
}

function portFromEnv(env: EnvReader): number {
  const raw = env.get("PORT")?.trim() ?? "";
  return raw === "" ? DEFAULT_PORT : checkedPort(raw, "PORT");
}

function checkedPort(raw: string, name: string): number {
  const port = Number(raw);
  if (!/^[0-9]+$/.test(raw) || port > 65535) {
    throw new ConfigError(
      `${name} must be a whole number from 0 to 65535, got ${
        JSON.stringify(raw)
      }.`,
    );
  }
  return port;
}

// The form `--allow-net` and `deno serve --host` take: IPv6 addresses in
// brackets (`deno serve --host ::1` fails with "invalid empty host").
function bracketed(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

function netEntry({ hostname, port }: ListenAddress): string {
  return `${bracketed(hostname ?? "0.0.0.0")}:${port}`;
}

/**
 * The arguments for `deno` that start the app in `mode`.
 *
 * @param mode `serve` (`main.ts`, one process) or `serve:parallel`
 *   (`deno serve --parallel`, one worker per core or `DENO_JOBS`).
 * @param env The configuration.
 * @param root The project root (absolute); the child runs there.
 * @param config The app's `fresh.config.ts` export: its listener options
 *   win over `PORT` and `HOST`, as in `start()`.
 * @throws {ConfigError} naming the variable, for a value that cannot work.
 * @example
 * ```ts
 * launchArgs("serve", new Map([["KV_PATH", "/var/lib/shop/app.kv"]]), "/srv/shop");
 * // ["run", "--v8-flags=--no-allocation-site-pretenuring", "--allow-env",
 * //  "--allow-read=.,/var/lib/shop",
 * //  "--allow-write=/var/lib/shop", "--allow-net=0.0.0.0:8000", "main.ts"]
 * ```
 */
export function launchArgs(
  mode: LaunchMode,
  env: EnvReader,
  root: string,
  config: FreshConfig = {},
): string[] {
  checkFreshConfig(config);
  const listen = listenAddress(env, config);
  const kv = kvPermissions(resolveKvLocation(env, root));
  checkAppConfiguration(env);
  const permissions = [
    "--allow-env",
    `--allow-read=${[".", ...kv.read].join(",")}`,
  ];
  if (kv.write.length > 0) {
    permissions.push(`--allow-write=${kv.write.join(",")}`);
  }
  // DENO_V8_FLAGS comes first and `--v8-flags` after it, overriding it.
  const v8 = env.get("DENO_V8_FLAGS")?.trim()
    ? []
    : [`--v8-flags=${APP_V8_FLAGS.join(",")}`];
  if (mode === "serve") {
    permissions.push(`--allow-net=${[netEntry(listen), ...kv.net].join(",")}`);
    return ["run", ...v8, ...permissions, "main.ts"];
  }
  if (kv.net.length > 0) permissions.push(`--allow-net=${kv.net.join(",")}`);
  const host = listen.hostname ? ["--host", bracketed(listen.hostname)] : [];
  return [
    "serve",
    "--parallel",
    ...v8,
    "--port",
    String(listen.port),
    ...host,
    ...permissions,
    "bench/serve_parallel.ts",
  ];
}

/**
 * Checks the variables the app itself reads when it loads, so that a bad
 * one is reported once, here, rather than once per `deno serve` worker.
 * The app checks them again with the same functions.
 *
 * @throws {ConfigError} naming the variable.
 */
export function checkAppConfiguration(env: EnvReader): void {
  resolveSessionOptions(sessionOptionsFromEnv(env));
  accountsConfigFromEnv(env);
  logFormatFromEnv(env);
  try {
    parseShutdownTimeout(env.get("SHUTDOWN_TIMEOUT"));
  } catch (error) {
    // The runtime's own error class; the launcher reports ConfigErrors.
    throw new ConfigError((error as Error).message);
  }
}
