import { ok, strictEqual } from "node:assert";
import { cpuTimeUs, median, percentOf, ratio } from "../../bench/lib.ts";

Deno.test("median takes the middle value, or the mean of the middle two", () => {
  strictEqual(median([5, 1, 3]), 3);
  strictEqual(median([4, 1, 3, 2]), 2.5);
  strictEqual(median([7]), 7);
});

Deno.test("median ignores a failed (NaN) measurement and is NaN for none", () => {
  strictEqual(median([NaN, 2, 4]), 3);
  strictEqual(Number.isNaN(median([])), true);
  strictEqual(Number.isNaN(median([NaN])), true);
});

Deno.test("ratio formats a / b and refuses to divide by nothing", () => {
  strictEqual(ratio(3000, 1000), "3.00×");
  strictEqual(ratio(1, 3), "0.33×");
  strictEqual(ratio(5, 0), "n/a");
  strictEqual(ratio(NaN, 5), "n/a");
});

Deno.test("percentOf says how far a value falls short of its goal", () => {
  strictEqual(percentOf(0.78, 0.9), "13%");
  strictEqual(percentOf(1.5, 3), "50%");
});

Deno.test("cpuTimeUs reads a process's CPU time from /proc, and NaN for none", async () => {
  const before = await cpuTimeUs([Deno.pid]);
  ok(Number.isFinite(before) && before >= 0);
  // Burn CPU for longer than one clock tick (10 ms).
  const until = performance.now() + 60;
  let spin = 0;
  while (performance.now() < until) spin++;
  ok(spin > 0);
  ok(await cpuTimeUs([Deno.pid]) > before);
  // A pid that no process has: the largest Linux allows is 4194304.
  strictEqual(Number.isNaN(await cpuTimeUs([Deno.pid, 4_194_305])), true);
});
