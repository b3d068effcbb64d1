/**
 * The shop's order services of the running app, bound to its KV handle,
 * so that routes call them without touching the handle.
 *
 * @module
 */
import { kv } from "../kv/db.ts";
import type { Session } from "../session/mod.ts";
import type { ReviewContext } from "./checkout_flow.ts";
import {
  completeOrder,
  type Confirmation,
  isPlacedCheckout,
  lastPlacedOrder,
  type OrderCompletion,
} from "./order_completion.ts";
import { getUserOrder, listUserOrders, type Order } from "./orders.ts";

/** {@linkcode completeOrder} on the app's KV. */
export function confirmOrder(
  session: Session,
  review: Pick<ReviewContext, "checkout" | "draft">,
  confirmation: Confirmation,
): Promise<OrderCompletion> {
  return completeOrder(kv, session, review, confirmation);
}

/** {@linkcode isPlacedCheckout} on the app's KV. */
export function isCheckoutPlaced(
  session: Session,
  checkoutId: string,
): Promise<boolean> {
  return isPlacedCheckout(kv, session, checkoutId);
}

/** {@linkcode lastPlacedOrder} on the app's KV. */
export function lastOrder(session: Session): Promise<Order | null> {
  return lastPlacedOrder(kv, session);
}

/** The user's orders, newest first ({@linkcode listUserOrders}). */
export function userOrders(userId: string): Promise<Order[]> {
  return listUserOrders(kv, userId);
}

/** One of the user's orders, or null for anyone else's ({@linkcode getUserOrder}). */
export function userOrder(userId: string, id: string): Promise<Order | null> {
  return getUserOrder(kv, userId, id);
}
