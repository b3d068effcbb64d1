import type { Handlers } from "$fresh/server.ts";
import { readForm } from "../../utils/http/forms.ts";
import { field } from "../../utils/http/forms.ts";
import { safeNext, seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import {
  cartCount,
  keepSold,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
} from "../../utils/shop/cart.ts";
import { addToSessionCart } from "../../utils/shop/cart_add.ts";
import { backTo, readCartInput } from "../../utils/shop/cart_form.ts";
import { getCatalog } from "../../utils/shop/store.ts";
import type { State } from "../../utils/state.ts";
import { cartKey } from "../../utils/shop/session_keys.ts";

/** "Added 2 × Mug to your cart.", saying so when the line's maximum cut it short. */
function addedMessage(name: string, asked: number, added: number): string {
  return added < asked
    ? `Added ${added} × ${name} to your cart (${MAX_LINE_QUANTITY} is the most one order can hold).`
    : `Added ${added} × ${name} to your cart.`;
}

/**
 * Adds a product to the cart, the classic session example: the cart is read
 * from the session, the product appended and the cart stored back; through
 * `session.update` so that two quick clicks never lose one. The reply
 * says what was stored: "Added …" only when the add went in.
 */
export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const form = await readForm(req);
    const catalog = await getCatalog();
    const isSold = (id: string) => catalog.get(id) !== undefined;
    const input = readCartInput(form, catalog);
    const session = ctx.state.session;
    const json = messages.prefersJson(req);
    if (!input.ok) {
      messages.error(ctx, input.message);
      return json
        ? messages.messagesJson(ctx, {
          // The header's count (components/SiteHeader.tsx), which leaves
          // out products no longer sold.
          cartCount: cartCount(keepSold(cartKey.get(session), isSold)),
        }, { status: 422 })
        : seeOther(backTo(req, form));
    }
    const { product, quantity } = input;
    // One decision for the reply and the stored cart: a refused add writes
    // nothing, an announced one is stored even if replayed (cart_add.ts).
    const outcome = addToSessionCart(
      session,
      product.id,
      quantity,
      isSold,
    );
    const cart = outcome.cart;
    if (!outcome.added) {
      messages.error(
        ctx,
        outcome.reason === "full"
          ? `Your cart already holds ${MAX_CART_LINES} different products. Remove one to add another.`
          : `Your cart already holds the most of ${product.name} we can take (${MAX_LINE_QUANTITY}).`,
      );
      return json
        ? messages.messagesJson(ctx, { cartCount: cartCount(cart) }, {
          status: 422,
        })
        : seeOther(backTo(req, form));
    }
    messages.success(
      ctx,
      addedMessage(product.name, quantity, outcome.quantity),
    );
    if (json) {
      return messages.messagesJson(ctx, { cartCount: cartCount(cart) });
    }
    return seeOther(safeNext(field(form, "next"), "/cart"));
  },
};
