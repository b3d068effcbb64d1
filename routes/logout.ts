import type { Handlers } from "$fresh/server.ts";
import { signOutUser } from "../utils/accounts/services.ts";
import { seeOther } from "../utils/http/redirect.ts";
import * as messages from "../utils/messages/mod.ts";
import type { State } from "../utils/state.ts";

/**
 * Sign out: the cart is saved for the next sign-in, the session flushed
 * (its record deleted, the cookie expired), and the message goes into the
 * fresh session that follows. POST only, so no link or image can sign
 * anyone out.
 */
export const handler: Handlers<unknown, State> = {
  async POST(_req, ctx) {
    await signOutUser(ctx.state.session);
    messages.success(ctx, "You have been signed out.");
    return seeOther("/");
  },
};
