/**
 * Serves an app over real HTTP on 127.0.0.1 at a free port, for tests that
 * need a real client (browsers, other processes).
 *
 * The handler comes from `createHandler` and the listener from
 * `Deno.serve` with port 0: Fresh 1.7's own `start()` treats port 0 as
 * unset and probes 8000–8019, so the tests do not rely on it.
 *
 * @module
 */
import { createHandler } from "$fresh/server.ts";
import type { FreshConfig, Manifest } from "$fresh/server.ts";

export interface RunningServer {
  /** Origin such as `http://127.0.0.1:41234`. */
  origin: string;
  /** Stops the server and waits until it has shut down. */
  close(): Promise<void>;
}

/** Serves `manifest` and resolves once it is listening. */
export async function startServer(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<RunningServer> {
  const handler = await createHandler(manifest, config);
  const controller = new AbortController();
  const listening = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: controller.signal,
    onListen: (addr) => listening.resolve(addr),
  }, (req, info) => handler(req, info));
  const addr = await listening.promise;
  return {
    origin: `http://127.0.0.1:${addr.port}`,
    async close() {
      controller.abort();
      await server.finished;
    },
  };
}
