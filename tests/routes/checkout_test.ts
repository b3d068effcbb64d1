/**
 * The multi-step checkout kept in the session: guards, validation, going
 * back with values kept, and placing exactly one order.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { kv } from "../../utils/kv/db.ts";
import { Client, testId } from "../helpers/client.ts";
import { decodeDraft } from "../../utils/shop/order_draft.ts";
import { placeOrder } from "../../utils/shop/orders.ts";
import { confirmForm } from "../helpers/review_form.ts";

const ADDRESS = {
  name: "Ada Lovelace",
  street: "12 St James's Square",
  city: "London",
  postcode: "SW1Y 4JH",
  country: "United Kingdom",
};

async function clientWithCart(): Promise<Client> {
  const client = await Client.forApp();
  await client.post("/cart/add", { product_id: "notebook", quantity: "2" });
  await client.post("/cart/add", { product_id: "ceramic-mug" });
  await client.get("/cart"); // shows and consumes the add messages
  return client;
}

async function countOrders(): Promise<number> {
  let count = 0;
  for await (const _ of kv.list({ prefix: ["orders"] })) count++;
  return count;
}

Deno.test("checkout with an empty cart goes back to the cart with a warning", async () => {
  const client = await Client.forApp();
  // A shopper who emptied their cart: the session exists.
  await client.post("/cart/add", { product_id: "notebook" });
  await client.post("/cart/clear");
  await client.get("/cart");
  for (
    const path of [
      "/checkout/address",
      "/checkout/shipping",
      "/checkout/review",
    ]
  ) {
    const { res } = await client.get(path);
    strictEqual(res.status, 303);
    strictEqual(res.headers.get("location"), "/cart");
  }
  const { html } = await client.get("/cart");
  ok(html.includes("Your cart is empty. Add something before checking out."));
});

Deno.test("a visitor without a session is sent to the empty cart with nothing stored", async () => {
  const client = await Client.forApp();
  const { res } = await client.get("/checkout/review");
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/cart");
  deepStrictEqual(res.headers.getSetCookie(), []);
  const { html } = await client.get("/cart");
  ok(html.includes("Your cart is empty."));
  strictEqual(client.cookieHeader, "");
});

Deno.test("later steps send you back to the step you skipped", async () => {
  const client = await clientWithCart();
  let { res } = await client.get("/checkout/shipping");
  strictEqual(res.headers.get("location"), "/checkout/contact");
  await client.post("/checkout/contact", { email: "ada@example.com" });
  ({ res } = await client.get("/checkout/shipping"));
  strictEqual(res.headers.get("location"), "/checkout/address");
  await client.post("/checkout/address", ADDRESS);
  ({ res } = await client.get("/checkout/review"));
  strictEqual(res.headers.get("location"), "/checkout/shipping");
  await client.post("/checkout/shipping", { shipping: "standard" });
  ({ res } = await client.get("/checkout/review"));
  strictEqual(res.headers.get("location"), "/checkout/payment");
});

Deno.test("address validation re-renders with 422, field errors and the typed values", async (t) => {
  const cases: [string, Record<string, string>, string][] = [
    ["missing name", { ...ADDRESS, name: "" }, "Full name is required."],
    ["all missing", {}, "City is required."],
    [
      "long street",
      { ...ADDRESS, street: "x".repeat(201) },
      "Street and number must be at most 200 characters.",
    ],
    [
      "bad postcode",
      { ...ADDRESS, postcode: "<b>" },
      "Postcode may contain only letters, digits, spaces and dashes.",
    ],
  ];
  const client = await clientWithCart();
  await client.post("/checkout/contact", { email: "ada@example.com" });
  for (const [name, fields, error] of cases) {
    await t.step(name, async () => {
      const res = await client.fetch("/checkout/address", {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      strictEqual(res.status, 422);
      const html = await res.text();
      ok(html.includes(error), html);
      ok(html.includes("Please correct the highlighted fields."));
      ok(html.includes('aria-invalid="true"'));
      if (fields.city) ok(html.includes(`value="${fields.city}"`));
      ok(!html.includes("<b>"), "typed values are escaped");
    });
  }
});

Deno.test("the whole flow: going back keeps the values, confirming places one order", async () => {
  const client = await clientWithCart();
  let res = await client.post("/checkout/contact", {
    email: "ada@example.com",
  });
  strictEqual(res.headers.get("location"), "/checkout/address");
  res = await client.post("/checkout/address", ADDRESS);
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/checkout/shipping");

  // Going back shows what was typed.
  let page = await client.get("/checkout/address");
  ok(page.html.includes(`value="12 St James's Square"`), page.html);

  const bad = await client.fetch("/checkout/shipping", {
    method: "POST",
    body: new URLSearchParams({ shipping: "teleport" }),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  strictEqual(bad.status, 422);
  ok((await bad.text()).includes("Choose one of the delivery options."));

  res = await client.post("/checkout/shipping", { shipping: "express" });
  strictEqual(res.headers.get("location"), "/checkout/payment");
  res = await client.post("/checkout/payment", { method: "cod" });
  strictEqual(res.headers.get("location"), "/checkout/review");
  page = await client.get("/checkout/shipping");
  ok(/value="express"[^>]*checked|checked[^>]*value="express"/.test(page.html));

  page = await client.get("/checkout/review");
  strictEqual(page.res.status, 200);
  // 2 × $12 + $14 + $15 express
  ok(
    /data-testid="order-total"><strong>\$53\.00</.test(page.html),
    page.html,
  );
  const form = confirmForm(page.html);

  const before = await countOrders();
  res = await client.post("/checkout/confirm", form);
  strictEqual(res.headers.get("location"), "/checkout/complete");
  page = await client.follow(res);
  ok(page.html.includes("Order placed."));
  ok(page.html.includes("Thank you, Ada Lovelace!"));
  strictEqual(await countOrders(), before + 1);

  // The cart is empty and the checkout forgotten.
  page = await client.get("/cart");
  strictEqual(testId(page.html, "cart-count"), "0");

  // Submitting the same confirmation again places nothing.
  res = await client.post("/checkout/confirm", form);
  strictEqual(res.headers.get("location"), "/checkout/complete");
  page = await client.follow(res);
  ok(page.html.includes("That order was already placed."));
  strictEqual(await countOrders(), before + 1);
});

Deno.test("a stale confirmation (checkout changed elsewhere) is refused", async () => {
  const client = await clientWithCart();
  await client.post("/checkout/contact", { email: "ada@example.com" });
  await client.post("/checkout/address", ADDRESS);
  await client.post("/checkout/shipping", { shipping: "standard" });
  await client.post("/checkout/payment", { method: "cod" });
  const before = await countOrders();
  const res = await client.post("/checkout/confirm", { checkout_id: "forged" });
  strictEqual(res.headers.get("location"), "/checkout/review");
  const page = await client.follow(res);
  ok(page.html.includes("Your checkout changed in another tab."));
  strictEqual(await countOrders(), before);
});

Deno.test("a confirmation whose order was stored but whose session save failed completes on retry, without a second order", async () => {
  const client = await clientWithCart();
  await client.post("/checkout/contact", { email: "ada@example.com" });
  await client.post("/checkout/address", ADDRESS);
  await client.post("/checkout/shipping", { shipping: "standard" });
  await client.post("/checkout/payment", { method: "cod" });
  const review = await client.get("/checkout/review");
  const form = confirmForm(review.html);
  // The first submit's order commit went through; its session commit did
  // not (503 in production), so the cart and checkout are still there.
  const draft = decodeDraft(form.order);
  ok(draft);
  const placed = await placeOrder(kv, form.checkout_id, {
    ...draft,
    userId: null,
  });
  ok(placed?.placedNow);
  const before = await countOrders();

  // Meanwhile another tab added something that was not ordered: the
  // retry's review is out of date, and is refused.
  await client.post("/cart/add", { product_id: "backpack" });
  let res = await client.post("/checkout/confirm", form);
  strictEqual(res.headers.get("location"), "/checkout/review");
  const again = await client.follow(res);
  ok(again.html.includes("1 × Everyday backpack added"), again.html);
  // Confirming the new review finds the order already placed: it closes
  // the checkout with that order, and places no second one.
  res = await client.post("/checkout/confirm", confirmForm(again.html));
  strictEqual(res.headers.get("location"), "/checkout/complete");
  const page = await client.follow(res);
  ok(page.html.includes("That order was already placed."));
  ok(page.html.includes("Thank you, Ada Lovelace!"));
  strictEqual(await countOrders(), before, "no second order");
  const cart = await client.get("/cart");
  strictEqual(testId(cart.html, "cart-count"), "1", "only the backpack stays");
});

Deno.test("a confirmation places nothing when anything the review showed changed, and says what", async (t) => {
  const cases: {
    name: string;
    change: (client: Client) => Promise<unknown>;
    form?: (form: Record<string, string>) => Record<string, string>;
    says: string;
  }[] = [
    {
      name: "quantity changed in another tab",
      change: (c) =>
        c.post("/cart/update", { product_id: "notebook", quantity: "5" }),
      says: "Dot-grid notebook: quantity from 2 to 5",
    },
    {
      name: "line removed in another tab",
      change: (c) => c.post("/cart/remove", { product_id: "ceramic-mug" }),
      says: "Ceramic mug removed",
    },
    {
      name: "delivery changed in another tab",
      change: (c) => c.post("/checkout/shipping", { shipping: "express" }),
      says: "delivery from Standard $5.00 to Express $15.00",
    },
    {
      name: "address changed in another tab",
      change: (c) =>
        c.post("/checkout/address", { ...ADDRESS, city: "Manchester" }),
      says: "the delivery address changed",
    },
    {
      name: "the reviewed order missing from the form",
      change: () => Promise.resolve(),
      form: ({ checkout_id }) => ({ checkout_id }),
      says: "Nothing was placed: please check your order",
    },
    {
      name: "a forged reviewed order",
      change: () => Promise.resolve(),
      form: (form) => ({ ...form, order: '{"lines":[],"totalCents":0}' }),
      says: "Nothing was placed: please check your order",
    },
    {
      name: "a reviewed order that is not JSON",
      change: () => Promise.resolve(),
      form: (form) => ({ ...form, order: "{".repeat(5000) }),
      says: "Nothing was placed: please check your order",
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const client = await clientWithCart();
      await client.post("/checkout/contact", { email: "ada@example.com" });
      await client.post("/checkout/address", ADDRESS);
      await client.post("/checkout/shipping", { shipping: "standard" });
      await client.post("/checkout/payment", { method: "cod" });
      const review = await client.get("/checkout/review");
      const form = confirmForm(review.html);
      await c.change(client);
      const before = await countOrders();
      const res = await client.post(
        "/checkout/confirm",
        c.form ? c.form(form) : form,
      );
      strictEqual(res.status, 303);
      strictEqual(res.headers.get("location"), "/checkout/review");
      strictEqual(await countOrders(), before, "nothing placed");
      const page = await client.follow(res);
      strictEqual(page.res.status, 200);
      ok(page.html.includes(c.says), page.html);
    });
  }
});
