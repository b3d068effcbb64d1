import type { Handlers } from "$fresh/server.ts";
import { kv } from "../../utils/db.ts";
import { field, readForm } from "../../utils/http/forms.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import {
  CART_KEY,
  type CartLine,
  subtractLines,
  toCart,
} from "../../utils/shop/cart.ts";
import { CHECKOUT_KEY, SHIPPING } from "../../utils/shop/checkout.ts";
import { enterStep } from "../../utils/shop/checkout_flow.ts";
import { LAST_ORDER_KEY, placeOrder } from "../../utils/shop/orders.ts";
import type { State } from "../../utils/state.ts";

/**
 * Places the order: stores it in KV, empties the cart and forgets the
 * checkout. A second submit of the same checkout places nothing.
 */
export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const form = await readForm(req);
    const step = await enterStep(ctx, "review");
    if (step instanceof Response) return step;
    const { checkout, lines, totalCents } = step;
    if (field(form, "checkout_id") !== checkout.id) {
      messages.error(
        ctx,
        "Your checkout changed in another tab. Please review it again.",
      );
      return seeOther("/checkout/review");
    }
    const shipping = SHIPPING[checkout.shipping!];
    const placed = await placeOrder(kv, checkout.id, {
      userId: ctx.state.session.userId ?? null,
      lines,
      address: checkout.address!,
      shipping: checkout.shipping!,
      shippingCents: shipping.priceCents,
      totalCents: totalCents + shipping.priceCents,
    });
    const session = ctx.state.session;
    if (!placed) {
      messages.error(ctx, "We could not place your order. Please try again.");
      return seeOther("/checkout/review");
    }
    const { order, placedNow } = placed;
    if (!placedNow && session.get(LAST_ORDER_KEY) === order.id) {
      // A double submit of a checkout this session already completed.
      messages.info(ctx, "That order was already placed.");
      return seeOther("/checkout/complete");
    }
    // Reached on the first submit, and also when an earlier submit stored
    // the order but failed to save the session: finish that job now.
    const ordered = order.lines.map(({ id, qty }) => ({ id, qty }));
    session.update<CartLine[]>(
      CART_KEY,
      (cart) => subtractLines(toCart(cart), ordered),
      [],
    );
    session.delete(CHECKOUT_KEY);
    session.set(LAST_ORDER_KEY, order.id);
    messages.success(ctx, "Order placed.");
    return seeOther("/checkout/complete");
  },
};
