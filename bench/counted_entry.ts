/**
 * Entry point for counting the real app's KV operations: `main.ts` with
 * {@linkcode countKvOps} around its KV handle, writing the totals as JSON
 * to `KV_COUNT_FILE` whenever they change (checked every 50 ms, on a timer
 * that does not keep the process alive). Used by `bench/run.ts` and
 * `tests/bench/flows_test.ts`; `main.ts` itself never counts.
 *
 * @module
 */
// First, as in main.ts: a configuration error is one line, not a stack.
import "../utils/startup_errors.ts";
import { countKvOps, type KvOpCounts } from "../utils/kv/count.ts";
import { wrapAppKv } from "../utils/kv/db.ts";

const file = Deno.env.get("KV_COUNT_FILE");
if (!file) {
  throw new Error(
    "bench/counted_entry.ts needs KV_COUNT_FILE: the file to write the counts to.",
  );
}
const counts: KvOpCounts = { reads: 0, writes: 0, commits: 0 };
let written = "";
const flush = () => {
  const text = JSON.stringify(counts);
  if (text === written) return;
  Deno.writeTextFileSync(file, text);
  written = text;
};
// Once the handle opens, so that the database's folder exists.
wrapAppKv((kv) => {
  flush();
  Deno.unrefTimer(setInterval(flush, 50));
  return countKvOps(kv, counts);
});

await import("../main.ts");
