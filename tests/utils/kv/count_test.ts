import { deepStrictEqual, strictEqual } from "node:assert";
import { countKvOps, type KvOpCounts } from "../../../utils/kv/count.ts";
import { withKv } from "../../helpers/kv.ts";

const zero = (): KvOpCounts => ({ reads: 0, writes: 0, commits: 0 });

Deno.test("countKvOps counts each read and write call once, whatever its size", async () => {
  await withKv(async (kv) => {
    const counts = zero();
    const counted = countKvOps(kv, counts);
    await counted.set(["a"], 1);
    await counted.set(["b"], 2);
    strictEqual((await counted.get(["a"])).value, 1);
    deepStrictEqual(
      (await counted.getMany([["a"], ["b"]])).map((e) => e.value),
      [1, 2],
    );
    strictEqual(
      (await Array.fromAsync(counted.list({ prefix: [] }))).length,
      2,
    );
    await counted.delete(["b"]);
    deepStrictEqual(counts, { reads: 3, writes: 3, commits: 0 });
    // The real handle saw the same operations.
    strictEqual((await kv.get(["b"])).versionstamp, null);
  });
});

Deno.test("countKvOps counts a chained atomic operation as one commit, failed or not", async () => {
  await withKv(async (kv) => {
    const counts = zero();
    const counted = countKvOps(kv, counts);
    const first = await counted.atomic().check({
      key: ["n"],
      versionstamp: null,
    })
      .set(["n"], 1).sum(["total"], 5n).commit();
    strictEqual(first.ok, true);
    // The same check again fails: still one commit attempt counted.
    const second = await counted.atomic().check({
      key: ["n"],
      versionstamp: null,
    })
      .set(["n"], 2).commit();
    strictEqual(second.ok, false);
    deepStrictEqual(counts, { reads: 0, writes: 0, commits: 2 });
    strictEqual((await kv.get(["n"])).value, 1);
  });
});
