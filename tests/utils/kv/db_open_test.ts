import { strictEqual } from "node:assert";
import { openKv } from "../../../utils/kv/db.ts";

const LOCK_HOLDER = new URL("../session/_lock_holder.ts", import.meta.url)
  .pathname;

Deno.test("openKv waits out another process holding a new file's lock", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/app.kv`;
  // Longer than SQLite's own 5 s busy wait, so Deno.openKv's first attempt
  // fails with "database is locked" and only the retry can succeed.
  const holder = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", LOCK_HOLDER, path, "6500"],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = holder.stdout.pipeThrough(new TextDecoderStream())
    .getReader();
  strictEqual((await reader.read()).value?.trim(), "locked");
  try {
    const kv = await openKv(path);
    await kv.set(["opened"], true);
    strictEqual((await kv.get(["opened"])).value, true);
    kv.close();
  } finally {
    await reader.cancel();
    await holder.status;
    await Deno.remove(dir, { recursive: true });
  }
});
