import type { Handlers } from "$fresh/server.ts";
import { signOut } from "../utils/accounts/sign_in.ts";
import { kv } from "../utils/kv/db.ts";
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
    await signOut(kv, ctx.state.session);
    messages.success(ctx, "You have been signed out.");
    return seeOther("/");
  },
};
