import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { health } from "../../../utils/http/health.ts";
import { countKvOps, type KvOpCounts } from "../../../utils/kv/count.ts";
import { Client } from "../../helpers/client.ts";
import { createApp } from "../../framework/test_utils.ts";

/** An app with `health()` in front of a page that counts its visits. */
async function appWithHealth(kv: Deno.Kv) {
  let pageRuns = 0;
  const app = await createApp({
    "./routes/_middleware.ts": { handler: [health({ kv })] },
    "./routes/index.ts": {
      handler: () => {
        pageRuns++;
        return new Response("page");
      },
    },
  });
  return { app, pageRuns: () => pageRuns };
}

Deno.test("health: /healthz answers 200 with no KV operation; /readyz makes exactly one read", async () => {
  const raw = await Deno.openKv(":memory:");
  try {
    const counts: KvOpCounts = { reads: 0, writes: 0, commits: 0 };
    const { app, pageRuns } = await appWithHealth(countKvOps(raw, counts));

    const live = await app("/healthz");
    strictEqual(live.status, 200);
    strictEqual(await live.text(), "ok\n");
    strictEqual(live.headers.get("cache-control"), "no-store");
    deepStrictEqual(counts, { reads: 0, writes: 0, commits: 0 });

    const ready = await app("/readyz");
    strictEqual(ready.status, 200);
    strictEqual(await ready.text(), "ready\n");
    deepStrictEqual(counts, { reads: 1, writes: 0, commits: 0 });

    const head = await app("/readyz", { method: "HEAD" });
    strictEqual(head.status, 200);
    await head.body?.cancel();
    const post = await app("/healthz", { method: "POST" });
    strictEqual(post.status, 405);
    strictEqual(post.headers.get("allow"), "GET, HEAD");
    await post.body?.cancel();
    strictEqual(pageRuns(), 0, "health requests never reach the app");
  } finally {
    raw.close();
  }
});

Deno.test("health: /readyz answers 503 with Retry-After when KV is unavailable, /healthz still 200", async () => {
  const kv = await Deno.openKv(":memory:");
  kv.close();
  const { app } = await appWithHealth(kv);
  const ready = await app("/readyz");
  strictEqual(ready.status, 503);
  ok(Number(ready.headers.get("retry-after")) > 0, "Retry-After in seconds");
  strictEqual(ready.headers.get("cache-control"), "no-store");
  await ready.body?.cancel();
  const live = await app("/healthz");
  strictEqual(live.status, 200);
  await live.body?.cancel();
});

Deno.test("health: the shop's /healthz and /readyz create no session and leave an existing one alone", async () => {
  const anonymous = await Client.forApp();
  const shopper = await Client.forApp();
  await shopper.post("/cart/add", { product_id: "notebook" });
  const cookie = shopper.cookieHeader;
  ok(cookie, "the shopper has a session");
  for (const visitor of [anonymous, shopper]) {
    for (const path of ["/healthz", "/readyz"]) {
      const { res, html } = await visitor.get(path);
      strictEqual(res.status, 200, path);
      ok(/^(ok|ready)\n$/.test(html), html);
      strictEqual(res.headers.get("set-cookie"), null, path);
    }
  }
  strictEqual(anonymous.cookieHeader, "", "no cookie was set");
  strictEqual(shopper.cookieHeader, cookie, "the session is unchanged");
  ok(
    (await shopper.get("/cart")).html.includes("Dot-grid notebook"),
    "cart kept",
  );
});
