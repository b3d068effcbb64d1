/**
 * Routes stay thin: none of them imports the app's KV handle, directly or
 * through a module of `routes/`; they call the services in `utils/`.
 */
import { deepStrictEqual } from "node:assert";
import { fileURLToPath } from "node:url";

const ROOT = new URL("../../", import.meta.url);
const HANDLE = new URL("utils/kv/db.ts", ROOT).href;

Deno.test("no route imports the KV handle (utils/kv/db.ts)", async () => {
  const routes = new URL("routes/", ROOT);
  const offenders: string[] = [];
  for await (const file of walk(routes)) {
    const source = await Deno.readTextFile(file);
    for (const [, spec] of source.matchAll(/\bfrom\s+["']([^"']+)["']/g)) {
      if (spec.startsWith(".") && new URL(spec, file).href === HANDLE) {
        offenders.push(fileURLToPath(file).slice(fileURLToPath(ROOT).length));
      }
    }
  }
  deepStrictEqual(offenders.sort(), []);
});

async function* walk(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* walk(url);
    else if (/\.tsx?$/.test(entry.name)) yield url;
  }
}
