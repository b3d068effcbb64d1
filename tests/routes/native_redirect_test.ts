/**
 * The shop's whole middleware chain in front of routes that answer with a
 * response whose headers are immutable: `Response.redirect()` and a
 * fetched response. The shop's own routes answer with plain responses, but
 * a route may return either, and upstream Fresh 1.7.3 passes it to the
 * middleware as it is. Test-only routes, added to the real manifest here.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import {
  createHandler,
  type FreshContext,
  type Manifest,
} from "$fresh/server.ts";
import manifest from "../../fresh.gen.ts";
import * as messages from "../../utils/messages/mod.ts";
import { CLAIM_PARAM } from "../../utils/messages/claims.ts";
import type { State } from "../../utils/state.ts";
import { Client } from "../helpers/client.ts";

const withNativeResponses: Manifest = {
  ...manifest,
  routes: {
    ...manifest.routes,
    // A form action that flashes, then redirects the way the Fetch API does.
    "./routes/test_native/flash.ts": {
      handler: {
        POST(req: Request, ctx: FreshContext<State>) {
          messages.success(ctx, "Saved, then redirected natively.");
          return Response.redirect(new URL("/cart", req.url), 303);
        },
      },
    },
    // Behind the account folder's no-store middleware too.
    "./routes/account/test_native.ts": {
      handler: (req: Request) =>
        Response.redirect(new URL("/login", req.url), 302),
    },
    // A `data:` URL: a real fetched response, no network.
    "./routes/test_native/fetched.ts": {
      handler: () => fetch("data:text/plain,passed%20through"),
    },
  },
};

async function client(): Promise<Client> {
  const handler = await createHandler(withNativeResponses, {
    build: { outDir: "/nonexistent/_fresh" },
  });
  return new Client(handler);
}

function flashes(html: string): string[] {
  return [...html.matchAll(/<p class="flash__text">([^<]*)<\/p>/g)].map((m) =>
    m[1]
  );
}

Deno.test("a form post answered by Response.redirect() redirects with the session cookie, security headers and its claimed message", async () => {
  const visitor = await client();
  const res = await visitor.post("/test_native/flash", {}, {
    "sec-fetch-mode": "navigate",
  });
  strictEqual(res.status, 303);
  const target = new URL(res.headers.get("location")!);
  strictEqual(target.pathname, "/cart");
  ok(target.searchParams.get(CLAIM_PARAM), target.href);
  ok(visitor.cookieHeader, "the session cookie was set");
  strictEqual(res.headers.get("x-frame-options"), "DENY");
  ok(res.headers.get("content-security-policy"));
  const page = await visitor.follow(res);
  strictEqual(page.res.status, 200);
  deepStrictEqual(flashes(page.html), ["Saved, then redirected natively."]);
});

Deno.test("an account route's Response.redirect() goes out no-store, with the security headers", async () => {
  const visitor = await client();
  const res = await visitor.fetch("/account/test_native");
  await res.body?.cancel();
  strictEqual(res.status, 302);
  strictEqual(res.headers.get("location"), "http://localhost/login");
  strictEqual(res.headers.get("cache-control"), "no-store");
  strictEqual(res.headers.get("x-content-type-options"), "nosniff");
});

Deno.test("a fetched response a route passes on is served with the security headers", async () => {
  const visitor = await client();
  const { res, html } = await visitor.get("/test_native/fetched");
  strictEqual(res.status, 200);
  strictEqual(html, "passed through");
  strictEqual(res.headers.get("x-frame-options"), "DENY");
});
