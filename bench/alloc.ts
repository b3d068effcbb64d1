/**
 * `deno task bench:alloc`: where one request's garbage comes from. Runs
 * requests one at a time through `createHandler` on the real manifest (as
 * `bench/budget.ts` does, no network), with V8's sampling heap profiler on
 * and told to keep the objects the young and old generation collectors
 * freed, so every sampled allocation counts, garbage included. Prints kB
 * per request by allocating function and by function on the stack.
 *
 *   deno task bench:alloc --flow read|cart|anon [-n 2000] [--match routes/]
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
if (!["read", "cart", "anon"].includes(flow)) {
  console.error("--flow must be read, cart or anon");
  Deno.exit(2);
}
const n = Number(args.n);
const limit = Number(args.limit);

const HOST = "127.0.0.1:8000";
const INFO = {
  remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 40000 },
  completed: Promise.resolve(),
};

const { createHandler } = await import("../framework/server.ts");
const { default: manifest } = await import("../fresh.gen.ts");
const { default: config } = await import("../fresh.config.ts");
const handler = await createHandler(manifest, config);

function request(path: string, cookie: string | null, form?: string) {
  const headers: Record<string, string> = { host: HOST };
  if (cookie) headers.cookie = cookie;
  if (form) headers["content-type"] = "application/x-www-form-urlencoded";
  return new Request(`http://${HOST}${path}`, {
    method: form ? "POST" : "GET",
    headers,
    body: form,
  });
}

let bodyBytes = 0;
async function send(path: string, cookie: string | null, form?: string) {
  const res = await handler(request(path, cookie, form), INFO);
  bodyBytes += (await res.text()).length;
  return res;
}

async function add(cookie: string | null, product: string) {
  const res = await send(
    "/cart/add",
    cookie,
    `product_id=${product}&quantity=1`,
  );
  if (res.status !== 303) throw new Error(`add answered ${res.status}`);
  return cookie ?? res.headers.getSetCookie()[0]?.split(";")[0] ?? null;
}

// As bench/budget.ts: the adds, then the cart page consuming their messages.
async function session(items: number): Promise<string> {
  let cookie: string | null = null;
  for (
    const product of ["ceramic-mug", "notebook", "desk-plant"].slice(0, items)
  ) {
    cookie = await add(cookie, product);
  }
  if (!cookie) throw new Error("no session cookie");
  await send("/cart", cookie);
  return cookie;
}

const warm = Math.max(200, Math.round(n / 5));
let next: (i: number) => Promise<Response>;
if (flow === "anon") next = () => send("/", null);
else if (flow === "read") {
  const cookie = await session(3);
  next = () => send("/", cookie);
} else {
  // Each cart page consumes one session's flash: one session per request.
  const cookies: string[] = [];
  for (let i = 0; i < warm + n; i++) {
    const cookie = await session(1);
    await add(cookie, "notebook");
    cookies.push(cookie);
  }
  next = (i) => send("/cart", cookies[i]);
}
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
Deno.exit(0);
