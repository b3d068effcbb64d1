import type { Handlers } from "$fresh/server.ts";
import { requireUser } from "../../../utils/accounts/guard.ts";
import { seeOther } from "../../../utils/http/redirect.ts";
import * as messages from "../../../utils/messages/mod.ts";
import { revokeOtherUserSessions } from "../../../utils/session/mod.ts";
import type { State } from "../../../utils/state.ts";

const SESSIONS = "/account/sessions";

/** "Sign out everywhere else": ends every session of the user but this one. */
export const handler: Handlers<unknown, State> = {
  async POST(_req, ctx) {
    const state = requireUser(ctx, SESSIONS);
    if (state instanceof Response) return state;
    const count = await revokeOtherUserSessions(state.session);
    if (count === 0) {
      messages.info(ctx, "You were not signed in anywhere else.");
    } else {
      messages.success(
        ctx,
        `Signed out ${count} other ${count === 1 ? "session" : "sessions"}.`,
      );
    }
    return seeOther(SESSIONS);
  },
};
