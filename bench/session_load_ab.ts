/**
 * An in-process A/B of the session read path of two checkouts: the
 * session part of a signed-in page view (cookie parse, token hash, one KV
 * read on a KV file, decoding, a `get` of the cart, the commit that writes
 * nothing), without HTTP or rendering, whose noise hides a few µs.
 *
 *   deno run --allow-all bench/session_load_ab.ts --a ../base --b . --rounds 8
 *
 * Each round runs both checkouts in child processes (order alternating
 * A B, B A, …), each loading 64 sessions with a 3-item cart `-n` times
 * from `--concurrency` concurrent callers (32 by default, as `wrk -c32`,
 * so that group reads batch as under load), and prints the process CPU
 * (all threads, KV's included) per load; then the medians and B ÷ A.
 *
 * @module
 */
import { parseArgs } from "node:util";
import process from "node:process";

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    a: { type: "string", default: "." },
    b: { type: "string", default: "." },
    rounds: { type: "string", default: "8" },
    n: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "32" },
    child: { type: "string" },
  },
});

interface Sample {
  cpu: number;
  wall: number;
}

/** Runs in a child process: measures the checkout at `root`. */
async function measure(root: string): Promise<Sample> {
  const { createSessionManager } = await import(
    `${root}/utils/session/manager.ts`
  );
  const { silentLogger } = await import(`${root}/utils/session/logger.ts`);
  const dir = await Deno.makeTempDir({ prefix: "session-load-ab-" });
  const kv = await Deno.openKv(`${dir}/sessions.kv`);
  const manager = createSessionManager({ kv, logger: silentLogger });
  const cart = ["ceramic-mug", "notebook", "desk-plant"].map((id) => ({
    id,
    qty: 1,
  }));
  const requests: Request[] = [];
  for (let i = 0; i < 64; i++) {
    const fresh = await manager.loadSession(new Request("http://localhost/"));
    fresh.set("cart", cart);
    const headers = new Headers();
    await manager.commitSession(fresh, headers);
    const cookie = headers.get("set-cookie")!.split(";")[0];
    const request = new Request("http://localhost/", {
      headers: {
        cookie: `theme=light; ${cookie}`,
        "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0",
      },
    });
    // Presented once, the session is no longer provisional: no touch due.
    await manager.commitSession(
      await manager.loadSession(request),
      new Headers(),
    );
    requests.push(request);
  }
  let next = 0;
  const concurrency = Number(args.concurrency);
  async function run(count: number): Promise<void> {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let k = 0; k < count / concurrency; k++) {
          const session = await manager.loadSession(requests[next++ & 63]);
          session.get("cart");
          await manager.commitSession(session, new Headers());
        }
      }),
    );
  }
  const n = Number(args.n);
  await run(5000);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await run(n);
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  kv.close();
  await Deno.remove(dir, { recursive: true });
  return { cpu: (used.user + used.system) / n, wall: (wall * 1000) / n };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function child(root: string): Promise<Sample> {
  const cwd = await Deno.realPath(root);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--config",
      `${cwd}/deno.json`,
      new URL(import.meta.url).pathname,
      `--child=${cwd}`,
      `--n=${args.n}`,
      `--concurrency=${args.concurrency}`,
    ],
    cwd,
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`${root}: the measuring child failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

if (args.child) {
  console.log(JSON.stringify(await measure(args.child)));
} else {
  const samples: Record<"A" | "B", Sample[]> = { A: [], B: [] };
  const roots = { A: args.a, B: args.b };
  for (let round = 1; round <= Number(args.rounds); round++) {
    const order: ("A" | "B")[] = round % 2 ? ["A", "B"] : ["B", "A"];
    const line: string[] = [];
    for (const label of order) {
      const sample = await child(roots[label]);
      samples[label].push(sample);
      line.push(`${label} ${sample.cpu.toFixed(1)} µs`);
    }
    console.log(`round ${round}: ${line.join(", ")}`);
  }
  const cpu = { A: median(samples.A.map((s) => s.cpu)), B: 0 };
  cpu.B = median(samples.B.map((s) => s.cpu));
  for (const label of ["A", "B"] as const) {
    console.log(
      `${label} (${roots[label]}): median ${
        cpu[label].toFixed(2)
      } µs CPU per load; ${
        samples[label].map((s) => s.cpu.toFixed(1)).join(" ")
      }`,
    );
  }
  console.log(
    `B ÷ A: CPU per load ${
      (cpu.B / cpu.A).toFixed(3)
    } (${args.rounds} rounds, ` +
      `n ${args.n}, concurrency ${args.concurrency})`,
  );
}
