/**
 * Pages with personal data (account pages, every checkout step, the
 * order confirmation) are `Cache-Control: no-store`, so Back after
 * signing out on a shared computer cannot show them from the browser's
 * cache; other session pages stay `private`.
 */
import { ok, strictEqual } from "node:assert";
import { Client } from "../helpers/client.ts";
import { confirmForm } from "../helpers/review_form.ts";

function cacheControl(res: Response): string[] {
  return (res.headers.get("cache-control") ?? "").split(",").map((d) =>
    d.trim().toLowerCase()
  ).filter(Boolean);
}

function assertNoStore(res: Response, path: string) {
  const directives = cacheControl(res);
  ok(directives.includes("no-store"), `${path}: ${directives.join(", ")}`);
  ok(!directives.includes("public"), path);
}

Deno.test("account pages of a signed-in user are no-store", async () => {
  const client = await Client.forApp();
  const login = await client.post("/login", {
    username: "demo",
    password: "demo-pass-2026",
  });
  strictEqual(login.status, 303);
  await client.get("/"); // consumes the welcome message
  for (const path of ["/account/sessions", "/account/password"]) {
    const { res, html } = await client.get(path);
    strictEqual(res.status, 200, path);
    ok(html.includes("demo"), path);
    assertNoStore(res, path);
  }
  // A re-rendered form (wrong current password) too.
  const bad = await client.post("/account/password", {
    current_password: "wrong password here",
    new_password: "another long password",
  });
  strictEqual(bad.status, 422);
  assertNoStore(bad, "POST /account/password");
  // Other pages of the same session stay private, not no-store.
  const { res } = await client.get("/about");
  strictEqual(res.headers.get("cache-control"), "private");
});

Deno.test("every checkout step and the confirmation are no-store", async () => {
  const client = await Client.forApp();
  await client.post("/cart/add", { product_id: "notebook" });
  await client.get("/cart");
  let page = await client.get("/checkout/contact");
  strictEqual(page.res.status, 200);
  assertNoStore(page.res, "/checkout/contact");
  await client.post("/checkout/contact", { email: "ada@example.com" });
  page = await client.get("/checkout/address");
  strictEqual(page.res.status, 200);
  assertNoStore(page.res, "/checkout/address");
  await client.post("/checkout/address", {
    name: "Ada Lovelace",
    street: "12 St James's Square",
    city: "London",
    postcode: "SW1Y 4JH",
    country: "United Kingdom",
  });
  page = await client.get("/checkout/shipping");
  strictEqual(page.res.status, 200);
  assertNoStore(page.res, "/checkout/shipping");
  await client.post("/checkout/shipping", { shipping: "standard" });
  page = await client.get("/checkout/payment");
  strictEqual(page.res.status, 200);
  assertNoStore(page.res, "/checkout/payment");
  await client.post("/checkout/payment", { method: "cod" });
  page = await client.get("/checkout/review");
  strictEqual(page.res.status, 200);
  ok(page.html.includes("Ada Lovelace"));
  assertNoStore(page.res, "/checkout/review");
  const res = await client.post("/checkout/confirm", confirmForm(page.html));
  strictEqual(res.headers.get("location"), "/checkout/complete");
  page = await client.follow(res);
  ok(page.html.includes("Thank you, Ada Lovelace!"));
  assertNoStore(page.res, "/checkout/complete");
});
