// Long file: a script read top to bottom (preflight, build, start the
// stacks, measure round by round, report); its parts live in lib.ts,
// flows.ts, page_weight.ts and report.ts.
/**
 * `deno task bench`: our session stack side by side with the ceiling and
 * the peers people would pick instead, in one run on this machine, printed
 * as ratios (absolute numbers on a shared 2-core machine are noise).
 *
 *   deno task bench            # full run (5 rounds of 3 s per measurement), ~7 minutes
 *   deno task bench --quick    # smoke run (2 s per measurement), ~2 minutes
 *
 * Stacks, all on 127.0.0.1: the ceiling (plain Deno.serve, precomputed
 * HTML), ours (the real app as `deno task start` runs it, on a KV file),
 * Express + express-session + connect-flash (MemoryStore, and connect-redis
 * when a local redis-server can be started), Hono + @hono/session.
 * Load comes from wrk (Debian) with bench/wrk/flows.lua; every stack gets
 * the same connections and duration, stacks alternate round by round and
 * the medians are reported. The table goes to stdout and to
 * bench/results/latest.md.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { APP_V8_FLAGS } from "../tasks/launch_args.ts";
import { SEED_PRODUCTS } from "../utils/shop/catalog.ts";
import {
  cpuTimeUs,
  freePort,
  readRss,
  type Sample,
  type Server,
  sleep,
  startServer,
  wrk,
} from "./lib.ts";
import { countKvPerRequest, FLOWS, lostUpdates, makeSession } from "./flows.ts";
import { javascriptWeight } from "./page_weight.ts";
import { renderReport, sampleKey, type Versions } from "./report.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const BENCH = `${ROOT}/bench`;

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    quick: { type: "boolean", default: false },
    duration: { type: "string" },
    rounds: { type: "string" },
    warmup: { type: "string" },
    connections: { type: "string" },
  },
});
const DURATION = Number(args.duration ?? (args.quick ? 2 : 3));
// Five short rounds rather than three long ones, in the same time: this
// machine's speed drifts over tens of seconds, and a median of five
// alternating samples lets two disturbed ones pass (of two, a median is the
// mean, and one disturbed round moves it halfway).
const ROUNDS = Number(args.rounds ?? (args.quick ? 2 : 5));
// Seconds of unmeasured load per stack and flow before the first round:
// every stack's JIT (V8 under Deno and Node alike) reaches its steady state
// first, so the rounds compare warm servers.
const WARMUP = Number(args.warmup ?? (args.quick ? 1 : 2));
const CONNECTIONS = Number(args.connections ?? 32);
const SESSIONS = 64;
const CONCURRENT_ADDS = 100;
const notes: string[] = [];

// ---------------------------------------------------------------- tools --

async function have(cmd: string): Promise<boolean> {
  const out = await new Deno.Command("sh", {
    args: ["-c", `command -v ${cmd}`],
    stdout: "null",
    stderr: "null",
  }).output();
  return out.success;
}

async function run(cmd: string, cmdArgs: string[], cwd = ROOT) {
  const out = await new Deno.Command(cmd, {
    args: cmdArgs,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  return { ok: out.success, text };
}

/** Installs a Debian package when missing and we may (root, apt-get). */
async function ensureDebian(cmd: string, pkg: string): Promise<boolean> {
  if (await have(cmd)) return true;
  if (Deno.uid?.() !== 0 || !(await have("apt-get"))) return false;
  console.error(`bench: installing ${pkg} (apt-get)…`);
  await run("apt-get", ["update", "-qq"]);
  await run("apt-get", ["install", "-y", "-qq", pkg]);
  return await have(cmd);
}

async function version(cmd: string, flag = "--version"): Promise<string> {
  try {
    const { text } = await run(cmd, [flag]);
    return text.split("\n")[0].trim();
  } catch {
    return "missing";
  }
}

// ---------------------------------------------------------- preflight --

