/**
 * Entry point for `deno serve`, which can run several copies of the app on
 * one port (it lives here because the project root holds only the Fresh
 * entry points; it is used for load and reliability runs): `deno task serve:parallel` (`deno serve --parallel`) starts one
 * worker per CPU core (or `DENO_JOBS`), each with its own isolate and its
 * own handle on the same KV file, and the kernel spreads connections
 * between them. `main.ts` (`start()`) stays the single-process entry point.
 *
 * @see https://docs.deno.com/runtime/reference/cli/serve/
 * @module
 */
// First: a configuration error while the app loads is one line, not a stack.
import "../utils/startup_errors.ts";
import { createHandler } from "$fresh/server.ts";
import manifest from "../fresh.gen.ts";
import config from "../fresh.config.ts";
import { checkFreshConfig } from "../utils/fresh_config_check.ts";
import { openAppKv } from "../utils/kv/db.ts";

checkFreshConfig(config);
// Before serving: a database that cannot be opened stops the worker here.
await openAppKv();
const handler = await createHandler(manifest, config);

export default {
  // `deno serve` listens on TCP here, so the peer is always a NetAddr.
  fetch: (req, info) =>
    handler(req, info as Deno.ServeHandlerInfo<Deno.NetAddr>),
} satisfies Deno.ServeDefaultExport;
