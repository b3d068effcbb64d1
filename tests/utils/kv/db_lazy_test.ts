/**
 * Fresh 1.7's build imports every route module, so nothing a route
 * imports may open the database: a build machine has no data folder, and
 * a build that holds the KV file's lock blocks the app it is deploying.
 */
import { ok, strictEqual } from "node:assert";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

Deno.test("importing every route module, as Fresh's build does, opens no KV", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/data/app.kv`;
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["eval", `await import(${JSON.stringify(`${ROOT}fresh.gen.ts`)});`],
      cwd: ROOT,
      env: { KV_PATH: path },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    strictEqual(output.code, 0, stderr);
    const created = await Deno.stat(`${dir}/data`).then(
      () => true,
      () => false,
    );
    ok(!created, "the KV folder was created");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
