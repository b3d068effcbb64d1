import { strictEqual } from "node:assert";
import { fileURLToPath } from "node:url";
import {
  DEFAULT_KV_PATH,
  kvPathFromEnv,
  openKv,
} from "../../../utils/kv/db.ts";

function env(vars: Record<string, string>): Pick<Deno.Env, "get"> {
  return { get: (name: string) => vars[name] };
}

Deno.test("KV_PATH wins; Deno Deploy uses its own KV; locally an embedded file", () => {
  strictEqual(
    kvPathFromEnv(env({ KV_PATH: "/var/lib/shop/x.kv" })),
    "/var/lib/shop/x.kv",
  );
  strictEqual(
    kvPathFromEnv(env({ KV_PATH: ":memory:", DENO_DEPLOYMENT_ID: "d" })),
    ":memory:",
  );
  strictEqual(kvPathFromEnv(env({ DENO_DEPLOYMENT_ID: "abc" })), undefined);
  // Relative paths start at the project root, wherever the process runs.
  strictEqual(
    kvPathFromEnv(env({})),
    fileURLToPath(new URL("../../../data/app.kv", import.meta.url)),
  );
  strictEqual(DEFAULT_KV_PATH, "./data/app.kv");
});

Deno.test("openKv creates the folder of a new KV file and the data persists", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/nested/folder/app.kv`;
  try {
    let kv = await openKv(path);
    await kv.set(["probe"], 42);
    kv.close();
    kv = await openKv(path);
    strictEqual((await kv.get(["probe"])).value, 42);
    kv.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
