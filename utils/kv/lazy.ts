/**
 * A `Deno.Kv` that opens its database on the first operation, not when the
 * module that holds it is imported: Fresh 1.7's ahead-of-time build imports
 * every route module, and a handle opened at import time would open (and
 * create, and lock) the app's KV file on the build machine.
 *
 * @module
 */

type Call = [name: PropertyKey, args: unknown[]];

/**
 * A handle that opens with `open` on first use. Every method works before
 * the open: asynchronous ones wait for it, `atomic()` records the operation
 * and replays it on the real handle at `commit()`, and `list()` yields once
 * the handle is there.
 *
 * @param open Opens the real handle; called once, on first use, and again
 *   on the next use if it failed (so a database that was busy at start-up
 *   is retried instead of failing every request until a restart).
 * @example
 * ```ts
 * export const kv = lazyKv(() => Deno.openKv("./data/app.kv"));
 * ```
 */
export function lazyKv(open: () => Promise<Deno.Kv>): Deno.Kv {
  let handle: Deno.Kv | undefined;
  let opening: Promise<Deno.Kv> | undefined;
  const opened = (): Promise<Deno.Kv> =>
    opening ??= open().then(
      (kv) => (handle = kv),
      (error) => {
        opening = undefined;
        throw error;
      },
    );

  const lazy = new Proxy({} as Deno.Kv, {
    get(_target, prop) {
      if (handle) {
        const value = Reflect.get(handle, prop, handle);
        return typeof value === "function" ? value.bind(handle) : value;
      }
      // Not a promise: `await kv` must not wait for the database.
      if (prop === "then") return undefined;
      if (prop === "atomic") return () => deferredAtomic(opened);
      if (prop === "list") {
        return (...args: unknown[]) => deferredList(opened, args);
      }
      if (prop === "close" || prop === Symbol.dispose) {
        return () => void opening?.then((kv) => kv.close(), () => {});
      }
      return async (...args: unknown[]) => {
        const kv = await opened();
        return (Reflect.get(kv, prop, kv) as (...a: unknown[]) => unknown)
          .apply(kv, args);
      };
    },
  });
  openers.set(lazy, opened);
  return lazy;
}

const openers = new WeakMap<Deno.Kv, () => Promise<Deno.Kv>>();

/**
 * Opens a handle made by {@linkcode lazyKv} now (once), and resolves with
 * the real handle; rejects with the open's error. Any other handle is
 * already open.
 */
export function whenOpen(kv: Deno.Kv): Promise<Deno.Kv> {
  return openers.get(kv)?.() ?? Promise.resolve(kv);
}

/** An atomic operation that records its calls until `commit()`. */
function deferredAtomic(opened: () => Promise<Deno.Kv>): Deno.AtomicOperation {
  const calls: Call[] = [];
  const op: Deno.AtomicOperation = new Proxy({} as Deno.AtomicOperation, {
    get(_target, prop) {
      if (prop === "then") return undefined;
      if (prop === "commit") {
        return async () => {
          let real = (await opened()).atomic();
          for (const [name, args] of calls) {
            real = (Reflect.get(real, name) as (...a: unknown[]) => unknown)
              .apply(real, args) as Deno.AtomicOperation;
          }
          return real.commit();
        };
      }
      return (...args: unknown[]) => {
        calls.push([prop, args]);
        return op;
      };
    },
  });
  return op;
}

async function* listOnceOpen(
  opened: () => Promise<Deno.Kv>,
  args: unknown[],
): AsyncGenerator<Deno.KvEntry<unknown>> {
  const kv = await opened();
  yield* (kv.list as (...a: unknown[]) => Deno.KvListIterator<unknown>)
    .apply(kv, args);
}

function deferredList(
  opened: () => Promise<Deno.Kv>,
  args: unknown[],
): Deno.KvListIterator<unknown> {
  return listOnceOpen(opened, args) as unknown as Deno.KvListIterator<unknown>;
}
