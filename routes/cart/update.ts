import { formPost } from "../../utils/http/form_post.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import { setQuantity } from "../../utils/shop/cart.ts";
import { readCartInput } from "../../utils/shop/cart_form.ts";
import { getCatalog } from "../../utils/shop/store.ts";
import type { State } from "../../utils/state.ts";
import { cartKey } from "../../utils/shop/session_keys.ts";

/** Sets the quantity of one cart line; 0 removes it. */
export const handler = formPost<State>(async (form, ctx) => {
  const input = readCartInput(form, await getCatalog(), { minQuantity: 0 });
  const session = ctx.state.session;
  if (!input.ok) {
    messages.error(ctx, input.message);
    return seeOther("/cart");
  }
  const { product, quantity } = input;
  if (!cartKey.get(session).some((l) => l.id === product.id)) {
    messages.error(ctx, `${product.name} is not in your cart.`);
    return seeOther("/cart");
  }
  cartKey.update(
    session,
    (lines) => setQuantity(lines, product.id, quantity),
  );
  messages.success(
    ctx,
    quantity === 0
      ? `Removed ${product.name} from your cart.`
      : `Updated ${product.name} to ${quantity}.`,
  );
  return seeOther("/cart");
});
