/**
 * Keeps a session's sign-in no longer than its account: a session bound to
 * a user whose record is missing (deleted, by this app or behind its back)
 * is signed out on its next request, before any page sees it as signed in.
 *
 * Costs one KV read per request of a signed-in session, none otherwise.
 *
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import type { State } from "../state.ts";
import { getUser } from "./users.ts";

/**
 * Creates the middleware. Place it after `session()`.
 *
 * @param kv The database the users live in.
 * @example routes/_middleware.ts
 * ```ts
 * export const handler = [session({ kv }), signedInUser(kv), messages()];
 * ```
 */
export function signedInUser(kv: Deno.Kv): MiddlewareHandler<State> {
  return async function signedInUser(
    _req: Request,
    ctx: FreshContext<State>,
  ): Promise<Response> {
    // Absent for static files and assets, which the session skips.
    const userId = ctx.state.session?.userId;
    if (userId !== undefined && !await getUser(kv, userId)) {
      // Not signOut(): that would save a cart for an account that is gone.
      ctx.state.session.logout();
    }
    return await ctx.next();
  };
}
