// Long file: a script (parent and the three child runs of each flow) read
// top to bottom; its pure arithmetic lives in budget_stages.ts.
/**
 * `deno task bench:budget`: where the CPU of one request goes, stage by
 * stage, for the benchmark's read path (flow (a): GET / with a 3-item cart
 * session), flow (d)'s cart page consuming a flash, the anonymous
 * cached catalogue (flow (c)) and the render path's GET /about.
 *
 *   deno task bench:budget                    # all four flows
 *   deno task bench:budget --flow read -n 5000
 *
 * Everything runs in-process through `createHandler` on the real manifest
 * and a KV file, with no network, one request at a time. Nothing in the
 * app is changed for it: each flow runs three times, in child processes:
 *
 * 1. plain, with `--v8-flags=--trace-gc`: the uninstrumented cost (wall
 *    and process CPU per request) and V8's own GC pause totals (its lines
 *    between the loop's markers; `stdbuf -oL` keeps them in order);
 * 2. under `--cpu-prof` (a 100 µs sampling interval): each sample of the
 *    measured window goes to the stage of the innermost frame on its
 *    stack that a rule in `bench/budget_rules.ts` names;
 * 3. with timing hooks on Preact's render (`options.__b` / `diffed`,
 *    installed by this entry only): how the page body's render divides
 *    between the shell, the header, recently viewed, the banners and the
 *    page component, which a sampled stack cannot tell (a component's
 *    children render after it has returned).
 *
 * The table's µs are pass 2's: each stage's share of the samples times
 * the main thread's CPU time per request in that run (read from /proc, so
 * time the thread spent descheduled on a busy machine does not count); GC
 * is V8's `(garbage collector)` samples, which V8 charges to no caller, so
 * it stands as its own row. Writes `bench/results/budget.md` too.
 *
 * @module
 */
import { APP_V8_FLAGS } from "../tasks/launch_args.ts";
import { parseArgs } from "node:util";
import process from "node:process";
import { Fragment, options } from "preact";
import {
  attributeProfile,
  budgetRows,
  type CpuProfile,
  IDLE,
  lastSampleTime,
  PAGE_PART,
  RENDER_PARTS,
  renderBudgetTable,
  splitRender,
  traceGcMs,
} from "./budget_stages.ts";
import { BODY_RENDER } from "./budget_rules.ts";
import {
  flowPath,
  type InProcessFlow,
  makeRequest,
  prepareFlow,
} from "./inprocess_flow.ts";

type BudgetFlow = InProcessFlow;

const FLOW_TITLES: Record<BudgetFlow, string> = {
  read: "(a) read: GET / with a 3-item cart session",
  cart: "(d) GET /cart consuming the flash of an add",
  anon: "(c) anonymous GET / (public page cache hit)",
  about: "render path: anonymous GET /about (rendered on every request)",
};

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    flow: { type: "string" },
    n: { type: "string", short: "n" },
    child: { type: "string" },
  },
});

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const ENCODER = new TextEncoder();

// ------------------------------------------------------------ the child --

/** What a child reports on its last stdout line. */
interface ChildResult {
  requests: number;
  wallUs: number;
  cpuUs: number;
  /** CPU time of the main (JavaScript) thread alone, in µs. */
  mainCpuUs: number;
  /** Per render part, exclusive µs summed over the requests (hooks pass). */
  parts?: Record<string, number>;
}

const INFO = {
  remoteAddr: {
    transport: "tcp" as const,
    hostname: "127.0.0.1",
    port: 40000,
  },
};

/** The body as the server sends it: UTF-8 bytes; named for the rules. */
function consume(text: string): number {
  return ENCODER.encode(text).byteLength;
}

async function child(mode: string, flow: BudgetFlow, n: number) {
  const { createHandler } = await import("../framework/server.ts");
  const { default: manifest } = await import("../fresh.gen.ts");
  const { default: config } = await import("../fresh.config.ts");
  const handler = await createHandler(manifest, config);
  let sink = 0;
  const send = async (
    path: string,
    cookie: string | null,
    form?: string,
  ): Promise<Response> => {
    const res = await handler(makeRequest(path, cookie, form), INFO);
    sink += consume(await res.text());
    return res;
  };
  const { warm, next } = await prepareFlow(send, flow, n);
  for (let i = 0; i < warm; i++) await next(i);
  const check = await send(flowPath(flow), null);
  if (check.status !== 200) throw new Error(`page answered ${check.status}`);

  const parts: Record<string, number> = {};
  if (mode === "hooks") installRenderTiming(parts);
  console.log("BUDGET_BEGIN");
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuUs();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await next(warm + i);
  const wallUs = (performance.now() - t0) * 1000;
  const cpu = process.cpuUsage(cpu0);
  const mainCpuUs = mainThreadCpuUs() - main0;
  console.log("BUDGET_END");
  if (sink === 0) throw new Error("empty responses");
  const result: ChildResult = {
    requests: n,
    wallUs,
    cpuUs: cpu.user + cpu.system,
    mainCpuUs,
    ...(mode === "hooks" ? { parts } : {}),
  };
  console.log(`BUDGET_RESULT ${JSON.stringify(result)}`);
  Deno.exit(0);
}

