/**
 * The server entry point of the runtime, with the names Fresh 1.7's
 * `$fresh/server.ts` exports: `start`, `createHandler`, `defineConfig` and
 * the handler, context and page types.
 *
 * @module
 */
import { createApp, type ServeHandler } from "./src/app.ts";
import { DEFAULT_PORT, resolveConfig } from "./src/config.ts";
import { serveResilient } from "./src/listener.ts";
import {
  Drain,
  parseShutdownTimeout,
  shutDownOnSignal,
} from "./src/shutdown.ts";
import type { FreshConfig, Manifest } from "./types.ts";

export { defineConfig } from "./src/config.ts";
export type { ServeHandler } from "./src/app.ts";
export type * from "./types.ts";

/**
 * Creates the app's request handler without listening, for tests and for
 * embedding in another server.
 *
 * @example
 * ```ts
 * const handler = await createHandler(manifest, config);
 * const res = await handler(new Request("http://localhost/"));
 * ```
 */
export function createHandler(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<ServeHandler> {
  return createApp(manifest, config);
}

/**
 * Serves the app with `Deno.serve`. The port comes from `config.server.port`,
 * else the `PORT` environment variable, else 8000. Resolves when the server
 * has shut down: abort `config.server.signal` to stop it, or, without a
 * signal of your own, send SIGTERM or SIGINT: requests in flight finish
 * (for up to `SHUTDOWN_TIMEOUT` seconds, default 10), new ones are
 * refused, and the listener closes. Running out of file descriptors does
 * not stop it: the listener is opened again.
 */
export async function start(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<void> {
  const app = await createApp(manifest, config);
  const { server } = resolveConfig(manifest.baseUrl, config);
  const shutdownTimeout = parseShutdownTimeout(
    Deno.env.get("SHUTDOWN_TIMEOUT"),
  );
  const drain = new Drain();
  // Our extension: the listener outlives running out of file descriptors.
  const httpServer = serveResilient({
    port: server.port ?? DEFAULT_PORT,
    hostname: server.hostname,
    signal: server.signal,
    onListen: server.onListen ?? ((addr) => {
      // An IPv6 address goes in brackets, so that the line is a URL.
      const host = addr.hostname === "0.0.0.0"
        ? "localhost"
        : addr.hostname.includes(":")
        ? `[${addr.hostname}]`
        : addr.hostname;
      console.log(`Listening on http://${host}:${addr.port}/`);
    }),
  }, server.signal ? app : drain.wrap(app));
  if (server.signal) {
    await httpServer.finished;
  } else {
    await shutDownOnSignal(httpServer, drain, shutdownTimeout);
  }
}
