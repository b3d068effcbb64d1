import type { Handlers } from "$fresh/server.ts";
import { field, readForm } from "../utils/http/forms.ts";
import { seeOther } from "../utils/http/redirect.ts";
import type { State } from "../utils/state.ts";
import { undo } from "../utils/undo.ts";

/**
 * `POST /undo`: the "Undo" button of a removal's banner. Works once, while
 * the banner's message could still be shown; CSRF is checked by the root
 * middleware as for every unsafe request.
 */
export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const form = await readForm(req);
    const { location } = await undo(ctx, field(form, "undo"));
    return seeOther(location);
  },
};
