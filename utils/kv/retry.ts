/**
 * A `Deno.Kv` that retries operations failing with SQLite's busy signal:
 * several processes (or `deno serve --parallel` workers) on one KV file
 * contend for its write lock, and a write that loses fails at once with
 * "database is locked", having written nothing.
 *
 * @module
 */
import { isKvLockedError } from "./errors.ts";

/** Options of {@linkcode retryingKv}. */
export interface KvRetryOptions {
  /** Retries after the first attempt. @default 10 */
  retries?: number;
  /** Base delay in ms of the jittered exponential backoff. @default 5 */
  backoff?: number;
  /** Give up once this many ms have passed. @default 3000 */
  budget?: number;
}

const RETRIED = new Set(["get", "getMany", "set", "delete", "enqueue"]);

/**
 * Wraps `kv` so that busy errors are retried with bounded, jittered
 * backoff. Other errors pass through unchanged.
 *
 * A write transaction that started from a snapshot another writer has
 * since changed fails with "database is locked", and the same operation
 * succeeds when run again; without the retry a sign-up, a login counter or
 * a new post fails whenever another worker writes at the same moment. The
 * session store has its own retry (`utils/session/kv_store.ts`); this
 * covers every other KV call of the app. After `budget`, the error
 * propagates and the `httpErrors` middleware answers 503 with
 * `Retry-After`.
 *
 * Retried: `get`, `getMany`, `set`, `delete`, `enqueue` and
 * `atomic().commit()`. A failed commit writes nothing, and an atomic
 * operation can be committed again, so a retry applies it at most once.
 * `list` is not retried: it is a read, which WAL mode does not block.
 *
 * @param kv An open KV handle.
 * @param options Retry tuning.
 * @example
 * ```ts
 * export const kv = retryingKv(await Deno.openKv("./data/app.kv"));
 * ```
 */
export function retryingKv(kv: Deno.Kv, options: KvRetryOptions = {}): Deno.Kv {
  const retries = options.retries ?? 10;
  const backoff = options.backoff ?? 5;
  const budget = options.budget ?? 3000;

  async function retry<T>(operation: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 0;; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (
          !isKvLockedError(error) || attempt >= retries ||
          Date.now() - started >= budget
        ) throw error;
        const cap = backoff * 2 ** Math.min(attempt, 6);
        await new Promise((r) => setTimeout(r, Math.random() * cap + 1));
      }
    }
  }

  function wrapAtomic(op: Deno.AtomicOperation): Deno.AtomicOperation {
    const proxy: Deno.AtomicOperation = new Proxy(op, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        if (prop === "commit") return () => retry(() => target.commit());
        // Builder methods return the operation: keep returning the proxy.
        return (...args: unknown[]) => {
          const result = value.apply(target, args);
          return result === target ? proxy : result;
        };
      },
    });
    return proxy;
  }

  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop === "atomic") return () => wrapAtomic(target.atomic());
      if (typeof prop === "string" && RETRIED.has(prop)) {
        return (...args: unknown[]) => retry(() => value.apply(target, args));
      }
      return value.bind(target);
    },
  });
}
