/**
 * The consumption rules, driven through the real session middleware and
 * the messages middleware on a real in-memory KV, with cookies carried
 * between requests: a message is consumed by the full HTML page that shows
 * it, whatever its status, and that page is not cacheable; redirects,
 * HEAD, prefetches, non-HTML answers and pages the session cannot be saved
 * for (a thrown error, an unknown URL) neither show nor consume.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert";
import { captureConsoleError } from "../../framework/test_utils.ts";
import {
  banners,
  bannerTexts,
  Client,
  pending,
  type TestApp,
  withApp,
} from "./_app.ts";
import { gates, routes } from "./_routes.tsx";

async function save(client: Client, text = "Post saved!", extra = "") {
  const res = await client.fetch(
    `/add?text=${encodeURIComponent(text)}${extra}`,
    { method: "POST" },
  );
  strictEqual(res.status, 303);
  await res.body?.cancel();
}

Deno.test("POST → 303 → GET shows the message once; a refresh does not", async () => {
  await withApp(async (_app, client) => {
    const { res, body, path } = await client.follow("/add", { method: "POST" });
    strictEqual(path, "/page");
    strictEqual(res.status, 200);
    const shown = banners(body);
    strictEqual(shown.length, 1);
    strictEqual(shown[0].text, "Post saved!");
    strictEqual(shown[0].className, "flash success");
    strictEqual(shown[0].role, "status");
    const again = await client.text("/page");
    deepStrictEqual(bannerTexts(again.body), []);
    deepStrictEqual(await pending(client), []);
  });
});

Deno.test("messages survive a redirect chain until a page shows them", async () => {
  await withApp(async (_app, client) => {
    const { body, path } = await client.follow(
      "/add?next=/read_then_redirect",
      { method: "POST" },
    );
    strictEqual(path, "/page");
    deepStrictEqual(bannerTexts(body), ["Post saved!"]);
    deepStrictEqual(await pending(client), []);
  });
});

/**
 * Each row: a full HTML page a person sees, whatever its status, requested
 * after queueing "Post saved!": it shows the message and consumes it, so
 * the next page shows nothing.
 */
const CONSUMING: [string, string, RequestInit?][] = [
  ["a 200 page", "/page"],
  ["a 404 page rendered by the handler", "/missing"],
  ["a 400 page", "/bad"],
  ["a 422 page answering a POST", "/bad?status=422", { method: "POST" }],
  ["a 500 page rendered by the handler", "/broken"],
];

for (const [kind, path, init] of CONSUMING) {
  Deno.test(`shown once by ${kind}`, async () => {
    await withApp(async (_app, client) => {
      await save(client);
      const { res, body } = await client.text(path, init);
      ok(res.headers.get("content-type")?.startsWith("text/html"));
      deepStrictEqual(bannerTexts(body), ["Post saved!"]);
      strictEqual(res.headers.get("cache-control"), "no-store");
      deepStrictEqual(await pending(client), []);
      deepStrictEqual(bannerTexts((await client.text("/page")).body), []);
    });
  });
}

/**
 * Each row: a response that must neither show nor consume, requested after
 * queueing "Post saved!"; then a real page shows the message once.
 */
const NOT_CONSUMING: [string, string, RequestInit?][] = [
  ["a redirect (after reading the messages)", "/read_then_redirect"],
  ["the 404 page for an unknown URL", "/no/such/page"],
  ["a 500 page after the handler threw", "/throws"],
  ["a 200 answer that is not HTML", "/plain"],
  ["a HEAD request for the page", "/page", { method: "HEAD" }],
  ["a prefetch (Sec-Purpose: prefetch)", "/page", {
    headers: { "sec-purpose": "prefetch" },
  }],
  ["a prerender (Sec-Purpose: prefetch;prerender)", "/page", {
    headers: { "sec-purpose": "prefetch;prerender" },
  }],
  ["a prefetch (Purpose: prefetch)", "/page", {
    headers: { purpose: "prefetch" },
  }],
  ["a static file", "/favicon.svg"],
  // Under this build's own bundle folder: Fresh routes only that one to
  // its internal handler, anything else under /_frsh/ is a plain 404.
  ["an internal /_frsh request", "/_frsh/js/{build}/missing.js"],
];

