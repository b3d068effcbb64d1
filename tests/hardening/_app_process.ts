/**
 * Runs the real app as a subprocess on 127.0.0.1 with the command line and
 * permissions `deno task serve` derives (`tasks/launch_args.ts`), or as
 * several workers on one port with `deno serve --parallel` (`deno task
 * serve:parallel`), on a KV file of its own under `./data/`. The app is
 * the direct child, so that `kill -9` reaches it and not a launcher.
 *
 * The child's output is kept, so that a test can assert that no request
 * logged a stack trace.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { launchArgs } from "../../tasks/launch_args.ts";

/** The repository root: the subprocess runs there, like `deno task`. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Options of {@linkcode startApp}. */
export interface StartAppOptions {
  /** KV file, relative to the root. @default a fresh `./data/hardening-<id>/app.kv` */
  kvPath?: string;
  /** `deno serve --parallel` with this many workers instead of `main.ts`. */
  workers?: number;
  /** A port to reuse (a restart on the same address). @default a free one */
  port?: number;
  /** Extra environment. */
  env?: Record<string, string>;
  /** Runs the app under `ulimit -n` with this many file descriptors. */
  fdLimit?: number;
  /** Another entry point in place of `main.ts` (single process only). */
  entry?: string;
}

/** A running app process. */
export interface AppProcess {
  origin: string;
  port: number;
  kvPath: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` and waits for the exit. */
  kill(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
  /** Sends `signal` without waiting. */
  signal(signal: Deno.Signal): void;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** A new KV path under `./data/`, inside the folder `serve` may write. */
export function newKvPath(): string {
  return `./data/hardening-${crypto.randomUUID().slice(0, 8)}/app.kv`;
}

/** Removes the folder of a KV path made by {@linkcode newKvPath}. */
export async function removeKv(kvPath: string): Promise<void> {
  const folder = kvPath.replace(/\/[^/]*$/, "");
  await Deno.remove(`${ROOT}${folder}`, { recursive: true }).catch(() => {});
}

/**
 * Starts the app and resolves once it answers on 127.0.0.1.
 *
 * @throws when it has not answered within 60 s, with its output.
 */
export async function startApp(
  options: StartAppOptions = {},
): Promise<AppProcess> {
  await requireBuild();
  const kvPath = options.kvPath ?? newKvPath();
  const port = options.port ?? freePort();
  const env: Record<string, string> = {
    KV_PATH: kvPath,
    PORT: String(port),
    HOST: "127.0.0.1",
    DENO_JOBS: String(options.workers ?? 1),
    NO_COLOR: "1",
    // All simulated shoppers sign up from 127.0.0.1; the per-address
    // sign-up limits are tested on their own (tests/routes/signup_limit_test.ts).
    SIGNUP_MAX_PER_ADDRESS: "100000",
    SIGNUP_CHECKS_PER_ADDRESS: "100000",
    // Likewise every shopper's session starts from 127.0.0.1; the
    // new-session limit is tested in tests/routes/cookieless_test.ts.
    SESSION_NEW_PER_MINUTE: "100000",
    ...options.env,
  };
  // The command line the tasks run, with the permissions they derive.
  const args = launchArgs(
    options.workers ? "serve:parallel" : "serve",
    new Map(Object.entries(env)),
    ROOT,
  );
  if (options.entry && !options.workers) {
    args.splice(args.lastIndexOf("main.ts"), 1, options.entry);
  }
  const command = options.fdLimit === undefined
    ? { program: Deno.execPath(), args }
    : {
      program: "bash",
      args: [
        "-c",
        `ulimit -n ${options.fdLimit} && exec "$0" "$@"`,
        Deno.execPath(),
        ...args,
      ],
    };
  const child = new Deno.Command(command.program, {
    args: command.args,
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let log = "";
  const decoder = new TextDecoder();
  const drain = (stream: ReadableStream<Uint8Array>) =>
    stream.pipeTo(
      new WritableStream({
        write(chunk) {
          log += decoder.decode(chunk, { stream: true });
        },
      }),
    ).catch(() => {});
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  let exited = false;
  const status = child.status.then(async (s) => {
    exited = true;
    await drained;
    return s;
  });
  const origin = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    origin,
    port,
    kvPath,
    output: () => log,
    signal(signal: Deno.Signal) {
      if (!exited) child.kill(signal);
    },
    async kill(signal: Deno.Signal = "SIGTERM") {
      if (!exited) {
        try {
          child.kill(signal);
        } catch {
          // Already gone.
        }
      }
      return await status;
    },
  };
  const deadline = Date.now() + 60_000;
  // "Listening" is printed before the listener is reachable only in theory;
  // a request that answers is the honest readiness check.
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${origin}/about`, {
        signal: AbortSignal.timeout(2000),
      });
      await res.body?.cancel();
      if (res.status === 200) return app;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await app.kill("SIGKILL");
  throw new Error(`The app did not start on ${origin}:\n${log}`);
}

// `serve` reads the islands' bundles from `_fresh/`: with no build there it
// would try to bundle at start-up, which its narrow permissions forbid.
async function requireBuild(): Promise<void> {
  try {
    await Deno.stat(`${ROOT}_fresh/snapshot.json`);
  } catch {
    throw new Error(
      "No build in _fresh/: run `deno task build` first (`deno task test` does).",
    );
  }
}

/** Lines of `output` that look like a crash or an unhandled error. */
export function errorLines(output: string): string[] {
  return output.split("\n").filter((line) =>
    /Error while handling|Uncaught|panicked|The _500 page failed/.test(line)
  );
}
