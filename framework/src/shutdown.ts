/**
 * Graceful shutdown for `start()`. On SIGTERM (what process managers and
 * container runtimes send) or SIGINT (Ctrl-C), the server stops taking
 * requests (new ones get 503 with `Connection: close`), lets the requests
 * in flight finish for at most `SHUTDOWN_TIMEOUT` seconds, and closes its
 * listener; then `start()` resolves, so that the entry point can close
 * what it opened (the KV handle) and exit.
 *
 * A second signal during the shutdown changes nothing: Ctrl-C in a terminal
 * reaches every process of the group, and a parent that passes signals on
 * delivers it twice.
 *
 * @see https://docs.deno.com/api/deno/~/Deno.HttpServer#method_shutdown_0
 * @module
 */
import { RuntimeConfigError } from "./config_error.ts";

/** Seconds `start()` waits for requests in flight when it shuts down. */
export const DEFAULT_SHUTDOWN_TIMEOUT = 10;

/** The longest `SHUTDOWN_TIMEOUT` accepted, in seconds. */
export const MAX_SHUTDOWN_TIMEOUT = 3600;

/**
 * Reads `SHUTDOWN_TIMEOUT`: whole seconds from 0 (do not wait) to
 * {@linkcode MAX_SHUTDOWN_TIMEOUT}.
 *
 * @param raw The variable's value, if set.
 * @throws {RuntimeConfigError} naming the variable.
 */
export function parseShutdownTimeout(raw: string | undefined): number {
  const value = raw?.trim() ?? "";
  if (value === "") return DEFAULT_SHUTDOWN_TIMEOUT;
  const seconds = Number(value);
  if (!/^[0-9]+$/.test(value) || seconds > MAX_SHUTDOWN_TIMEOUT) {
    throw new RuntimeConfigError(
      `SHUTDOWN_TIMEOUT must be a whole number of seconds from 0 to ${MAX_SHUTDOWN_TIMEOUT}, got ${
        JSON.stringify(value)
      }.`,
    );
  }
  return seconds;
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/**
 * Counts the requests in flight and, once draining, turns new ones away.
 *
 * `Deno.HttpServer.shutdown()` alone would do, but on Deno 2.9 it makes
 * the body of every request still arriving unreadable at once (the read
 * fails with BadResource), so a form being uploaded when the signal comes
 * would fail. So the server keeps running until those requests are done,
 * answering new ones 503 with `Connection: close`, and shuts down after.
 *
 * @see https://github.com/denoland/deno/issues/36809
 */
export class Drain {
  #inFlight = 0;
  #draining = false;
  #idle = Promise.withResolvers<void>();

  /** Wraps `handler` so that its requests are counted. */
  wrap<A extends unknown[]>(
    handler: (req: Request, ...rest: A) => Promise<Response>,
  ): (req: Request, ...rest: A) => Promise<Response> {
    return async (req, ...rest) => {
      if (this.#draining) {
        await req.body?.cancel().catch(() => {});
        return new Response("The server is shutting down.\n", {
          status: 503,
          headers: { connection: "close", "retry-after": "1" },
        });
      }
      this.#inFlight++;
      try {
        return await handler(req, ...rest);
      } finally {
        if (--this.#inFlight === 0 && this.#draining) this.#idle.resolve();
      }
    };
  }

  /** Stops taking requests; resolves once none is in flight. */
  drain(): Promise<void> {
    this.#draining = true;
    if (this.#inFlight === 0) this.#idle.resolve();
    return this.#idle.promise;
  }
}

/**
 * Shuts the server down gracefully on the first SIGTERM or SIGINT: the
 * requests `drain` counts finish (for at most `timeoutSeconds`), then
 * the listener closes.
 *
 * @param server The running server.
 * @param drain The {@linkcode Drain} its handler was wrapped with.
 * @param timeoutSeconds How long requests in flight may take.
 * @returns Resolves once the server has finished, or the time is up;
 *   the signal listeners are removed by then.
 */
export function shutDownOnSignal(
  server: Deno.HttpServer,
  drain: Drain,
  timeoutSeconds: number,
): Promise<void> {
  let stopping = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const { promise: timedOut, resolve: giveUp } = Promise.withResolvers<void>();
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.log(
      `Shutting down: finishing requests in flight (at most ${timeoutSeconds} s), refusing new ones.`,
    );
    timer = setTimeout(() => {
      console.warn(
        `Shutdown: requests still running after ${timeoutSeconds} s are cut off.`,
      );
      giveUp();
    }, timeoutSeconds * 1000);
    drain.drain().then(() => server.shutdown()).catch(() => {});
  };
  for (const signal of SIGNALS) Deno.addSignalListener(signal, onSignal);
  return Promise.race([server.finished, timedOut]).finally(() => {
    clearTimeout(timer);
    for (const signal of SIGNALS) Deno.removeSignalListener(signal, onSignal);
  });
}
