/**
 * Turns the user's `FreshConfig` into a `ResolvedFreshConfig` once, at
 * start-up, so that nothing on the request path re-derives a default.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FreshConfig, ResolvedFreshConfig } from "../types.ts";
import { RuntimeConfigError } from "./config_error.ts";

/** The port `start()` listens on when neither config nor `PORT` names one. */
export const DEFAULT_PORT = 8000;

/**
 * Fills in every default of `config`.
 *
 * @param baseUrl `import.meta.url` of `fresh.gen.ts`, which marks the root.
 * @param dev Whether the app runs under `dev.ts` (bundles in-process).
 */
export function resolveConfig(
  baseUrl: string,
  config: FreshConfig = {},
  dev = isDevMode(),
): ResolvedFreshConfig {
  const root = dirname(fileURLToPath(baseUrl));
  const basePath = normaliseBasePath(config.router?.basePath ?? "");
  return {
    dev,
    root,
    staticDir: join(root, "static"),
    build: {
      outDir: config.build?.outDir
        ? resolve(root, config.build.outDir)
        : join(root, "_fresh"),
      target: config.build?.target ?? ["chrome99", "firefox99", "safari15"],
    },
    router: {
      trailingSlash: config.router?.trailingSlash ?? false,
      basePath,
    },
    server: {
      port: config.server?.port ?? config.port ?? portFromEnv(),
      hostname: config.server?.hostname ?? config.hostname ?? hostFromEnv(),
      signal: config.server?.signal,
      onListen: config.server?.onListen ?? config.onListen,
    },
    basePath,
  };
}

/** Identity helper that gives `fresh.config.ts` its types. */
export function defineConfig(config: FreshConfig): FreshConfig {
  return config;
}

/** `dev.ts` sets this flag before it imports the app's entry point. */
export function isDevMode(): boolean {
  return (globalThis as { __FRSH_DEV?: boolean }).__FRSH_DEV === true;
}

function portFromEnv(): number {
  const raw = Deno.env.get("PORT");
  if (raw === undefined || raw === "") return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RuntimeConfigError(
      `PORT must be an integer between 0 and 65535, got ${
        JSON.stringify(raw)
      }.`,
    );
  }
  return port;
}

// `HOST` (not `HOSTNAME`, which shells and containers set to the machine's
// name) picks the interface, e.g. `127.0.0.1` to serve on loopback only.
function hostFromEnv(): string | undefined {
  const raw = Deno.env.get("HOST")?.trim();
  return raw ? raw : undefined;
}

function normaliseBasePath(path: string): string {
  if (path === "" || path === "/") return "";
  const withSlash = path.startsWith("/") ? path : `/${path}`;
  return withSlash.endsWith("/") ? withSlash.slice(0, -1) : withSlash;
}
