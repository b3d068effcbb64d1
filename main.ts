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
import { checkFreshConfig } from "./utils/fresh_config_check.ts";
import { kv, openAppKv } from "./utils/kv/db.ts";

checkFreshConfig(config);
// Before listening: a database that cannot be opened stops the app here.
await openAppKv();
await start(manifest, config);
// start() returns once the server has shut down (SIGTERM, SIGINT): the
// requests have finished or run out of time, so the database can close.
kv.close();
Deno.exit(0);
