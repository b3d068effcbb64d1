/**
 * Messages under concurrency, on a real in-memory KV through the real
 * session and messages middleware: parallel adds on one session all
 * survive, a page removes only the ids it rendered, a message added while
 * a page renders stays pending, and pages loaded at once show a message on
 * one of them only.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import {
  bannerTexts,
  Client,
  createTestApp,
  fakeClock,
  pending,
  withApp,
} from "./_app.ts";
import { gates, newGate, pausedPage, routes } from "./_routes.tsx";

/**
 * Runs `fn` on an app with a `/paused` page that waits, once rendered,
 * until `gate.release` resolves: what another tab does meanwhile races it.
 */
async function withPausedPage(
  options: Parameters<typeof createTestApp>[1],
  fn: (client: Client, gate: ReturnType<typeof newGate>) => Promise<void>,
): Promise<void> {
  const gate = newGate();
  const app = await createTestApp(
    { ...routes, "./routes/paused.tsx": pausedPage(gate) },
    options,
  );
  try {
    await fn(new Client(app), gate);
  } finally {
    app.close();
  }
}

async function add(client: Client, text: string): Promise<void> {
  const res = await client.fetch(`/add?text=${encodeURIComponent(text)}`, {
    method: "POST",
  });
  strictEqual(res.status, 303);
  await res.body?.cancel();
}

Deno.test("many requests adding at once on one session lose no message", async () => {
  await withApp(async (_app, client) => {
    await add(client, "first"); // creates the session and its cookie
    const texts = Array.from({ length: 30 }, (_, i) => `tab ${i}`);
    await Promise.all(texts.map((text) => add(client, text)));
    const stored = await pending(client);
    strictEqual(stored.length, 31);
    deepStrictEqual(new Set(stored), new Set(["first", ...texts]));
  });
});

Deno.test("a page removes only the ids it rendered; a message added meanwhile stays", async () => {
  await withApp(async (_app, client) => {
    gates.reset();
    await add(client, "shown on the slow page");
    const slow = client.text("/slow");
    await gates.rendered.promise;
    // Another tab adds while the page is being answered.
    await add(client, "from another tab");
    gates.release.resolve();
    const { body } = await slow;
    deepStrictEqual(bannerTexts(body), ["shown on the slow page"]);
    deepStrictEqual(await pending(client), ["from another tab"]);
    deepStrictEqual(bannerTexts((await client.text("/page")).body), [
      "from another tab",
    ]);
  });
});

Deno.test("a message added during the render of a page is not lost", async () => {
  await withApp(async (_app, client) => {
    await add(client, "before");
    const { body } = await client.text("/during");
    deepStrictEqual(bannerTexts(body), ["before"]);
    deepStrictEqual(await pending(client), ["Added during render"]);
  });
});

Deno.test("a message added after the page rendered, in the same request, is not lost", async () => {
  await withApp(async (_app, client) => {
    await add(client, "before");
    const { body } = await client.text("/after");
    deepStrictEqual(bannerTexts(body), ["before"]);
    deepStrictEqual(await pending(client), ["Added after render"]);
  });
});

Deno.test("two tabs loading a page at once: one shows the messages, the other is sent to load again and shows none", async () => {
  await withApp(async (_app, client) => {
    await add(client, "one");
    await add(client, "two");
    const pages = await Promise.all([
      client.text("/page"),
      client.text("/page"),
    ]);
    const shown = pages.filter(({ res }) => res.status === 200);
    strictEqual(shown.length, 1);
    deepStrictEqual(bannerTexts(shown[0].body), ["one", "two"]);
    const again = pages.find(({ res }) => res.status === 303)!;
    strictEqual(again.res.headers.get("location"), "/page");
    deepStrictEqual(bannerTexts((await client.text("/page")).body), []);
    deepStrictEqual(await pending(client), []);
  });
});

