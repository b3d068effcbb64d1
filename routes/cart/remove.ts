import { field } from "../../utils/http/forms.ts";
import { formPost } from "../../utils/http/form_post.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import { removeFromCart } from "../../utils/shop/cart.ts";
import { getCatalog } from "../../utils/shop/store.ts";
import type { State } from "../../utils/state.ts";
import { undoCartRemoval } from "../../utils/undo.ts";
import { cartKey } from "../../utils/shop/session_keys.ts";

/** Removes one line from the cart. */
export const handler = formPost<State>(async (form, ctx) => {
  const product = (await getCatalog()).get(field(form, "product_id"));
  const session = ctx.state.session;
  const line = product &&
    cartKey.get(session).find((l) => l.id === product.id);
  if (!product || !line) {
    messages.error(ctx, "That product is not in your cart.");
    return seeOther("/cart");
  }
  cartKey.update(session, (lines) => removeFromCart(lines, product.id));
  messages.success(ctx, `Removed ${product.name} from your cart.`, {
    action: undoCartRemoval(ctx, [line]),
  });
  return seeOther("/cart");
});
