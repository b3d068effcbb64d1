/**
 * Where each checkout step may be reached from: with an empty cart the
 * visitor goes back to the cart (with no session written for a visitor
 * who has none), and a step whose earlier step is missing,
 * or whose stored value no longer passes validation, sends them to that
 * step, each with a message saying why. Every step re-reads and re-checks
 * the session, so nothing a step stored earlier is trusted blindly.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { seeOther } from "../http/redirect.ts";
import * as messages from "../messages/mod.ts";
import type { Session } from "../session/mod.ts";
import type { State } from "../state.ts";
import {
  CART_KEY,
  priceCart,
  type PricedLine,
  subtractLines,
  toCart,
} from "./cart.ts";
import { CHECKOUT_KEY, type CheckoutState, readCheckout } from "./checkout.ts";
import { draftOrder, type OrderDraft } from "./order_draft.ts";
import { LAST_ORDER_KEY, type Order } from "./orders.ts";
import { getCatalog } from "./store.ts";

/** What every step needs: the priced cart and the checkout so far. */
export interface CheckoutContext {
  lines: PricedLine[];
  totalCents: number;
  checkout: CheckoutState;
}

/** What the review step and the confirmation need: the order to place. */
export interface ReviewContext extends CheckoutContext {
  draft: OrderDraft;
}

type Step = "address" | "shipping" | "review";

/**
 * Loads the cart and checkout for `step`, or returns the redirect that the
 * visitor needs instead.
 */
export async function enterStep(
  ctx: FreshContext<State>,
  step: Step,
): Promise<CheckoutContext | Response> {
  const catalog = await getCatalog();
  const session = ctx.state.session;
  const { lines, totalCents } = priceCart(
    toCart(session.get(CART_KEY)),
    (id) => catalog.get(id),
  );
  if (lines.length === 0) {
    // A visitor without a session sees the empty cart page, which says
    // so; a warning would start a session just to say it.
    if (!session.isNew) {
      messages.warning(
        ctx,
        "Your cart is empty. Add something before checking out.",
      );
    }
    return seeOther("/cart");
  }
  const { checkout, invalid } = readCheckout(session.get(CHECKOUT_KEY));
  if (step !== "address" && !checkout.address) {
    if (invalid.includes("address")) {
      messages.warning(
        ctx,
        "We could not use the delivery address we had. Please enter it again.",
      );
    } else messages.info(ctx, "Please enter your delivery address first.");
    return seeOther("/checkout/address");
  }
  if (step === "review" && !checkout.shipping) {
    if (invalid.includes("shipping")) {
      messages.warning(
        ctx,
        "The delivery option you chose is no longer offered. Please choose another.",
      );
    } else messages.info(ctx, "Please choose a delivery option first.");
    return seeOther("/checkout/shipping");
  }
  return { lines, totalCents, checkout };
}

/**
 * {@linkcode enterStep} for the review step, with the order draft built
 * from the checked cart, address and delivery.
 */
export async function enterReview(
  ctx: FreshContext<State>,
): Promise<ReviewContext | Response> {
  const step = await enterStep(ctx, "review");
  if (step instanceof Response) return step;
  const { address, shipping } = step.checkout;
  // enterStep sent the visitor back to the step that collects either.
  if (!address || !shipping) return seeOther("/checkout/address");
  return { ...step, draft: draftOrder(step.lines, address, shipping) };
}

/**
 * Closes the checkout that `order` completed, in one step of the session:
 * if the session still holds that checkout, it is forgotten, the ordered
 * lines leave the cart and the order becomes the one the "thank you" page
 * shows. If it was already closed (a racing or repeated confirmation that
 * saved first), nothing changes, so the lines leave the cart once; lines
 * that another tab added stay.
 */
export function completeCheckout(session: Session, order: Order): void {
  const ordered = order.lines.map(({ id, qty }) => ({ id, qty }));
  session.updateMany(
    [CHECKOUT_KEY, CART_KEY, LAST_ORDER_KEY],
    (current) => {
      const open = readCheckout(current[CHECKOUT_KEY]).checkout;
      if (open.id !== order.checkoutId) return {};
      return {
        [CHECKOUT_KEY]: undefined,
        [CART_KEY]: subtractLines(toCart(current[CART_KEY]), ordered),
        [LAST_ORDER_KEY]: order.id,
      };
    },
  );
}
