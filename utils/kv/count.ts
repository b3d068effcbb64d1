/**
 * Counts the operations on a KV handle, for benchmarks: `bench/run.ts`
 * proves with it that an anonymous page or a read costs no KV write and
 * that a cart change costs one atomic commit. Only the benchmark's entry
 * point (`bench/counted_entry.ts`) puts it around the app's handle.
 *
 * @module
 */
/** Operations on a KV handle, as counted by {@linkcode countKvOps}. */
export interface KvOpCounts {
  /** `get`, `getMany` and `list` calls (one each, whatever their size). */
  reads: number;
  /** `set` and `delete` calls outside an atomic operation. */
  writes: number;
  /** Atomic operations committed (successful or not). */
  commits: number;
}

const READS = new Set(["get", "getMany", "list"]);
const WRITES = new Set(["set", "delete"]);

/**
 * Wraps `kv` so that every operation increments `counts`. The wrapper
 * forwards each call to the real handle, so behaviour is unchanged; it
 * exists for `bench/run.ts`, which proves that an anonymous page or a read
 * costs no KV write and that a cart change costs one atomic commit.
 *
 * @param kv An open KV handle.
 * @param counts Mutated in place.
 * @example
 * ```ts
 * const counts = { reads: 0, writes: 0, commits: 0 };
 * const counted = countKvOps(await Deno.openKv(":memory:"), counts);
 * await counted.get(["a"]); // counts.reads === 1
 * ```
 */
export function countKvOps(kv: Deno.Kv, counts: KvOpCounts): Deno.Kv {
  return new Proxy(kv, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== "function") return value;
      if (name === "atomic") {
        return () => countAtomic(target.atomic(), counts);
      }
      return (...args: unknown[]) => {
        if (READS.has(name as string)) counts.reads++;
        else if (WRITES.has(name as string)) counts.writes++;
        return value.apply(target, args);
      };
    },
  });
}

function countAtomic(
  op: Deno.AtomicOperation,
  counts: KvOpCounts,
): Deno.AtomicOperation {
  const proxy: Deno.AtomicOperation = new Proxy(op, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (name === "commit") counts.commits++;
        const result = value.apply(target, args);
        // Keep chained calls (`op.check(..).set(..)`) on the wrapper.
        return result === target ? proxy : result;
      };
    },
  });
  return proxy;
}
