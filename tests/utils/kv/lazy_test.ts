import { deepStrictEqual, rejects, strictEqual } from "node:assert";
import { lazyKv, whenOpen } from "../../../utils/kv/lazy.ts";

function counted(): { open: () => Promise<Deno.Kv>; opens: () => number } {
  let opens = 0;
  return {
    open: () => {
      opens++;
      return Deno.openKv(":memory:");
    },
    opens: () => opens,
  };
}

Deno.test("lazyKv opens nothing until the first operation, then opens once", async () => {
  const { open, opens } = counted();
  const kv = lazyKv(open);
  strictEqual(opens(), 0);
  await Promise.all([kv.set(["a"], 1), kv.set(["b"], 2)]);
  strictEqual((await kv.get(["a"])).value, 1);
  deepStrictEqual((await kv.getMany([["a"], ["b"]])).map((e) => e.value), [
    1,
    2,
  ]);
  strictEqual(opens(), 1);
  kv.close();
});

Deno.test("lazyKv: an atomic operation built before the open commits as one", async () => {
  const { open, opens } = counted();
  const kv = lazyKv(open);
  const result = await kv.atomic()
    .check({ key: ["n"], versionstamp: null })
    .set(["n"], 1)
    .set(["m"], 2)
    .commit();
  strictEqual(result.ok, true);
  strictEqual(opens(), 1);
  // The check now fails: "n" exists, so nothing of this one is written.
  const second = await kv.atomic()
    .check({ key: ["n"], versionstamp: null })
    .set(["m"], 3)
    .commit();
  strictEqual(second.ok, false);
  strictEqual((await kv.get(["m"])).value, 2);
  kv.close();
});

Deno.test("lazyKv: list before the open yields the entries", async () => {
  const inner = await Deno.openKv(":memory:");
  await inner.set(["p", 1], "x");
  await inner.set(["p", 2], "y");
  const kv = lazyKv(() => Promise.resolve(inner));
  const values: unknown[] = [];
  for await (const entry of kv.list({ prefix: ["p"] })) {
    values.push(entry.value);
  }
  deepStrictEqual(values, ["x", "y"]);
  kv.close();
});

Deno.test("lazyKv: a failed open fails each operation with its error", async () => {
  const kv = lazyKv(() => Promise.reject(new Error("no such database")));
  await rejects(kv.get(["a"]), /no such database/);
  await rejects(kv.atomic().set(["a"], 1).commit(), /no such database/);
  await rejects(
    (async () => {
      for await (const _ of kv.list({ prefix: [] })) { /* none */ }
    })(),
    /no such database/,
  );
});

Deno.test("whenOpen opens a lazy handle once, now, and reports a failed open", async () => {
  const { open, opens } = counted();
  const kv = lazyKv(open);
  await whenOpen(kv);
  await whenOpen(kv);
  strictEqual(opens(), 1);
  await kv.set(["a"], 1);
  strictEqual(opens(), 1);
  kv.close();
  const broken = lazyKv(() => Promise.reject(new Error("no such database")));
  await rejects(whenOpen(broken), /no such database/);
});
