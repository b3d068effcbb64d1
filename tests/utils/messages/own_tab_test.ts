/**
 * A flash lands in the tab whose action caused it: the redirect after the
 * action carries a claim in its URL, a page loaded meanwhile by another tab
 * of the same session (no claim) neither shows nor consumes it, and a
 * message whose tab never came for it shows anywhere after the claim
 * window. No cookie per tab, no JavaScript.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert";
import { bannerTexts, Client, createTestApp, fakeClock } from "./_app.ts";
import { routes } from "./_routes.tsx";
import {
  CLAIM_PARAM,
  claimedLocation,
} from "../../../utils/messages/claims.ts";
import { resolveMessagesOptions } from "../../../utils/messages/options.ts";

/** What a browser sends with a form post from a tab. */
const NAVIGATE = { method: "POST", headers: { "sec-fetch-mode": "navigate" } };

Deno.test("tab A's redirect claims its message; tab B's page meanwhile shows nothing; A's target shows it once", async () => {
  const clock = fakeClock();
  const app = await createTestApp(routes, { now: clock.now });
  try {
    const tabA = new Client(app);
    // Same session in a second tab: the same cookie jar.
    const tabB = tabA;
    const res = await tabA.fetch(
      "/add?text=Post%20saved!&next=/page",
      NAVIGATE,
    );
    strictEqual(res.status, 303);
    const location = res.headers.get("location")!;
    const target = new URL(location, "http://localhost");
    strictEqual(target.pathname, "/page");
    ok(target.searchParams.get(CLAIM_PARAM), `claimed: ${location}`);

    clock.advance(1000);
    deepStrictEqual(bannerTexts((await tabB.text("/page")).body), []);
    deepStrictEqual(bannerTexts((await tabA.text(location)).body), [
      "Post saved!",
    ]);
    deepStrictEqual(bannerTexts((await tabA.text(location)).body), []);
    deepStrictEqual(bannerTexts((await tabB.text("/page")).body), []);
  } finally {
    app.close();
  }
});

Deno.test("a message its tab never came for shows on the next page anywhere after the claim window", async () => {
  const clock = fakeClock();
  const app = await createTestApp(routes, { now: clock.now, claimWindow: 5 });
  try {
    const client = new Client(app);
    const res = await client.fetch("/add?text=Saved", NAVIGATE);
    await res.body?.cancel();
    clock.advance(4000);
    deepStrictEqual(bannerTexts((await client.text("/page")).body), []);
    clock.advance(1001);
    deepStrictEqual(bannerTexts((await client.text("/page")).body), [
      "Saved",
    ]);
    deepStrictEqual(bannerTexts((await client.text("/page")).body), []);
  } finally {
    app.close();
  }
});

Deno.test("a forged or stale claim in the URL shows only what is unclaimed or past the window", async () => {
  const clock = fakeClock();
  const app = await createTestApp(routes, { now: clock.now });
  try {
    const client = new Client(app);
    const res = await client.fetch("/add?text=Mine", NAVIGATE);
    await res.body?.cancel();
    for (const claim of ["", "x", "%00", "a".repeat(500)]) {
      const page = await client.text(`/page?${CLAIM_PARAM}=${claim}`);
      strictEqual(page.res.status, 200);
      deepStrictEqual(bannerTexts(page.body), [], claim);
    }
  } finally {
    app.close();
  }
});

Deno.test("the claim keeps the redirect's own query and fragment, and never touches an off-site redirect", async () => {
  const app = await createTestApp(routes);
  try {
    const client = new Client(app);
    const kept = await client.fetch(
      "/add?next=" + encodeURIComponent("/page?tab=2#top"),
      NAVIGATE,
    );
    const url = new URL(kept.headers.get("location")!, "http://localhost");
    strictEqual(url.searchParams.get("tab"), "2");
    strictEqual(url.hash, "#top");
    ok(url.searchParams.get(CLAIM_PARAM));
    strictEqual(
      kept.headers.get("location")!.startsWith("/page?"),
      true,
      "still a path",
    );
    const away = await client.fetch(
      "/add?next=" + encodeURIComponent("https://elsewhere.example/x"),
      NAVIGATE,
    );
    strictEqual(away.headers.get("location"), "https://elsewhere.example/x");
    // A redirect with nothing added carries no claim.
    const hop = await client.fetch("/hop");
    strictEqual(hop.headers.get("location"), "/page");
    // Nor does the answer to a fetch or a script: it has no tab.
    const script = await client.fetch("/add", { method: "POST" });
    strictEqual(script.headers.get("location"), "/page");
  } finally {
    app.close();
  }
});

Deno.test("a claim window longer than 30 seconds, or than the messages' ttl, is refused at startup: a message whose tab never came would be lost", () => {
  throws(() => resolveMessagesOptions({ claimWindow: 31 }), /claimWindow.*30/);
  throws(
    () => resolveMessagesOptions({ ttl: 5 }),
    /claimWindow \(10\).*shorter than ttl \(5\)/,
  );
  throws(() => resolveMessagesOptions({ ttl: 8, claimWindow: 8 }), /ttl/);
  strictEqual(
    resolveMessagesOptions({ ttl: 5, claimWindow: 2 }).claimWindowMs,
    2000,
  );
  strictEqual(resolveMessagesOptions().claimWindowMs, 10_000);
});
Deno.test("a redirect to a relative reference stays relative once claimed, so a proxy's public origin is kept", () => {
  const internal = "http://127.0.0.1:8000/cart/add";
  for (
    const [location, expected] of [
      ["/page", "/page?_flash=abcdefghijkl"],
      ["page?x=1", "/cart/page?x=1&_flash=abcdefghijkl"],
      ["?x=1#top", "/cart/add?x=1&_flash=abcdefghijkl#top"],
      ["../up", "/up?_flash=abcdefghijkl"],
    ]
  ) {
    strictEqual(
      claimedLocation(location, internal, "abcdefghijkl"),
      expected,
      location,
    );
  }
  strictEqual(
    claimedLocation("http://127.0.0.1:8000/x", internal, "abcdefghijkl"),
    "http://127.0.0.1:8000/x?_flash=abcdefghijkl",
  );
  strictEqual(claimedLocation("//elsewhere.example/x", internal, "c"), null);
  strictEqual(claimedLocation("/\\elsewhere.example/x", internal, "c"), null);
});

Deno.test("a claim follows its tab through a second redirect: the page at the end of the chain shows the message", async () => {
  const clock = fakeClock();
  const app = await createTestApp(routes, { now: clock.now });
  try {
    const tab = new Client(app);
    const saved = await tab.fetch("/add?text=Saved&next=/hop", NAVIGATE);
    const hop = saved.headers.get("location")!;
    ok(hop.startsWith("/hop?"), hop);
    // The browser follows both redirects as one navigation of the tab.
    const next = await tab.fetch(hop, {
      headers: { "sec-fetch-mode": "navigate" },
    });
    strictEqual(next.status, 302);
    const end = next.headers.get("location")!;
    deepStrictEqual(bannerTexts((await tab.text(end)).body), ["Saved"], end);

    // A second action on the way adds its own message: both arrive.
    const first = await tab.fetch(
      "/add?text=One&next=/add%3Ftext%3DTwo",
      NAVIGATE,
    );
    const second = await tab.fetch(first.headers.get("location")!, NAVIGATE);
    const target = second.headers.get("location")!;
    deepStrictEqual(bannerTexts((await tab.text(target)).body), ["One", "Two"]);
  } finally {
    app.close();
  }
});
