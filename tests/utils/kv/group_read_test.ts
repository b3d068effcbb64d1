import { deepStrictEqual, rejects, strictEqual } from "node:assert";
import { GroupReader } from "../../../utils/kv/group_read.ts";

/** A real KV handle whose `get` and `getMany` calls are counted. */
function counted(kv: Deno.Kv) {
  const calls = { get: 0, getMany: 0 };
  const handle = new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "get" || prop === "getMany") {
        return (...args: unknown[]) => {
          calls[prop]++;
          return value.apply(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { handle, calls };
}

Deno.test("group read: a lone read is a plain get with the same answer", async () => {
  using kv = await Deno.openKv(":memory:");
  await kv.set(["a"], { n: 1 });
  const { handle, calls } = counted(kv);
  const reader = new GroupReader(handle);
  const entry = await reader.get(["a"]);
  deepStrictEqual(entry, await kv.get(["a"]));
  strictEqual((await reader.get(["missing"])).versionstamp, null);
  deepStrictEqual(calls, { get: 2, getMany: 0 });
});

Deno.test("group read: concurrent reads share getMany calls of at most ten keys, each answered with its own entry", async () => {
  using kv = await Deno.openKv(":memory:");
  for (let i = 0; i < 25; i++) await kv.set(["k", i], i);
  const { handle, calls } = counted(kv);
  const reader = new GroupReader(handle);
  const entries = await Promise.all(
    Array.from({ length: 25 }, (_, i) => reader.get(["k", i])),
  );
  deepStrictEqual(entries.map((e) => e.value), [...Array(25).keys()]);
  // The first read goes alone; the 24 queued behind it take three calls.
  deepStrictEqual(calls, { get: 1, getMany: 3 });
});

Deno.test("group read: a read sees every write committed before it was asked for", async () => {
  using kv = await Deno.openKv(":memory:");
  const reader = new GroupReader(kv);
  for (let i = 0; i < 20; i++) {
    const [, entry] = await Promise.all([
      reader.get(["other", i]),
      kv.set(["v"], i).then(() => reader.get(["v"])),
    ]);
    strictEqual(entry.value, i);
  }
});

Deno.test("group read: an error reaches every caller of the failed call", async () => {
  const kv = await Deno.openKv(":memory:");
  const reader = new GroupReader(kv);
  kv.close();
  const reads = [reader.get(["a"]), reader.get(["b"]), reader.get(["c"])];
  for (const read of reads) await rejects(read);
});
