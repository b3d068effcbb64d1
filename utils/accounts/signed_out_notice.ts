/**
 * Tells a browser that its sign-in ended elsewhere: a page requested with a
 * session cookie that matches no live session, from a browser that signed
 * in to an account before (it carries a trusted-device cookie), shows
 * "You were signed out…". Once: the response deletes the dead cookie. The
 * notice is shown on that page only, so it writes nothing; a stranger's
 * stale or forged cookie gets no notice.
 *
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import * as messages from "../messages/mod.ts";
import { mayShowMessages } from "../messages/rules.ts";
import type { State } from "../state.ts";
import { requestDeviceToken } from "./services.ts";

/** The notice's text. */
export const SIGNED_OUT_NOTICE =
  "You were signed out on this browser. Sign in again to continue.";

/** Creates the middleware. Place it after `messages()`. */
export function signedOutNotice(): MiddlewareHandler<State> {
  return function signedOutNotice(
    req: Request,
    ctx: FreshContext<State>,
  ): Promise<Response> {
    const session = ctx.state.session;
    if (
      session?.staleCookie && ctx.state.messages &&
      ctx.destination === "route" && mayShowMessages(req) &&
      requestDeviceToken(req) !== undefined
    ) {
      messages.info(ctx, SIGNED_OUT_NOTICE, { now: true });
      // Drops the dead cookie (the response deletes it; nothing is stored),
      // so the notice shows once.
      session.flush();
    }
    return ctx.next();
  };
}
