/**
 * `Deno.serve` that outlives running out of file descriptors.
 *
 * When `accept()` fails with EMFILE or ENFILE, `Deno.serve` closes its
 * listener and rejects `finished`: left alone, that ends the process, and
 * a few hundred idle connections are enough to cause it. Connections
 * already open keep being served; only the listener is gone. So it is
 * opened again on the same address, after a backoff that grows while the
 * descriptors stay exhausted, and the server answers new connections as
 * soon as some are freed. Any other failure still rejects `finished`.
 *
 * What this cannot do is close idle or slow connections: `Deno.serve` has
 * no header, body or idle timeouts. In production a reverse proxy in
 * front provides those (see `deploy/nginx.ts`).
 *
 * @module
 */

/** Options of {@linkcode serveResilient}. */
export interface ResilientServeOptions {
  port: number;
  hostname?: string;
  signal?: AbortSignal;
  /** Called once, when the server first listens. */
  onListen?: (addr: Deno.NetAddr) => void;
  /** Called each time the listener is reopened. @default console.error */
  onRestart?: (error: Error, delayMs: number) => void;
}

const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 2000;
/** A listener that lived this long resets the backoff. */
const STABLE_MS = 10_000;

/** Whether `error` says the process or the system ran out of descriptors. */
export function isOutOfDescriptors(error: unknown): boolean {
  return error instanceof Error &&
    /Too many open files|os error 2[34]\b/.test(error.message);
}

/**
 * Deno's "address in use" error names no address; with several places
 * that set the port (`PORT`, `fresh.config.ts`), the one tried is what an
 * operator needs to see. The class stays, as upstream Fresh rejects with it.
 */
function addressInUse(
  error: Deno.errors.AddrInUse,
  hostname: string | undefined,
  port: number,
): Deno.errors.AddrInUse {
  // Deno.serve's default interface when no hostname is given.
  const host = hostname ?? "0.0.0.0";
  const address = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  return new Deno.errors.AddrInUse(`${address}: ${error.message}`, {
    cause: error,
  });
}

/**
 * Serves `handler` like `Deno.serve`, reopening the listener whenever the
 * process runs out of file descriptors. The server it returns stands for
 * whichever listener is current: `shutdown()` stops the one open and any
 * reopening.
 */
export function serveResilient(
  options: ResilientServeOptions,
  handler: Deno.ServeHandler<Deno.NetAddr>,
): Deno.HttpServer<Deno.NetAddr> {
  const onRestart = options.onRestart ??
    ((error, delay) =>
      console.error(
        `Out of file descriptors (${error.message}); listening again in ${delay} ms. Raise \`ulimit -n\`, or put a proxy with idle timeouts in front.`,
      ));
  let current: Deno.HttpServer<Deno.NetAddr> | null = null;
  let referenced = true;
  let stopped = options.signal?.aborted ?? false;
  const wake = Promise.withResolvers<void>();
  options.signal?.addEventListener("abort", () => {
    stopped = true;
    wake.resolve();
  }, { once: true });

  const open = (port: number, first: boolean) =>
    Deno.serve({
      port,
      hostname: options.hostname,
      signal: options.signal,
      onListen: first ? options.onListen : () => {},
    }, handler);

  async function run(): Promise<void> {
    // Deno sets up its signal handling (a socket pair) on first use, and
    // panics if that first use finds no descriptor left, which is likely
    // right after a restart here. Using it now gets that done while
    // descriptors are free; SIGWINCH is ignored by default, so a listener
    // on it changes nothing.
    const noop = () => {};
    try {
      Deno.addSignalListener("SIGWINCH", noop);
    } catch {
      // No such signal on this platform: nothing to set up early.
    }
    try {
      await serveLoop();
    } finally {
      try {
        Deno.removeSignalListener("SIGWINCH", noop);
      } catch {
        // Never added.
      }
    }
  }

  async function serveLoop(): Promise<void> {
    let port = options.port;
    let first = true;
    let delay = FIRST_DELAY_MS;
    while (!stopped) {
      let failure: unknown;
      const openedAt = Date.now();
      try {
        current = open(port, first);
        if (!referenced) current.unref();
        // A restart must come back on the port that was picked, not port 0.
        port = current.addr.port;
        first = false;
        await current.finished;
        return;
      } catch (error) {
        failure = error;
      }
      if (failure instanceof Deno.errors.AddrInUse) {
        throw addressInUse(failure, options.hostname, port);
      }
      if (!isOutOfDescriptors(failure)) throw failure;
      if (stopped) return;
      if (Date.now() - openedAt > STABLE_MS) delay = FIRST_DELAY_MS;
      onRestart(failure as Error, delay);
      await Promise.race([
        new Promise((resolve) => setTimeout(resolve, delay)),
        wake.promise,
      ]);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }

  const finished = run();
  const shutdown = async () => {
    stopped = true;
    wake.resolve();
    await current?.shutdown();
  };
  // The same surface as Deno.serve's server, whichever listener is current.
  return {
    finished,
    get addr() {
      if (!current) throw new Error("The server never started listening.");
      return current.addr;
    },
    ref() {
      referenced = true;
      current?.ref();
    },
    unref() {
      referenced = false;
      current?.unref();
    },
    shutdown,
    [Symbol.asyncDispose]: shutdown,
  };
}
