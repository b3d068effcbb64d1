/**
 * A pending message shows on one page only, even when several pages of the
 * same session are loaded at the same instant, outside any tab's claim
 * (no Fetch Metadata: a script, an older browser, a reload in two tabs).
 * Each page renders from the session as it was loaded; those whose save
 * finds the message already consumed by another are sent to load again.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { Client } from "../helpers/client.ts";

/** The flash banners' texts in a page. */
function flashes(html: string): string[] {
  return [...html.matchAll(/<p class="flash__text">([^<]*)<\/p>/g)].map((m) =>
    m[1]
  );
}

const ADDED = "Added 1 × Dot-grid notebook to your cart.";

Deno.test("six cart pages loaded at once: the add's message shows on one, the others load again without it", async () => {
  const client = await Client.forApp();
  const added = await client.post("/cart/add", { product_id: "notebook" });
  strictEqual(added.status, 303);

  const pages = await Promise.all(
    Array.from({ length: 6 }, () => client.get("/cart")),
  );
  const shown = pages.flatMap((page) => flashes(page.html));
  deepStrictEqual(shown, [ADDED]);
  for (const { res } of pages) {
    if (res.status === 200) continue;
    // A page that lost the race is sent to the same URL, never cached.
    strictEqual(res.status, 303);
    strictEqual(res.headers.get("location"), "/cart");
    strictEqual(res.headers.get("cache-control"), "no-store");
    // It keeps the session's cookie (this session's first save promotes
    // its provisional cookie) and drops the page's body and its type.
    ok(res.headers.get("set-cookie")?.startsWith("sid="));
    strictEqual(res.headers.get("content-type"), null);
    strictEqual(await res.text(), "");
    const again = await client.get("/cart");
    strictEqual(again.res.status, 200);
    deepStrictEqual(flashes(again.html), []);
    ok(again.html.includes("Dot-grid notebook"), "the cart itself is intact");
  }
  ok(pages.some(({ res }) => res.status === 303), "some pages raced");
});

Deno.test("pages of one session loaded at once keep the query in the URL they are sent back to", async () => {
  const client = await Client.forApp();
  await client.post("/cart/add", { product_id: "notebook" });
  const pages = await Promise.all(
    Array.from({ length: 4 }, () => client.get("/?page=1")),
  );
  strictEqual(pages.flatMap((page) => flashes(page.html)).length, 1);
  for (const { res } of pages) {
    if (res.status === 303) {
      strictEqual(res.headers.get("location"), "/?page=1");
    }
  }
});
