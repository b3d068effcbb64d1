/**
 * A signed-in shopper's order list on a real in-memory KV: listed newest
 * first, only theirs, a malformed row skipped, and forgotten (but the
 * orders kept, without the user's id) when the account is deleted.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import { withKv } from "../../helpers/kv.ts";
import {
  forgetUserOrders,
  getOrder,
  getUserOrder,
  listUserOrders,
  placeOrder,
} from "../../../utils/shop/orders.ts";
import type { OrderDraft } from "../../../utils/shop/order_draft.ts";

const DRAFT: OrderDraft = {
  lines: [{
    id: "notebook",
    name: "Dot-grid notebook",
    qty: 1,
    priceCents: 1200,
  }],
  email: "ada@example.com",
  payment: { method: "cod" },
  address: {
    name: "Ada Lovelace",
    street: "12 St James's Square",
    city: "London",
    postcode: "SW1Y 4JH",
    country: "United Kingdom",
  },
  shipping: "standard",
  shippingCents: 500,
  totalCents: 1700,
};

async function place(kv: Deno.Kv, userId: string | null, at: number) {
  const placed = await placeOrder(kv, crypto.randomUUID(), {
    ...DRAFT,
    userId,
  }, at);
  return placed!.order.id;
}

Deno.test("orders are listed per user, newest first; forgetting the user keeps the orders without the id", async () => {
  await withKv(async (kv) => {
    const first = await place(kv, "u1", 1000);
    const second = await place(kv, "u1", 2000);
    const theirs = await place(kv, "u2", 1500);
    await place(kv, null, 1200);
    deepStrictEqual((await listUserOrders(kv, "u1")).map((o) => o.id), [
      second,
      first,
    ]);
    strictEqual(await getUserOrder(kv, "u1", theirs), null);
    strictEqual((await getUserOrder(kv, "u2", theirs))?.id, theirs);

    // A malformed order row is skipped, not a failure.
    await kv.set(["orders", first], "garbage");
    deepStrictEqual((await listUserOrders(kv, "u1")).map((o) => o.id), [
      second,
    ]);

    await forgetUserOrders(kv, "u1");
    deepStrictEqual(await listUserOrders(kv, "u1"), []);
    strictEqual((await getOrder(kv, second))?.userId, null, "order kept");
    deepStrictEqual((await listUserOrders(kv, "u2")).map((o) => o.id), [
      theirs,
    ]);
  });
});
