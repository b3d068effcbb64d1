/**
 * The Fresh middleware: puts a {@linkcode MessageStorage} on
 * `ctx.state.messages` before handlers run, and after the response is
 * known consumes what it showed (see `storage.ts` and `rules.ts`). It acts
 * on requests routed to a page or handler and on unknown URLs (the 404
 * page, which shows no pending message: its session is not saved), not on
 * static files, and must come after `session()`, whose session it uses.
 *
 * @example routes/_middleware.ts
 * ```ts
 * export const handler = [session({ kv }), messages()];
 * ```
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import type { SessionMiddlewareState } from "../session/mod.ts";
import { claimOf } from "./claims.ts";
import { type MessagesOptions, resolveMessagesOptions } from "./options.ts";
import { mayShowMessages } from "./rules.ts";
import { MessageStorage } from "./storage.ts";
import { withMutableHeaders } from "../mutable_headers.ts";

/**
 * The slice of `ctx.state` this middleware provides. It reads the slice of
 * `session()`, which must run first.
 */
export interface MessagesMiddlewareState {
  /**
   * This request's flash messages, stored in the session under
   * `_messages`. Use the functions of `utils/messages/mod.ts` rather than
   * this object.
   */
  messages: MessageStorage;
}

/** The part of the Fresh context this middleware uses. */
export type MessagesContext<
  S extends SessionMiddlewareState & MessagesMiddlewareState =
    & SessionMiddlewareState
    & MessagesMiddlewareState,
> = Pick<FreshContext<S>, "destination" | "state" | "next">;

/**
 * Creates the messages middleware. Options are validated here, at startup.
 *
 * @param options Minimum level, custom level tags, cap, TTL, clock, logger.
 * @example
 * ```ts
 * messages({ levelTags: { 35: "notice" }, ttl: 5 * 60 });
 * ```
 */
export function messages<
  S extends SessionMiddlewareState & MessagesMiddlewareState =
    & SessionMiddlewareState
    & MessagesMiddlewareState,
>(
  options: MessagesOptions = {},
): MiddlewareHandler<S> {
  const resolved = resolveMessagesOptions(options);

  return async function messages(
    req: Request,
    ctx: MessagesContext<S>,
  ): Promise<Response> {
    // Unknown URLs too, so handlers and _app find ctx.state.messages; their
    // session is never saved, so the 404 page shows none.
    if (ctx.destination !== "route" && ctx.destination !== "notFound") {
      return ctx.next();
    }
    // Typed as always there, but only session() puts it there.
    const session: unknown = ctx.state.session;
    if (typeof session !== "object" || session === null) {
      throw new Error(
        "The messages middleware needs ctx.state.session: put session({ kv }) from utils/session/mod.ts before messages() in routes/_middleware.ts.",
      );
    }
    const storage = new MessageStorage(ctx.state.session, resolved, {
      show: ctx.destination === "route" && mayShowMessages(req),
      claim: claimOf(req.url),
    });
    ctx.state.messages = storage;
    let res: Response;
    try {
      // finish() may set Cache-Control or Location, and upstream Fresh
      // passes a route's `Response.redirect()` on as it is.
      res = withMutableHeaders(await ctx.next());
    } catch (error) {
      // The error page renders after this unwinds, with no session save.
      storage.close();
      throw error;
    }
    storage.finish(req, res);
    return res;
  };
}
