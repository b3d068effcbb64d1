/**
 * An honest checkout: it asks for an email address and a payment method,
 * never keeps card data, never says "paid" when nothing was charged, and
 * a signed-in shopper finds the order under /account/orders.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { kv } from "../../utils/kv/db.ts";
import { Client } from "../helpers/client.ts";
import { confirmForm } from "../helpers/review_form.ts";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../../utils/accounts/users.ts";

const ADDRESS = {
  name: "Ada Lovelace",
  street: "12 St James's Square",
  city: "London",
  postcode: "SW1Y 4JH",
  country: "United Kingdom",
};
const CARD = "4242 4242 4242 4242";

async function toPayment(client: Client): Promise<void> {
  await client.post("/cart/add", { product_id: "notebook", quantity: "2" });
  strictEqual(
    (await client.post("/checkout/contact", { email: "ada@example.com" }))
      .headers.get("location"),
    "/checkout/address",
  );
  await client.post("/checkout/address", ADDRESS);
  strictEqual(
    (await client.post("/checkout/shipping", { shipping: "standard" }))
      .headers.get("location"),
    "/checkout/payment",
  );
}

async function place(client: Client): Promise<string> {
  const review = await client.get("/checkout/review");
  strictEqual(review.res.status, 200);
  const confirm = await client.post(
    "/checkout/confirm",
    confirmForm(review.html),
  );
  strictEqual(confirm.headers.get("location"), "/checkout/complete");
  return (await client.follow(confirm)).html;
}

function text(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}

async function kvDump(): Promise<string> {
  const rows: string[] = [];
  for await (const entry of kv.list({ prefix: [] })) {
    rows.push(JSON.stringify(entry.value));
  }
  return rows.join("\n");
}

Deno.test("the contact step refuses a malformed email with 422 and keeps what was typed", async () => {
  const client = await Client.forApp();
  await client.post("/cart/add", { product_id: "notebook" });
  const res = await client.fetch("/checkout/contact", {
    method: "POST",
    body: new URLSearchParams({ email: "ada@@example" }),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  strictEqual(res.status, 422);
  const html = await res.text();
  ok(html.includes("Enter an email address such as ada@example.com."));
  ok(html.includes('value="ada@@example"'));
  ok(html.includes('autocomplete="email"'));
});

Deno.test("pay on delivery: the review and the confirmation say so, and never 'paid'", async () => {
  const client = await Client.forApp();
  await toPayment(client);
  const res = await client.post("/checkout/payment", { method: "cod" });
  strictEqual(res.headers.get("location"), "/checkout/review");
  const review = await client.get("/checkout/review");
  ok(text(review.html).includes("Confirmation to ada@example.com"));
  ok(text(review.html).includes("Pay on delivery"));
  const done = text(await place(client));
  // 2 × $12 + $5 standard
  ok(done.includes("You will pay $29.00 on delivery"), done);
  ok(done.includes("2 × Dot-grid notebook"), "what was ordered");
  ok(!/\bpaid\b/i.test(done), done);
});

Deno.test("a test card is checked (Luhn, expiry, code), never stored, and nothing is charged", async () => {
  const client = await Client.forApp();
  await toPayment(client);
  const bad = await client.fetch("/checkout/payment", {
    method: "POST",
    body: new URLSearchParams({
      method: "test-card",
      card_number: "4242 4242 4242 4241",
      card_expiry: "01/20",
      card_cvc: "1",
    }),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  strictEqual(bad.status, 422);
  const badHtml = await bad.text();
  ok(badHtml.includes("Enter a valid card number"));
  ok(badHtml.includes("That card has expired."));
  ok(badHtml.includes("Enter the 3 or 4 digits"));
  ok(!badHtml.includes("4241"), "the typed number is not echoed");

  const good = await client.post("/checkout/payment", {
    method: "test-card",
    card_number: CARD,
    card_expiry: "12/39",
    card_cvc: "123",
  });
  strictEqual(good.headers.get("location"), "/checkout/review");
  const done = text(await place(client));
  ok(done.includes("Card in test mode: nothing was charged"), done);
  ok(!/\bpaid\b/i.test(done));
  const stored = await kvDump();
  ok(!stored.includes("4242424242424242") && !stored.includes(CARD));
  ok(!stored.includes("12/39"), "no expiry stored");
});

Deno.test("a signed-in shopper's orders are listed under /account/orders, each with its detail; others see 404", async () => {
  const client = await Client.forApp();
  const login = await client.post("/login", {
    username: DEMO_USERNAME,
    password: DEMO_PASSWORD,
  });
  await client.follow(login);
  await toPayment(client);
  await client.post("/checkout/payment", { method: "cod" });
  const done = await place(client);
  ok(done.includes('href="/account/orders"'), "a link to the orders");
  const id = /data-testid="order-id">([0-9a-f]{8})</.exec(done)?.[1];
  ok(id);

  const list = await client.get("/account/orders");
  strictEqual(list.res.status, 200);
  strictEqual(list.res.headers.get("cache-control"), "no-store");
  const href = new RegExp(`href="(/account/orders/${id}[0-9a-f-]+)"`).exec(
    list.html,
  )?.[1];
  ok(href, "the order is listed");
  const detail = await client.get(href);
  strictEqual(detail.res.status, 200);
  ok(text(detail.html).includes("You will pay $29.00 on delivery"));
  ok(text(detail.html).includes("Ada Lovelace"));

  // Another user, an anonymous visitor and junk ids get nothing.
  const stranger = await Client.forApp();
  const anonymous = await stranger.get(href);
  strictEqual(anonymous.res.status, 303);
  ok(anonymous.res.headers.get("location")?.startsWith("/login"));
  for (
    const bad of [
      "/account/orders/not-an-id",
      "/account/orders/00000000-0000-4000-8000-000000000000",
    ]
  ) {
    strictEqual((await client.get(bad)).res.status, 404, bad);
  }
});

Deno.test("an anonymous shopper's order is placed without an account, and /account/orders asks to sign in", async () => {
  const client = await Client.forApp();
  await toPayment(client);
  await client.post("/checkout/payment", { method: "cod" });
  const done = await place(client);
  ok(!done.includes('href="/account/orders"'));
  const res = (await client.get("/account/orders")).res;
  strictEqual(res.status, 303);
  deepStrictEqual(
    new URL(res.headers.get("location")!, "http://x").pathname,
    "/login",
  );
});

Deno.test("Back from the thank-you page to a checkout step shows the order again, not an empty-cart warning", async () => {
  const client = await Client.forApp();
  await toPayment(client);
  await client.post("/checkout/payment", { method: "cod" });
  await place(client);
  for (const step of ["/checkout/review", "/checkout/payment"]) {
    const { res } = await client.get(step);
    strictEqual(res.status, 303, step);
    strictEqual(res.headers.get("location"), "/checkout/complete", step);
  }
  const page = await client.get("/checkout/complete");
  ok(!page.html.includes("Your cart is empty"), "no warning");
  ok(page.html.includes("Thank you, Ada Lovelace!"));
});
