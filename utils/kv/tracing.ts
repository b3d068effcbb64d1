/**
 * A span around each operation on a KV handle (`kv.get`, `kv.getMany`,
 * `kv.set`, `kv.delete`, `kv.enqueue`, `kv.commit`), for OpenTelemetry.
 * `list` returns an iterator, read lazily by its caller, and is not
 * wrapped. Retries of a busy database happen inside one span.
 *
 * @module
 */
import { withSpan } from "../tracing.ts";

const TRACED = new Set(["get", "getMany", "set", "delete", "enqueue"]);
const DB = { "db.system.name": "deno_kv" };

/**
 * Wraps `kv` so that every operation runs inside a span. Use only with
 * tracing on; `utils/kv/db.ts` checks.
 *
 * @example
 * ```ts
 * const kv = TRACING ? tracedKv(raw) : raw;
 * ```
 */
export function tracedKv(kv: Deno.Kv): Deno.Kv {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop === "atomic") return () => tracedAtomic(target.atomic());
      if (typeof prop === "string" && TRACED.has(prop)) {
        return (...args: unknown[]) =>
          withSpan(
            `kv.${prop}`,
            { ...DB, "db.operation.name": prop },
            () => value.apply(target, args),
          );
      }
      return value.bind(target);
    },
  });
}

function tracedAtomic(op: Deno.AtomicOperation): Deno.AtomicOperation {
  const proxy: Deno.AtomicOperation = new Proxy(op, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop === "commit") {
        return () =>
          withSpan(
            "kv.commit",
            { ...DB, "db.operation.name": "atomic" },
            () => target.commit(),
          );
      }
      // Builder methods return the operation: keep returning the proxy.
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        return result === target ? proxy : result;
      };
    },
  });
  return proxy;
}
