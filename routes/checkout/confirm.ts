import { field } from "../../utils/http/forms.ts";
import { formPost } from "../../utils/http/form_post.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import { enterReview } from "../../utils/shop/checkout_flow.ts";
import { confirmOrder, isCheckoutPlaced } from "../../utils/shop/services.ts";
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
  if (await isCheckoutPlaced(session, checkoutId)) {
    // A replay of a checkout this session already completed.
    messages.info(ctx, "That order was already placed.");
    return seeOther("/checkout/complete");
  }
  const review = await enterReview(ctx);
  if (review instanceof Response) return review;
  const outcome = await confirmOrder(session, review, {
    checkoutId,
    order: field(form, "order"),
  });
  switch (outcome.kind) {
    case "checkout-changed":
      messages.error(
        ctx,
        "Your checkout changed in another tab. Please review it again.",
      );
      return seeOther("/checkout/review");
    case "order-changed":
      messages.warning(
        ctx,
        outcome.changes.length > 0
          ? `Your order changed after you reviewed it: ${
            outcome.changes.join("; ")
          }. Nothing was placed: please check it and place it again.`
          : "Nothing was placed: please check your order and place it again.",
      );
      return seeOther("/checkout/review");
    case "not-placed":
      messages.error(ctx, "We could not place your order. Please try again.");
      return seeOther("/checkout/review");
    case "placed":
      if (outcome.placedNow) messages.success(ctx, "Order placed.");
      else messages.info(ctx, "That order was already placed.");
      return seeOther("/checkout/complete");
  }
});
