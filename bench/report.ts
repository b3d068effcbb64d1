/**
 * The report of `deno task bench`: from the samples of one run to the
 * Markdown printed and saved as bench/results/latest.md. Every figure is
 * the median of the rounds; ratios compare medians.
 *
 * @module
 */
import { FLOWS, type KvOpsPerRequest } from "./flows.ts";
import { median, percentOf, ratio, type Sample } from "./lib.ts";

/** Tools, libraries and machine the figures come from. */
export interface Versions {
  machine: string;
  deno: string;
  node: string;
  wrk: string;
  redis: string;
  /** One line per stack's libraries. */
  libs: string[];
  /** ISO date of the run. */
  date: string;
}

/** JavaScript a page ships (its module scripts and their static imports). */
export interface PageWeight {
  label: string;
  islands: string;
  files: number;
  raw: number;
  gzip: number;
}

/** How each measurement loaded the stacks. */
export interface Load {
  connections: number;
  /** Seconds per measurement. */
  duration: number;
  /** Seconds of unmeasured load per stack and flow first. */
  warmup: number;
  rounds: number;
}

/** A stack as the report names it. */
export interface Stack {
  name: string;
}

/** Everything one run measured. */
export interface ReportInput {
  /** In table order; one of them is named "ceiling". */
  stacks: Stack[];
  ours: Stack;
  /** The bare render server of the render pair. */
  bare: Stack;
  /** Per {@linkcode sampleKey}: one sample per round. */
  samples: Map<string, Sample[]>;
  /** RSS in MB after each measurement, per stack name. */
  rss: Map<string, number[]>;
  /** Lost updates per stack name, as text ("0", "12 (3 refused)"). */
  lost: Map<string, string>;
  concurrentAdds: number;
  kvOps: KvOpsPerRequest[];
  weight: PageWeight[];
  versions: Versions;
  load: Load;
  /** Anything the run had to skip or noticed. */
  notes: string[];
}

/** The key of a stack's samples for one flow (or "render-ours"/"render-bare"). */
export function sampleKey(stack: string, flow: string): string {
  return `${stack}|${flow}`;
}

interface Summary {
  rps: number;
  /** The slowest and fastest round: how far this machine drifted. */
  rpsRange: string;
  p50: number;
  p99: number;
  cpuUs: number;
  errors: number;
}

/** µs as a whole number, or "n/a". */
function cpu(us: number): string {
  return Number.isFinite(us) ? String(Math.round(us)) : "n/a";
}

function summarize(list: Sample[] | undefined): Summary | null {
  if (!list || list.length === 0) return null;
  const rps = list.map((s) => s.rps);
  return {
    rps: median(rps),
    rpsRange: `${Math.round(Math.min(...rps))}–${Math.round(Math.max(...rps))}`,
    p50: median(list.map((s) => s.p50Ms)),
    p99: median(list.map((s) => s.p99Ms)),
    cpuUs: median(list.map((s) => s.cpuUsPerRequest)),
    errors: list.reduce((n, s) => n + s.errors, 0),
  };
}

