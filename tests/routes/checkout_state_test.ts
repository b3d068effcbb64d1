/**
 * The checkout state in the session is checked again at every step: a
 * delivery method no longer offered, a hostile one, a malformed address or
 * checkout, stored by an older version or by hand. No step answers 500 or
 * shows "$NaN"; the shopper goes back to the step that collects the bad
 * part, with a message, and no order with a bad total is stored.
 */
import { ok, strictEqual } from "node:assert";
import { kv } from "../../utils/kv/db.ts";
import type { JsonValue } from "../../utils/session/json.ts";
import { hashToken, type SessionToken } from "../../utils/session/token.ts";
import { ADDRESS } from "../helpers/address.ts";
import { checkoutToReview } from "../helpers/checkout.ts";
import { Client } from "../helpers/client.ts";

/** Rewrites one key of the client's stored session data, as KV holds it. */
async function setSessionValue(client: Client, key: string, value: JsonValue) {
  const token = client.jar.get("sid") as SessionToken;
  ok(token, "the client has a session");
  const kvKey = ["sessions", hashToken(token)];
  const entry = await kv.get<{ data: string }>(kvKey);
  ok(entry.value);
  const data = JSON.parse(entry.value.data);
  data[key] = value;
  await kv.set(kvKey, { ...entry.value, data: JSON.stringify(data) });
}

async function ordersCount(): Promise<number> {
  let n = 0;
  for await (const _ of kv.list({ prefix: ["orders"] })) n++;
  return n;
}

/** A shopper on the review step with a notebook in the cart. */
async function onReview(): Promise<{ client: Client; checkoutId: string }> {
  const client = await Client.forApp();
  const { res, html } = await checkoutToReview(client);
  strictEqual(res.status, 200);
  const checkoutId = /name="checkout_id" value="([^"]+)"/.exec(html)?.[1];
  ok(checkoutId);
  return { client, checkoutId };
}

/** The contact and payment steps, done. */
const CONTACTED = { email: "ada@example.com", payment: { method: "cod" } };

/** A checkout with every step done. */
const REVIEWED = (id: string) => ({
  id,
  ...CONTACTED,
  address: ADDRESS,
  shipping: "standard",
});

const CASES: {
  name: string;
  checkout: (id: string) => JsonValue;
  step: string;
  message: string;
}[] = [
  {
    name: "a delivery method no longer offered",
    checkout: (id) => ({
      id,
      ...CONTACTED,
      address: ADDRESS,
      shipping: "overnight",
    }),
    step: "/checkout/shipping",
    message: "The delivery option you chose is no longer offered.",
  },
  {
    name: "a hostile delivery method",
    checkout: (id) => ({
      id,
      ...CONTACTED,
      address: ADDRESS,
      shipping: "toString",
    }),
    step: "/checkout/shipping",
    message: "The delivery option you chose is no longer offered.",
  },
  {
    name: "a delivery method of the wrong type",
    checkout: (id) => ({ id, ...CONTACTED, address: ADDRESS, shipping: 42 }),
    step: "/checkout/shipping",
    message: "The delivery option you chose is no longer offered.",
  },
  {
    name: "an address that is not an object",
    checkout: (id) => ({
      id,
      ...CONTACTED,
      address: "garbage",
      shipping: "standard",
    }),
    step: "/checkout/address",
    message: "We could not use the delivery address we had.",
  },
  {
    name: "an address with a missing field",
    checkout: (id) => ({
      id,
      ...CONTACTED,
      address: { ...ADDRESS, city: null },
      shipping: "standard",
    }),
    step: "/checkout/address",
    message: "We could not use the delivery address we had.",
  },
  {
    name: "an address that breaks the form's rules",
    checkout: (id) => ({
      id,
      ...CONTACTED,
      address: { ...ADDRESS, postcode: "<script>" },
      shipping: "standard",
    }),
    step: "/checkout/address",
    message: "We could not use the delivery address we had.",
  },
  {
    name: "a checkout with a malformed id",
    checkout: () => ({ id: "x".repeat(3000), ...CONTACTED, address: ADDRESS }),
    step: "/checkout/contact",
    message: "Please enter your email address first.",
  },
  {
    name: "a malformed email address",
    checkout: (id) => ({ ...REVIEWED(id), email: "not an address" }),
    step: "/checkout/contact",
    message: "We could not use the email address we had.",
  },
  {
    name: "a payment method no longer offered",
    checkout: (id) => ({ ...REVIEWED(id), payment: { method: "bitcoin" } }),
    step: "/checkout/payment",
    message: "The payment method you chose is no longer offered.",
  },
  {
    name: "a payment with stored card data",
    checkout: (id) => ({ ...REVIEWED(id), payment: "4242424242424242" }),
    step: "/checkout/payment",
    message: "The payment method you chose is no longer offered.",
  },
];

for (const c of CASES) {
  Deno.test(`review and confirm with ${c.name} in the session go back to ${c.step}`, async () => {
    const { client, checkoutId } = await onReview();
    await setSessionValue(client, "checkout", c.checkout(checkoutId));
    const before = await ordersCount();
    for (const send of ["review", "confirm"]) {
      const res = send === "review"
        ? (await client.get("/checkout/review")).res
        : await client.post("/checkout/confirm", { checkout_id: checkoutId });
      strictEqual(res.status, 303, send);
      strictEqual(res.headers.get("location"), c.step, send);
      const page = await client.follow(res);
      strictEqual(page.res.status, 200, send);
      ok(page.html.includes(c.message), `${send}: ${page.html}`);
      ok(!page.html.includes("NaN"), send);
    }
    strictEqual(await ordersCount(), before, "no order stored");
  });
}

Deno.test("a stored cart line with an absurd quantity is dropped, so every total stays a whole number of cents", async () => {
  const { client } = await onReview();
  await setSessionValue(client, "cart", [
    { id: "notebook", qty: 1e300 },
    { id: "backpack", qty: 1 },
  ]);
  const cart = await client.get("/cart");
  strictEqual(cart.res.status, 200);
  ok(!cart.html.includes('id="qty-notebook"'), "the absurd line is gone");
  ok(cart.html.includes('id="qty-backpack"'));
  const review = await client.get("/checkout/review");
  strictEqual(review.res.status, 200);
  // $64 backpack + $5 standard delivery.
  ok(
    /data-testid="order-total"><strong>\$69\.00</.test(review.html),
    review.html,
  );
});
