/**
 * "Add to cart" as one decision that the reply and the stored cart share:
 * the limits are applied once, to the cart this request sees, so that the
 * session replaying the update on a fresher cart never drops an add the
 * reply already announced.
 *
 * @module
 */
import type { Session } from "../session/session.ts";
import {
  addToCart,
  type CartLine,
  keepSold,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
} from "./cart.ts";
import { cartKey } from "./session_keys.ts";

/** What {@linkcode decideAdd} decided. */
export type AddDecision =
  | {
    added: true;
    /** Units that go in: fewer than asked when the line's maximum cuts them short. */
    quantity: number;
  }
  | {
    added: false;
    /** `full`: no room for another product; `line-max`: the line is at its maximum. */
    reason: "full" | "line-max";
  };

/**
 * Decides whether `qty` of `id` can go into `cart`. Pure.
 *
 * @param cart The cart as this request sees it.
 * @param id The product id.
 * @param qty Units to add (1 or more).
 * @example
 * ```ts
 * decideAdd([], "ceramic-mug", 1); // { added: true, quantity: 1 }
 * ```
 */
export function decideAdd(
  cart: readonly CartLine[],
  id: string,
  qty: number,
): AddDecision {
  const line = cart.find((l) => l.id === id);
  if (line) {
    return line.qty >= MAX_LINE_QUANTITY || qty <= 0
      ? { added: false, reason: "line-max" }
      : { added: true, quantity: Math.min(qty, MAX_LINE_QUANTITY - line.qty) };
  }
  return cart.length >= MAX_CART_LINES
    ? { added: false, reason: "full" }
    : { added: true, quantity: qty };
}

/** The outcome of {@linkcode addToSessionCart}. */
export type AddOutcome = AddDecision & {
  /** The cart as this request will store it (refused: unchanged). */
  cart: CartLine[];
};

/**
 * Adds to the session's cart when the limits allow, and says whether it
 * did. A refused add changes nothing in the session; an accepted one is
 * stored even if a concurrent request saved first: the session replays the
 * logged update (`addToCart` with no line limit) on the fresher cart
 * without deciding again. The price is that adds of distinct products racing on one cart can
 * leave it a few lines over `MAX_CART_LINES` (at most one per racing
 * request); the session's size limit still applies.
 *
 * @param session `ctx.state.session`.
 * @param id A product id of the catalogue.
 * @param qty Units to add (1 or more).
 * @param isSold Whether the catalogue has a product: lines of products no
 *   longer sold leave the cart with this add, and take no place in it.
 * @example
 * ```ts
 * const outcome = addToSessionCart(ctx.state.session, product.id, 1);
 * if (outcome.added) messages.success(ctx, `Added ${outcome.quantity}.`);
 * ```
 */
export function addToSessionCart(
  session: Session,
  id: string,
  qty: number,
  isSold: (id: string) => boolean = () => true,
): AddOutcome {
  const current = keepSold(cartKey.get(session), isSold);
  const decision = decideAdd(current, id, qty);
  if (!decision.added) return { ...decision, cart: current };
  const cart = cartKey.update(
    session,
    (lines) =>
      addToCart(keepSold(lines, isSold), id, qty, { maxLines: Infinity }),
  ) ?? [];
  return { ...decision, cart };
}
