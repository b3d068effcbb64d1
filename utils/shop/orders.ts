/**
 * Orders, stored in KV under `["orders", id]` once a checkout is confirmed.
 * A signed-in shopper's orders are also listed under
 * `["user_orders", userId, createdAt, id]` (value `null`), newest last, for
 * `/account/orders`.
 *
 * @module
 */
import { reportBadRow } from "../bad_rows.ts";
import { type OrderDraft, parseDraft } from "./order_draft.ts";

/** A placed order: the draft the shopper confirmed, with its identity. */
export type Order = OrderDraft & {
  id: string;
  createdAt: number;
  userId: string | null;
  /** The checkout it completed (absent on orders stored before it was kept). */
  checkoutId?: string;
};

/** The session key naming the order the "thank you" page shows. */
export const LAST_ORDER_KEY = "last_order";

/** Order ids are UUIDs; anything else is rejected before KV. */
const ORDER_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks a row read from `["orders", id]`: a well-formed draft (whole
 * cents, a total that adds up) with the id of its key. Returns the order,
 * or null.
 *
 * @param value The stored value.
 * @param id The id in its key.
 */
export function parseOrder(value: unknown, id: string): Order | null {
  const draft = parseDraft(value);
  if (!draft) return null;
  const o = value as Record<string, unknown>;
  if (
    o.id !== id || !Number.isSafeInteger(o.createdAt) ||
    (o.userId !== null && typeof o.userId !== "string") ||
    (o.checkoutId !== undefined && typeof o.checkoutId !== "string")
  ) {
    return null;
  }
  const order: Order = {
    ...draft,
    id,
    createdAt: o.createdAt as number,
    userId: o.userId as string | null,
  };
  if (typeof o.checkoutId === "string") order.checkoutId = o.checkoutId;
  return order;
}

/**
 * Stores `draft` as the order of checkout `checkoutId`. The checkout id is
 * claimed in the same atomic commit, so a double submit places one order:
 * the second call gets the first call's order back with `placedNow: false`.
 * Returns null when the claim exists but its order cannot be read.
 */
export async function placeOrder(
  kv: Deno.Kv,
  checkoutId: string,
  draft: OrderDraft & { userId: string | null },
  now = Date.now(),
): Promise<{ order: Order; placedNow: boolean } | null> {
  const placed: Order = {
    ...draft,
    lines: draft.lines.map((line) => ({ ...line })),
    id: crypto.randomUUID(),
    createdAt: now,
    checkoutId,
  };
  const claim = ["checkouts", checkoutId];
  const op = kv.atomic()
    .check({ key: claim, versionstamp: null })
    .set(claim, placed.id)
    .set(["orders", placed.id], placed);
  if (placed.userId !== null) {
    op.set(userOrderKey(placed.userId, placed.createdAt, placed.id), null);
  }
  const result = await op.commit();
  if (result.ok) return { order: placed, placedNow: true };
  const earlier = await kv.get(claim);
  if (typeof earlier.value !== "string") {
    reportBadRow(earlier, "checkout claim");
    return null;
  }
  const existing = await getOrder(kv, earlier.value);
  return existing ? { order: existing, placedNow: false } : null;
}

/**
 * The order with `id`, or null for unknown or malformed ids, and for a
 * malformed row (which is logged once).
 */
export async function getOrder(kv: Deno.Kv, id: string): Promise<Order | null> {
  if (!ORDER_ID.test(id)) return null;
  const entry = await kv.get(["orders", id]);
  if (entry.versionstamp === null) return null;
  const order = parseOrder(entry.value, id);
  if (!order) reportBadRow(entry, "order");
  return order;
}

/** The key listing order `id` of `userId`. */
function userOrderKey(userId: string, createdAt: number, id: string) {
  return [USER_ORDERS_PREFIX, userId, createdAt, id];
}

/** The prefix of every user's order list. */
export const USER_ORDERS_PREFIX = "user_orders";

/** Most orders `/account/orders` lists. */
export const MAX_LISTED_ORDERS = 50;

/**
 * The orders of `userId`, newest first, at most {@linkcode MAX_LISTED_ORDERS}.
 * Index entries whose order is missing or malformed are skipped (the order
 * row is logged once by {@linkcode getOrder}).
 */
export async function listUserOrders(
  kv: Deno.Kv,
  userId: string,
): Promise<Order[]> {
  const ids: string[] = [];
  for await (
    const entry of kv.list({ prefix: [USER_ORDERS_PREFIX, userId] }, {
      reverse: true,
      limit: MAX_LISTED_ORDERS,
    })
  ) {
    const id = entry.key[3];
    if (typeof id === "string") ids.push(id);
  }
  const orders = await Promise.all(ids.map((id) => getOrder(kv, id)));
  return orders.filter((order): order is Order =>
    order !== null && order.userId === userId
  );
}

/** Order `id` if it belongs to `userId`, else null (unknown or someone else's). */
export async function getUserOrder(
  kv: Deno.Kv,
  userId: string,
  id: string,
): Promise<Order | null> {
  const order = await getOrder(kv, id);
  return order?.userId === userId ? order : null;
}

/**
 * Forgets which orders were `userId`'s: the list entries go and the orders
 * lose their `userId`. The orders themselves stay, as a shop's records of
 * what it sold and shipped.
 */
export async function forgetUserOrders(
  kv: Deno.Kv,
  userId: string,
): Promise<void> {
  for await (const entry of kv.list({ prefix: [USER_ORDERS_PREFIX, userId] })) {
    const id = entry.key[3];
    const op = kv.atomic().delete(entry.key);
    if (typeof id === "string") {
      const row = await kv.get(["orders", id]);
      const order = parseOrder(row.value, id);
      if (order?.userId === userId) {
        op.check(row).set(["orders", id], { ...order, userId: null });
      }
    }
    await op.commit();
  }
}
