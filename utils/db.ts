/**
 * The app's one Deno KV handle, opened once per process at start-up.
 *
 * Where the data lives:
 * - `KV_PATH` set: that path (`:memory:` for a throwaway database);
 * - on Deno Deploy (`DENO_DEPLOYMENT_ID` set): the project's managed KV;
 * - otherwise an embedded KV file, `./data/app.kv`, created on first start.
 *
 * For benchmarks only: with `KV_COUNT_FILE` set, the handle counts its
 * operations and writes the totals to that file (see
 * {@linkcode countKvOps}); unset, the handle is Deno's own, untouched.
 *
 * @module
 */
import { countedFromEnv } from "./kv_count.ts";
import { isKvLockedError } from "./kv_errors.ts";
import { retryingKv } from "./kv_retry.ts";

/** Where `deno task start` keeps its data when nothing else is configured. */
export const DEFAULT_KV_PATH = "./data/app.kv";

/**
 * Resolves the KV path from the environment: `undefined` means the
 * platform's default database (Deno Deploy).
 */
export function kvPathFromEnv(
  env: Pick<Deno.Env, "get"> = Deno.env,
): string | undefined {
  const configured = env.get("KV_PATH");
  if (configured) return configured;
  if (env.get("DENO_DEPLOYMENT_ID")) return undefined;
  return DEFAULT_KV_PATH;
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
  if (path && path !== ":memory:") {
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
 * The app's KV handle. Operations that meet a write lock held by another
 * process on the same file are retried (see `kv_retry.ts`); the bench
 * counter, when enabled, sits outside and counts each operation once.
 */
export const kv: Deno.Kv = countedFromEnv(
  retryingKv(await openKv(kvPathFromEnv())),
);