if (!(await ensureDebian("wrk", "wrk"))) {
  console.error(
    "bench: wrk is missing and could not be installed (`apt-get install -y wrk`). Nothing measured.",
  );
  Deno.exit(1);
}
const NODE = (await have("node")) ? "node" : null;
let expressReady = false;
if (!NODE) notes.push("Express skipped: `node` is not installed.");
else {
  const dir = `${BENCH}/peers/express`;
  expressReady = await exists(`${dir}/node_modules/express-session`);
  if (!expressReady) {
    console.error("bench: npm ci in bench/peers/express…");
    const res = await run("npm", ["ci", "--no-audit", "--no-fund"], dir);
    expressReady = res.ok;
    if (!res.ok) notes.push(`Express skipped: npm ci failed: ${res.text}`);
  }
}
const redisReady = expressReady &&
  (await ensureDebian("redis-server", "redis-server"));
if (expressReady && !redisReady) {
  notes.push(
    "express + connect-redis skipped: redis-server is not installed and could not be installed.",
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

// --------------------------------------------------------------- build --

console.error("bench: deno task build…");
{
  const res = await run(Deno.execPath(), ["task", "build"]);
  if (!res.ok) throw new Error(`deno task build failed:\n${res.text}`);
}

const tmp = await Deno.makeTempDir({ prefix: "deno-shop-bench-" });
const servers: Server[] = [];
let redis: Deno.ChildProcess | null = null;

async function cleanup() {
  for (const server of servers) await server.stop();
  if (redis) {
    try {
      redis.kill("SIGTERM");
      await redis.status;
    } catch { /* already gone */ }
  }
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
}
Deno.addSignalListener("SIGINT", async () => {
  await cleanup();
  Deno.exit(130);
});

// ---------------------------------------------------------------- main --

async function main() {
  const deno = Deno.execPath();
  // Ours and the bare render server run with the V8 flags `deno task serve`
  // gives the app, so the render comparison runs one runtime configuration.
  const appV8 = `--v8-flags=${APP_V8_FLAGS.join(",")}`;
  const serveArgs = (entry = "main.ts") => [
    "run",
    appV8,
    "--allow-net",
    "--allow-env",
    `--allow-read=.,${tmp}`,
    `--allow-write=./data,${tmp}`,
    entry,
  ];

  // Ours first: the fixture (our real catalogue page) comes from it.
  const ours = await startServer({
    name: "ours",
    cmd: deno,
    args: serveArgs(),
    cwd: ROOT,
    // One client address creates every visitor's session (3 × 64 within
    // seconds): past the default per-address limit of new sessions.
    env: { KV_PATH: `${tmp}/ours.kv`, SESSION_NEW_PER_MINUTE: "1000000" },
  });
  servers.push(ours);
  const fixtureCookie = await makeSession(ours.url, 3);
  const page = await fetch(`${ours.url}/`, {
    headers: { cookie: fixtureCookie },
  });
  const html = await page.text();
  // The ceiling answers with the same headers as ours (security headers,
  // Vary, Cache-Control), so that it sends the same bytes.
  const headers = Object.fromEntries(
    [...page.headers].filter(([name]) =>
      name !== "date" && name !== "content-length"
    ),
  );
  const fixture = `${tmp}/fixture.json`;
  await Deno.writeTextFile(
    fixture,
    JSON.stringify({ html, headers, products: SEED_PRODUCTS }),
  );

  const stacks: Server[] = [];
  const ceiling = await startServer({
    name: "ceiling",
    cmd: deno,
    args: [
      "run",
      `--allow-read=${tmp}`,
      "--allow-env",
      "--allow-net",
      `${BENCH}/servers/ceiling.ts`,
    ],
    cwd: ROOT,
    env: { BENCH_FIXTURE: fixture },
  });
  servers.push(ceiling);
  stacks.push(ceiling, ours);

  if (expressReady) {
    const mem = await startServer({
      name: "express+memory",
      cmd: NODE!,
      args: ["server.mjs"],
      cwd: `${BENCH}/peers/express`,
      env: { BENCH_FIXTURE: fixture, NODE_ENV: "production" },
    });
    servers.push(mem);
    stacks.push(mem);
  }
  if (redisReady) {
    const port = freePort();
    redis = new Deno.Command("redis-server", {
      args: [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--protected-mode",
        "yes",
        "--dir",
        tmp,
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    const redisPid = redis.pid;
    await sleep(300);
    try {
      const rs = await startServer({
        name: "express+redis",
        cmd: NODE!,
        args: ["server.mjs"],
        cwd: `${BENCH}/peers/express`,
        env: {
          BENCH_FIXTURE: fixture,
          NODE_ENV: "production",
          REDIS_URL: `redis://127.0.0.1:${port}`,
        },
      });
      // Its Redis works for it: count that CPU time as the stack's.
      rs.helperPids = [redisPid];
      servers.push(rs);
      stacks.push(rs);
    } catch (error) {
      notes.push(`express + connect-redis skipped: ${error}`);
    }
  }
  try {
    const hono = await startServer({
      name: "hono+@hono/session",
      cmd: deno,
      args: [
        "run",
        "--allow-net",
        "--allow-env",
        `--allow-read=${BENCH}/peers,${tmp}`,
        "server.ts",
      ],
      cwd: `${BENCH}/peers/hono`,
      env: { BENCH_FIXTURE: fixture },
    });
    servers.push(hono);
    stacks.push(hono);
  } catch (error) {
    notes.push(`Hono skipped: ${error}`);
  }
  const bare = await startServer({
    name: "bare preact render",
    cmd: deno,
    args: [
      "run",
      appV8,
      "--allow-net",
      "--allow-env",
      "--allow-read=.",
      `${BENCH}/servers/render_bare.tsx`,
    ],
    cwd: ROOT,
    env: {},
  });
  servers.push(bare);

  // Sessions: 64 per flow and stack, created over HTTP like a visitor.
  console.error("bench: creating sessions…");
  const cookieFiles = new Map<
    string,
    Record<"read" | "write" | "flow", string>
  >();
  for (const stack of stacks) {
    const files = {} as Record<"read" | "write" | "flow", string>;
    for (const kind of ["read", "write", "flow"] as const) {
      const cookies: string[] = [];
      for (let i = 0; i < SESSIONS; i++) {
        // The ceiling has no session: a cookie it ignores.
        cookies.push(
          stack === ceiling
            ? `bench=${i}`
            : await makeSession(stack.url, kind === "read" ? 3 : 1),
        );
      }
      files[kind] = `${tmp}/${stack.port}-${kind}.cookies`;
      await Deno.writeTextFile(files[kind], cookies.join("\n") + "\n");
    }
    cookieFiles.set(stack.name, files);
    // The read path must be what it claims: a 200 page, no Set-Cookie.
    const check = await fetch(`${stack.url}/`, {
      headers: { cookie: (await Deno.readTextFile(files.read)).split("\n")[0] },
    });
    await check.body?.cancel();
    if (stack !== ceiling && check.headers.has("set-cookie")) {
      notes.push(`${stack.name}: the read path answered with Set-Cookie.`);
    }
  }

  // --warmup 0 skips it (wrk refuses a zero duration).
  if (WARMUP > 0) {
    console.error(`bench: warming up (${WARMUP} s per stack and flow)…`);
    for (const stack of stacks) {
      for (const flow of FLOWS) {
        const file = flow.id === "anon"
          ? "-"
          : cookieFiles.get(stack.name)![flow.id as "read" | "write" | "flow"];
        await wrk(stack.url, flow.id, file, "/", {
          duration: WARMUP,
          connections: CONNECTIONS,
        });
      }
    }
    for (const stack of [ours, bare]) {
      await wrk(stack.url, "anon", "-", "/about", {
        duration: WARMUP,
        connections: CONNECTIONS,
      });
    }
  }

  // Load: rounds × flows × stacks, alternating stacks within each round.
  const samples = new Map<string, Sample[]>();
  const rss = new Map<string, number[]>();
  const total = ROUNDS * (FLOWS.length * stacks.length + 2);
  let done = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? stacks : [...stacks].reverse();
    for (const flow of FLOWS) {
      for (const stack of order) {
        const file = flow.id === "anon"
          ? "-"
          : cookieFiles.get(stack.name)![flow.id as "read" | "write" | "flow"];
        console.error(
          `bench: [${++done}/${total}] ${stack.name} ${flow.id}`,
        );
        const sample = await measure(stack, flow.id, file, "/");
        push(samples, sampleKey(stack.name, flow.id), sample);
        push(rss, stack.name, await readRss(stack.pid));
        await sleep(200);
      }
    }
    // The render pair: GET /about on ours against the bare render, in the
    // stacks' order of this round, so that neither always goes first.
    const pair = [[ours, "render-ours"], [bare, "render-bare"]] as const;
    for (const [stack, label] of round % 2 === 0 ? pair : [...pair].reverse()) {
      console.error(`bench: [${++done}/${total}] ${label}`);
      const sample = await measure(stack, "anon", "-", "/about");
      push(samples, sampleKey(stack.name, label), sample);
      await sleep(200);
    }
  }

  // Correctness: 100 concurrent adds on one session.
  console.error("bench: lost updates…");
  const lost = new Map<string, string>();
  for (const stack of stacks) {
    if (stack === ceiling) continue;
    lost.set(stack.name, await lostUpdates(stack.url, CONCURRENT_ADDS));
  }

  // KV operations per request, on a second instance of ours that counts.
  console.error("bench: KV operations…");
  const counted = await startServer({
    name: "ours (counting)",
    cmd: deno,
    args: serveArgs("bench/counted_entry.ts"),
    cwd: ROOT,
    env: {
      KV_PATH: `${tmp}/counted.kv`,
      KV_COUNT_FILE: `${tmp}/kv-count.json`,
    },
  });
  servers.push(counted);
  const kvOps = await countKvPerRequest(counted.url, `${tmp}/kv-count.json`);

  // Front-end weight.
  console.error("bench: JavaScript weight…");
  const weight = await javascriptWeight(ours.url);

  const versions = await collectVersions();
  const report = renderReport({
    stacks,
    ours,
    bare,
    samples,
    rss,
    lost,
    concurrentAdds: CONCURRENT_ADDS,
    kvOps,
    weight,
    versions,
    load: {
      connections: CONNECTIONS,
      duration: DURATION,
      warmup: WARMUP,
      rounds: ROUNDS,
    },
    notes,
  });
  console.log(report);
  await Deno.mkdir(`${BENCH}/results`, { recursive: true });
  await Deno.writeTextFile(`${BENCH}/results/latest.md`, report);
  console.error("bench: written to bench/results/latest.md");
}

/** One wrk run against `stack`, with the CPU time its processes spent. */
async function measure(
  stack: Server,
  flow: string,
  cookieFile: string,
  path: string,
): Promise<Sample> {
  const pids = [stack.pid, ...(stack.helperPids ?? [])];
  const before = await cpuTimeUs(pids);
  const sample = await wrk(stack.url, flow, cookieFile, path, {
    duration: DURATION,
    connections: CONNECTIONS,
  });
  const spent = (await cpuTimeUs(pids)) - before;
  return { ...sample, cpuUsPerRequest: spent / sample.requests };
}

function push<T>(map: Map<string, T[]>, k: string, value: T) {
  const list = map.get(k) ?? [];
  list.push(value);
  map.set(k, list);
}

// ------------------------------------------------------------- report --

async function collectVersions(): Promise<Versions> {
  const lock = JSON.parse(
    await Deno.readTextFile(`${BENCH}/peers/express/package-lock.json`).catch(
      () => "{}",
    ),
  );
  const pkg = (name: string) =>
    lock.packages?.[`node_modules/${name}`]?.version ?? "?";
  const honoConfig = JSON.parse(
    await Deno.readTextFile(`${BENCH}/peers/hono/deno.json`),
  );
  const ourConfig = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  const cpu = (await Deno.readTextFile("/proc/cpuinfo").catch(() => ""))
    .match(/model name\s*:\s*(.+)/)?.[1] ?? "?";
  return {
    machine:
      `${navigator.hardwareConcurrency} cores (nproc), ${cpu}, ${Deno.build.os}/${Deno.build.arch}`,
    deno: Deno.version.deno,
    node: NODE ? await version(NODE) : "missing",
    wrk: await version("wrk", "-v"),
    redis: redisReady ? await version("redis-server") : "missing",
    libs: [
      `ours: preact ${
        ourConfig.imports.preact.split("@").pop()
      }, preact-render-to-string ${
        ourConfig.imports["preact-render-to-string"].split("@").pop()
      }, Deno KV (SQLite file)`,
      `express ${pkg("express")}, express-session ${
        pkg("express-session")
      }, connect-flash ${pkg("connect-flash")}, connect-redis ${
        pkg("connect-redis")
      }, redis (client) ${pkg("redis")}`,
      `hono ${honoConfig.imports.hono.split("@").pop()}, @hono/session ${
        honoConfig.imports["@hono/session"].split("@").pop()
      }`,
    ],
    date: new Date().toISOString(),
  };
}

try {
  await main();
} finally {
  await cleanup();
}
