/**
 * Order completion: placing the order a shopper reviewed, and only that,
 * then closing the checkout in the session. Framework-free: it takes the
 * KV handle and the session, so that it is tested without HTTP.
 *
 * @module
 */
import type { Session } from "../session/mod.ts";
import { completeCheckout, type ReviewContext } from "./checkout_flow.ts";
import { decodeDraft, describeChanges, encodeDraft } from "./order_draft.ts";
import { getOrder, LAST_ORDER_KEY, type Order, placeOrder } from "./orders.ts";

/** What the shopper posted from the review page. */
export interface Confirmation {
  /** The checkout the review page showed. */
  checkoutId: string;
  /** The order as the review page rendered it (`encodeDraft`). */
  order: string;
}

/** What confirming a reviewed checkout came to. */
export type OrderCompletion =
  /** Placed now, or by an earlier submit of the same checkout (`placedNow` false). */
  | { kind: "placed"; order: Order; placedNow: boolean }
  /** The session's checkout is another one than the review showed (another tab). */
  | { kind: "checkout-changed" }
  /** The cart, prices, delivery or address now give another order; `changes` says how. */
  | { kind: "order-changed"; changes: string[] }
  /** The order could not be stored. */
  | { kind: "not-placed" };

/** The order this session placed last, the one the "thank you" page shows. */
export async function lastPlacedOrder(
  kv: Deno.Kv,
  session: Session,
): Promise<Order | null> {
  const id = session.get(LAST_ORDER_KEY);
  return typeof id === "string" ? await getOrder(kv, id) : null;
}

/**
 * Whether `checkoutId` is the checkout whose order this session placed
 * last: a replayed confirmation, which places nothing.
 */
export async function isPlacedCheckout(
  kv: Deno.Kv,
  session: Session,
  checkoutId: string,
): Promise<boolean> {
  const lastOrder = await lastPlacedOrder(kv, session);
  return lastOrder !== null && lastOrder.checkoutId === checkoutId;
}

/**
 * Places the order `confirmation` carries if it is still the one `review`
 * gives, once per checkout, and closes the checkout in `session`.
 *
 * @param review The session's checkout and the order it gives now
 *   (`enterReview`).
 */
export async function completeOrder(
  kv: Deno.Kv,
  session: Session,
  review: Pick<ReviewContext, "checkout" | "draft">,
  confirmation: Confirmation,
): Promise<OrderCompletion> {
  const { checkout, draft } = review;
  if (confirmation.checkoutId !== checkout.id) {
    return { kind: "checkout-changed" };
  }
  const reviewed = decodeDraft(confirmation.order);
  if (!reviewed || encodeDraft(reviewed) !== encodeDraft(draft)) {
    const changes = reviewed ? describeChanges(reviewed, draft) : [];
    return { kind: "order-changed", changes };
  }
  const placed = await placeOrder(kv, checkout.id, {
    ...draft,
    userId: session.userId ?? null,
  });
  if (!placed) return { kind: "not-placed" };
  // Also run when an earlier submit stored the order but its session
  // save failed, or is racing this one: the checkout closes once.
  completeCheckout(session, placed.order);
  return { kind: "placed", ...placed };
}
