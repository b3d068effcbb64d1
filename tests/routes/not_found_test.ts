/**
 * The 404 page for an unknown URL knows the visitor: the header shows who
 * is signed in and the cart count, pending messages show (and stay
 * pending, a 404 consumes nothing), and nothing is written or set.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { Client, testId } from "../helpers/client.ts";

function flashes(html: string): string[] {
  return [...html.matchAll(/<p class="flash__text">([^<]*)<\/p>/g)].map((m) =>
    m[1]
  );
}

Deno.test("an unknown URL shows the signed-in header and the cart, and keeps pending messages for the next page", async () => {
  const client = await Client.forApp();
  const login = await client.post("/login", {
    username: "demo",
    password: "demo-pass-2026",
  });
  strictEqual(login.status, 303);
  await client.get("/"); // consumes the welcome message
  await client.post("/cart/add", { product_id: "notebook", quantity: "3" });
  // "Added …" is now pending (the redirect was not followed).
  const cookie = client.cookieHeader;

  const { res, html } = await client.get("/no/such/page");
  strictEqual(res.status, 404);
  ok(html.includes("Page not found"));
  ok(html.includes("Signed in as"), "signed-in header");
  ok(!/>Sign in</.test(html), "no Sign in link");
  strictEqual(testId(html, "cart-badge"), "3");
  // The 404 writes nothing, so it could not consume what it showed.
  deepStrictEqual(flashes(html), []);
  deepStrictEqual(res.headers.getSetCookie(), [], "no cookie set");
  strictEqual(client.cookieHeader, cookie);

  // The next real page shows it, once.
  const page = await client.get("/cart");
  deepStrictEqual(flashes(page.html), [
    "Added 3 × Dot-grid notebook to your cart.",
  ]);
  deepStrictEqual(flashes((await client.get("/cart")).html), []);
});

Deno.test("an unknown URL creates no session for a new visitor", async () => {
  const client = await Client.forApp();
  const { res, html } = await client.get("/nowhere");
  strictEqual(res.status, 404);
  ok(html.includes(">Sign in<"));
  deepStrictEqual(res.headers.getSetCookie(), []);
});
