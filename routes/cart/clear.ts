import type { Handlers } from "$fresh/server.ts";
import { readForm } from "../../utils/http/forms.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import { cartKey } from "../../utils/shop/session_keys.ts";
import type { State } from "../../utils/state.ts";
import { undoCartRemoval } from "../../utils/undo.ts";

/** Empties the cart. */
export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    await readForm(req);
    const session = ctx.state.session;
    const lines = cartKey.get(session);
    if (lines.length === 0) {
      messages.info(ctx, "Your cart is already empty.");
      return seeOther("/cart");
    }
    cartKey.delete(session);
    messages.success(ctx, "Your cart is now empty.", {
      action: undoCartRemoval(ctx, lines),
    });
    return seeOther("/cart");
  },
};
