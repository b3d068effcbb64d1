/**
 * The app's own markup stays within Latin-1 (U+0000–U+00FF). V8 then keeps
 * each page one byte per character; a single character beyond, such as an
 * arrow in a link, makes the whole page a two-byte string, which Deno
 * encodes for the wire about three times slower (GET /about served 4.4–6.4%
 * more requests a second without its one minus sign). Text from data, such
 * as a product's description or a visitor's post, is not the app's to
 * choose: the pages here show only data that is Latin-1 itself.
 */
import { ok, strictEqual } from "node:assert";
import { checkoutToReview } from "../helpers/checkout.ts";
import { Client } from "../helpers/client.ts";
import { ADDRESS } from "../helpers/address.ts";
import { confirmForm } from "../helpers/review_form.ts";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../../utils/accounts/users.ts";

// deno-lint-ignore no-control-regex
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/gu;

function assertLatin1(path: string, html: string): void {
  const found = [...new Set(html.match(BEYOND_LATIN1) ?? [])];
  strictEqual(
    found.map((char) => `U+${char.codePointAt(0)!.toString(16)} ${char}`)
      .join(", "),
    "",
    `${path} has characters beyond Latin-1`,
  );
}

/** A client signed in as the demo user. */
async function signedInClient(): Promise<Client> {
  const client = await Client.forApp();
  await client.follow(
    await client.post("/login", {
      username: DEMO_USERNAME,
      password: DEMO_PASSWORD,
    }),
  );
  return client;
}

Deno.test("every page's own markup is Latin-1, so the page stays a one-byte string", async () => {
  const client = await signedInClient();
  await client.post("/cart/add", { product_id: "notebook" });
  const paths = [
    "/",
    "/about",
    "/products/notebook",
    "/cart",
    "/posts",
    "/posts/new",
    "/account/sessions",
    "/account/orders",
    "/checkout/contact",
    "/no-such-page",
  ];
  for (const path of paths) {
    const { res, html } = await client.get(path);
    ok(
      res.status === 200 || path === "/no-such-page",
      `${path}: ${res.status}`,
    );
    assertLatin1(path, html);
  }

  // Each step of the checkout, then the order's page.
  await client.post("/checkout/contact", { email: "ada@example.com" });
  assertLatin1(
    "/checkout/address",
    (await client.get("/checkout/address")).html,
  );
  await client.post("/checkout/address", ADDRESS);
  assertLatin1(
    "/checkout/shipping",
    (await client.get("/checkout/shipping")).html,
  );
  await client.post("/checkout/shipping", { shipping: "standard" });
  assertLatin1(
    "/checkout/payment",
    (await client.get("/checkout/payment")).html,
  );
  await client.post("/checkout/payment", { method: "cod" });
  const review = await client.get("/checkout/review");
  assertLatin1("/checkout/review", review.html);
  const done = await client.follow(
    await client.post("/checkout/confirm", confirmForm(review.html)),
  );
  assertLatin1("/checkout/complete", done.html);
  const orders = await client.get("/account/orders");
  const href = /href="(\/account\/orders\/[0-9a-f-]+)"/.exec(orders.html)?.[1];
  ok(href, "the order is listed");
  const detail = await client.get(href);
  strictEqual(detail.res.status, 200);
  assertLatin1(href, detail.html);

  const signedOut = await Client.forApp();
  for (const path of ["/login", "/signup"]) {
    const { html } = await signedOut.get(path);
    assertLatin1(path, html);
  }
});

Deno.test("a post's pages and the account forms are Latin-1 too", async () => {
  const client = await signedInClient();
  const paths = ["/account/password", "/account/delete"];
  await client.post("/posts", { title: "Latin-1 post", body: "Plain text" });
  const list = await client.get("/posts");
  const post = [...list.html.matchAll(/href="(\/posts\/[^"/]+)"/g)]
    .map((found) => found[1]).find((href) => href !== "/posts/new");
  ok(post, "the post is listed");
  paths.push(post, `${post}/edit`);
  for (const path of paths) {
    const { res, html } = await client.get(path);
    strictEqual(res.status, 200, path);
    assertLatin1(path, html);
  }
});

Deno.test("the review's warning after the order changed in another tab is Latin-1", async () => {
  const client = await Client.forApp();
  const review = await checkoutToReview(client);
  // Another tab changes the quantity, the delivery and the payment.
  await client.post("/cart/update", { product_id: "notebook", quantity: "3" });
  await client.post("/checkout/shipping", { shipping: "express" });
  await client.post("/checkout/payment", {
    method: "card",
    card_number: "4242424242424242",
    expiry: "12/40",
    cvc: "123",
  });
  const res = await client.post("/checkout/confirm", confirmForm(review.html));
  strictEqual(res.headers.get("location"), "/checkout/review");
  const warned = await client.follow(res);
  ok(
    warned.html.includes("Your order changed after you reviewed it"),
    warned.html,
  );
  assertLatin1("/checkout/review (order changed)", warned.html);
});
