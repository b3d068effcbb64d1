/**
 * The report of `deno task bench`: from the samples of one run to the
 * Markdown printed and saved as bench/results/latest.md. Every figure is
 * the median of the rounds; ratios compare medians.
 *
 * @module
 */
import { FLOWS } from "./flows.ts";
import { median, ratio } from "./lib.ts";
import { type ReportInput, sampleKey, summarize } from "./report_input.ts";
import { targets } from "./targets.ts";

export { type ReportInput, sampleKey, type Versions } from "./report_input.ts";

/** µs as a whole number, or "n/a". */
function cpu(us: number): string {
  return Number.isFinite(us) ? String(Math.round(us)) : "n/a";
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
        `| ours: GET /about (the app's whole middleware chain, _app, Counter island, props) | ${
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
