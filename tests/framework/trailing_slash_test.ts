import { ok, strictEqual } from "node:assert";
import type { Manifest } from "$fresh/server.ts";
import { createApp, fetchText } from "./test_utils.ts";

function reply(text: string) {
  return { handler: () => new Response(text) };
}

const ROUTES: Manifest["routes"] = {
  "./routes/index.ts": reply("home"),
  "./routes/about.ts": reply("about"),
  "./routes/docs/[page].ts": reply("docs page"),
  "./routes/[...rest].ts": reply("catch-all"),
};

/** [request path, expected Location] */
const REDIRECTS: [string, string][] = [
  ["/about/", "/about"],
  ["/about/?q=1&r=two", "/about?q=1&r=two"],
  ["/docs/intro/", "/docs/intro"],
  ["/docs/intro///", "/docs/intro"],
  ["/unknown/path/", "/unknown/path"],
  // Protocol-relative open redirects: the Location must stay on this host.
  ["//evil.example/", "/evil.example"],
  ["//evil.example/?next=1", "/evil.example?next=1"],
  ["///evil.example//", "/evil.example"],
  ["/\\evil.example/", "/evil.example"],
  ["/%2F%2Fevil.example/", "/%2F%2Fevil.example"],
];

Deno.test("trailing slash: redirects to the path without it, query kept", async (t) => {
  const app = await createApp(ROUTES);
  for (const [path, location] of REDIRECTS) {
    await t.step(`${path} -> ${location}`, async () => {
      const res = await app(path);
      await res.body?.cancel();
      strictEqual(res.status, 307);
      const actual = res.headers.get("location") ?? "";
      strictEqual(actual, location);
      ok(actual.startsWith("/") && !actual.startsWith("//"), actual);
      ok(!actual.startsWith("/\\"), actual);
      strictEqual(
        new URL(actual, "http://localhost").origin,
        "http://localhost",
      );
    });
  }
});

Deno.test("trailing slash: / is never redirected", async () => {
  const app = await createApp(ROUTES);
  for (const path of ["/", "/?q=1"]) {
    const { status, body } = await fetchText(app, path);
    strictEqual(status, 200);
    strictEqual(body, "home");
  }
});

Deno.test("trailing slash: router.trailingSlash keeps it", async () => {
  const app = await createApp(ROUTES, { router: { trailingSlash: true } });
  const { status, body } = await fetchText(app, "/about/");
  strictEqual(status, 200);
  strictEqual(body, "about");
});

Deno.test("trailing slash: the redirect keeps the basePath", async () => {
  const app = await createApp(ROUTES, { router: { basePath: "/app" } });
  const res = await app("/app/about/?x=1");
  await res.body?.cancel();
  strictEqual(res.status, 307);
  strictEqual(res.headers.get("location"), "/app/about?x=1");

  const evil = await app("/app//evil.example/");
  await evil.body?.cancel();
  strictEqual(evil.status, 307);
  strictEqual(evil.headers.get("location"), "/app/evil.example");
});
