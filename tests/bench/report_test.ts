/**
 * The bench report from known samples: medians of the rounds, ratios of
 * medians, the CPU table and the MET / MISSED verdicts on the targets.
 */
import { ok, strictEqual } from "node:assert";
import { FLOWS } from "../../bench/flows.ts";
import type { Sample } from "../../bench/lib.ts";
import { renderReport } from "../../bench/report.ts";
import { type ReportInput, sampleKey } from "../../bench/report_input.ts";
import { targets } from "../../bench/targets.ts";

const ceiling = { name: "ceiling" };
const ours = { name: "ours" };
const memory = { name: "express+memory" };
const redis = { name: "express+redis" };
const hono = { name: "hono+@hono/session" };
const bare = { name: "bare" };

/** Three rounds around `rps`; ours has a disturbed first round. */
function rounds(
  rps: number,
  p99Ms: number,
  cpuUs = 100,
  disturbed = false,
): Sample[] {
  const values = disturbed ? [rps * 0.5, rps, rps * 1.02] : [rps, rps, rps];
  return values.map((value) => ({
    rps: value,
    requests: value * 3,
    cpuUsPerRequest: cpuUs,
    p50Ms: 1,
    p99Ms: p99Ms,
    errors: 0,
  }));
}

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  const samples = new Map<string, Sample[]>();
  const rps: Record<string, number> = {
    ceiling: 40_000,
    ours: 9_000,
    "express+memory": 3_000,
    "express+redis": 4_000,
    "hono+@hono/session": 10_000,
  };
  for (const flow of FLOWS) {
    for (const [name, value] of Object.entries(rps)) {
      // The ceiling answers fastest of all; it is no peer for p99.
      const p99 = name === "ceiling"
        ? 2
        : name === "ours"
        ? 10
        : name === "hono+@hono/session"
        ? 12
        : 20;
      samples.set(
        sampleKey(name, flow.id),
        rounds(value, p99, 1e6 / value, name === "ours"),
      );
    }
  }
  samples.set(sampleKey("ours", "render-ours"), rounds(11_000, 5));
  samples.set(sampleKey("bare", "render-bare"), rounds(20_000, 4));
  return {
    stacks: [ceiling, ours, memory, redis, hono],
    ours,
    bare,
    samples,
    rss: new Map([["ours", [150, 160, 170]]]),
    lost: new Map([["ours", "0"], ["express+memory", "97"]]),
    concurrentAdds: 100,
    kvOps: [{ label: "(c) anonymous GET /", reads: 0, writes: 0, commits: 0 }],
    weight: [],
    versions: {
      machine: "test",
      deno: "2",
      node: "20",
      wrk: "wrk",
      redis: "redis",
      libs: [],
      date: "2026-11-26T00:00:00.000Z",
    },
    load: { connections: 32, duration: 3, warmup: 2, rounds: 3 },
    notes: [],
    ...overrides,
  };
}

Deno.test("the report compares medians, so one disturbed round moves nothing", () => {
  const report = renderReport(input());
  // ours 9,000 ÷ express+memory 3,000, whatever the halved rounds say.
  ok(
    report.includes(
      "| (a) read: GET / with a 3-item cart session | 0.23× | 3.00× | 2.25× | 0.90× |",
    ),
    report,
  );
  ok(report.includes("| ours | 9000 | 4500–9180 |"), "median and range");
  ok(report.includes("0.55× (target ≥ 0.65×)"), "render pair ratio");
});

Deno.test("the CPU table divides the others' cost by ours", () => {
  const report = renderReport(input());
  // CPU per request is 1e6 / rps here: the ceiling costs 9,000 / 40,000 of ours.
  ok(
    report.includes(
      "| (a) read: GET / with a 3-item cart session | 111 | 0.23× | 3.00× | 2.25× | 0.90× |",
    ),
    report,
  );
});

Deno.test("targets say MET or by how much they were missed", () => {
  const lines = targets(input());
  ok(lines.includes("read path vs express+memory: 3.00× (target ≥ 3×) — MET"));
  ok(
    lines.includes(
      "read path vs hono+@hono/session: 0.90× (target ≥ 1×) — MISSED by 10%",
    ),
  );
  ok(lines.includes("write path vs express+redis: 2.25× (target ≥ 1×) — MET"));
  ok(
    lines.includes(
      "anonymous GET vs ceiling: 0.23× (target ≥ 0.8×) — MISSED by 72%",
    ),
  );
  ok(
    lines.includes(
      "full flow vs hono+@hono/session: 0.90× (target ≥ 0.8×) — MET",
    ),
  );
  ok(
    lines.includes(
      "render path vs bare render: 0.55× (target ≥ 0.65×) — MISSED by 15%",
    ),
  );
  ok(
    lines.includes(
      "anonymous GET KV ops: 0 reads, 0 writes, 0 commits (target 0)",
    ),
  );
  ok(lines.includes("lost updates, ours: 0 (target 0) — MET"));
});

Deno.test("CPU targets: the read path's µs per request, the cached page's against the ceiling's", () => {
  // In input(), each stack spends 1e6 / its req/s µs per request: ours 111,
  // the ceiling 25.
  const lines = targets(input());
  ok(
    lines.includes(
      "read path CPU per request: 111 µs (target ≤ 160 µs) — MET",
    ),
    lines.join("\n"),
  );
  ok(
    lines.includes(
      "anonymous GET CPU per request: 111 µs, 4.44× the ceiling's 25 µs (target ≤ 1.5×) — MISSED",
    ),
    lines.join("\n"),
  );
  const costly = input();
  costly.samples.set(
    sampleKey("ours", "read"),
    rounds(9_000, 10, 200),
  );
  costly.samples.set(sampleKey("ours", "anon"), rounds(9_000, 10, 30));
  const after = targets(costly);
  ok(
    after.includes(
      "read path CPU per request: 200 µs (target ≤ 160 µs) — MISSED by 25%",
    ),
    after.join("\n"),
  );
  ok(
    after.includes(
      "anonymous GET CPU per request: 30 µs, 1.20× the ceiling's 25 µs (target ≤ 1.5×) — MET",
    ),
    after.join("\n"),
  );
});

Deno.test("p99 is judged against the best peer, never the ceiling", () => {
  const lines = targets(input());
  // hono's 12 ms is the best peer; the ceiling's 2 ms does not count.
  ok(lines.includes("p99 read: ours 10.00 ms vs best peer 12.00 ms — MET"));
  const slower = input();
  slower.samples.set(sampleKey("ours", "write"), rounds(9_000, 15));
  ok(
    targets(slower).includes(
      "p99 write: ours 15.00 ms vs best peer 12.00 ms — MISSED",
    ),
  );
});

Deno.test("a stack that was skipped leaves n/a, and the run's notes are printed", () => {
  const skipped = input({
    stacks: [ceiling, ours, memory, hono],
    notes: ["express + connect-redis skipped: no redis-server"],
  });
  for (const flow of FLOWS) {
    skipped.samples.delete(sampleKey(redis.name, flow.id));
  }
  const lines = targets(skipped);
  ok(lines.includes("write path vs express+redis: n/a"));
  const report = renderReport(skipped);
  ok(report.includes("- express + connect-redis skipped: no redis-server"));
  strictEqual(report.includes("| express+redis |"), false);
});
