/**
 * The app's one Deno KV handle, opened once per process, on first use,
 * at the location `KV_PATH` names (`location.ts`). A location that cannot
 * be opened stops the app with a {@linkcode ConfigError} naming `KV_PATH`
 * and the fix.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { ConfigError } from "../config_error.ts";
import { isKvLockedError } from "./errors.ts";
import {
  type EnvReader,
  type KvLocation,
  openKvArgument,
  resolveKvLocation,
} from "./location.ts";
import { retryingKv } from "./retry.ts";
import { tracedKv } from "./tracing.ts";
import { TRACING } from "../tracing.ts";
import { lazyKv, whenOpen } from "./lazy.ts";

export { DEFAULT_KV_PATH } from "./location.ts";

/** The project root, where relative `KV_PATH` values start. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Resolves the KV path from the environment: `undefined` means the
 * platform's default database (Deno Deploy).
 *
 * @throws {ConfigError} for a `KV_PATH` that cannot work.
 */
export function kvPathFromEnv(
  env: EnvReader = Deno.env,
): string | undefined {
  return openKvArgument(resolveKvLocation(env, ROOT));
}

/** How long {@linkcode openKv} keeps retrying a busy database. */
const OPEN_BUDGET_MS = 10_000;

/**
 * Opens the KV database at `path`, creating its folder when needed.
 *
 * Several processes starting at once on a new file (`deno serve
 * --parallel`) race to create its tables, and the losers get "database is
 * locked" from `Deno.openKv` itself. Opening is retried with jittered
 * backoff for a bounded time; after that the error propagates and the
 * process stops with it.
 */
export async function openKv(path: string | undefined): Promise<Deno.Kv> {
  // A KV Connect URL has no folder to make.
  if (path && path !== ":memory:" && !/^https?:\/\//i.test(path)) {
    const folder = path.replace(/[\\/][^\\/]*$/, "");
    if (folder && folder !== path) {
      await Deno.mkdir(folder, { recursive: true });
    }
  }
  const started = Date.now();
  for (let attempt = 0;; attempt++) {
    try {
      return await Deno.openKv(path);
    } catch (error) {
      if (!isKvLockedError(error) || Date.now() - started > OPEN_BUDGET_MS) {
        throw error;
      }
      const cap = 20 * 2 ** Math.min(attempt, 5);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
    }
  }
}

/**
 * Opens the configured location, turning the failures a configuration
 * causes (no permission, a folder that cannot be made, a directory where
 * the file should be) into one line that names `KV_PATH` and the fix.
 * A database locked beyond the open budget is not one of them: it
 * propagates as it is.
 *
 * @param location From `resolveKvLocation`.
 */
export async function openConfiguredKv(
  location: KvLocation,
): Promise<Deno.Kv> {
  try {
    return await openKv(openKvArgument(location));
  } catch (error) {
    if (isKvLockedError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    if (location.kind === "remote") {
      throw new ConfigError(
        `KV_PATH=${location.url} cannot be opened (${
          reason.split("\n")[0]
        }): check the URL and DENO_KV_ACCESS_TOKEN.`,
      );
    }
    if (location.kind !== "file") throw error;
    if (isFolder(location.file)) {
      throw new ConfigError(
        `KV_PATH=${location.file} is a folder, not a database file: give a file in it, e.g. ${location.file}/app.kv.`,
      );
    }
    const fix = error instanceof Deno.errors.NotCapable
      ? `start the app with \`deno task serve\`, which grants that folder, or add --allow-read and --allow-write for ${location.folder}`
      : `make ${location.folder} a folder this user can write, or choose another KV_PATH`;
    throw new ConfigError(
      `KV_PATH=${location.file} cannot be opened (${
        reason.split("\n")[0]
      }): ${fix}.`,
    );
  }
}

function isFolder(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

// Read and checked at import: a KV_PATH that cannot work stops the app here.
const location = resolveKvLocation(Deno.env, ROOT);

/**
 * The app's KV handle, opened by its first operation or by
 * {@linkcode openAppKv} (see `lazy.ts`: Fresh's build imports the
 * routes, and must not open the database). Operations that meet a write
 * lock held by another process on the same file are retried (see
 * `retry.ts`); with `OTEL_DENO=true` each operation gets a span
 * (retries included); a layer added by {@linkcode wrapAppKv} sits outside
 * both and sees each operation once.
 */
export const kv: Deno.Kv = lazyKv(async () => {
  const retrying = retryingKv(await openConfiguredKv(location));
  opened = true;
  return outerLayer(TRACING ? tracedKv(retrying) : retrying);
});

let outerLayer = (handle: Deno.Kv): Deno.Kv => handle;
let opened = false;

/**
 * Adds an outer layer to {@linkcode kv}, for an entry point that measures
 * the app (the benchmark's operation counter, `bench/counted_entry.ts`);
 * the app itself adds none. Call it before anything uses the handle.
 *
 * @throws {Error} once the handle has opened: operations already made
 *   would escape the layer.
 * @example
 * ```ts
 * wrapAppKv((kv) => countKvOps(kv, counts));
 * await import("../main.ts");
 * ```
 */
export function wrapAppKv(layer: (kv: Deno.Kv) => Deno.Kv): void {
  if (opened) {
    throw new Error("wrapAppKv must be called before the KV handle opens.");
  }
  const inner = outerLayer;
  outerLayer = (handle) => layer(inner(handle));
}

/**
 * Opens {@linkcode kv} now. The production entry point calls it before
 * listening, so a database that cannot be opened stops the app at
 * start-up with its message, not at the first request.
 */
export async function openAppKv(): Promise<void> {
  await whenOpen(kv);
}
