/**
 * `deno task bench:alloc`: where one request's garbage comes from. Runs
 * requests one at a time through `createHandler` on the real manifest (as
 * `bench/budget.ts` does, no network), with V8's sampling heap profiler on
 * and told to keep the objects the young and old generation collectors
 * freed, so every sampled allocation counts, garbage included. Prints kB
 * per request by allocating function and by function on the stack.
 *
 *   deno task bench:alloc --flow read|cart|anon|about [-n 2000] [--match routes/]
 *
 * GC time is proportional to what survives a collection, not to what is
 * allocated; this names the allocators, which is where a cut starts.
 *
 * @see https://chromedevtools.github.io/devtools-protocol/tot/HeapProfiler/#method-startSampling
 * @module
 */
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import {
  type InProcessFlow,
  makeRequest,
  prepareFlow,
} from "./inprocess_flow.ts";
import {
  allocationRows,
  allocationTable,
  type HeapProfileNode,
} from "./alloc_profile.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    flow: { type: "string", default: "read" },
    n: { type: "string", short: "n", default: "2000" },
    match: { type: "string", default: "" },
    limit: { type: "string", default: "30" },
  },
});
const flow = args.flow;
if (!["read", "cart", "anon", "about"].includes(flow)) {
  console.error("--flow must be read, cart, anon or about");
  Deno.exit(2);
}
const n = Number(args.n);
const limit = Number(args.limit);

const INFO = {
  remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 40000 },
  completed: Promise.resolve(),
};

// As the stage budget's children: a KV file of the run's own (not the dev
// database), and room for the cart flow's thousands of new sessions from
// one address, past the default per-address limit. Set before the app loads.
const tmp = await Deno.makeTempDir({ prefix: "bench-alloc-" });
if (!Deno.env.get("KV_PATH")) Deno.env.set("KV_PATH", `${tmp}/alloc.kv`);
Deno.env.set("SESSION_NEW_PER_MINUTE", "100000000");

const { createHandler } = await import("../framework/server.ts");
const { default: manifest } = await import("../fresh.gen.ts");
const { default: config } = await import("../fresh.config.ts");
const handler = await createHandler(manifest, config);

let bodyBytes = 0;
async function send(path: string, cookie: string | null, form?: string) {
  const res = await handler(makeRequest(path, cookie, form), INFO);
  bodyBytes += (await res.text()).length;
  return res;
}

const { warm, next } = await prepareFlow(send, flow as InProcessFlow, n);
for (let i = 0; i < warm; i++) await next(i);

const inspector = new Session();
inspector.connect();
await inspector.post("HeapProfiler.enable");
await inspector.post("HeapProfiler.startSampling", {
  samplingInterval: 128,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
for (let i = 0; i < n; i++) await next(warm + i);
const { profile } = await inspector.post("HeapProfiler.stopSampling") as {
  profile: { head: HeapProfileNode };
};
inspector.disconnect();
if (bodyBytes === 0) throw new Error("empty responses");

const rows = allocationRows(profile.head, n);
const match = args.match ? new RegExp(args.match) : null;
console.log(
  `# Allocation per request: ${flow}, ${n} requests (sampled every 128 bytes)\n`,
);
console.log(`${(rows.total / 1024).toFixed(1)} kB allocated per request.\n`);
console.log("## By allocating function\n");
console.log(allocationTable(rows.self, limit));
console.log("\n## By function on the stack (inclusive)\n");
console.log(
  allocationTable(
    match ? rows.inclusive.filter((r) => match.test(r.name)) : rows.inclusive,
    limit,
  ),
);
await Deno.remove(tmp, { recursive: true }).catch(() => {});
Deno.exit(0);
