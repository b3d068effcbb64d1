/**
 * A handler that queues a message and answers with `Response.redirect()`,
 * whose headers are immutable. Upstream Fresh 1.7.3 hands that very object
 * to the middleware, so the messages middleware must change a copy to
 * claim the redirect for its tab or to mark a page `no-store`, not throw.
 * Runs on both runtimes (`tests/upstream/run.ts`).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import type { FreshContext } from "$fresh/server.ts";
import * as messages from "../../../utils/messages/mod.ts";
import { CLAIM_PARAM } from "../../../utils/messages/claims.ts";
import type { State } from "../../../utils/state.ts";
import { bannerTexts, Client, createTestApp } from "./_app.ts";
import { routes } from "./_routes.tsx";

type Ctx = FreshContext<State>;

const withNativeRedirects = {
  ...routes,
  // Queues a message, then answers as `Response.redirect()` does.
  "./routes/add_native.ts": {
    handler: (req: Request, ctx: Ctx) => {
      messages.success(ctx, "Saved with a native redirect");
      return Response.redirect(new URL("/page", req.url), 303);
    },
  },
  // Shows the pending messages, then redirects natively.
  "./routes/read_native.ts": {
    handler: (req: Request, ctx: Ctx) => {
      messages.getMessages(ctx);
      return Response.redirect(new URL("/page", req.url), 302);
    },
  },
};

Deno.test("a form post answered by Response.redirect() claims its message, and the target page shows it", async () => {
  const app = await createTestApp(withNativeRedirects);
  try {
    const client = new Client(app);
    const res = await client.fetch("/add_native", {
      method: "POST",
      headers: { "sec-fetch-mode": "navigate" },
    });
    await res.body?.cancel();
    strictEqual(res.status, 303);
    const target = new URL(res.headers.get("location")!);
    strictEqual(target.pathname, "/page");
    ok(target.searchParams.get(CLAIM_PARAM), target.href);
    deepStrictEqual(bannerTexts((await client.text(target.href)).body), [
      "Saved with a native redirect",
    ]);
  } finally {
    app.close();
  }
});

Deno.test("a handler that shows messages and answers with Response.redirect() is marked no-store", async () => {
  const app = await createTestApp(withNativeRedirects);
  try {
    const client = new Client(app);
    await (await client.fetch("/add?text=Pending")).body?.cancel();
    const res = await client.fetch("/read_native");
    await res.body?.cancel();
    strictEqual(res.status, 302);
    strictEqual(res.headers.get("location"), "http://localhost/page");
    strictEqual(res.headers.get("cache-control"), "no-store");
  } finally {
    app.close();
  }
});
