/**
 * Runs a browser test against an app served by `start()`: the server on
 * 127.0.0.1 at a free port, a headless Chromium, both closed afterwards.
 *
 * @module
 */
import type { Browser } from "playwright-core";
import type { Manifest } from "$fresh/server.ts";
import { launchBrowser } from "./browser.ts";
import { type RunningServer, startServer } from "./server.ts";

// A folder with no build in it, so the runtime bundles islands in-process
// and a stale `_fresh/` from an earlier `deno task build` never interferes.
const NO_BUILD = { build: { outDir: "/nonexistent/_fresh" } };

/** Serves `manifest`, launches Chromium, runs `run`, then closes both. */
export async function withBrowserApp(
  manifest: Manifest,
  run: (server: RunningServer, browser: Browser) => Promise<void>,
): Promise<void> {
  const server = await startServer(manifest, NO_BUILD);
  try {
    const browser = await launchBrowser();
    try {
      await run(server, browser);
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}
