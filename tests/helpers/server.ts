/**
 * Runs an app with `start()` on 127.0.0.1 at a free port, for tests that
 * need real HTTP (browsers, other processes).
 *
 * @module
 */
import { start } from "$fresh/server.ts";
import type { FreshConfig, Manifest } from "$fresh/server.ts";

export interface RunningServer {
  /** Origin such as `http://127.0.0.1:41234`. */
  origin: string;
  /** Stops the server and waits until it has shut down. */
  close(): Promise<void>;
}

/** Starts `manifest` with `start()` and resolves once it is listening. */
export async function startServer(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<RunningServer> {
  const controller = new AbortController();
  const listening = Promise.withResolvers<Deno.NetAddr>();
  const finished = start(manifest, {
    ...config,
    server: {
      hostname: "127.0.0.1",
      port: 0,
      signal: controller.signal,
      onListen: (addr) => listening.resolve(addr),
    },
  });
  finished.catch((error) => listening.reject(error));
  const addr = await listening.promise;
  return {
    origin: `http://127.0.0.1:${addr.port}`,
    async close() {
      controller.abort();
      await finished;
    },
  };
}
