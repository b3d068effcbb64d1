/**
 * The application's `ctx.state`, filled in by middleware, and assertion
 * helpers that narrow it without casts.
 *
 * @example A handler typed with the app state
 * ```ts
 * export const handler: Handlers<unknown, State> = {
 *   POST(_req, ctx) {
 *     ctx.state.session.update<number[]>("cart", (c) => [...c, 1], []);
 *     return new Response(null, { status: 303, headers: { location: "/cart" } });
 *   },
 * };
 * ```
 * @module
 */
import type { PublicPageState } from "./http/public_page_cache.ts";
import type { MessagesMiddlewareState } from "./messages/middleware.ts";
import type { SessionMiddlewareState } from "./session/middleware.ts";
import type { Session } from "./session/session.ts";

/**
 * What middleware puts on `ctx.state`: the slice each middleware of
 * routes/_middleware.ts declares (`session`, `messages`, `publicPage`),
 * plus the app's own fields.
 */
export interface State
  extends PublicPageState, SessionMiddlewareState, MessagesMiddlewareState {
  /**
   * Set by pages whose add-to-cart forms update the header badge without a
   * reload; the header then renders the badge as an island.
   */
  liveCart?: boolean;
}

/** `State` for a request whose session has a signed-in user. */
export interface SignedInState extends State {
  session: Session & { readonly userId: string };
}

/**
 * Asserts that the session middleware ran. Throws a misconfiguration error
 * naming the fix otherwise.
 *
 * @param state `ctx.state`.
 * @example
 * ```ts
 * assertSessionState(ctx.state);
 * ctx.state.session.get("cart");
 * ```
 */
export function assertSessionState(state: unknown): asserts state is State {
  const session = (state as Partial<State> | null)?.session;
  if (typeof session !== "object" || session === null) {
    throw new Error(
      "ctx.state.session is missing: add session({ kv }) from utils/session/mod.ts to routes/_middleware.ts.",
    );
  }
}

/**
 * Tells whether the request's session has a signed-in user.
 *
 * @param state `ctx.state`.
 * @example
 * ```ts
 * if (!isSignedIn(ctx.state)) return redirect("/login");
 * ctx.state.session.userId; // string
 * ```
 */
export function isSignedIn(state: unknown): state is SignedInState {
  assertSessionState(state);
  return typeof state.session.userId === "string";
}