Deno.test("a page sent to load again consumes nothing: a message only it showed shows on its next load", async () => {
  // Two pages paused after rendering, each on its own gate: the first saw
  // "one" only, the second "one" and "two" (added in between).
  const first = newGate();
  const second = newGate();
  const app = await createTestApp({
    ...routes,
    "./routes/first.tsx": pausedPage(first),
    "./routes/second.tsx": pausedPage(second),
  });
  try {
    const client = new Client(app);
    await add(client, "one");
    const a = client.text("/first");
    await first.rendered.promise;
    await add(client, "two");
    const b = client.text("/second");
    await second.rendered.promise;
    first.release.resolve();
    deepStrictEqual(bannerTexts((await a).body), ["one"]);
    second.release.resolve();
    const again = await b;
    // "one" was shown by the first page: the second is sent to load again.
    strictEqual(again.res.status, 303);
    strictEqual(again.res.headers.get("location"), "/second");
    deepStrictEqual(await pending(client), ["two"]);
    deepStrictEqual(bannerTexts((await client.text("/second")).body), ["two"]);
  } finally {
    app.close();
  }
});

Deno.test("a page whose message the pending cap dropped meanwhile is shown, not sent to load again: nothing else showed it", async () => {
  await withPausedPage({ maxPending: 2 }, async (client, gate) => {
    await add(client, "one");
    await add(client, "two");
    const page = client.text("/paused");
    await gate.rendered.promise;
    // Another tab's add, at the cap, drops "one", which the page showed.
    await add(client, "three");
    gate.release.resolve();
    const { res, body } = await page;
    strictEqual(res.status, 200);
    deepStrictEqual(bannerTexts(body), ["one", "two"]);
    deepStrictEqual(await pending(client), ["three"]);
  });
});

Deno.test("a page whose message expired meanwhile, and was dropped by another tab's add, is shown, not sent to load again", async () => {
  const clock = fakeClock();
  await withPausedPage({ now: clock.now, ttl: 60 }, async (client, gate) => {
    await add(client, "one");
    clock.advance(59_000);
    const page = client.text("/paused");
    await gate.rendered.promise;
    // "one" expires while the page is being answered; an add drops it.
    clock.advance(2_000);
    await add(client, "two");
    gate.release.resolve();
    const { res, body } = await page;
    strictEqual(res.status, 200);
    deepStrictEqual(bannerTexts(body), ["one"]);
    deepStrictEqual(await pending(client), ["two"]);
  });
});

Deno.test("a page loaded while the same browser signs in neither signs it out nor loses the messages the sign-in carried", async () => {
  await withPausedPage({}, async (client, gate) => {
    await add(client, "added while anonymous");
    const page = client.fetch("/paused");
    await gate.rendered.promise;
    const login = await client.fetch("/login", { method: "POST" });
    await login.body?.cancel();
    const signedIn = client.cookieHeader;
    gate.release.resolve();
    const res = await page;
    await res.body?.cancel();
    // The page's session ended under it; the browser's new cookie stays.
    strictEqual(res.headers.get("set-cookie"), null);
    strictEqual(client.cookieHeader, signedIn);
    deepStrictEqual(bannerTexts((await client.text("/page")).body), [
      "added while anonymous",
      "Welcome back, user-1",
    ]);
  });
});

Deno.test("a page loaded while the same browser signs out keeps the sign-out's cookie and its message", async () => {
  await withPausedPage({}, async (client, gate) => {
    const login = await client.fetch("/login", { method: "POST" });
    await login.body?.cancel();
    await add(client, "for the signed-in user");
    const page = client.fetch("/paused");
    await gate.rendered.promise;
    const logout = await client.fetch("/logout", { method: "POST" });
    await logout.body?.cancel();
    const signedOut = client.cookieHeader;
    gate.release.resolve();
    const res = await page;
    await res.body?.cancel();
    strictEqual(res.headers.get("set-cookie"), null);
    strictEqual(client.cookieHeader, signedOut);
    // The user's own pending message ended with the sign-out, as always.
    deepStrictEqual(bannerTexts((await client.text("/page")).body), [
      "You have been signed out.",
    ]);
  });
});

Deno.test("twenty pages at once, each following its 303s like a browser: all end on a page after at most one, the message shown once", async () => {
  await withApp(async (_app, client) => {
    await add(client, "one");
    const loads = await Promise.all(
      Array.from({ length: 20 }, async () => {
        let res = await client.fetch("/page");
        let hops = 0;
        while (res.status === 303 && hops < 5) {
          await res.body?.cancel();
          hops++;
          res = await client.fetch(res.headers.get("location")!);
        }
        return { res, hops, body: await res.text() };
      }),
    );
    for (const { res, hops } of loads) {
      strictEqual(res.status, 200);
      strictEqual(hops <= 1, true);
    }
    deepStrictEqual(loads.flatMap(({ body }) => bannerTexts(body)), ["one"]);
  });
});
