/**
 * Helpers of bench/run.ts: starting and stopping servers, running wrk and
 * parsing its summary, cookies, RSS, gzip size, medians and ratios.
 *
 * @module
 */

const WRK_SCRIPT = new URL("./wrk/flows.lua", import.meta.url).pathname;

/** A server process under test. */
export interface Server {
  name: string;
  url: string;
  port: number;
  pid: number;
  /** Processes whose CPU time counts as the stack's too (its Redis). */
  helperPids?: number[];
  stop(): Promise<void>;
}

/** What one wrk run measured. */
export interface Sample {
  rps: number;
  /** Requests completed in the measurement. */
  requests: number;
  /**
   * CPU time the stack's processes spent per request, in µs (all their
   * threads, user and system), or NaN where /proc cannot tell.
   */
  cpuUsPerRequest: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors, timeouts and 4xx/5xx answers. */
  errors: number;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Starts `cmd` with `PORT` set to a free port and waits until it answers
 * HTTP on 127.0.0.1 (30 s at most). Its stderr is kept (the last 4 KB)
 * to explain a failed start.
 */
export async function startServer(options: {
  name: string;
  cmd: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}): Promise<Server> {
  const port = freePort();
  const child = new Deno.Command(options.cmd, {
    args: options.args,
    cwd: options.cwd,
    env: { ...options.env, PORT: String(port) },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let log = "";
  const drained = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) {
      log = (log + decoder.decode(chunk)).slice(-4096);
    }
  })();
  let exited = false;
  child.status.then(() => exited = true);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      try {
        child.kill("SIGTERM");
      } catch { /* gone */ }
    }
    await child.status;
    await drained.catch(() => {});
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${url}/__bench_ready`);
      await res.body?.cancel();
      return { name: options.name, url, port, pid: child.pid, stop };
    } catch {
      await sleep(100);
    }
  }
  await stop();
  throw new Error(`${options.name} did not start:\n${log}`);
}

/**
 * Runs wrk against `url` with bench/wrk/flows.lua and returns its summary.
 *
 * @param flow anon, read, write or flow (see the Lua script).
 * @param cookieFile One cookie per line, or "-".
 * @param path The path of the anon flow.
 */
export async function wrk(
  url: string,
  flow: string,
  cookieFile: string,
  path: string,
  load: { duration: number; connections: number },
): Promise<Sample> {
  const out = await new Deno.Command("wrk", {
    args: [
      "-t1",
      `-c${load.connections}`,
      `-d${load.duration}s`,
      "--timeout",
      "10s",
      "-s",
      WRK_SCRIPT,
      url,
      "--",
      flow,
      cookieFile,
      path,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const line = text.split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (!out.success || !line) {
    throw new Error(
      `wrk failed: ${text}${new TextDecoder().decode(out.stderr)}`,
    );
  }
  const r = JSON.parse(line.slice("BENCH_JSON ".length));
  return {
    rps: r.requests / (r.duration_us / 1e6),
    requests: r.requests,
    cpuUsPerRequest: NaN,
    p50Ms: r.p50_us / 1000,
    p99Ms: r.p99_us / 1000,
    errors: r.connect + r.read + r.write + r.status + r.timeout,
  };
}

/** A response read to the end, with its first Set-Cookie as `name=value`. */
export interface Fetched {
  status: number;
  cookie: string | null;
  text: string;
}

/** Fetches without following redirects and reads the body. */
export async function fetchCookie(
  url: string,
  init: RequestInit,
): Promise<Fetched> {
  const res = await fetch(url, { ...init, redirect: "manual" });
  const text = await res.text();
  const set = res.headers.getSetCookie()[0];
  return {
    status: res.status,
    cookie: set ? set.split(";")[0] : null,
    text,
  };
}

/** The resident set size of `pid` in MB (VmRSS), or NaN. */
export async function readRss(pid: number): Promise<number> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

// Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ, fixed
// at 100 for user space on every architecture Deno runs on).
const US_PER_TICK = 10_000;

/**
 * CPU time used so far by `pids` together (user and system, all threads),
 * in µs, from /proc/<pid>/stat; NaN when a process cannot be read.
 */
export async function cpuTimeUs(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
      // Fields after the command name, which may itself hold spaces.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return NaN;
    }
  }
  return ticks * US_PER_TICK;
}

/** Bytes of `data` gzipped with CompressionStream. */
export async function gzipSize(data: Uint8Array): Promise<number> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** The median of `values` (NaN for none). */
export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `a / b` formatted as `1.23×`. */
export function ratio(a: number, b: number): string {
  return b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : "n/a";
}

/** How far `value` is below `goal`, as a percentage of the goal. */
export function percentOf(value: number, goal: number): string {
  return `${(((goal - value) / goal) * 100).toFixed(0)}%`;
}
