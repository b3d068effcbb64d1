/**
 * The performance targets `deno task bench` holds ours to, each with its
 * figure from the run and MET or MISSED.
 *
 * @module
 */
import { FLOWS } from "./flows.ts";
import { percentOf } from "./lib.ts";
import {
  type ReportInput,
  sampleKey,
  summarize,
  type Summary,
} from "./report_input.ts";

/**
 * The performance targets the bench holds ours to (throughput ratios against
 * the ceiling and the peers, KV operations per flow), each with its figure
 * and MET or MISSED.
 */
export function targets(input: ReportInput): string[] {
  const { samples, ours } = input;
  const s = (stack: string, flow: string) =>
    summarize(samples.get(sampleKey(stack, flow)));
  const out: string[] = [];
  const check = (label: string, value: number | null, goal: number) => {
    if (value === null || !Number.isFinite(value)) {
      out.push(`${label}: n/a`);
    } else {
      out.push(
        `${label}: ${value.toFixed(2)}× (target ≥ ${goal}×) — ${
          value >= goal ? "MET" : `MISSED by ${percentOf(value, goal)}`
        }`,
      );
    }
  };
  const r = (a: Summary | null, b: Summary | null) =>
    a && b ? a.rps / b.rps : null;
  const atMost = (label: string, us: number | undefined, goal: number) => {
    if (us === undefined || !Number.isFinite(us)) {
      out.push(`${label}: n/a`);
      return;
    }
    out.push(
      `${label}: ${Math.round(us)} µs (target ≤ ${goal} µs) — ${
        us <= goal
          ? "MET"
          : `MISSED by ${(((us - goal) / goal) * 100).toFixed(0)}%`
      }`,
    );
  };
  const anonOps = input.kvOps.find((o) => o.label.startsWith("(c)"));
  check(
    "anonymous GET vs ceiling",
    r(s(ours.name, "anon"), s("ceiling", "anon")),
    0.8,
  );
  const anonOurs = s(ours.name, "anon")?.cpuUs;
  const anonCeiling = s("ceiling", "anon")?.cpuUs;
  if (
    anonOurs === undefined || anonCeiling === undefined ||
    !Number.isFinite(anonOurs / anonCeiling)
  ) {
    out.push("anonymous GET CPU per request: n/a");
  } else {
    const times = anonOurs / anonCeiling;
    out.push(
      `anonymous GET CPU per request: ${Math.round(anonOurs)} µs, ${
        times.toFixed(2)
      }× the ceiling's ${Math.round(anonCeiling)} µs (target ≤ 1.5×) — ${
        times <= 1.5 ? "MET" : "MISSED"
      }`,
    );
  }
  out.push(
    `anonymous GET KV ops: ${anonOps?.reads ?? "?"} reads, ${
      anonOps?.writes ?? "?"
    } writes, ${anonOps?.commits ?? "?"} commits (target 0)`,
  );
  check(
    "read path vs express+memory",
    r(s(ours.name, "read"), s("express+memory", "read")),
    3,
  );
  check(
    "read path vs hono+@hono/session",
    r(s(ours.name, "read"), s("hono+@hono/session", "read")),
    1,
  );
  atMost("read path CPU per request", s(ours.name, "read")?.cpuUs, 160);
  check(
    "full flow vs hono+@hono/session",
    r(s(ours.name, "flow"), s("hono+@hono/session", "flow")),
    0.8,
  );
  check(
    "write path vs express+redis",
    r(s(ours.name, "write"), s("express+redis", "write")),
    1.0,
  );
  check(
    "render path vs bare render",
    r(s(ours.name, "render-ours"), s(input.bare.name, "render-bare")),
    0.65,
  );
  for (const flow of FLOWS) {
    const mine = s(ours.name, flow.id);
    const best = input.stacks
      .filter((x) => x.name !== "ceiling" && x !== ours)
      .map((x) => s(x.name, flow.id))
      .filter((x): x is Summary => x !== null)
      .reduce((a, b) => (a && a.p99 <= b.p99 ? a : b), null as Summary | null);
    if (mine && best) {
      out.push(
        `p99 ${flow.id}: ours ${mine.p99.toFixed(2)} ms vs best peer ${
          best.p99.toFixed(2)
        } ms — ${mine.p99 <= best.p99 ? "MET" : "MISSED"}`,
      );
    }
  }
  const lostOurs = input.lost.get(ours.name);
  out.push(
    `lost updates, ours: ${lostOurs} (target 0) — ${
      lostOurs === "0" ? "MET" : "MISSED"
    }`,
  );
  return out;
}
