/**
 * Orders, stored in KV under `["orders", id]` once a checkout is confirmed.
 *
 * @module
 */
import type { Address, ShippingMethod } from "./checkout.ts";
import type { PricedLine } from "./cart.ts";

export type Order = {
  id: string;
  createdAt: number;
  userId: string | null;
  lines: { id: string; name: string; qty: number; priceCents: number }[];
  address: Address;
  shipping: ShippingMethod;
  shippingCents: number;
  totalCents: number;
};

/** The session key naming the order the "thank you" page shows. */
export const LAST_ORDER_KEY = "last_order";

/** Order ids are UUIDs; anything else is rejected before KV. */
const ORDER_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Stores the order for checkout `checkoutId`. The checkout id is claimed in
 * the same atomic commit, so a double submit places one order: the second
 * call gets the first call's order back with `placedNow: false`.
 */
export async function placeOrder(
  kv: Deno.Kv,
  checkoutId: string,
  order: Omit<Order, "id" | "createdAt" | "lines"> & { lines: PricedLine[] },
  now = Date.now(),
): Promise<{ order: Order; placedNow: boolean } | null> {
  const placed: Order = {
    ...order,
    id: crypto.randomUUID(),
    createdAt: now,
    lines: order.lines.map((line) => ({
      id: line.id,
      name: line.product.name,
      qty: line.qty,
      priceCents: line.product.priceCents,
    })),
  };
  const claim = ["checkouts", checkoutId];
  const result = await kv.atomic()
    .check({ key: claim, versionstamp: null })
    .set(claim, placed.id)
    .set(["orders", placed.id], placed)
    .commit();
  if (result.ok) return { order: placed, placedNow: true };
  const earlier = (await kv.get<string>(claim)).value;
  const existing = earlier ? await getOrder(kv, earlier) : null;
  return existing ? { order: existing, placedNow: false } : null;
}

/** The order with `id`, or null for unknown or malformed ids. */
export async function getOrder(kv: Deno.Kv, id: string): Promise<Order | null> {
  if (!ORDER_ID.test(id)) return null;
  return (await kv.get<Order>(["orders", id])).value;
}