/**
 * CPU time the main thread has used, in µs (Linux: its /proc stat, in
 * ticks of 10 ms; the main thread's id is the process id).
 */
function mainThreadCpuUs(): number {
  const stat = Deno.readTextFileSync(`/proc/self/task/${Deno.pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/**
 * Times each component subtree of a render, exclusive of nested subtrees
 * of another part, through Preact's diff hooks (which the server renderer
 * calls around every component). Installed last, so it wraps the
 * framework's and the signals' hooks.
 */
function installRenderTiming(parts: Record<string, number>) {
  // deno-lint-ignore no-explicit-any
  const hooks = options as any;
  const beforeDiff = hooks.__b;
  const afterDiff = hooks.diffed;
  const stack: string[] = [];
  let last = 0;
  const tick = () => {
    const now = performance.now();
    if (stack.length > 0) {
      const top = stack[stack.length - 1];
      parts[top] = (parts[top] ?? 0) + (now - last) * 1000;
    }
    last = now;
  };
  // deno-lint-ignore no-explicit-any
  const partOf = (type: any): string => {
    const name: string = type.name ?? "";
    if (name === "Wrapped" && stack.length > 0 && !stack.includes(PAGE_PART)) {
      // The runtime's wrapper of the page component, inside _app.
      return PAGE_PART;
    }
    return RENDER_PARTS[name] ?? stack[stack.length - 1] ??
      RENDER_PARTS.App;
  };
  // deno-lint-ignore no-explicit-any
  const tracked = (vnode: any) =>
    typeof vnode.type === "function" && vnode.type !== Fragment;
  // deno-lint-ignore no-explicit-any
  hooks.__b = (vnode: any) => {
    beforeDiff?.(vnode);
    if (!tracked(vnode)) return;
    tick();
    stack.push(partOf(vnode.type));
  };
  // deno-lint-ignore no-explicit-any
  hooks.diffed = (vnode: any) => {
    afterDiff?.(vnode);
    if (!tracked(vnode)) return;
    tick();
    stack.pop();
  };
}

// ----------------------------------------------------------- the parent --

async function runChild(
  flow: BudgetFlow,
  n: number,
  mode: "plain" | "profile" | "hooks",
  dir: string,
): Promise<{ result: ChildResult; stdout: string; profile?: CpuProfile }> {
  // The flags `deno task serve` runs the app with, plus the GC trace.
  const v8Flags = [
    ...APP_V8_FLAGS,
    ...(mode === "plain" ? ["--trace-gc"] : []),
  ];
  const v8Args = [`--v8-flags=${v8Flags.join(",")}`];
  const profDir = `${dir}/prof-${flow}`;
  const profArgs = mode === "profile"
    ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`, "--cpu-prof-interval=100"]
    : [];
  // V8 prints its GC trace through C's stdout, which a pipe makes block
  // buffered: line buffering keeps those lines in order with the markers.
  const lineBuffered = mode === "plain" && await hasStdbuf();
  const command = [
    ...(lineBuffered ? ["stdbuf", "-oL"] : []),
    Deno.execPath(),
  ];
  const out = await new Deno.Command(command[0], {
    args: [
      ...command.slice(1),
      "run",
      "--allow-all",
      ...v8Args,
      ...profArgs,
      "bench/budget.ts",
      "--child",
      mode,
      "--flow",
      flow,
      "-n",
      String(n),
    ],
    cwd: ROOT,
    env: {
      KV_PATH: `${dir}/${flow}-${mode}.kv`,
      SESSION_NEW_PER_MINUTE: "100000000",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const lines = stdout.trim().split("\n");
  if (!out.success) {
    throw new Error(
      `budget child ${flow}/${mode} failed:\n${stdout.slice(-2000)}${
        new TextDecoder().decode(out.stderr).slice(-2000)
      }`,
    );
  }
  const line = lines.find((l) => l.startsWith("BUDGET_RESULT "));
  if (!line) throw new Error(`budget child ${flow}/${mode} printed no result`);
  const result: ChildResult = JSON.parse(line.slice("BUDGET_RESULT ".length));
  if (mode !== "profile") return { result, stdout };
  let profile: CpuProfile | undefined;
  for await (const entry of Deno.readDir(profDir)) {
    if (entry.name.endsWith(".cpuprofile")) {
      profile = JSON.parse(await Deno.readTextFile(`${profDir}/${entry.name}`));
    }
  }
  if (!profile) throw new Error(`no .cpuprofile in ${profDir}`);
  return { result, stdout, profile };
}

async function hasStdbuf(): Promise<boolean> {
  try {
    const out = await new Deno.Command("stdbuf", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

async function gitLabel(): Promise<string> {
  const git = async (...a: string[]) =>
    new TextDecoder().decode(
      (await new Deno.Command("git", { args: a, cwd: ROOT, stdout: "piped" })
        .output()).stdout,
    ).trim();
  const commit = await git("rev-parse", "--short", "HEAD");
  const dirty = (await git(
    "status",
    "--porcelain",
    "--",
    "framework",
    "utils",
    "routes",
    "components",
    "islands",
  )) !== "";
  return dirty ? `${commit} + uncommitted changes` : commit;
}

async function budgetOf(flow: BudgetFlow, n: number, dir: string) {
  console.error(`budget: ${flow}, plain…`);
  const plain = await runChild(flow, n, "plain", dir);
  const between = plain.stdout.slice(
    plain.stdout.indexOf("BUDGET_BEGIN"),
    plain.stdout.indexOf("BUDGET_END"),
  );
  const gc = traceGcMs(between);
  console.error(`budget: ${flow}, profile…`);
  const profiled = await runChild(flow, n, "profile", dir);
  console.error(`budget: ${flow}, render hooks…`);
  const hooked = await runChild(flow, n, "hooks", dir);

  // The measured loop ended just before the process exited.
  const profile = profiled.profile!;
  const end = lastSampleTime(profile);
  const { us } = attributeProfile(profile, undefined, {
    from: end - profiled.result.wallUs,
    to: end,
  });
  // A sample's time is the wall time since the previous one, so on a busy
  // machine time the thread spent descheduled lands on whatever ran next.
  // The samples give each stage's share; the main thread's own CPU time in
  // that run gives the µs.
  const perRequest = new Map<string, number>();
  let sampled = 0;
  for (const [stage, total] of us) if (stage !== IDLE) sampled += total;
  const mainPerRequest = profiled.result.mainCpuUs / profiled.result.requests;
  for (const [stage, total] of us) {
    if (stage === IDLE) continue;
    perRequest.set(stage, (total / sampled) * mainPerRequest);
  }
  const body = perRequest.get(BODY_RENDER) ?? 0;
  perRequest.delete(BODY_RENDER);
  for (
    const [part, value] of splitRender(body, hooked.result.parts ?? {})
  ) {
    perRequest.set(part, (perRequest.get(part) ?? 0) + value);
  }
  const r = plain.result;
  const p = profiled.result;
  const summary = [
    `Uninstrumented: ${(r.wallUs / r.requests).toFixed(0)} µs wall, ${
      (r.mainCpuUs / r.requests).toFixed(0)
    } µs CPU on the main thread and ${
      (r.cpuUs / r.requests).toFixed(0)
    } µs on all threads (KV's included) per request, over ${r.requests} requests one at a time.`,
    `Profiled: ${
      (p.mainCpuUs / p.requests).toFixed(0)
    } µs CPU on the main thread per request, divided below by the samples' shares.`,
    `V8's --trace-gc in that run: ${gc.collections} collections, ${
      (gc.ms * 1000 / r.requests).toFixed(1)
    } µs of main-thread pause per request.`,
  ];
  return {
    table: renderBudgetTable(budgetRows(perRequest)),
    summary,
  };
}

async function parent() {
  const flows: BudgetFlow[] = args.flow
    ? [args.flow as BudgetFlow]
    : ["read", "cart", "anon", "about"];
  for (const flow of flows) {
    if (!(flow in FLOW_TITLES)) throw new Error(`unknown flow ${flow}`);
  }
  const dir = await Deno.makeTempDir({ prefix: "deno-shop-budget-" });
  const label = await gitLabel();
  const sections: string[] = [
    `# Stage budget at ${label} (${new Date().toISOString().slice(0, 16)}Z)`,
  ];
  try {
    for (const flow of flows) {
      const base = Number(args.n ?? 3000);
      // The cached page is cheap: more of them for as many samples.
      const n = flow === "anon" ? base * 4 : base;
      const { table, summary } = await budgetOf(flow, n, dir);
      sections.push(`## ${FLOW_TITLES[flow]}`, summary.join("\n"), table);
    }
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  const report = sections.join("\n\n") + "\n";
  console.log(report);
  await Deno.mkdir(`${ROOT}/bench/results`, { recursive: true });
  await Deno.writeTextFile(`${ROOT}/bench/results/budget.md`, report);
  console.error("budget: written to bench/results/budget.md");
}

if (import.meta.main) {
  if (args.child) {
    await child(args.child, args.flow as BudgetFlow, Number(args.n ?? 3000));
  } else {
    await parent();
  }
}
