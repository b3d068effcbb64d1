/**
 * Order completion without HTTP, on a real in-memory KV and a real
 * session: the reviewed order is placed once, a changed one or another
 * tab's checkout places nothing, and a replay is recognised.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import {
  CART_KEY,
  type CartLine,
  priceCart,
} from "../../../utils/shop/cart.ts";
import { SEED_PRODUCTS } from "../../../utils/shop/catalog.ts";
import {
  CHECKOUT_KEY,
  type CheckoutState,
} from "../../../utils/shop/checkout.ts";
import {
  draftOrder,
  encodeDraft,
  type OrderDraft,
} from "../../../utils/shop/order_draft.ts";
import {
  completeOrder,
  isPlacedCheckout,
} from "../../../utils/shop/order_completion.ts";
import { LAST_ORDER_KEY } from "../../../utils/shop/orders.ts";
import { silentLogger } from "../../../utils/session/logger.ts";
import { createSessionManager } from "../../../utils/session/manager.ts";
import type { Session } from "../../../utils/session/mod.ts";
import { request } from "../session/_helpers.ts";
import { ADDRESS } from "../../helpers/address.ts";

const products = new Map(SEED_PRODUCTS.map((p) => [p.id, p]));

function draftFor(cart: CartLine[], checkout: CheckoutState): OrderDraft {
  const { lines } = priceCart(cart, (id) => products.get(id));
  const { email, address, shipping, payment } = checkout;
  ok(email && address && shipping && payment);
  return draftOrder(lines, { email, address, shipping, payment });
}

/** A session at the review step, and what its review page showed. */
async function atReview(kv: Deno.Kv) {
  const manager = createSessionManager({ kv, logger: silentLogger });
  const session: Session = await manager.loadSession(request());
  const cart: CartLine[] = [{ id: "notebook", qty: 2 }, {
    id: "ceramic-mug",
    qty: 1,
  }];
  const checkout: CheckoutState = {
    id: crypto.randomUUID(),
    email: "ada@example.com",
    address: ADDRESS,
    shipping: "standard",
    payment: { method: "cod" },
  };
  session.set(CART_KEY, cart);
  session.set(CHECKOUT_KEY, checkout);
  const draft = draftFor(cart, checkout);
  return { session, review: { checkout, draft }, shown: encodeDraft(draft) };
}

async function storedOrders(kv: Deno.Kv): Promise<number> {
  return (await Array.fromAsync(kv.list({ prefix: ["orders"] }))).length;
}

Deno.test("completeOrder places the reviewed order once and closes the checkout", async () => {
  using kv = await Deno.openKv(":memory:");
  const { session, review, shown } = await atReview(kv);
  const confirmation = { checkoutId: review.checkout.id, order: shown };
  strictEqual(await isPlacedCheckout(kv, session, review.checkout.id), false);

  const first = await completeOrder(kv, session, review, confirmation);
  ok(first.kind === "placed" && first.placedNow);
  strictEqual(first.order.userId, null);
  deepStrictEqual(first.order.lines.map((l) => [l.id, l.qty]), [
    ["notebook", 2],
    ["ceramic-mug", 1],
  ]);
  strictEqual(session.get(CHECKOUT_KEY), undefined);
  deepStrictEqual(session.get(CART_KEY), []);
  strictEqual(session.get(LAST_ORDER_KEY), first.order.id);
  strictEqual(await isPlacedCheckout(kv, session, review.checkout.id), true);

  // A racing submit that still saw the open checkout gets the same order.
  const racing = await atReview(kv);
  racing.session.set(CHECKOUT_KEY, review.checkout);
  const second = await completeOrder(kv, racing.session, review, confirmation);
  ok(second.kind === "placed" && !second.placedNow);
  strictEqual(second.order.id, first.order.id);
  strictEqual(await storedOrders(kv), 1);
});

Deno.test("completeOrder places nothing for another tab's checkout or a changed order", async (t) => {
  using kv = await Deno.openKv(":memory:");
  const { session, review, shown } = await atReview(kv);
  const changedCart = [{ id: "notebook", qty: 1 }, {
    id: "ceramic-mug",
    qty: 1,
  }];
  const cases: [
    string,
    { checkoutId: string; order: string },
    string,
    number,
  ][] = [
    [
      "another checkout",
      { checkoutId: crypto.randomUUID(), order: shown },
      "checkout-changed",
      0,
    ],
    [
      "a changed cart",
      {
        checkoutId: review.checkout.id,
        order: encodeDraft(draftFor(changedCart, review.checkout)),
      },
      "order-changed",
      1,
    ],
    [
      "a forged order",
      { checkoutId: review.checkout.id, order: "{not json" },
      "order-changed",
      0,
    ],
  ];
  for (const [name, confirmation, kind, changes] of cases) {
    await t.step(name, async () => {
      const outcome = await completeOrder(kv, session, review, confirmation);
      strictEqual(outcome.kind, kind);
      if (outcome.kind === "order-changed") {
        strictEqual(outcome.changes.length, changes);
      }
      strictEqual(await storedOrders(kv), 0);
      deepStrictEqual(session.get(CHECKOUT_KEY), review.checkout);
    });
  }
});

Deno.test("a signed-in shopper's order is listed under their account", async () => {
  using kv = await Deno.openKv(":memory:");
  const { session, review, shown } = await atReview(kv);
  session.login("user-1");
  const outcome = await completeOrder(kv, session, review, {
    checkoutId: review.checkout.id,
    order: shown,
  });
  ok(outcome.kind === "placed");
  strictEqual(outcome.order.userId, "user-1");
  const listed = await Array.fromAsync(
    kv.list({ prefix: ["user_orders", "user-1"] }),
  );
  strictEqual(listed.length, 1);
});
