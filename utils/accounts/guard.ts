/**
 * Pages and actions for signed-in users only. {@linkcode requireUser}
 * either narrows `ctx.state` to `SignedInState` or answers with a redirect
 * to the login page that comes back afterwards.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { seeOther } from "../http/redirect.ts";
import { isSignedIn, type SignedInState, type State } from "../state.ts";

/**
 * The login page's URL with a `next` to return to. Slashes stay readable
 * (`/login?next=/account/sessions`); everything else is encoded.
 *
 * @param next A same-site path.
 */
export function loginUrl(next: string): string {
  return `/login?next=${encodeURIComponent(next).replaceAll("%2F", "/")}`;
}

/** What the login page says to a visitor a guard sent there. */
export const SIGN_IN_FIRST = "Please sign in first.";

/**
 * Returns the signed-in state, or for anonymous visitors a 303 to the
 * login page, which says "Please sign in first." because of its `next`.
 * Nothing is stored: a redirect to sign in writes no session.
 *
 * @param ctx The handler's context.
 * @param next Where to come back after signing in; the current page by
 *   default. Pass the page a form lives on for POST handlers.
 * @example
 * ```ts
 * const state = requireUser(ctx);
 * if (state instanceof Response) return state;
 * state.session.userId; // string
 * ```
 */
export function requireUser<S extends State, D>(
  ctx: FreshContext<S, D>,
  next: string = ctx.url.pathname + ctx.url.search,
): (S & SignedInState) | Response {
  const state = ctx.state;
  if (isSignedIn(state)) return state;
  return seeOther(loginUrl(next));
}