/** `path` with `{build}` replaced by the folder the app's bundles are in. */
async function bundlePath(app: TestApp, path: string): Promise<string> {
  const { body } = await new Client(app).text("/page");
  const folder = /\/_frsh\/js\/([^/"]+)\//.exec(body)?.[1];
  ok(folder, "The page links no bundle");
  return path.replace("{build}", folder);
}

for (const [kind, listed, init] of NOT_CONSUMING) {
  Deno.test(`not shown nor consumed by ${kind}`, async () => {
    await withApp(async (app, client) => {
      const path = listed.includes("{build}")
        ? await bundlePath(app, listed)
        : listed;
      await save(client);
      let body = "";
      const errors = await captureConsoleError(async () => {
        body = (await client.text(path, init)).body;
      });
      if (path === "/throws") ok(errors.length >= 1, "the error is logged");
      // What a prefetched page shows may reach the screen later: nothing.
      deepStrictEqual(bannerTexts(body), []);
      deepStrictEqual(await pending(client), ["Post saved!"]);
      const page = await client.text("/page");
      deepStrictEqual(bannerTexts(page.body), ["Post saved!"]);
      deepStrictEqual(bannerTexts((await client.text("/page")).body), []);
      if (path === "/favicon.svg" || path.startsWith("/_frsh/")) {
        const seen = app.seen.find((s) => s.path === path);
        ok(seen);
        strictEqual(seen.hadMessages, false);
        strictEqual(
          seen.destination,
          path === "/favicon.svg" ? "static" : "internal",
        );
      }
    });
  });
}

Deno.test("a page showing messages is Cache-Control: no-store; others are not", async () => {
  await withApp(async (_app, client) => {
    await save(client);
    const shown = await client.text("/page");
    strictEqual(shown.res.headers.get("cache-control"), "no-store");
    const empty = await client.text("/page");
    strictEqual(empty.res.headers.get("cache-control"), "private");
    match(empty.res.headers.get("vary") ?? "", /Cookie/);
  });
});

Deno.test("{ now: true } shows in this page only and is never stored", async () => {
  await withApp(async (_app, client) => {
    const { res, body } = await client.text("/now");
    deepStrictEqual(bannerTexts(body), ["Check the form"]);
    strictEqual(banners(body)[0].role, "alert");
    strictEqual(res.headers.get("cache-control"), "no-store");
    deepStrictEqual(await pending(client), []);
    deepStrictEqual(bannerTexts((await client.text("/page")).body), []);
  });
});

Deno.test("message text is escaped in the HTML", async () => {
  await withApp(async (_app, client) => {
    await save(client, "<script>alert(1)</script> & <b>bold</b>");
    const { body } = await client.text("/page");
    ok(!body.includes("<script>alert(1)"));
    ok(!body.includes("<b>bold</b>"));
    deepStrictEqual(bannerTexts(body), [
      "&lt;script>alert(1)&lt;/script> &amp; &lt;b>bold&lt;/b>",
    ]);
  });
});

Deno.test("extra tags and level tags become the banner's classes; warnings and errors are alerts", async () => {
  await withApp(async (_app, client) => {
    await save(client, "Wrong password", "&level=40&tags=auth");
    await save(client, "Card expires soon", "&level=30");
    await save(client, "Hello", "&level=20");
    const shown = banners((await client.text("/page")).body);
    deepStrictEqual(
      shown.map((b) => [b.className, b.role]),
      // The status region comes first, then the alert region; each keeps
      // the order the messages were added in.
      [
        ["flash info", "status"],
        ["flash auth error", "alert"],
        ["flash warning", "alert"],
      ],
    );
  });
});

Deno.test("a JSON answer carries the messages and consumes them", async () => {
  await withApp(async (_app, client) => {
    await save(client);
    const res = await client.fetch("/api", {
      headers: { accept: "application/json" },
    });
    const body = await res.json();
    strictEqual(body.ok, true);
    deepStrictEqual(
      body.messages.map((m: { text: string; tags: string }) => [
        m.text,
        m.tags,
      ]),
      [["Post saved!", "success"]],
    );
    strictEqual(res.headers.get("cache-control"), "no-store");
    deepStrictEqual(await pending(client), []);
  });
});

Deno.test("a 4xx JSON answer consumes; a 5xx one does not", async () => {
  await withApp(async (_app, client) => {
    await save(client, "first");
    await (await client.fetch("/api?status=500")).body?.cancel();
    deepStrictEqual(await pending(client), ["first"]);
    const res = await client.fetch("/api?status=422");
    strictEqual((await res.json()).messages.length, 1);
    deepStrictEqual(await pending(client), []);
  });
});

Deno.test("an anonymous visitor's pending messages survive login (the token changes, the data stays)", async () => {
  await withApp(async (_app, client) => {
    await save(client);
    const before = client.cookieHeader;
    const { body } = await client.follow("/login", { method: "POST" });
    ok(client.cookieHeader !== before);
    deepStrictEqual(bannerTexts(body), ["Post saved!", "Welcome back, user-1"]);
  });
});

Deno.test("sign-out drops the signed-out user's pending messages; its own notice shows", async () => {
  await withApp(async (_app, client) => {
    await save(client);
    await (await client.fetch("/login", { method: "POST" })).body?.cancel();
    await save(client, "Saved while signed in");
    const before = client.cookieHeader;
    const { body } = await client.follow("/logout", { method: "POST" });
    ok(client.cookieHeader !== before, "the flush issued a new session");
    deepStrictEqual(bannerTexts(body), ["You have been signed out."]);
    deepStrictEqual(bannerTexts((await client.text("/page")).body), []);
  });
});

Deno.test("signing in as another user drops the previous user's pending messages", async () => {
  await withApp(async (_app, client) => {
    await (await client.fetch("/login", { method: "POST" })).body?.cancel();
    await save(client, "For user-1 only");
    const { body } = await client.follow("/login?user=user-2", {
      method: "POST",
    });
    deepStrictEqual(bannerTexts(body), ["Welcome back, user-2"]);
  });
});

Deno.test("a signed-out user's request that ends after the sign-out hands its message to no one", async () => {
  await withApp(async (_app, client) => {
    await client.follow("/login", { method: "POST" });
    gates.reset();
    // A second tab of user-1 adds a message and answers late.
    const late = client.fetch(
      `/slow_add?text=${encodeURIComponent("user-1's secret")}`,
      { method: "POST" },
    );
    await gates.rendered.promise;
    const out = await client.follow("/logout", { method: "POST" });
    deepStrictEqual(bannerTexts(out.body), ["You have been signed out."]);
    gates.release.resolve();
    await (await late).body?.cancel();
    // Whatever cookie the browser kept, the next visitor and the next user
    // never see it.
    deepStrictEqual(bannerTexts((await client.text("/page")).body), []);
    const { body } = await client.follow("/login?user=user-2", {
      method: "POST",
    });
    deepStrictEqual(bannerTexts(body), ["Welcome back, user-2"]);
    deepStrictEqual(await pending(client), []);
  });
});

Deno.test("a page without pending messages leaves a new visitor's session unwritten", async () => {
  await withApp(async (_app, client) => {
    const { res, body } = await client.text("/page");
    deepStrictEqual(bannerTexts(body), []);
    deepStrictEqual(res.headers.getSetCookie(), []);
    strictEqual(client.cookieHeader, "");
  });
});

Deno.test("the middleware needs the session middleware before it", async () => {
  const { createHandler } = await import("$fresh/server.ts");
  const { messages } = await import("../../../utils/messages/mod.ts");
  const { BASE_URL } = await import("../../framework/test_utils.ts");
  const handler = await createHandler({
    routes: {
      "./routes/_middleware.ts": { handler: [messages()] },
      "./routes/page.tsx": routes["./routes/page.tsx"],
    },
    islands: {},
    baseUrl: BASE_URL,
  });
  const errors = await captureConsoleError(async () => {
    const res = await handler(new Request("http://localhost/page"));
    strictEqual(res.status, 500);
    await res.body?.cancel();
  });
  match(
    errors.flat().map(String).join(" "),
    /put session\(\{ kv \}\).*before messages\(\)/,
  );
});

Deno.test("a page that shows only a `now` message starts no session and writes nothing", async () => {
  await withApp(async (app, client) => {
    const { res, body } = await client.text("/now");
    strictEqual(res.status, 200);
    ok(body.includes("Check the form"));
    deepStrictEqual(res.headers.getSetCookie(), []);
    let rows = 0;
    for await (const _ of app.kv.list({ prefix: [] })) rows++;
    strictEqual(rows, 0);
  });
});
