import { kv } from "../../utils/kv/db.ts";
import { field } from "../../utils/http/forms.ts";
import { formPost } from "../../utils/http/form_post.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import {
  completeCheckout,
  enterReview,
} from "../../utils/shop/checkout_flow.ts";
import {
  decodeDraft,
  describeChanges,
  encodeDraft,
} from "../../utils/shop/order_draft.ts";
import {
  getOrder,
  LAST_ORDER_KEY,
  placeOrder,
} from "../../utils/shop/orders.ts";
import type { State } from "../../utils/state.ts";

/**
 * Places the order the review page showed, and only that: the form carries
 * the order as rendered, and if the session's cart, prices, delivery or
 * address now give a different one, nothing is placed and the shopper goes
 * back to the review with a message saying what changed. A second submit
 * of the same checkout places nothing.
 */
export const handler = formPost<State>(async (form, ctx) => {
  const checkoutId = field(form, "checkout_id");
  const session = ctx.state.session;
  const last = session.get(LAST_ORDER_KEY);
  const lastOrder = typeof last === "string" ? await getOrder(kv, last) : null;
  if (lastOrder && lastOrder.checkoutId === checkoutId) {
    // A replay of a checkout this session already completed.
    messages.info(ctx, "That order was already placed.");
    return seeOther("/checkout/complete");
  }
  const step = await enterReview(ctx);
  if (step instanceof Response) return step;
  const { checkout, draft } = step;
  if (checkoutId !== checkout.id) {
    messages.error(
      ctx,
      "Your checkout changed in another tab. Please review it again.",
    );
    return seeOther("/checkout/review");
  }
  const reviewed = decodeDraft(field(form, "order"));
  if (!reviewed || encodeDraft(reviewed) !== encodeDraft(draft)) {
    const changes = reviewed ? describeChanges(reviewed, draft) : [];
    messages.warning(
      ctx,
      changes.length > 0
        ? `Your order changed after you reviewed it: ${
          changes.join("; ")
        }. Nothing was placed: please check it and place it again.`
        : "Nothing was placed: please check your order and place it again.",
    );
    return seeOther("/checkout/review");
  }
  const placed = await placeOrder(kv, checkout.id, {
    ...draft,
    userId: session.userId ?? null,
  });
  if (!placed) {
    messages.error(ctx, "We could not place your order. Please try again.");
    return seeOther("/checkout/review");
  }
  const { order, placedNow } = placed;
  // Also run when an earlier submit stored the order but its session
  // save failed, or is racing this one: the checkout closes once.
  completeCheckout(session, order);
  if (placedNow) messages.success(ctx, "Order placed.");
  else messages.info(ctx, "That order was already placed.");
  return seeOther("/checkout/complete");
});
