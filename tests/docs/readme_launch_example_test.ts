/**
 * The README's Permissions section shows the command line that
 * `KV_PATH=/var/lib/shop/app.kv PORT=9000 deno task serve` runs; it must be
 * the one the launcher derives.
 */
import { ok, strictEqual } from "node:assert";
import { launchArgs } from "../../tasks/launch_args.ts";

Deno.test("README: the Permissions example's command line is the launcher's", async () => {
  const readme = await Deno.readTextFile(
    new URL("../../README.md", import.meta.url),
  );
  const example =
    "KV_PATH=/var/lib/shop/app.kv PORT=9000 deno task serve\n```\n\nruns\n`";
  const start = readme.indexOf(example);
  ok(start !== -1, "the example is in the README");
  const from = start + example.length;
  const shown = readme.slice(from, readme.indexOf("`", from));
  const derived = launchArgs(
    "serve",
    new Map([["KV_PATH", "/var/lib/shop/app.kv"], ["PORT", "9000"]]),
    "/srv/shop",
  );
  strictEqual(shown, ["deno", ...derived].join(" "));
});
