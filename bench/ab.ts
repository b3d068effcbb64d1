/**
 * `deno task bench:ab`: an A/B measurement of two variants of the app over
 * HTTP, the way `deno task bench` measures ours, for a change's commit
 * message.
 *
 *   deno task bench:ab --a . --b ../other-checkout --flow read
 *   deno task bench:ab --a . --b . --b-v8=    # V8's defaults against ours
 *
 * Each variant is a checkout (built beforehand with `deno task build`) and
 * its V8 flags: by default those `deno task serve` runs the app with
 * (`APP_V8_FLAGS` in tasks/launch_args.ts); `--a-v8`/`--b-v8` replace them,
 * and an empty value leaves V8's defaults. Both run side by side on KV files in a temporary
 * folder, each with its own 64 sessions created over HTTP; rounds alternate
 * the order (A B, B A, …) so that the machine's drift falls on both. Every
 * round prints its samples, then the medians: req/s, CPU µs per request
 * (all the server's threads) and B ÷ A.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { APP_V8_FLAGS } from "../tasks/launch_args.ts";
import { cpuTimeUs, median, type Server, startServer, wrk } from "./lib.ts";
import { type Flow, FLOWS, makeSession } from "./flows.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    a: { type: "string", default: "." },
    b: { type: "string", default: "." },
    // As `deno task serve` runs the app; `--a-v8=` runs V8's defaults.
    "a-v8": { type: "string", default: APP_V8_FLAGS.join(",") },
    "b-v8": { type: "string", default: APP_V8_FLAGS.join(",") },
    flow: { type: "string", default: "read" },
    rounds: { type: "string", default: "6" },
    duration: { type: "string", default: "3" },
    connections: { type: "string", default: "32" },
    path: { type: "string", default: "/" },
  },
});

const flow = args.flow as Flow;
if (!FLOWS.some((f) => f.id === flow)) {
  console.error(`--flow must be one of ${FLOWS.map((f) => f.id).join(", ")}`);
  Deno.exit(2);
}
const rounds = Number(args.rounds);
const load = {
  duration: Number(args.duration),
  connections: Number(args.connections),
};
const tmp = await Deno.makeTempDir({ prefix: "bench-ab-" });

interface Variant {
  label: "A" | "B";
  server: Server;
  cookies: string;
  rps: number[];
  cpu: number[];
}

async function start(label: "A" | "B", root: string, v8: string) {
  const cwd = await Deno.realPath(root);
  const server = await startServer({
    name: label,
    cmd: Deno.execPath(),
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      `--allow-read=.,${tmp}`,
      `--allow-write=./data,${tmp}`,
      ...(v8 ? [`--v8-flags=${v8}`] : []),
      "main.ts",
    ],
    cwd,
    env: { KV_PATH: `${tmp}/${label}.kv`, SESSION_NEW_PER_MINUTE: "1000000" },
  });
  const cookies: string[] = [];
  if (flow !== "anon") {
    for (let i = 0; i < 64; i++) {
      cookies.push(await makeSession(server.url, flow === "read" ? 3 : 1));
    }
  }
  const file = `${tmp}/${label}.cookies`;
  await Deno.writeTextFile(file, cookies.join("\n") + "\n");
  return {
    label,
    server,
    cookies: flow === "anon" ? "-" : file,
    rps: [],
    cpu: [],
  } as Variant;
}

async function measure(v: Variant, seconds = load.duration) {
  const before = await cpuTimeUs([v.server.pid]);
  const sample = await wrk(v.server.url, flow, v.cookies, args.path, {
    ...load,
    duration: seconds,
  });
  const spent = (await cpuTimeUs([v.server.pid])) - before;
  return {
    rps: sample.rps,
    cpu: spent / sample.requests,
    errors: sample.errors,
  };
}

const a = await start("A", args.a, args["a-v8"]);
const b = await start("B", args.b, args["b-v8"]);
try {
  for (const v of [a, b]) await measure(v, 2);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [a, b] : [b, a];
    const line: string[] = [];
    for (const v of order) {
      const s = await measure(v);
      if (s.errors > 0) throw new Error(`${v.label}: ${s.errors} errors`);
      v.rps.push(s.rps);
      v.cpu.push(s.cpu);
      line.push(`${v.label} ${s.rps.toFixed(0)} req/s ${s.cpu.toFixed(0)} µs`);
    }
    console.log(`round ${round + 1}: ${line.join(", ")}`);
  }
  for (const v of [a, b]) {
    console.log(
      `${v.label}: median ${median(v.rps).toFixed(0)} req/s, ${
        median(v.cpu).toFixed(1)
      } µs CPU/req; req/s ${v.rps.map((x) => x.toFixed(0)).join(" ")}`,
    );
  }
  console.log(
    `B ÷ A: req/s ${(median(b.rps) / median(a.rps)).toFixed(3)}, CPU/req ${
      (median(b.cpu) / median(a.cpu)).toFixed(3)
    } (flow ${flow}, ${rounds} rounds alternating AB/BA, wrk -c${load.connections} -d${load.duration}s)`,
  );
} finally {
  await a.server.stop();
  await b.server.stop();
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
}
