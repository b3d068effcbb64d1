/**
 * `wrapAppKv`: an entry point's outer layer (the bench's counter) sees
 * every operation on the app's handle, and cannot be added once the handle
 * is open, when operations would already have escaped it.
 */
import { deepStrictEqual, throws } from "node:assert";
import { countKvOps, type KvOpCounts } from "../../../utils/kv/count.ts";
import { kv, wrapAppKv } from "../../../utils/kv/db.ts";

Deno.test("wrapAppKv's layer sees each operation once; after the open it refuses", async () => {
  const counts: KvOpCounts = { reads: 0, writes: 0, commits: 0 };
  wrapAppKv((handle) => countKvOps(handle, counts));
  await kv.set(["wrap_test"], 1);
  await kv.get(["wrap_test"]);
  await kv.atomic().delete(["wrap_test"]).commit();
  deepStrictEqual(counts, { reads: 1, writes: 1, commits: 1 });
  throws(() => wrapAppKv((handle) => handle), /before the KV handle opens/);
});
