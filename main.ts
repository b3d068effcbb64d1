/// <reference lib="deno.unstable" />
/**
 * Production entry point: serves the app, using the ahead-of-time build in
 * `_fresh/` (run `deno task build` first, or use `deno task start`).
 *
 * @module
 */
// First: a configuration error while the app loads is one line, not a stack.
import "./utils/startup_errors.ts";
import { start } from "$fresh/server.ts";
import manifest from "./fresh.gen.ts";
import config from "./fresh.config.ts";

await start(manifest, config);
