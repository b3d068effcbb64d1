#!/usr/bin/env -S deno run --allow-net --allow-env --allow-read --allow-write=./fresh.gen.ts,./data,./_fresh --watch=static/,routes/,islands/
/**
 * Development entry point: regenerates fresh.gen.ts, then serves the app
 * (bundling islands in-process) or, with the `build` argument, writes the
 * ahead-of-time build to `_fresh/`.
 *
 * @module
 */
import dev from "$fresh/dev.ts";
import config from "./fresh.config.ts";

await dev(import.meta.url, "./main.ts", config);