/** The Markdown report: ratios, per-flow tables, KV ops, targets. */
export function renderReport(input: ReportInput): string {
  const { stacks, samples, rss, versions, ours, load } = input;
  const lines: string[] = [];
  const w = (s = "") => lines.push(s);
  const peers = stacks.filter((s) => s.name !== "ceiling" && s !== ours);
  w("# Benchmarks: our session stack against the ceiling and the peers");
  w();
  w(`- Date: ${versions.date}`);
  w(`- Machine: ${versions.machine}`);
  w(`- Deno ${versions.deno}; Node ${versions.node}; ${versions.wrk}; ${versions.redis}`);
  for (const lib of versions.libs) w(`- ${lib}`);
  w(
    `- Load: wrk -t1 -c${load.connections} -d${load.duration}s per measurement after ${load.warmup} s of unmeasured warm-up per stack and flow, ${load.rounds} rounds alternating the stacks; medians. Server and wrk share the machine's cores.`,
  );
  w();
  w("## Ratios (ours ÷ other, requests per second; > 1 means ours is faster)");
  w();
  const names = ["ceiling", ...peers.map((p) => p.name)];
  w(`| flow | ${names.join(" | ")} |`);
  w(`|---|${["ceiling", ...peers].map(() => "---:").join("|")}|`);
  for (const flow of FLOWS) {
    const mine = summarize(samples.get(sampleKey(ours.name, flow.id)));
    const cells = ["ceiling", ...peers.map((p) => p.name)].map((name) => {
      const other = summarize(samples.get(sampleKey(name, flow.id)));
      return mine && other ? ratio(mine.rps, other.rps) : "n/a";
    });
    w(`| ${flow.title} | ${cells.join(" | ")} |`);
  }
  {
    const mine = summarize(samples.get(sampleKey(ours.name, "render-ours")));
    const other = summarize(
      samples.get(sampleKey(input.bare.name, "render-bare")),
    );
    w(
      `| render path: GET /about (middleware + 1 island) vs bare preact-render-to-string | ${
        mine && other ? ratio(mine.rps, other.rps) : "n/a"
      } (vs bare render) | ${peers.map(() => "").join(" | ")} |`,
    );
  }
  w();
  // Requests per second follow the machine's drift; CPU time per request
  // is the cost itself, and drifts less.
  w("## Server CPU per request (other ÷ ours; > 1 means ours costs less)");
  w();
  w(
    "CPU time of each stack's processes (all threads, user and system; express+redis includes its Redis) over the requests they answered, medians of the rounds.",
  );
  w();
  w(`| flow | ours µs/req | ${names.join(" | ")} |`);
  w(`|---|---:|${names.map(() => "---:").join("|")}|`);
  for (const flow of FLOWS) {
    const mine = summarize(samples.get(sampleKey(ours.name, flow.id)));
    const cells = names.map((name) => {
      const other = summarize(samples.get(sampleKey(name, flow.id)));
      return mine && other ? ratio(other.cpuUs, mine.cpuUs) : "n/a";
    });
    w(`| ${flow.title} | ${mine ? cpu(mine.cpuUs) : "n/a"} | ${
      cells.join(" | ")
    } |`);
  }
  w();
  for (const flow of FLOWS) {
    w(`## ${flow.title}`);
    w();
    w("| stack | req/s | rounds' range | p50 ms | p99 ms | CPU µs/req | RSS MB after | × ceiling | ours ÷ this | errors |");
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    const ceil = summarize(samples.get(sampleKey("ceiling", flow.id)));
    const mine = summarize(samples.get(sampleKey(ours.name, flow.id)));
    for (const stack of stacks) {
      const s = summarize(samples.get(sampleKey(stack.name, flow.id)));
      if (!s) continue;
      const mem = median(rss.get(stack.name) ?? [0]);
      w(
        `| ${stack.name} | ${Math.round(s.rps)} | ${s.rpsRange} | ${
          s.p50.toFixed(2)
        } | ${s.p99.toFixed(2)} | ${cpu(s.cpuUs)} | ${mem.toFixed(0)} | ${
          ceil ? ratio(s.rps, ceil.rps) : "n/a"
        } | ${mine ? ratio(mine.rps, s.rps) : "n/a"} | ${s.errors} |`,
      );
    }
    w();
  }
  w("## Render path: page with middleware and one island vs bare render");
  w();
  w("| server | req/s | rounds' range | p50 ms | p99 ms | CPU µs/req | ratio |");
  w("|---|---:|---:|---:|---:|---:|---:|");
  {
    const mine = summarize(samples.get(sampleKey(ours.name, "render-ours")));
    const other = summarize(
      samples.get(sampleKey(input.bare.name, "render-bare")),
    );
    if (mine && other) {
      w(
        `| ours: GET /about (4 middleware, _app, Counter island, props) | ${
          Math.round(mine.rps)
        } | ${mine.rpsRange} | ${mine.p50.toFixed(2)} | ${
          mine.p99.toFixed(2)
        } | ${cpu(mine.cpuUs)} | ${
          ratio(mine.rps, other.rps)
        } (target ≥ 0.65×) |`,
      );
      w(
        `| bare: Deno.serve + renderToString(_app + About) | ${
          Math.round(other.rps)
        } | ${other.rpsRange} | ${other.p50.toFixed(2)} | ${
          other.p99.toFixed(2)
        } | ${cpu(other.cpuUs)} | 1.00× |`,
      );
    }
  }
  w();
  w("## KV operations per request (ours, counted by KV_COUNT_FILE)");
  w();
  w("| flow | reads | writes (set/delete) | atomic commits |");
  w("|---|---:|---:|---:|");
  for (const op of input.kvOps) {
    w(`| ${op.label} | ${op.reads.toFixed(2)} | ${op.writes.toFixed(2)} | ${
      op.commits.toFixed(2)
    } |`);
  }
  w();
  w(`## Correctness: updates lost when ${input.concurrentAdds} concurrent adds hit one session`);
  w();
  w("| stack | lost updates |");
  w("|---|---:|");
  for (const [name, value] of input.lost) w(`| ${name} | ${value} |`);
  w();
  w("## Front-end weight (ours: JavaScript shipped, module scripts and their static imports)");
  w();
  w("| page | islands | files | bytes | gzip bytes |");
  w("|---|---|---:|---:|---:|");
  for (const page of input.weight) {
    w(`| ${page.label} | ${page.islands} | ${page.files} | ${page.raw} | ${page.gzip} |`);
  }
  w();
  w("## Targets");
  w();
  for (const line of targets(input)) w(`- ${line}`);
  if (input.notes.length > 0) {
    w();
    w("## Notes");
    w();
    for (const note of input.notes) w(`- ${note}`);
  }
  w();
  w(
    "Peers render the same HTML from a template cut from our real catalogue page (string concatenation, no component renderer); ours renders it with Preact on every request. The ceiling serves the precomputed string. Redis runs with `--save '' --appendonly no` (nothing on disk); ours commits each write to a Deno KV SQLite file.",
  );
  return lines.join("\n") + "\n";
}

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
