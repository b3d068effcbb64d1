import type { Handlers } from "$fresh/server.ts";
import { requireUser } from "../../../utils/accounts/guard.ts";
import { signOutUser } from "../../../utils/accounts/services.ts";
import { field, readForm } from "../../../utils/http/forms.ts";
import { seeOther } from "../../../utils/http/redirect.ts";
import * as messages from "../../../utils/messages/mod.ts";
import { parkUserSession } from "../../../utils/session/mod.ts";
import type { State } from "../../../utils/state.ts";
import { undoSessionRevocation } from "../../../utils/undo.ts";

const SESSIONS = "/account/sessions";

/**
 * Ends one of the user's sessions, named by its public `ref`. Ending the
 * current one signs out here; a ref that is unknown or another user's
 * changes nothing.
 */
export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const form = await readForm(req);
    const state = requireUser(ctx, SESSIONS);
    if (state instanceof Response) return state;
    const ref = field(form, "ref");
    if (ref !== "" && ref === state.session.ref) {
      await signOutUser(state.session);
      messages.success(ctx, "You have been signed out.");
      return seeOther("/");
    }
    const parked = await parkUserSession(state.session, ref);
    if (parked) {
      messages.success(ctx, "That session has been signed out.", {
        action: await undoSessionRevocation(ctx, parked),
      });
    } else {
      messages.error(
        ctx,
        "That session was not found. It may have ended already.",
      );
    }
    return seeOther(SESSIONS);
  },
};
